package faults

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/central"
	"github.com/motcua/motcua/store"
)

// ServerState is the final read of the server, through the central
// store's API, once the server is stopped.
type ServerState struct {
	Dossiers  map[string]motcua.Dossier
	Questions map[string]motcua.Question
	// CounterRecords are the guidance and refusals given at the counter,
	// by id; RecordCopies counts how many times each id is stored.
	CounterRecords map[string]motcua.CounterRecord
	RecordCopies   map[string]int
	Terminals      map[string]motcua.TerminalRecord
	// Results are the stored results of applied ops, by op id: more than
	// one for an op is a double application (or the same op re-pushed under
	// a new identity, which must carry the first one's result).
	Results map[string][]AppliedRow
	// Rows counts the applied rows of each terminal identity.
	Rows map[string]int
}

// AppliedRow is one (terminal, seq) the server applied.
type AppliedRow struct {
	Terminal string
	Seq      uint64
	Result   motcua.Result
}

// ReadServer reads a stopped server's file.
func ReadServer(path string) (*ServerState, error) {
	c, err := central.OpenReadOnly(path)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	return ReadCentral(c)
}

// ReadCentral reads an open central store (a PostgreSQL database whose
// API processes are stopped) through the central package's API.
func ReadCentral(c *central.Store) (*ServerState, error) {
	st := &ServerState{Dossiers: map[string]motcua.Dossier{}, Questions: map[string]motcua.Question{}, Terminals: map[string]motcua.TerminalRecord{},
		CounterRecords: map[string]motcua.CounterRecord{}, RecordCopies: map[string]int{},
		Results: map[string][]AppliedRow{}, Rows: map[string]int{}}
	units, err := c.Units()
	if err != nil {
		return nil, fmt.Errorf("read units: %w", err)
	}
	for _, u := range units {
		rs, err := c.CounterRecords(u.Code, time.Time{}, time.Time{})
		if err != nil {
			return nil, fmt.Errorf("read counter records: %w", err)
		}
		for _, r := range rs {
			st.CounterRecords[r.ID] = r
			st.RecordCopies[r.ID]++
		}
	}
	ds, err := c.Dossiers("")
	if err != nil {
		return nil, fmt.Errorf("read dossiers: %w", err)
	}
	for _, d := range ds {
		st.Dossiers[d.ID] = d
	}
	qs, err := c.Questions("")
	if err != nil {
		return nil, fmt.Errorf("read questions: %w", err)
	}
	for _, q := range qs {
		st.Questions[q.ID] = q
	}
	ts, err := c.Terminals()
	if err != nil {
		return nil, fmt.Errorf("read terminals: %w", err)
	}
	for _, t := range ts {
		st.Terminals[t.ID] = t
	}
	rows, err := c.AppliedOps("")
	if err != nil {
		return nil, fmt.Errorf("read applied ops: %w", err)
	}
	for _, row := range rows {
		r := AppliedRow{Terminal: row.Terminal, Seq: row.Seq, Result: row.Result}
		st.Results[row.Result.OpID] = append(st.Results[row.Result.OpID], r)
		st.Rows[row.Terminal]++
	}
	return st, nil
}

// TerminalState is the final read of one terminal.
type TerminalState struct {
	Name      string
	Info      motcua.TerminalInfo
	Meta      motcua.SyncMeta
	Status    store.Status
	Dossiers  map[string]motcua.Dossier
	Questions map[string]motcua.Question
	Ops       []motcua.Op // every op it still keeps (acknowledged, then unsent), by seq
	Results   map[uint64]motcua.Result
	Parked    []motcua.Dossier
	Trimmed   bool // acknowledged ops older than store.AckRetention are gone (a clock jumped)
}

// ReadTerminal reads an open terminal store.
func ReadTerminal(name string, s *store.Store) (*TerminalState, error) {
	ts := &TerminalState{Name: name, Dossiers: map[string]motcua.Dossier{}, Questions: map[string]motcua.Question{}, Results: map[uint64]motcua.Result{}}
	var err error
	if ts.Info, err = s.Terminal(); err != nil {
		return nil, err
	}
	if ts.Meta, err = s.SyncMeta(); err != nil {
		return nil, err
	}
	if ts.Status, err = s.State(); err != nil {
		return nil, err
	}
	if err := s.Each(store.ExportFilter{}, func(d motcua.Dossier) error {
		ts.Dossiers[d.ID] = d.Clone()
		return nil
	}); err != nil {
		return nil, err
	}
	qs, err := s.Questions()
	if err != nil {
		return nil, err
	}
	for _, q := range qs {
		ts.Questions[q.ID] = q
	}
	if ts.Meta.LastSeq > 0 {
		ts.Ops, err = s.SyncBatch(1, int(ts.Meta.LastSeq))
		if errors.Is(err, store.ErrRepushGone) {
			ts.Trimmed = true
			ts.Ops, err = s.Outbox(ts.Meta.AckedSeq+1, int(ts.Meta.LastSeq))
		}
		if err != nil {
			return nil, fmt.Errorf("%s: read ops: %w", name, err)
		}
	}
	rs, err := s.Results()
	if err != nil {
		return nil, err
	}
	for _, r := range rs {
		ts.Results[r.Seq] = r
	}
	if ts.Parked, err = s.Parked(); err != nil {
		return nil, err
	}
	return ts, s.CheckIntegrity()
}

