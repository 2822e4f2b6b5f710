package store

import (
	"bytes"
	"fmt"

	"github.com/motcua/motcua/internal/boltkv"
	bolt "go.etcd.io/bbolt"
)

// migrateChunk is how many records one transaction of a migration rewrites:
// a file of any size is migrated in bounded memory, and a crash loses at most
// one chunk's work (the next writing open finishes it).
const migrateChunk = 2000

// migrate brings a file written by an older schema to SchemaVersion. It runs
// in the first writing open of such a file (a read-only open asks for one
// first). Each step leaves a file this code reads, so a crash in the middle
// is finished by the next open; the schema is bumped last.
//
//	1 → 2  dossier records (dossiers, parked) from plain JSON to compressed
//	       (codec.go); the name index to its current layout; the backups
//	       bucket's "last" date dropped (a backup is due when today's file is
//	       missing).
//	2 → 3  the number endings index (idx_phone_rev, idx_idnum_rev,
//	       index_ends.go) built from idx_phone and idx_idnum.
//	3 → 4  the outbox by record (outbox_rec, outbox_index.go) built from
//	       the outbox.
func (s *Store) migrate(from uint64) error {
	if from < 2 {
		for _, b := range [][]byte{bDossiers, bParked} {
			if err := s.recompress(b); err != nil {
				return fmt.Errorf("migrate schema %d to %d: %w", from, SchemaVersion, err)
			}
		}
	}
	if from < 3 {
		if err := s.buildEnds(); err != nil {
			return fmt.Errorf("migrate schema %d to %d: %w", from, SchemaVersion, err)
		}
	}
	if from < 4 {
		if err := s.buildOutboxIndex(); err != nil {
			return fmt.Errorf("migrate schema %d to %d: %w", from, SchemaVersion, err)
		}
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		if err := ensureTermLayout(tx, ""); err != nil {
			return err
		}
		if err := tx.Bucket(bBackups).Delete([]byte("last")); err != nil {
			return err
		}
		return boltkv.PutU64(tx.Bucket(bMeta), kSchema, SchemaVersion)
	})
}

// recompress rewrites every plain-JSON record of bucket name in the current
// encoding, migrateChunk records per transaction.
func (s *Store) recompress(name []byte) error {
	var after []byte // the last key rewritten; nil before the first chunk
	for {
		done := true
		err := s.db.Update(func(tx *bolt.Tx) error {
			b := tx.Bucket(name)
			if b == nil {
				return nil
			}
			type rec struct{ k, v []byte }
			var recs []rec
			c := b.Cursor()
			k, v := c.First()
			if after != nil {
				if k, v = c.Seek(after); bytes.Equal(k, after) {
					k, v = c.Next()
				}
			}
			for ; k != nil && len(recs) < migrateChunk; k, v = c.Next() {
				if len(v) == 0 || v[0] != recordJSON {
					continue
				}
				nv, err := compressRecord(v)
				if err != nil {
					return fmt.Errorf("record %s: %w", k, err)
				}
				recs = append(recs, rec{append([]byte(nil), k...), nv})
			}
			done = k == nil
			b.FillPercent = 0.9
			for _, r := range recs {
				if err := b.Put(r.k, r.v); err != nil {
					return err
				}
				after = r.k
			}
			return nil
		})
		if err != nil || done {
			return err
		}
	}
}
