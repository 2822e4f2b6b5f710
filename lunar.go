package motcua

import (
	"math"
	"time"
)

// VNZone is Vietnam's civil time, UTC+7. A fixed zone rather than
// time.LoadLocation("Asia/Ho_Chi_Minh") because the IANA database may be
// missing on Windows officers' machines, and Vietnam has kept +7 without
// daylight saving since 1975, so the two agree over every date we handle.
var VNZone = time.FixedZone("ICT", 7*3600)

// The lunar calendar below is Hồ Ngọc Đức's algorithm (the one Vietnamese
// calendars are printed from): a month starts on the day, in UTC+7, of a new
// moon; month 11 is the month holding the winter solstice; in a 13-month year
// the leap month is the first one without a major solar term. The astronomy
// (Meeus, Astronomical Algorithms) is accurate for 1900–2199. Outside that
// range the same formulas are extrapolated, so dates stay self-consistent but
// may drift from what an almanac would print; years outside 1–9999 get no
// lunar date at all (see LunarToSolar and SolarToLunar).
const (
	lunarMinYear = 1
	lunarMaxYear = 9999

	vnTimeZone = 7.0 // hours east of UTC, the meridian Vietnam's calendar uses since 1968

	// jdnUnixEpoch is the Julian day number of 1970-01-01.
	jdnUnixEpoch = 2440588
	// newMoonEpoch is the Julian date of the new moon of 1900-01-01 13:52 UT,
	// the k = 0 of newMoon; synodicMonth is the mean lunation in days.
	newMoonEpoch = 2415021.076998695
	synodicMonth = 29.530588853
)

// jdn returns the Julian day number of a proleptic Gregorian date. It goes
// through package time rather than the usual Julian/Gregorian switch formula
// so that every date round-trips through time.Time identically.
func jdn(year, month, day int) int {
	return int(time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC).Unix()/86400) + jdnUnixEpoch
}

// jdnDate is the midnight, in VNZone, of a Julian day number.
func jdnDate(j int) time.Time {
	return time.Date(1970, 1, 1+(j-jdnUnixEpoch), 0, 0, 0, 0, VNZone)
}

// newMoon returns the Julian date (UT) of the k-th new moon after newMoonEpoch.
func newMoon(k int) float64 {
	kf := float64(k)
	t := kf / 1236.85 // Julian centuries since 1900-01-01
	t2 := t * t
	t3 := t2 * t
	const dr = math.Pi / 180
	jd1 := 2415020.75933 + 29.53058868*kf + 0.0001178*t2 - 0.000000155*t3
	jd1 += 0.00033 * math.Sin((166.56+132.87*t-0.009173*t2)*dr)
	m := 359.2242 + 29.10535608*kf - 0.0000333*t2 - 0.00000347*t3    // sun's mean anomaly
	mpr := 306.0253 + 385.81691806*kf + 0.0107306*t2 + 0.00001236*t3 // moon's mean anomaly
	f := 21.2964 + 390.67050646*kf - 0.0016528*t2 - 0.00000239*t3    // moon's argument of latitude
	c1 := (0.1734-0.000393*t)*math.Sin(m*dr) + 0.0021*math.Sin(2*dr*m)
	c1 -= 0.4068*math.Sin(mpr*dr) - 0.0161*math.Sin(dr*2*mpr)
	c1 -= 0.0004 * math.Sin(dr*3*mpr)
	c1 += 0.0104*math.Sin(dr*2*f) - 0.0051*math.Sin(dr*(m+mpr))
	c1 -= 0.0074*math.Sin(dr*(m-mpr)) - 0.0004*math.Sin(dr*(2*f+m))
	c1 -= 0.0004*math.Sin(dr*(2*f-m)) + 0.0006*math.Sin(dr*(2*f+mpr))
	c1 += 0.0010*math.Sin(dr*(2*f-mpr)) + 0.0005*math.Sin(dr*(2*mpr+m))
	// ΔT turns dynamical time into universal time; the two polynomials are
	// the algorithm's fits before and after about 1800.
	var deltaT float64
	if t < -11 {
		deltaT = 0.001 + 0.000839*t + 0.0002261*t2 - 0.00000845*t3 - 0.000000081*t*t3
	} else {
		deltaT = -0.000278 + 0.000265*t + 0.000262*t2
	}
	return jd1 + c1 - deltaT
}

// newMoonDay is the Julian day number, in UTC+7, of the k-th new moon: the
// first day of a lunar month.
func newMoonDay(k int) int {
	return int(math.Floor(newMoon(k) + 0.5 + vnTimeZone/24))
}