// Options relax the checkers for scenarios where a rule does not apply.
type Options struct {
	// Diverged names terminals that are not expected to converge (a
	// quarantined clone); their acknowledged ops are reported apart
	// (Stranded), not as lost.
	Diverged map[string]bool
	// AllowRefused lets receptions end rejected (a clone's codes that the
	// other copy issued too); they must then be parked on their terminal.
	AllowRefused bool
	// Cloned lets two terminals (a laptop and the copy of its file) hand
	// out the same (identity, seq): the server must apply only one of them
	// under that identity (the fork detection); they are counted apart.
	Cloned bool
	// Zalo, when set, is what the stand-in for Zalo received, by follower:
	// each follower's question acknowledged once, each answer to it once.
	Zalo map[string][]string
}

// QuestionCounts are the question actions (ask, answer) of a history.
type QuestionCounts struct {
	Invoked       int `json:"q_invoked"`
	Acknowledged  int `json:"q_acknowledged"`
	Failed        int `json:"q_failed"`
	Indeterminate int `json:"q_indeterminate"`
	Recovered     int `json:"q_recovered"`
}

// Report is what the checkers found. It is valid when Errors is empty.
type Report struct {
	Scenario string `json:"scenario"`
	Seed     uint64 `json:"seed"`
	Runs     int    `json:"runs"`
	Counts

	Lost          int  `json:"lost"`
	Unexpected    int  `json:"unexpected"`
	Duplicated    int  `json:"duplicated"`
	BadCodes      int  `json:"bad_codes"`
	Diverged      int  `json:"diverged"` // terminals that did not converge
	Converged     bool `json:"converged"`
	BadResults    int  `json:"bad_results"`
	Illegal       int  `json:"illegal"`
	Recovered     int  `json:"recovered"` // indeterminate actions that landed
	Refused       int  `json:"refused"`   // receptions the server rejected (allowed only with AllowRefused)
	Conflicts     int  `json:"conflicts"`
	Superseded    int  `json:"superseded"`
	Stranded      int  `json:"stranded"`       // acknowledged ops of a Diverged terminal not on the server
	ForkedSeqs    int  `json:"forked_seqs"`    // (identity, seq) handed out by both copies of a cloned file
	Orphaned      int  `json:"orphaned"`       // always 0 since finding 2 was fixed (such a refusal is Lost); kept for the report's shape
	RejectedMoves int  `json:"rejected_moves"` // concurrent second supplement requests, rejected (finding 4)
	ServerDocs    int  `json:"server_dossiers"`
	// ServerRecords are the guidance and refusals given at the counter on
	// the server (counter_record ops), each once.
	ServerRecords int `json:"server_counter_records"`
	// Questions: the server's questions and answers; answers made without
	// having seen an earlier one (concurrent, from another terminal or
	// offline), and answers that came after the question was closed (kept, marked
	// after_close; the question stays closed).
	QuestionOps       QuestionCounts `json:"question_ops"`
	ServerQuestions   int            `json:"server_questions"`
	Answers           int            `json:"answers"`
	ConcurrentAnswers int            `json:"concurrent_answers"`
	Reopened          int            `json:"reopened"`
	// Zalo: the followers' questions the webhook took, and the messages
	// the stand-in for Zalo received (acknowledgements and answers).
	ZaloAsks      int `json:"zalo_asks,omitempty"`
	ZaloDelivered int `json:"zalo_delivered,omitempty"`
	Kills         int `json:"kills,omitempty"`
	PGRestarts    int `json:"pg_restarts,omitempty"`  // pg_ctl restart under the API processes
	FailedSyncs   int `json:"failed_syncs,omitempty"` // sync attempts a fault failed (temporary), tried again
	FaultEvents   int `json:"fault_events,omitempty"`

	Errors []string `json:"errors,omitempty"`
}

