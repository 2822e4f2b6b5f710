package motcua

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

func vnAt(y, m, d, hh, mm int) time.Time {
	return time.Date(y, time.Month(m), d, hh, mm, 0, 0, VNZone)
}

func wd(days int) ProcessingTime { return ProcessingTime{Kind: WorkingDays, Hours: days * 8} }

// tet2026 is the published civil-service Tết Bính Ngọ schedule: Sat 14/2 to
// Sun 22/2/2026.
func tet2026() []CalendarDay {
	var out []CalendarDay
	for d := 14; d <= 22; d++ {
		out = append(out, CalendarDay{Date: fmt.Sprintf("2026-02-%02d", d), Kind: DayHoliday, Name: "Tết Bính Ngọ"})
	}
	return out
}

func withOverrides(o ...CalendarDay) Calendar {
	c := DefaultCalendar()
	c.Overrides = o
	return c
}

// long: a table of appointments, one case a line.
func TestAppointment(t *testing.T) {
	def := DefaultCalendar()
	satWorking := DefaultCalendar()
	satWorking.SaturdayWorking = true
	satReception := DefaultCalendar()
	satReception.SaturdayReception = true
	morningOnly := Calendar{Morning: Session{Start: 7 * 60, End: 11*60 + 30}}
	lateCutoff := DefaultCalendar()
	lateCutoff.SameDayCutoff = 20 * 60

	tests := []struct {
		name     string
		cal      Calendar
		received time.Time
		pt       ProcessingTime
		want     time.Time
	}{
		// THH receipt: the count starts the next working day at the same time.
		{"THH Fri 27/10/2023 09:32 + 5 working days", def, vnAt(2023, 10, 27, 9, 32), wd(5), vnAt(2023, 11, 3, 9, 32)},
		{"zero Calendar behaves as the default", Calendar{}, vnAt(2023, 10, 27, 9, 32), wd(5), vnAt(2023, 11, 3, 9, 32)},
		{"receipt time given in UTC", def, time.Date(2023, 10, 27, 2, 32, 45, 0, time.UTC), wd(5), vnAt(2023, 11, 3, 9, 32)},
		{"5 days + 4 h spills past lunch", def, vnAt(2023, 10, 27, 9, 32), ProcessingTime{WorkingDays, 44}, vnAt(2023, 11, 3, 15, 32)},
		{"4 h ending exactly at 11:30", def, vnAt(2023, 11, 7, 7, 30), ProcessingTime{WorkingDays, 4}, vnAt(2023, 11, 7, 11, 30)},
		{"4 h from 15:00 spill into the next morning", def, vnAt(2023, 11, 7, 15, 0), ProcessingTime{WorkingDays, 4}, vnAt(2023, 11, 8, 9, 0)},
		{"4 h from Fri 15:00 spill into Monday", def, vnAt(2023, 11, 10, 15, 0), ProcessingTime{WorkingDays, 4}, vnAt(2023, 11, 13, 9, 0)},

		// Received outside office hours.
		{"before opening starts at 07:00", def, vnAt(2023, 11, 7, 6, 15), ProcessingTime{WorkingDays, 2}, vnAt(2023, 11, 7, 9, 0)},
		{"at lunch (12:00) starts at 13:30", def, vnAt(2023, 11, 7, 12, 0), wd(1), vnAt(2023, 11, 8, 13, 30)},
		{"at lunch + 4 h ends next morning", def, vnAt(2023, 11, 7, 12, 0), ProcessingTime{WorkingDays, 4}, vnAt(2023, 11, 8, 7, 30)},
		{"exactly 11:30 is lunch", def, vnAt(2023, 11, 7, 11, 30), ProcessingTime{WorkingDays, 1}, vnAt(2023, 11, 7, 14, 30)},
		{"at 18:00 starts next morning", def, vnAt(2023, 11, 7, 18, 0), wd(1), vnAt(2023, 11, 9, 7, 0)},
		{"exactly 17:00 is after closing", def, vnAt(2023, 11, 7, 17, 0), wd(1), vnAt(2023, 11, 9, 7, 0)},
		{"on Friday evening starts Monday", def, vnAt(2023, 11, 10, 19, 0), wd(1), vnAt(2023, 11, 14, 7, 0)},
		{"on a Sunday starts Monday", def, vnAt(2023, 11, 5, 10, 0), wd(1), vnAt(2023, 11, 7, 7, 0)},
		{"Saturday reception still counts from Monday", satReception, vnAt(2023, 11, 11, 8, 0), wd(1), vnAt(2023, 11, 14, 7, 0)},
		{"zero hours: the counting start", def, vnAt(2023, 11, 5, 10, 0), wd(0), vnAt(2023, 11, 6, 7, 0)},
		{"negative hours count as zero", def, vnAt(2023, 11, 7, 9, 0), ProcessingTime{WorkingDays, -16}, vnAt(2023, 11, 7, 9, 0)},
		{"unknown kind counts working days", def, vnAt(2023, 10, 27, 9, 32), ProcessingTime{"fortnights", 40}, vnAt(2023, 11, 3, 9, 32)},

		// Holidays.
		// Published Tết 2026: Mon 23 (1), Tue 24 (2), Wed 25 (3). The brief
		// suggested Thu 26/2; counting as THH does gives Wed 25/2.
		{"across published Tết 2026", withOverrides(tet2026()...), vnAt(2026, 2, 13, 10, 0), wd(3), vnAt(2026, 2, 25, 10, 0)},
		{"across computed Tết 2026 (16–20/2)", def, vnAt(2026, 2, 13, 10, 0), wd(3), vnAt(2026, 2, 25, 10, 0)},
		{"received during published Tết 2026", withOverrides(tet2026()...), vnAt(2026, 2, 16, 9, 0), wd(1), vnAt(2026, 2, 24, 7, 0)},
		{"Giỗ Tổ 2026 Sun 26/4 with nghỉ bù Mon 27/4", def, vnAt(2026, 4, 24, 9, 0), wd(1), vnAt(2026, 4, 28, 9, 0)},
		{"30/4 + 1/5 2026 (Thu, Fri)", def, vnAt(2026, 4, 29, 10, 0), wd(2), vnAt(2026, 5, 5, 10, 0)},
		{"30/4 + 1/5 2027 (Fri, Sat → nghỉ bù Mon 3/5)", def, vnAt(2027, 4, 29, 10, 0), wd(1), vnAt(2027, 5, 4, 10, 0)},
		{"2/9/2026 (Wed) with 3/9", def, vnAt(2026, 9, 1, 8, 0), wd(1), vnAt(2026, 9, 4, 8, 0)},
		{"2/9/2025 (Tue) with 1/9", def, vnAt(2025, 8, 29, 8, 0), wd(1), vnAt(2025, 9, 3, 8, 0)},
		{"workday override suppresses computed 3/9/2026", withOverrides(CalendarDay{Date: "2026-09-03", Kind: DayWorkday}), vnAt(2026, 9, 1, 8, 0), wd(1), vnAt(2026, 9, 3, 8, 0)},
		{"make-up Saturday counts", withOverrides(CalendarDay{Date: "2023-11-11", Kind: DayWorkday, Name: "làm bù"}), vnAt(2023, 11, 10, 9, 0), wd(1), vnAt(2023, 11, 11, 9, 0)},
		{"SaturdayWorking counts Saturday", satWorking, vnAt(2023, 11, 10, 9, 0), wd(1), vnAt(2023, 11, 11, 9, 0)},
		{"holiday override on a weekday", withOverrides(CalendarDay{Date: "2023-11-08", Kind: DayHoliday}), vnAt(2023, 11, 7, 9, 0), wd(1), vnAt(2023, 11, 9, 9, 0)},

		// Calendar days.
		{"calendar days landing on Sunday move to Monday", def, vnAt(2023, 11, 7, 9, 0), ProcessingTime{CalendarDays, 40}, vnAt(2023, 11, 13, 9, 0)},
		{"calendar days landing on a weekday", def, vnAt(2023, 11, 7, 9, 0), ProcessingTime{CalendarDays, 24}, vnAt(2023, 11, 10, 9, 0)},
		{"calendar days count through weekends", def, vnAt(2023, 11, 10, 9, 0), ProcessingTime{CalendarDays, 24}, vnAt(2023, 11, 13, 9, 0)},
		{"calendar days landing on Giỗ Tổ 2026 skip the nghỉ bù too", def, vnAt(2026, 4, 21, 9, 0), ProcessingTime{CalendarDays, 40}, vnAt(2026, 4, 28, 9, 0)},
		{"calendar days + 4 h", def, vnAt(2023, 11, 7, 9, 0), ProcessingTime{CalendarDays, 28}, vnAt(2023, 11, 10, 15, 0)},
		{"calendar days received on Sunday start Monday", def, vnAt(2023, 11, 5, 9, 0), ProcessingTime{CalendarDays, 8}, vnAt(2023, 11, 7, 7, 0)},

		// Same day.
		{"same day at 14:00 on Tuesday", def, vnAt(2023, 11, 7, 14, 0), ProcessingTime{SameDay, 8}, vnAt(2023, 11, 7, 17, 0)},
		{"same day at 15:30 on Friday → Monday", def, vnAt(2023, 11, 10, 15, 30), ProcessingTime{SameDay, 8}, vnAt(2023, 11, 13, 17, 0)},
		{"same day at exactly 15:00 → next day", def, vnAt(2023, 11, 7, 15, 0), ProcessingTime{SameDay, 8}, vnAt(2023, 11, 8, 17, 0)},
		{"same day at 14:59 → today", def, vnAt(2023, 11, 7, 14, 59), ProcessingTime{SameDay, 8}, vnAt(2023, 11, 7, 17, 0)},
		{"same day before opening → today", def, vnAt(2023, 11, 7, 6, 0), ProcessingTime{SameDay, 8}, vnAt(2023, 11, 7, 17, 0)},
		{"same day at lunch → today", def, vnAt(2023, 11, 7, 12, 0), ProcessingTime{SameDay, 0}, vnAt(2023, 11, 7, 17, 0)},
		{"same day on Saturday → Monday", satReception, vnAt(2023, 11, 11, 9, 0), ProcessingTime{SameDay, 8}, vnAt(2023, 11, 13, 17, 0)},
		{"same day on a holiday → next working day", def, vnAt(2026, 4, 27, 9, 0), ProcessingTime{SameDay, 8}, vnAt(2026, 4, 28, 17, 0)},
		{"same day, 16 h → one more working day", def, vnAt(2023, 11, 10, 10, 0), ProcessingTime{SameDay, 16}, vnAt(2023, 11, 13, 17, 0)},
		{"same day, 12 h → one more working day", def, vnAt(2023, 11, 7, 10, 0), ProcessingTime{SameDay, 12}, vnAt(2023, 11, 8, 17, 0)},
		{"same day, morning-only office closes 11:30", morningOnly, vnAt(2023, 11, 7, 9, 0), ProcessingTime{SameDay, 8}, vnAt(2023, 11, 7, 11, 30)},
		{"same day, cutoff after closing is capped", lateCutoff, vnAt(2023, 11, 7, 17, 30), ProcessingTime{SameDay, 8}, vnAt(2023, 11, 8, 17, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.cal.Appointment(tt.received, tt.pt)
			if !got.Equal(tt.want) || got.Location() != VNZone {
				t.Errorf("Appointment(%s, %+v) = %s, want %s", tt.received.Format("Mon 2006-01-02 15:04"), tt.pt, got.Format("Mon 2006-01-02 15:04 MST"), tt.want.Format("Mon 2006-01-02 15:04"))
			}
		})
	}
}

