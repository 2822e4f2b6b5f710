package motcua

import (
	"strings"
	"testing"
	"time"
)

// TestCheckOpOnServerRejectsHostileReceptions: each hostile reception the
// outside tester sent is refused with its reason; an honest one passes.
func TestCheckOpOnServerRejectsHostileReceptions(t *testing.T) {
	cat, err := NewCatalog(SeedCatalog())
	if err != nil {
		t.Fatal(err)
	}
	proc, err := cat.Get("1.001193")
	if err != nil {
		t.Fatal(err)
	}
	var cal Calendar
	enrolled := t0.Add(-30 * 24 * time.Hour)
	view := ServerView{Now: t0.Add(time.Minute), EnrolledAt: enrolled, Catalog: cat, Calendars: []Calendar{cal}}
	honest := ReceiveArgs{Code: "000.00.06.H56-231027-1001", Unit: "000.00.06.H56", ProcedureCode: "1.001193",
		Applicant: Person{Name: "Lê Văn Cường"}, ReceivedAt: t0, Appointment: cal.Appointment(t0, proc.Time)}
	if err := CheckOpOnServer(mustOp(t, OpReceive, NewID(t0), honest), view); err != nil {
		t.Fatalf("honest reception refused: %v", err)
	}
	cases := map[string]func(a *ReceiveArgs, op *Op){
		"appointment_mismatch": func(a *ReceiveArgs, _ *Op) { a.Appointment = time.Date(9999, 12, 31, 0, 0, 0, 0, VNZone) },
		"procedure_unknown":    func(a *ReceiveArgs, _ *Op) { a.ProcedureCode, a.ProcedureName = "9.999999", "Thủ tục giả" },
		"received_future": func(a *ReceiveArgs, _ *Op) {
			a.ReceivedAt = t0.Add(19 * time.Hour)
			a.Code = "000.00.06.H56-231028-1001"
			a.Appointment = cal.Appointment(a.ReceivedAt, proc.Time)
		},
		"code_standalone": func(a *ReceiveArgs, _ *Op) { a.Code = "000.00.06.H56-231027-9001" },
	}
	for reason, mutate := range cases {
		a := honest
		op := mustOp(t, OpReceive, NewID(t0), a)
		mutate(&a, &op)
		op2 := mustOp(t, OpReceive, op.DossierID, a)
		if err := CheckOpOnServer(op2, view); ErrorReason(err) != reason {
			t.Errorf("%s: got %v", reason, err)
		}
	}
	// A standalone code made before enrolment (pushed after it) is honest.
	before := honest
	before.Code = "000.00.06.H56-230920-9001"
	before.ReceivedAt = enrolled.Add(-2 * 24 * time.Hour)
	before.Appointment = cal.Appointment(before.ReceivedAt, proc.Time)
	op := mustOp(t, OpReceive, NewID(t0), before)
	op.ClientTime = before.ReceivedAt
	if err := CheckOpOnServer(op, view); err != nil {
		t.Fatalf("standalone reception from before enrolment refused: %v", err)
	}
	// Other kinds are not its business.
	if err := CheckOpOnServer(mustOp(t, OpNote, NewID(t0), NoteArgs{Text: "x"}), view); err != nil {
		t.Fatal(err)
	}
}

// TestApplyStripsControlsFromEveryReceptionField: fee name and detail, ID
// kind without a number, and sex kept escape sequences before.
func TestApplyStripsControlsFromEveryReceptionField(t *testing.T) {
	evil := "\x1b[31mĐỏ\u009b2J\u202eX"
	a := ReceiveArgs{Code: "000.00.06.H56-231027-0361", Unit: "000.00.06.H56", ProcedureCode: "1.001193",
		Applicant:  Person{Name: "Lê Văn Cường", IDKind: IDKind(evil), Sex: Sex(evil)},
		Submitter:  &Person{Name: "Lê Thị Hoa", IDKind: IDKind(evil), Sex: Sex(evil)},
		Fees:       []FeeItem{{Name: evil, Amount: 1000, Detail: evil}},
		ReceivedAt: t0, Appointment: t0.Add(time.Hour)}
	d, res := Apply(nil, mustOp(t, OpReceive, NewID(t0), a))
	if res.Status != Applied {
		t.Fatalf("%+v", res)
	}
	for _, s := range []string{d.Fees[0].Name, d.Fees[0].Detail, string(d.Applicant.IDKind), string(d.Applicant.Sex),
		string(d.Submitter.IDKind), string(d.Submitter.Sex)} {
		if strings.ContainsAny(s, "\x1b\u009b\u202e") {
			t.Errorf("control left in %q", s)
		}
	}
}

// TestCheckAppointmentBound: under the server's procedure version an
// appointment may be AppointmentSlackDays working days off (a day off the
// terminal has not pulled yet) and must be inside a session; under another
// version the week's tolerance stays, as the processing time may differ.
func TestCheckAppointmentBound(t *testing.T) {
	cat, _ := NewCatalog(SeedCatalog())
	proc, err := cat.Get("1.004884") // 5 working days
	if err != nil {
		t.Fatal(err)
	}
	var cal Calendar
	recv := time.Date(2023, 10, 27, 9, 32, 0, 0, VNZone)
	want := cal.Appointment(recv, proc.Time) // Fri 03/11 09:32
	cases := []struct {
		name    string
		appt    time.Time
		version int
		ok      bool
	}{
		{"the same", want, proc.Version, true},
		{"two working days late", cal.AddWorkingDays(want, 2), proc.Version, true},
		{"two working days early", cal.AddWorkingDays(want, -2), proc.Version, true},
		{"three working days late", cal.AddWorkingDays(want, 3), proc.Version, false},
		{"at night", want.Add(12 * time.Hour), proc.Version, false},
		{"at the closing", time.Date(2023, 11, 3, 17, 0, 0, 0, VNZone), proc.Version, true},
		{"another version, three days late", cal.AddWorkingDays(want, 3), proc.Version + 1, true},
		{"another version, eight days late", want.AddDate(0, 0, 8), proc.Version + 1, false},
	}
	view := ServerView{Now: recv, EnrolledAt: recv.AddDate(0, -1, 0), Catalog: cat, Calendars: []Calendar{cal}}
	for _, tc := range cases {
		a := ReceiveArgs{Code: "000.00.06.H56-231027-1001", Unit: "000.00.06.H56", ProcedureCode: proc.Code, ProcedureVersion: tc.version,
			Applicant: Person{Name: "Lê Văn Cường"}, ReceivedAt: recv, Appointment: tc.appt}
		err := CheckOpOnServer(mustOp(t, OpReceive, NewID(recv), a), view)
		if (err == nil) != tc.ok || (err != nil && ErrorReason(err) != "appointment_mismatch") {
			t.Errorf("%s (%s): %v", tc.name, FormatDateTime(tc.appt), err)
		}
	}
}
