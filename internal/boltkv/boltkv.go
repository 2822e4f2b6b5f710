// Package boltkv holds the few bbolt helpers both stores use (the terminal's
// store/ and the server's central/): big-endian numbers, JSON records,
// composite keys and the bucket registry. It knows nothing of motcua.
package boltkv

import (
	"encoding/binary"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Sep separates the parts of a composite key (see JoinKey).
const Sep = 0x00

// JoinKey joins parts with Sep.
func JoinKey(parts ...[]byte) []byte {
	n := len(parts) - 1
	for _, p := range parts {
		n += len(p)
	}
	k := make([]byte, 0, n)
	for i, p := range parts {
		if i > 0 {
			k = append(k, Sep)
		}
		k = append(k, p...)
	}
	return k
}

// U64 encodes v big-endian, so byte order is numeric order.
func U64(v uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], v)
	return b[:]
}

// Be64 decodes a big-endian uint64 (b must hold 8 bytes).
func Be64(b []byte) uint64 { return binary.BigEndian.Uint64(b) }

// Getter, Putter and Walker are the parts of a bucket the helpers below
// use: a *bolt.Bucket has them, and so has the server's kv.Bucket (an
// interface over bbolt and PostgreSQL), so one set of helpers serves both.
type (
	Getter interface{ Get(k []byte) []byte }
	Putter interface{ Put(k, v []byte) error }
	Walker interface {
		ForEach(fn func(k, v []byte) error) error
	}
)

// GetU64 reads a number stored with PutU64: 0 when the key is absent.
func GetU64(b Getter, k []byte) uint64 {
	if v := b.Get(k); len(v) == 8 {
		return binary.BigEndian.Uint64(v)
	}
	return 0
}

// PutU64 stores v under k, big-endian.
func PutU64(b Putter, k []byte, v uint64) error { return b.Put(k, U64(v)) }

// PutJSON stores v under k as JSON.
func PutJSON(b Putter, k []byte, v any) error {
	buf, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", k, err)
	}
	return b.Put(k, buf)
}

// GetJSON decodes the JSON under k into v; it leaves v untouched when the
// key is absent.
func GetJSON(b Getter, k []byte, v any) error {
	buf := b.Get(k)
	if buf == nil {
		return nil
	}
	if err := json.Unmarshal(buf, v); err != nil {
		return fmt.Errorf("decode %s: %w", k, err)
	}
	return nil
}

// GetRecord reads the JSON record id of bucket b: nil, and no error, when
// there is none (what names the record in an error).
func GetRecord[T any](b Getter, what, id string) (*T, error) {
	if id == "" {
		return nil, nil
	}
	v := b.Get([]byte(id))
	if v == nil {
		return nil, nil
	}
	var r T
	if err := json.Unmarshal(v, &r); err != nil {
		return nil, fmt.Errorf("decode %s %s: %w", what, id, err)
	}
	return &r, nil
}

// Indexed reads, in one read transaction, the record an index points at:
// the id stored under key in the index bucket, then get(tx, id). nil, and no
// error, when the index has no such key. Both stores find a dossier by its
// tracking code this way, each with its own record reader.
func Indexed[T any](db *bolt.DB, index, key []byte, get func(tx *bolt.Tx, id string) (*T, error)) (*T, error) {
	var r *T
	err := db.View(func(tx *bolt.Tx) error {
		id := tx.Bucket(index).Get(key)
		if id == nil {
			return nil
		}
		var err error
		r, err = get(tx, string(id))
		return err
	})
	return r, err
}

// Records decodes every JSON value of bucket b, in key order, keeping those
// keep accepts (nil keeps all). The server's listings (units, terminals,
// dossiers and questions of a unit, held questions, the catalog) are this.
func Records[T any](b Walker, keep func(*T) bool) ([]T, error) {
	var out []T
	err := b.ForEach(func(k, v []byte) error {
		var r T
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("decode %s: %w", k, err)
		}
		if keep == nil || keep(&r) {
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

// CreateAll creates every bucket of a registry that is missing.
func CreateAll(tx *bolt.Tx, buckets [][]byte) error {
	for _, b := range buckets {
		if _, err := tx.CreateBucketIfNotExists(b); err != nil {
			return fmt.Errorf("create bucket %s: %w", b, err)
		}
	}
	return nil
}

// Missing reports whether a bucket of the registry is absent (a file that
// needs its schema set up by a writing open).
func Missing(tx *bolt.Tx, buckets [][]byte) bool {
	for _, b := range buckets {
		if tx.Bucket(b) == nil {
			return true
		}
	}
	return false
}
