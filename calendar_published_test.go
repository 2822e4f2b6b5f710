package motcua

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// The published civil-service schedules, written out independently of the
// data file: every weekday off and every weekend working day, by year.
var publishedWant = map[int]struct{ off, makeUp []string }{
	2020: {off: []string{"01-01", "01-23", "01-24", "01-27", "01-28", "01-29", "04-02", "04-30", "05-01", "09-02"}},
	2021: {off: []string{"01-01", "02-10", "02-11", "02-12", "02-15", "02-16", "04-21", "04-30", "05-03", "09-02", "09-03"}},
	2022: {off: []string{"01-03", "01-31", "02-01", "02-02", "02-03", "02-04", "04-11", "05-02", "05-03", "09-01", "09-02"}},
	2023: {off: []string{"01-02", "01-20", "01-23", "01-24", "01-25", "01-26", "05-01", "05-02", "05-03", "09-01", "09-04"}},
	2024: {off: []string{"01-01", "02-08", "02-09", "02-12", "02-13", "02-14", "04-18", "04-29", "04-30", "05-01", "09-02", "09-03"}, makeUp: []string{"05-04"}},
	2025: {off: []string{"01-01", "01-27", "01-28", "01-29", "01-30", "01-31", "04-07", "04-30", "05-01", "05-02", "09-01", "09-02"}, makeUp: []string{"04-26"}},
	// 2/9/2026: no published schedule in the data yet; the computed 3/9.
	2026: {off: []string{"01-01", "01-02", "02-16", "02-17", "02-18", "02-19", "02-20", "04-27", "04-30", "05-01", "09-02", "09-03"}, makeUp: []string{"01-10"}},
}

func TestPublishedSchedulesByDefault(t *testing.T) {
	for year, want := range publishedWant {
		t.Run(fmt.Sprint(year), func(t *testing.T) {
			var off, makeUp []string
			for _, cal := range []Calendar{DefaultCalendar(), {}} {
				off, makeUp = nil, nil
				for d := vnDate(year, 1, 1); d.Year() == year; d = d.AddDate(0, 0, 1) {
					working := cal.IsWorkingDay(d)
					switch {
					case !isWeekend(d) && !working:
						off = append(off, d.Format("01-02"))
					case isWeekend(d) && working:
						makeUp = append(makeUp, d.Format("01-02"))
					}
				}
				if strings.Join(off, " ") != strings.Join(want.off, " ") {
					t.Errorf("weekdays off\n got %v\nwant %v", off, want.off)
				}
				if strings.Join(makeUp, " ") != strings.Join(want.makeUp, " ") {
					t.Errorf("weekend working days\n got %v\nwant %v", makeUp, want.makeUp)
				}
			}
		})
	}
}

func TestPublishedDaysNamed(t *testing.T) {
	days := PublishedDays()
	years := map[string]bool{}
	for _, d := range days {
		if d.Source == "" || d.Name == "" || d.NameEN == "" {
			t.Errorf("entry %+v has no source or name", d)
		}
		if e := d.validate(); e != nil {
			t.Errorf("entry %+v: %v", d, e)
		}
		years[d.Date[:4]] = true
	}
	for y := 2020; y <= 2026; y++ {
		if !years[fmt.Sprint(y)] {
			t.Errorf("no published entry for %d", y)
		}
	}
	// Callers get a copy.
	days[0].Name = "changed"
	if PublishedDays()[0].Name == "changed" {
		t.Error("PublishedDays returned the shared slice")
	}
}

// The cases the issue names, with no overrides.
func TestCalendarIssueCases(t *testing.T) {
	def := DefaultCalendar()
	for _, tt := range []struct {
		day  time.Time
		want bool
	}{
		{vnDate(2025, 1, 27), false},
		{vnDate(2025, 5, 2), false},
		{vnDate(2025, 2, 3), true},
		{vnDate(2025, 4, 26), true}, // a Saturday
		{vnDate(2026, 1, 2), false},
		{vnDate(2026, 1, 10), true}, // a Saturday
	} {
		if got := def.IsWorkingDay(tt.day); got != tt.want {
			t.Errorf("IsWorkingDay(%s) = %v, want %v", tt.day.Format("Mon 02/01/2006"), got, tt.want)
		}
	}
	got := def.Appointment(vnAt(2025, 1, 24, 14, 0), wd(1))
	if want := vnAt(2025, 2, 3, 14, 0); !got.Equal(want) {
		t.Errorf("one working day from Fri 24/01/2025 14:00 = %s, want Mon 03/02/2025 14:00", got.Format("Mon 02/01/2006 15:04"))
	}
}

func TestOverridesBeatPublished(t *testing.T) {
	// A server that knows better: 27/01/2025 worked, 03/02/2025 off.
	cal := withOverrides(
		CalendarDay{Date: "2025-01-27", Kind: DayWorkday, Name: "làm việc"},
		CalendarDay{Date: "2025-02-03", Kind: DayHoliday, Name: "nghỉ"},
	)
	if !cal.IsWorkingDay(vnDate(2025, 1, 27)) || cal.IsWorkingDay(vnDate(2025, 2, 3)) {
		t.Error("the server's overrides must win over the shipped schedule")
	}
	// A range of days off skips its weekends; a single date does not.
	cal = withOverrides(CalendarDay{Date: "2027-02-04", To: "2027-02-12", Kind: DayHoliday, Name: "Tết Đinh Mùi"})
	for d := vnDate(2027, 2, 4); !d.After(vnDate(2027, 2, 12)); d = d.AddDate(0, 0, 1) {
		if !isWeekend(d) && cal.IsWorkingDay(d) {
			t.Errorf("%s in the range is a working day", d.Format(time.DateOnly))
		}
	}
	sat := cal
	sat.SaturdayWorking = true
	if !sat.IsWorkingDay(vnDate(2027, 2, 13)) {
		t.Error("a range's Saturday must stay an office's working Saturday")
	}
}

