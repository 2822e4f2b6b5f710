package kvpg_test

import (
	"bytes"
	"testing"

	"github.com/motcua/motcua/internal/kv"
)

// GetThrough answers what a read transaction that Gets a key from an index
// bucket, then the key its value names from another bucket, answers: the
// value, nil when either key is absent or either bucket does not exist.
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
		var two []byte
		_ = db.View(func(tx kv.Tx) error {
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
	}
}