func (r *Report) errorf(counter *int, format string, args ...any) {
	if counter != nil {
		*counter++
	}
	if len(r.Errors) < 40 {
		r.Errors = append(r.Errors, fmt.Sprintf(format, args...))
	} else if len(r.Errors) == 40 {
		r.Errors = append(r.Errors, "… (more)")
	}
}

// OK reports whether every invariant held.
func (r *Report) OK() bool { return len(r.Errors) == 0 }

func (r *Report) String() string {
	s := fmt.Sprintf("%s seed=%d: %d invoked, %d acked, %d failed, %d indeterminate (%d recovered); question ops %d invoked, %d acked, %d indeterminate; server %d dossiers, %d questions, %d answers (%d concurrent, %d reopened), %d counter records; "+
		"lost=%d unexpected=%d duplicated=%d bad_codes=%d converged=%v bad_results=%d illegal=%d refused=%d conflicts=%d superseded=%d stranded=%d forked_seqs=%d orphaned=%d rejected_moves=%d",
		r.Scenario, r.Seed, r.Invoked, r.Acknowledged, r.Failed, r.Indeterminate, r.Recovered,
		r.QuestionOps.Invoked, r.QuestionOps.Acknowledged, r.QuestionOps.Indeterminate, r.ServerDocs, r.ServerQuestions, r.Answers, r.ConcurrentAnswers, r.Reopened, r.ServerRecords,
		r.Lost, r.Unexpected, r.Duplicated, r.BadCodes, r.Converged, r.BadResults, r.Illegal, r.Refused, r.Conflicts, r.Superseded, r.Stranded, r.ForkedSeqs, r.Orphaned, r.RejectedMoves)
	if r.ZaloAsks > 0 || r.ZaloDelivered > 0 {
		s += fmt.Sprintf("; zalo: %d questions taken, %d messages delivered", r.ZaloAsks, r.ZaloDelivered)
	}
	if len(r.Errors) > 0 {
		s += "\n  " + strings.Join(r.Errors, "\n  ")
	}
	return s
}

func tokenOf(s string) string { return tokenRE.FindString(s) }

// Check runs every checker over the history, the server's final state and
// every terminal's final state.
func Check(h *History, srv *ServerState, terms []*TerminalState, o Options) *Report {
	c := &checker{rep: &Report{Runs: 1, Counts: h.Count(), ServerDocs: len(srv.Dossiers), ServerQuestions: len(srv.Questions), Converged: true},
		srv: srv, o: o, byToken: map[string]Action{}, diverged: map[string]bool{}, seenToken: map[string]int{}, seenOpID: map[string]int{},
		whereRecord: map[string]string{}}
	rep := c.rep
	acts := h.Actions()
	for _, a := range acts {
		c.byToken[a.Token] = a
	}
	for _, ts := range terms {
		if o.Diverged[ts.Name] {
			c.diverged[ts.Info.ID] = true
		}
	}
	c.serverDossiers()
	c.serverRecords()
	// Questions: the ask's token in the text, each answer's in its text.
	c.where = checkQuestions(rep, srv, terms, c.byToken, c.seenToken, c.seenOpID)
	c.duplicates()
	// Lost: every acknowledged action has a result on the server, and its
	// effect when the result says it applied.
	seqs := map[string]map[uint64]Action{} // terminal id → seq → action, over acknowledged actions
	for _, a := range acts {
		c.countQuestionOp(a)
		switch a.State {
		case Invoked:
			if c.seenToken[a.Token] > 0 {
				rep.Recovered++
			}
			continue
		case Failed:
			continue
		}
		if a.Terminal == ZaloTerminal {
			// No terminal op: the webhook's 200 means the question is stored.
			rep.ZaloAsks++
			if c.seenToken[a.Token] == 0 {
				rep.errorf(&rep.Lost, "zalo question %s acknowledged by the webhook but not on the server", a.Token)
			}
			continue
		}
		c.seqOnce(seqs, a)
		c.landed(a)
	}
	// Results and convergence, per terminal.
	for _, ts := range terms {
		if o.Diverged[ts.Name] {
			continue
		}
		checkTerminal(rep, srv, ts)
	}
	rep.Converged = rep.Diverged == 0
	if o.Zalo != nil {
		checkZalo(rep, srv, acts, c.seenToken, o.Zalo)
	}
	return rep
}

// checker is one Check's state: the history by token and what was found
// of each token and op id on the server.
type checker struct {
	rep       *Report
	srv       *ServerState
	o         Options
	byToken   map[string]Action
	diverged  map[string]bool // terminal ids of Diverged terminals
	seenToken map[string]int
	seenOpID  map[string]int
	where     map[string]string // token → question id
	// whereRecord is token → counter record id.
	whereRecord map[string]string
}

