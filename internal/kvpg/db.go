// Package kvpg is the PostgreSQL engine of internal/kv: the same buckets,
// keys and values as a bbolt file, in tables of one database, so that
// several server processes can share one store.
//
// Layout: a bucket NAME is the table kv_NAME (sub bytea, k bytea, v bytea,
// PRIMARY KEY (sub, k)); its own keys have sub = ”, and the keys of its
// sub-bucket S have sub = S. A bucket's sequence, and the existence of a
// sub-bucket, is a row of kvpg_seq (bucket, sub, n). Keys sort as bytes,
// as in bbolt.
//
// Transactions: Update runs SERIALIZABLE and is retried from scratch on a
// serialization failure or a deadlock (SQLSTATE 40001, 40P01), so fn must
// be re-runnable (kv.DB says so). View runs REPEATABLE READ, READ ONLY: one
// snapshot of committed transactions. NextSequence updates the sequence's
// row inside the transaction, so a second transaction that wants the next
// number waits for the first to end and, under SERIALIZABLE, re-runs after
// it commits: the numbers of one sequence commit in their order (a reader
// that sees number n sees every number below it).
//
// Round trips: writes are buffered in the transaction and sent as one
// pipelined batch with the next cursor read and at commit; reads by key
// are remembered for the rest of the transaction; Prefetch (and its
// kin: PrefetchSub, PrefetchPrefixes, ReserveSequences) reads many keys in
// one query, and Together sends several of those in one batch. BEGIN goes
// with a transaction's first statement or batch, not on its own.
package kvpg

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"regexp"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/motcua/motcua/internal/kv"
)

// Options tune the connection pool and the time limits. Zero values take
// the defaults.
type Options struct {
	MaxConns         int32         // connections in the pool (default 16), plus 2 of UpdateQueued's own
	MinConns         int32         // kept open when idle (default MaxConns; negative: none), plus 1 of UpdateQueued's
	StatementTimeout time.Duration // per SQL statement (default 30 s)
	TxTimeout        time.Duration // per transaction attempt, all statements (default 60 s)
	ConnectTimeout   time.Duration // to open a connection (default 10 s)
	MaxRetries       int           // re-runs of a transaction after a conflict (default 50)
	ApplicationName  string        // shown in pg_stat_activity (default "motcua")

	// Warm, when set, runs on every new connection before it serves
	// anything, in a read-only transaction that is then rolled back
	// (warm.go): the reads a store's requests make, so that the
	// connection's statements are prepared and its backend has read the
	// tables they use. Its errors are ignored.
	Warm func(kv.Tx) error
}

func (o *Options) defaults() {
	if o.MaxConns <= 0 {
		o.MaxConns = 16
	}
	switch {
	case o.MinConns == 0 || o.MinConns > o.MaxConns:
		o.MinConns = o.MaxConns
	case o.MinConns < 0:
		o.MinConns = 0
	}
	if o.StatementTimeout <= 0 {
		o.StatementTimeout = 30 * time.Second
	}
	if o.TxTimeout <= 0 {
		o.TxTimeout = 60 * time.Second
	}
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = 10 * time.Second
	}
	if o.MaxRetries <= 0 {
		o.MaxRetries = 50
	}
	if o.ApplicationName == "" {
		o.ApplicationName = "motcua"
	}
}

// queuedConns is the size of UpdateQueued's own pool: one for the
// queued writer in its turn, one for a writer of another key.
const queuedConns = 2

// DB is a PostgreSQL database seen through kv.DB.
type DB struct {
	Pool *pgxpool.Pool
	// writers is UpdateQueued's own few connections: a queued writer (the
	// group commit, which every sync waits for) never waits for a
	// connection behind the pulls and reads that hold the pool's.
	writers *pgxpool.Pool
	opts    Options

	mu     sync.RWMutex
	tables map[string]bool // bucket tables known to exist

	retries, commits uint64 // counted under mu
	trips            *roundTrips
}

// RoundTrips is how many statements and pipelined batches (one round trip
// each) the pool has sent, BEGIN and COMMIT included.
func (d *DB) RoundTrips() uint64 { return d.trips.n.Load() }

// roundTrips counts what goes to the database, for RoundTrips, and how
// long UpdateQueued's transactions waited for its answers.
type roundTrips struct {
	n, queued  atomic.Uint64
	queuedWait atomic.Int64 // nanoseconds
}

// QueuedRoundTrips is the part of RoundTrips that UpdateQueued's
// transactions sent (their lock and unlock included): with one queued
// writer, the chain of round trips that bounds its throughput.
func (d *DB) QueuedRoundTrips() uint64 { return d.trips.queued.Load() }

// QueuedWait is how long UpdateQueued's transactions spent waiting for
// the database's answers, from sending a statement or batch to its last
// row: the rest of their time is the process's own work between them.
func (d *DB) QueuedWait() time.Duration { return time.Duration(d.trips.queuedWait.Load()) }

