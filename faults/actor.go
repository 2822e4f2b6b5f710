package faults

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/store"
)

// Actor is an officer at one terminal: every action goes through the
// history (invoked before, acknowledged or failed after).
type Actor struct {
	Name string
	S    *store.Store
	H    *History
	R    *rand.Rand
	// AcceptClock confirms receptions although the clock went backwards
	// (the officer looked at the clock and said it is right).
	AcceptClock bool
	// Q, when set, draws the officer's question work: after some steps a
	// walk-in question is logged or a question answered (QuestionStep). It
	// is a stream of its own, so a seed's dossier actions are the same with
	// or without questions.
	Q *rand.Rand
	// C, when set, draws the guidance and refusals given at the counter
	// (RecordOdds per step): a stream of its own too.
	C *rand.Rand
}

// RecordOdds is the chance, in percent, that a step also records a
// guidance or a refusal at the counter (when the actor has a C stream).
const RecordOdds = 10

// QuestionOdds is the chance, in percent, that a step also does a question
// op (when the actor has a Q stream).
const QuestionOdds = 30

var (
	families = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"}
	middles  = []string{"Văn", "Thị", "Minh", "Thanh", "Ngọc", "Hữu"}
	givens   = []string{"Ánh", "Cường", "Dũng", "Hoa", "Khang", "Lan", "Minh", "Thư", "Út", "Bình", "Tâm", "Phúc"}
)

// Name returns a random Vietnamese name.
func Name(r *rand.Rand) string {
	return families[r.IntN(len(families))] + " " + middles[r.IntN(len(middles))] + " " + givens[r.IntN(len(givens))]
}

// Receive records a reception; its token rides in the summary and the note.
func (a *Actor) Receive() (motcua.Done, error) {
	act := a.H.Invoke(a.Name, motcua.OpReceive, "", motcua.StatusReceived)
	d, err := a.S.Receive(motcua.ReceiveInput{ProcedureCode: "1.001193", Applicant: motcua.Person{Name: Name(a.R), Phone: "0912345678"},
		Summary: "Đăng ký khai sinh " + act.Token, Note: act.Token, AcceptClock: a.AcceptClock})
	return a.settle(act, d, err)
}

// settle records the store's answer to act in the history (acknowledged,
// or failed: nothing written) and passes it on.
func (a *Actor) settle(act *Action, done motcua.Done, err error) (motcua.Done, error) {
	if err != nil {
		a.H.Fail(act, err)
		return done, err
	}
	a.H.Ack(act, done)
	return done, nil
}

// Move moves dossier id to a random legal next status from its local
// status, with the arguments the law asks for; the token is the reason.
func (a *Actor) Move(id string) (motcua.Done, error) {
	cur, err := a.S.Get(id)
	if err != nil {
		return motcua.Done{}, err
	}
	next := motcua.NextStatuses(cur.Status)
	if len(next) == 0 {
		return a.Note(id)
	}
	return a.MoveTo(cur, next[a.R.IntN(len(next))])
}

// MoveTo moves d (as this terminal sees it) to to.
func (a *Actor) MoveTo(d motcua.Dossier, to motcua.Status) (motcua.Done, error) {
	act := a.H.Invoke(a.Name, motcua.OpTransition, d.ID, to)
	args := motcua.TransitionArgs{From: d.Status, To: to, Reason: act.Token}
	switch to {
	case motcua.StatusSupplement:
		args.Documents = []string{"Bản sao CCCD"}
	case motcua.StatusReturned, motcua.StatusWithdrawn, motcua.StatusRefused:
		args.Recipient, args.Method = d.Applicant.Name, motcua.ReturnCounter
	}
	done, err := a.S.Transition(d.ID, args)
	return a.settle(act, done, err)
}

// Note appends a note to dossier id; the token is the note.
func (a *Actor) Note(id string) (motcua.Done, error) {
	act := a.H.Invoke(a.Name, motcua.OpNote, id, 0)
	done, err := a.S.Do(motcua.Action{Kind: motcua.OpNote, DossierID: id, Args: motcua.NoteArgs{Text: act.Token}})
	return a.settle(act, done, err)
}

