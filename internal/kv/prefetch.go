package kv

import "bytes"

// Prefetcher is a Tx that can read many keys of a top-level bucket in one
// round trip, ahead of their Gets (a database server; a bbolt file reads
// its pages locally and needs none of it).
type Prefetcher interface {
	Prefetch(bucket []byte, keys [][]byte)
}

// Prefetch asks tx to read keys of bucket ahead of their Gets, when its
// engine gains by it; it changes no answer, only how many round trips the
// Gets cost. A failed read is remembered by the transaction as any Get's.
func Prefetch(tx Tx, bucket []byte, keys [][]byte) {
	if p, ok := tx.(Prefetcher); ok && len(keys) > 0 {
		p.Prefetch(bucket, keys)
	}
}

// PrefixPrefetcher is a Tx that can read every key under many prefixes of
// a top-level bucket in one round trip, ahead of the scans that walk them
// (ForEachPrefix).
type PrefixPrefetcher interface {
	PrefetchPrefixes(bucket []byte, prefixes [][]byte)
}

// PrefetchPrefixes asks tx to read ahead the keys of bucket under each of
// prefixes, when its engine gains by it. Like Prefetch it changes no
// answer: a scan of a prefix not read ahead, or read ahead wrongly, walks
// a cursor as ever.
func PrefetchPrefixes(tx Tx, bucket []byte, prefixes [][]byte) {
	if p, ok := tx.(PrefixPrefetcher); ok && len(prefixes) > 0 {
		p.PrefetchPrefixes(bucket, prefixes)
	}
}

// prefixScanner is a bucket that can walk the keys under a prefix its
// transaction read ahead without asking the database; done is false when
// it holds no such read-ahead (the caller walks a cursor).
type prefixScanner interface {
	ScanPrefix(prefix []byte, fn func(k, v []byte) error) (done bool, err error)
}

// ForEachPrefix calls fn, in key order, for every key of b that starts
// with prefix, as a cursor from Seek(prefix) would. fn must not write to b.
func ForEachPrefix(b Bucket, prefix []byte, fn func(k, v []byte) error) error {
	if s, ok := b.(prefixScanner); ok {
		if done, err := s.ScanPrefix(prefix, fn); done {
			return err
		}
	}
	c := b.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if err := fn(k, v); err != nil {
			return err
		}
	}
	return nil
}

// SubKey names a key of a sub-bucket.
type SubKey struct{ Sub, Key []byte }

// SubPrefetcher is a Tx that can read many keys of a bucket's sub-buckets
// in one round trip, ahead of their Gets.
type SubPrefetcher interface {
	PrefetchSub(bucket []byte, keys []SubKey)
}

// PrefetchSub is Prefetch for keys of bucket's sub-buckets.
func PrefetchSub(tx Tx, bucket []byte, keys []SubKey) {
	if p, ok := tx.(SubPrefetcher); ok && len(keys) > 0 {
		p.PrefetchSub(bucket, keys)
	}
}

// SequenceReserver is a Tx whose NextSequence locks a sequence until the
// transaction ends, and that can lock many at once.
type SequenceReserver interface {
	ReserveSequences(bucket []byte, subs [][]byte)
}

// ReserveSequences tells tx that it is about to take numbers from the
// sequences of these sub-buckets of bucket (and to ask whether they
// exist): an engine that locks a sequence when it takes its first number
// may lock and read them all now, in one round trip. It changes no answer.
// In a read-only transaction it only reads them.
func ReserveSequences(tx Tx, bucket []byte, subs [][]byte) {
	if r, ok := tx.(SequenceReserver); ok && len(subs) > 0 {
		r.ReserveSequences(bucket, subs)
	}
}

// Batcher is a Tx that can send many read-aheads in one round trip.
type Batcher interface {
	Together(fn func())
}

// Together runs fn, and lets tx's engine send the read-aheads fn asks for
// (Prefetch, PrefetchSub, PrefetchPrefixes, ReserveSequences,
// PrefetchSequences) together, in one round trip. fn must only ask for
// read-aheads, none depending on another's answer.
func Together(tx Tx, fn func()) {
	if b, ok := tx.(Batcher); ok {
		b.Together(fn)
		return
	}
	fn()
}

// PrefetchSequences is ReserveSequences for a transaction that only reads
// the sequences (and whether the sub-buckets exist): no lock.
func PrefetchSequences(tx Tx, bucket []byte, subs [][]byte) {
	ReserveSequences(tx, bucket, subs)
}

// readAheader is a cursor that reads keys in chunks and can be told how
// many its next moves will want.
type readAheader interface {
	ReadAhead(n int)
}

// ReadAhead tells c that its next moves will walk about n keys, so that an
// engine reading in chunks reads that many at once. It changes no answer.
func ReadAhead(c Cursor, n int) {
	if r, ok := c.(readAheader); ok {
		r.ReadAhead(n)
	}
}
