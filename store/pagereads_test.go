package store

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// TestPageReadsReadTheSameBytes: a read-only bbolt database that reads its
// pages with pread (Options.PageReads, third_party/bbolt) sees every bucket,
// key and value the map sees: nested and inline buckets, values on overflow
// pages, and past the budget, where it goes on through the map.
func TestPageReadsReadTheSameBytes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pages.db")
	writePagesFixture(t, path)
	want := dumpBolt(t, path, 0, nil)
	for _, n := range []int{1, 7, 40, 1 << 20} {
		if got := dumpBolt(t, path, n, nil); !bytes.Equal(got, want) {
			t.Errorf("PageReads %d: the dump differs from the map's (%d against %d bytes)", n, len(got), len(want))
		}
	}
	// The pages really are copies: with every page read once, the file's
	// pages past the meta pages overwritten on disk change nothing the
	// database returns (through the map, this fails bbolt's page check).
	got := dumpBolt(t, path, 1<<20, func() {
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		fi, _ := f.Stat()
		if _, err := f.WriteAt(make([]byte, fi.Size()-8192), 8192); err != nil {
			t.Fatal(err)
		}
	})
	if !bytes.Equal(got, want) {
		t.Errorf("PageReads: a dump after the file was overwritten differs (%d against %d bytes): pages were read through the map", len(got), len(want))
	}
}

// writePagesFixture writes four buckets of 800 keys, each with a small
// inline bucket, and every 97th value long enough for overflow pages.
func writePagesFixture(t *testing.T, path string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(9, 9))
	err = db.Update(func(tx *bolt.Tx) error {
		for b := 0; b < 4; b++ {
			bk, err := tx.CreateBucket([]byte(fmt.Sprintf("bucket%d", b)))
			if err != nil {
				return err
			}
			inner, err := bk.CreateBucket([]byte("inner"))
			if err != nil {
				return err
			}
			if err := inner.Put([]byte("k"), []byte("v")); err != nil {
				return err
			}
			for i := 0; i < 800; i++ {
				v := make([]byte, 10+rng.IntN(40))
				if i%97 == 0 {
					v = make([]byte, 5000+rng.IntN(9000))
				}
				for j := range v {
					v[j] = byte(rng.IntN(256))
				}
				if err := bk.Put([]byte(fmt.Sprintf("key%05d", i)), v); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

// dumpBolt opens path read-only with pageReads and prints every bucket, key
// and value; with then set, it runs then and returns a second reading by
// the same open database.
func dumpBolt(t *testing.T, path string, pageReads int, then func()) []byte {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second, PageReads: pageReads})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out bytes.Buffer
	var walk func(b *bolt.Bucket, depth int) error
	walk = func(b *bolt.Bucket, depth int) error {
		return b.ForEach(func(k, v []byte) error {
			fmt.Fprintf(&out, "%d %q %x\n", depth, k, v)
			if v == nil {
				return walk(b.Bucket(k), depth+1)
			}
			return nil
		})
	}
	view := func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			fmt.Fprintf(&out, "bucket %q\n", name)
			return walk(b, 1)
		})
	}
	if err := db.View(view); err != nil {
		t.Fatal(err)
	}
	if then != nil {
		then()
		out.Reset()
		if err := db.View(view); err != nil {
			t.Fatal(err)
		}
	}
	return out.Bytes()
}