// Ask logs a walk-in question at the counter; its token rides in the text.
func (a *Actor) Ask() (motcua.Done, error) {
	act := a.H.Invoke(a.Name, motcua.OpAsk, "", 0)
	r := a.R
	if a.Q != nil {
		r = a.Q
	}
	done, err := a.S.Ask(motcua.AskArgs{Channel: []motcua.QuestionChannel{motcua.AskCounter, motcua.AskPhone}[r.IntN(2)],
		AskerName: Name(r), Contact: "0912345678", Title: "Hỏi về khai sinh",
		Text: "Làm giấy khai sinh cho con cần mang theo giấy tờ gì? " + act.Token})
	return a.settle(act, done, err)
}

// Record gives a guidance (Mẫu 02) or a refusal (Mẫu 03) at the counter;
// its token is the record's note.
func (a *Actor) Record() (motcua.Done, error) {
	act := a.H.Invoke(a.Name, motcua.OpCounterRecord, "", 0)
	r := motcua.CounterRecord{Kind: motcua.CounterGuidance, ProcedureCode: "1.001193", Applicant: motcua.Person{Name: Name(a.C)},
		Missing: []string{"Giấy chứng sinh"}, Note: act.Token}
	if a.C.IntN(3) == 0 {
		r.Kind, r.Missing, r.Reason = motcua.CounterRefusal, nil, "Không thuộc thẩm quyền của xã"
	}
	_, op, err := a.S.RecordAtCounterOp(r)
	return a.settle(act, motcua.Done{Op: op}, err)
}

// Answer appends an answer to question id, closing it when close; the
// token is in the answer's text.
func (a *Actor) Answer(id string, close bool) (motcua.Done, error) {
	act := a.H.InvokeAnswer(a.Name, id, close)
	done, err := a.S.AnswerQuestion(id, "Anh/chị mang theo CCCD và giấy chứng sinh. "+act.Token, close)
	return a.settle(act, done, err)
}

// QuestionStep does one question op drawn from Q: a walk-in question, or
// an answer (closing it one time in three) to a question this terminal
// holds, an open one mostly, else any (the officer's screen lets him
// answer an answered or closed question too). Two terminals holding the
// same open question may answer it concurrently.
func (a *Actor) QuestionStep() error {
	qs, err := a.S.Questions()
	if err != nil {
		return err
	}
	var open []string
	for _, q := range qs {
		if q.Status.Open() {
			open = append(open, q.ID)
		}
	}
	r := a.Q
	switch {
	case len(qs) == 0 || r.IntN(100) < 35:
		_, err = a.Ask()
	case len(open) > 0 && r.IntN(100) < 85:
		_, err = a.Answer(open[r.IntN(len(open))], r.IntN(3) == 0)
	default:
		_, err = a.Answer(qs[r.IntN(len(qs))].ID, r.IntN(3) == 0)
	}
	return err
}

// Step does one random action: a reception (weight recv), or a move or a
// note on one of ids (a random dossier this terminal holds when ids is
// nil); and, QuestionOdds times in a hundred when the actor has a Q
// stream, a question op first (QuestionStep), and RecordOdds times in a
// hundred when it has a C stream, a guidance or refusal at the counter.
func (a *Actor) Step(ids []string, recv int) error {
	if a.Q != nil && a.Q.IntN(100) < QuestionOdds {
		if err := a.QuestionStep(); !Expected(err) {
			return err
		}
	}
	if a.C != nil && a.C.IntN(100) < RecordOdds {
		if _, err := a.Record(); !Expected(err) {
			return err
		}
	}
	if ids == nil {
		ids = a.Local()
	}
	if len(ids) == 0 || a.R.IntN(100) < recv {
		_, err := a.Receive()
		return err
	}
	id := ids[a.R.IntN(len(ids))]
	var err error
	if a.R.IntN(5) == 0 {
		_, err = a.Note(id)
	} else {
		_, err = a.Move(id)
	}
	return err
}

// Work does n random steps (Step(ids, recv)); an error an officer may not
// meet (see Expected) fails the test.
func (a *Actor) Work(t testing.TB, n int, ids []string, recv int) {
	t.Helper()
	for ; n > 0; n-- {
		if err := a.Step(ids, recv); !Expected(err) {
			t.Fatalf("%s: %v", a.Name, err)
		}
	}
}

// Local lists the ids of the dossiers this terminal holds.
func (a *Actor) Local() []string {
	var ids []string
	if err := a.S.Each(store.ExportFilter{}, func(d motcua.Dossier) error {
		ids = append(ids, d.ID)
		return nil
	}); err != nil {
		panic(fmt.Sprintf("list %s: %v", a.Name, err))
	}
	return ids
}

// NewRand is a seeded source for an actor.
func NewRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 99)) }
