package motcua

import (
	"sort"
	"sync"
	"time"
)

// Session is one block of office hours, in minutes since midnight, Start
// included and End excluded.
type Session struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// DayKind says what a calendar override does to its date.
type DayKind string

const (
	DayHoliday DayKind = "holiday" // a day off, added to the statutory ones
	DayWorkday DayKind = "workday" // a working day: a làm bù Saturday, or a computed holiday the published schedule does not keep
)

// CalendarDay is one date of the schedule the Government publishes each year
// (nghỉ lễ with its swaps, làm bù days). The server sends them as overrides.
//
// To, when set, makes the entry a range from Date to To inclusive (at most
// a year): a "holiday" range marks its weekdays only, because a published
// break ("nghỉ từ thứ Bảy 25/01 đến hết Chủ nhật 02/02") counts its weekends
// as the weekly rest, not as days off an office working Saturdays loses.
type CalendarDay struct {
	Date   string  `json:"date"`         // yyyy-mm-dd
	To     string  `json:"to,omitempty"` // yyyy-mm-dd, the last day of a range
	Kind   DayKind `json:"kind"`
	Name   string  `json:"name,omitempty"`
	NameEN string  `json:"name_en,omitempty"`
	Source string  `json:"source,omitempty"` // the document that published it
}

// Calendar is an office's working schedule: its hours, its Saturdays and the
// published holiday schedule. The zero Calendar behaves as DefaultCalendar.
//
// A date is judged by the first of these that names it: Overrides (the
// server's, or a file a standalone terminal imported), the schedules shipped
// in the binary (PublishedDays), the statutory days computed for the year
// (Holidays), the weekend. Within Overrides the last entry for a date wins so
// the server can correct itself by appending. A "holiday" override adds a day
// off. A "workday" override makes its date a working day even when it is a
// weekend or a computed holiday: that is how a published schedule that moves
// a statutory day (e.g. 2/9's adjacent day, or a nghỉ bù) suppresses the
// computed one, by listing the published days off as "holiday" and the
// computed days it does not keep as "workday".
type Calendar struct {
	Morning           Session       `json:"morning"`
	Afternoon         Session       `json:"afternoon"`
	SaturdayReception bool          `json:"saturday_reception"` // receives dossiers on Saturday morning; the count still starts on the next working day
	SaturdayWorking   bool          `json:"saturday_working"`   // Saturday counts as a working day (rare)
	Overrides         []CalendarDay `json:"overrides,omitempty"`
	SameDayCutoff     int           `json:"same_day_cutoff"` // minutes since midnight; same-day dossiers received later go to the next working day
	Note              string        `json:"note,omitempty"`  // free text for the people who maintain the file
}

// DefaultCalendar is the schedule most commune offices keep: 07:00–11:30 and
// 13:30–17:00, Monday to Friday, same-day cutoff at 15:00.
func DefaultCalendar() Calendar {
	return Calendar{
		Morning:       Session{Start: 7 * 60, End: 11*60 + 30},
		Afternoon:     Session{Start: 13*60 + 30, End: 17 * 60},
		SameDayCutoff: 15 * 60,
	}
}

// Holiday is one statutory day off.
type Holiday struct {
	Date         time.Time `json:"date"` // midnight in VNZone
	Name         string    `json:"name"`
	NameEN       string    `json:"name_en"`
	Compensatory bool      `json:"compensatory"` // nghỉ bù for a holiday that fell on a weekend
}

// Holidays returns the statutory days off of a Gregorian year under Bộ luật
// Lao động 2019, Điều 112, sorted by date, as computed defaults that the
// published schedule (Calendar.Overrides) corrects:
//   - 1/1; 30/4; 1/5; Giỗ Tổ Hùng Vương, 10/3 lunar (the ordinary 3rd month
//     when the year also has a leap 3rd month).
//   - Tết: the last day of the lunar year (30 Tết, or 29 when month 12 is
//     short) and mùng 1 to mùng 4. Điều 112 leaves the split to the Prime
//     Minister; one day before and four after is the pattern every civil
//     servant schedule since 2021 contains. When some of those five fall on
//     a weekend, the Government still gives five weekdays, not a nghỉ bù
//     after the break: the first replacement is the weekday before New
//     Year's Eve, the others the weekdays after mùng 4 (2020, 2021, 2023,
//     2024 and 2025 were all published that way).
//   - 2/9 and one adjacent day, chosen so that the break is longest together
//     with the weekend; on a tie the candidate on a weekday (a real day off,
//     not one that only turns into a nghỉ bù), then 3/9. By 2/9's weekday:
//     Mon→3/9, Tue→1/9, Wed→3/9, Thu→3/9, Fri→1/9, Sat→1/9, Sun→3/9, which
//     matches the schedules published for 2021–2025.
//   - Nghỉ bù (khoản 3): a holiday on a Saturday or Sunday, or on the same
//     date as another holiday, gives a compensatory day on the next weekday
//     that is neither a holiday nor already a compensatory day. Saturday is
//     a weekly rest day here whatever an office's SaturdayWorking says,
//     because the statutory rest week is the civil service's.
//
// Lunar dates are exact for 1900–2199 and extrapolated up to 9999; a year
// outside 1–9999 has no holidays (nil).
func Holidays(year int) []Holiday {
	return append([]Holiday(nil), holidaysOf(year)...)
}

