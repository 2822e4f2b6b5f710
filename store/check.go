package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// ErrCorrupt is what a damaged data file looks like to the officer: what
// happened and what to do next.
func errCorrupt(path string, cause error) error {
	return &motcua.Error{Code: motcua.EINTERNAL, Reason: "store_corrupt",
		VI: fmt.Sprintf("Tệp dữ liệu %s bị hỏng (%v). Đừng xóa tệp. Chạy “motcua check” để kiểm tra, rồi “motcua restore” để khôi phục từ bản sao lưu gần nhất; hồ sơ đã đồng bộ sẽ được tải lại từ máy chủ.", path, cause),
		EN: fmt.Sprintf("The data file %s is damaged (%v). Do not delete it. Run “motcua check”, then “motcua restore” to restore the latest backup; synced dossiers are pulled again from the server.", path, cause)}
}

// IsCorrupt reports whether err says the data file is damaged.
func IsCorrupt(err error) bool { return motcua.ErrorReason(err) == "store_corrupt" }

// Verify checks a data file that is not open elsewhere with CheckIntegrity
// (bbolt's own page check, then the store's invariants). bbolt can panic
// on a damaged page; the panic is turned into a "damaged file" error, never shown as a stack trace.
func Verify(path string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errCorrupt(path, fmt.Errorf("%v", r))
		}
	}()
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return ErrNoData(path)
	} else if err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return motcua.Errorf(motcua.ELOCKED, "store_locked", "", "motcua đang mở ở cửa sổ khác: hãy đóng nó trước khi kiểm tra.",
			"motcua is open in another window: close it before checking.")
	case err != nil:
		return errCorrupt(path, err)
	}
	defer db.Close()
	s := &Store{db: db, path: path, Now: time.Now}
	if err := s.CheckIntegrity(); err != nil {
		return errCorrupt(path, err)
	}
	return nil
}

// Restore replaces the data file at path with a verified backup. The damaged
// file is kept beside it (renamed), never deleted: it may still hold ops
// that were not synced, for an administrator to recover.
func Restore(backup, path string) (keptAs string, err error) {
	if err := Verify(backup); err != nil {
		return "", fmt.Errorf("backup %s is not usable: %w", backup, err)
	}
	var salvaged map[string]uint64
	if _, err := os.Stat(path); err == nil {
		salvaged = salvageCounters(path)
		keptAs = fmt.Sprintf("%s.broken-%s", path, time.Now().Format("20060102-150405"))
		if err := os.Rename(path, keptAs); err != nil {
			return "", fmt.Errorf("set aside %s: %w", path, err)
		}
	}
	if err := copyFile(backup, path); err != nil {
		return keptAs, err
	}
	return keptAs, guardCounters(path, salvaged)
}

// RestoredGap is how many numbers of today's lane a restored terminal skips
// when the damaged file's counters cannot be read: codes issued after the
// backup exist only there and on citizens' receipts, and must never be
// issued again. A commune counter receives far fewer in a day.
const RestoredGap = 300

// salvageCounters reads the code counters of a damaged file, if its pages
// allow; nil when they do not.
func salvageCounters(path string) (out map[string]uint64) {
	defer func() {
		if recover() != nil {
			out = nil
		}
	}()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		return nil
	}
	defer db.Close()
	out = map[string]uint64{}
	err = db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bCodes)
		if b == nil {
			return fmt.Errorf("no codes bucket")
		}
		return b.ForEach(func(k, v []byte) error {
			if len(v) == 8 {
				out[string(k)] = boltkv.Be64(v)
			}
			return nil
		})
	})
	if err != nil {
		return nil
	}
	return out
}

// guardCounters makes sure the restored file can never issue a number the
// damaged one issued after the backup: the counters are raised to the
// damaged file's when they could be read; otherwise an enrolled terminal's
// lane is expired (no code until the server gives it a new identity and a
// new lane), and a standalone terminal skips RestoredGap numbers today.
func guardCounters(path string, salvaged map[string]uint64) error {
	s, err := Open(path)
	if err != nil {
		return err
	}
	defer s.Close()
	return s.db.Update(func(tx *bolt.Tx) error {
		codes, meta := tx.Bucket(bCodes), tx.Bucket(bMeta)
		if salvaged != nil {
			for k, n := range salvaged {
				if n > boltkv.GetU64(codes, []byte(k)) {
					if err := boltkv.PutU64(codes, []byte(k), n); err != nil {
						return err
					}
				}
			}
			return nil
		}
		var info motcua.TerminalInfo
		if err := boltkv.GetJSON(meta, kTerminal, &info); err != nil {
			return err
		}
		lane := motcua.StandaloneLane()
		if err := boltkv.GetJSON(meta, kLane, &lane); err != nil {
			return err
		}
		if info.Enrolled() {
			lane.ExpiresAt = s.Now()
			return boltkv.PutJSON(meta, kLane, lane)
		}
		day := append([]byte(s.correctedNow(meta).In(motcua.VNZone).Format("060102")), byte(lane.First>>8), byte(lane.First))
		n := max(boltkv.GetU64(codes, day), uint64(lane.First-1)) + RestoredGap
		return boltkv.PutU64(codes, day, n)
	})
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return fmt.Errorf("restore from %s: %w", from, err)
	}
	defer in.Close()
	tmp := to + ".tmp"
	out, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("restore to %s: %w", to, err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(tmp)
		return fmt.Errorf("restore to %s: %w", to, err)
	}
	if err := out.Sync(); err != nil {
		out.Close()
		os.Remove(tmp)
		return fmt.Errorf("restore to %s: %w", to, err)
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, to)
}
