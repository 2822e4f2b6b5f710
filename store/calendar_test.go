package store

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/motcua/motcua"
)

// A standalone terminal with no overrides uses the shipped 2025 schedule: a
// one-working-day dossier received Fri 24/01/2025 14:00 is due Mon 03/02,
// after the published Tết break (27/01 included).
func TestStandaloneUsesPublishedSchedule(t *testing.T) {
	s, clock := mustOpen(t)
	clock.t = time.Date(2025, 1, 24, 14, 0, 0, 0, motcua.VNZone)
	d, err := s.Receive(motcua.ReceiveInput{ProcedureCode: "CM.CT.002", Applicant: motcua.Person{Name: "Lê Thị Hoa"}})
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2025, 2, 3, 14, 0, 0, 0, motcua.VNZone)
	if got := d.Dossier.Appointment; !got.Equal(want) {
		t.Errorf("appointment %s, want Mon 03/02/2025 14:00", got.In(motcua.VNZone).Format("Mon 02/01/2006 15:04"))
	}
}

func TestImportCalendarStandalone(t *testing.T) {
	path := filepath.Join(t.TempDir(), "motcua.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{}
	s.Now = clock.Now
	if _, err := s.Init(testUnit, "UBND xã Tân Thành", "Trần Văn Bình"); err != nil {
		t.Fatal(err)
	}
	cal, err := motcua.ParseCalendar([]byte(`{"morning":{"start":420,"end":690},"afternoon":{"start":810,"end":1020},
		"overrides":[{"date":"2027-02-04","to":"2027-02-12","kind":"holiday","name":"Tết Đinh Mùi","source":"TB 1/TB-BNV"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ImportCalendar(cal); err != nil {
		t.Fatal(err)
	}
	clock.t = time.Date(2027, 2, 3, 9, 0, 0, 0, motcua.VNZone)
	d, err := s.Receive(motcua.ReceiveInput{ProcedureCode: "CM.CT.002", Applicant: motcua.Person{Name: "Lê Thị Hoa"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2027, 2, 15, 9, 0, 0, 0, motcua.VNZone); !d.Dossier.Appointment.Equal(want) {
		t.Errorf("appointment %s, want Mon 15/02/2027 09:00", d.Dossier.Appointment.In(motcua.VNZone))
	}
	// It survives reopening the file.
	s.Close()
	s2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if got := s2.Calendar(); len(got.Overrides) != 1 || got.Overrides[0].Source != "TB 1/TB-BNV" {
		t.Errorf("calendar after reopen: %+v", got)
	}
	// An enrolled terminal takes its calendar from the server.
	if _, err := s2.updateTerminal(func(_ *bolt.Tx, info *motcua.TerminalInfo) error {
		info.Server, info.Token = "https://127.0.0.1:1", "t"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := s2.ImportCalendar(cal); motcua.ErrorReason(err) != "calendar_from_server" {
		t.Errorf("import on an enrolled terminal: %v", err)
	}
}

// A dossier waiting on the citizen (5, 6) is not overdue, whatever its
// appointment; back in processing its appointment is recomputed from the
// day the citizen completes, and the history says so.
func TestClockStopsWhileWaitingOnTheCitizen(t *testing.T) {
	s, clock := mustOpen(t)
	d, err := s.Receive(motcua.ReceiveInput{ProcedureCode: "1.004873", Applicant: motcua.Person{Name: "Lê Thị Hoa"}}) // 3 working days
	if err != nil {
		t.Fatal(err)
	}
	id, appt := d.Dossier.ID, d.Dossier.Appointment // Wed 01/11/2023 09:32
	for _, to := range []motcua.Status{motcua.StatusProcessing, motcua.StatusPayment} {
		if _, err := s.Transition(id, motcua.TransitionArgs{To: to, Reason: "Nộp lệ phí"}); err != nil {
			t.Fatal(err)
		}
	}
	clock.t = time.Date(2023, 11, 8, 10, 0, 0, 0, motcua.VNZone) // a week later
	st, err := s.Stats(clock.t)
	if err != nil {
		t.Fatal(err)
	}
	if st.Overdue != 0 {
		t.Errorf("a dossier waiting on payment counts as overdue (%d)", st.Overdue)
	}
	hits, err := s.Search(motcua.Query{Due: motcua.DueOverdue, Now: clock.t})
	if err != nil || len(hits) != 0 {
		t.Errorf("overdue search finds a waiting dossier: %v %v", hits, err)
	}
	done, err := s.Transition(id, motcua.TransitionArgs{To: motcua.StatusProcessing})
	if err != nil {
		t.Fatal(err)
	}
	// Paid Wed 08/11, waited since Fri 27/10: 8 working days added.
	want := time.Date(2023, 11, 13, 9, 32, 0, 0, motcua.VNZone)
	if got := done.Dossier.Appointment; !got.Equal(want) {
		t.Errorf("appointment after payment %s, want %s (was %s)", got.In(motcua.VNZone), want, appt.In(motcua.VNZone))
	}
	if last := done.Dossier.History[len(done.Dossier.History)-1]; !strings.Contains(last.Text, "Hẹn trả tính lại") {
		t.Errorf("history: %+v", last)
	}
	if st, _ := s.Stats(clock.t); st.Overdue != 0 || st.DueToday+st.DueSoon != 0 {
		t.Errorf("after resuming: %+v", st)
	}
}