// queuedKey marks the context of an UpdateQueued transaction.
type queuedKey struct{}

// sentKey holds when a queued transaction's statement or batch was sent.
type sentKey struct{}

// start counts one round trip; for a queued transaction's it also notes
// when it was sent.
func (r *roundTrips) start(ctx context.Context) context.Context {
	if ctx.Value(warmKey{}) != nil {
		return ctx // a new connection's warm-up: not the store's work
	}
	r.n.Add(1)
	if ctx.Value(queuedKey{}) == nil {
		return ctx
	}
	r.queued.Add(1)
	return context.WithValue(ctx, sentKey{}, time.Now())
}

func (r *roundTrips) end(ctx context.Context) {
	if t, ok := ctx.Value(sentKey{}).(time.Time); ok {
		r.queuedWait.Add(int64(time.Since(t)))
	}
}

func (r *roundTrips) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	return r.start(ctx)
}
func (r *roundTrips) TraceQueryEnd(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryEndData) {
	r.end(ctx)
}
func (r *roundTrips) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	return r.start(ctx)
}
func (r *roundTrips) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {}
func (r *roundTrips) TraceBatchEnd(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchEndData) {
	r.end(ctx)
}

// Config parses dsn (a postgres:// URL or a key=value string) into a pool
// configuration with o's settings.
func Config(dsn string, o Options) (*pgxpool.Config, error) {
	o.defaults()
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("database address: %w", err)
	}
	cfg.MaxConns, cfg.MinConns = o.MaxConns, o.MinConns
	cfg.ConnConfig.ConnectTimeout = o.ConnectTimeout
	rp := cfg.ConnConfig.RuntimeParams
	rp["statement_timeout"] = strconv.FormatInt(o.StatementTimeout.Milliseconds(), 10)
	rp["idle_in_transaction_session_timeout"] = strconv.FormatInt(o.TxTimeout.Milliseconds(), 10)
	if rp["application_name"] == "" {
		rp["application_name"] = o.ApplicationName
	}
	return cfg, nil
}

// Open connects to the database at dsn and checks that it answers. The
// schema is Migrate's to set up; buckets the schema lacks are created by
// CreateBucketIfNotExists.
func Open(ctx context.Context, dsn string, o Options) (*DB, error) {
	cfg, err := Config(dsn, o)
	if err != nil {
		return nil, err
	}
	trips := &roundTrips{}
	cfg.ConnConfig.Tracer = trips
	o.defaults()
	d := &DB{opts: o, tables: map[string]bool{}, trips: trips}
	// The tables are listed before the pools open, on a connection of its
	// own: the pools open their connections at once, in the background,
	// and each is warmed knowing them (warm.go).
	if err := d.loadTables(ctx, cfg.ConnConfig); err != nil {
		return nil, err
	}
	if o.Warm != nil {
		cfg.AfterConnect = d.warmConn
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to the database: %w", err)
	}
	wcfg := cfg.Copy()
	wcfg.MaxConns, wcfg.MinConns = queuedConns, min(cfg.MinConns, 1)
	writers, err := pgxpool.NewWithConfig(ctx, wcfg)
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to the database: %w", err)
	}
	d.Pool, d.writers = pool, writers
	return d, nil
}