// sunLongitude returns the sun's apparent longitude, in radians within
// [0, 2π), at Julian date jd (UT).
func sunLongitude(jd float64) float64 {
	t := (jd - 2451545.0) / 36525 // Julian centuries since J2000
	t2 := t * t
	const dr = math.Pi / 180
	m := 357.52910 + 35999.05030*t - 0.0001559*t2 - 0.00000048*t*t2 // mean anomaly
	l0 := 280.46645 + 36000.76983*t + 0.0003032*t2                  // mean longitude
	dl := (1.914600-0.004817*t-0.000014*t2)*math.Sin(dr*m) +
		(0.019993-0.000101*t)*math.Sin(dr*2*m) + 0.000290*math.Sin(dr*3*m)
	l := (l0 + dl) * dr
	return l - 2*math.Pi*math.Floor(l/(2*math.Pi))
}

// sunSector is the major solar term (0–11, 30° each, 0 = spring equinox)
// the sun is in at the start of day j in UTC+7.
func sunSector(j int) int {
	return int(math.Floor(sunLongitude(float64(j)-0.5-vnTimeZone/24) / math.Pi * 6))
}

// month11 returns the first day (Julian day number) of the lunar month that
// holds the winter solstice of the given Gregorian year.
func month11(year int) int {
	off := jdn(year, 12, 31) - 2415021
	k := int(math.Floor(float64(off) / synodicMonth))
	nm := newMoonDay(k)
	// The new moon before 31/12 may already be past the solstice (sector 9 =
	// 270°); then month 11 is the one before it.
	if sunSector(nm) >= 9 {
		nm = newMoonDay(k - 1)
	}
	return nm
}

// leapMonthOffset counts months from a month 11 (starting on a11) to the
// leap month of a 13-month year: the first month whose start and the next
// month's start fall in the same solar term, i.e. a month without a major term.
func leapMonthOffset(a11 int) int {
	k := int(math.Floor((float64(a11)-newMoonEpoch)/synodicMonth + 0.5))
	i := 1
	arc := sunSector(newMoonDay(k + i))
	for {
		last := arc
		i++
		arc = sunSector(newMoonDay(k + i))
		if arc == last || i >= 14 {
			break
		}
	}
	return i - 1
}

// SolarToLunar returns the Vietnamese lunar date of t's calendar day in
// VNZone. leap reports a leap month (tháng nhuận). For a t whose year in
// VNZone is outside 1–9999 it returns all zeros: there is no meaningful
// lunar date to give, and zero day is never a real one.
func SolarToLunar(t time.Time) (day, month, year int, leap bool) {
	t = t.In(VNZone)
	yy, mm, dd := t.Date()
	if yy < lunarMinYear || yy > lunarMaxYear {
		return 0, 0, 0, false
	}
	dayNumber := jdn(yy, int(mm), dd)
	// The mean lunation only estimates which new moon starts the month: the
	// true one can be late enough (2054-05-07) that even new moon k falls after
	// dayNumber, where the published code would answer day 0. Step back until
	// the month has started.
	k := int(math.Floor((float64(dayNumber)-newMoonEpoch)/synodicMonth)) + 1
	monthStart := newMoonDay(k)
	for monthStart > dayNumber {
		k--
		monthStart = newMoonDay(k)
	}
	a11 := month11(yy)
	b11 := a11
	if a11 >= monthStart {
		year = yy
		a11 = month11(yy - 1)
	} else {
		year = yy + 1
		b11 = month11(yy + 1)
	}
	day = dayNumber - monthStart + 1
	diff := (monthStart - a11) / 29 // whole months since month 11
	month = diff + 11
	if b11-a11 > 365 { // 13 lunations between two solstice months
		leapDiff := leapMonthOffset(a11)
		if diff >= leapDiff {
			month = diff + 10
			leap = diff == leapDiff
		}
	}
	if month > 12 {
		month -= 12
	}
	if month >= 11 && diff < 4 {
		year--
	}
	return day, month, year, leap
}

// LunarToSolar returns the midnight, in VNZone, of a Vietnamese lunar date.
// It never fails, so callers can ask for "the last day of month 12" or a
// leap month without checking first:
//   - a day past the end of the month (30 in a 29-day month) gives the
//     month's last day, and a day below 1 gives its first day;
//   - month is clamped to 1–12;
//   - leap for a month that is not leap that year gives the ordinary month;
//   - a year outside 1–9999 gives the zero time.Time.
func LunarToSolar(day, month, year int, leap bool) time.Time {
	if year < lunarMinYear || year > lunarMaxYear {
		return time.Time{}
	}
	month = min(max(month, 1), 12)
	var a11, b11 int
	if month < 11 {
		a11 = month11(year - 1)
		b11 = month11(year)
	} else {
		a11 = month11(year)
		b11 = month11(year + 1)
	}
	off := month - 11
	if off < 0 {
		off += 12
	}
	if b11-a11 > 365 {
		leapOff := leapMonthOffset(a11)
		leapMonth := leapOff - 2
		if leapMonth < 0 {
			leapMonth += 12
		}
		if (leap && month == leapMonth) || off >= leapOff {
			off++
		}
	}
	k := int(math.Floor(0.5 + (float64(a11)-newMoonEpoch)/synodicMonth))
	start := newMoonDay(k + off)
	length := newMoonDay(k+off+1) - start
	day = min(max(day, 1), length)
	return jdnDate(start + day - 1)
}
