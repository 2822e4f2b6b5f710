package motcua

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2023, 10, 27, 9, 32, 0, 0, VNZone)

func mustOp(t *testing.T, kind OpKind, id string, args any) Op {
	t.Helper()
	op, err := NewOp(kind, id, args)
	if err != nil {
		t.Fatal(err)
	}
	op.ID, op.ClientTime, op.Officer, op.Terminal, op.Role = NewID(t0), t0, "Trần Văn Bình", "T1", RoleCounter
	return op
}

func received(t *testing.T) Dossier {
	t.Helper()
	id := NewID(t0)
	d, res := Apply(nil, mustOp(t, OpReceive, id, ReceiveArgs{
		Code: "000.00.06.H56-231027-0361", Unit: "000.00.06.H56", ProcedureCode: "1.001193",
		Applicant:  Person{Name: "  Nguyễn   Thị  Ánh ", Phone: "+84 912 345 678"},
		ReceivedAt: t0, Appointment: t0.Add(48 * time.Hour),
	}))
	if res.Status != Applied {
		t.Fatalf("receive: %+v", res)
	}
	return d
}

func TestApplyReceive(t *testing.T) {
	d := received(t)
	if d.Status != StatusReceived || d.Version != 1 || d.Applicant.Name != "Nguyễn Thị Ánh" || d.Applicant.Phone != "0912345678" {
		t.Fatalf("%+v", d)
	}
	if len(d.History) != 1 || d.History[0].To != StatusReceived || d.History[0].Officer != "Trần Văn Bình" {
		t.Fatalf("history %+v", d.History)
	}
	// Receiving the same id again is refused.
	if _, res := Apply(&d, mustOp(t, OpReceive, d.ID, ReceiveArgs{})); res.Status != Rejected {
		t.Fatalf("second receive: %+v", res)
	}
}

func TestApplyReceiveRejectsBadInput(t *testing.T) {
	good := ReceiveArgs{Code: "000.00.06.H56-231027-0361", Unit: "000.00.06.H56", ProcedureCode: "1.001193",
		Applicant: Person{Name: "Lê Văn Cường"}, ReceivedAt: t0, Appointment: t0.Add(time.Hour)}
	cases := map[string]func(a *ReceiveArgs){
		"code_format":        func(a *ReceiveArgs) { a.Code = "HS-1" },
		"code_unit":          func(a *ReceiveArgs) { a.Code = "000.00.07.H56-231027-0361" },
		"code_date":          func(a *ReceiveArgs) { a.ReceivedAt = t0.Add(48 * time.Hour); a.Appointment = t0.Add(72 * time.Hour) },
		"appointment_before": func(a *ReceiveArgs) { a.Appointment = t0.Add(-time.Hour) },
		"procedure_missing":  func(a *ReceiveArgs) { a.ProcedureCode = " " },
		"channel":            func(a *ReceiveArgs) { a.Channel = "fax" },
		"unit_code":          func(a *ReceiveArgs) { a.Unit = "H56" },
	}
	for reason, mutate := range cases {
		a := good
		mutate(&a)
		_, res := Apply(nil, mustOp(t, OpReceive, NewID(t0), a))
		if res.Status != Rejected || res.Reason != reason || res.MessageVI == "" || res.MessageEN == "" {
			t.Errorf("%s: %+v", reason, res)
		}
	}
	// Unknown fields in args are refused: ops are a contract between versions.
	op := mustOp(t, OpReceive, NewID(t0), good)
	op.Args = json.RawMessage(strings.Replace(string(op.Args), "{", `{"surprise":1,`, 1))
	if _, res := Apply(nil, op); res.Reason != "bad_args" {
		t.Errorf("unknown field: %+v", res)
	}
	// A bad name is refused with the applicant's field named.
	a := good
	a.Applicant.Name = "Lê Văn 3"
	if _, res := Apply(nil, mustOp(t, OpReceive, NewID(t0), a)); res.Status != Rejected {
		t.Errorf("name with digit: %+v", res)
	}
}

