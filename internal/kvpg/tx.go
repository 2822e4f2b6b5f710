package kvpg

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/jackc/pgx/v5"
	"github.com/motcua/motcua/internal/kv"
)

// ckey names one key of one (sub-)bucket.
type ckey struct {
	table, sub, k string
}

// entry is what the transaction knows of a key: its value (nil = absent),
// and whether it was written here and not yet sent.
type entry struct {
	v     []byte
	dirty bool
}

// seqKey names a sequence: a bucket's own (sub "") or a sub-bucket's.
type seqKey struct{ table, sub string }

// seqState is what the transaction knows of a sequence row.
type seqState struct {
	loaded bool   // n and exists were read (or the row was locked by an update)
	exists bool   // the row exists (for a sub-bucket: the bucket exists)
	n      uint64 // the sequence
	dirty  bool   // n changed here and not yet sent
	create bool   // create the row (an empty sub-bucket) at flush
	held   bool   // updated here: the row is locked and n is the truth
}

type txn struct {
	ctx      context.Context
	db       *DB
	tx       *pgx.Conn // the transaction's connection
	begin    string    // the BEGIN statement, sent with the first query or batch (begun)
	begun    bool
	writable bool
	err      error // the first failure of a read; the transaction then fails

	keys    map[ckey]*entry
	dirty   int // entries with dirty set
	seqs    map[seqKey]*seqState
	created map[string]bool           // bucket tables created in this transaction
	ranges  map[string][]*prefixRange // by table: prefixes read whole (PrefetchPrefixes)

	pending      *pgx.Batch // read-aheads queued inside Together
	pendingReads []pendingRead
}

func newTxn(ctx context.Context, db *DB, conn *pgx.Conn, opts pgx.TxOptions) *txn {
	return &txn{ctx: ctx, db: db, tx: conn, writable: opts.AccessMode == pgx.ReadWrite,
		begin: fmt.Sprintf("begin isolation level %s %s", opts.IsoLevel, opts.AccessMode),
		keys:  map[ckey]*entry{}, seqs: map[seqKey]*seqState{}}
}

// started sends BEGIN if no statement has gone yet (Together sends it in
// its batch instead: a pull's first round trip); false after a failure,
// which the transaction remembers.
func (t *txn) started() bool {
	if t.err != nil {
		return false
	}
	if !t.begun {
		t.begun = true
		if _, err := t.tx.Exec(t.ctx, t.begin); err != nil {
			t.fail(err)
			return false
		}
	}
	return true
}

var errReadOnly = errors.New("kvpg: write in a read-only transaction")

func (t *txn) fail(err error) {
	if t.err == nil && err != nil {
		t.err = fmt.Errorf("database: %w", err)
	}
}

func (t *txn) Writable() bool { return t.writable }

func (t *txn) Bucket(name []byte) kv.Bucket {
	n := string(name)
	if t.db.hasTable(n) || t.created[n] {
		return &bucket{t: t, name: n, table: Table(n)}
	}
	return nil
}

// CreateBucketIfNotExists creates the bucket's table when the schema has
// none (a bucket newer than the migrations), under a lock, so that two
// processes starting at once do not both try.
func (t *txn) CreateBucketIfNotExists(name []byte) (kv.Bucket, error) {
	if b := t.Bucket(name); b != nil {
		return b, nil
	}
	n := string(name)
	if !t.writable {
		return nil, errReadOnly
	}
	if !validName.MatchString(n) {
		return nil, fmt.Errorf("kvpg: bucket name %q is not a table name", name)
	}
	if !t.started() {
		return nil, t.err
	}
	if _, err := t.tx.Exec(t.ctx, `SELECT pg_advisory_xact_lock($1)`, lockKey); err != nil {
		return nil, fmt.Errorf("database: %w", err)
	}
	if _, err := t.tx.Exec(t.ctx, createBucketSQL(n)); err != nil {
		return nil, fmt.Errorf("database: create bucket %s: %w", n, err)
	}
	if t.created == nil {
		t.created = map[string]bool{}
	}
	t.created[n] = true
	return t.Bucket(name), nil
}

