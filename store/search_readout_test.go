package store

import (
	"fmt"
	"testing"
	"time"

	"github.com/motcua/motcua"
)

// Item 4 of issue 11: the code as printed, the day's number alone, and the
// last digits of a phone or a CCCD find the dossier.
func TestSearchByWhatPeopleReadOut(t *testing.T) {
	s, clock := mustOpen(t)
	receive := func(name, id, phone string) motcua.Dossier {
		t.Helper()
		p := motcua.Person{Name: name, Phone: phone}
		if id != "" {
			p.IDKind, p.IDNumber = motcua.IDCCCD, id
		}
		d, err := s.Receive(motcua.ReceiveInput{ProcedureCode: "1.001193", Applicant: p})
		if err != nil {
			t.Fatal(err)
		}
		return d.Dossier
	}
	clock.t = time.Date(2023, 8, 1, 9, 0, 0, 0, motcua.VNZone) // 87 days before the search
	old := receive("Đỗ Văn Cũ", "", "")
	clock.t = time.Date(2023, 10, 25, 9, 0, 0, 0, motcua.VNZone)
	receive("Võ Thị Hồng", "096185000123", "0912345678")
	clock.t = time.Date(2023, 10, 27, 9, 0, 0, 0, motcua.VNZone)
	b := receive("Lê Văn Cường", "096085004567", "0987005678")
	code, err := motcua.ParseCode(b.Code)
	if err != nil {
		t.Fatal(err)
	}
	tail := shortTail(b.Code)
	find := func(text string) []string {
		t.Helper()
		hits, err := s.Search(motcua.Query{Text: text})
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		var names []string
		for _, h := range hits {
			names = append(names, h.Dossier.Applicant.Name)
		}
		return names
	}
	for _, c := range []struct {
		text string
		want []string
	}{
		{tail, []string{"Lê Văn Cường"}},                                                      // as the list shows it
		{fmt.Sprintf("%s-%d", tail, code.Check()), []string{"Lê Văn Cường"}},                  // the receipt's big digits
		{fmt.Sprintf("%s %d", tail[:6]+" "+tail[7:], code.Check()), []string{"Lê Văn Cường"}}, // read out with spaces
		{fmt.Sprintf("%s-%d", tail, (code.Check()+1)%10), nil},                                // a misread digit
		{fmt.Sprintf("%04d", code.Number), []string{"Lê Văn Cường", "Võ Thị Hồng"}},           // 9000 of their day, newest first; not August's
		{"5678", []string{"Lê Văn Cường", "Võ Thị Hồng"}},                                     // phone ends
		{"004567", []string{"Lê Văn Cường"}},                                                  // CCCD ends
		{"345678", []string{"Võ Thị Hồng"}},                                                   // phone ends
		{shortTail(old.Code), []string{"Đỗ Văn Cũ"}},                                          // but its tail finds it
	} {
		if got := find(c.text); fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%q: %v, want %v", c.text, got, c.want)
		}
	}
}

func shortTail(code string) string { return code[len(code)-11:] }