// serverRecords finds the token of each guidance or refusal on the server
// (in its note); a record stored twice is a duplicate.
func (c *checker) serverRecords() {
	for id, r := range c.srv.CounterRecords {
		if n := c.srv.RecordCopies[id]; n > 1 {
			c.rep.errorf(&c.rep.Duplicated, "counter record %s stored %d times", short(id), n)
		}
		if tok := tokenOf(r.Note); tok != "" {
			c.seenToken[tok]++
			c.whereRecord[tok] = id
		}
	}
	c.rep.ServerRecords = len(c.srv.CounterRecords)
}

// serverDossiers finds where each token is on the server: the dossier its
// reception made, and every history event carrying it.
func (c *checker) serverDossiers() {
	rep := c.rep
	codes := map[string]string{}
	for id, d := range c.srv.Dossiers {
		if d.ID != id {
			rep.errorf(&rep.Duplicated, "dossier stored under %s says id %s", id, d.ID)
		}
		if prev, dup := codes[d.Code]; dup {
			rep.errorf(&rep.Duplicated, "code %s held by %s and %s", d.Code, prev, id)
		}
		codes[d.Code] = id
		checkCode(rep, d)
		for _, ev := range d.History {
			c.event(d, ev)
		}
		checkLegal(rep, d)
	}
}

// event: a dossier event carries the token of an attempted action of its
// kind, with the acknowledged op id, never a failed one.
func (c *checker) event(d motcua.Dossier, ev motcua.Event) {
	rep := c.rep
	tok := tokenOf(ev.Text)
	if tok == "" {
		rep.errorf(&rep.Unexpected, "dossier %s: event %s %s→%s carries no token: %q", d.Code, ev.Kind, ev.From, ev.To, ev.Text)
		return
	}
	c.seenToken[tok]++
	if ev.OpID != "" {
		c.seenOpID[ev.OpID]++
	}
	a, ok := c.byToken[tok]
	switch {
	case !ok:
		rep.errorf(&rep.Unexpected, "dossier %s: event %s (%s) was never attempted", d.Code, ev.Kind, tok)
	case a.Kind != ev.Kind:
		rep.errorf(&rep.Unexpected, "dossier %s: event %s carries the token of a %s", d.Code, ev.Kind, a.Kind)
	case a.State == Acknowledged && a.OpID != ev.OpID:
		rep.errorf(&rep.Unexpected, "dossier %s: %s landed with op id %s, acknowledged as %s", d.Code, tok, ev.OpID, a.OpID)
	case a.State == Failed:
		rep.errorf(&rep.Unexpected, "dossier %s: %s failed locally (%s) but is on the server", d.Code, tok, a.Err)
	}
	if ev.Kind == motcua.OpReceive && ok && a.State == Acknowledged && (a.DossierID != d.ID || a.Code != d.Code) {
		rep.errorf(&rep.BadCodes, "reception %s acknowledged as %s %s, server holds %s %s", tok, a.DossierID, a.Code, d.ID, d.Code)
	}
}

// duplicates: no token and no op id is on the server twice.
func (c *checker) duplicates() {
	rep := c.rep
	for tok, n := range c.seenToken {
		if n > 1 {
			rep.errorf(&rep.Duplicated, "%s applied %d times", tok, n)
		}
	}
	for id, n := range c.seenOpID {
		if n > 1 {
			rep.errorf(&rep.Duplicated, "op %s in histories %d times", id, n)
		}
	}
}

// countQuestionOp counts the question actions by their end.
func (c *checker) countQuestionOp(a Action) {
	if !motcua.IsQuestionOp(a.Kind) {
		return
	}
	q := &c.rep.QuestionOps
	q.Invoked++
	switch a.State {
	case Invoked:
		q.Indeterminate++
		if c.seenToken[a.Token] > 0 {
			q.Recovered++
		}
	case Failed:
		q.Failed++
	default:
		q.Acknowledged++
	}
}

// seqOnce: a terminal identity hands out each seq once, except to the two
// copies of a cloned file, of which the server applies only one.
func (c *checker) seqOnce(seqs map[string]map[uint64]Action, a Action) {
	rep := c.rep
	if seqs[a.TermID] == nil {
		seqs[a.TermID] = map[uint64]Action{}
	}
	prev, dup := seqs[a.TermID][a.Seq]
	seqs[a.TermID][a.Seq] = a
	if !dup || prev.OpID == a.OpID {
		return
	}
	if !c.o.Cloned || prev.Terminal == a.Terminal {
		rep.errorf(&rep.Duplicated, "terminal %s handed out seq %d twice (%s, %s)", short(a.TermID), a.Seq, prev.OpID, a.OpID)
		return
	}
	rep.ForkedSeqs++
	n := 0
	for _, row := range append(c.srv.Results[prev.OpID], c.srv.Results[a.OpID]...) {
		if row.Terminal == a.TermID && row.Seq == a.Seq {
			n++
		}
	}
	if n > 1 {
		rep.errorf(&rep.Duplicated, "identity %s seq %d applied for both copies", short(a.TermID), a.Seq)
	}
}

