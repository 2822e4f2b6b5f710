package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	bolt "go.etcd.io/bbolt"
)

// Get returns the dossier with id, or ENOTFOUND.
func (s *Store) Get(id string) (motcua.Dossier, error) {
	var d *motcua.Dossier
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		d, err = getDossier(tx, id)
		return err
	})
	if err != nil {
		return motcua.Dossier{}, err
	}
	if d == nil {
		return motcua.Dossier{}, motcua.Errorf(motcua.ENOTFOUND, "dossier_not_found", "", "Không tìm thấy hồ sơ.", "Dossier not found.")
	}
	return *d, nil
}

// GetByCode returns the dossier with a tracking code, given with or without
// its check digit.
func (s *Store) GetByCode(code string) (motcua.Dossier, error) {
	c, err := motcua.ParseCode(code)
	if err != nil {
		return motcua.Dossier{}, err
	}
	d, err := boltkv.Indexed(s.db, bIdxCode, []byte(c.String()), getDossier)
	if err != nil {
		return motcua.Dossier{}, err
	}
	if d == nil {
		return motcua.Dossier{}, motcua.Errorf(motcua.ENOTFOUND, "code_not_found", "code",
			"Không có hồ sơ mã %s trên máy này.", "No dossier with code %s on this terminal.", c)
	}
	return *d, nil
}

// Outbox returns up to limit unacknowledged ops from seq from on.
func (s *Store) Outbox(from uint64, limit int) ([]motcua.Op, error) {
	var ops []motcua.Op
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bOutbox).Cursor()
		for k, v := c.Seek(boltkv.U64(from)); k != nil && len(ops) < limit; k, v = c.Next() {
			var op motcua.Op
			if err := json.Unmarshal(v, &op); err != nil {
				return fmt.Errorf("decode op %d: %w", boltkv.Be64(k), err)
			}
			ops = append(ops, op)
		}
		return nil
	})
	return ops, err
}

// ExportFilter selects the dossiers of the logbook.
type ExportFilter struct {
	From, To time.Time // reception dates, inclusive; zero = open
	Status   motcua.Status
}

// Each calls fn for each dossier matching f, in reception order of their ids.
// fn must not keep the dossier's slices beyond the call.
func (s *Store) Each(f ExportFilter, fn func(motcua.Dossier) error) error {
	return s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bDossiers).ForEach(func(_, v []byte) error {
			var d motcua.Dossier
			if err := decodeDossier(v, &d); err != nil {
				return err
			}
			day := d.ReceivedAt.In(motcua.VNZone)
			day = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, motcua.VNZone)
			if (!f.From.IsZero() && day.Before(f.From)) || (!f.To.IsZero() && day.After(f.To)) {
				return nil
			}
			if f.Status != 0 && d.Status != f.Status {
				return nil
			}
			return fn(d)
		})
	})
}

// CheckIntegrity verifies what a crash must never break: contiguous outbox
// seqs ending at last_seq, one code per dossier, every index entry pointing
// at a dossier. It is what the crash tests and `motcua check` run.
func (s *Store) CheckIntegrity() error {
	// The check runs in a write transaction that is rolled back: bbolt's
	// page check reads the freelist, which a concurrent writer (the syncer)
	// changes unlocked, so in a read transaction it races and can report
	// pages as "reachable freed" that are not. A read-only handle (Verify)
	// has no writer beside it: the file lock keeps other processes out.
	if s.db.IsReadOnly() {
		return s.db.View(checkIntegrity)
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		if err := checkIntegrity(tx); err != nil {
			return err
		}
		return errRollback
	})
	if errors.Is(err, errRollback) {
		return nil
	}
	return err
}

var errRollback = errors.New("rollback")

func checkIntegrity(tx *bolt.Tx) error {
	{
		meta := tx.Bucket(bMeta)
		last, acked := boltkv.GetU64(meta, kLastSeq), boltkv.GetU64(meta, kAckedSeq)
		want := acked + 1
		err := tx.Bucket(bOutbox).ForEach(func(k, _ []byte) error {
			if got := boltkv.Be64(k); got != want {
				return fmt.Errorf("outbox seq %d where %d was expected", got, want)
			}
			want++
			return nil
		})
		if err != nil {
			return err
		}
		if want-1 != last {
			return fmt.Errorf("outbox ends at %d but last_seq is %d", want-1, last)
		}
		codes := map[string]string{}
		dossiers := tx.Bucket(bDossiers)
		err = dossiers.ForEach(func(k, v []byte) error {
			var d motcua.Dossier
			if err := decodeDossier(v, &d); err != nil {
				return fmt.Errorf("decode dossier %s: %w", k, err)
			}
			if other, dup := codes[d.Code]; dup {
				return fmt.Errorf("code %s held by %s and %s", d.Code, other, d.ID)
			}
			codes[d.Code] = d.ID
			if id := tx.Bucket(bIdxCode).Get([]byte(d.Code)); !bytes.Equal(id, k) {
				return fmt.Errorf("code index for %s points at %q, not %s", d.Code, id, k)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if n := tx.Bucket(bIdxCode).Stats().KeyN; n != len(codes) {
			return fmt.Errorf("code index has %d entries for %d dossiers", n, len(codes))
		}
		if err := checkEnds(tx); err != nil { // index_ends.go
			return err
		}
		if err := checkOutboxIndex(tx); err != nil { // outbox_index.go
			return err
		}
		// Drain the channel: bbolt's checker goroutine blocks until it is read.
		var first error
		for err := range tx.Check() {
			if first == nil {
				first = fmt.Errorf("bbolt check: %w", err)
			}
		}
		return first
	}
}