var holidayCache sync.Map // int year → []Holiday, never modified once stored

func holidaysOf(year int) []Holiday {
	if year < lunarMinYear || year > lunarMaxYear {
		return nil
	}
	if h, ok := holidayCache.Load(year); ok {
		return h.([]Holiday)
	}
	h := computeHolidays(year)
	holidayCache.Store(year, h)
	return h
}

func computeHolidays(year int) []Holiday {
	day := func(m, d int) time.Time { return time.Date(year, time.Month(m), d, 0, 0, 0, 0, VNZone) }
	hs := []Holiday{{Date: day(1, 1), Name: "Tết Dương lịch", NameEN: "New Year's Day"}}

	tet := LunarToSolar(1, 1, year, false)
	hs = append(hs, Holiday{Date: tet.AddDate(0, 0, -1), Name: "Tết Nguyên đán (ngày cuối năm Âm lịch)", NameEN: "Lunar New Year (New Year's Eve)"})
	for i, n := range []string{"1", "2", "3", "4"} {
		hs = append(hs, Holiday{Date: tet.AddDate(0, 0, i), Name: "Tết Nguyên đán (mùng " + n + ")", NameEN: "Lunar New Year (day " + n + ")"})
	}
	tetDays := map[int]bool{}
	for _, h := range hs[1:] {
		tetDays[civil(h.Date)] = true
	}
	tetExtra := tetWeekdays(tet)
	hs = append(hs,
		Holiday{Date: LunarToSolar(10, 3, year, false), Name: "Giỗ Tổ Hùng Vương (10/3 Âm lịch)", NameEN: "Hung Kings' Commemoration Day"},
		Holiday{Date: day(4, 30), Name: "Ngày Chiến thắng (30/4)", NameEN: "Reunification Day"},
		Holiday{Date: day(5, 1), Name: "Ngày Quốc tế Lao động (1/5)", NameEN: "International Labour Day"},
		Holiday{Date: day(9, 2), Name: "Quốc khánh (2/9)", NameEN: "National Day"},
	)
	adjacent := 3
	switch day(9, 2).Weekday() {
	case time.Tuesday, time.Friday, time.Saturday:
		adjacent = 1
	}
	hs = append(hs, Holiday{Date: day(9, adjacent), Name: "Quốc khánh (ngày liền kề)", NameEN: "National Day (adjacent day)"})
	sort.SliceStable(hs, func(i, j int) bool { return hs[i].Date.Before(hs[j].Date) })

	taken := map[int]bool{}
	for _, h := range append(hs, tetExtra...) {
		taken[civil(h.Date)] = true
	}
	seen := map[int]bool{}
	comp := tetExtra
	for _, h := range hs {
		k := civil(h.Date)
		if tetDays[k] {
			continue // made up by tetWeekdays
		}
		if !isWeekend(h.Date) && !seen[k] {
			seen[k] = true
			continue
		}
		seen[k] = true
		d := h.Date.AddDate(0, 0, 1)
		for isWeekend(d) || taken[civil(d)] {
			d = d.AddDate(0, 0, 1)
		}
		taken[civil(d)] = true
		comp = append(comp, Holiday{Date: d, Name: "Nghỉ bù " + h.Name, NameEN: "Compensatory day off for " + h.NameEN, Compensatory: true})
	}
	hs = append(hs, comp...)
	sort.SliceStable(hs, func(i, j int) bool { return hs[i].Date.Before(hs[j].Date) })
	return hs
}