// landed: an acknowledged action has one result on the server (results
// that agree), its effect when it applied, and a verdict the scenario
// allows.
func (c *checker) landed(a Action) {
	rep := c.rep
	rows := c.srv.Results[a.OpID]
	if len(rows) == 0 {
		if c.diverged[a.TermID] || c.o.Diverged[a.Terminal] {
			rep.Stranded++
			return
		}
		rep.errorf(&rep.Lost, "%s %s (%s seq %d) acknowledged but has no result on the server", a.Kind, a.Token, a.Terminal, a.Seq)
		return
	}
	res := rows[0].Result
	for _, r := range rows[1:] {
		if r.Result.Status != res.Status {
			rep.errorf(&rep.Duplicated, "op %s has %d results that disagree: %s, %s", a.Token, len(rows), res.Status, r.Result.Status)
		}
	}
	c.verdict(a, res)
	if (res.Status == motcua.Applied || res.Status == motcua.Conflicted) && c.seenToken[a.Token] == 0 {
		rep.errorf(&rep.Lost, "%s %s (%s) has result %s but its effect is not on the server", a.Kind, a.Token, a.Terminal, res.Status)
		return
	}
	if motcua.IsCounterRecordOp(a.Kind) {
		// A record is stored once and never changes: applied, or rejected.
		switch {
		case res.Status != motcua.Applied && res.Status != motcua.Rejected:
			rep.errorf(&rep.BadResults, "%s %s (%s) has result %s: counter records are applied or rejected", a.Kind, a.Token, a.Terminal, res.Status)
		case res.Status == motcua.Applied && c.whereRecord[a.Token] != a.DossierID:
			rep.errorf(&rep.Lost, "%s %s (%s) acknowledged as record %s but found as %q", a.Kind, a.Token, a.Terminal, a.DossierID, c.whereRecord[a.Token])
		}
	}
	if motcua.IsQuestionOp(a.Kind) {
		// An ask creates its question (idempotent by id) and an answer
		// is appended: neither conflicts nor is superseded.
		switch {
		case res.Status != motcua.Applied && res.Status != motcua.Rejected:
			rep.errorf(&rep.BadResults, "%s %s (%s) has result %s: question ops are applied or rejected", a.Kind, a.Token, a.Terminal, res.Status)
		case res.Status == motcua.Applied && c.where[a.Token] != a.DossierID:
			rep.errorf(&rep.Lost, "%s %s (%s) acknowledged on question %s but found on %q", a.Kind, a.Token, a.Terminal, a.DossierID, c.where[a.Token])
		}
	}
}

// verdict counts conflicts and supersessions, and reports a rejection the
// scenario does not allow.
func (c *checker) verdict(a Action, res motcua.Result) {
	rep := c.rep
	switch res.Status {
	case motcua.Conflicted:
		rep.Conflicts++
	case motcua.Superseded:
		rep.Superseded++
	case motcua.Rejected:
		if a.Kind == motcua.OpReceive {
			rep.Refused++
			if !c.o.AllowRefused {
				rep.errorf(&rep.Lost, "reception %s (%s, code %s) was rejected by the server: %s", a.Token, a.Terminal, a.Code, res.Reason)
			}
		} else if res.Reason == "supplement_once" {
			// Known finding 4 (RELIABILITY.md): a second supplement
			// request made concurrently elsewhere is rejected, not a
			// conflict; the officer sees the rejection.
			rep.RejectedMoves++
		} else if res.Reason != "dossier_not_found" || !c.o.AllowRefused {
			rep.errorf(&rep.Lost, "%s %s (%s) was rejected by the server: %s %s", a.Kind, a.Token, a.Terminal, res.Reason, res.MessageEN)
		}
	}
}

func short(id string) string {
	if len(id) > 8 {
		return id[len(id)-8:]
	}
	return id
}

