// Package kv is the small ordered key-value interface the server's store
// (central) is written against, with bbolt's method names, so that the same
// code runs on more than one engine: a bbolt file (internal/kvbolt), and a
// database server. It knows nothing of motcua.
//
// A bucket holds keys in byte order, or sub-buckets (one level: central's
// change log has one per unit), each with its own keys and sequence; not
// both.
//
// Get and the cursor's moves return no error, as bbolt's do. An engine that
// can fail on a read (a dropped connection) remembers the first error in
// the transaction: View and Update then return it, and an Update never
// commits after one, so a decision taken on a missing value is never kept.
package kv

// DB is an open store.
type DB interface {
	// View runs fn in a read-only transaction that sees one consistent
	// state.
	View(fn func(Tx) error) error
	// Update runs fn in a read-write transaction and commits it when fn
	// returns nil. fn may run more than once (an engine retries a
	// transaction the database aborted for a conflict), so it must start
	// from scratch each time: state it accumulates outside the
	// transaction is reset at its top.
	Update(fn func(Tx) error) error
	Close() error
}

// Tx is a transaction.
type Tx interface {
	// Bucket is the named top-level bucket, or nil when it does not exist.
	Bucket(name []byte) Bucket
	// CreateBucketIfNotExists creates a top-level bucket.
	CreateBucketIfNotExists(name []byte) (Bucket, error)
	// ForEach calls fn for every top-level bucket, by name.
	ForEach(fn func(name []byte, b Bucket) error) error
	// Writable says whether the transaction may write.
	Writable() bool
}

// Bucket is an ordered set of keys and values. The slices Get and the
// cursors return are valid only during the transaction and must not be
// modified.
type Bucket interface {
	Get(key []byte) []byte
	Put(key, value []byte) error
	Delete(key []byte) error
	Cursor() Cursor
	// ForEach calls fn for every key in order; a sub-bucket comes with a
	// nil value.
	ForEach(fn func(k, v []byte) error) error
	// NextSequence increments and returns the bucket's sequence, in the
	// transaction: a number taken by a transaction that does not commit is
	// taken again by the next one.
	NextSequence() (uint64, error)
	// Sequence and SetSequence read and set it (copying a store).
	Sequence() uint64
	SetSequence(v uint64) error
	// Bucket is the named sub-bucket, or nil.
	Bucket(name []byte) Bucket
	CreateBucketIfNotExists(name []byte) (Bucket, error)
}

// Cursor walks a bucket in key order. Each move returns the key and value
// it lands on, or nil, nil past either end.
type Cursor interface {
	First() (k, v []byte)
	Last() (k, v []byte)
	Seek(key []byte) (k, v []byte)
	Next() (k, v []byte)
	Prev() (k, v []byte)
}
