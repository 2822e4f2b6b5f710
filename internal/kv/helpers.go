package kv

import "fmt"

// CreateAll creates every bucket of a registry that is missing.
func CreateAll(tx Tx, buckets [][]byte) error {
	for _, b := range buckets {
		if _, err := tx.CreateBucketIfNotExists(b); err != nil {
			return fmt.Errorf("create bucket %s: %w", b, err)
		}
	}
	return nil
}

// Missing reports whether a bucket of the registry is absent (a store that
// needs its schema set up by a writing open).
func Missing(tx Tx, buckets [][]byte) bool {
	for _, b := range buckets {
		if tx.Bucket(b) == nil {
			return true
		}
	}
	return false
}

// Empty reports whether b holds no key.
func Empty(b Bucket) bool {
	k, _ := b.Cursor().First()
	return k == nil
}

// Count is the number of keys of b.
func Count(b Bucket) (int, error) {
	n := 0
	err := b.ForEach(func(_, _ []byte) error { n++; return nil })
	return n, err
}

// Clear deletes every key of b (not its sub-buckets).
func Clear(b Bucket) error {
	var keys [][]byte
	err := b.ForEach(func(k, v []byte) error {
		if v != nil {
			keys = append(keys, append([]byte(nil), k...))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// Indexed reads, in one read transaction, the record an index points at:
// the id stored under key in the index bucket, then get(tx, id). nil, and no
// error, when the index has no such key.
func Indexed[T any](db DB, index, key []byte, get func(tx Tx, id string) (*T, error)) (*T, error) {
	var r *T
	err := db.View(func(tx Tx) error {
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