// createBucketSQL is a bucket's table (Migrate's SQL files use the same).
func createBucketSQL(name string) string {
	return `CREATE TABLE IF NOT EXISTS ` + Table(name) + ` (sub bytea NOT NULL DEFAULT '', k bytea NOT NULL, v bytea NOT NULL, PRIMARY KEY (sub, k))`
}

func (t *txn) ForEach(fn func(name []byte, b kv.Bucket) error) error {
	names := t.db.tableNames()
	for n := range t.created {
		if !t.db.hasTable(n) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		if err := fn([]byte(n), t.Bucket([]byte(n))); err != nil {
			return err
		}
	}
	return t.err
}

// get reads one key, remembering it for the rest of the transaction.
func (t *txn) get(table, sub string, k []byte) []byte {
	ck := ckey{table, sub, string(k)}
	if e, ok := t.keys[ck]; ok {
		return e.v
	}
	if !t.started() {
		return nil
	}
	var v []byte
	err := t.tx.QueryRow(t.ctx, `SELECT v FROM `+table+` WHERE sub = $1 AND k = $2`, []byte(sub), k).Scan(&v)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		v = nil
	case err != nil:
		t.fail(err)
		return nil
	case v == nil:
		v = []byte{} // an empty value is present, as in bbolt
	}
	t.keys[ck] = &entry{v: v}
	return v
}

func (t *txn) put(table, sub string, k, v []byte) error {
	if !t.writable {
		return errReadOnly
	}
	if len(k) == 0 {
		return errors.New("kvpg: empty key")
	}
	if t.err != nil {
		return t.err
	}
	ck := ckey{table, sub, string(k)}
	e := t.keys[ck]
	if e == nil {
		e = &entry{}
		t.keys[ck] = e
	}
	if !e.dirty {
		t.dirty++
	}
	e.dirty = true
	t.noteKey(table, sub, ck.k)
	if v == nil {
		v = []byte{}
	} else {
		v = bytes.Clone(v) // the caller may reuse its buffer, as bbolt allows after Put
	}
	e.v = v
	return nil
}

// del marks a key deleted; a deleted key is an entry with a nil value.
func (t *txn) del(table, sub string, k []byte) error {
	if !t.writable {
		return errReadOnly
	}
	if t.err != nil {
		return t.err
	}
	ck := ckey{table, sub, string(k)}
	e := t.keys[ck]
	if e == nil {
		e = &entry{}
		t.keys[ck] = e
	}
	if !e.dirty {
		t.dirty++
	}
	e.dirty, e.v = true, nil
	t.noteKey(table, sub, ck.k)
	return nil
}

// flush sends every buffered write in one pipelined batch, in key order
// (so two transactions lock the rows they share in the same order).
func (t *txn) flush() error {
	if t.err != nil {
		return t.err
	}
	var b pgx.Batch
	t.queueWrites(&b)
	if b.Len() == 0 {
		return nil
	}
	if !t.started() {
		return t.err
	}
	if err := t.tx.SendBatch(t.ctx, &b).Close(); err != nil {
		t.fail(err)
		return t.err
	}
	return nil
}

// queueWrites queues every buffered write on b and marks them sent.
func (t *txn) queueWrites(b *pgx.Batch) {
	if t.dirty > 0 {
		keys := make([]ckey, 0, t.dirty)
		for ck, e := range t.keys {
			if e.dirty {
				keys = append(keys, ck)
			}
		}
		sort.Slice(keys, func(i, j int) bool {
			a, c := keys[i], keys[j]
			if a.table != c.table {
				return a.table < c.table
			}
			if a.sub != c.sub {
				return a.sub < c.sub
			}
			return a.k < c.k
		})
		for _, ck := range keys {
			e := t.keys[ck]
			if e.v == nil {
				b.Queue(`DELETE FROM `+ck.table+` WHERE sub = $1 AND k = $2`, []byte(ck.sub), []byte(ck.k))
			} else {
				b.Queue(`INSERT INTO `+ck.table+` (sub, k, v) VALUES ($1, $2, $3) ON CONFLICT (sub, k) DO UPDATE SET v = EXCLUDED.v`,
					[]byte(ck.sub), []byte(ck.k), e.v)
			}
			e.dirty = false
		}
		t.dirty = 0
	}
	for sk, s := range t.seqs {
		switch {
		case s.dirty:
			b.Queue(`UPDATE kvpg_seq SET n = $3 WHERE bucket = $1 AND sub = $2`, sk.table, []byte(sk.sub), int64(s.n))
		case s.create:
			b.Queue(`INSERT INTO kvpg_seq (bucket, sub, n) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING`, sk.table, []byte(sk.sub))
			s.exists = true
		}
		s.dirty, s.create = false, false
	}
}