func (d *DB) loadTables(ctx context.Context, cc *pgx.ConnConfig) error {
	conn, err := connect(ctx, cc)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	rows, err := conn.Query(ctx, `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'kv\_%'`)
	if err != nil {
		return fmt.Errorf("connect to the database: %w", err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("list the store's tables: %w", err)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, n := range names {
		d.tables[n[len("kv_"):]] = true
	}
	return nil
}

// Close closes the pool.
func (d *DB) Close() error { d.Pool.Close(); d.writers.Close(); return nil }

// Ping checks that the database answers.
func (d *DB) Ping(ctx context.Context) error { return d.Pool.Ping(ctx) }

// Stats reports how many transactions committed and how many attempts
// were re-run after a conflict.
func (d *DB) Stats() (commits, retries uint64) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.commits, d.retries
}

// View runs fn in a read-only snapshot.
func (d *DB) View(fn func(kv.Tx) error) error {
	return d.run(fn, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
}

// Update runs fn in a SERIALIZABLE transaction, re-run on a conflict.
func (d *DB) Update(fn func(kv.Tx) error) error {
	return d.run(fn, pgx.TxOptions{IsoLevel: pgx.Serializable, AccessMode: pgx.ReadWrite})
}

// UpdateQueued is Update for a transaction known to conflict with others
// of the same key (central: its group-commit writers, one key for all, so
// one writes at a time across processes): it first waits its turn on an advisory lock of
// key, before its snapshot is taken, so those transactions queue instead of
// running together and all but one re-running. The lock only orders; the
// transaction is SERIALIZABLE as ever, so a wrong or empty key costs speed,
// never correctness.
func (d *DB) UpdateQueued(key string, fn func(kv.Tx) error) error {
	return d.runKeyed(key, fn, pgx.TxOptions{IsoLevel: pgx.Serializable, AccessMode: pgx.ReadWrite})
}

func (d *DB) run(fn func(kv.Tx) error, opts pgx.TxOptions) error { return d.runKeyed("", fn, opts) }

func (d *DB) runKeyed(key string, fn func(kv.Tx) error, opts pgx.TxOptions) error {
	for attempt := 0; ; attempt++ {
		err := d.attempt(key, fn, opts)
		if err == nil || !Retryable(err) || attempt >= d.opts.MaxRetries {
			return asOutage(err)
		}
		d.mu.Lock()
		d.retries++
		d.mu.Unlock()
		// Back off a little, at random, so the same two do not collide again.
		backoff := time.Duration(1+min(attempt, 6)) * time.Millisecond
		time.Sleep(backoff/2 + rand.N(backoff))
	}
}

// Retryable says whether err is a conflict PostgreSQL resolved by aborting
// the transaction (serialization failure, deadlock): re-running it from
// the start is correct.
func Retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

func (d *DB) attempt(key string, fn func(kv.Tx) error, opts pgx.TxOptions) (err error) {
	ctx, cancel := context.WithTimeout(context.Background(), d.opts.TxTimeout)
	defer cancel()
	if key != "" {
		ctx = context.WithValue(ctx, queuedKey{}, true)
	}
	pool := d.Pool
	if key != "" {
		pool = d.writers
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("database: %w", err)
	}
	defer conn.Release()
	if key != "" {
		// Session-level, so it is held before BEGIN takes the snapshot; the
		// two-int form keeps it apart from the migration lock.
		if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(1, hashtext($1))`, key); err != nil {
			return fmt.Errorf("database: %w", err)
		}
		defer func() {
			if _, uerr := conn.Exec(context.WithValue(context.Background(), queuedKey{}, true), `SELECT pg_advisory_unlock(1, hashtext($1))`, key); uerr != nil {
				// A connection that may still hold the lock must not go
				// back to the pool: closing it releases the lock.
				_ = conn.Conn().Close(context.Background())
			}
		}()
	}
	t := newTxn(ctx, d, conn.Conn(), opts)
	// After a commit this does nothing; after an error or a panic it ends
	// the transaction (a connection that cannot is closed, not reused).
	committed := false
	defer func() {
		if t.begun && !committed {
			if _, rerr := conn.Exec(context.Background(), "rollback"); rerr != nil {
				_ = conn.Conn().Close(context.Background())
			}
		}
	}()
	err = fn(t)
	if t.err != nil { // a failed read: the root cause, whatever fn made of it
		return t.err
	}
	if err != nil {
		return err
	}
	if err = t.flush(); err != nil {
		return err
	}
	if t.begun {
		tag, err := conn.Exec(ctx, "commit")
		if err != nil {
			return fmt.Errorf("database commit: %w", err)
		}
		committed = true
		if tag.String() == "ROLLBACK" { // the transaction had failed: nothing was kept
			return fmt.Errorf("database commit: %w", pgx.ErrTxCommitRollback)
		}
	}
	d.mu.Lock()
	d.commits++
	for name := range t.created {
		d.tables[name] = true
	}
	d.mu.Unlock()
	return nil
}

func (d *DB) hasTable(name string) bool {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.tables[name]
}

func (d *DB) tableNames() []string {
	d.mu.RLock()
	defer d.mu.RUnlock()
	out := make([]string, 0, len(d.tables))
	for n := range d.tables {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

var validName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,50}$`)

// Table is the table that holds bucket name.
func Table(name string) string { return "kv_" + name }

func connect(ctx context.Context, cfg *pgx.ConnConfig) (*pgx.Conn, error) {
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to the database: %w", err)
	}
	return conn, nil
}

// GetThrough reads, in one statement (its own snapshot, no transaction),
// the value of the key in bucket that index's key names: what a read
// transaction that Gets key from index, then its value from bucket, would
// return, in one round trip instead of four (BEGIN, the two reads,
// COMMIT). nil, nil when either key is absent. The API authenticates
// every request this way (central: token hash, then terminal).
func (d *DB) GetThrough(index, key, bucket []byte) ([]byte, error) {
	in, bk := string(index), string(bucket)
	if !d.hasTable(in) || !d.hasTable(bk) {
		return nil, nil // no such bucket: nothing in it, as a transaction's Bucket says
	}
	ctx, cancel := context.WithTimeout(context.Background(), d.opts.TxTimeout)
	defer cancel()
	var v []byte
	err := d.Pool.QueryRow(ctx, getThroughSQL(in, bk), key).Scan(&v)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return nil, nil
	case err != nil:
		return nil, asOutage(fmt.Errorf("database: %w", err))
	case v == nil:
		v = []byte{} // an empty value is present, as in bbolt
	}
	return v, nil
}