// The conflict table of docs/DESIGN.md §5, for transitions.
func TestApplyTransitionConflictTable(t *testing.T) {
	d := received(t)
	move := func(d Dossier, from, to Status) (Dossier, Result) {
		return Apply(&d, mustOp(t, OpTransition, d.ID, TransitionArgs{From: from, To: to}))
	}
	d4, res := move(d, 2, 4)
	if res.Status != Applied || d4.Status != 4 || d4.Version != 2 {
		t.Fatalf("2→4: %+v", res)
	}
	// Status already the target: superseded, nothing changes.
	again, res := move(d4, 2, 4)
	if res.Status != Superseded || again.Version != d4.Version || len(again.History) != len(d4.History) {
		t.Fatalf("superseded: %+v", res)
	}
	// Status is neither: conflict, the attempt stays in the history.
	d9, _ := move(d4, 4, 9)
	c, res := move(d9, 4, 5)
	if res.Status != Rejected || res.Reason != "supplement_required" {
		t.Fatalf("supplement without list: %+v", res)
	}
	c, res = Apply(&d9, mustOp(t, OpTransition, d9.ID, TransitionArgs{From: 4, To: 8, Reason: "thiếu hồ sơ"}))
	if res.Status != Conflicted || c.Status != 9 || !c.History[len(c.History)-1].Conflict || !strings.Contains(res.MessageVI, "Xung đột") {
		t.Fatalf("conflict: %+v / %+v", res, c.History)
	}
	// Illegal transitions are rejected whatever the current status.
	if _, res := move(d9, 9, 4); res.Status != Rejected || res.Reason != "illegal_transition" {
		t.Fatalf("9→4: %+v", res)
	}
}

func TestApplyTransitionRequirements(t *testing.T) {
	d4, _ := Apply(ptr(received(t)), mustOp(t, OpTransition, "", TransitionArgs{From: 2, To: 4}))
	cases := []struct {
		args   TransitionArgs
		reason string
	}{
		{TransitionArgs{From: 4, To: 8}, "reason_required"},
		{TransitionArgs{From: 4, To: 5, Reason: "thiếu"}, "supplement_required"},
		{TransitionArgs{From: 4, To: 9}, ""},
	}
	for _, c := range cases {
		_, res := Apply(&d4, mustOp(t, OpTransition, d4.ID, c.args))
		if (c.reason == "" && res.Status != Applied) || (c.reason != "" && res.Reason != c.reason) {
			t.Errorf("%+v: %+v", c.args, res)
		}
	}
	d5, res := Apply(&d4, mustOp(t, OpTransition, d4.ID, TransitionArgs{From: 4, To: 5, Reason: "thiếu giấy", Documents: []string{"Giấy chứng sinh"}}))
	if res.Status != Applied || d5.Supplements != 1 || !strings.Contains(d5.History[len(d5.History)-1].Text, "Giấy chứng sinh") {
		t.Fatalf("supplement: %+v", res)
	}
	newAppt := t0.Add(10 * 24 * time.Hour)
	back, _ := Apply(&d5, mustOp(t, OpTransition, d5.ID, TransitionArgs{From: 5, To: 4, Appointment: newAppt}))
	if !back.Appointment.Equal(newAppt) {
		t.Fatal("supplement policy appointment not applied")
	}
	// A second supplement in one stage needs an override.
	if _, res := Apply(&back, mustOp(t, OpTransition, back.ID, TransitionArgs{From: 4, To: 5, Reason: "x", Documents: []string{"y"}})); res.Reason != "supplement_once" {
		t.Fatalf("second supplement: %+v", res)
	}
	if _, res := Apply(&back, mustOp(t, OpTransition, back.ID, TransitionArgs{From: 4, To: 5, Reason: "x", Documents: []string{"y"}, Override: true})); res.Status != Applied {
		t.Fatalf("override: %+v", res)
	}
}

func TestApplyReturnAndRate(t *testing.T) {
	d := received(t)
	for _, a := range []TransitionArgs{{From: 2, To: 4}, {From: 4, To: 9}} {
		d, _ = Apply(&d, mustOp(t, OpTransition, d.ID, a))
	}
	if _, res := Apply(&d, mustOp(t, OpRate, d.ID, RateArgs{Convenience: Satisfied, Overall: Satisfied})); res.Reason != "rate_not_returned" {
		t.Fatalf("rate before return: %+v", res)
	}
	if _, res := Apply(&d, mustOp(t, OpTransition, d.ID, TransitionArgs{From: 9, To: 10, Recipient: "Ánh"})); res.Reason != "return_required" {
		t.Fatalf("return without method: %+v", res)
	}
	d, res := Apply(&d, mustOp(t, OpTransition, d.ID, TransitionArgs{From: 9, To: 10, Recipient: "Nguyễn Thị Ánh", Method: ReturnCounter}))
	if res.Status != Applied || d.Outcome == nil || d.Outcome.Recipient != "Nguyễn Thị Ánh" {
		t.Fatalf("return: %+v", res)
	}
	d, res = Apply(&d, mustOp(t, OpRate, d.ID, RateArgs{Convenience: VerySatisfied, Overall: Satisfied}))
	if res.Status != Applied || d.Rating == nil || d.Rating.Scores[7] != 2 || d.Rating.Scores[8] != 1 {
		t.Fatalf("rate: %+v %+v", res, d.Rating)
	}
	if _, res := Apply(&d, mustOp(t, OpRate, d.ID, RateArgs{Convenience: Dissatisfied, Overall: Dissatisfied})); res.Status != Superseded {
		t.Fatalf("second rating: %+v", res)
	}
}

