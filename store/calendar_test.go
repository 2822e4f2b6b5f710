package store

import (
	"path/filepath"
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
