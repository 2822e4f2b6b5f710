package motcua

import (
	"fmt"
	"time"
)

// The programs' date rule (docs/CLI.md, "Dates and times"): people read
// dd/mm/yyyy and dd/mm/yyyy HH:MM (24-hour) in Vietnam time, in both
// languages, as Vietnamese forms write dates; JSON carries RFC 3339 at
// +07:00 (FormatInstant) or a bare date as yyyy-mm-dd. The printed forms
// keep their own wording ("9 giờ 32 phút, ngày 27/10/2023": FormatWhen).

// FormatDate prints a date as on Vietnamese forms: dd/mm/yyyy, in Vietnam.
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(VNZone).Format("02/01/2006")
}

// FormatDateTime prints "27/10/2023 09:32" in Vietnam.
func FormatDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(VNZone).Format("02/01/2006 15:04")
}

// FormatInstant prints an instant for JSON: RFC 3339 in Vietnam,
// "2023-10-27T09:32:00+07:00"; "" for the zero time. (Outputs that encode a
// time.Time get the same through cli.NewJSONEncoder.)
func FormatInstant(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(VNZone).Format(time.RFC3339)
}

// FormatWhen prints an instant the way the receipt does:
// "9 giờ 32 phút, ngày 27/10/2023" (English: "09:32 on 27/10/2023").
func FormatWhen(t time.Time, lang Lang) string {
	if t.IsZero() {
		return ""
	}
	v := t.In(VNZone)
	if lang == EN {
		return v.Format("15:04 on 02/01/2006")
	}
	return fmt.Sprintf("%d giờ %02d phút, ngày %s", v.Hour(), v.Minute(), v.Format("02/01/2006"))
}

// FormatAppointment prints the appointment as the receipt does:
// "Sau 9 giờ 00 phút, ngày 03/11/2023", or "Trước 17 giờ 00 phút, ngày …"
// when it falls at the end of a session of the usual hours (see
// Calendar.FormatAppointment, which knows a unit's own hours).
func FormatAppointment(t time.Time, lang Lang) string {
	return DefaultCalendar().FormatAppointment(t, lang)
}

// formatAfter is "Sau <when>".
func formatAfter(t time.Time, lang Lang) string {
	if t.IsZero() {
		return ""
	}
	if lang == EN {
		return "After " + FormatWhen(t, lang)
	}
	return "Sau " + FormatWhen(t, lang)
}

// FormatDOB turns a stored yyyy-mm-dd into dd/mm/yyyy.
func FormatDOB(s string) string {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return s
	}
	return t.Format("02/01/2006")
}

// Label names a timeliness as the national reports do.
func (t Timeliness) Label(lang Lang) string {
	vi := map[Timeliness]string{TimelinessEarly: "Trước hạn", TimelinessOnTime: "Đúng hạn", TimelinessLate: "Quá hạn"}
	en := map[Timeliness]string{TimelinessEarly: "Early", TimelinessOnTime: "On time", TimelinessLate: "Late"}
	if lang == EN {
		return en[t]
	}
	return vi[t]
}
