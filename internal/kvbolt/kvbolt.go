// Package kvbolt is the bbolt engine of internal/kv: a thin adapter that
// hands bbolt's own transactions, buckets and cursors through the kv
// interfaces, so the server's store runs on a bbolt file unchanged.
package kvbolt

import (
	"errors"
	"fmt"

	"github.com/motcua/motcua/internal/kv"
	bolt "go.etcd.io/bbolt"
)

// DB is a bbolt file seen through kv.DB. Bolt is the file itself, for what
// only a file has (hot copies, page checks).
type DB struct {
	Bolt *bolt.DB
}

// New wraps an open bbolt file.
func New(db *bolt.DB) *DB { return &DB{Bolt: db} }

// View runs fn in a bbolt read transaction.
func (d *DB) View(fn func(kv.Tx) error) error {
	return d.Bolt.View(func(tx *bolt.Tx) error { return fn(Tx(tx)) })
}

// Update runs fn in a bbolt write transaction (bbolt has one writer at a
// time, so fn runs once).
func (d *DB) Update(fn func(kv.Tx) error) error {
	return d.Bolt.Update(func(tx *bolt.Tx) error { return fn(Tx(tx)) })
}

// Close closes the file.
func (d *DB) Close() error { return d.Bolt.Close() }

// Tx wraps a bbolt transaction.
func Tx(tx *bolt.Tx) kv.Tx { return txn{tx} }

// Unwrap returns the bbolt transaction under a kv.Tx of this engine, or nil.
func Unwrap(tx kv.Tx) *bolt.Tx {
	if t, ok := tx.(txn); ok {
		return t.tx
	}
	return nil
}

// CopyFile writes a consistent copy of the file in tx (a hot backup).
func CopyFile(tx kv.Tx, path string) error {
	t := Unwrap(tx)
	if t == nil {
		return errors.New("not a bbolt transaction")
	}
	return t.CopyFile(path, 0o600)
}

// Check runs bbolt's page checks in tx; the first problem is the error.
func Check(tx kv.Tx) error {
	t := Unwrap(tx)
	if t == nil {
		return nil
	}
	var first error
	for err := range t.Check() { // drained whole: the checker goroutine sends them all
		if first == nil {
			first = fmt.Errorf("bbolt check: %w", err)
		}
	}
	return first
}

type txn struct{ tx *bolt.Tx }

func (t txn) Bucket(name []byte) kv.Bucket { return wrap(t.tx.Bucket(name)) }

func (t txn) CreateBucketIfNotExists(name []byte) (kv.Bucket, error) {
	b, err := t.tx.CreateBucketIfNotExists(name)
	return wrap(b), err
}

func (t txn) ForEach(fn func(name []byte, b kv.Bucket) error) error {
	return t.tx.ForEach(func(name []byte, b *bolt.Bucket) error { return fn(name, wrap(b)) })
}

func (t txn) Writable() bool { return t.tx.Writable() }

type bucket struct{ b *bolt.Bucket }

// wrap keeps a missing bucket a nil interface, as callers test for nil.
func wrap(b *bolt.Bucket) kv.Bucket {
	if b == nil {
		return nil
	}
	return bucket{b}
}

func (b bucket) Get(k []byte) []byte                      { return b.b.Get(k) }
func (b bucket) Put(k, v []byte) error                    { return b.b.Put(k, v) }
func (b bucket) Delete(k []byte) error                    { return b.b.Delete(k) }
func (b bucket) Cursor() kv.Cursor                        { return b.b.Cursor() }
func (b bucket) ForEach(fn func(k, v []byte) error) error { return b.b.ForEach(fn) }
func (b bucket) NextSequence() (uint64, error)            { return b.b.NextSequence() }
func (b bucket) Sequence() uint64                         { return b.b.Sequence() }
func (b bucket) SetSequence(v uint64) error               { return b.b.SetSequence(v) }
func (b bucket) Bucket(name []byte) kv.Bucket             { return wrap(b.b.Bucket(name)) }

func (b bucket) CreateBucketIfNotExists(name []byte) (kv.Bucket, error) {
	nb, err := b.b.CreateBucketIfNotExists(name)
	return wrap(nb), err
}