// Whatever the receipt time, the appointment is on a working day, within
// office hours, and not before the receipt.
func TestAppointmentAlwaysInOfficeHours(t *testing.T) {
	cals := map[string]Calendar{"default": DefaultCalendar(), "tet2026": withOverrides(tet2026()...)}
	kinds := []TimeKind{WorkingDays, CalendarDays, SameDay}
	for name, cal := range cals {
		for r := vnAt(2026, 1, 1, 0, 0); r.Year() == 2026; r = r.Add(97 * time.Minute) {
			for _, k := range kinds {
				for _, h := range []int{0, 3, 8, 13, 24, 40, 120} {
					got := cal.Appointment(r, ProcessingTime{k, h})
					m := got.Hour()*60 + got.Minute()
					inHours := (m >= cal.Morning.Start && m <= cal.Morning.End) || (m >= cal.Afternoon.Start && m <= cal.Afternoon.End)
					if !cal.IsWorkingDay(got) || !inHours || got.Before(r.Truncate(time.Minute)) {
						t.Fatalf("%s: Appointment(%s, %s %d h) = %s", name, r.Format("Mon 2006-01-02 15:04"), k, h, got.Format("Mon 2006-01-02 15:04"))
					}
				}
			}
		}
	}
}

func TestHolidays2026(t *testing.T) {
	want := []struct {
		date         time.Time
		compensatory bool
	}{
		{vnDate(2026, 1, 1), false},
		{vnDate(2026, 2, 16), false}, // 29 Tết: month 12 of Ất Tỵ is short
		{vnDate(2026, 2, 17), false},
		{vnDate(2026, 2, 18), false},
		{vnDate(2026, 2, 19), false},
		{vnDate(2026, 2, 20), false},
		{vnDate(2026, 4, 26), false}, // Giỗ Tổ, a Sunday
		{vnDate(2026, 4, 27), true},  // its nghỉ bù
		{vnDate(2026, 4, 30), false},
		{vnDate(2026, 5, 1), false},
		{vnDate(2026, 9, 2), false},
		{vnDate(2026, 9, 3), false},
	}
	got := Holidays(2026)
	if len(got) != len(want) {
		t.Fatalf("Holidays(2026) has %d days, want %d: %v", len(got), len(want), got)
	}
	for i, w := range want {
		if !got[i].Date.Equal(w.date) || got[i].Compensatory != w.compensatory || got[i].Name == "" || got[i].NameEN == "" {
			t.Errorf("Holidays(2026)[%d] = %+v, want %s compensatory=%v", i, got[i], w.date.Format(time.DateOnly), w.compensatory)
		}
	}
	if !strings.Contains(got[7].Name, "Giỗ Tổ") || !strings.Contains(got[7].NameEN, "Hung Kings") {
		t.Errorf("27/4/2026 names %q / %q", got[7].Name, got[7].NameEN)
	}
}