// checkQuestions reads every question on the server: its ask and each of
// its answers must carry the token of an attempted action of that kind
// (on that question, with the acknowledged op id, never a failed one);
// its status is what its last answer made it (received without one,
// closed when the last closed it, else answered) and its version counts
// its answers. It counts the tokens and op ids seen (for the duplication
// and lost checks) and returns where each token was found (question id).
func checkQuestions(rep *Report, srv *ServerState, terms []*TerminalState, byToken map[string]Action,
	seenToken, seenOpID map[string]int) map[string]string {
	where := map[string]string{}
	base := map[string]int64{} // answer op id → the question version its officer saw
	for _, ts := range terms {
		for _, op := range ts.Ops {
			if op.Kind == motcua.OpAnswer {
				base[op.ID] = op.BaseVersion
			}
		}
	}
	for id, q := range srv.Questions {
		if q.ID != id {
			rep.errorf(&rep.Duplicated, "question stored under %s says id %s", id, q.ID)
		}
		tok := checkAsk(rep, id, q, byToken)
		if tok != "" {
			seenToken[tok]++
			where[tok] = id
		}
		rep.Answers += len(q.Answers)
		closed := false
		for i, ans := range q.Answers {
			tok := tokenOf(ans.Text)
			a, ok := byToken[tok]
			checkAnswer(rep, id, i, ans, tok, a, ok)
			if tok != "" {
				seenToken[tok]++
				where[tok] = id
			}
			if ans.OpID != "" {
				seenOpID[ans.OpID]++
			}
			if b, ok := base[ans.OpID]; ok && b < int64(1+i) {
				rep.ConcurrentAnswers++
			}
			// Closed stays closed (motcua.ApplyQuestion): a later answer is
			// kept, marked as after closing, and reopens nothing.
			if ans.AfterClose != closed {
				rep.errorf(&rep.Illegal, "question %s: answer %d after_close=%v, closed before it=%v", id, i, ans.AfterClose, closed)
			}
			if closed {
				rep.Reopened++ // late answers kept on a closed question
			}
			closed = closed || (ok && a.Close)
		}
		checkQuestionStatus(rep, id, q, byToken, closed)
	}
	return where
}

// checkAsk: the question carries the token of an attempted ask, landed
// under its id, never a failed one. It returns the token.
func checkAsk(rep *Report, id string, q motcua.Question, byToken map[string]Action) string {
	tok := tokenOf(q.Text)
	a, ok := byToken[tok]
	switch {
	case tok == "":
		rep.errorf(&rep.Unexpected, "question %s carries no token: %q", id, q.Text)
	case !ok:
		rep.errorf(&rep.Unexpected, "question %s (%s) was never asked", id, tok)
	case a.Kind != motcua.OpAsk:
		rep.errorf(&rep.Unexpected, "question %s carries the token of a %s", id, a.Kind)
	case a.State == Failed:
		rep.errorf(&rep.Unexpected, "question %s: %s failed locally (%s) but is on the server", id, tok, a.Err)
	case a.State == Acknowledged && a.DossierID != id && a.Terminal != ZaloTerminal:
		rep.errorf(&rep.Unexpected, "question %s: %s landed as %s, acknowledged as %s", id, tok, id, a.DossierID)
	}
	return tok
}

// checkAnswer: answer i carries the token of an attempted answer on this
// question, with the acknowledged op id, never a failed one.
func checkAnswer(rep *Report, id string, i int, ans motcua.Answer, tok string, a Action, ok bool) {
	switch {
	case tok == "":
		rep.errorf(&rep.Unexpected, "question %s: answer %d carries no token: %q", id, i, ans.Text)
	case !ok:
		rep.errorf(&rep.Unexpected, "question %s: answer %s was never attempted", id, tok)
	case a.Kind != motcua.OpAnswer:
		rep.errorf(&rep.Unexpected, "question %s: an answer carries the token of a %s", id, a.Kind)
	case a.Target != id:
		rep.errorf(&rep.Unexpected, "question %s: answer %s was made on question %s", id, tok, a.Target)
	case a.State == Failed:
		rep.errorf(&rep.Unexpected, "question %s: answer %s failed locally (%s) but is on the server", id, tok, a.Err)
	case a.State == Acknowledged && a.OpID != ans.OpID:
		rep.errorf(&rep.Unexpected, "question %s: answer %s landed with op id %s, acknowledged as %s", id, tok, ans.OpID, a.OpID)
	}
}

// checkQuestionStatus: received without an answer; closed once any answer
// closed it (a later answer is kept but reopens nothing); else answered. The
// version counts the answers.
func checkQuestionStatus(rep *Report, id string, q motcua.Question, byToken map[string]Action, closed bool) {
	want := motcua.QuestionReceived
	if n := len(q.Answers); n > 0 {
		want = motcua.QuestionAnswered
		if _, ok := byToken[tokenOf(q.Answers[n-1].Text)]; !ok && !closed {
			want = q.Status // unknown: reported above
		} else if closed {
			want = motcua.QuestionClosed // closed stays closed, whatever came after
		}
	}
	if q.Status != want || q.Version != int64(1+len(q.Answers)) {
		rep.errorf(&rep.Illegal, "question %s: status %s version %d after %d answers, want %s version %d",
			id, q.Status, q.Version, len(q.Answers), want, 1+len(q.Answers))
	}
}

