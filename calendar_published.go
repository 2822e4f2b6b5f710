package motcua

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"time"
)

// publishedJSON is the civil-service schedule the Government published for
// each year (swapped days, make-up Saturdays), with the document each entry
// comes from. It is a calendar file like the ones `motcua calendar import`
// and `motcua-server calendar import` read; only its overrides are used.
//
//go:embed catalog/calendar.json
var publishedJSON []byte

// maxRangeDays bounds a CalendarDay range, so that a typo in a year ("to":
// "2205-…") cannot make a calendar expand into millions of days.
const maxRangeDays = 366

var loadPublished = sync.OnceValues(func() (Calendar, error) {
	return ParseCalendar(publishedJSON)
})

// PublishedDays returns the shipped schedule's entries, as written in the
// data file (ranges not expanded). A file that fails to decode yields nil
// (the tests guard against that).
func PublishedDays() []CalendarDay {
	c, err := loadPublished()
	if err != nil {
		return nil
	}
	return append([]CalendarDay(nil), c.Overrides...)
}

var shippedDays = sync.OnceValue(func() map[int]CalendarDay {
	return expandDays(PublishedDays())
})

// ParseCalendar reads a calendar file (the format of `calendar import` on
// the terminal and on the server) and checks every entry, so that a file
// with a typo is refused as a whole instead of silently losing a day off.
func ParseCalendar(b []byte) (Calendar, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var c Calendar
	if err := dec.Decode(&c); err != nil {
		return Calendar{}, Errorf(EINVALID, "calendar_json", "",
			"Tệp lịch không đọc được (%v). Tệp phải là JSON như catalog/calendar.json.",
			"The calendar file cannot be read (%v). It must be JSON like catalog/calendar.json.", err)
	}
	for i, o := range c.Overrides {
		if e := o.validate(); e != nil {
			e.VI = "Dòng " + strconv.Itoa(i+1) + ": " + e.VI
			e.EN = "Entry " + strconv.Itoa(i+1) + ": " + e.EN
			return Calendar{}, e
		}
	}
	return c, nil
}

// validate reports why an entry cannot mean any day.
func (o CalendarDay) validate() *Error {
	if _, _, ok := o.span(); !ok {
		return Errorf(EINVALID, "calendar_date", "date",
			"ngày %q không đúng dạng năm-tháng-ngày (ví dụ 2027-02-05), hoặc “to” trước “date”, hoặc khoảng dài quá một năm.",
			"date %q is not year-month-day (e.g. 2027-02-05), or “to” is before “date”, or the range is longer than a year.", o.Date)
	}
	if o.Kind != DayHoliday && o.Kind != DayWorkday {
		return Errorf(EINVALID, "calendar_kind", "kind",
			"loại ngày %q không có: dùng “holiday” (nghỉ) hoặc “workday” (làm việc).",
			"day kind %q does not exist: use “holiday” or “workday”.", o.Kind)
	}
	return nil
}

// span is the entry's first and last date; ok is false when a date is
// malformed, the range runs backwards or is longer than maxRangeDays.
func (o CalendarDay) span() (from, to time.Time, ok bool) {
	from, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(o.Date), VNZone)
	if err != nil {
		return from, to, false
	}
	to = from
	if strings.TrimSpace(o.To) != "" {
		if to, err = time.ParseInLocation(time.DateOnly, strings.TrimSpace(o.To), VNZone); err != nil {
			return from, to, false
		}
	}
	if to.Before(from) || to.Sub(from) > maxRangeDays*24*time.Hour {
		return from, to, false
	}
	return from, to, true
}

// expandDays indexes entries by civil date, the last entry for a date
// winning. Malformed entries and unknown kinds are skipped: they cannot mean
// any day (ParseCalendar refuses them at import; this guards older data).
func expandDays(days []CalendarDay) map[int]CalendarDay {
	out := make(map[int]CalendarDay, len(days))
	for _, o := range days {
		from, to, ok := o.span()
		if !ok || (o.Kind != DayHoliday && o.Kind != DayWorkday) {
			continue
		}
		ranged := !to.Equal(from)
		for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
			if ranged && o.Kind == DayHoliday && isWeekend(d) {
				continue
			}
			e := o
			e.Date, e.To = d.Format(time.DateOnly), ""
			out[civil(d)] = e
		}
	}
	return out
}

// YearDay is one date of a year's schedule as `motcua calendar` lists it.
type YearDay struct {
	Date    string  `json:"date"` // yyyy-mm-dd
	Weekday string  `json:"weekday"`
	Kind    DayKind `json:"kind"` // what the date is in the end: holiday (day off) or workday
	Name    string  `json:"name"`
	NameEN  string  `json:"name_en"`
	Source  string  `json:"source"`
	// Origin says which layer decided: "override" (the server's calendar or
	// an imported file), "published" (shipped with motcua) or "computed"
	// (the Labour Code's rule, for a year not published).
	Origin string `json:"origin"`
}

// Computed days name the rule they come from: alone in a year nobody
// published, or beside the published days (a statutory day on a weekend).
const (
	computedSource  = "Bộ luật Lao động 2019, Điều 111–112 (tính theo quy tắc; chưa có lịch công bố)"
	statutorySource = "Bộ luật Lao động, Điều 112"
)

// publishedYears are the years the shipped schedule covers.
var publishedYears = sync.OnceValue(func() map[int]bool {
	out := map[int]bool{}
	for k := range shippedDays() {
		out[k/10000] = true
	}
	return out
})

// Year lists the named days of a year under c: every day off that is not a
// plain weekend, every statutory day on a weekend, and every date a
// published schedule or an override names as a working day (make-up
// Saturdays, a computed day off the Government moved). Sorted by date.
func (c Calendar) Year(year int) []YearDay {
	if year < lunarMinYear || year > lunarMaxYear {
		return nil
	}
	s := c.schedule()
	names := map[int]Holiday{}
	for _, h := range holidaysOf(year) {
		names[civil(h.Date)] = h
	}
	var out []YearDay
	for d := time.Date(year, 1, 1, 0, 0, 0, 0, VNZone); d.Year() == year; d = d.AddDate(0, 0, 1) {
		k := civil(d)
		e, ok := s.entry(k, year)
		if !ok {
			continue
		}
		yd := YearDay{Date: d.Format(time.DateOnly), Weekday: d.Weekday().String(), Kind: DayHoliday, Name: e.Name, NameEN: e.NameEN, Source: e.Source}
		if s.working(d) {
			yd.Kind = DayWorkday
		}
		switch {
		case s.overrides != nil && hasKey(s.overrides, k):
			yd.Origin = "override"
		case hasKey(shippedDays(), k):
			yd.Origin = "published"
		default:
			yd.Origin = "computed"
		}
		if h, ok := names[k]; ok && (yd.Name == "" || yd.Origin == "computed") {
			yd.Name, yd.NameEN = h.Name, h.NameEN
		}
		if yd.Source == "" && yd.Origin == "computed" {
			yd.Source = computedSource
			if publishedYears()[year] {
				yd.Source = statutorySource
			}
		}
		if yd.NameEN == "" {
			yd.NameEN = yd.Name
		}
		out = append(out, yd)
	}
	return out
}

func hasKey(m map[int]CalendarDay, k int) bool {
	_, ok := m[k]
	return ok
}