func TestHolidaysByYear(t *testing.T) {
	type day = string // yyyy-mm-dd, "+" suffix for a compensatory day
	tests := []struct {
		year int
		want []day
	}{
		// Tết days on a weekend are made up by the weekday before New
		// Year's Eve, then the weekdays after mùng 4, as published for 2020,
		// 2021, 2023, 2024 and 2025 (never a nghỉ bù after the break alone).
		// 2023: 1/1 Sun; Tết Sat–Wed; Giỗ Tổ Sat 29/4, 30/4 Sun (the
		// published 2023 schedule also gave 29/4–3/5); 2/9 Sat with Fri 1/9.
		{2023, []day{"2023-01-01", "2023-01-02+", "2023-01-20+", "2023-01-21", "2023-01-22", "2023-01-23", "2023-01-24", "2023-01-25", "2023-01-26+",
			"2023-04-29", "2023-04-30", "2023-05-01", "2023-05-02+", "2023-05-03+", "2023-09-01", "2023-09-02", "2023-09-04+"}},
		{2024, []day{"2024-01-01", "2024-02-08+", "2024-02-09", "2024-02-10", "2024-02-11", "2024-02-12", "2024-02-13", "2024-02-14+",
			"2024-04-18", "2024-04-30", "2024-05-01", "2024-09-02", "2024-09-03"}},
		{2025, []day{"2025-01-01", "2025-01-27+", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-02-01",
			"2025-04-07", "2025-04-30", "2025-05-01", "2025-09-01", "2025-09-02"}},
		{2027, []day{"2027-01-01", "2027-02-04+", "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10+",
			"2027-04-16", "2027-04-30", "2027-05-01", "2027-05-03+", "2027-09-02", "2027-09-03"}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.year), func(t *testing.T) {
			var got []day
			for _, h := range Holidays(tt.year) {
				s := h.Date.Format(time.DateOnly)
				if h.Compensatory {
					s += "+"
				}
				got = append(got, s)
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("Holidays(%d)\n got %v\nwant %v", tt.year, got, tt.want)
			}
		})
	}
}