// seq returns the transaction's state of a sequence row, reading it the
// first time.
func (t *txn) seq(table, sub string) *seqState {
	sk := seqKey{table, sub}
	s := t.seqs[sk]
	if s == nil {
		s = &seqState{}
		t.seqs[sk] = s
	}
	if s.loaded || s.create || !t.started() {
		return s
	}
	var n int64
	err := t.tx.QueryRow(t.ctx, `SELECT n FROM kvpg_seq WHERE bucket = $1 AND sub = $2`, table, []byte(sub)).Scan(&n)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		s.loaded = true
	case err != nil:
		t.fail(err)
	default:
		s.loaded, s.exists, s.n = true, true, uint64(n)
	}
	return s
}

// nextSequence takes the next number of a sequence. The first time in a
// transaction it increments the row in the database, which locks it until
// the transaction ends; later numbers are counted here and written at flush.
func (t *txn) nextSequence(table, sub string) (uint64, error) {
	if !t.writable {
		return 0, errReadOnly
	}
	if t.err != nil {
		return 0, t.err
	}
	sk := seqKey{table, sub}
	s := t.seqs[sk]
	if s != nil && s.held {
		s.n++
		s.dirty = true
		return s.n, nil
	}
	if !t.started() {
		return 0, t.err
	}
	var n int64
	err := t.tx.QueryRow(t.ctx, `INSERT INTO kvpg_seq (bucket, sub, n) VALUES ($1, $2, 1)
		ON CONFLICT (bucket, sub) DO UPDATE SET n = kvpg_seq.n + 1 RETURNING n`, table, []byte(sub)).Scan(&n)
	if err != nil {
		t.fail(err)
		return 0, t.err
	}
	if s == nil {
		s = &seqState{}
		t.seqs[sk] = s
	}
	*s = seqState{loaded: true, exists: true, held: true, n: uint64(n)}
	return s.n, nil
}

// setSequence writes a sequence at once (copying a store).
func (t *txn) setSequence(table, sub string, v uint64) error {
	if !t.writable {
		return errReadOnly
	}
	if t.err != nil {
		return t.err
	}
	if !t.started() {
		return t.err
	}
	_, err := t.tx.Exec(t.ctx, `INSERT INTO kvpg_seq (bucket, sub, n) VALUES ($1, $2, $3)
		ON CONFLICT (bucket, sub) DO UPDATE SET n = EXCLUDED.n`, table, []byte(sub), int64(v))
	if err != nil {
		t.fail(err)
		return t.err
	}
	t.seqs[seqKey{table, sub}] = &seqState{loaded: true, exists: true, held: true, n: v}
	return nil
}

// queryAfterWrites runs a read that must see the transaction's buffered
// writes: the writes and the read go in one pipelined batch (one round
// trip), the read last, and each of its rows goes to row.
func (t *txn) queryAfterWrites(q string, args []any, row func(pgx.Rows) error) error {
	if !t.started() {
		return t.err
	}
	var b pgx.Batch
	t.queueWrites(&b)
	writes := b.Len()
	b.Queue(q, args...)
	br := t.tx.SendBatch(t.ctx, &b)
	err := func() error {
		for range writes {
			if _, err := br.Exec(); err != nil {
				return err
			}
		}
		rows, err := br.Query()
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := row(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	}()
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.fail(err)
		return t.err
	}
	return nil
}
