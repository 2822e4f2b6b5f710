package store

import (
	"bytes"
	"fmt"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	bolt "go.etcd.io/bbolt"
)

// The number endings index: each phone and ID number written back to
// front, so that "the last digits" of a number, what a citizen reads out,
// are a key prefix, one range read instead of a walk of every number:
//
//	idx_phone_rev   reversed phone | 0x00 | dossier id → ∅
//	idx_idnum_rev   reversed ID number | 0x00 | dossier id → ∅
//
// They hold exactly the keys of idx_phone and idx_idnum, reversed; reindex
// and unindex keep them together in the dossier's transaction, and a file
// of schema 2 or older gets them from its first writing open (migrate.go).
var (
	bIdxPhoneRev = []byte("idx_phone_rev")
	bIdxIDNumRev = []byte("idx_idnum_rev")
)

// endsOf pairs each forward index with its reversed one.
var endsOf = [][2][]byte{{bIdxPhone, bIdxPhoneRev}, {bIdxIDNum, bIdxIDNumRev}}

func reversed(s string) []byte {
	b := []byte(s)
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return b
}

func endKey(number string, id []byte) []byte { return boltkv.JoinKey(reversed(number), id) }

// indexEnds writes (put) or removes the endings of d's phones and ID
// numbers, in the caller's transaction.
func indexEnds(tx *bolt.Tx, d *motcua.Dossier, put bool) error {
	id := []byte(d.ID)
	for _, x := range []struct {
		b    []byte
		nums []string
	}{{bIdxPhoneRev, phones(d)}, {bIdxIDNumRev, idNumbers(d)}} {
		b := tx.Bucket(x.b)
		for _, n := range x.nums {
			var err error
			if put {
				err = b.Put(endKey(n, id), nil)
			} else {
				err = b.Delete(endKey(n, id))
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// scanSuffix finds the dossiers whose numbers in index bucket (idx_phone or
// idx_idnum) end in digits: a prefix range of the reversed index, so its
// cost follows the hits, not the number of dossiers.
func scanSuffix(tx *bolt.Tx, bucket []byte, digits string, m motcua.Match, seen map[string]bool) ([]motcua.Hit, error) {
	rev := bIdxPhoneRev
	if bytes.Equal(bucket, bIdxIDNum) {
		rev = bIdxIDNumRev
	}
	var hits []motcua.Hit
	prefix := reversed(digits)
	c := tx.Bucket(rev).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		i := bytes.IndexByte(k, boltkv.Sep)
		if i < 0 {
			continue
		}
		id := string(k[i+1:])
		if seen[id] {
			continue
		}
		seen[id] = true
		d, err := getDossier(tx, id)
		if err != nil {
			return nil, err
		}
		if d != nil {
			hits = append(hits, motcua.Hit{Dossier: *d, Match: m})
		}
	}
	return hits, nil
}

// buildEnds fills the reversed indexes from the forward ones, migrateChunk
// keys per transaction (a file of any size in bounded memory; a crash is
// finished by the next writing open, the puts being idempotent).
func (s *Store) buildEnds() error {
	for _, pair := range endsOf {
		err := s.eachInChunks(pair[0], func(tx *bolt.Tx, k, _ []byte) error {
			i := bytes.IndexByte(k, boltkv.Sep)
			if i < 0 {
				return fmt.Errorf("index %s: key %q has no separator", pair[0], k)
			}
			return tx.Bucket(pair[1]).Put(endKey(string(k[:i]), k[i+1:]), nil)
		})
		if err != nil {
			return fmt.Errorf("build %s: %w", pair[1], err)
		}
	}
	return nil
}

// checkEnds reports a reversed index whose size differs from its forward
// index's (CheckIntegrity).
func checkEnds(tx *bolt.Tx) error {
	for _, pair := range endsOf {
		if a, b := tx.Bucket(pair[0]).Stats().KeyN, tx.Bucket(pair[1]).Stats().KeyN; a != b {
			return fmt.Errorf("%s has %d keys for %d in %s", pair[1], b, a, pair[0])
		}
	}
	return nil
}