func TestHolidayNationalDayAdjacent(t *testing.T) {
	tests := []struct {
		year     int
		weekday  time.Weekday
		adjacent int
	}{
		{2021, time.Thursday, 3},
		{2022, time.Friday, 1},
		{2023, time.Saturday, 1},
		{2024, time.Monday, 3},
		{2025, time.Tuesday, 1},
		{2026, time.Wednesday, 3},
		{2029, time.Sunday, 3},
	}
	for _, tt := range tests {
		if wd := vnDate(tt.year, 9, 2).Weekday(); wd != tt.weekday {
			t.Fatalf("2/9/%d is a %s, test expects %s", tt.year, wd, tt.weekday)
		}
		var found bool
		for _, h := range Holidays(tt.year) {
			if h.Date.Equal(vnDate(tt.year, 9, tt.adjacent)) && !h.Compensatory {
				found = true
			}
		}
		if !found {
			t.Errorf("%d (2/9 %s): adjacent day %d/9 missing", tt.year, tt.weekday, tt.adjacent)
		}
	}
}

// Every year of the lunar range yields a well-formed list: sorted, 11
// statutory days, one compensatory weekday for each that fell on a weekend
// or on another holiday's date, never two days off on one compensatory date.
func TestHolidaysInvariants1900To2199(t *testing.T) {
	collisions := 0
	for y := 1900; y <= 2199; y++ {
		hs := Holidays(y)
		baseDates, compDates := map[int]bool{}, map[int]bool{}
		base, need := 0, 0
		for i, h := range hs {
			if h.Date.Year() != y || h.Date.Location() != VNZone || h.Name == "" || h.NameEN == "" {
				t.Fatalf("%d: bad holiday %+v", y, h)
			}
			if i > 0 && h.Date.Before(hs[i-1].Date) {
				t.Fatalf("%d: not sorted at %s", y, h.Date.Format(time.DateOnly))
			}
			k := civil(h.Date)
			if h.Compensatory {
				if isWeekend(h.Date) || compDates[k] || baseDates[k] {
					t.Fatalf("%d: compensatory day %s on a weekend or a taken date", y, h.Date.Format(time.DateOnly))
				}
				compDates[k] = true
				continue
			}
			base++
			if isWeekend(h.Date) || baseDates[k] {
				need++
			}
			if baseDates[k] {
				collisions++
			}
			baseDates[k] = true
		}
		if base != 11 {
			t.Fatalf("%d: %d statutory days", y, base)
		}
		if len(compDates) != need {
			t.Fatalf("%d: %d compensatory days, want %d", y, len(compDates), need)
		}
	}
	t.Logf("%d years where Giỗ Tổ falls on 30/4 or 1/5", collisions)
}

