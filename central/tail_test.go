package central

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	"github.com/motcua/motcua/internal/kv"
	"github.com/motcua/motcua/internal/kvpg/pgtest"
)

// tailTerm is a terminal of the tail tests, pushing its ops in order.
type tailTerm struct {
	enrolledForTest
	ops    []motcua.Op
	at     int
	acked  uint64
	cursor string
}

func tailTerms(t *testing.T, c *Store, n, dossiers int) []*tailTerm {
	t.Helper()
	terms := make([]*tailTerm, n)
	for i := range terms {
		e := enrollFor(t, c)
		terms[i] = &tailTerm{enrolledForTest: e, ops: withCounterRecords(t, e.r, benchOps(t, e.r, dossiers, c.Now(), i+1), c.Now())}
	}
	return terms
}

// withCounterRecords puts a guidance (a counter record: its own kind of
// log entry, pulled for the unit's day book) after every second dossier's
// ops, and numbers the ops again.
func withCounterRecords(t *testing.T, r motcua.EnrollResponse, ops []motcua.Op, now time.Time) []motcua.Op {
	t.Helper()
	var out []motcua.Op
	for i, op := range ops {
		out = append(out, op)
		if (i+1)%10 != 0 {
			continue
		}
		rec := motcua.CounterRecord{ID: motcua.NewID(now), Kind: motcua.CounterGuidance, At: now, Unit: r.Unit,
			ProcedureCode: "1.001193", ProcedureName: "Đăng ký khai sinh", Applicant: motcua.Person{Name: "Lê Văn Cường"},
			Missing: []string{"Giấy chứng sinh"}}
		g, err := motcua.NewOp(motcua.OpCounterRecord, "", rec)
		if err != nil {
			t.Fatal(err)
		}
		g.ID, g.ClientTime, g.Officer = motcua.NewID(now), now, "Trần Văn Bình"
		out = append(out, g)
	}
	for i := range out {
		out[i].Seq = uint64(i + 1)
	}
	return out
}

// syncVia pushes the terminal's next batch (up to size ops, none when its
// ops are all sent) through c with a pull bounded by limit and maxBytes, and
// checks the answer's page against the page c's database gives for the same
// pull once the sync has committed: the same bytes, the same echoes.
func (tt *tailTerm) syncVia(t *testing.T, c *Store, size, limit, maxBytes int) motcua.RawSyncResponse {
	t.Helper()
	ops := tt.ops[tt.at:min(tt.at+size, len(tt.ops))]
	pull := motcua.PullRequest{Cursor: tt.cursor, Limit: limit, MaxBytes: maxBytes}
	resp, err := c.Sync(tt.r.TerminalID, motcua.SyncRequest{TerminalID: tt.r.TerminalID, InstallNonce: tt.nonce,
		Schema: motcua.WireSchema, AckedSeq: tt.acked, Ops: ops, Pull: pull})
	if err != nil {
		t.Fatal(err)
	}
	l, b := c.pageBounds(pull)
	want, echoes, err := c.pullDB(testUnit, tt.r.TerminalID, pull, false, l, b)
	if err != nil {
		t.Fatal(err)
	}
	samePage(t, fmt.Sprintf("sync of %s from %q", tt.r.TerminalID, tt.cursor), resp.Pull, resp.Counts.Echoes, want, echoes)
	tt.at += len(ops)
	tt.acked, tt.cursor = resp.LastAppliedSeq, resp.Pull.Cursor
	return resp
}

func samePage(t *testing.T, what string, got motcua.RawPullPage, gotEchoes int, want motcua.RawPullPage, wantEchoes int) {
	t.Helper()
	g, err1 := json.Marshal(got)
	w, err2 := json.Marshal(want)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if !bytes.Equal(g, w) || gotEchoes != wantEchoes {
		t.Fatalf("%s: the page differs from the database's\n got %d echoes, %s\nwant %d echoes, %s", what, gotEchoes, g, wantEchoes, w)
	}
}

