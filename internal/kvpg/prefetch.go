package kvpg

import (
	"bytes"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/motcua/motcua/internal/kv"
)

// pendingRead is a read-ahead query queued in Together's batch: each of
// its rows goes to row, then done runs.
type pendingRead struct {
	row  func(pgx.Rows) error
	done func()
}

// readQuery runs a read-ahead query, or inside Together queues it for one
// pipelined batch; each row goes to row, then done runs (not after a
// failure, which the transaction remembers).
func (t *txn) readQuery(sql string, args []any, row func(pgx.Rows) error, done func()) {
	if t.pending != nil {
		t.pending.Queue(sql, args...)
		t.pendingReads = append(t.pendingReads, pendingRead{row, done})
		return
	}
	if !t.started() {
		return
	}
	rows, err := t.tx.Query(t.ctx, sql, args...)
	if err != nil {
		t.fail(err)
		return
	}
	if err := eachRow(rows, row); err != nil {
		t.fail(err)
		return
	}
	done()
}

func eachRow(rows pgx.Rows, row func(pgx.Rows) error) error {
	defer rows.Close()
	for rows.Next() {
		if err := row(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Together runs fn, whose read-aheads (Prefetch, PrefetchSub,
// PrefetchPrefixes, ReserveSequences) then go to the database in one
// pipelined batch, one round trip for all: they must not depend on each
// other's answers.
func (t *txn) Together(fn func()) {
	if t.pending != nil {
		fn()
		return
	}
	t.pending = &pgx.Batch{}
	fn()
	b, reads := t.pending, t.pendingReads
	t.pending, t.pendingReads = nil, nil
	if b.Len() == 0 || t.err != nil {
		return
	}
	if !t.begun { // BEGIN goes first in the same batch: no round trip of its own
		t.begun = true
		b.QueuedQueries = append([]*pgx.QueuedQuery{{SQL: t.begin}}, b.QueuedQueries...)
		reads = append([]pendingRead{{row: func(pgx.Rows) error { return nil }, done: func() {}}}, reads...)
	}
	br := t.tx.SendBatch(t.ctx, b)
	for _, r := range reads {
		rows, err := br.Query()
		if err == nil {
			err = eachRow(rows, r.row)
		}
		if err != nil {
			_ = br.Close()
			t.fail(err)
			return
		}
		r.done()
	}
	if err := br.Close(); err != nil {
		t.fail(err)
	}
}

// Prefetch reads the keys of a top-level bucket the transaction has not
// seen yet in one query, and remembers each (absent ones as absent), so
// that their Gets cost no round trip. What the transaction has read or
// written already is kept as it is.
//
// The read-ahead queries probe the primary key once per key or prefix (a
// LATERAL subquery with LIMIT or OFFSET, which the planner cannot fold
// into a join): written as `k = ANY($1)` or a plain join, a table that grew
// since its last ANALYZE (a new database, before autovacuum's first pass)
// was planned as a scan of every row with sub = ” (its selectivity guessed
// at 0.5 % without statistics), 10–25 ms a query at 40,000 rows.
func (t *txn) Prefetch(bucket []byte, keys [][]byte) {
	name := string(bucket)
	if t.err != nil || !(t.db.hasTable(name) || t.created[name]) {
		return
	}
	table := Table(name)
	want := make([][]byte, 0, len(keys))
	for _, k := range keys {
		if _, ok := t.keys[ckey{table, "", string(k)}]; !ok && len(k) > 0 {
			want = append(want, k)
		}
	}
	if len(want) == 0 {
		return
	}
	found := map[string][]byte{}
	t.readQuery(`SELECT r.k, b.v FROM unnest($1::bytea[]) AS r(k)
		CROSS JOIN LATERAL (SELECT v FROM `+table+` WHERE sub = '' AND k = r.k LIMIT 1) b`, []any{want},
		func(rows pgx.Rows) error {
			var k, v []byte
			if err := rows.Scan(&k, &v); err != nil {
				return err
			}
			if v == nil {
				v = []byte{} // an empty value is present, as in bbolt
			}
			found[string(k)] = v
			return nil
		},
		func() {
			for _, k := range want {
				ck := ckey{table, "", string(k)}
				if _, ok := t.keys[ck]; !ok { // a key named twice
					t.keys[ck] = &entry{v: found[string(k)]}
				}
			}
		})
}

// prefixRange is a prefix of a top-level bucket the transaction read
// whole (PrefetchPrefixes): every key under it that the database held, and
// every key under it written here since, by name (their values are in the
// transaction's keys; a deleted one is a nil value there).
type prefixRange struct {
	p    []byte
	keys map[string]struct{}
}

// PrefetchPrefixes reads, in one query, every key of a top-level bucket
// under each prefix the transaction has not read whole yet, and remembers
// them (values as Prefetch does), so that ForEachPrefix walks them without
// a round trip.
func (t *txn) PrefetchPrefixes(bucket []byte, prefixes [][]byte) {
	name := string(bucket)
	if t.err != nil || !(t.db.hasTable(name) || t.created[name]) {
		return
	}
	table := Table(name)
	var los, his [][]byte
	for _, p := range prefixes {
		hi := successor(p)
		if hi == nil || t.prefixRange(table, p) != nil {
			continue // no upper bound (all 0xff), or read already
		}
		los, his = append(los, p), append(his, hi)
	}
	if len(los) == 0 {
		return
	}
	found := map[string][]byte{}
	t.readQuery(`SELECT b.k, b.v FROM unnest($1::bytea[], $2::bytea[]) AS r(lo, hi)
		CROSS JOIN LATERAL (SELECT k, v FROM `+table+` WHERE sub = '' AND k >= r.lo AND k < r.hi OFFSET 0) b`, []any{los, his},
		func(rows pgx.Rows) error {
			var k, v []byte
			if err := rows.Scan(&k, &v); err != nil {
				return err
			}
			if v == nil {
				v = []byte{}
			}
			found[string(k)] = v
			return nil
		},
		func() {
			for k, v := range found {
				if ck := (ckey{table, "", k}); t.keys[ck] == nil { // what the transaction knows already is newer
					t.keys[ck] = &entry{v: v}
				}
			}
			t.addRanges(table, los)
		})
}

// addRanges records prefixes of table as read whole: their key sets are
// every key under them the transaction knows (read or written).
func (t *txn) addRanges(table string, prefixes [][]byte) {
	if t.ranges == nil {
		t.ranges = map[string][]*prefixRange{}
	}
	added := make([]*prefixRange, len(prefixes))
	for i, p := range prefixes {
		added[i] = &prefixRange{p: bytes.Clone(p), keys: map[string]struct{}{}}
	}
	for ck := range t.keys {
		if ck.table != table || ck.sub != "" {
			continue
		}
		for _, r := range added {
			if strings.HasPrefix(ck.k, string(r.p)) {
				r.keys[ck.k] = struct{}{}
			}
		}
	}
	t.ranges[table] = append(t.ranges[table], added...)
}

// prefixRange is a range read whole that holds every key under p, or nil.
func (t *txn) prefixRange(table string, p []byte) *prefixRange {
	for _, r := range t.ranges[table] {
		if bytes.HasPrefix(p, r.p) {
			return r
		}
	}
	return nil
}

// noteKey adds a key written here to the ranges read whole that hold it.
func (t *txn) noteKey(table, sub, k string) {
	if sub != "" {
		return
	}
	for _, r := range t.ranges[table] {
		if strings.HasPrefix(k, string(r.p)) {
			r.keys[k] = struct{}{}
		}
	}
}

// ScanPrefix walks the keys under prefix from a range read whole, with the
// transaction's own writes; done is false when no such range holds it.
func (b *bucket) ScanPrefix(prefix []byte, fn func(k, v []byte) error) (done bool, err error) {
	t := b.t
	if b.isSub {
		return false, nil
	}
	r := t.prefixRange(b.table, prefix)
	if r == nil {
		return false, nil
	}
	if t.err != nil {
		return true, t.err
	}
	keys := make([]string, 0, len(r.keys))
	for k := range r.keys {
		if strings.HasPrefix(k, string(prefix)) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		e := t.keys[ckey{b.table, "", k}]
		if e == nil || e.v == nil {
			continue // deleted here
		}
		if err := fn([]byte(k), e.v); err != nil {
			return true, err
		}
	}
	return true, t.err
}

// successor is the least key greater than every key that starts with p,
// nil when there is none (p is empty or all 0xff).
func successor(p []byte) []byte {
	s := bytes.Clone(p)
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] < 0xff {
			s[i]++
			return s[:i+1]
		}
	}
	return nil
}

// PrefetchSub reads keys of a bucket's sub-buckets that the transaction
// has not seen yet in one query, and remembers each, as Prefetch does.
func (t *txn) PrefetchSub(bucket []byte, keys []kv.SubKey) {
	name := string(bucket)
	if t.err != nil || !(t.db.hasTable(name) || t.created[name]) {
		return
	}
	table := Table(name)
	var subs, ks [][]byte
	for _, sk := range keys {
		if _, ok := t.keys[ckey{table, string(sk.Sub), string(sk.Key)}]; !ok && len(sk.Sub) > 0 && len(sk.Key) > 0 {
			subs, ks = append(subs, sk.Sub), append(ks, sk.Key)
		}
	}
	if len(ks) == 0 {
		return
	}
	found := map[ckey][]byte{}
	t.readQuery(`SELECT r.sub, r.k, b.v FROM unnest($1::bytea[], $2::bytea[]) AS r(sub, k)
		CROSS JOIN LATERAL (SELECT v FROM `+table+` WHERE sub = r.sub AND k = r.k LIMIT 1) b`, []any{subs, ks},
		func(rows pgx.Rows) error {
			var sub, k, v []byte
			if err := rows.Scan(&sub, &k, &v); err != nil {
				return err
			}
			if v == nil {
				v = []byte{}
			}
			found[ckey{table, string(sub), string(k)}] = v
			return nil
		},
		func() {
			for i := range ks {
				ck := ckey{table, string(subs[i]), string(ks[i])}
				if _, ok := t.keys[ck]; !ok {
					t.keys[ck] = &entry{v: found[ck]}
				}
			}
		})
}

// ReserveSequences locks, in one query, the sequence rows of the named
// sub-buckets the transaction holds no lock on yet (SELECT … FOR UPDATE,
// in key order), and remembers their numbers as NextSequence's first
// UPDATE would: a second writer of one of them waits for this transaction
// to end and, if it commits, re-runs (the order kvpg's sequences keep). A
// sub-bucket with no row is remembered as absent; its first NextSequence
// creates it as ever. In a read-only transaction it only reads them.
func (t *txn) ReserveSequences(bucket []byte, subs [][]byte) {
	name := string(bucket)
	if t.err != nil || !(t.db.hasTable(name) || t.created[name]) {
		return
	}
	table := Table(name)
	var want [][]byte
	for _, sub := range subs {
		s := t.seqs[seqKey{table, string(sub)}]
		if len(sub) > 0 && (s == nil || !(s.held || s.create || s.dirty || (s.loaded && !t.writable))) {
			want = append(want, sub)
		}
	}
	if len(want) == 0 {
		return
	}
	lock := ""
	if t.writable {
		lock = " FOR UPDATE"
	}
	found := map[string]int64{}
	t.readQuery(`SELECT sub, n FROM kvpg_seq WHERE bucket = $1 AND sub = ANY($2) ORDER BY sub`+lock, []any{table, want},
		func(rows pgx.Rows) error {
			var sub []byte
			var n int64
			if err := rows.Scan(&sub, &n); err != nil {
				return err
			}
			found[string(sub)] = n
			return nil
		},
		func() {
			for _, sub := range want {
				sk := seqKey{table, string(sub)}
				if n, ok := found[string(sub)]; ok {
					t.seqs[sk] = &seqState{loaded: true, exists: true, held: t.writable, n: uint64(n)}
				} else {
					t.seqs[sk] = &seqState{loaded: true}
				}
			}
		})
}