func TestHolidaysOutOfRange(t *testing.T) {
	for _, y := range []int{0, -1, 10000, 1 << 40, -1 << 40} {
		if h := Holidays(y); h != nil {
			t.Errorf("Holidays(%d) = %v, want nil", y, h)
		}
	}
	for _, y := range []int{1, 1899, 2200, 9999} {
		if h := Holidays(y); len(h) < 11 {
			t.Errorf("Holidays(%d) has %d days", y, len(h))
		}
	}
	// Callers get a copy, not the cache.
	h := Holidays(2026)
	h[0].Name = "changed"
	if Holidays(2026)[0].Name == "changed" {
		t.Error("Holidays returned the cached slice")
	}
	// Dates far outside the range never panic and treat weekdays as working.
	for _, d := range []time.Time{{}, time.Date(-5000, 3, 3, 9, 0, 0, 0, time.UTC), time.Date(20000, 3, 3, 9, 0, 0, 0, time.UTC)} {
		DefaultCalendar().IsWorkingDay(d)
		DefaultCalendar().Appointment(d, wd(5))
		DefaultCalendar().Appointment(d, ProcessingTime{CalendarDays, 40})
		DefaultCalendar().Appointment(d, ProcessingTime{SameDay, 8})
	}
}

func TestCalendarIsWorkingDay(t *testing.T) {
	def := DefaultCalendar()
	satWorking := DefaultCalendar()
	satWorking.SaturdayWorking = true
	tests := []struct {
		name string
		cal  Calendar
		day  time.Time
		want bool
	}{
		{"Monday", def, vnDate(2023, 11, 6), true},
		{"Saturday", def, vnDate(2023, 11, 11), false},
		{"Sunday", def, vnDate(2023, 11, 12), false},
		{"Saturday with SaturdayWorking", satWorking, vnDate(2023, 11, 11), true},
		{"Sunday with SaturdayWorking", satWorking, vnDate(2023, 11, 12), false},
		{"holiday Saturday with SaturdayWorking", satWorking, vnDate(2026, 2, 21), true},
		{"Tết 2026 mùng 1", def, vnDate(2026, 2, 17), false},
		{"nghỉ bù 27/4/2026", def, vnDate(2026, 4, 27), false},
		{"30/4/2026", def, vnDate(2026, 4, 30), false},
		{"1/5/2026", def, vnDate(2026, 5, 1), false},
		{"2/9/2026", def, vnDate(2026, 9, 2), false},
		{"3/9/2026 (adjacent)", def, vnDate(2026, 9, 3), false},
		{"1/9/2026 (not adjacent)", def, vnDate(2026, 9, 1), true},
		{"published Tết 2026, Mon 23/2 back to work", withOverrides(tet2026()...), vnDate(2026, 2, 23), true},
		{"make-up Saturday", withOverrides(CalendarDay{Date: "2023-11-11", Kind: DayWorkday}), vnDate(2023, 11, 11), true},
		{"make-up Sunday", withOverrides(CalendarDay{Date: "2023-11-12", Kind: DayWorkday}), vnDate(2023, 11, 12), true},
		{"holiday override on a Wednesday", withOverrides(CalendarDay{Date: "2023-11-08", Kind: DayHoliday}), vnDate(2023, 11, 8), false},
		{"workday override suppresses a computed holiday", withOverrides(CalendarDay{Date: "2026-09-03", Kind: DayWorkday}), vnDate(2026, 9, 3), true},
		{"the last override for a date wins", withOverrides(CalendarDay{Date: "2023-11-08", Kind: DayHoliday}, CalendarDay{Date: "2023-11-08", Kind: DayWorkday}), vnDate(2023, 11, 8), true},
		{"malformed override date ignored", withOverrides(CalendarDay{Date: "08/11/2023", Kind: DayHoliday}), vnDate(2023, 11, 8), true},
		{"unknown override kind ignored", withOverrides(CalendarDay{Date: "2023-11-08", Kind: "maybe"}), vnDate(2023, 11, 8), true},
		{"override date with spaces", withOverrides(CalendarDay{Date: " 2023-11-08 ", Kind: DayHoliday}), vnDate(2023, 11, 8), false},
		// 18:00 UTC Sunday 5/11 is 01:00 Monday 6/11 in Vietnam.
		{"judged in VNZone", def, time.Date(2023, 11, 5, 18, 0, 0, 0, time.UTC), true},
	}
	for _, s := range tet2026() {
		d, _ := time.ParseInLocation(time.DateOnly, s.Date, VNZone)
		tests = append(tests, struct {
			name string
			cal  Calendar
			day  time.Time
			want bool
		}{"published Tết 2026 " + s.Date, withOverrides(tet2026()...), d, false})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cal.IsWorkingDay(tt.day); got != tt.want {
				t.Errorf("IsWorkingDay(%s) = %v, want %v", tt.day.Format("Mon 2006-01-02 15:04 MST"), got, tt.want)
			}
		})
	}
}

