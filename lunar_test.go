package motcua

import (
	"testing"
	"time"
)

func vnDate(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, VNZone) }

func TestLunarKnownDates(t *testing.T) {
	tests := []struct {
		name             string
		day, month, year int
		leap             bool
		solar            time.Time
	}{
		{"Tết 2024", 1, 1, 2024, false, vnDate(2024, 2, 10)},
		{"Tết 2025", 1, 1, 2025, false, vnDate(2025, 1, 29)},
		{"Tết 2026", 1, 1, 2026, false, vnDate(2026, 2, 17)},
		{"Tết 2027", 1, 1, 2027, false, vnDate(2027, 2, 6)},
		{"Tết 2023", 1, 1, 2023, false, vnDate(2023, 1, 22)},
		{"Tết 2020", 1, 1, 2020, false, vnDate(2020, 1, 25)},
		// UTC+7 puts these new moons a day (1985: a month) away from the
		// Chinese calendar: they tell a +7 implementation from a +8 one.
		{"Tết 1985 (Vietnam, not China's 20/2)", 1, 1, 1985, false, vnDate(1985, 1, 21)},
		{"Tết 2007 (Vietnam, not China's 18/2)", 1, 1, 2007, false, vnDate(2007, 2, 17)},
		{"leap 8th month 1995 (China: 25/9)", 1, 8, 1995, true, vnDate(1995, 9, 24)},
		{"Giỗ Tổ 2024", 10, 3, 2024, false, vnDate(2024, 4, 18)},
		{"Giỗ Tổ 2025", 10, 3, 2025, false, vnDate(2025, 4, 7)},
		{"Giỗ Tổ 2026", 10, 3, 2026, false, vnDate(2026, 4, 26)},
		{"Giỗ Tổ 2027", 10, 3, 2027, false, vnDate(2027, 4, 16)},
		{"Giỗ Tổ 2023 (after the leap 2nd month)", 10, 3, 2023, false, vnDate(2023, 4, 29)},
		{"leap 2nd month 2023", 1, 2, 2023, true, vnDate(2023, 3, 22)},
		{"ordinary 2nd month 2023", 1, 2, 2023, false, vnDate(2023, 2, 20)},
		{"leap 4th month 2020", 1, 4, 2020, true, vnDate(2020, 5, 23)},
		{"ordinary 4th month 2020", 1, 4, 2020, false, vnDate(2020, 4, 23)},
		{"leap 6th month 2025", 1, 6, 2025, true, vnDate(2025, 7, 25)},
		{"last day of Ất Tỵ", 29, 12, 2025, false, vnDate(2026, 2, 16)},
		{"first day of the range", 1, 12, 1899, false, vnDate(1900, 1, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := LunarToSolar(tt.day, tt.month, tt.year, tt.leap)
			if !got.Equal(tt.solar) {
				t.Errorf("LunarToSolar(%d, %d, %d, %v) = %s, want %s", tt.day, tt.month, tt.year, tt.leap, got.Format(time.DateOnly), tt.solar.Format(time.DateOnly))
			}
			d, m, y, l := SolarToLunar(tt.solar)
			if d != tt.day || m != tt.month || y != tt.year || l != tt.leap {
				t.Errorf("SolarToLunar(%s) = %d/%d/%d leap=%v, want %d/%d/%d leap=%v", tt.solar.Format(time.DateOnly), d, m, y, l, tt.day, tt.month, tt.year, tt.leap)
			}
		})
	}
}

// leapMonthOf finds a year's leap month through the public API: the month
// whose leap variant round-trips as leap.
func leapMonthOf(year int) int {
	for m := 1; m <= 12; m++ {
		if d, mm, y, l := SolarToLunar(LunarToSolar(1, m, year, true)); l && d == 1 && mm == m && y == year {
			return m
		}
	}
	return 0
}

func TestLunarLeapMonths(t *testing.T) {
	tests := []struct{ year, leap int }{
		{2012, 4}, {2014, 9}, {2017, 6}, {2020, 4}, {2023, 2}, {2025, 6}, {2028, 5}, {2031, 3},
		{2033, 11}, // the "2033 problem": leap 11th month
		{2024, 0}, {2026, 0}, {2027, 0},
	}
	for _, tt := range tests {
		if got := leapMonthOf(tt.year); got != tt.leap {
			t.Errorf("leap month of %d = %d, want %d", tt.year, got, tt.leap)
		}
	}
}