// checkCode: valid, of the dossier's unit, dated on its reception day.
func checkCode(rep *Report, d motcua.Dossier) {
	c, err := motcua.ParseCode(d.Code)
	switch {
	case err != nil:
		rep.errorf(&rep.BadCodes, "dossier %s: code %q invalid: %v", d.ID, d.Code, err)
	case c.String() != d.Code:
		rep.errorf(&rep.BadCodes, "dossier %s: code %q not canonical", d.ID, d.Code)
	case c.Unit != d.Unit:
		rep.errorf(&rep.BadCodes, "dossier %s: code %s not of unit %s", d.ID, d.Code, d.Unit)
	case c.Date != d.ReceivedAt.In(motcua.VNZone).Format("060102"):
		rep.errorf(&rep.BadCodes, "dossier %s: code %s dated otherwise than its reception %s", d.ID, d.Code, d.ReceivedAt)
	}
}

// checkLegal walks a dossier's history with CanTransition, ignoring the
// attempts that lost (conflict events).
func checkLegal(rep *Report, d motcua.Dossier) {
	if len(d.History) == 0 || d.History[0].Kind != motcua.OpReceive {
		rep.errorf(&rep.Illegal, "dossier %s: history does not start with its reception", d.Code)
		return
	}
	cur := motcua.StatusReceived
	for _, ev := range d.History[1:] {
		if ev.Kind != motcua.OpTransition || ev.Conflict {
			continue
		}
		if ev.From != cur || !motcua.CanTransition(cur, ev.To) {
			rep.errorf(&rep.Illegal, "dossier %s: move %d→%d applied while it was %d", d.Code, ev.From, ev.To, cur)
		}
		cur = ev.To
	}
	if cur != d.Status {
		rep.errorf(&rep.Illegal, "dossier %s: history ends at %d, status is %d", d.Code, cur, d.Status)
	}
}

// checkTerminal: nothing waits, every op it keeps has exactly one result on
// the server, the results the officer must see are there, and it holds
// exactly the server's dossiers.
func checkTerminal(rep *Report, srv *ServerState, ts *TerminalState) {
	if ts.Status.Waiting != 0 || ts.Meta.AckedSeq != ts.Meta.LastSeq {
		rep.errorf(&rep.BadResults, "%s: %d ops still waiting (acked %d of %d)", ts.Name, ts.Status.Waiting, ts.Meta.AckedSeq, ts.Meta.LastSeq)
	}
	if rec, ok := srv.Terminals[ts.Info.ID]; ok && rec.LastAppliedSeq != ts.Meta.LastSeq {
		rep.errorf(&rep.BadResults, "%s: server's last applied seq %d, terminal's last seq %d", ts.Name, rec.LastAppliedSeq, ts.Meta.LastSeq)
	}
	for i, op := range ts.Ops {
		if !ts.Trimmed && op.Seq != uint64(i)+1 {
			rep.errorf(&rep.BadResults, "%s: kept ops not contiguous at %d (seq %d)", ts.Name, i+1, op.Seq)
			break
		}
		rows := srv.Results[op.ID]
		if len(rows) == 0 {
			rep.errorf(&rep.BadResults, "%s: op seq %d (%s) has no result on the server", ts.Name, op.Seq, op.Kind)
			continue
		}
		own := 0
		for _, r := range rows {
			if r.Terminal == ts.Info.ID {
				own++
			}
		}
		if own > 1 {
			rep.errorf(&rep.Duplicated, "%s: op seq %d has %d results under one identity", ts.Name, op.Seq, own)
		}
		res := rows[0].Result
		_, kept := ts.Results[op.Seq]
		wantKept := res.Status == motcua.Conflicted || res.Status == motcua.Rejected || res.Reason == "possible_duplicate"
		if wantKept != kept {
			rep.errorf(&rep.BadResults, "%s: op seq %d result %s on the server, shown to the officer: %v", ts.Name, op.Seq, res.Status, kept)
		}
		if res.Status == motcua.Rejected && op.Kind == motcua.OpReceive {
			parked := false
			for _, p := range ts.Parked {
				parked = parked || p.ID == op.DossierID
			}
			if !parked {
				rep.errorf(&rep.BadResults, "%s: refused reception seq %d not parked for the officer", ts.Name, op.Seq)
			}
		}
	}
	if convergent(rep, srv, ts) > 0 {
		rep.Diverged++
	}
}

