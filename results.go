package motcua

import "time"

// UnitResults are the figures a unit publishes on its results page
// (docs/DESIGN.md §10): the same rules as the period's report upward
// (paper.Counts): a dossier counts in the period it was received (its date
// in Vietnam); early, on time and late compare calendar dates; only
// returned dossiers may be rated.
type UnitResults struct {
	Received       int                  `json:"received"`
	ResolvedEarly  int                  `json:"resolved_early"`
	ResolvedOnTime int                  `json:"resolved_on_time"`
	ResolvedLate   int                  `json:"resolved_late"`
	Returned       int                  `json:"returned"`
	Rated          int                  `json:"rated"`
	Satisfaction   map[Satisfaction]int `json:"satisfaction"`
}

// Resolved is every dossier finished with a result.
func (r UnitResults) Resolved() int { return r.ResolvedEarly + r.ResolvedOnTime + r.ResolvedLate }

// InTime is the resolved dossiers finished early or on the appointment day.
func (r UnitResults) InTime() int { return r.ResolvedEarly + r.ResolvedOnTime }

// RatedShare is the share of returned dossiers that were rated (0 when
// none was returned).
func (r UnitResults) RatedShare() float64 {
	if r.Returned == 0 {
		return 0
	}
	return float64(r.Rated) / float64(r.Returned)
}

// SatisfiedShare is the share of ratings whose overall answer was
// satisfied or very satisfied (0 when none was rated).
func (r UnitResults) SatisfiedShare() float64 { return SatisfiedShare(r.Satisfaction, r.Rated) }

// SatisfiedShare is the share of rated answers counted in by (answer →
// count) that are satisfied or very satisfied, out of rated (0 when none).
func SatisfiedShare(by map[Satisfaction]int, rated int) float64 {
	if rated == 0 {
		return 0
	}
	n := 0
	for s, c := range by {
		if s.Satisfied() {
			n += c
		}
	}
	return float64(n) / float64(rated)
}

// ThreeLevelCounts groups counts by answer onto Thông tư 01/2018's three
// levels (Satisfaction.ThreeLevel).
func ThreeLevelCounts(by map[Satisfaction]int) map[Satisfaction]int {
	out := map[Satisfaction]int{}
	for s, c := range by {
		if t := s.ThreeLevel(); t != "" {
			out[t] += c
		}
	}
	return out
}

// ResultsOf counts the dossiers received from from to to (calendar days
// in Vietnam, both included; a zero bound is open).
func ResultsOf(ds []Dossier, from, to time.Time) UnitResults {
	r := UnitResults{Satisfaction: map[Satisfaction]int{}}
	lo, hi := "", "9999"
	if !from.IsZero() {
		lo = from.In(VNZone).Format("2006-01-02")
	}
	if !to.IsZero() {
		hi = to.In(VNZone).Format("2006-01-02")
	}
	for _, d := range ds {
		day := d.ReceivedAt.In(VNZone).Format("2006-01-02")
		if day < lo || day > hi {
			continue
		}
		r.add(d)
	}
	return r
}

func (r *UnitResults) add(d Dossier) {
	r.Received++
	if d.Status == StatusDone || d.Status == StatusReturned {
		switch TimelinessOf(d.CompletedAt, d.Appointment) {
		case TimelinessEarly:
			r.ResolvedEarly++
		case TimelinessLate:
			r.ResolvedLate++
		default:
			r.ResolvedOnTime++
		}
	}
	if d.Status == StatusReturned {
		r.Returned++
		if d.Rating != nil {
			r.Rated++
			r.Satisfaction[d.Rating.Overall]++
		}
	}
}
