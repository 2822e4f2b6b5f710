package web_test

import (
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/web"
)

// Two officers act on the same online dossier at once, one accepting and one
// refusing: the server keeps the first to arrive, the other is told (a
// conflict), and the accepted dossier's appointment counts from the
// acceptance, not from the submission.
func TestOnlineDossierTwoOfficersOneWins(t *testing.T) {
	h := newHarness(t, web.Limits{})
	a, b := h.terminal("Trần Văn Bình"), h.terminal("Lê Thị Hoa")
	rec, err := h.c.SubmitOnline(motcua.OnlineSubmission{Unit: unitCode, ProcedureCode: "1.001193",
		Applicant: motcua.Person{Name: "Phạm Văn Công", Phone: "0912345678"}})
	if err != nil {
		t.Fatal(err)
	}
	if pc, _ := motcua.ParseCode(rec.Code); pc.Number < 1 || pc.Number > 999 || motcua.NormalizeLookupKey(rec.Key) == "" {
		t.Fatalf("receipt %+v", rec)
	}
	a.sync(t)
	b.sync(t)
	da, err := a.st.GetByCode(rec.Code)
	if err != nil || da.Status != motcua.StatusRegistered {
		t.Fatalf("terminal a: %+v %v", da.Status, err)
	}
	if st, err := a.st.Stats(time.Now()); err != nil || st.Online != 1 {
		t.Fatalf("the home screen's online inbox counts %d: %v", st.Online, err)
	}
	later := time.Now().Add(3 * 24 * time.Hour)
	a.st.Now = func() time.Time { return later }
	if _, err := a.st.AcceptOnline(da.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := b.st.RefuseOnline(da.ID, "Sai thủ tục"); err != nil {
		t.Fatal(err)
	}
	a.sync(t)
	b.sync(t)
	a.sync(t)
	v, err := h.c.CitizenLookup(rec.Code, rec.Key)
	if err != nil || v.Status != motcua.StatusReceived {
		t.Fatalf("server: %+v %v", v.Status, err)
	}
	proc, err := a.st.Catalog().Get("1.001193")
	if err != nil {
		t.Fatal(err)
	}
	want := a.st.Calendar().Appointment(later, proc.Time)
	if !v.Appointment.Equal(want) || !v.Appointment.After(rec.Appointment) {
		t.Fatalf("appointment %v, want %v counted from the acceptance (submission's estimate %v)", v.Appointment, want, rec.Appointment)
	}
	conflicts, err := b.st.Results()
	if err != nil || len(conflicts) == 0 {
		t.Fatalf("the second officer was not told: %+v %v", conflicts, err)
	}
	if db, _ := b.st.Get(da.ID); db.Status != motcua.StatusReceived {
		t.Fatalf("terminal b shows %v", db.Status)
	}
}
