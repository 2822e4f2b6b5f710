package kvpg_test

import (
	"bytes"
	"fmt"
	"strings"
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

// TestPrefixScanFromReadAhead: after PrefetchPrefixes, ForEachPrefix walks
// the prefix as a cursor would (committed keys, keys written and deleted
// earlier in the transaction and after the read-ahead, in key order), and
// costs no round trip; a prefix not read ahead walks a cursor.
func TestPrefixScanFromReadAhead(t *testing.T) {
	db, _ := openPG(t)
	name := []byte("pp")
	if err := db.Update(func(tx kv.Tx) error {
		b, err := tx.CreateBucketIfNotExists(name)
		if err != nil {
			return err
		}
		for _, k := range []string{"a|1", "a|2", "a|3", "a}", "b|1", "a"} {
			if err := b.Put([]byte(k), []byte("v"+k)); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	scan := func(b kv.Bucket, p string) string {
		var out []string
		if err := kv.ForEachPrefix(b, []byte(p), func(k, v []byte) error {
			out = append(out, string(k)+"="+string(v))
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return strings.Join(out, " ")
	}
	err := db.Update(func(tx kv.Tx) error {
		b := tx.Bucket(name)
		if err := b.Delete([]byte("a|1")); err != nil { // before the read-ahead
			return err
		}
		if err := b.Put([]byte("a|0"), []byte("new")); err != nil {
			return err
		}
		kv.PrefetchPrefixes(tx, name, [][]byte{[]byte("a|"), []byte("c|"), []byte("\xff")})
		if err := b.Delete([]byte("a|3")); err != nil { // after it
			return err
		}
		if err := b.Put([]byte("a|9"), []byte("late")); err != nil {
			return err
		}
		if err := b.Put([]byte("a|2"), []byte("changed")); err != nil {
			return err
		}
		before := db.RoundTrips()
		if got, want := scan(b, "a|"), "a|0=new a|2=changed a|9=late"; got != want {
			t.Errorf("scan a| = %q, want %q", got, want)
		}
		if got, want := scan(b, "a|2"), "a|2=changed"; got != want {
			t.Errorf("scan a|2 = %q, want %q", got, want)
		}
		if got := scan(b, "c|"); got != "" {
			t.Errorf("scan c| = %q, want nothing", got)
		}
		if n := db.RoundTrips() - before; n != 0 {
			t.Errorf("scans after PrefetchPrefixes took %d round trips, want 0", n)
		}
		if got, want := scan(b, "b"), "b|1=vb|1"; got != want { // not read ahead: a cursor
			t.Errorf("scan b = %q, want %q", got, want)
		}
		if n := db.RoundTrips() - before; n == 0 {
			t.Error("a scan of a prefix not read ahead took no round trip")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestTogetherOneRoundTrip: read-aheads of several kinds inside
// kv.Together cost one round trip for all, and the Gets, scans and
// sequences after them answer as without them.
func TestTogetherOneRoundTrip(t *testing.T) {
	db, _ := openPG(t)
	if err := db.Update(func(tx kv.Tx) error {
		for _, name := range []string{"ta", "tb"} {
			b, err := tx.CreateBucketIfNotExists([]byte(name))
			if err != nil {
				return err
			}
			if err := b.Put([]byte("k|1"), []byte(name+"1")); err != nil {
				return err
			}
		}
		log, err := tx.Bucket([]byte("tb")).CreateBucketIfNotExists([]byte("u"))
		if err != nil {
			return err
		}
		if _, err := log.NextSequence(); err != nil {
			return err
		}
		return log.Put([]byte("e"), []byte("entry"))
	}); err != nil {
		t.Fatal(err)
	}
	for _, writable := range []bool{false, true} {
		run := db.View
		if writable {
			run = db.Update
		}
		err := run(func(tx kv.Tx) error {
			before := db.RoundTrips()
			kv.Together(tx, func() {
				kv.Prefetch(tx, []byte("ta"), [][]byte{[]byte("k|1"), []byte("none")})
				kv.PrefetchPrefixes(tx, []byte("ta"), [][]byte{[]byte("k|")})
				kv.ReserveSequences(tx, []byte("tb"), [][]byte{[]byte("u"), []byte("v")})
				kv.PrefetchSub(tx, []byte("tb"), []kv.SubKey{{Sub: []byte("u"), Key: []byte("e")}})
			})
			if n := db.RoundTrips() - before; n != 1 {
				t.Errorf("writable %v: Together took %d round trips, want 1", writable, n)
			}
			ta, tb := tx.Bucket([]byte("ta")), tx.Bucket([]byte("tb"))
			var keys []string
			_ = kv.ForEachPrefix(ta, []byte("k|"), func(k, _ []byte) error { keys = append(keys, string(k)); return nil })
			got := fmt.Sprintln(string(ta.Get([]byte("k|1"))), ta.Get([]byte("none")) == nil, keys,
				tb.Bucket([]byte("v")) == nil, tb.Bucket([]byte("u")).Sequence(), string(tb.Bucket([]byte("u")).Get([]byte("e"))))
			if want := "ta1 true [k|1] true 1 entry\n"; got != want {
				t.Errorf("writable %v: read %q, want %q", writable, got, want)
			}
			if n := db.RoundTrips() - before; n != 1 {
				t.Errorf("writable %v: the reads after Together took %d round trips, want 0", writable, n-1)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