// tetWeekdays are the weekdays that make up for Tết days (New Year's Eve to
// mùng 4, tet being mùng 1) falling on a weekend: the weekday before the
// Eve first, then the weekdays after mùng 4.
func tetWeekdays(tet time.Time) []Holiday {
	weekend := 0
	for i := -1; i <= 3; i++ {
		if isWeekend(tet.AddDate(0, 0, i)) {
			weekend++
		}
	}
	if weekend == 0 {
		return nil
	}
	before := tet.AddDate(0, 0, -2)
	for isWeekend(before) {
		before = before.AddDate(0, 0, -1)
	}
	out := []Holiday{{Date: before, Name: "Tết Nguyên đán (nghỉ bù, trước giao thừa)", NameEN: "Lunar New Year (day off before New Year's Eve)", Compensatory: true}}
	after := tet.AddDate(0, 0, 4)
	for len(out) < weekend {
		for isWeekend(after) {
			after = after.AddDate(0, 0, 1)
		}
		out = append(out, Holiday{Date: after, Name: "Tết Nguyên đán (nghỉ bù, sau mùng 4)", NameEN: "Lunar New Year (day off after day 4)", Compensatory: true})
		after = after.AddDate(0, 0, 1)
	}
	return out
}

var holidaySetCache sync.Map // int year → map[int]bool of civil dates, read-only once stored

func holidaySet(year int) map[int]bool {
	if s, ok := holidaySetCache.Load(year); ok {
		return s.(map[int]bool)
	}
	s := map[int]bool{}
	for _, h := range holidaysOf(year) {
		s[civil(h.Date)] = true
	}
	holidaySetCache.Store(year, s)
	return s
}

func isWeekend(d time.Time) bool {
	wd := d.In(VNZone).Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// civil is a date as yyyymmdd in VNZone: a cheap map key that orders like
// the date, so date comparisons ignore the time of day.
func civil(t time.Time) int {
	y, m, d := t.In(VNZone).Date()
	return y*10000 + int(m)*100 + d
}

func midnight(t time.Time) time.Time {
	y, m, d := t.In(VNZone).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, VNZone)
}

// minuteOf is t's minute of the day in VNZone.
func minuteOf(t time.Time) int {
	t = t.In(VNZone)
	return t.Hour()*60 + t.Minute()
}

func atMinute(day time.Time, m int) time.Time {
	return midnight(day).Add(time.Duration(m) * time.Minute)
}

// schedule is a Calendar made safe to compute with: sessions ordered, not
// overlapping and not all empty, cutoff set, overrides indexed. Built once
// per exported call so a long override list is parsed once.
type schedule struct {
	sessions        []Session // non-empty, in order
	saturdayWorking bool
	cutoff          int
	overrides       map[int]CalendarDay // by civil date, ranges expanded
}

func (c Calendar) schedule() *schedule {
	// 23:59 at the latest, so that a closing time is still on its own date.
	const lastMinute = 24*60 - 1
	clamp := func(s Session) Session {
		s.Start = min(max(s.Start, 0), lastMinute)
		s.End = min(max(s.End, s.Start), lastMinute)
		return s
	}
	m, a := clamp(c.Morning), clamp(c.Afternoon)
	if m.End == m.Start && a.End == a.Start {
		// No hours at all would leave the hour arithmetic nothing to count in.
		d := DefaultCalendar()
		m, a = d.Morning, d.Afternoon
	}
	if a.Start < m.Start {
		m, a = a, m
	}
	if a.Start < m.End { // overlapping sessions must not count the same minutes twice
		a.Start = m.End
		a.End = max(a.End, a.Start)
	}
	s := &schedule{saturdayWorking: c.SaturdayWorking, cutoff: c.SameDayCutoff}
	for _, x := range []Session{m, a} {
		if x.End > x.Start {
			s.sessions = append(s.sessions, x)
		}
	}
	if s.cutoff <= 0 {
		s.cutoff = 15 * 60
	}
	// A cutoff after closing would promise a same-day result at a closing
	// time already past.
	s.cutoff = min(s.cutoff, s.closing())
	if len(c.Overrides) > 0 {
		s.overrides = expandDays(c.Overrides)
	}
	return s
}

// entry is the named day that decides d's date, if any: an override, then
// a shipped published day, then a computed statutory holiday.
func (s *schedule) entry(k int, year int) (CalendarDay, bool) {
	if o, ok := s.overrides[k]; ok {
		return o, true
	}
	if o, ok := shippedDays()[k]; ok {
		return o, true
	}
	if holidaySet(year)[k] {
		return CalendarDay{Kind: DayHoliday}, true
	}
	return CalendarDay{}, false
}

