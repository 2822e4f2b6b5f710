package store

import (
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/motcua/motcua"
)

// A reception whose checklist lacks a required paper gets no code: nothing
// is written, and the day's next code is the one it would have had.
func TestReceiveRefusesMissingRequiredDocuments(t *testing.T) {
	s, _ := mustOpen(t)
	p, err := s.Catalog().Get("1.001193")
	if err != nil {
		t.Fatal(err)
	}
	var docs []motcua.DocumentItem
	for _, d := range p.Documents {
		docs = append(docs, motcua.DocumentItem{Name: d.Name, Required: d.Required, Received: d.Required})
	}
	docs[0].Received = false
	_, err = s.Receive(motcua.ReceiveInput{ProcedureCode: "1.001193", Applicant: motcua.Person{Name: "Lê Văn Cường"}, Documents: docs})
	if motcua.ErrorReason(err) != "missing_required" {
		t.Fatalf("err = %v, want missing_required", err)
	}
	q, err := s.Queue()
	if err != nil || q.Waiting != 0 {
		t.Fatalf("outbox after a refused reception: %+v, %v", q, err)
	}
	d := mustReceive(t, s, "Lê Văn Cường")
	if code, _ := motcua.ParseCode(d.Dossier.Code); code.Number != motcua.StandaloneLane().First {
		t.Fatalf("first code after the refusal is %s: a number was used up", d.Dossier.Code)
	}
}

// Guidance and refusals are logged with who and when, counted per day, and
// survive closing the file.
func TestCounterRecordsLoggedAndCounted(t *testing.T) {
	path := filepath.Join(t.TempDir(), "motcua.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{t: time.Date(2023, 10, 27, 9, 32, 0, 0, motcua.VNZone)}
	s.Now = clock.Now
	if _, err := s.Init(testUnit, "UBND xã Tân Thành", "Trần Văn Bình"); err != nil {
		t.Fatal(err)
	}
	g, err := s.RecordAtCounter(motcua.CounterRecord{Kind: motcua.CounterGuidance, ProcedureCode: "1.001193",
		Applicant: motcua.Person{Name: "Lê Văn Cường", Phone: "0912345678"}, Missing: []string{"Giấy chứng sinh"}})
	if err != nil {
		t.Fatal(err)
	}
	if g.Officer != "Trần Văn Bình" || g.Unit != testUnit || g.ID == "" || !g.At.Equal(clock.t) || g.ProcedureName == "" {
		t.Fatalf("record not filled by the store: %+v", g)
	}
	if _, err := s.RecordAtCounter(motcua.CounterRecord{Kind: motcua.CounterRefusal, ProcedureCode: "1.001193",
		Applicant: motcua.Person{Name: "Lê Văn Cường"}}); motcua.ErrorReason(err) != "record_reason" {
		t.Fatalf("a refusal without a reason: %v", err)
	}
	if _, err := s.RecordAtCounter(motcua.CounterRecord{Kind: motcua.CounterRefusal, ProcedureCode: "1.001193",
		Applicant: motcua.Person{Name: "Phạm Thị Hoa"}, Reason: "Không thuộc thẩm quyền của xã"}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(24 * time.Hour)
	if _, err := s.RecordAtCounter(motcua.CounterRecord{Kind: motcua.CounterGuidance, ProcedureCode: "1.001193",
		Applicant: motcua.Person{Name: "Ngô Văn Dũng"}, Missing: []string{"Tờ khai"}}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	day := time.Date(2023, 10, 27, 0, 0, 0, 0, motcua.VNZone)
	n, err := s.CounterCounts(day)
	if err != nil || n != (motcua.CounterCounts{Guidance: 1, Refusals: 1}) {
		t.Fatalf("counts of 27/10: %+v, %v", n, err)
	}
	rs, err := s.CounterRecords(day.AddDate(0, 0, 1))
	if err != nil || len(rs) != 1 || rs[0].Applicant.Name != "Ngô Văn Dũng" {
		t.Fatalf("records of 28/10: %+v, %v", rs, err)
	}
	checkRecordOps(t, s, 3, g.ID)
}

// checkRecordOps: each record that was kept is one op in the outbox, at the
// next seq, carrying the record (the first one firstID); a refused record
// took no seq.
func checkRecordOps(t *testing.T, s *Store, n int, firstID string) {
	t.Helper()
	ops, err := s.Outbox(0, 10)
	if err != nil || len(ops) != n {
		t.Fatalf("outbox: %d ops, %v", len(ops), err)
	}
	for i, op := range ops {
		var r motcua.CounterRecord
		if err := json.Unmarshal(op.Args, &r); err != nil || op.Kind != motcua.OpCounterRecord || op.Seq != uint64(i+1) || r.ID == "" {
			t.Fatalf("op %d: %+v (%v)", i, op, err)
		}
		if i == 0 && r.ID != firstID {
			t.Fatalf("the first op carries %s, the record is %s", r.ID, firstID)
		}
	}
}
