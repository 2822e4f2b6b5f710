package store

import (
	"errors"
	"testing"
	"time"

	"github.com/motcua/motcua"
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

	in := ReceiveInput{ProcedureCode: "1.001193", Applicant: forged.Applicant, Redoes: forged.ID}
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
	if _, err := s.Receive(in); !errors.Is(err, ErrNotParked) {
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

// OnCommit fires once per committed action and never for a refused one:
// it is what sends an officer's action to the server at once.
func TestOnCommitFiresPerCommittedAction(t *testing.T) {
	s, _ := mustOpen(t)
	n := 0
	s.OnCommit = func() { n++ }
	d := mustReceive(t, s, "Lê Văn Cường").Dossier
	if _, err := s.Transition(d.ID, motcua.TransitionArgs{To: motcua.StatusProcessing}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Transition(d.ID, motcua.TransitionArgs{To: motcua.StatusReturned}); err == nil {
		t.Fatal("an illegal move was accepted")
	}
	if _, err := s.Receive(ReceiveInput{ProcedureCode: "no.such"}); err == nil {
		t.Fatal("an unknown procedure was accepted")
	}
	if n != 2 {
		t.Fatalf("OnCommit fired %d times for 2 commits", n)
	}
}

// DoAll is all or nothing: an edit of three fields with one bad value
// changes none of them and leaves no op behind.
func TestDoAllIsAllOrNothing(t *testing.T) {
	s, _ := mustOpen(t)
	d := mustReceive(t, s, "Lê Văn Cường").Dossier
	set := func(field, v string) Action {
		return Action{Kind: motcua.OpSetField, DossierID: d.ID, Args: motcua.SetFieldArgs{Field: field, Old: motcua.FieldValue(d, field), New: v}}
	}
	before, _ := s.Queue()
	if _, err := s.DoAll([]Action{set("applicant.phone", "0912345678"), set("applicant.address", "Ấp 3"), set("applicant.email", "không phải thư")}); err == nil {
		t.Fatal("a bad email was accepted")
	}
	if got, _ := s.Get(d.ID); got.Applicant.Phone != "" || got.Applicant.Address != "" {
		t.Fatalf("a refused edit changed %+v", got.Applicant)
	}
	if after, _ := s.Queue(); after.Waiting != before.Waiting {
		t.Fatalf("a refused edit left ops: %d → %d", before.Waiting, after.Waiting)
	}
	if _, err := s.DoAll([]Action{set("applicant.phone", "0912 345 678"), set("applicant.address", "Ấp 3")}); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Get(d.ID)
	if got.Applicant.Phone != "0912345678" || got.Applicant.Address != "Ấp 3" || got.Version != d.Version+2 {
		t.Fatalf("after the edit: %+v v%d", got.Applicant, got.Version)
	}
	if after, _ := s.Queue(); after.Waiting != before.Waiting+2 {
		t.Fatalf("ops: %d → %d", before.Waiting, after.Waiting)
	}
}

// A reception without a checklist ticks the required documents only: an
// optional one ("an authorisation, if any") is not on the receipt unless
// the officer ticked it.
func TestDefaultChecklistTicksRequiredOnly(t *testing.T) {
	s, _ := mustOpen(t)
	d := mustReceive(t, s, "Lê Văn Cường").Dossier
	optional := 0
	for _, doc := range d.Documents {
		if doc.Received != doc.Required {
			t.Errorf("%q: required %v, received %v", doc.Name, doc.Required, doc.Received)
		}
		if !doc.Required {
			optional++
		}
	}
	if optional == 0 {
		t.Fatal("the procedure has no optional document: the test proves nothing")
	}
}