// convergent reports (and counts) how the terminal's records differ from
// the server's: missing, different, or held only here.
func convergent(rep *Report, srv *ServerState, ts *TerminalState) int {
	bad := 0
	for id, d := range srv.Dossiers {
		if d.Unit != ts.Info.Unit {
			continue
		}
		got, ok := ts.Dossiers[id]
		switch {
		case !ok:
			bad++
			rep.errorf(nil, "%s: missing dossier %s (%s)", ts.Name, id, d.Code)
		case got.Code != d.Code || got.Status != d.Status || got.Version != d.Version || len(got.History) != len(d.History):
			bad++
			rep.errorf(nil, "%s: dossier %s differs: code %s/%s status %d/%d version %d/%d events %d/%d", ts.Name, d.Code,
				got.Code, d.Code, got.Status, d.Status, got.Version, d.Version, len(got.History), len(d.History))
		}
	}
	for id, q := range srv.Questions {
		if q.Unit != ts.Info.Unit {
			continue
		}
		got, ok := ts.Questions[id]
		switch {
		case !ok:
			bad++
			rep.errorf(nil, "%s: missing question %s", ts.Name, id)
		case got.Status != q.Status || got.Version != q.Version || !sameAnswers(got.Answers, q.Answers):
			bad++
			rep.errorf(nil, "%s: question %s differs: status %s/%s version %d/%d answers %d/%d", ts.Name, id,
				got.Status, q.Status, got.Version, q.Version, len(got.Answers), len(q.Answers))
		}
	}
	var extra []string
	for id, d := range ts.Dossiers {
		if _, ok := srv.Dossiers[id]; !ok {
			extra = append(extra, d.Code)
		}
	}
	for id := range ts.Questions {
		if _, ok := srv.Questions[id]; !ok {
			extra = append(extra, "question "+id)
		}
	}
	sort.Strings(extra)
	if len(extra) > 0 {
		bad++
		rep.errorf(nil, "%s: holds %d records the server does not: %v", ts.Name, len(extra), extra)
	}
	return bad
}

// sameAnswers: the same answers (op id and text), in the same order.
func sameAnswers(a, b []motcua.Answer) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].OpID != b[i].OpID || a[i].Text != b[i].Text {
			return false
		}
	}
	return true
}

// CheckStored verifies, right after a kill, that every action the history
// has acknowledged for terminal name is in its file: the op at its seq
// (in the outbox or among the acknowledged ops) and, for a reception, the
// dossier with the code handed out; for an ask its question, for an answer
// its question with the answer once. It also runs the store's own
// integrity check.
func CheckStored(h *History, name string, s *store.Store) []string {
	var errs []string
	if err := s.CheckIntegrity(); err != nil {
		errs = append(errs, fmt.Sprintf("%s: integrity: %v", name, err))
	}
	m, err := s.SyncMeta()
	if err != nil {
		return append(errs, err.Error())
	}
	ops, err := s.SyncBatch(1, int(m.LastSeq))
	if err != nil {
		return append(errs, fmt.Sprintf("%s: read ops: %v", name, err))
	}
	for _, a := range h.Actions() {
		if a.Terminal != name || a.State != Acknowledged || a.TermID != m.Terminal.ID {
			continue
		}
		if a.Seq == 0 || a.Seq > uint64(len(ops)) || ops[a.Seq-1].ID != a.OpID {
			errs = append(errs, fmt.Sprintf("%s: acknowledged %s %s (seq %d) is not in the file (last seq %d)", name, a.Kind, a.Token, a.Seq, m.LastSeq))
			continue
		}
		if a.Kind == motcua.OpReceive {
			d, err := s.Get(a.DossierID)
			if err != nil || d.Code != a.Code {
				errs = append(errs, fmt.Sprintf("%s: acknowledged reception %s (%s) is not in the file: %v", name, a.Token, a.Code, err))
			}
		}
		if motcua.IsQuestionOp(a.Kind) {
			q, err := s.Question(a.DossierID)
			if err != nil {
				errs = append(errs, fmt.Sprintf("%s: acknowledged %s %s: question %s is not in the file: %v", name, a.Kind, a.Token, a.DossierID, err))
				continue
			}
			n := 0
			for _, ans := range q.Answers {
				if ans.OpID == a.OpID {
					n++
				}
			}
			if a.Kind == motcua.OpAnswer && n != 1 {
				errs = append(errs, fmt.Sprintf("%s: acknowledged answer %s is %d times on question %s in the file", name, a.Token, n, a.DossierID))
			}
		}
	}
	return errs
}
