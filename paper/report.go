package paper

import (
	"sort"
	"time"

	"github.com/motcua/motcua"
)

// RatingTarget is the share of returned dossiers that should be rated
// (60 %, the founding documents' target).
const RatingTarget = 0.60

// Counts are a period's figures for one unit, one procedure, or the total,
// as the reports upward count them: early, on time and late compare
// calendar dates (docs/DOMAIN.md, working days), and an open dossier is
// judged at the report's instant.
type Counts struct {
	Received  int                    `json:"received"`
	ByChannel map[motcua.Channel]int `json:"by_channel"`

	ResolvedEarly  int `json:"resolved_early"`
	ResolvedOnTime int `json:"resolved_on_time"`
	ResolvedLate   int `json:"resolved_late"`
	OpenOnTime     int `json:"in_progress_on_time"`
	OpenOverdue    int `json:"in_progress_overdue"`
	Withdrawn      int `json:"withdrawn"`
	Stopped        int `json:"stopped"`
	Refused        int `json:"refused"`
	// Guided counts the dossiers that got written guidance to complete
	// them (Mẫu 02) at least once.
	Guided int `json:"guided"`
	// CounterGuidance and CounterRefusals count the files not received at
	// the counter (no dossier): guidance to complete them (Mẫu 02) and
	// refusals to receive them (Mẫu 03), by the day they were given.
	CounterGuidance int `json:"counter_guidance"`
	CounterRefusals int `json:"counter_refusals"`

	Returned     int                         `json:"returned"` // results handed back: the ones that may be rated
	Rated        int                         `json:"rated"`
	Satisfaction map[motcua.Satisfaction]int `json:"satisfaction"`
	// IndicatorSum adds each of the nine indicators' points (0–2) over the
	// rated dossiers; IndicatorAvg divides it by Rated.
	IndicatorSum [9]int `json:"indicator_points"`
}

// Resolved is every dossier the office finished with a result.
func (c Counts) Resolved() int { return c.ResolvedEarly + c.ResolvedOnTime + c.ResolvedLate }

// RatedShare is the share of returned dossiers that were rated (0 when
// none was returned).
func (c Counts) RatedShare() float64 {
	if c.Returned == 0 {
		return 0
	}
	return float64(c.Rated) / float64(c.Returned)
}

// AveragePoints is the mean total of the rated dossiers, out of 18.
func (c Counts) AveragePoints() float64 {
	if c.Rated == 0 {
		return 0
	}
	t := 0
	for _, v := range c.IndicatorSum {
		t += v
	}
	return float64(t) / float64(c.Rated)
}

func (c *Counts) add(d motcua.Dossier, cal motcua.Calendar, now time.Time) {
	if c.ByChannel == nil {
		c.ByChannel = map[motcua.Channel]int{}
		c.Satisfaction = map[motcua.Satisfaction]int{}
	}
	c.Received++
	c.ByChannel[d.Channel]++
	if d.Supplements > 0 {
		c.Guided++
	}
	switch {
	case d.Status == motcua.StatusWithdrawn:
		c.Withdrawn++
	case d.Status == motcua.StatusStopped:
		c.Stopped++
	case d.Status == motcua.StatusRefused:
		c.Refused++
	case d.Status == motcua.StatusDone || d.Status == motcua.StatusReturned:
		switch motcua.TimelinessOf(d.CompletedAt, d.Appointment) {
		case motcua.TimelinessEarly:
			c.ResolvedEarly++
		case motcua.TimelinessLate:
			c.ResolvedLate++
		default:
			c.ResolvedOnTime++
		}
	case d.Status.Open():
		if motcua.DueState(d.Appointment, now, cal) == motcua.DueOverdue {
			c.OpenOverdue++
		} else {
			c.OpenOnTime++
		}
	}
	if d.Status == motcua.StatusReturned {
		c.Returned++
		if r := d.Rating; r != nil {
			c.Rated++
			c.Satisfaction[r.Overall]++
			for i, s := range r.Scores {
				c.IndicatorSum[i] += s
			}
		}
	}
}

// merge adds o into c.
func (c *Counts) merge(o Counts) {
	if c.ByChannel == nil {
		c.ByChannel = map[motcua.Channel]int{}
		c.Satisfaction = map[motcua.Satisfaction]int{}
	}
	c.Received += o.Received
	for k, v := range o.ByChannel {
		c.ByChannel[k] += v
	}
	c.ResolvedEarly += o.ResolvedEarly
	c.ResolvedOnTime += o.ResolvedOnTime
	c.ResolvedLate += o.ResolvedLate
	c.OpenOnTime += o.OpenOnTime
	c.OpenOverdue += o.OpenOverdue
	c.Withdrawn += o.Withdrawn
	c.Stopped += o.Stopped
	c.Refused += o.Refused
	c.Guided += o.Guided
	c.CounterGuidance += o.CounterGuidance
	c.CounterRefusals += o.CounterRefusals
	c.Returned += o.Returned
	c.Rated += o.Rated
	for k, v := range o.Satisfaction {
		c.Satisfaction[k] += v
	}
	for i := range c.IndicatorSum {
		c.IndicatorSum[i] += o.IndicatorSum[i]
	}
}

// ProcedureCounts are one procedure's figures.
type ProcedureCounts struct {
	Code string `json:"code"`
	Name string `json:"name"`
	Counts
}

// MonthCount is how many dossiers were received in a month ("2023-10").
type MonthCount struct {
	Month    string `json:"month"`
	Received int    `json:"received"`
}

