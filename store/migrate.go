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
	return s.eachInChunks(name, func(tx *bolt.Tx, k, v []byte) error {
		if len(v) == 0 || v[0] != recordJSON {
			return nil
		}
		nv, err := compressRecord(v)
		if err != nil {
			return fmt.Errorf("record %s: %w", k, err)
		}
		b := tx.Bucket(name)
		b.FillPercent = 0.9
		return b.Put(k, nv)
	})
}

// eachInChunks calls fn on every key of bucket name, in order, migrateChunk
// keys per write transaction, each chunk starting after the last key of the
// one before: a file of any size is walked in bounded memory, and a crash
// loses at most one chunk, which the next writing open does again (so fn
// must be idempotent). A chunk is read before fn sees its first key, so fn
// may write to bucket name too. A missing bucket has nothing to walk.
func (s *Store) eachInChunks(name []byte, fn func(tx *bolt.Tx, k, v []byte) error) error {
	type rec struct{ k, v []byte }
	var after []byte // the last key done; nil before the first chunk
	for {
		done := true
		err := s.db.Update(func(tx *bolt.Tx) error {
			b := tx.Bucket(name)
			if b == nil {
				return nil
			}
			c := b.Cursor()
			k, v := c.First()
			if after != nil {
				if k, v = c.Seek(after); bytes.Equal(k, after) {
					k, v = c.Next()
				}
			}
			var recs []rec
			for ; k != nil && len(recs) < migrateChunk; k, v = c.Next() {
				recs = append(recs, rec{bytes.Clone(k), v})
			}
			done = k == nil
			for _, r := range recs {
				if err := fn(tx, r.k, r.v); err != nil {
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
