package main

import (
	"fmt"
	"strings"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/cli"
)

func init() {
	commands = append(commands,
		command{"find", "find TỪ_KHÓA [--status N] [--due overdue|today|soon] [--limit N] [--json]   tìm hồ sơ (mã hoặc số in trên giấy như 231027-0361, số thứ tự 0361, CCCD, SĐT hay 4 số cuối, tên không dấu)",
			"find QUERY [--status N] [--due overdue|today|soon] [--limit N] [--json]   find dossiers (code or the printed number like 231027-0361, the day's number 0361, ID, phone or its last 4 digits, name without accents)", runFind},
		command{"show", "show MÃ_HỒ_SƠ [--json]   xem hồ sơ và lịch sử", "show CODE [--json]   show a dossier and its history", runShow},
	)
}

// hitJSON is one line of `find --json`.
type hitJSON struct {
	ID          string        `json:"id"`
	Code        string        `json:"code"`
	Name        string        `json:"name"`
	Procedure   string        `json:"procedure"`
	Status      motcua.Status `json:"status"`
	StatusLabel string        `json:"status_label"`
	ReceivedAt  string        `json:"received_at"`
	Appointment string        `json:"appointment"`
}

func runFind(e *env, args []string) error {
	fs := newFlags("find")
	status := fs.String("status", "", "")
	due := fs.String("due", "", "")
	limit := fs.Int("limit", 20, "")
	asJSON := fs.Bool("json", false, "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return wantArgs(pos, 1, "find TỪ_KHÓA [--status N] [--limit N] [--json]", "find QUERY [--status N] [--limit N] [--json]")
	}
	q := motcua.Query{Text: strings.Join(pos, " "), Limit: *limit, Due: motcua.Due(*due)}
	if *status != "" {
		if q.Status, err = motcua.ParseStatus(*status); err != nil {
			return err
		}
	}
	if !q.Due.Attention() {
		return motcua.Errorf(motcua.EINVALID, "due", "due", "--due phải là overdue, today hoặc soon.", "--due must be overdue, today or soon.")
	}
	if *limit < 1 || *limit > 10000 {
		return motcua.Errorf(motcua.EINVALID, "limit", "limit", "--limit phải từ 1 đến 10000.", "--limit must be 1 to 10000.")
	}
	s, err := e.openLookup()
	if err != nil {
		return err
	}
	defer closeLookup(s)
	hits, err := s.Search(q)
	if err != nil {
		return err
	}
	enc := cli.NewJSONEncoder(e.stdout)
	for _, h := range hits {
		d := h.Dossier
		if *asJSON {
			if err := enc.Encode(hitJSON{ID: d.ID, Code: d.Code, Name: d.Applicant.Name, Procedure: d.ProcedureCode,
				Status: d.Status, StatusLabel: d.Status.Label(e.lang), ReceivedAt: motcua.FormatInstant(d.ReceivedAt),
				Appointment: motcua.FormatInstant(d.Appointment)}); err != nil {
				return err
			}
			continue
		}
		fmt.Fprintf(e.stdout, "%s  %-28s  %-22s  %s  %s\n", d.Code, clip(motcua.SanitizeLine(d.Applicant.Name), 28),
			clip(d.Status.Label(e.lang), 22), motcua.FormatDate(d.Appointment), clip(motcua.SanitizeLine(d.ProcedureName), 40))
	}
	if len(hits) == 0 && !*asJSON {
		fmt.Fprintln(e.stderr, msg(e.lang, "Không tìm thấy hồ sơ nào.", "No dossier found."))
	}
	return nil
}

// clip shortens s to n runes with an ellipsis, so columns line up; it is for
// display only, never for stored data.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s + strings.Repeat(" ", n-len(r))
	}
	return string(r[:n-1]) + "…"
}