// Years nobody published fall back to the computed rule: Tết on a weekend
// is made up before New Year's Eve, not after the break.
func TestComputedFallbackTet(t *testing.T) {
	def := DefaultCalendar()
	// 2027: mùng 1 Sat 6/2, Eve Fri 5/2; weekend mùng 1–2 → Thu 4/2 and Wed 10/2.
	for _, tt := range []struct {
		day  time.Time
		want bool
	}{
		{vnDate(2027, 2, 3), true},
		{vnDate(2027, 2, 4), false},
		{vnDate(2027, 2, 10), false},
		{vnDate(2027, 2, 11), true},
	} {
		if got := def.IsWorkingDay(tt.day); got != tt.want {
			t.Errorf("IsWorkingDay(%s) = %v, want %v", tt.day.Format("Mon 02/01/2006"), got, tt.want)
		}
	}
	// Every year 1900–2199 gets exactly five weekdays for Tết.
	for y := 1900; y <= 2199; y++ {
		n := 0
		for _, h := range Holidays(y) {
			if strings.HasPrefix(h.Name, "Tết Nguyên đán") && !isWeekend(h.Date) {
				n++
			}
		}
		if n != 5 {
			t.Fatalf("%d: %d weekdays for Tết, want 5", y, n)
		}
	}
}

func TestCalendarYear(t *testing.T) {
	days := DefaultCalendar().Year(2025)
	by := map[string]YearDay{}
	for i, d := range days {
		if i > 0 && d.Date <= days[i-1].Date {
			t.Fatalf("not sorted at %s", d.Date)
		}
		if d.Name == "" || d.NameEN == "" || d.Source == "" {
			t.Errorf("%s has no reason or source: %+v", d.Date, d)
		}
		by[d.Date] = d
	}
	for date, want := range map[string]DayKind{
		"2025-01-27": DayHoliday, "2025-05-02": DayHoliday, "2025-02-03": DayWorkday, "2025-04-26": DayWorkday,
		"2025-02-01": DayHoliday, // mùng 4, a Saturday: listed with its name
	} {
		if got, ok := by[date]; !ok || got.Kind != want {
			t.Errorf("Year(2025)[%s] = %+v, want kind %s", date, got, want)
		}
	}
	if by["2025-01-27"].Origin != "published" || !strings.Contains(by["2025-01-27"].Source, "8726/VPCP-KGVX") {
		t.Errorf("27/01/2025 = %+v", by["2025-01-27"])
	}
	if _, ok := by["2025-01-25"]; ok {
		t.Error("a plain Saturday inside the Tết break is not listed")
	}
	y27 := DefaultCalendar().Year(2027)
	if len(y27) == 0 || y27[0].Origin != "computed" || y27[0].Source != computedSource {
		t.Errorf("2027 = %+v", y27)
	}
	over := withOverrides(CalendarDay{Date: "2027-02-04", Kind: DayHoliday, Name: "x", Source: "TB 1/TB-BNV"})
	for _, d := range over.Year(2027) {
		if d.Date == "2027-02-04" && (d.Origin != "override" || d.Source != "TB 1/TB-BNV") {
			t.Errorf("override listed as %+v", d)
		}
	}
	if DefaultCalendar().Year(0) != nil || DefaultCalendar().Year(10000) != nil {
		t.Error("years out of range have no days")
	}
}

func TestParseCalendar(t *testing.T) {
	good := `{"morning":{"start":450,"end":690},"overrides":[{"date":"2027-02-04","to":"2027-02-12","kind":"holiday","name":"Tết","source":"TB"}]}`
	c, err := ParseCalendar([]byte(good))
	if err != nil || c.Morning.Start != 450 || len(c.Overrides) != 1 {
		t.Fatalf("ParseCalendar(good) = %+v, %v", c, err)
	}
	for _, tt := range []struct{ in, reason string }{
		{`{"overrides":[{"date":"04/02/2027","kind":"holiday"}]}`, "calendar_date"},
		{`{"overrides":[{"date":"2027-02-04","to":"2027-02-01","kind":"holiday"}]}`, "calendar_date"},
		{`{"overrides":[{"date":"2027-02-04","to":"2205-02-01","kind":"holiday"}]}`, "calendar_date"},
		{`{"overrides":[{"date":"2027-02-04","kind":"nghỉ"}]}`, "calendar_kind"},
		{`{"overides":[]}`, "calendar_json"},
		{`not json`, "calendar_json"},
	} {
		_, err := ParseCalendar([]byte(tt.in))
		if ErrorReason(err) != tt.reason || ErrorCode(err) != EINVALID {
			t.Errorf("ParseCalendar(%s) = %v, want %s", tt.in, err, tt.reason)
		}
	}
	// The shipped file is itself a valid import file.
	if _, err := ParseCalendar(publishedJSON); err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(publishedJSON, &raw); err != nil || raw["note"] == nil {
		t.Errorf("shipped calendar has no note: %v", err)
	}
}
