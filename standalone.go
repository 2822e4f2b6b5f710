package motcua

import (
	"sort"
	"time"
)

// StandaloneManifest is what a terminal declares when it enrolls about the
// codes it issued alone, from the standalone lane (9000–9999), before it had
// a server: for each code date, the last number it issued that day. Its
// store's per-day counters only grow and the lane is taken in order, so
// that one number per day names every such code exactly.
//
// The server keeps the manifest with the terminal and accepts a
// standalone-lane code from it only when the manifest covers the code.
// Without it, an enrolled terminal that sets its clock back to before its
// enrollment (and its lane back to the standalone one) could mint codes the
// server would take for codes issued before it enrolled, on any past date,
// possibly numbers a citizen already holds from the paper logbook era
// (docs/DESIGN.md §6).
type StandaloneManifest struct {
	// Days maps a code date (yyMMdd, as in the code) to the last standalone
	// number issued that day. Never nil once declared: an empty manifest
	// says "no standalone code", which is not the same as no manifest
	// (a terminal of an older version, judged by its enrollment date).
	Days map[string]int `json:"days"`
}

// Covers reports whether c is one of the declared codes.
func (m *StandaloneManifest) Covers(c Code) bool {
	return m != nil && c.Number >= StandaloneFirst && c.Number <= m.Days[c.Date]
}

// Trimmed is m without what the server could never accept from it: dates
// that do not parse or fall after enrolledAt's day (Vietnam) plus a day of
// clock skew, and numbers outside the standalone lane (the last number is
// capped at StandaloneLast).
func (m StandaloneManifest) Trimmed(enrolledAt time.Time) StandaloneManifest {
	out := StandaloneManifest{Days: map[string]int{}}
	limit := enrolledAt.In(VNZone).AddDate(0, 0, 1).Format("060102")
	for day, n := range m.Days {
		if _, err := time.ParseInLocation("060102", day, VNZone); err != nil || len(day) != 6 || day > limit || n < StandaloneFirst {
			continue
		}
		out.Days[day] = min(n, StandaloneLast)
	}
	return out
}

// Count is how many codes m declares.
func (m *StandaloneManifest) Count() int {
	if m == nil {
		return 0
	}
	n := 0
	for _, last := range m.Days {
		n += last - StandaloneFirst + 1
	}
	return n
}

// Dates are m's code dates in order.
func (m *StandaloneManifest) Dates() []string {
	if m == nil {
		return nil
	}
	out := make([]string, 0, len(m.Days))
	for d := range m.Days {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}