// UnitReport is one unit's period.
type UnitReport struct {
	Unit       string            `json:"unit"`
	UnitName   string            `json:"unit_name"`
	Counts     Counts            `json:"counts"`
	Procedures []ProcedureCounts `json:"procedures"`
	Months     []MonthCount      `json:"months"`
}

// Report is the period's report: each unit and, across several, the total.
type Report struct {
	From        time.Time    `json:"from"`
	To          time.Time    `json:"to"`
	GeneratedAt time.Time    `json:"generated_at"`
	Units       []UnitReport `json:"units"`
	Total       UnitReport   `json:"total"`
	RatingGoal  float64      `json:"rating_target"`
}

// UnitTally gathers one unit's dossiers into its report.
type UnitTally struct {
	r     UnitReport
	procs map[string]*ProcedureCounts
	month map[string]int
	cal   motcua.Calendar
	now   time.Time
	p     Period
}

// NewUnitTally starts a unit's report for p, judging open dossiers at now.
func NewUnitTally(unit, name string, p Period, cal motcua.Calendar, now time.Time) *UnitTally {
	return &UnitTally{r: UnitReport{Unit: unit, UnitName: clean(name)}, procs: map[string]*ProcedureCounts{},
		month: map[string]int{}, cal: cal, now: now, p: p}
}

// Add counts d when it was received in the period (by its date in Vietnam).
func (t *UnitTally) Add(d motcua.Dossier) {
	day := d.ReceivedAt.In(motcua.VNZone).Format("2006-01-02")
	if (!t.p.From.IsZero() && day < t.p.From.Format("2006-01-02")) || (!t.p.To.IsZero() && day > t.p.To.Format("2006-01-02")) {
		return
	}
	t.r.Counts.add(d, t.cal, t.now)
	pc := t.procs[d.ProcedureCode]
	if pc == nil {
		pc = &ProcedureCounts{Code: clean(d.ProcedureCode), Name: clean(d.ProcedureName)}
		t.procs[d.ProcedureCode] = pc
	}
	pc.add(d, t.cal, t.now)
	t.month[day[:7]]++
}

// AddRecord counts a guidance or refusal given at the counter when it was
// given in the period (by its date in Vietnam), in the unit's figures and
// its procedure's.
func (t *UnitTally) AddRecord(r motcua.CounterRecord) {
	day := r.At.In(motcua.VNZone).Format("2006-01-02")
	if (!t.p.From.IsZero() && day < t.p.From.Format("2006-01-02")) || (!t.p.To.IsZero() && day > t.p.To.Format("2006-01-02")) {
		return
	}
	pc := t.procs[r.ProcedureCode]
	if pc == nil {
		pc = &ProcedureCounts{Code: clean(r.ProcedureCode), Name: clean(r.ProcedureName)}
		t.procs[r.ProcedureCode] = pc
	}
	for _, c := range []*Counts{&t.r.Counts, &pc.Counts} {
		switch r.Kind {
		case motcua.CounterGuidance:
			c.CounterGuidance++
		case motcua.CounterRefusal:
			c.CounterRefusals++
		}
	}
}

// Report is the unit's finished report: procedures by how many were
// received, then by code; months in order, the empty ones included.
func (t *UnitTally) Report() UnitReport {
	r := t.r
	r.Procedures = nil
	for _, pc := range t.procs {
		r.Procedures = append(r.Procedures, *pc)
	}
	sort.Slice(r.Procedures, func(i, j int) bool {
		a, b := r.Procedures[i], r.Procedures[j]
		if a.Received != b.Received {
			return a.Received > b.Received
		}
		return a.Code < b.Code
	})
	r.Months = months(t.month, t.p)
	if r.Counts.ByChannel == nil {
		r.Counts.ByChannel = map[motcua.Channel]int{}
		r.Counts.Satisfaction = map[motcua.Satisfaction]int{}
	}
	return r
}

// months lists every month from the period's start (or the first month
// seen) to its end (or the last seen), with its count.
func months(seen map[string]int, p Period) []MonthCount {
	var first, last string
	for m := range seen {
		if first == "" || m < first {
			first = m
		}
		if m > last {
			last = m
		}
	}
	if !p.From.IsZero() {
		first = p.From.Format("2006-01")
	}
	if !p.To.IsZero() {
		last = p.To.Format("2006-01")
	}
	if first == "" || last == "" {
		return nil
	}
	var out []MonthCount
	t, _ := time.Parse("2006-01", first)
	for m := first; m <= last && len(out) < 240; {
		out = append(out, MonthCount{Month: m, Received: seen[m]})
		t = t.AddDate(0, 1, 0)
		m = t.Format("2006-01")
	}
	return out
}

// NewReport puts units together and adds their total.
func NewReport(p Period, now time.Time, units []UnitReport) Report {
	r := Report{From: p.From, To: p.To, GeneratedAt: now, Units: units, RatingGoal: RatingTarget}
	procs := map[string]*ProcedureCounts{}
	month := map[string]int{}
	for _, u := range units {
		r.Total.Counts.merge(u.Counts)
		for _, pc := range u.Procedures {
			t := procs[pc.Code]
			if t == nil {
				t = &ProcedureCounts{Code: pc.Code, Name: pc.Name}
				procs[pc.Code] = t
			}
			t.merge(pc.Counts)
		}
		for _, m := range u.Months {
			month[m.Month] += m.Received
		}
	}
	tally := &UnitTally{r: r.Total, procs: procs, month: month, p: p}
	r.Total = tally.Report()
	return r
}