func TestApplySetFieldConflicts(t *testing.T) {
	d := received(t)
	set := func(d Dossier, old, new string) (Dossier, Result) {
		return Apply(&d, mustOp(t, OpSetField, d.ID, SetFieldArgs{Field: "applicant.phone", Old: old, New: new}))
	}
	d2, res := set(d, "0912345678", "0987 654 321")
	if res.Status != Applied || d2.Applicant.Phone != "0987654321" {
		t.Fatalf("set: %+v", res)
	}
	// Another officer changed it meanwhile: the server value is kept.
	d3, res := set(d2, "0912345678", "0909000111")
	if res.Status != Conflicted || d3.Applicant.Phone != "0987654321" || !d3.History[len(d3.History)-1].Conflict {
		t.Fatalf("conflict: %+v", res)
	}
	if _, res := set(d2, "0912345678", "0987654321"); res.Status != Superseded {
		t.Fatalf("same value: %+v", res)
	}
	if _, res := set(d2, "0987654321", "123"); res.Status != Rejected {
		t.Fatalf("bad phone: %+v", res)
	}
	if _, res := Apply(&d, mustOp(t, OpSetField, d.ID, SetFieldArgs{Field: "status", New: "10"})); res.Reason != "field_unknown" {
		t.Fatalf("status via set_field: %+v", res)
	}
}

func TestApplyRescheduleKeepsOriginal(t *testing.T) {
	d := received(t)
	orig := d.Appointment
	later := orig.Add(72 * time.Hour)
	d2, res := Apply(&d, mustOp(t, OpReschedule, d.ID, RescheduleArgs{Reason: "chờ xác minh", Old: orig, New: later}))
	if res.Status != Applied || !d2.Appointment.Equal(later) || !d2.OriginalAppt.Equal(orig) || !d2.Rescheduled() {
		t.Fatalf("reschedule: %+v", res)
	}
	evenLater := later.Add(24 * time.Hour)
	d3, _ := Apply(&d2, mustOp(t, OpReschedule, d.ID, RescheduleArgs{Reason: "lần 2", Old: later, New: evenLater}))
	if !d3.OriginalAppt.Equal(orig) {
		t.Fatal("second apology lost the original appointment")
	}
	if _, res := Apply(&d, mustOp(t, OpReschedule, d.ID, RescheduleArgs{Old: orig, New: later})); res.Reason != "reason_required" {
		t.Fatalf("no reason: %+v", res)
	}
}

func TestApplyNotesAndRoles(t *testing.T) {
	d := received(t)
	op := mustOp(t, OpNote, d.ID, NoteArgs{Text: "Gọi lại \x1b[31mcông dân\x1b[0m"})
	d2, res := Apply(&d, op)
	if res.Status != Applied || strings.ContainsRune(d2.History[1].Text, 0x1b) {
		t.Fatalf("note: %+v %q", res, d2.History[1].Text)
	}
	op = mustOp(t, OpTransition, d.ID, TransitionArgs{From: 2, To: 4})
	op.Role = RoleHamlet
	if _, res := Apply(&d, op); res.Reason != "role_hamlet" {
		t.Fatalf("hamlet move: %+v", res)
	}
	op = mustOp(t, OpNote, d.ID, NoteArgs{Text: strings.Repeat("a", MaxNoteRunes+1)})
	if _, res := Apply(&d, op); res.Reason != "too_long" {
		t.Fatalf("long note: %+v", res)
	}
	if _, res := Apply(nil, mustOp(t, OpNote, NewID(t0), NoteArgs{Text: "x"})); res.Reason != "dossier_not_found" {
		t.Fatalf("note on nothing: %+v", res)
	}
}

func TestApplyDoesNotAliasInput(t *testing.T) {
	d := received(t)
	before := len(d.History)
	Apply(&d, mustOp(t, OpNote, d.ID, NoteArgs{Text: "x"}))
	if len(d.History) != before {
		t.Fatal("Apply changed its input")
	}
}

func ptr[T any](v T) *T { return &v }

