package faults_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/faults"
)

// The checkers must see what they are for: each case breaks one invariant
// on a small synthetic history and final state.
// long: a table of broken invariants, one case each.
func TestCheckersCatchBrokenInvariants(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, motcua.VNZone)
	build := func() (*faults.History, *faults.ServerState, []*faults.TerminalState) {
		h := faults.NewHistory("t")
		a := h.Invoke("A", motcua.OpReceive, "", motcua.StatusReceived)
		d := motcua.Dossier{ID: motcua.NewID(now), Code: faults.Unit + "-260302-1000", Unit: faults.Unit, Status: motcua.StatusReceived,
			ReceivedAt: now, Version: 1, History: []motcua.Event{{Kind: motcua.OpReceive, To: motcua.StatusReceived, OpID: "op1", Text: a.Token}}}
		term := motcua.NewID(now)
		h.Ack(a, motcua.Done{Op: motcua.Op{Seq: 1, ID: "op1", Terminal: term}, Dossier: d})
		// A question asked on A and answered (and closed) on A.
		ask := h.Invoke("A", motcua.OpAsk, "", 0)
		q := motcua.Question{ID: motcua.NewID(now), Unit: faults.Unit, Channel: motcua.AskCounter, AskerName: "Lê Thị Hoa",
			Text: "Cần giấy tờ gì? " + ask.Token, ReceivedAt: now, Status: motcua.QuestionReceived, Version: 1}
		h.Ack(ask, motcua.Done{Op: motcua.Op{Seq: 2, ID: "op2", Terminal: term, Kind: motcua.OpAsk, QuestionID: q.ID}, Question: q})
		ans := h.InvokeAnswer("A", q.ID, true)
		q.Answers = []motcua.Answer{{At: now, Terminal: term, Text: "Mang CCCD. " + ans.Token, OpID: "op3"}}
		q.Status, q.Version = motcua.QuestionClosed, 2
		h.Ack(ans, motcua.Done{Op: motcua.Op{Seq: 3, ID: "op3", Terminal: term, Kind: motcua.OpAnswer, QuestionID: q.ID, BaseVersion: 1}, Question: q})
		// A guidance given at the counter on A: no dossier, one op.
		rec := h.Invoke("A", motcua.OpCounterRecord, "", 0)
		cr := motcua.CounterRecord{ID: motcua.NewID(now), Kind: motcua.CounterGuidance, At: now, Unit: faults.Unit, Terminal: term,
			ProcedureCode: "1.001193", Applicant: motcua.Person{Name: "Lê Văn Cường"}, Missing: []string{"Tờ khai"}, Note: rec.Token}
		crArgs, _ := json.Marshal(cr)
		h.Ack(rec, motcua.Done{Op: motcua.Op{Seq: 4, ID: "op4", Terminal: term, Kind: motcua.OpCounterRecord, Args: crArgs}})
		applied := func(seq uint64, op string) []faults.AppliedRow {
			return []faults.AppliedRow{{Terminal: term, Seq: seq, Result: motcua.Result{Seq: seq, OpID: op, Status: motcua.Applied}}}
		}
		srv := &faults.ServerState{Dossiers: map[string]motcua.Dossier{d.ID: d}, Questions: map[string]motcua.Question{q.ID: q},
			CounterRecords: map[string]motcua.CounterRecord{cr.ID: cr}, RecordCopies: map[string]int{cr.ID: 1},
			Terminals: map[string]motcua.TerminalRecord{term: {ID: term, LastAppliedSeq: 4}},
			Results: map[string][]faults.AppliedRow{"op1": applied(1, "op1"), "op2": applied(2, "op2"), "op3": applied(3, "op3"),
				"op4": applied(4, "op4")},
			Rows: map[string]int{term: 4}}
		tq := q
		tq.Answers = append([]motcua.Answer(nil), q.Answers...)
		ts := &faults.TerminalState{Name: "A", Info: motcua.TerminalInfo{ID: term, Unit: faults.Unit},
			Meta: motcua.SyncMeta{LastSeq: 4, AckedSeq: 4}, Dossiers: map[string]motcua.Dossier{d.ID: d},
			Questions: map[string]motcua.Question{q.ID: tq},
			Ops: []motcua.Op{{Seq: 1, ID: "op1"}, {Seq: 2, ID: "op2", Kind: motcua.OpAsk, QuestionID: q.ID},
				{Seq: 3, ID: "op3", Kind: motcua.OpAnswer, QuestionID: q.ID, BaseVersion: 1},
				{Seq: 4, ID: "op4", Kind: motcua.OpCounterRecord, Args: crArgs}},
			Results: map[uint64]motcua.Result{}}
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
	firstQ := func(m map[string]motcua.Question) motcua.Question {
		for _, q := range m {
			return q
		}
		return motcua.Question{}
	}
	cases := []struct {
		name   string
		break_ func(h *faults.History, srv *faults.ServerState, ts *faults.TerminalState)
		count  func(r *faults.Report) int
	}{
		{"lost", func(h *faults.History, srv *faults.ServerState, ts *faults.TerminalState) {
			srv.Dossiers = map[string]motcua.Dossier{}
			delete(srv.Results, "op1")
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

		// Counter records.
		{"counter record lost, its result kept", func(h *faults.History, srv *faults.ServerState, ts *faults.TerminalState) {
			srv.CounterRecords = map[string]motcua.CounterRecord{}
		}, func(r *faults.Report) int { return r.Lost }},
		{"counter record stored twice", func(h *faults.History, srv *faults.ServerState, ts *faults.TerminalState) {
			for id := range srv.RecordCopies {
				srv.RecordCopies[id] = 2
			}
		}, func(r *faults.Report) int { return r.Duplicated }},

		// Questions.
		{"question lost", func(h *faults.History, srv *faults.ServerState, ts *faults.TerminalState) {
			// The server never got the ask or the answer (ops and question gone).
			srv.Questions = map[string]motcua.Question{}
			delete(srv.Results, "op2")
			delete(srv.Results, "op3")
			ts.Questions = map[string]motcua.Question{}
		}, func(r *faults.Report) int { return r.Lost }},
		{"question lost, its result kept", func(h *faults.History, srv *faults.ServerState, ts *faults.TerminalState) {
			srv.Questions = map[string]motcua.Question{}
			ts.Questions = map[string]motcua.Question{}
		}, func(r *faults.Report) int { return r.Lost }},
		{"answer lost, its result kept", func(h *faults.History, srv *faults.ServerState, ts *faults.TerminalState) {
			q := firstQ(srv.Questions)
			q.Answers, q.Status, q.Version = nil, motcua.QuestionReceived, 1
			srv.Questions[q.ID] = q
			ts.Questions[q.ID] = q
		}, func(r *faults.Report) int { return r.Lost }},
		{"answer on another question", func(h *faults.History, srv *faults.ServerState, ts *faults.TerminalState) {
			q := firstQ(srv.Questions)
			other := q
			other.ID, other.Text = motcua.NewID(now.Add(time.Second)), q.Text
			q.Answers, q.Status, q.Version = nil, motcua.QuestionReceived, 1
			other.Text = "Hỏi lại: " + h.Invoke("A", motcua.OpAsk, "", 0).Token
			srv.Questions[q.ID], srv.Questions[other.ID] = q, other
			ts.Questions[q.ID], ts.Questions[other.ID] = q, other
		}, func(r *faults.Report) int { return r.Lost }},
		{"answer duplicated", func(h *faults.History, srv *faults.ServerState, ts *faults.TerminalState) {
			// Applied twice (a re-push after a lost acknowledgement).
			q := firstQ(srv.Questions)
			q.Answers = append(q.Answers, q.Answers[0])
			q.Version++
			srv.Questions[q.ID] = q
			ts.Questions[q.ID] = q
		}, func(r *faults.Report) int { return r.Duplicated }},
		{"ask duplicated", func(h *faults.History, srv *faults.ServerState, ts *faults.TerminalState) {
			q := firstQ(srv.Questions)
			q.ID, q.Answers, q.Status, q.Version = motcua.NewID(now.Add(time.Second)), nil, motcua.QuestionReceived, 1
			srv.Questions[q.ID] = q
			ts.Questions[q.ID] = q
		}, func(r *faults.Report) int { return r.Duplicated }},
		{"unexpected question", func(h *faults.History, srv *faults.ServerState, ts *faults.TerminalState) {
			q := firstQ(srv.Questions)
			q.ID, q.Text, q.Answers, q.Status, q.Version = motcua.NewID(now.Add(time.Second)), "Hỏi fz-Z.q.1", nil, motcua.QuestionReceived, 1
			srv.Questions[q.ID] = q
			ts.Questions[q.ID] = q
		}, func(r *faults.Report) int { return r.Unexpected }},
		{"unexpected answer", func(h *faults.History, srv *faults.ServerState, ts *faults.TerminalState) {
			q := firstQ(srv.Questions)
			q.Answers = append(q.Answers, motcua.Answer{At: now, Text: "Trả lời fz-Z.q.2", OpID: "op9"})
			q.Version++
			srv.Questions[q.ID] = q
			ts.Questions[q.ID] = q
		}, func(r *faults.Report) int { return r.Unexpected }},
		{"failed answer landed", func(h *faults.History, srv *faults.ServerState, ts *faults.TerminalState) {
			q := firstQ(srv.Questions)
			failed := h.InvokeAnswer("A", q.ID, false)
			h.Fail(failed, motcua.Errorf(motcua.EINVALID, "answer_empty", "text", "", ""))
			q.Answers = append(q.Answers, motcua.Answer{At: now, Text: failed.Token, OpID: "op9"})
			q.Status, q.Version = motcua.QuestionAnswered, q.Version+1
			srv.Questions[q.ID] = q
			ts.Questions[q.ID] = q
		}, func(r *faults.Report) int { return r.Unexpected }},
		{"question status not its last answer's", func(h *faults.History, srv *faults.ServerState, ts *faults.TerminalState) {
			q := firstQ(srv.Questions)
			q.Status = motcua.QuestionAnswered // the last answer closed it
			srv.Questions[q.ID] = q
			ts.Questions[q.ID] = q
		}, func(r *faults.Report) int { return r.Illegal }},
		{"question not converged: answer missing", func(h *faults.History, srv *faults.ServerState, ts *faults.TerminalState) {
			q := ts.Questions[firstQ(srv.Questions).ID]
			q.Answers, q.Status, q.Version = nil, motcua.QuestionReceived, 1
			ts.Questions[q.ID] = q
		}, func(r *faults.Report) int { return r.Diverged }},
		{"question not converged: missing", func(h *faults.History, srv *faults.ServerState, ts *faults.TerminalState) {
			ts.Questions = map[string]motcua.Question{}
		}, func(r *faults.Report) int { return r.Diverged }},
		{"question not converged: extra", func(h *faults.History, srv *faults.ServerState, ts *faults.TerminalState) {
			q := firstQ(srv.Questions)
			q.ID = motcua.NewID(now.Add(time.Second))
			ts.Questions[q.ID] = q
		}, func(r *faults.Report) int { return r.Diverged }},
		{"answer conflicted", func(h *faults.History, srv *faults.ServerState, ts *faults.TerminalState) {
			srv.Results["op3"][0].Result.Status = motcua.Conflicted
			ts.Results[3] = srv.Results["op3"][0].Result
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

// CheckStored (the check right after a kill) must see an acknowledged ask
// whose question is not in the file, and an acknowledged answer that is not
// on its question.
func TestCheckStoredCatchesMissingQuestionWork(t *testing.T) {
	s := faults.Terminal(t, t.TempDir(), "A", nil)
	defer s.Close()
	h := faults.NewHistory("t")
	act := &faults.Actor{Name: "A", S: s, H: h, R: faults.NewRand(1), Q: faults.NewRand(2)}
	q1, err := act.Ask()
	if err != nil {
		t.Fatal(err)
	}
	q2, err := act.Ask()
	if err != nil {
		t.Fatal(err)
	}
	ans, err := act.Answer(q1.Question.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	if errs := faults.CheckStored(h, "A", s); len(errs) > 0 {
		t.Fatalf("a sound file fails: %v", errs)
	}
	// The answer acknowledged on q2, where the file does not hold it.
	wrong := h.InvokeAnswer("A", q2.Question.ID, false)
	h.Ack(wrong, motcua.Done{Op: ans.Op, Question: q2.Question})
	// An ask acknowledged with a question the file does not hold.
	ghost := h.Invoke("A", motcua.OpAsk, "", 0)
	h.Ack(ghost, motcua.Done{Op: q2.Op, Question: motcua.Question{ID: motcua.NewID(time.Now())}})
	errs := faults.CheckStored(h, "A", s)
	if len(errs) != 2 {
		t.Fatalf("want the misplaced answer and the missing question, got %q", errs)
	}
}