func (s *schedule) opening() int { return s.sessions[0].Start }
func (s *schedule) closing() int { return s.sessions[len(s.sessions)-1].End }

func (s *schedule) working(d time.Time) bool {
	d = d.In(VNZone)
	if e, ok := s.entry(civil(d), d.Year()); ok {
		return e.Kind == DayWorkday
	}
	switch d.Weekday() {
	case time.Sunday:
		return false
	case time.Saturday:
		return s.saturdayWorking
	}
	return true
}

// shiftWorking moves d by n working days (backwards when n < 0), keeping its
// time of day. The loops end: overrides and holidays are finite, so weekdays
// keep coming.
func (s *schedule) shiftWorking(d time.Time, n int) time.Time {
	d = d.In(VNZone)
	day, clock := midnight(d), d.Sub(midnight(d))
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for ; n > 0; n-- {
		day = day.AddDate(0, 0, step)
		for !s.working(day) {
			day = day.AddDate(0, 0, step)
		}
	}
	return day.Add(clock)
}

// nextOpening is the first instant at or after t when the office is open on
// a working day: where counting starts for a dossier received at t.
func (s *schedule) nextOpening(t time.Time) time.Time {
	if s.working(t) {
		m := minuteOf(t)
		for _, x := range s.sessions {
			if m < x.Start {
				return atMinute(t, x.Start)
			}
			if m < x.End {
				return t
			}
		}
	}
	return atMinute(s.shiftWorking(midnight(t), 1), s.opening())
}

// addMinutes adds office minutes to t, which is within (or at the end of) a
// session of a working day, spilling into the following sessions and days.
func (s *schedule) addMinutes(t time.Time, mins int) time.Time {
	day, m := midnight(t), minuteOf(t)
	for mins > 0 {
		for _, x := range s.sessions {
			if m >= x.End {
				continue
			}
			m = max(m, x.Start)
			avail := x.End - m
			if mins <= avail {
				return atMinute(day, m+mins)
			}
			mins -= avail
			m = x.End
		}
		day, m = s.shiftWorking(day, 1), 0
	}
	return atMinute(day, m)
}

// IsWorkingDay reports whether d's date in VNZone is a working day: an
// override decides first, then the statutory holidays, then the weekend.
func (c Calendar) IsWorkingDay(d time.Time) bool {
	return c.schedule().working(d)
}

// IsReceptionDay reports whether the office takes dossiers on d's date: every
// working day, and Saturdays that are not holidays when SaturdayReception.
func (c Calendar) IsReceptionDay(d time.Time) bool {
	s := c.schedule()
	if s.working(d) {
		return true
	}
	d = d.In(VNZone)
	if !c.SaturdayReception || d.Weekday() != time.Saturday {
		return false
	}
	e, ok := s.entry(civil(d), d.Year())
	return !ok || e.Kind != DayHoliday
}

// NextWorkingDay returns the first working day after d's date, at d's time
// of day: AddWorkingDays(d, 1).
func (c Calendar) NextWorkingDay(d time.Time) time.Time {
	return c.schedule().shiftWorking(d, 1)
}

// AddWorkingDays moves d forward by n working days (backwards for n < 0),
// keeping its time of day in VNZone. n = 0 returns d in VNZone, working day
// or not.
func (c Calendar) AddWorkingDays(d time.Time, n int) time.Time {
	return c.schedule().shiftWorking(d, n)
}

// WorkingDaysBetween counts the working days after a's date up to and
// including b's date, negative when b's date is before a's: the n for which
// AddWorkingDays(a, n) falls on b when b is a working day.
func (c Calendar) WorkingDaysBetween(a, b time.Time) int {
	s := c.schedule()
	sign := 1
	if civil(b) < civil(a) {
		a, b, sign = b, a, -1
	}
	n := 0
	end := civil(b)
	for d := midnight(a).AddDate(0, 0, 1); civil(d) <= end; d = d.AddDate(0, 0, 1) {
		if s.working(d) {
			n++
		}
	}
	return sign * n
}

