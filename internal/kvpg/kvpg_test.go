package kvpg_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/motcua/motcua/internal/kv"
	"github.com/motcua/motcua/internal/kvbolt"
	"github.com/motcua/motcua/internal/kvpg"
	"github.com/motcua/motcua/internal/kvpg/pgtest"
	bolt "go.etcd.io/bbolt"
)

// openPG opens a fresh database with the engine's schema.
func openPG(t *testing.T) (*kvpg.DB, string) {
	t.Helper()
	dsn := pgtest.NewDatabase(t)
	if _, err := kvpg.Migrate(context.Background(), dsn, kvpg.Options{}, nil); err != nil {
		t.Fatal(err)
	}
	db, err := kvpg.Open(context.Background(), dsn, kvpg.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, dsn
}

func openBolt(t *testing.T) kv.DB {
	t.Helper()
	b, err := bolt.Open(filepath.Join(t.TempDir(), "kv.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return kvbolt.New(b)
}

// step is one random operation, run on both engines; it returns what it
// saw, which must be the same on both.
type step func(tx kv.Tx) (string, error)

func randKey(r *rand.Rand) []byte {
	// A small alphabet with the separator byte: prefixes collide, keys
	// are ordered as bytes (0x00 sorts first, 0xff last).
	alpha := []byte{0x00, 'a', 'b', 0xff}
	k := make([]byte, 1+r.IntN(3))
	for i := range k {
		k[i] = alpha[r.IntN(len(alpha))]
	}
	return k
}

// randStep picks one random operation.
//
// long: one case per kind of operation, each a closure; splitting them apart
// would only scatter the table.
func randStep(r *rand.Rand) step {
	// As in central: a bucket holds keys (alpha) or sub-buckets (beta).
	bk, sub := []byte("alpha"), []byte(nil)
	if r.IntN(2) == 0 {
		bk, sub = []byte("beta"), []byte([]string{"u1", "u2"}[r.IntN(2)])
	}
	k, v := randKey(r), []byte(fmt.Sprint(r.IntN(100)))
	if r.IntN(5) == 0 {
		v = []byte{} // an empty value is a value (bbolt reads a nil one back as nil in the writing transaction)
	}
	target := func(tx kv.Tx, create bool) (kv.Bucket, error) {
		b := tx.Bucket(bk)
		if len(sub) == 0 {
			return b, nil
		}
		if create {
			return b.CreateBucketIfNotExists(sub)
		}
		return b.Bucket(sub), nil
	}
	switch r.IntN(11) {
	case 8, 9, 10:
		return prefixStep(r, bk, k[:1+r.IntN(len(k))], target)
	case 0, 1:
		return func(tx kv.Tx) (string, error) {
			b, err := target(tx, true)
			if err != nil {
				return "", err
			}
			return "put", b.Put(k, v)
		}
	case 2:
		return func(tx kv.Tx) (string, error) {
			b, err := target(tx, false)
			if b == nil || err != nil {
				return "nobucket", err
			}
			return "del", b.Delete(k)
		}
	case 3:
		return func(tx kv.Tx) (string, error) {
			b, _ := target(tx, false)
			if b == nil {
				return "nobucket", nil
			}
			got := b.Get(k)
			return fmt.Sprintf("get %x %v %q", k, got != nil, got), nil
		}
	case 4:
		return func(tx kv.Tx) (string, error) {
			b, err := target(tx, true)
			if err != nil {
				return "", err
			}
			n, err := b.NextSequence()
			return fmt.Sprint("seq ", n), err
		}
	case 5:
		return func(tx kv.Tx) (string, error) {
			b, _ := target(tx, false)
			if b == nil {
				return "nobucket", nil
			}
			var out bytes.Buffer
			c := b.Cursor()
			kk, vv := c.Seek(k)
			for i := 0; kk != nil && i < 12; i++ {
				fmt.Fprintf(&out, "%x=%q ", kk, vv)
				if i%5 == 4 {
					kk, vv = c.Prev()
				} else {
					kk, vv = c.Next()
				}
			}
			return out.String(), nil
		}
	case 6:
		return func(tx kv.Tx) (string, error) {
			b, _ := target(tx, false)
			if b == nil {
				return "nobucket", nil
			}
			var out bytes.Buffer
			c := b.Cursor()
			for kk, vv := c.Last(); kk != nil; kk, vv = c.Prev() {
				fmt.Fprintf(&out, "%x=%q ", kk, vv)
			}
			return out.String(), nil
		}
	default:
		return func(tx kv.Tx) (string, error) {
			b, _ := target(tx, false)
			if b == nil {
				return "nobucket", nil
			}
			var out bytes.Buffer
			err := b.ForEach(func(k, v []byte) error { fmt.Fprintf(&out, "%x=%q,%v ", k, v, v == nil); return nil })
			return fmt.Sprint(out.String(), b.Sequence()), err
		}
	}
}

// prefixStep reads ahead the keys under prefix p of bucket bk
// (kv.PrefetchPrefixes, on bbolt nothing), or walks the keys under p
// (kv.ForEachPrefix, from the read-ahead and the transaction's writes when
// there is one).
func prefixStep(r *rand.Rand, bk, p []byte, target func(kv.Tx, bool) (kv.Bucket, error)) step {
	if r.IntN(4) == 0 {
		return readAhead(bk, p)
	}
	return func(tx kv.Tx) (string, error) {
		b, _ := target(tx, false)
		if b == nil {
			return "nobucket", nil
		}
		var out bytes.Buffer
		err := kv.ForEachPrefix(b, p, func(k, v []byte) error { fmt.Fprintf(&out, "%x=%q ", k, v); return nil })
		return out.String(), err
	}
}

// readAhead reads ahead the keys of bk under p and under 'a' and 'b'.
func readAhead(bk, p []byte) step {
	return func(tx kv.Tx) (string, error) {
		kv.PrefetchPrefixes(tx, bk, [][]byte{p, {'a'}, {'b'}})
		return "prefetch", nil
	}
}

var errAbort = errors.New("abort")

// The PostgreSQL engine answers every sequence of operations as bbolt
// does: gets, puts, deletes, cursors both ways, sequences, sub-buckets,
// in committed and in aborted transactions.
func TestSameAnswersAsBbolt(t *testing.T) {
	pg, _ := openPG(t)
	engines := []kv.DB{openBolt(t), pg}
	for _, db := range engines {
		if err := db.Update(func(tx kv.Tx) error { return kv.CreateAll(tx, [][]byte{[]byte("alpha"), []byte("beta")}) }); err != nil {
			t.Fatal(err)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for txn := 0; txn < 250; txn++ {
		steps := make([]step, 1+r.IntN(12))
		for i := range steps {
			steps[i] = randStep(r)
		}
		if r.IntN(2) == 0 { // most scans of alpha then walk a read-ahead
			steps = append([]step{readAhead([]byte("alpha"), randKey(r)[:1])}, steps...)
		}
		abort := r.IntN(4) == 0
		var seen [2][]string
		for e, db := range engines {
			run := func(tx kv.Tx) error {
				seen[e] = seen[e][:0]
				for _, s := range steps {
					got, err := s(tx)
					if err != nil {
						return err
					}
					seen[e] = append(seen[e], got)
				}
				if abort {
					return errAbort
				}
				return nil
			}
			if err := db.Update(run); err != nil && !errors.Is(err, errAbort) {
				t.Fatalf("txn %d engine %d: %v", txn, e, err)
			}
		}
		for i := range seen[0] {
			if seen[0][i] != seen[1][i] {
				t.Fatalf("txn %d step %d:\nbbolt:      %s\npostgresql: %s", txn, i, seen[0][i], seen[1][i])
			}
		}
	}
	// And the final contents, read in a read-only transaction.
	var dump [2]string
	for e, db := range engines {
		err := db.View(func(tx kv.Tx) error {
			var out bytes.Buffer
			err := tx.ForEach(func(name []byte, b kv.Bucket) error {
				fmt.Fprintf(&out, "[%s %d] ", name, b.Sequence())
				return b.ForEach(func(k, v []byte) error {
					if v == nil {
						sb := b.Bucket(k)
						fmt.Fprintf(&out, "{%s %d:", k, sb.Sequence())
						err := sb.ForEach(func(k, v []byte) error { fmt.Fprintf(&out, "%x=%q ", k, v); return nil })
						out.WriteString("} ")
						return err
					}
					fmt.Fprintf(&out, "%x=%q ", k, v)
					return nil
				})
			})
			dump[e] = out.String()
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if dump[0] != dump[1] {
		t.Fatalf("contents differ:\nbbolt:      %s\npostgresql: %s", dump[0], dump[1])
	}
}
