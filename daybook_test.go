package motcua

import (
	"strings"
	"testing"
	"time"
)

func TestFeeCollections(t *testing.T) {
	at := func(h int) time.Time { return vnAt(2023, 10, 27, h, 0) }
	base := Dossier{Code: "000.00.06.H56-231027-9000", Applicant: Person{Name: "Lê Văn Cường"}, ReceivedAt: at(9),
		Fees: []FeeItem{{Name: "Lệ phí", Amount: 10000}}, Officer: "A",
		History: []Event{{At: at(9), Kind: OpReceive, Officer: "A"}}}
	set := func(h int, officer, text string, conflict bool) Event {
		return Event{At: at(h), Kind: OpSetField, Officer: officer, Text: text, Conflict: conflict}
	}
	tests := []struct {
		name   string
		paid   bool
		events []Event
		want   string // officer:amount@hour, ...
	}{
		{"paid at reception", true, nil, "A:10000@9"},
		{"unpaid", false, nil, ""},
		{"paid later by B", true, []Event{set(11, "B", "fee_paid: false → true", false)}, "B:10000@11"},
		{"paid at reception, corrected, paid again", true, []Event{set(10, "B", "fee_paid: true → false", false), set(11, "C", "fee_paid: false → true", false)}, "A:10000@9 B:-10000@10 C:10000@11"},
		{"a conflicted attempt counts nothing", false, []Event{set(11, "B", "fee_paid: false → true", true)}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := base
			d.FeePaid = tt.paid
			d.History = append(append([]Event(nil), base.History...), tt.events...)
			var got []string
			for _, f := range FeeCollections(d) {
				got = append(got, f.Officer+":"+itoa64(f.Amount)+"@"+itoa64(int64(f.At.Hour())))
			}
			if strings.Join(got, " ") != tt.want {
				t.Errorf("got %q, want %q", strings.Join(got, " "), tt.want)
			}
		})
	}
	free := base
	free.Fees, free.FeePaid = nil, true
	if FeeCollections(free) != nil {
		t.Error("a free dossier collects")
	}
}

func TestDayBook(t *testing.T) {
	day := vnAt(2023, 10, 27, 0, 0)
	ds := []Dossier{
		{Code: "b", ReceivedAt: vnAt(2023, 10, 27, 9, 0), Officer: "A", Fees: []FeeItem{{Amount: 5000}}, FeePaid: true,
			History: []Event{{Kind: OpReceive, Officer: "A", At: vnAt(2023, 10, 27, 9, 0)}}},
		{Code: "a", ReceivedAt: vnAt(2023, 10, 26, 9, 0), Officer: "B", Status: StatusReturned,
			Outcome: &Outcome{ReturnedAt: vnAt(2023, 10, 27, 15, 0)},
			History: []Event{{Kind: OpReceive, Officer: "B"}, {Kind: OpTransition, To: StatusReturned, Officer: "C", At: vnAt(2023, 10, 27, 15, 0)}}},
	}
	recs := []CounterRecord{
		{Kind: CounterGuidance, At: vnAt(2023, 10, 27, 10, 0), Officer: "A"},
		{Kind: CounterRefusal, At: vnAt(2023, 10, 27, 11, 0), Officer: "C"},
		{Kind: CounterRefusal, At: vnAt(2023, 10, 26, 11, 0), Officer: "C"}, // another day
	}
	b := NewDayBook(day, ds, recs)
	if len(b.Received) != 1 || len(b.Returned) != 1 || len(b.Guidance) != 1 || len(b.Refusals) != 1 || b.FeeTotal() != 5000 {
		t.Fatalf("%+v", b)
	}
	var got []string
	for _, o := range b.ByOfficer() {
		got = append(got, o.Officer+":"+itoa64(int64(o.Received))+itoa64(int64(o.Returned))+itoa64(int64(o.Guidance))+itoa64(int64(o.Refusals))+"/"+itoa64(o.Fees))
	}
	if strings.Join(got, " ") != "A:1010/5000 C:0101/0" {
		t.Errorf("by officer %v", got)
	}
	rows := b.CSVRows(VI)
	if last := rows[len(rows)-1]; last[0] != "Tổng thu trong ngày" || last[6] != "5000" {
		t.Errorf("total row %v", last)
	}
	for _, s := range []string{"=1+1", "+84", "-2", "@SUM(A1)"} {
		if c := CSVCell(s); !strings.HasPrefix(c, "'") {
			t.Errorf("CSVCell(%q) = %q", s, c)
		}
	}
	if CSVCell("Lê Văn\x1b[31m") != "Lê Văn" && strings.Contains(CSVCell("Lê Văn\x1b[31m"), "\x1b") {
		t.Error("escape kept")
	}
}