// Appointment returns the ngày hẹn trả for a dossier received at receivedAt
// with processing time t. The result is in VNZone, on a working day, within
// office hours (a session's end counts as within).
//
// Counting starts at the next opening: the receipt time itself when the
// office is open, else the next session start on a working day. Seconds are
// dropped so the appointment is a whole minute.
//
// WorkingDays: Hours/8 whole working days are counted from the day after
// the start, keeping the time of day (THH: received Fri 27/10/2023 09:32, 5
// working days → Fri 03/11/2023 09:32); then Hours%8 hours within office
// sessions. The receipt printed by THH shows 09:00 for that case, but we keep
// 09:32: rounding down would cut into the legal time, and the printed form
// can round as the province wishes.
//
// CalendarDays: Hours/8 calendar days from the start; a result on a rest day
// moves to the next working day, same time; then Hours%8 office hours.
//
// SameDay: received on a working day before the cutoff (and before
// closing) → that day; otherwise the next working day. Each further started
// 8 hours beyond the first 8 adds a working day. The result is at closing
// time, the latest the citizen can be told to come back.
//
// Negative Hours count as 0; an unknown Kind counts as WorkingDays, the
// common case.
func (c Calendar) Appointment(receivedAt time.Time, t ProcessingTime) time.Time {
	s := c.schedule()
	r := receivedAt.In(VNZone).Truncate(time.Minute)
	hours := max(t.Hours, 0)
	switch t.Kind {
	case SameDay:
		due := midnight(r)
		if !s.working(due) || minuteOf(r) >= s.cutoff {
			due = s.shiftWorking(due, 1)
		}
		if hours > 8 {
			due = s.shiftWorking(due, (hours+7)/8-1)
		}
		return atMinute(due, s.closing())
	case CalendarDays:
		due := s.nextOpening(r).AddDate(0, 0, hours/8)
		if !s.working(due) {
			due = s.shiftWorking(due, 1)
		}
		return s.addMinutes(due, hours%8*60)
	default:
		due := s.shiftWorking(s.nextOpening(r), hours/8)
		return s.addMinutes(due, hours%8*60)
	}
}

// Due is how close a pending dossier is to its appointment: the one
// vocabulary of due bands (a dossier's state, the home screen's disjoint
// counts, the dossier list's filter, `motcua find --due`).
type Due string

const (
	DueOK      Due = "ok"
	DueSoon    Due = "soon"    // due by the end of the next working day
	DueToday   Due = "today"   // due today
	DueOverdue Due = "overdue" // the appointment date has passed
)

// DueBands are the bands that need attention, most urgent first.
var DueBands = []Due{DueOverdue, DueToday, DueSoon}

// urgency orders the bands: ok < soon < today < overdue; 0 for any other.
func (d Due) urgency() int {
	switch d {
	case DueOK:
		return 1
	case DueSoon:
		return 2
	case DueToday:
		return 3
	case DueOverdue:
		return 4
	}
	return 0
}

// AtLeast reports whether d is as urgent as band or more (a dossier due
// today is AtLeast(DueSoon)); every d is AtLeast(""), none AtLeast an
// unknown band.
func (d Due) AtLeast(band Due) bool {
	if band == "" {
		return true
	}
	return band.urgency() > 0 && d.urgency() >= band.urgency()
}

// Attention reports whether band is "" (any) or one of DueBands: what a
// due filter accepts.
func (d Due) Attention() bool { return d == "" || d == DueOverdue || d == DueToday || d == DueSoon }

// DueState judges a pending dossier by calendar date in VNZone, as the
// national reports do: overdue once the appointment's date is before today,
// due today on that date, soon when the appointment is after today but no
// later than the next working day (so a Friday counts a Monday appointment
// as soon). No appointment (zero time) is never late.
func DueState(appointment, now time.Time, cal Calendar) Due {
	if appointment.IsZero() {
		return DueOK
	}
	a, n := civil(appointment), civil(now)
	switch {
	case a < n:
		return DueOverdue
	case a == n:
		return DueToday
	case a <= civil(cal.NextWorkingDay(now)):
		return DueSoon
	}
	return DueOK
}

// Timeliness is how a completed dossier met its appointment.
type Timeliness string

const (
	TimelinessEarly  Timeliness = "early"   // trước hạn
	TimelinessOnTime Timeliness = "on_time" // đúng hạn
	TimelinessLate   Timeliness = "late"    // quá hạn
)

// TimelinessOf judges a completed dossier. (The type holds the name
// Timeliness, as Due does for DueState.) It compares calendar dates in VNZone only, as THH and the national
// reports do, so a result returned at 16:00 on the appointment day is on
// time. No appointment (zero time) counts as on time, as in those reports.
func TimelinessOf(completedAt, appointment time.Time) Timeliness {
	if appointment.IsZero() {
		return TimelinessOnTime
	}
	switch c, a := civil(completedAt), civil(appointment); {
	case c < a:
		return TimelinessEarly
	case c > a:
		return TimelinessLate
	}
	return TimelinessOnTime
}
