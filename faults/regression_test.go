package faults_test

import (
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/faults"
	"github.com/motcua/motcua/store"
)

// Regression tests for bugs the harness found; each failed before its fix.
// Seeds that failed are also rows of their scenario's regression list.

// Bug 1 (found by TestClockFaults, seed 723825969627): a laptop clock that
// jumped days backwards after a sync stopped the officer (clock_backwards),
// but once the officer confirmed, the terminal issued codes dated before
// its lane lease began; the server refused them (code_lane), so codes
// already handed to citizens were void, and the moves and notes made on
// those dossiers were refused too (dossier_not_found). A code the terminal
// hands out must be one the server accepts: the terminal now refuses,
// even when the officer confirms, a date earlier than the server's clock
// seen at the last sync.
func TestRegressionConfirmedBackwardsClockIssuesRefusedCodes(t *testing.T) {
	clock := &vclock{}
	rig := faults.NewRig(t)
	h := faults.NewHistory("r1")
	s := rig.NewTerminal(t.TempDir(), "C", motcua.RoleCounter, clock.Now)
	defer s.Close()
	a := &faults.Actor{Name: "C", S: s, H: h, R: faults.NewRand(1)}
	sync := func() {
		t.Helper()
		if _, err := faults.Drain(faults.FastSyncer(t, s, 0), 3, 10*time.Second); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.Receive(); err != nil {
		t.Fatal(err)
	}
	sync()
	clock.Jump(-3 * 24 * time.Hour)
	a.AcceptClock = true
	if _, err := a.Receive(); err == nil {
		// Issued: then the server must accept it.
		mustCheck(t, rig, h, []string{"C"}, []*store.Store{s}, "a code handed out with a confirmed backwards clock: ")
		return
	} else if motcua.ErrorReason(err) != "clock_before_sync" {
		t.Fatalf("refused with %v, want clock_before_sync", err)
	}
	// Once synced, the offset is measured again and receptions go on.
	sync()
	if _, err := a.Receive(); err != nil {
		t.Fatalf("after a sync re-measured the clock: %v", err)
	}
	mustCheck(t, rig, h, []string{"C"}, []*store.Store{s}, "")
}

// Bug 2 (found by TestServerRestoredFromOldBackup, seed 895215934759),
// fixed by the server holding ops on records it lacks after a restore: after the server is restored from a backup, terminal B
// re-pushes its acknowledged move on dossier X, which terminal A received
// after the backup; if B syncs before A re-pushed X's reception, the
// server refuses the move (dossier_not_found) and the officer's
// acknowledged move is lost.
func TestRegressionRestoreRepushOrder(t *testing.T) {
	p := twoTerminals(t, "r2")
	backup := filepath.Join(t.TempDir(), "backup.db")
	p.rig.Backup(backup)
	x := p.receive(p.actA)
	p.sync(p.a)
	p.sync(p.b)
	p.move(p.actB, x, motcua.StatusProcessing)
	p.sync(p.b)
	p.rig.Restore(backup)
	// B first: X's reception is not back yet, so the server holds B's move
	// (the temporary "held") instead of refusing it.
	if _, err := faults.Drain(faults.FastSyncer(t, p.b, 0), 2, 5*time.Second); err != nil && !faults.Held(err) {
		t.Fatal(err)
	}
	p.sync(p.a)
	p.sync(p.b)
	p.check()
}

// Bug 3 (found by TestServerRestoredFromOldBackup, seed 6433595935): after
// the server is restored from a backup, terminals re-push their
// acknowledged ops in another order, so an op's result can change (A's
// move applied before, a conflict now; B's move a conflict before, applied
// now). The terminal recorded results only for newly acknowledged seqs, so
// A's officer was never told the move lost, and B kept a stale conflict
// item: "every op has exactly one result, on the server and on its
// terminal" broke. The terminal now records the server's result for a
// re-pushed seq too.
func TestRegressionRestoreChangesResults(t *testing.T) {
	p := twoTerminals(t, "r3")
	x := p.receive(p.actA)
	p.sync(p.a)
	p.sync(p.b)
	backup := filepath.Join(t.TempDir(), "backup.db")
	p.rig.Backup(backup)
	p.move(p.actA, x, motcua.StatusProcessing)
	p.sync(p.a) // applied
	p.move(p.actB, x, motcua.StatusWithdrawn)
	p.sync(p.b) // a conflict: X is being processed
	p.rig.Restore(backup)
	p.sync(p.b) // re-pushed first: applied now
	p.sync(p.a) // re-pushed second: a conflict now
	p.check()
}

// Bug 6 (found by the long run, TestKillServer seed 1012): a batch whose
// answer was lost (the server committed, the client timed out) is sent
// again smaller (the syncer halves its batch on a timeout). The server
// answered last_applied_seq covering the whole first batch but results
// only for the ops of the second, and the terminal acknowledged every seq
// up to last_applied_seq: the conflict of an op beyond the second batch
// was never shown to its officer. The server now returns the stored
// result of every seq it reports applied beyond the request's ops.
func TestRegressionSmallerResendLosesResults(t *testing.T) {
	p := twoTerminals(t, "r6")
	a := p.a
	x := p.receive(p.actA)
	p.sync(p.a)
	p.sync(p.b)
	p.move(p.actB, x, motcua.StatusProcessing)
	p.sync(p.b)
	p.receive(p.actA)                         // seq 2
	p.move(p.actA, x, motcua.StatusWithdrawn) // seq 3: a conflict on the server
	m, _ := a.SyncMeta()
	req := func(n int) motcua.SyncRequest {
		ops, err := a.SyncBatch(m.AckedSeq+1, n)
		if err != nil {
			t.Fatal(err)
		}
		return motcua.SyncRequest{TerminalID: m.Terminal.ID, InstallNonce: m.Terminal.InstallNonce, Schema: motcua.WireSchema,
			AckedSeq: m.AckedSeq, Ops: ops, Pull: motcua.PullRequest{Cursor: m.Cursor}}
	}
	if _, err := p.rig.Central().Sync(m.Terminal.ID, req(2)); err != nil { // committed; the answer is lost
		t.Fatal(err)
	}
	raw, err := p.rig.Central().Sync(m.Terminal.ID, req(1)) // resent, halved
	if err != nil {
		t.Fatal(err)
	}
	resp, err := raw.Decode()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.ApplySync(resp); err != nil {
		t.Fatal(err)
	}
	p.check()
}

// pair is the set-up of the regression tests: a server and two enrolled
// counter terminals A and B with their actors, recording into one history.
type pair struct {
	t          *testing.T
	rig        *faults.Rig
	h          *faults.History
	a, b       *store.Store
	actA, actB *faults.Actor
}

func twoTerminals(t *testing.T, history string) *pair {
	rig := faults.NewRig(t)
	h := faults.NewHistory(history)
	team := faults.NewTeam(t, faults.TeamSpec{Names: []string{"A", "B"}, H: h, Rig: rig,
		Rand: func(i int) *rand.Rand { return faults.NewRand(uint64(2 + i)) }})
	return &pair{t: t, rig: rig, h: h, a: team.Stores[0], b: team.Stores[1], actA: team.Actors[0], actB: team.Actors[1]}
}

// sync drains s; it must finish.
func (p *pair) sync(s *store.Store) {
	p.t.Helper()
	if _, err := faults.Drain(faults.FastSyncer(p.t, s, 0), 5, 20*time.Second); err != nil {
		p.t.Fatal(err)
	}
}

// receive records a reception by act; it must be acknowledged.
func (p *pair) receive(act *faults.Actor) motcua.Dossier {
	p.t.Helper()
	d, err := act.Receive()
	if err != nil {
		p.t.Fatal(err)
	}
	return d.Dossier
}

// move records act's move of d (as act's terminal sees it) to to; it must
// be acknowledged.
func (p *pair) move(act *faults.Actor, d motcua.Dossier, to motcua.Status) {
	p.t.Helper()
	if _, err := act.MoveTo(d, to); err != nil {
		p.t.Fatal(err)
	}
}

// check is the final read of both terminals and the server; every checker
// must pass.
func (p *pair) check() {
	p.t.Helper()
	mustCheck(p.t, p.rig, p.h, []string{"A", "B"}, []*store.Store{p.a, p.b}, "")
}

// mustCheck syncs the terminals, reads them and the stopped server
// (faults.Final), and fails the test, its message after prefix, when a
// checker broke.
func mustCheck(t *testing.T, rig *faults.Rig, h *faults.History, names []string, stores []*store.Store, prefix string) {
	t.Helper()
	srv, terms := faults.Final(t, rig, names, stores, nil)
	if rep := faults.Check(h, srv, terms, faults.Options{}); !rep.OK() {
		t.Fatalf("%s%s", prefix, rep)
	}
}
