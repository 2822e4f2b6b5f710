package store

import (
	"regexp"
	"testing"
)

// TestParseTailMatchesRegexp checks the hand-written parseTail against the
// regexp it replaces, on the shapes an officer types and their near misses.
func TestParseTailMatchesRegexp(t *testing.T) {
	re := regexp.MustCompile(`^(\d{6})[-\s]+(\d{4})(?:[-\s]+(\d))?$`)
	for _, s := range []string{
		"261206-9000", "261206 9000", "261206 9000 8", "261206-9000-8", "261206--9000", "261206 -\t9000\r\n7",
		"2612069000", "261206-90008", "261206-9000-", "261206-9000-88", "261206-900", "26120-9000",
		"261206-9000 x", "a261206-9000", "261206_9000", "", "-", "261206", "261206-", "261206-9000\v8",
		"261206\f9000\f8", "000.00.06.H56-261206-9000", "nguyen anh", "0912345678", "261206-9000 8 ",
	} {
		day, num, check, ok := parseTail(s)
		m := re.FindStringSubmatch(s)
		if ok != (m != nil) {
			t.Errorf("parseTail(%q) ok=%v, the regexp matches: %v", s, ok, m != nil)
			continue
		}
		if ok && (day != m[1] || num != m[2] || check != m[3]) {
			t.Errorf("parseTail(%q) = %q %q %q, the regexp %q", s, day, num, check, m[1:])
		}
	}
}