func runShow(e *env, args []string) error {
	fs := newFlags("show")
	asJSON := fs.Bool("json", false, "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 1, "show MÃ_HỒ_SƠ [--json]", "show CODE [--json]"); err != nil {
		return err
	}
	s, err := e.openLookup()
	if err != nil {
		return err
	}
	defer closeLookup(s)
	d, err := s.GetByCode(pos[0])
	if err != nil {
		return err
	}
	if *asJSON {
		lookupURL, err := s.LookupURL(d)
		if err != nil {
			return err
		}
		enc := cli.NewJSONEncoder(e.stdout)
		enc.SetIndent("", "  ")
		// The dossier's own fields, plus the QR's address (a contract with scripts).
		return enc.Encode(struct {
			motcua.Dossier
			LookupURL string `json:"lookup_url"`
		}{d, lookupURL})
	}
	printDossier(e, d)
	return nil
}

func printDossier(e *env, d motcua.Dossier) {
	w, l := e.stdout, e.lang
	san := motcua.SanitizeLine
	code, _ := motcua.ParseCode(d.Code)
	row := func(vi, en, v string) {
		if v != "" {
			fmt.Fprintf(w, "%-18s %s\n", pick(l, vi, en)+":", v)
		}
	}
	row("Mã hồ sơ", "Code", fmt.Sprintf("%s  (%s %d)", d.Code, msg(l, "số kiểm tra", "check"), code.Check()))
	row("Thủ tục", "Procedure", san(d.ProcedureCode+" "+d.ProcedureName))
	row("Trạng thái", "Status", fmt.Sprintf("%d %s", d.Status, d.Status.Label(l)))
	row("Chủ hồ sơ", "Applicant", san(d.Applicant.Name))
	row("Giấy tờ", "ID", san(d.Applicant.IDNumber))
	row("Ngày sinh", "Born", motcua.FormatDOB(d.Applicant.DOB))
	row("Điện thoại", "Phone", san(d.Applicant.Phone))
	row("Địa chỉ", "Address", san(d.Applicant.Address))
	if d.Submitter != nil {
		row("Người nộp", "Submitter", san(d.Submitter.Name))
	}
	row("Kênh", "Channel", d.Channel.Label(l))
	row("Trưởng ấp hỗ trợ", "Helped by", san(d.Helper))
	row("Trích yếu", "Summary", san(d.Summary))
	row("Tiếp nhận", "Received", motcua.FormatDateTime(d.ReceivedAt))
	row("Hẹn trả", "Appointment", motcua.FormatDateTime(d.Appointment))
	if d.Rescheduled() {
		row("Hẹn ban đầu", "First appointment", motcua.FormatDateTime(d.OriginalAppt))
	}
	row("Lệ phí", "Fee", motcua.FormatVND(d.FeeTotal()))
	if d.Outcome != nil {
		row("Trả cho", "Returned to", san(d.Outcome.Recipient)+" "+motcua.FormatDateTime(d.Outcome.ReturnedAt))
	}
	if d.Rating != nil {
		row("Đánh giá", "Rating", d.Rating.Overall.Label(l))
	}
	if len(d.Documents) > 0 {
		fmt.Fprintln(w, msg(l, "Thành phần hồ sơ:", "Documents:"))
		for i, doc := range d.Documents {
			fmt.Fprintf(w, "  %d. %s (%d/%d/%d)\n", i+1, san(doc.Name), doc.Originals, doc.Certified, doc.Copies)
		}
	}
	fmt.Fprintln(w, msg(l, "Quá trình xử lý:", "History:"))
	for _, ev := range d.History {
		what := string(ev.Kind)
		if ev.To != 0 {
			what = ev.To.Label(l)
		}
		if ev.Conflict {
			what = msg(l, "XUNG ĐỘT: ", "CONFLICT: ") + what
		}
		line := fmt.Sprintf("  %s  %-24s %s", motcua.FormatDateTime(ev.At), what, san(ev.Officer))
		if ev.Text != "" {
			line += " · " + san(ev.Text)
		}
		fmt.Fprintln(w, line)
	}
}
