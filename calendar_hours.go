package motcua

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// OfficeHours is one unit's reception schedule: its sessions, whether it
// receives on Saturday morning, and its same-day cutoff. The server keeps it
// per unit (`motcua-server unit hours`) and sends it inside the calendar a
// unit's terminals pull, so the appointment is counted in that unit's hours.
type OfficeHours struct {
	Morning           Session `json:"morning"`
	Afternoon         Session `json:"afternoon"`
	SaturdayReception bool    `json:"saturday_reception"`
	SameDayCutoff     int     `json:"same_day_cutoff,omitempty"` // minutes since midnight; 0 keeps 15:00
}

// WithHours is c with a unit's hours in place of the shared ones; the days
// off and overrides stay.
func (c Calendar) WithHours(h OfficeHours) Calendar {
	c.Morning, c.Afternoon, c.SaturdayReception = h.Morning, h.Afternoon, h.SaturdayReception
	c.SameDayCutoff = h.SameDayCutoff
	return c
}

// Validate refuses hours the counter cannot keep: times out of the day,
// sessions that end before they start or overlap, no session at all.
func (h OfficeHours) Validate() error {
	for _, s := range []Session{h.Morning, h.Afternoon} {
		if s.Start < 0 || s.End > 24*60 || s.End < s.Start {
			return Errorf(EINVALID, "hours_session", "hours",
				"Buổi làm việc %s không hợp lệ: giờ bắt đầu phải trước giờ kết thúc, trong ngày.",
				"Session %s is not valid: it must start before it ends, within the day.", FormatSession(s))
		}
	}
	if h.Morning.End == h.Morning.Start && h.Afternoon.End == h.Afternoon.Start {
		return Errorf(EINVALID, "hours_empty", "hours", "Chưa có buổi làm việc nào.", "There is no session at all.")
	}
	if h.Morning.End > h.Morning.Start && h.Afternoon.End > h.Afternoon.Start && h.Afternoon.Start < h.Morning.End {
		return Errorf(EINVALID, "hours_overlap", "hours",
			"Buổi chiều (%s) phải bắt đầu sau khi buổi sáng (%s) kết thúc.",
			"The afternoon (%s) must start after the morning (%s) ends.", FormatSession(h.Afternoon), FormatSession(h.Morning))
	}
	if h.SameDayCutoff < 0 || h.SameDayCutoff > 24*60 {
		return Errorf(EINVALID, "hours_cutoff", "cutoff", "Giờ chốt nhận trong ngày không hợp lệ.", "The same-day cutoff is not a time of day.")
	}
	return nil
}

// ParseSession reads "07:00-11:30" (or "7h-11h30", "7:00–11:30"); "" and
// "-" are an empty session (no afternoon).
func ParseSession(s string) (Session, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, "–", "-"))
	if s == "" || s == "-" {
		return Session{}, nil
	}
	a, b, ok := strings.Cut(s, "-")
	start, err1 := parseClock(a)
	end, err2 := parseClock(b)
	if !ok || err1 != nil || err2 != nil || end <= start {
		return Session{}, Errorf(EINVALID, "hours_format", "hours",
			"Giờ làm việc %q không đúng dạng: gõ như 07:00-11:30.", "Office hours %q are malformed: type them as 07:00-11:30.", s)
	}
	return Session{Start: start, End: end}, nil
}

// ParseClock reads a time of day ("15:00", "15h", "15h30") as minutes.
func ParseClock(s string) (int, error) {
	m, err := parseClock(s)
	if err != nil {
		return 0, Errorf(EINVALID, "clock_format", "time", "Giờ %q không đúng dạng: gõ như 15:00.", "Time %q is malformed: type it as 15:00.", s)
	}
	return m, nil
}

