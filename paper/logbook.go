package paper

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/motcua/motcua"
)

// LogEntry is one line of the logbook (Mẫu 06, Sổ theo dõi hồ sơ), typed:
// dates stay times and counts stay numbers until a page or a sheet cell
// formats them.
type LogEntry struct {
	Code          string
	Summary       string
	Sets          int
	Applicant     string
	Address       string
	Phone         string
	ProcedureCode string
	ProcedureName string
	Received      time.Time
	Appointment   time.Time
	Returned      time.Time // zero until the result or the file went back
	Officer       string
	Status        motcua.Status
	Channel       motcua.Channel
	Timeliness    string // "Trước hạn", "Đúng hạn", "Quá hạn", or "" while on time
	Logbook       string
	Fee           int64
}

// NewLogEntry reads a dossier into a logbook line; now and cal judge
// whether an open dossier is overdue.
func NewLogEntry(d motcua.Dossier, lang motcua.Lang, cal motcua.Calendar, now time.Time) LogEntry {
	e := LogEntry{Code: d.Code, Summary: clean(d.Summary), Sets: 1, Applicant: clean(d.Applicant.Name),
		Address: clean(d.Applicant.Address), Phone: clean(d.Applicant.Phone), ProcedureCode: clean(d.ProcedureCode),
		ProcedureName: clean(d.ProcedureName), Received: d.ReceivedAt, Appointment: d.Appointment, Officer: clean(d.Officer),
		Status: d.Status, Channel: d.Channel, Logbook: clean(d.Logbook), Fee: d.FeeTotal()}
	if d.Outcome != nil {
		e.Returned = d.Outcome.ReturnedAt
	}
	switch {
	case !d.CompletedAt.IsZero():
		e.Timeliness = motcua.TimelinessOf(d.CompletedAt, d.Appointment).Label(lang)
	case motcua.DueOf(d, now, cal) == motcua.DueOverdue:
		e.Timeliness = motcua.TimelinessLate.Label(lang)
	}
	return e
}

// Period is a report's or a logbook's range of reception dates, inclusive.
type Period struct{ From, To time.Time }

// ParsePeriod reads a period from two dd/mm/yyyy flags (--from, --to),
// either of which may be empty unless required; --to before --from is bad
// input. The terminal's export, print and report and the server's report
// all read their period through it.
func ParsePeriod(from, to string, required bool) (Period, error) {
	var p Period
	var err error
	if required && (from == "" || to == "") {
		return p, motcua.Errorf(motcua.EINVALID, "period", "from", "Cần cả --from và --to (dd/mm/yyyy).", "Both --from and --to are needed (dd/mm/yyyy).")
	}
	if from != "" {
		if p.From, err = motcua.ParseDate(from); err != nil {
			return p, err
		}
	}
	if to != "" {
		if p.To, err = motcua.ParseDate(to); err != nil {
			return p, err
		}
	}
	if !p.From.IsZero() && !p.To.IsZero() && p.To.Before(p.From) {
		return p, motcua.Errorf(motcua.EINVALID, "range", "to", "--to phải sau --from.", "--to must not be before --from.")
	}
	return p, nil
}

func (p Period) text(lang motcua.Lang) string {
	from, to := motcua.FormatDate(p.From), motcua.FormatDate(p.To)
	switch {
	case from == "" && to == "":
		return s0(Options{Lang: lang}, "Tất cả hồ sơ", "All dossiers")
	case from == "":
		return s0(Options{Lang: lang}, "Đến ngày ", "Up to ") + to
	case to == "":
		return s0(Options{Lang: lang}, "Từ ngày ", "From ") + from
	}
	return fmt.Sprintf(s0(Options{Lang: lang}, "Từ ngày %s đến ngày %s", "From %s to %s"), from, to)
}

// LogbookPDF writes Mẫu 06 for a period on A4 landscape: a title page
// head, then the table, its header row repeated on every page, and each
// page numbered "page n of N".
func LogbookPDF(w io.Writer, entries []LogEntry, p Period, iss Issuer, o Options) error {
	s := newSheet("L", "A4", o)
	s.x, s.w = 10, 277
	s.footer = func(page, pages int) {
		s.SetY(200)
		s.font("I", 8)
		s.SetX(s.x)
		s.cell(s.w, 5, fmt.Sprintf(s.t("%s · Sổ theo dõi hồ sơ · %s · Trang %d/%d", "%s · Logbook · %s · Page %d of %d"),
			clean(iss.UnitName), p.text(s.lang), page, pages), 0, "C")
	}
	s.AddPage()
	s.SetY(s.nationalHeader(8, iss, "", o.Now))
	s.title(s.t("SỔ THEO DÕI HỒ SƠ", "DOSSIER LOGBOOK"), p.text(s.lang))
	cols := []column{
		{s.t("STT", "No."), 9, "C"},
		{s.t("Mã hồ sơ", "Code"), 44, "L"},
		{s.t("Chủ hồ sơ, địa chỉ, điện thoại", "Applicant, address, phone"), 48, "L"},
		{s.t("Thủ tục, trích yếu", "Procedure, summary"), 38, "L"},
		{s.t("Số bộ", "Sets"), 9, "C"},
		{s.t("Ngày nhận", "Received"), 20, "C"},
		{s.t("Hẹn trả", "Due"), 20, "C"},
		{s.t("Ngày trả", "Returned"), 20, "C"},
		{s.t("Người tiếp nhận", "Received by"), 24, "L"},
		{s.t("Tình trạng", "Status"), 27, "L"},
		{s.t("Ký nhận", "Signature"), 18, "L"},
	}
	rows := make([][]string, len(entries))
	for i, e := range entries {
		who := e.Applicant
		for _, v := range []string{e.Address, e.Phone} {
			if v != "" {
				who += "\n" + v
			}
		}
		what := e.ProcedureName
		if e.Summary != "" {
			what += "\n" + e.Summary
		}
		status := e.Status.Label(s.lang)
		if e.Timeliness != "" {
			status += "\n" + e.Timeliness
		}
		rows[i] = []string{strconv.Itoa(i + 1), e.Code, who, what, strconv.Itoa(e.Sets),
			motcua.FormatDateTime(e.Received), motcua.FormatDateTime(e.Appointment), motcua.FormatDateTime(e.Returned),
			e.Officer, status, ""}
	}
	if len(rows) == 0 {
		rows = [][]string{{"", s.t("Không có hồ sơ trong kỳ.", "No dossier in the period.")}}
	}
	s.table(cols, rows, 8, 196, func() { s.AddPage(); s.SetY(10) })
	return s.finish(w)
}
