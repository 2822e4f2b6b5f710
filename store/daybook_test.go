package store

import (
	"testing"
	"time"

	"github.com/motcua/motcua"
)

func TestDayBookReadsTheDay(t *testing.T) {
	s, clock := mustOpen(t)
	yesterday := mustReceive(t, s, "Nguyễn Văn Hôm Qua").Dossier
	clock.Advance(24 * time.Hour)
	paid, err := s.Receive(motcua.ReceiveInput{ProcedureCode: "2.000815", Applicant: motcua.Person{Name: "Lê Văn Cường"},
		Fee: motcua.FeeInput{Pages: 3, Copies: 2}, FeePaid: true})
	if err != nil {
		t.Fatal(err)
	}
	// A change today to yesterday's dossier does not make it today's reception.
	if _, err := s.Do(motcua.Action{Kind: motcua.OpNote, DossierID: yesterday.ID, Args: motcua.NoteArgs{Text: "gọi lại"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordAtCounter(motcua.CounterRecord{Kind: motcua.CounterRefusal, ProcedureCode: "1.001193", ProcedureName: "Đăng ký khai sinh",
		Applicant: motcua.Person{Name: "Lý Thị Mai"}, Reason: "Không thuộc thẩm quyền"}); err != nil {
		t.Fatal(err)
	}
	b, err := s.DayBook(clock.t)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Received) != 1 || b.Received[0].ID != paid.Dossier.ID || len(b.Refusals) != 1 || len(b.Fees) != 1 || b.FeeTotal() != paid.Dossier.FeeTotal() {
		t.Fatalf("today: %d received, %d refusals, %d fees, total %d", len(b.Received), len(b.Refusals), len(b.Fees), b.FeeTotal())
	}
	old, err := s.DayBook(clock.t.Add(-24 * time.Hour))
	if err != nil || len(old.Received) != 1 || old.Received[0].ID != yesterday.ID || len(old.Refusals) != 0 {
		t.Fatalf("yesterday: %+v %v", old, err)
	}
}