// A second supplement request made on another terminal before it saw the
// first one is a conflict kept in the history, not a rejection that leaves no
// trace (RELIABILITY.md, finding 4).
func TestConcurrentSecondSupplementIsAConflict(t *testing.T) {
	d4, _ := Apply(ptr(received(t)), mustOp(t, OpTransition, "", TransitionArgs{From: 2, To: 4}))
	seen := d4.Version // what the second officer saw
	d5, _ := Apply(&d4, mustOp(t, OpTransition, d4.ID, TransitionArgs{From: 4, To: 5, Reason: "thiếu", Documents: []string{"a"}}))
	back, _ := Apply(&d5, mustOp(t, OpTransition, d5.ID, TransitionArgs{From: 5, To: 4}))
	late := mustOp(t, OpTransition, back.ID, TransitionArgs{From: 4, To: 5, Reason: "thiếu nữa", Documents: []string{"b"}})
	late.BaseVersion = seen
	got, res := Apply(&back, late)
	if res.Status != Conflicted || got.Status != StatusProcessing || !got.History[len(got.History)-1].Conflict {
		t.Fatalf("late second supplement: %+v", res)
	}
	// The officer who saw the first supplement still gets the rule.
	current := mustOp(t, OpTransition, back.ID, TransitionArgs{From: 4, To: 5, Reason: "x", Documents: []string{"y"}})
	current.BaseVersion = back.Version
	if _, res := Apply(&back, current); res.Reason != "supplement_once" {
		t.Fatalf("second supplement seen: %+v", res)
	}
}

// The same op applied twice (a replay, a rebase onto a copy that already
// has it) is in once: the second time is Superseded and changes nothing.
func TestApplyingTheSameOpTwiceWritesItOnce(t *testing.T) {
	d := received(t)
	for _, op := range []Op{
		mustOp(t, OpReceive, d.ID, ReceiveArgs{}),
		mustOp(t, OpTransition, d.ID, TransitionArgs{From: StatusReceived, To: StatusProcessing}),
		mustOp(t, OpNote, d.ID, NoteArgs{Text: "Gọi lại cho công dân"}),
	} {
		if op.Kind == OpReceive {
			op.ID = d.History[0].OpID
		}
		once, res := Apply(&d, op)
		if op.Kind != OpReceive && res.Status != Applied {
			t.Fatalf("%s: %+v", op.Kind, res)
		}
		if op.Kind == OpReceive {
			once = d
		}
		twice, res := Apply(&once, op)
		if res.Status != Superseded || twice.Version != once.Version || len(twice.History) != len(once.History) {
			t.Fatalf("%s again: %+v, version %d → %d, history %d → %d", op.Kind, res, once.Version, twice.Version, len(once.History), len(twice.History))
		}
		d = once
	}

	q, res := ApplyQuestion(nil, Op{Kind: OpAsk, QuestionID: NewID(t0), ID: NewID(t0), ClientTime: t0,
		Args: mustJSON(t, AskArgs{Unit: "000.00.06.H56", Channel: AskCounter, AskerName: "Lý Thị Mai", Text: "Cần giấy tờ gì?"})})
	if res.Status != Applied {
		t.Fatalf("ask: %+v", res)
	}
	answer := Op{Kind: OpAnswer, QuestionID: q.ID, ID: NewID(t0), ClientTime: t0, Args: mustJSON(t, AnswerArgs{Text: "Mang Giấy chứng sinh."})}
	once, res := ApplyQuestion(&q, answer)
	if res.Status != Applied || len(once.Answers) != 1 {
		t.Fatalf("answer: %+v", res)
	}
	twice, res := ApplyQuestion(&once, answer)
	if res.Status != Superseded || len(twice.Answers) != 1 || twice.Version != once.Version {
		t.Fatalf("answer again: %+v, %d answers", res, len(twice.Answers))
	}
}

func mustJSON(t *testing.T, v any) json.RawMessage {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Who may do what: one table, read by Apply and by the UI's action list.
func TestRoleMay(t *testing.T) {
	all := []OpKind{OpReceive, OpTransition, OpSetField, OpNote, OpReschedule, OpRate, OpAsk, OpAnswer}
	hamlet := map[OpKind]bool{OpReceive: true, OpNote: true, OpAsk: true, OpAnswer: true}
	for _, k := range all {
		for _, r := range []Role{RoleCounter, RoleServer, ""} {
			if !r.May(k) {
				t.Errorf("%q may not %s", r, k)
			}
		}
		if RoleHamlet.May(k) != hamlet[k] {
			t.Errorf("hamlet may %s: %v, want %v", k, RoleHamlet.May(k), hamlet[k])
		}
	}
}
