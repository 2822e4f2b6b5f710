package faults_test

import (
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
