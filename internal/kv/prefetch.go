package kv

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
