package paper

import (
	"testing"

	"github.com/motcua/motcua"
)

// One reader of a period for every command: dates as dd/mm/yyyy, both
// required when asked, --to never before --from.
func TestParsePeriod(t *testing.T) {
	for _, tc := range []struct {
		from, to string
		required bool
		reason   string // "" when it is accepted
	}{
		{"01/11/2026", "30/11/2026", true, ""},
		{"", "", false, ""},
		{"01/11/2026", "", false, ""},
		{"01/11/2026", "", true, "period"},
		{"30/11/2026", "01/11/2026", true, "range"},
		{"31/02/2026", "01/03/2026", true, "?"}, // the date's own error
	} {
		p, err := ParsePeriod(tc.from, tc.to, tc.required)
		switch {
		case tc.reason == "" && err != nil:
			t.Errorf("%q–%q: %v", tc.from, tc.to, err)
		case tc.reason == "" && tc.from != "" && motcua.FormatDate(p.From) != tc.from:
			t.Errorf("%q: from %v", tc.from, p.From)
		case tc.reason != "" && err == nil:
			t.Errorf("%q–%q accepted", tc.from, tc.to)
		case tc.reason != "" && tc.reason != "?" && motcua.ErrorReason(err) != tc.reason:
			t.Errorf("%q–%q: reason %q, want %q", tc.from, tc.to, motcua.ErrorReason(err), tc.reason)
		case err != nil && motcua.ErrorCode(err) != motcua.EINVALID:
			t.Errorf("%q–%q: code %q, want invalid", tc.from, tc.to, motcua.ErrorCode(err))
		}
	}
}
