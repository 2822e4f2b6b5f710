package faults_test

import (
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/faults"
)

// The Zalo checks see what they are for: a follower's question the webhook
// took but the server lacks, an acknowledgement or an answer that never
// reached the follower, or reached them twice.
func TestZaloCheckerCatchesLostAndDuplicatedMessages(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, motcua.VNZone)
	build := func() (*faults.History, *faults.ServerState, []*faults.TerminalState, map[string][]string, string) {
		h := faults.NewHistory("t")
		ask := h.Invoke(faults.ZaloTerminal, motcua.OpAsk, "", 0)
		h.AckZalo(ask)
		term := motcua.NewID(now)
		q := motcua.Question{ID: motcua.NewID(now), Unit: faults.Unit, Channel: motcua.AskZalo, AskerName: "Người dùng Zalo",
			Text: "Cho tôi hỏi " + ask.Token, ReceivedAt: now, Status: motcua.QuestionReceived, Version: 1}
		ans := h.InvokeAnswer("A", q.ID, false)
		q.Answers = []motcua.Answer{{At: now, Terminal: term, Text: "Mang CCCD. " + ans.Token, OpID: "op1"}}
		q.Status, q.Version = motcua.QuestionAnswered, 2
		h.Ack(ans, motcua.Done{Op: motcua.Op{Seq: 1, ID: "op1", Terminal: term, Kind: motcua.OpAnswer, QuestionID: q.ID, BaseVersion: 1}, Question: q})
		srv := &faults.ServerState{Dossiers: map[string]motcua.Dossier{}, Questions: map[string]motcua.Question{q.ID: q},
			Terminals: map[string]motcua.TerminalRecord{term: {ID: term, LastAppliedSeq: 1}},
			Results:   map[string][]faults.AppliedRow{"op1": {{Terminal: term, Seq: 1, Result: motcua.Result{Seq: 1, OpID: "op1", Status: motcua.Applied}}}},
			Rows:      map[string]int{term: 1}}
		tq := q
		tq.Answers = append([]motcua.Answer(nil), q.Answers...)
		ts := &faults.TerminalState{Name: "A", Info: motcua.TerminalInfo{ID: term, Unit: faults.Unit},
			Meta: motcua.SyncMeta{LastSeq: 1, AckedSeq: 1}, Dossiers: map[string]motcua.Dossier{},
			Questions: map[string]motcua.Question{q.ID: tq},
			Ops:       []motcua.Op{{Seq: 1, ID: "op1", Kind: motcua.OpAnswer, QuestionID: q.ID, BaseVersion: 1}},
			Results:   map[uint64]motcua.Result{}}
		user := "f-" + ask.Token
		got := map[string][]string{user: {motcua.ZaloAskedText("UBND xã Tân Thành"), motcua.ZaloAnswerText("UBND xã Tân Thành", q.Answers[0])}}
		return h, srv, []*faults.TerminalState{ts}, got, user
	}
	h, srv, terms, got, _ := build()
	if rep := faults.Check(h, srv, terms, faults.Options{Zalo: got}); !rep.OK() || rep.ZaloAsks != 1 || rep.ZaloDelivered != 2 {
		t.Fatalf("a sound state fails: %s", rep)
	}
	for _, c := range []struct {
		name   string
		break_ func(srv *faults.ServerState, got map[string][]string, user string)
		want   func(r *faults.Report) int
	}{
		{"question taken but not stored", func(srv *faults.ServerState, got map[string][]string, _ string) {
			for id := range srv.Questions {
				delete(srv.Questions, id)
			}
		}, func(r *faults.Report) int { return r.Lost }},
		{"acknowledgement never sent", func(_ *faults.ServerState, got map[string][]string, u string) { got[u] = got[u][1:] },
			func(r *faults.Report) int { return r.Lost }},
		{"acknowledgement sent twice", func(_ *faults.ServerState, got map[string][]string, u string) { got[u] = append(got[u], got[u][0]) },
			func(r *faults.Report) int { return r.Duplicated }},
		{"answer never sent", func(_ *faults.ServerState, got map[string][]string, u string) { got[u] = got[u][:1] },
			func(r *faults.Report) int { return r.Lost }},
		{"answer sent twice", func(_ *faults.ServerState, got map[string][]string, u string) { got[u] = append(got[u], got[u][1]) },
			func(r *faults.Report) int { return r.Duplicated }},
	} {
		h, srv, terms, got, user := build()
		c.break_(srv, got, user)
		rep := faults.Check(h, srv, terms, faults.Options{Zalo: got})
		if c.want(rep) == 0 || !strings.Contains(strings.Join(rep.Errors, "\n"), "zalo") {
			t.Errorf("%s: not caught: %s", c.name, rep)
		}
	}
}
