package kvpg

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// A new connection is slow at first: on the machine of BENCHMARKS.md
// ("The first second") PostgreSQL took 18 ms to start its backend, 1.3 ms
// for the first statement and 2–3 ms for the first read of a table (the
// backend loads the table's and its index's descriptions), and pgx
// prepares each statement the first time the connection sends it. A pool
// that opens its connections when requests ask for them pays all that in
// the requests' time, and when 200 terminals start at once, in a burst of
// new connections that the database's cores spend starting backends: the
// tail of issue 15's paced benchmark was that first second.
//
// So the pool opens its connections at start, in the background (MinConns,
// by default all of them), and keeps them; each new connection, at start
// or when it replaces one, first runs the store's own reads (Options.Warm)
// in a read-only transaction that is rolled back, before it serves.

// warmKey marks the context of a warm-up: its statements are not the
// store's round trips (RoundTrips).
type warmKey struct{}

// warmConn is the pools' AfterConnect: Options.Warm on the new connection.
// A failure of the warm-up itself is ignored (the connection serves as a
// cold one would); a connection left in a transaction it cannot end is
// refused, and the pool opens another.
func (d *DB) warmConn(ctx context.Context, conn *pgx.Conn) error {
	ctx = context.WithValue(ctx, warmKey{}, true)
	t := newTxn(ctx, d, conn, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	_ = d.opts.Warm(t)
	if !t.begun {
		return nil
	}
	if _, err := conn.Exec(ctx, "rollback"); err != nil {
		return fmt.Errorf("database: warm-up: %w", err)
	}
	return nil
}

// getThroughSQL is GetThrough's statement: one text for a pair of tables,
// so that a warm-up's (txn.GetThrough) is the one the pool prepares.
func getThroughSQL(index, bucket string) string {
	return `SELECT b.v FROM ` + Table(index) + ` i JOIN ` + Table(bucket) + ` b ON b.sub = '' AND b.k = i.v
		WHERE i.sub = '' AND i.k = $1`
}

// GetThrough is DB.GetThrough inside the transaction (its snapshot, its
// connection): what a warm-up runs to prepare the statement.
func (t *txn) GetThrough(index, key, bucket []byte) ([]byte, error) {
	in, bk := string(index), string(bucket)
	if !t.db.hasTable(in) || !t.db.hasTable(bk) || !t.started() {
		return nil, t.err
	}
	var v []byte
	err := t.tx.QueryRow(t.ctx, getThroughSQL(in, bk), key).Scan(&v)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return nil, nil
	case err != nil:
		t.fail(err)
		return nil, t.err
	case v == nil:
		v = []byte{}
	}
	return v, nil
}
