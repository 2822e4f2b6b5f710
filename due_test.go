package motcua

import "testing"

func TestDueAtLeast(t *testing.T) {
	for _, c := range []struct {
		d, band Due
		want    bool
	}{
		{DueOverdue, "", true}, {DueOK, "", true},
		{DueOverdue, DueOverdue, true}, {DueToday, DueOverdue, false},
		{DueOverdue, DueToday, true}, {DueToday, DueToday, true}, {DueSoon, DueToday, false},
		{DueOverdue, DueSoon, true}, {DueToday, DueSoon, true}, {DueSoon, DueSoon, true}, {DueOK, DueSoon, false},
		{DueOverdue, "received", false}, {"", DueSoon, false},
	} {
		if got := c.d.AtLeast(c.band); got != c.want {
			t.Errorf("%q.AtLeast(%q) = %v, want %v", c.d, c.band, got, c.want)
		}
	}
	for _, b := range DueBands {
		if !b.Attention() {
			t.Errorf("%q is a band but not accepted as a filter", b)
		}
	}
	for _, d := range []Due{DueOK, "received", "x"} {
		if d.Attention() {
			t.Errorf("%q accepted as a filter", d)
		}
	}
}