func TestCalendarIsReceptionDay(t *testing.T) {
	sat := DefaultCalendar()
	sat.SaturdayReception = true
	tests := []struct {
		name string
		cal  Calendar
		day  time.Time
		want bool
	}{
		{"weekday", DefaultCalendar(), vnDate(2023, 11, 6), true},
		{"Saturday without reception", DefaultCalendar(), vnDate(2023, 11, 11), false},
		{"Saturday with reception", sat, vnDate(2023, 11, 11), true},
		{"Sunday with Saturday reception", sat, vnDate(2023, 11, 12), false},
		{"holiday Saturday (2/9/2023)", sat, vnDate(2023, 9, 2), false},
		{"Saturday in published Tết 2026", func() Calendar { c := sat; c.Overrides = tet2026(); return c }(), vnDate(2026, 2, 14), false},
	}
	for _, tt := range tests {
		if got := tt.cal.IsReceptionDay(tt.day); got != tt.want {
			t.Errorf("%s: IsReceptionDay = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestCalendarWorkingDayArithmetic(t *testing.T) {
	def := DefaultCalendar()
	tet := withOverrides(tet2026()...)
	fri := vnAt(2023, 10, 27, 9, 32)

	t.Run("NextWorkingDay", func(t *testing.T) {
		tests := []struct{ in, want time.Time }{
			{fri, vnAt(2023, 10, 30, 9, 32)},
			{vnAt(2023, 10, 30, 0, 0), vnAt(2023, 10, 31, 0, 0)},
			{vnAt(2026, 4, 24, 16, 0), vnAt(2026, 4, 28, 16, 0)},
			{vnAt(2026, 2, 13, 8, 0), vnAt(2026, 2, 23, 8, 0)},
		}
		for _, tt := range tests {
			if got := def.NextWorkingDay(tt.in); !got.Equal(tt.want) {
				t.Errorf("NextWorkingDay(%s) = %s, want %s", tt.in, got, tt.want)
			}
		}
	})
	t.Run("AddWorkingDays", func(t *testing.T) {
		tests := []struct {
			cal  Calendar
			in   time.Time
			n    int
			want time.Time
		}{
			{def, fri, 5, vnAt(2023, 11, 3, 9, 32)},
			{def, vnAt(2023, 11, 3, 9, 32), -5, fri},
			{def, fri, 0, fri},
			{def, vnAt(2023, 11, 5, 9, 0), 0, vnAt(2023, 11, 5, 9, 0)},
			{def, vnAt(2023, 11, 5, 9, 0), 1, vnAt(2023, 11, 6, 9, 0)},
			{tet, vnAt(2026, 2, 13, 10, 0), 3, vnAt(2026, 2, 25, 10, 0)},
			{tet, vnAt(2026, 2, 25, 10, 0), -3, vnAt(2026, 2, 13, 10, 0)},
			{def, time.Date(2023, 10, 27, 2, 32, 0, 0, time.UTC), 5, vnAt(2023, 11, 3, 9, 32)},
		}
		for _, tt := range tests {
			if got := tt.cal.AddWorkingDays(tt.in, tt.n); !got.Equal(tt.want) {
				t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", tt.in, tt.n, got, tt.want)
			}
		}
	})
	t.Run("WorkingDaysBetween", func(t *testing.T) {
		tests := []struct {
			cal  Calendar
			a, b time.Time
			want int
		}{
			{def, fri, vnAt(2023, 11, 3, 8, 0), 5},
			{def, vnAt(2023, 11, 3, 8, 0), fri, -5},
			{def, fri, vnAt(2023, 10, 27, 17, 0), 0},
			{def, fri, vnAt(2023, 10, 29, 17, 0), 0},
			{def, fri, vnAt(2023, 10, 30, 7, 0), 1},
			{tet, vnAt(2026, 2, 13, 10, 0), vnAt(2026, 2, 25, 10, 0), 3},
			{def, vnDate(2026, 1, 1), vnDate(2026, 12, 31), 260 - 10}, // 260 weekdays after 1/1, 10 of them holidays
		}
		for _, tt := range tests {
			if got := tt.cal.WorkingDaysBetween(tt.a, tt.b); got != tt.want {
				t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
		}
	})
}

func TestDueState(t *testing.T) {
	def := DefaultCalendar()
	tet := withOverrides(tet2026()...)
	tests := []struct {
		name             string
		cal              Calendar
		appointment, now time.Time
		want             Due
	}{
		{"yesterday", def, vnAt(2023, 11, 6, 17, 0), vnAt(2023, 11, 7, 8, 0), DueOverdue},
		{"today, hour already past, still today", def, vnAt(2023, 11, 7, 9, 0), vnAt(2023, 11, 7, 16, 0), DueToday},
		{"today, later", def, vnAt(2023, 11, 7, 17, 0), vnAt(2023, 11, 7, 8, 0), DueToday},
		{"tomorrow, a working day", def, vnAt(2023, 11, 8, 17, 0), vnAt(2023, 11, 7, 8, 0), DueSoon},
		{"Friday → Monday is the next working day", def, vnAt(2023, 11, 13, 9, 0), vnAt(2023, 11, 10, 16, 0), DueSoon},
		{"Friday → Tuesday", def, vnAt(2023, 11, 14, 9, 0), vnAt(2023, 11, 10, 16, 0), DueOK},
		{"in two working days", def, vnAt(2023, 11, 9, 9, 0), vnAt(2023, 11, 7, 8, 0), DueOK},
		{"before published Tết, due right after it", tet, vnAt(2026, 2, 23, 9, 0), vnAt(2026, 2, 13, 10, 0), DueSoon},
		{"before published Tết, due two days after", tet, vnAt(2026, 2, 24, 9, 0), vnAt(2026, 2, 13, 10, 0), DueOK},
		{"no appointment", def, time.Time{}, vnAt(2023, 11, 7, 8, 0), DueOK},
		// 18:00 UTC on 6/11 is 01:00 on 7/11 in Vietnam.
		{"judged in VNZone", def, vnAt(2023, 11, 7, 9, 0), time.Date(2023, 11, 6, 18, 0, 0, 0, time.UTC), DueToday},
		{"appointment given in UTC", def, time.Date(2023, 11, 6, 17, 30, 0, 0, time.UTC), vnAt(2023, 11, 7, 8, 0), DueToday},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DueState(tt.appointment, tt.now, tt.cal); got != tt.want {
				t.Errorf("DueState(%s, %s) = %q, want %q", tt.appointment, tt.now, got, tt.want)
			}
		})
	}
}

func TestTimeliness(t *testing.T) {
	appt := vnAt(2023, 11, 3, 9, 32)
	tests := []struct {
		name                   string
		completed, appointment time.Time
		want                   Timeliness
	}{
		{"a day early", vnAt(2023, 11, 2, 16, 0), appt, TimelinessEarly},
		{"same day, after the hour", vnAt(2023, 11, 3, 16, 59), appt, TimelinessOnTime},
		{"same day, before the hour", vnAt(2023, 11, 3, 7, 0), appt, TimelinessOnTime},
		{"next day", vnAt(2023, 11, 4, 7, 0), appt, TimelinessLate},
		{"no appointment", vnAt(2023, 11, 4, 7, 0), time.Time{}, TimelinessOnTime},
		// 20:00 UTC on 2/11 is 03:00 on 3/11 in Vietnam.
		{"judged in VNZone", time.Date(2023, 11, 2, 20, 0, 0, 0, time.UTC), appt, TimelinessOnTime},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := TimelinessOf(tt.completed, tt.appointment); got != tt.want {
				t.Errorf("TimelinessOf(%s, %s) = %q, want %q", tt.completed, tt.appointment, got, tt.want)
			}
		})
	}
}