func parseClock(s string) (int, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	h, m, _ := strings.Cut(strings.NewReplacer("h", ":", "g", ":").Replace(s), ":")
	hh, err := strconv.Atoi(h)
	if err != nil {
		return 0, err
	}
	mm := 0
	if m != "" {
		if mm, err = strconv.Atoi(m); err != nil {
			return 0, err
		}
	}
	if hh < 0 || hh > 24 || mm < 0 || mm > 59 || hh*60+mm > 24*60 {
		return 0, fmt.Errorf("out of range")
	}
	return hh*60 + mm, nil
}

// FormatSession prints "07:00–11:30".
func FormatSession(s Session) string {
	return fmt.Sprintf("%02d:%02d–%02d:%02d", s.Start/60, s.Start%60, s.End/60, s.End%60)
}

// receptionOpen reports whether the office takes dossiers at t: within a
// session on a working day, or within the morning of a reception Saturday.
func (c Calendar) receptionOpen(s *schedule, t time.Time) bool {
	m := minuteOf(t)
	if s.working(t) {
		for _, x := range s.sessions {
			if m >= x.Start && m < x.End {
				return true
			}
		}
		return false
	}
	if !c.IsReceptionDay(t) {
		return false
	}
	first := s.sessions[0] // a reception Saturday is a morning
	return m >= first.Start && m < first.End
}

// ReceptionNotice is the sentence a counter shows, asking the officer to
// confirm, when a dossier is received at t outside the unit's reception
// days or hours: what is wrong with t and from when the processing time is
// counted. ok is false (and the sentence empty) within reception hours.
func (c Calendar) ReceptionNotice(t time.Time, lang Lang) (sentence string, ok bool) {
	s := c.schedule()
	t = t.In(VNZone)
	if c.receptionOpen(s, t) {
		return "", false
	}
	start := s.nextOpening(t)
	var why string
	switch {
	case !c.IsReceptionDay(t):
		why = pickLang(lang, fmt.Sprintf("%s %s không phải ngày tiếp nhận hồ sơ.", weekdayVI[t.Weekday()], FormatDate(t)),
			fmt.Sprintf("%s %s is not a reception day.", t.Weekday(), FormatDate(t)))
	default:
		why = pickLang(lang, fmt.Sprintf("%s là ngoài giờ tiếp nhận (%s).", t.Format("15:04"), c.hoursText(s)),
			fmt.Sprintf("%s is outside reception hours (%s).", t.Format("15:04"), c.hoursText(s)))
	}
	from := pickLang(lang,
		fmt.Sprintf(" Thời hạn giải quyết được tính từ %s, %s.", FormatWhen(start, VI), strings.ToLower(weekdayVI[start.Weekday()][:1])+weekdayVI[start.Weekday()][1:]),
		fmt.Sprintf(" The processing time is counted from %s (%s).", FormatWhen(start, EN), start.Weekday()))
	return why + from, true
}

func (c Calendar) hoursText(s *schedule) string {
	parts := make([]string, 0, len(s.sessions))
	for _, x := range s.sessions {
		parts = append(parts, FormatSession(x))
	}
	return strings.Join(parts, ", ")
}

var weekdayVI = [7]string{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}

func pickLang(l Lang, vi, en string) string {
	if l == EN {
		return en
	}
	return vi
}

// FormatAppointment prints an appointment for this office. An appointment
// at the end of a session (a same-day dossier is due at closing) would read
// "Sau 17 giờ 00 phút", after the doors shut: it prints "Trước 17 giờ 00
// phút, ngày …" instead. Otherwise "Sau 9 giờ 00 phút, ngày 03/11/2023".
func (c Calendar) FormatAppointment(t time.Time, lang Lang) string {
	if t.IsZero() {
		return ""
	}
	s := c.schedule()
	m := minuteOf(t)
	for _, x := range s.sessions {
		if m == x.End {
			v := t.In(VNZone)
			if lang == EN {
				return "By " + FormatWhen(v, EN)
			}
			return "Trước " + FormatWhen(v, VI)
		}
	}
	return formatAfter(t, lang)
}