func TestLunarRoundTripEveryMonth1900To2199(t *testing.T) {
	prev := time.Time{}
	for y := 1900; y <= 2199; y++ {
		leap := leapMonthOf(y)
		years13 := 0
		for m := 1; m <= 12; m++ {
			for _, l := range []bool{false, true} {
				if l && m != leap {
					continue
				}
				years13++
				s := LunarToSolar(1, m, y, l)
				d, mm, yy, ll := SolarToLunar(s)
				if d != 1 || mm != m || yy != y || ll != l {
					t.Fatalf("SolarToLunar(LunarToSolar(1/%d/%d leap=%v) = %s) = %d/%d/%d leap=%v", m, y, l, s.Format(time.DateOnly), d, mm, yy, ll)
				}
				if !prev.IsZero() {
					if n := int(s.Sub(prev).Hours() / 24); n != 29 && n != 30 {
						t.Fatalf("month 1/%d/%d leap=%v starts %d days after the previous one", m, y, l, n)
					}
				}
				prev = s
			}
		}
		if leap != 0 && years13 != 13 {
			t.Fatalf("%d: %d months", y, years13)
		}
	}
}

func TestLunarRoundTripEveryDay1900To2199(t *testing.T) {
	if testing.Short() {
		t.Skip("walks 110,000 days")
	}
	pd, pm, py, pl := SolarToLunar(vnDate(1899, 12, 31))
	for d := vnDate(1900, 1, 1); d.Year() < 2200; d = d.AddDate(0, 0, 1) {
		ld, lm, ly, ll := SolarToLunar(d)
		next := ld == pd+1 && lm == pm && ly == py && ll == pl
		newMonth := ld == 1 && (pd == 29 || pd == 30) &&
			((ll && lm == pm && ly == py && !pl) || // into the leap month
				(!ll && lm == pm%12+1 && ly == py+pm/12)) // into the next month
		if !next && !newMonth {
			t.Fatalf("%s: %d/%d/%d leap=%v after %d/%d/%d leap=%v", d.Format(time.DateOnly), ld, lm, ly, ll, pd, pm, py, pl)
		}
		if back := LunarToSolar(ld, lm, ly, ll); !back.Equal(d) {
			t.Fatalf("%s → %d/%d/%d leap=%v → %s", d.Format(time.DateOnly), ld, lm, ly, ll, back.Format(time.DateOnly))
		}
		pd, pm, py, pl = ld, lm, ly, ll
	}
}

func TestLunarZoneAndEdges(t *testing.T) {
	// 17:30 UTC on 9/2/2024 is 00:30 on 10/2 in Vietnam: mùng 1 Tết.
	if d, m, y, l := SolarToLunar(time.Date(2024, 2, 9, 17, 30, 0, 0, time.UTC)); d != 1 || m != 1 || y != 2024 || l {
		t.Errorf("SolarToLunar(2024-02-09T17:30Z) = %d/%d/%d %v, want 1/1/2024", d, m, y, l)
	}
	if got := LunarToSolar(1, 1, 2026, false); got.Location() != VNZone || got.Hour() != 0 {
		t.Errorf("LunarToSolar not at midnight VNZone: %s", got)
	}
	tests := []struct {
		name             string
		day, month, year int
		leap             bool
		want             time.Time
	}{
		{"day 30 of a 29-day month gives its last day", 30, 12, 2025, false, vnDate(2026, 2, 16)},
		{"day 0 gives the first day", 0, 1, 2026, false, vnDate(2026, 2, 17)},
		{"leap flag on a non-leap month is ignored", 1, 3, 2023, true, LunarToSolar(1, 3, 2023, false)},
		{"month 13 is clamped to 12", 1, 13, 2025, false, LunarToSolar(1, 12, 2025, false)},
		{"month 0 is clamped to 1", 1, 0, 2026, false, vnDate(2026, 2, 17)},
		{"year 0 has no date", 1, 1, 0, false, time.Time{}},
		{"year 10000 has no date", 1, 1, 10000, false, time.Time{}},
		{"huge year has no date", 1, 1, 1 << 40, false, time.Time{}},
		{"negative year has no date", 1, 1, -1 << 40, false, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LunarToSolar(tt.day, tt.month, tt.year, tt.leap); !got.Equal(tt.want) {
				t.Errorf("LunarToSolar(%d, %d, %d, %v) = %s, want %s", tt.day, tt.month, tt.year, tt.leap, got, tt.want)
			}
		})
	}
	for _, tm := range []time.Time{{}, time.Date(-3000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(10000, 1, 1, 0, 0, 0, 0, VNZone), time.Date(1<<40, 1, 1, 0, 0, 0, 0, time.UTC)} {
		d, m, y, _ := SolarToLunar(tm) // must not panic
		if (tm.Year() < 1 || tm.Year() > 9999) && (d != 0 || m != 0 || y != 0) {
			t.Errorf("SolarToLunar(%s) = %d/%d/%d, want zeros", tm, d, m, y)
		}
	}
	// Extrapolated years still convert consistently.
	for _, y := range []int{1, 1000, 1582, 1800, 2200, 3000, 9998} {
		s := LunarToSolar(1, 1, y, false)
		if d, m, yy, l := SolarToLunar(s); d != 1 || m != 1 || yy != y || l {
			t.Errorf("year %d: Tết %s converts back to %d/%d/%d %v", y, s.Format(time.DateOnly), d, m, yy, l)
		}
	}
}
