package store

import (
	"testing"

	"github.com/motcua/motcua"
)

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
	if _, err := s.Receive(motcua.ReceiveInput{ProcedureCode: "no.such"}); err == nil {
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
	set := func(field, v string) motcua.Action {
		return motcua.Action{Kind: motcua.OpSetField, DossierID: d.ID, Args: motcua.SetFieldArgs{Field: field, Old: motcua.FieldValue(d, field), New: v}}
	}
	before, _ := s.Queue()
	if _, err := s.DoAll([]motcua.Action{set("applicant.phone", "0912345678"), set("applicant.address", "Ấp 3"), set("applicant.email", "không phải thư")}); err == nil {
		t.Fatal("a bad email was accepted")
	}
	if got, _ := s.Get(d.ID); got.Applicant.Phone != "" || got.Applicant.Address != "" {
		t.Fatalf("a refused edit changed %+v", got.Applicant)
	}
	if after, _ := s.Queue(); after.Waiting != before.Waiting {
		t.Fatalf("a refused edit left ops: %d → %d", before.Waiting, after.Waiting)
	}
	if _, err := s.DoAll([]motcua.Action{set("applicant.phone", "0912 345 678"), set("applicant.address", "Ấp 3")}); err != nil {
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