func TestCalendarJSON(t *testing.T) {
	c := DefaultCalendar()
	c.SaturdayReception = true
	c.Overrides = []CalendarDay{{Date: "2026-02-14", Kind: DayHoliday, Name: "Tết"}}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"morning":{"start":420,"end":690},"afternoon":{"start":810,"end":1020},"saturday_reception":true,"saturday_working":false,"overrides":[{"date":"2026-02-14","kind":"holiday","name":"Tết"}],"same_day_cutoff":900}`
	if string(b) != want {
		t.Errorf("json\n got %s\nwant %s", b, want)
	}
	var back Calendar
	if err := json.Unmarshal(b, &back); err != nil || back.Overrides[0] != c.Overrides[0] || back.Morning != c.Morning {
		t.Errorf("round trip: %+v, %v", back, err)
	}
	h, _ := json.Marshal(Holidays(2026)[7])
	if !strings.Contains(string(h), `"name_en":`) || !strings.Contains(string(h), `"compensatory":true`) {
		t.Errorf("holiday json %s", h)
	}
}

func TestCalendarOddSessions(t *testing.T) {
	tests := []struct {
		name     string
		cal      Calendar
		received time.Time
		pt       ProcessingTime
		want     time.Time
	}{
		{"sessions given afternoon-first are reordered", Calendar{Morning: Session{13*60 + 30, 17 * 60}, Afternoon: Session{7 * 60, 11*60 + 30}}, vnAt(2023, 11, 7, 12, 0), ProcessingTime{WorkingDays, 4}, vnAt(2023, 11, 8, 7, 30)},
		{"overlapping sessions count once", Calendar{Morning: Session{7 * 60, 12 * 60}, Afternoon: Session{11 * 60, 17 * 60}}, vnAt(2023, 11, 7, 7, 0), ProcessingTime{WorkingDays, 10}, vnAt(2023, 11, 8, 9, 0)},
		{"out-of-range minutes are clamped", Calendar{Morning: Session{-100, 11*60 + 30}, Afternoon: Session{13*60 + 30, 5000}}, vnAt(2023, 11, 7, 23, 0), ProcessingTime{SameDay, 8}, vnAt(2023, 11, 8, 23, 59)},
		{"empty sessions fall back to the default hours", Calendar{Morning: Session{600, 500}}, vnAt(2023, 11, 7, 12, 0), ProcessingTime{WorkingDays, 8}, vnAt(2023, 11, 8, 13, 30)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cal.Appointment(tt.received, tt.pt); !got.Equal(tt.want) {
				t.Errorf("Appointment = %s, want %s", got.Format("Mon 2006-01-02 15:04"), tt.want.Format("Mon 2006-01-02 15:04"))
			}
		})
	}
}
