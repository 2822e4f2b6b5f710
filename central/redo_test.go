package central

import (
	"errors"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/store"
)

// A reception the server refused is redone once: the new reception, the
// parked record's removal and its rejection's removal are one commit, and a
// second redo of the same record (a double Enter, a second window) is
// refused with nothing written.
func TestRedoParkedReceptionOnce(t *testing.T) {
	c, clock := mustCentral(t)
	s, sc := withTerminal(t, c, motcua.RoleCounter)
	if err := s.SetLane(motcua.Lane{First: 5000, Last: 5100, ExpiresAt: clock.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	forged := mustReceive(t, s, "Nguyễn Thị Ánh").Dossier
	pump(t, s, c, 10)
	if parked, _ := s.Parked(); len(parked) != 1 {
		t.Fatalf("parked %+v", parked)
	}
	// The server hands out a proper lane at the next sync.
	sc.Advance(time.Minute)
	pump(t, s, c, 10)

	in := motcua.ReceiveInput{ProcedureCode: "1.001193", Applicant: forged.Applicant, Redoes: forged.ID}
	redone, err := s.Receive(in)
	if err != nil {
		t.Fatal(err)
	}
	if redone.Dossier.Code == forged.Code || redone.Dossier.ID == forged.ID {
		t.Fatalf("the redo reused the refused code %s", redone.Dossier.Code)
	}
	if parked, _ := s.Parked(); len(parked) != 0 {
		t.Fatalf("still parked: %+v", parked)
	}
	if res, _ := s.Results(); len(res) != 0 {
		t.Fatalf("the rejection is still listed: %+v", res)
	}
	before, _ := s.Queue()
	if _, err := s.Receive(in); !errors.Is(err, store.ErrNotParked) {
		t.Fatalf("second redo: %v", err)
	}
	if after, _ := s.Queue(); after.Waiting != before.Waiting {
		t.Fatalf("the refused second redo wrote an op: %d → %d", before.Waiting, after.Waiting)
	}
	pump(t, s, c, 10)
	if srv, err := c.DossierByCode(testUnit, redone.Dossier.Code); err != nil || srv.Applicant.Name != "Nguyễn Thị Ánh" {
		t.Fatalf("server copy %+v %v", srv, err)
	}
}

func TestEnrolledTerminalKeepsTheServersUnitName(t *testing.T) {
	c, _ := mustCentral(t)
	s, _ := withTerminal(t, c, motcua.RoleCounter)
	before, _ := s.Terminal()
	if _, err := s.SetUnitName("Tên khác"); motcua.ErrorReason(err) != "unit_name_server" {
		t.Fatalf("rename of an enrolled terminal: %v", err)
	}
	if after, _ := s.Terminal(); after.UnitName != before.UnitName {
		t.Fatalf("renamed to %q", after.UnitName)
	}
}
