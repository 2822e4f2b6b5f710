package faults_test

import (
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
	s := faults.Terminal(t, t.TempDir(), "C", clock.Now)
	defer s.Close()
	faults.Enroll(t, s, rig.URL, rig.URL, rig.Code(motcua.RoleCounter), nil)
	a := &faults.Actor{Name: "C", S: s, H: h, R: nil}
	a.R = faults.NewRand(1)
	if _, err := a.Receive(); err != nil {
		t.Fatal(err)
	}
	if _, err := faults.Drain(faults.FastSyncer(t, s, 0), 3, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	clock.Jump(-3 * 24 * time.Hour)
	a.AcceptClock = true
	if _, err := a.Receive(); err == nil {
		// Issued: then the server must accept it.
		srv, terms := faults.Final(t, rig, []string{"C"}, []*store.Store{s}, nil)
		if rep := faults.Check(h, srv, terms, faults.Options{}); !rep.OK() {
			t.Fatalf("a code handed out with a confirmed backwards clock: %s", rep)
		}
		return
	} else if motcua.ErrorReason(err) != "clock_before_sync" {
		t.Fatalf("refused with %v, want clock_before_sync", err)
	}
	// Once synced, the offset is measured again and receptions go on.
	if _, err := faults.Drain(faults.FastSyncer(t, s, 0), 3, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Receive(); err != nil {
		t.Fatalf("after a sync re-measured the clock: %v", err)
	}
	srv, terms := faults.Final(t, rig, []string{"C"}, []*store.Store{s}, nil)
	if rep := faults.Check(h, srv, terms, faults.Options{}); !rep.OK() {
		t.Fatal(rep)
	}
}

// Bug 2 (found by TestServerRestoredFromOldBackup, seed 895215934759),
// fixed by the server holding ops on records it lacks after a restore: after the server is restored from a backup, terminal B
// re-pushes its acknowledged move on dossier X, which terminal A received
// after the backup; if B syncs before A re-pushed X's reception, the
// server refuses the move (dossier_not_found) and the officer's
// acknowledged move is lost.
func TestRegressionRestoreRepushOrder(t *testing.T) {
	rig, h, a, b, actA, actB, sync := twoTerminals(t, "r2")
	backup := filepath.Join(t.TempDir(), "backup.db")
	rig.Backup(backup)
	x, err := actA.Receive()
	if err != nil {
		t.Fatal(err)
	}
	sync(a)
	sync(b)
	if _, err := actB.MoveTo(x.Dossier, motcua.StatusProcessing); err != nil {
		t.Fatal(err)
	}
	sync(b)
	rig.Restore(backup)
	// B first: X's reception is not back yet, so the server holds B's move
	// (the temporary "held") instead of refusing it.
	if _, err := faults.Drain(faults.FastSyncer(t, b, 0), 2, 5*time.Second); err != nil && !faults.Held(err) {
		t.Fatal(err)
	}
	sync(a)
	sync(b)
	srv, terms := faults.Final(t, rig, []string{"A", "B"}, []*store.Store{a, b}, nil)
	if rep := faults.Check(h, srv, terms, faults.Options{}); !rep.OK() {
		t.Fatal(rep)
	}
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
	rig, h, a, b, actA, actB, sync := twoTerminals(t, "r3")
	x, err := actA.Receive()
	if err != nil {
		t.Fatal(err)
	}
	sync(a)
	sync(b)
	backup := filepath.Join(t.TempDir(), "backup.db")
	rig.Backup(backup)
	if _, err := actA.MoveTo(x.Dossier, motcua.StatusProcessing); err != nil {
		t.Fatal(err)
	}
	sync(a) // applied
	if _, err := actB.MoveTo(x.Dossier, motcua.StatusWithdrawn); err != nil {
		t.Fatal(err)
	}
	sync(b) // a conflict: X is being processed
	rig.Restore(backup)
	sync(b) // re-pushed first: applied now
	sync(a) // re-pushed second: a conflict now
	srv, terms := faults.Final(t, rig, []string{"A", "B"}, []*store.Store{a, b}, nil)
	if rep := faults.Check(h, srv, terms, faults.Options{}); !rep.OK() {
		t.Fatal(rep)
	}
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
	rig, h, a, b, actA, actB, sync := twoTerminals(t, "r6")
	x, err := actA.Receive()
	if err != nil {
		t.Fatal(err)
	}
	sync(a)
	sync(b)
	if _, err := actB.MoveTo(x.Dossier, motcua.StatusProcessing); err != nil {
		t.Fatal(err)
	}
	sync(b)
	if _, err := actA.Receive(); err != nil { // seq 2
		t.Fatal(err)
	}
	if _, err := actA.MoveTo(x.Dossier, motcua.StatusWithdrawn); err != nil { // seq 3: a conflict on the server
		t.Fatal(err)
	}
	m, _ := a.SyncMeta()
	req := func(n int) motcua.SyncRequest {
		ops, err := a.SyncBatch(m.AckedSeq+1, n)
		if err != nil {
			t.Fatal(err)
		}
		return motcua.SyncRequest{TerminalID: m.Terminal.ID, InstallNonce: m.Terminal.InstallNonce, Schema: motcua.WireSchema,
			AckedSeq: m.AckedSeq, Ops: ops, Pull: motcua.PullRequest{Cursor: m.Cursor}}
	}
	if _, err := rig.Central().Sync(m.Terminal.ID, req(2)); err != nil { // committed; the answer is lost
		t.Fatal(err)
	}
	raw, err := rig.Central().Sync(m.Terminal.ID, req(1)) // resent, halved
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
	srv, terms := faults.Final(t, rig, []string{"A", "B"}, []*store.Store{a, b}, nil)
	if rep := faults.Check(h, srv, terms, faults.Options{}); !rep.OK() {
		t.Fatal(rep)
	}
}

// twoTerminals is the set-up of the regression tests: a server, two
// enrolled counter terminals A and B with their actors, and a sync that
// must drain.
func twoTerminals(t *testing.T, history string) (*faults.Rig, *faults.History, *store.Store, *store.Store, *faults.Actor, *faults.Actor, func(*store.Store)) {
	rig := faults.NewRig(t)
	h := faults.NewHistory(history)
	dir := t.TempDir()
	a, b := faults.Terminal(t, dir, "A", nil), faults.Terminal(t, dir, "B", nil)
	t.Cleanup(func() { a.Close(); b.Close() })
	for _, s := range []*store.Store{a, b} {
		faults.Enroll(t, s, rig.URL, rig.URL, rig.Code(motcua.RoleCounter), nil)
	}
	actA := &faults.Actor{Name: "A", S: a, H: h, R: faults.NewRand(2)}
	actB := &faults.Actor{Name: "B", S: b, H: h, R: faults.NewRand(3)}
	sync := func(s *store.Store) {
		t.Helper()
		if _, err := faults.Drain(faults.FastSyncer(t, s, 0), 5, 20*time.Second); err != nil {
			t.Fatal(err)
		}
	}
	return rig, h, a, b, actA, actB, sync
}
