package central

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	"github.com/motcua/motcua/internal/kv"
)

// The restore hold (docs/DESIGN.md §4, RELIABILITY.md bug 2). After the
// server's file is put back from a backup, terminals re-push what they sent
// since, in any order: for RestoreHold an op on a record the file lacks
// waits (answer "held") for the terminal that created the record, instead
// of being refused. Only the admin's restore (`motcua-server restore`,
// Restore below) opens the hold; the admin can end it early. A terminal
// that merely claims acknowledgements the server lacks changes nothing for
// anyone else: it is answered on its own (ahead_of_server, sync.go).
//
// meta keys:
//
//	restore_at          i64  when the admin last restored this file (ns)
//	restore_hold_until  i64  ops on missing records wait until then (ns)
//
// The key restored_at, written by earlier versions whenever any terminal
// was ahead, is ignored.

var (
	kRestoreAt        = []byte("restore_at")
	kRestoreHoldUntil = []byte("restore_hold_until")
)

// RestoreWindow is how long after the admin's restore a terminal ahead of
// the server is answered with a re-push (its copy reset) rather than
// ahead_of_server: terminals keep their acknowledged ops that long.
const RestoreWindow = 30 * 24 * time.Hour

func nsTime(v uint64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.Unix(0, int64(v))
}

func readRestoreState(tx kv.Tx, now time.Time) motcua.RestoreState {
	meta := tx.Bucket(bMeta)
	st := motcua.RestoreState{RestoredAt: nsTime(boltkv.GetU64(meta, kRestoreAt))}
	if until := nsTime(boltkv.GetU64(meta, kRestoreHoldUntil)); now.Before(until) {
		st.HoldUntil = until
	}
	return st
}

// RestoreState says when the admin last restored the file and until when
// the hold lasts (zero: none open).
func (c *Store) RestoreState() (motcua.RestoreState, error) {
	var st motcua.RestoreState
	err := c.db.View(func(tx kv.Tx) error {
		st = readRestoreState(tx, c.Now())
		return nil
	})
	return st, err
}

// BeginRestoreHold records that the admin restored this file now and opens
// the hold for RestoreHold.
func (c *Store) BeginRestoreHold() (motcua.RestoreState, error) {
	now := c.Now()
	return c.writeRestore(func(meta kv.Bucket) error {
		if err := boltkv.PutU64(meta, kRestoreAt, uint64(now.UnixNano())); err != nil {
			return err
		}
		return boltkv.PutU64(meta, kRestoreHoldUntil, uint64(now.Add(RestoreHold).UnixNano()))
	})
}

// EndRestoreHold ends the hold now (every terminal has re-pushed, or one
// never will): held ops are decided at their next sync.
func (c *Store) EndRestoreHold() (motcua.RestoreState, error) {
	return c.writeRestore(func(meta kv.Bucket) error { return meta.Delete(kRestoreHoldUntil) })
}

func (c *Store) writeRestore(fn func(kv.Bucket) error) (motcua.RestoreState, error) {
	var st motcua.RestoreState
	err := c.db.Update(func(tx kv.Tx) error {
		if err := fn(tx.Bucket(bMeta)); err != nil {
			return err
		}
		st = readRestoreState(tx, c.Now())
		return nil
	})
	return st, err
}

// holdUntil is the end of the open hold, zero when none is.
func holdUntil(tx kv.Tx, now time.Time) time.Time {
	return readRestoreState(tx, now).HoldUntil
}

// restoredLately reports an admin's restore of this file within
// RestoreWindow.
func restoredLately(tx kv.Tx, now time.Time) bool {
	at := nsTime(boltkv.GetU64(tx.Bucket(bMeta), kRestoreAt))
	return !at.IsZero() && now.Sub(at) < RestoreWindow
}

// Restore puts backup in place of the central file at path, with the server
// stopped: the file there is kept aside (returned: path.replaced-DATE-TIME),
// the backup is checked to be a central file, copied beside path and renamed
// into place, and the restore hold is opened in it. now names the kept file.
func Restore(backup, path string, now time.Time) (aside string, st motcua.RestoreState, err error) {
	check, err := OpenReadOnly(backup)
	if err != nil {
		return "", st, motcua.Errorf(motcua.EINVALID, "backup_invalid", "from",
			"Tệp %s không phải bản sao lưu dữ liệu máy chủ: %v.", "%s is not a backup of the server's data: %v.", backup, err)
	}
	check.Close()
	tmp := path + ".restoring"
	if err := copyPlain(backup, tmp); err != nil {
		return "", st, err
	}
	if _, err := os.Stat(path); err == nil {
		aside = path + ".replaced-" + now.In(motcua.VNZone).Format("20060102-150405")
		if err := os.Rename(path, aside); err != nil {
			os.Remove(tmp)
			return "", st, err
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		return aside, st, err
	}
	c, err := Open(path)
	if err != nil {
		return aside, st, err
	}
	defer c.Close()
	c.Now = func() time.Time { return now }
	st, err = c.BeginRestoreHold()
	return aside, st, err
}

func copyPlain(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("copy %s: %w", from, err)
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// errAheadOfServer answers a terminal that claims acknowledgements this
// file does not hold, when the admin has not restored it from a backup.
func errAheadOfServer(acked, last uint64) error {
	e := motcua.Errorf(motcua.ECONFLICT, motcua.ErrAheadOfServer, "acked_seq",
		"Máy chủ không có các thao tác mà máy này ghi là đã được nhận (đến số %d; máy chủ có đến số %d). Hoặc máy chủ vừa được khôi phục từ bản sao lưu mà quản trị chưa chạy “motcua-server restore”, hoặc tệp dữ liệu của máy không phải tệp đã đồng bộ. Đã tạm dừng đồng bộ; dữ liệu vẫn ở trên máy. Hãy báo quản trị.",
		"The server holds none of the ops this terminal says it acknowledged (up to %d; the server has up to %d). Either the server was restored from a backup without “motcua-server restore”, or this terminal's data file is not the one that synced. Syncing is stopped; the data stays here. Tell the administrator.",
		acked, last)
	e.Expected = last + 1
	return e
}