// logCursors are the cursors of every entry of the unit's change log, the
// empty cursor, and one the log never wrote.
func logCursors(t *testing.T, c *Store) []string {
	t.Helper()
	cursors := []string{"", "3-00000000"}
	err := c.db.View(func(tx kv.Tx) error {
		log := tx.Bucket(bChanges).Bucket([]byte(testUnit))
		return log.ForEach(func(k, v []byte) error {
			var e changeEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return err
			}
			cursors = append(cursors, formatCursor(boltkv.Be64(k), e.Tag))
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return cursors
}

// everyTailPage compares, for every cursor of the log, each terminal's
// echoes (and none) and a few bounds, the page of the unit's tail (when it
// answers) with the database's. It returns how many the tail answered, and
// the counter records their pages carried.
func everyTailPage(t *testing.T, c *Store, terms []*tailTerm, rng *rand.Rand) (answered, records int) {
	t.Helper()
	c.tails.mu.RLock()
	gen := c.tails.units[testUnit].gen
	c.tails.mu.RUnlock()
	for _, cursor := range logCursors(t, c) {
		for i := -1; i < len(terms); i++ {
			term := ""
			if i >= 0 {
				term = terms[i].r.TerminalID
			}
			p := motcua.PullRequest{Cursor: cursor, Limit: 1 + rng.IntN(12), MaxBytes: []int{0, 1, 3000, 9000}[rng.IntN(4)]}
			l, b := c.pageBounds(p)
			got, gotEchoes, ok := c.tails.pull(testUnit, term, p, gen, l, b)
			if !ok {
				continue
			}
			answered++
			records += len(got.CounterRecords)
			want, wantEchoes, err := c.pullDB(testUnit, term, p, false, l, b)
			if err != nil {
				t.Fatal(err)
			}
			samePage(t, fmt.Sprintf("tail page from %q for %q (limit %d, %d bytes)", cursor, term, l, b), got, gotEchoes, want, wantEchoes)
		}
	}
	return answered, records
}

// The tail's page is the database's: over a random history of syncs (one
// to nine ops, each dossier changed five times, so records are compacted
// within and across groups) with public questions written outside the
// group writer in between (another writer of the unit's log, which the next
// group must notice), every sync's answer equals the database's page right
// after it, and so does the tail's page for every cursor of the log, every
// terminal's echoes and random bounds. The terminals give guidance at the
// counter too (counter records, a third kind of record in the log).
func TestTailPageIsTheDatabasePage(t *testing.T) {
	c, _ := mustCentral(t)
	c.UnitInboxPerHour = 1000
	now := time.Now()
	c.Now = func() time.Time { return now }
	rng := rand.New(rand.NewPCG(15, 16))
	terms := tailTerms(t, c, 3, 8)
	answered, records, questions := 0, 0, 0
	for step := 0; step < 60; step++ {
		if rng.IntN(5) == 0 {
			questions++
			if _, err := c.AddPublicQuestion(motcua.PublicQuestion{Unit: testUnit, Name: "Lê Văn Cường", Contact: "0912 345 678",
				Text: fmt.Sprintf("Câu hỏi %d", step)}); err != nil {
				t.Fatal(err)
			}
		}
		tt := terms[rng.IntN(len(terms))]
		tt.syncVia(t, c, 1+rng.IntN(9), 1+rng.IntN(12), []int{0, 3000, 9000}[rng.IntN(3)])
		a, r := everyTailPage(t, c, terms, rng)
		answered, records = answered+a, records+r
	}
	t.Logf("%d tail pages compared (%d counter records in them), %d questions written beside the groups, %d sync pulls from the tail",
		answered, records, questions, c.tailPulls.Load())
	if answered < 1000 || records < 100 || c.tailPulls.Load() < 10 {
		t.Fatalf("the tail answered %d pages (%d counter records) and %d sync pulls: the test compared too little", answered, records, c.tailPulls.Load())
	}
}

// Two API processes on one PostgreSQL database: what one writes to a unit's
// change log, the other's tail has never seen. Its next group must find the
// log moved (the unit's sequence it locks is past its tail), and the pull of
// that group's sync must carry the other process's records: every answer
// equals the database's page right after the sync.
func TestTailSeesAnotherProcessWrites(t *testing.T) {
	if !pgtest.Postgres() {
		t.Skip("two processes on one database is PostgreSQL's")
	}
	dsn := pgtest.NewDatabase(t)
	ctx := context.Background()
	if _, err := Migrate(ctx, dsn, PGOptions{}); err != nil {
		t.Fatal(err)
	}
	var procs [2]*Store
	for i := range procs {
		c, err := OpenPostgres(ctx, dsn, PGOptions{MaxConns: 4})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		procs[i] = c
	}
	if _, err := procs[0].AddUnit(testUnit, "UBND xã Tân Thành", ""); err != nil {
		t.Fatal(err)
	}
	terms := tailTerms(t, procs[0], 2, 10)
	a, b := terms[0], terms[1]
	rng := rand.New(rand.NewPCG(7, 8))
	for round := 0; round < 12; round++ {
		a.syncVia(t, procs[0], 3, 50, 0)
		a.syncVia(t, procs[0], 1, 50, 0) // from procs[0]'s tail: b wrote nothing since
		before := len(b.ops[:b.at])
		b.syncVia(t, procs[1], 2+rng.IntN(3), 50, 0)
		if b.at == before {
			break
		}
		resp := a.syncVia(t, procs[0], 1, 50, 0)
		if len(resp.Pull.Dossiers) == 0 {
			t.Fatalf("round %d: the pull after the other process wrote carries none of its dossiers", round)
		}
	}
	if procs[0].tailPulls.Load() == 0 {
		t.Fatal("no pull was answered from the tail: the test compared nothing of it")
	}
	t.Logf("process 1 answered %d pulls from its tail", procs[0].tailPulls.Load())
}

// logSequence is the unit's change-log number now.
func logSequence(t *testing.T, c *Store) uint64 {
	t.Helper()
	var n uint64
	if err := c.db.View(func(tx kv.Tx) error {
		n = tx.Bucket(bChanges).Bucket([]byte(testUnit)).Sequence()
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

// A database put back from a backup under a running process, then written
// by others up to the very number the process's tail ends at: the number
// matches, the entry there is another (its tag), so the next group starts
// the tail again, and a terminal whose cursor names the lost entry is
// answered with a reset, as the database answers it.
func TestTailNoticesARestoredLogOfTheSameLength(t *testing.T) {
	c, _ := mustCentral(t)
	c.UnitInboxPerHour = 1000
	terms := tailTerms(t, c, 2, 6)
	writer, reader := terms[0], terms[1]
	writer.syncVia(t, c, 5, 50, 0)
	reader.syncVia(t, c, 0, 50, 0)
	backup := backupStore(t, c)()
	t.Cleanup(func() { backup.Close() })
	s0 := logSequence(t, c)
	writer.syncVia(t, c, 7, 50, 0)
	reader.syncVia(t, c, 0, 50, 0) // its cursor now names the tail's last entry
	s1 := logSequence(t, c)
	if hi, _ := c.tails.hi(testUnit); hi != s1 || reader.cursor == "" {
		t.Fatalf("the tail ends at %d, the log at %d, the reader's cursor %q", hi, s1, reader.cursor)
	}
	if _, err := backup.CopyTo(c); err != nil {
		t.Fatal(err)
	}
	for range s1 - s0 {
		if _, err := c.AddPublicQuestion(motcua.PublicQuestion{Unit: testUnit, Name: "Lê Văn Cường", Contact: "0912 345 678", Text: "Hỏi"}); err != nil {
			t.Fatal(err)
		}
	}
	if n := logSequence(t, c); n != s1 {
		t.Fatalf("the restored log was written up to %d, want %d", n, s1)
	}
	resp := reader.syncVia(t, c, 0, 50, 0)
	if !resp.Pull.Reset {
		t.Fatal("a cursor naming an entry the restored log lacks was not answered with a reset")
	}
}

// A unit's change log emptied under the process (every entry, its latest
// marks and its number gone, as a copy taken before the unit's first change
// put back would leave it): the group that writes the log's first entry
// again finds it empty, so a tail that still ends further on starts again
// instead of carrying on from its old end, and a cursor into the lost log is
// answered with a reset, as the database answers it.
func TestTailStartsAgainOnAnEmptiedLog(t *testing.T) {
	c, _ := mustCentral(t)
	terms := tailTerms(t, c, 2, 6)
	writer, reader := terms[0], terms[1]
	for range 2 {
		writer.syncVia(t, c, 5, 50, 0)
		reader.syncVia(t, c, 0, 50, 0)
	}
	if hi, _ := c.tails.hi(testUnit); hi == 0 {
		t.Fatal("no tail was kept")
	}
	err := c.db.Update(func(tx kv.Tx) error {
		log := tx.Bucket(bChanges).Bucket([]byte(testUnit))
		if err := deleteAll(log, nil); err != nil {
			return err
		}
		if err := deleteAll(tx.Bucket(bLatest), append([]byte(testUnit), boltkv.Sep)); err != nil {
			return err
		}
		return log.SetSequence(0)
	})
	if err != nil {
		t.Fatal(err)
	}
	writer.syncVia(t, c, 2, 50, 0)
	if resp := reader.syncVia(t, c, 0, 50, 0); !resp.Pull.Reset {
		t.Fatal("a cursor into the emptied log was not answered with a reset")
	}
}

// deleteAll deletes the keys of b under prefix (nil: all).
func deleteAll(b kv.Bucket, prefix []byte) error {
	var keys [][]byte
	cur := b.Cursor()
	for k, _ := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = cur.Next() {
		keys = append(keys, append([]byte(nil), k...))
	}
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}
