package kvpg_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/kv"
	"github.com/motcua/motcua/internal/kvpg"
	"github.com/motcua/motcua/internal/kvpg/pgtest"
)

// The pools open their connections without being asked (MinConns, by
// default all of them, and one of UpdateQueued's), and every new one runs
// Options.Warm first: in a read-only transaction, whose writes fail, that
// is then rolled back (the connection serves outside any transaction, and
// nothing the warm-up wrote is kept), without counting in RoundTrips.
func TestWarmRunsOnEveryNewConnection(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	ctx := context.Background()
	if _, err := kvpg.Migrate(ctx, dsn, kvpg.Options{}, nil); err != nil {
		t.Fatal(err)
	}
	setup, err := kvpg.Open(ctx, dsn, kvpg.Options{MaxConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	err = setup.Update(func(tx kv.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte("recs"))
		if err != nil {
			return err
		}
		return b.Put([]byte("k"), []byte("v"))
	})
	setup.Close()
	if err != nil {
		t.Fatal(err)
	}
	var warmed, wrote, sawValue atomic.Int32
	warm := func(tx kv.Tx) error {
		defer warmed.Add(1)
		b := tx.Bucket([]byte("recs"))
		if b == nil || tx.Writable() {
			return nil
		}
		if string(b.Get([]byte("k"))) == "v" {
			sawValue.Add(1)
		}
		if b.Put([]byte("k"), []byte("warm")) == nil {
			wrote.Add(1)
		}
		return nil
	}
	db, err := kvpg.Open(ctx, dsn, kvpg.Options{MaxConns: 3, Warm: warm})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	trips := db.RoundTrips()
	for deadline := time.Now().Add(30 * time.Second); warmed.Load() < 4 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	if n := db.Pool.Stat().TotalConns(); n != 3 || warmed.Load() != 4 {
		t.Fatalf("the pool opened %d connections of 3 by itself, and %d were warmed of 4 (with the queued writer's)", n, warmed.Load())
	}
	if sawValue.Load() != 4 {
		t.Fatalf("%d warm-ups of 4 read the bucket's value", sawValue.Load())
	}
	if db.RoundTrips() != trips {
		t.Fatalf("the warm-ups counted %d round trips", db.RoundTrips()-trips)
	}
	conns := make([]interface{ Release() }, 0, 3)
	for range 3 {
		c, err := db.Pool.Acquire(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st := c.Conn().PgConn().TxStatus(); st != 'I' {
			t.Errorf("a warmed connection serves in transaction state %q", st)
		}
		conns = append(conns, c)
	}
	for _, c := range conns {
		c.Release()
	}
	var v []byte
	if err := db.View(func(tx kv.Tx) error { v = tx.Bucket([]byte("recs")).Get([]byte("k")); return nil }); err != nil {
		t.Fatal(err)
	}
	if string(v) != "v" {
		t.Fatalf("after the warm-ups the value is %q (%d warm-ups wrote)", v, wrote.Load())
	}
}
