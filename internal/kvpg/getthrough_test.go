package kvpg_test

import (
	"bytes"
	"testing"

	"github.com/motcua/motcua/internal/kv"
)

// GetThrough answers what a read transaction that Gets a key from an index
// bucket, then the key its value names from another bucket, answers: the
// value, nil when either key is absent or either bucket does not exist; and
// so does its form inside a transaction.
func TestGetThroughIsTwoGets(t *testing.T) {
	db, _ := openPG(t)
	err := db.Update(func(tx kv.Tx) error {
		idx, err := tx.CreateBucketIfNotExists([]byte("idx"))
		if err != nil {
			return err
		}
		recs, err := tx.CreateBucketIfNotExists([]byte("recs"))
		if err != nil {
			return err
		}
		for _, p := range [][2]string{{"a", "r1"}, {"b", "r2"}, {"dangling", "nowhere"}, {"empty", "r3"}} {
			if err := idx.Put([]byte(p[0]), []byte(p[1])); err != nil {
				return err
			}
		}
		if err := recs.Put([]byte("r1"), []byte("one")); err != nil {
			return err
		}
		if err := recs.Put([]byte("r2"), []byte("two")); err != nil {
			return err
		}
		return recs.Put([]byte("r3"), nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		index, key, bucket string
		want               []byte
	}{
		{"idx", "a", "recs", []byte("one")},
		{"idx", "b", "recs", []byte("two")},
		{"idx", "empty", "recs", []byte{}}, // present and empty, as bbolt says
		{"idx", "missing", "recs", nil},
		{"idx", "dangling", "recs", nil},
		{"idx", "a", "nosuchbucket", nil},
		{"nosuchbucket", "a", "recs", nil},
	} {
		got, err := db.GetThrough([]byte(c.index), []byte(c.key), []byte(c.bucket))
		if err != nil {
			t.Fatalf("%+v: %v", c, err)
		}
		var two, inTx []byte
		_ = db.View(func(tx kv.Tx) error {
			var err error
			if inTx, err = tx.(throughGetter).GetThrough([]byte(c.index), []byte(c.key), []byte(c.bucket)); err != nil {
				t.Errorf("%+v: in a transaction: %v", c, err)
			}
			if ib := tx.Bucket([]byte(c.index)); ib != nil {
				if id := ib.Get([]byte(c.key)); id != nil {
					if rb := tx.Bucket([]byte(c.bucket)); rb != nil {
						two = bytes.Clone(rb.Get(id))
					}
				}
			}
			return nil
		})
		if !bytes.Equal(got, c.want) || (got == nil) != (c.want == nil) || (two == nil) != (got == nil) || !bytes.Equal(two, got) {
			t.Errorf("%s/%s -> %s: got %q (nil %v), two Gets %q, want %q", c.index, c.key, c.bucket, got, got == nil, two, c.want)
		}
		if (inTx == nil) != (got == nil) || !bytes.Equal(inTx, got) {
			t.Errorf("%s/%s -> %s: in a transaction %q (nil %v), alone %q", c.index, c.key, c.bucket, inTx, inTx == nil, got)
		}
	}
}

// throughGetter is GetThrough inside a transaction: what a warm-up runs
// (warm.go).
type throughGetter interface {
	GetThrough(index, key, bucket []byte) ([]byte, error)
}
