package faults_test

import (
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/faults"
	"github.com/motcua/motcua/store"
)

// The checkers must see what they are for: each case breaks one invariant
// on a small synthetic history and final state.
func TestCheckersCatchBrokenInvariants(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, motcua.VNZone)
	build := func() (*faults.History, *faults.ServerState, []*faults.TerminalState) {
		h := faults.NewHistory("t")
		a := h.Invoke("A", motcua.OpReceive, "", motcua.StatusReceived)
		d := motcua.Dossier{ID: motcua.NewID(now), Code: faults.Unit + "-260302-1000", Unit: faults.Unit, Status: motcua.StatusReceived,
			ReceivedAt: now, Version: 1, History: []motcua.Event{{Kind: motcua.OpReceive, To: motcua.StatusReceived, OpID: "op1", Text: a.Token}}}
		term := motcua.NewID(now)
		h.Ack(a, store.Done{Op: motcua.Op{Seq: 1, ID: "op1", Terminal: term}, Dossier: d})
		srv := &faults.ServerState{Dossiers: map[string]motcua.Dossier{d.ID: d},
			Terminals: map[string]motcua.TerminalRecord{term: {ID: term, LastAppliedSeq: 1}},
			Results:   map[string][]faults.AppliedRow{"op1": {{Terminal: term, Seq: 1, Result: motcua.Result{Seq: 1, OpID: "op1", Status: motcua.Applied}}}},
			Rows:      map[string]int{term: 1}}
		ts := &faults.TerminalState{Name: "A", Info: store.TerminalInfo{ID: term, Unit: faults.Unit},
			Meta: store.SyncMeta{LastSeq: 1, AckedSeq: 1}, Dossiers: map[string]motcua.Dossier{d.ID: d},
			Ops: []motcua.Op{{Seq: 1, ID: "op1"}}, Results: map[uint64]motcua.Result{}}
		return h, srv, []*faults.TerminalState{ts}
	}
	h, srv, terms := build()
	if rep := faults.Check(h, srv, terms, faults.Options{}); !rep.OK() {
		t.Fatalf("a sound state fails: %s", rep)
	}
	first := func(m map[string]motcua.Dossier) motcua.Dossier {
		for _, d := range m {
			return d
		}
		return motcua.Dossier{}
	}
	cases := []struct {
		name   string
		break_ func(h *faults.History, srv *faults.ServerState, ts *faults.TerminalState)
		count  func(r *faults.Report) int
	}{
		{"lost", func(h *faults.History, srv *faults.ServerState, ts *faults.TerminalState) {
			srv.Dossiers, srv.Results = map[string]motcua.Dossier{}, map[string][]faults.AppliedRow{}
		}, func(r *faults.Report) int { return r.Lost }},
		{"unexpected", func(h *faults.History, srv *faults.ServerState, ts *faults.TerminalState) {
			d := first(srv.Dossiers)
			d.ID, d.Code = motcua.NewID(now), faults.Unit+"-260302-1001"
			d.History = []motcua.Event{{Kind: motcua.OpReceive, To: motcua.StatusReceived, Text: "fz-Z.q.1"}}
			srv.Dossiers[d.ID] = d
		}, func(r *faults.Report) int { return r.Unexpected }},
		{"duplicated code", func(h *faults.History, srv *faults.ServerState, ts *faults.TerminalState) {
			d := first(srv.Dossiers)
			d.ID = motcua.NewID(now)
			srv.Dossiers[d.ID] = d
		}, func(r *faults.Report) int { return r.Duplicated }},
		{"bad code", func(h *faults.History, srv *faults.ServerState, ts *faults.TerminalState) {
			d := first(srv.Dossiers)
			d.ReceivedAt = d.ReceivedAt.AddDate(0, 0, 1)
			srv.Dossiers[d.ID] = d
		}, func(r *faults.Report) int { return r.BadCodes }},
		{"illegal", func(h *faults.History, srv *faults.ServerState, ts *faults.TerminalState) {
			d := first(srv.Dossiers)
			d.History = append(d.History, motcua.Event{Kind: motcua.OpTransition, From: motcua.StatusReceived, To: motcua.StatusReturned, Text: "fz-A.t.1"})
			d.Status = motcua.StatusReturned
			srv.Dossiers[d.ID] = d
		}, func(r *faults.Report) int { return r.Illegal }},
		{"diverged", func(h *faults.History, srv *faults.ServerState, ts *faults.TerminalState) {
			ts.Dossiers = map[string]motcua.Dossier{}
		}, func(r *faults.Report) int { return r.Diverged }},
		{"result not shown", func(h *faults.History, srv *faults.ServerState, ts *faults.TerminalState) {
			srv.Results["op1"][0].Result.Status = motcua.Conflicted
		}, func(r *faults.Report) int { return r.BadResults }},
	}
	for _, c := range cases {
		h, srv, terms := build()
		c.break_(h, srv, terms[0])
		rep := faults.Check(h, srv, terms, faults.Options{})
		if rep.OK() || c.count(rep) == 0 {
			t.Errorf("%s: not caught: %s", c.name, rep)
		}
	}
}
