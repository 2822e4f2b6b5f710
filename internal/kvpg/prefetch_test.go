package kvpg_test

import (
	"bytes"
	"testing"

	"github.com/motcua/motcua/internal/kv"
)

// TestPrefetchChangesNoAnswer: after a Prefetch, Get answers what it would
// have without one (present, absent, empty, written earlier in the same
// transaction), and the prefetched keys cost no further round trip.
func TestPrefetchChangesNoAnswer(t *testing.T) {
	db, _ := openPG(t)
	name := []byte("pf")
	if err := db.Update(func(tx kv.Tx) error {
		b, err := tx.CreateBucketIfNotExists(name)
		if err != nil {
			return err
		}
		for _, kv := range [][2]string{{"a", "1"}, {"b", ""}, {"c", "3"}} {
			if err := b.Put([]byte(kv[0]), []byte(kv[1])); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	err := db.Update(func(tx kv.Tx) error {
		b := tx.Bucket(name)
		if err := b.Put([]byte("c"), []byte("written")); err != nil {
			return err
		}
		if err := b.Delete([]byte("a")); err != nil {
			return err
		}
		keys := [][]byte{[]byte("a"), []byte("b"), []byte("c"), []byte("d"), []byte("d"), nil}
		kv.Prefetch(tx, name, keys)
		before := db.RoundTrips()
		want := map[string][]byte{"a": nil, "b": {}, "c": []byte("written"), "d": nil}
		for k, w := range want {
			got := b.Get([]byte(k))
			if (got == nil) != (w == nil) || !bytes.Equal(got, w) {
				t.Errorf("Get(%q) = %q, want %q", k, got, w)
			}
		}
		if n := db.RoundTrips() - before; n != 0 {
			t.Errorf("Gets after Prefetch took %d round trips, want 0", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
