package kvpg_test

import (
	"fmt"
	"testing"

	"github.com/motcua/motcua/internal/kv"
)

// In a read-only transaction a chunk shorter than asked is the end of the
// bucket: walking past it asks the database nothing more (a pull walks its
// change log to the end in one query, not two), and the walk, forwards and
// backwards, still gives every key in order. A read-write transaction asks
// again, since it may have written past the chunk since.
func TestShortChunkEndsAReadOnlyWalk(t *testing.T) {
	db, _ := openPG(t)
	err := db.Update(func(tx kv.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte("walk"))
		if err != nil {
			return err
		}
		for i := range 5 {
			if err := b.Put(fmt.Appendf(nil, "k%d", i), []byte("v")); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	walk := func(tx kv.Tx) (fwd, back string) {
		c := tx.Bucket([]byte("walk")).Cursor()
		kv.ReadAhead(c, 8)
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			fwd += string(k)
		}
		if k, _ := c.Next(); k != nil {
			t.Errorf("Next after the end: %q", k)
		}
		for k, _ := c.Last(); k != nil; k, _ = c.Prev() {
			back += string(k)
		}
		return fwd, back
	}
	before := db.RoundTrips()
	err = db.View(func(tx kv.Tx) error {
		fwd, back := walk(tx)
		if fwd != "k0k1k2k3k4" || back != "k4k3k2k1k0" {
			t.Errorf("read-only walk: %q, %q", fwd, back)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// BEGIN, First's chunk, Last's chunk, COMMIT.
	if n := db.RoundTrips() - before; n != 4 {
		t.Errorf("read-only walk took %d round trips, want 4", n)
	}
	err = db.Update(func(tx kv.Tx) error {
		c := tx.Bucket([]byte("walk")).Cursor()
		kv.ReadAhead(c, 8)
		n := 0
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			if n++; n == 5 {
				// Written past the chunk the cursor holds: a read-write walk sees it.
				if err := tx.Bucket([]byte("walk")).Put([]byte("k9"), []byte("v")); err != nil {
					return err
				}
			}
		}
		if n != 6 {
			t.Errorf("read-write walk saw %d keys, want 6 (one written during the walk)", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
