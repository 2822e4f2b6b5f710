package ui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/central"
	"github.com/motcua/motcua/store"
)

// parkOne enrolls st with a real central store, receives a dossier under a
// code outside the terminal's lease (as a terminal whose lane was taken
// away would) and syncs: the server refuses it and the terminal parks it.
func parkOne(t *testing.T, st *store.Store, clock *testClock) motcua.Dossier {
	t.Helper()
	c, err := central.Open(filepath.Join(t.TempDir(), "central.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.Now = clock.Now
	if _, err := c.AddUnit("000.00.06.H56", "UBND xã Tân Thành", ""); err != nil {
		t.Fatal(err)
	}
	e, err := c.CreateEnrollment("000.00.06.H56", motcua.RoleCounter)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := st.SyncMeta()
	resp, err := c.Enroll(motcua.EnrollRequest{Code: e.Code, InstallNonce: m.Terminal.InstallNonce, Schema: motcua.WireSchema, AckedSeq: m.AckedSeq})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SetEnrollment(store.Enrollment{Server: "http://test", Response: resp}); err != nil {
		t.Fatal(err)
	}
	if err := st.SetLane(motcua.Lane{First: 5000, Last: 5100, ExpiresAt: clock.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	sub := motcua.Person{Name: "Trần Thị Lan", Phone: "0912345678"}
	done, err := st.Receive(motcua.ReceiveInput{ProcedureCode: "1.001193", Note: "Nộp thay mẹ",
		Applicant: motcua.Person{Name: "Lê Văn Cường", IDKind: motcua.IDCCCD, IDNumber: "096085000123", DOB: "1985-03-12", Sex: motcua.Male},
		Submitter: &sub})
	if err != nil {
		t.Fatal(err)
	}
	m, _ = st.SyncMeta()
	ops, _ := st.SyncBatch(m.AckedSeq+1, 50)
	raw, err := c.Sync(m.Terminal.ID, motcua.SyncRequest{TerminalID: m.Terminal.ID, InstallNonce: m.Terminal.InstallNonce,
		Schema: motcua.WireSchema, AckedSeq: m.AckedSeq, Ops: ops, Pull: motcua.PullRequest{Cursor: m.Cursor, Limit: 50}})
	if err != nil {
		t.Fatal(err)
	}
	sr, err := raw.Decode()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ApplySync(sr); err != nil {
		t.Fatal(err)
	}
	if p, _ := st.Parked(); len(p) != 1 {
		t.Fatalf("parked %+v", p)
	}
	return done.Dossier
}

// A reception the server refused is out of the dossier list; the conflicts
// screen shows it, and Enter receives it again, filled in, under a new code.
func TestRedoRefusedReception(t *testing.T) {
	st, clock := newTestStore(t)
	old := parkOne(t, st, clock)
	m := newTestModel(t, st, clock, 80, 24, motcua.VI)
	m2 := press(t, m, "x")
	mustContain(t, m2, "Hồ sơ "+old.Code, "Lê Văn Cường", "bị từ chối", "Nhấn Enter để tiếp nhận lại")
	checkFrame(t, m2, 80, 24)
	m2 = press(t, m2, keyEnter)
	r := receiveOf(t, m2)
	if r.proc == nil || r.proc.Code != "1.001193" || r.form.get("name").value() != "Lê Văn Cường" ||
		r.form.get("dob").value() != "12/03/1985" || r.form.get("sex").choice() != 1 || !r.form.get("sub").on() ||
		r.form.get("sub_name").value() != "Trần Thị Lan" {
		t.Fatalf("form not filled: proc %v, name %q, dob %q", r.proc, r.form.get("name").value(), r.form.get("dob").value())
	}
	if n := r.form.get("note").value(); !strings.Contains(n, "Nộp thay mẹ") || !strings.Contains(n, old.Code) {
		t.Fatalf("note %q", n)
	}
	mustContain(t, m2, "Tiếp nhận lại hồ sơ "+old.Code)
	checkFrame(t, m2, 80, 24)
	m2 = press(t, m2, keyCtrlS)
	mustContain(t, m2, "GIẤY TIẾP NHẬN HỒ SƠ", "Đã cấp mã mới")
	m2 = press(t, m2, keyEsc)
	mustContain(t, m2, "Không có xung đột nào cần xem.")
	if p, _ := st.Parked(); len(p) != 0 {
		t.Fatalf("still parked after the redo: %+v", p)
	}
	if rs, _ := st.Results(); len(rs) != 0 {
		t.Fatalf("the rejection is still listed: %+v", rs)
	}
	found, err := st.Search(motcua.Query{Text: "cuong"})
	if err != nil || len(found) != 1 || found[0].Dossier.Code == old.Code {
		t.Fatalf("after the redo the list has %+v (%v)", found, err)
	}
}

// The officer may give up on a refused reception (the citizen left): d
// forgets it and its rejection.
func TestDismissRefusedReception(t *testing.T) {
	st, clock := newTestStore(t)
	parkOne(t, st, clock)
	m := press(t, newTestModel(t, st, clock, 80, 24, motcua.VI), "x", "d")
	mustContain(t, m, "Không có xung đột nào cần xem.")
	if p, _ := st.Parked(); len(p) != 0 {
		t.Fatalf("still parked: %+v", p)
	}
}
