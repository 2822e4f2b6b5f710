package store_test

import (
	"fmt"
	"testing"

	"github.com/motcua/motcua"
)

// Searches by what people read out (issue 11), beside BenchmarkSearchCode
// and BenchmarkSearchPhone: the printed tail with its check digit (the
// unit is the terminal's, one index read), and the last four digits of a
// phone (a walk over the phone and ID-number indexes, keys only).
func BenchmarkSearchPrintedTail(b *testing.B) {
	s := openFixture(b)
	var qs []motcua.Query
	for _, d := range sample(b, s, 1000) {
		c, _ := motcua.ParseCode(d.Code)
		qs = append(qs, motcua.Query{Text: fmt.Sprintf("%s-%04d-%d", c.Date, c.Number, c.Check())})
	}
	benchSearch(b, qs)
}

func BenchmarkSearchPhoneLast4(b *testing.B) {
	s := openFixture(b)
	var qs []motcua.Query
	for _, d := range sample(b, s, 3000) {
		if p := d.Applicant.Phone; len(p) >= 4 {
			qs = append(qs, motcua.Query{Text: p[len(p)-4:], Limit: 20})
		}
	}
	benchSearch(b, qs)
}
