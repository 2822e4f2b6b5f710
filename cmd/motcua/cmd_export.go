package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/cli"
	"github.com/motcua/motcua/paper"
	"github.com/motcua/motcua/store"
)

func init() {
	commands = append(commands, command{"export",
		"export [--format csv|jsonl|xlsx] [--out TỆP] [--no-bom] [--from dd/mm/yyyy] [--to dd/mm/yyyy] [--status N]   sổ theo dõi hồ sơ (Mẫu 06)",
		"export [--format csv|jsonl|xlsx] [--out FILE] [--no-bom] [--from dd/mm/yyyy] [--to dd/mm/yyyy] [--status N]   the logbook (form 06)", runExport})
}

// logbookRow holds the Mẫu 06 columns, one dossier a row.
type logbookRow struct {
	Code        string `json:"ma_ho_so"`
	Summary     string `json:"trich_yeu"`
	Sets        int    `json:"so_bo"`
	Applicant   string `json:"chu_ho_so"`
	Address     string `json:"dia_chi"`
	Phone       string `json:"so_dien_thoai"`
	Procedure   string `json:"ma_thu_tuc"`
	ReceivedAt  string `json:"ngay_tiep_nhan"`
	Appointment string `json:"ngay_hen_tra"`
	ReturnedAt  string `json:"ngay_tra"`
	Officer     string `json:"nguoi_tiep_nhan"`
	Status      int    `json:"trang_thai"`
	StatusLabel string `json:"ten_trang_thai"`
	Channel     string `json:"kenh"`
	Timeliness  string `json:"ket_qua_han"`
	Logbook     string `json:"so_theo_doi,omitempty"`
}

// logbookHeader is the CSV's first row in the officer's language. Two slices
// and a test, not a map: the linker lays them out, with no code at every
// start (docs/DESIGN.md §16).
func logbookHeader(l motcua.Lang) []string {
	if l == motcua.EN {
		return logbookHeaderEN
	}
	return logbookHeaderVI
}

var logbookHeaderVI = []string{"Mã hồ sơ", "Trích yếu", "Số bộ", "Chủ hồ sơ", "Địa chỉ", "Số điện thoại", "Mã thủ tục", "Ngày tiếp nhận",
	"Ngày hẹn trả", "Ngày trả", "Người tiếp nhận", "Trạng thái", "Tên trạng thái", "Kênh", "Kết quả hạn", "Quyển số/Số thứ tự"}

var logbookHeaderEN = []string{"Code", "Summary", "Sets", "Applicant", "Address", "Phone", "Procedure", "Received",
	"Appointment", "Returned", "Received by", "Status", "Status name", "Channel", "Timeliness", "Logbook"}

// utf8BOM opens a CSV file so Excel reads it as UTF-8: without it, Excel
// on a Vietnamese Windows shows names garbled.
const utf8BOM = "\ufeff"

func runExport(e *env, args []string) error {
	fs := newFlags("export")
	format := fs.String("format", "csv", "")
	from := fs.String("from", "", "")
	to := fs.String("to", "", "")
	status := fs.String("status", "", "")
	out := fs.String("out", "", "")
	noBOM := fs.Bool("no-bom", false, "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 0, "export [--format csv|jsonl|xlsx] [--out TỆP] [--from NGÀY] [--to NGÀY]", "export [--format csv|jsonl|xlsx] [--out FILE] [--from DATE] [--to DATE]"); err != nil {
		return err
	}
	period, err := paper.ParsePeriod(*from, *to, false)
	if err != nil {
		return err
	}
	f := store.ExportFilter{From: period.From, To: period.To}
	if *status != "" {
		if f.Status, err = motcua.ParseStatus(*status); err != nil {
			return err
		}
	}
	if *format != "csv" && *format != "jsonl" && *format != "xlsx" {
		return motcua.Errorf(motcua.EINVALID, "format", "format", "--format phải là csv, jsonl hoặc xlsx.", "--format must be csv, jsonl or xlsx.")
	}
	s, err := e.openRead()
	if err != nil {
		return err
	}
	defer closeLookup(s)
	if *format == "xlsx" {
		return exportXLSX(e, s, f, period, *out)
	}
	if *out == "-" { // standard output, as for xlsx
		*out = ""
	}
	var buf bytes.Buffer
	w := io.Writer(e.stdout)
	if *out != "" {
		w = &buf
	}
	if err := writeRows(e, s, f, w, *format, !*noBOM); err != nil {
		return err
	}
	if *out != "" {
		if err := writeFileAtomic(*out, buf.Bytes()); err != nil {
			return err
		}
		fmt.Fprintln(e.stderr, msg(e.lang, "Đã lưu: %s", "Saved: %s", *out))
	}
	return nil
}

// writeRows streams the logbook as JSON lines or CSV (with a byte-order
// mark unless bom is false).
func writeRows(e *env, s *store.Store, f store.ExportFilter, out io.Writer, format string, bom bool) error {
	cal := s.Calendar()
	now := s.Now()
	if format == "jsonl" {
		enc := cli.NewJSONEncoder(out)
		return s.Each(f, func(d motcua.Dossier) error { return enc.Encode(toRow(d, e.lang, cal, now, motcua.FormatInstant)) })
	}
	if bom {
		if _, err := io.WriteString(out, utf8BOM); err != nil {
			return err
		}
	}
	w := csv.NewWriter(out)
	if err := w.Write(logbookHeader(e.lang)); err != nil {
		return err
	}
	err := s.Each(f, func(d motcua.Dossier) error {
		r := toRow(d, e.lang, cal, now, motcua.FormatDateTime)
		return w.Write([]string{r.Code, cell(r.Summary), strconv.Itoa(r.Sets), cell(r.Applicant), cell(r.Address), cell(r.Phone),
			r.Procedure, r.ReceivedAt, r.Appointment, r.ReturnedAt, cell(r.Officer), strconv.Itoa(r.Status), r.StatusLabel,
			r.Channel, r.Timeliness, cell(r.Logbook)})
	})
	if err != nil {
		return err
	}
	w.Flush()
	return w.Error()
}

// exportXLSX writes the logbook workbook to --out ("-" for stdout), or
// saves it under DIR/forms and says where.
func exportXLSX(e *env, s *store.Store, f store.ExportFilter, p paper.Period, out string) error {
	entries, err := logbookEntries(s, f, e.lang)
	if err != nil {
		return err
	}
	iss, err := issuer(s)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := paper.LogbookXLSX(&buf, entries, p, iss, e.lang); err != nil {
		return err
	}
	return writeOutput(e, buf.Bytes(), out, "so-theo-doi-"+periodName(p)+".xlsx", false)
}

// periodName is "20231001-20231031" for a file name ("all" when open).
func periodName(p paper.Period) string {
	part := func(t time.Time) string {
		if t.IsZero() {
			return "all"
		}
		return t.Format("20060102")
	}
	return part(p.From) + "-" + part(p.To)
}

// cell defuses text that a spreadsheet would run as a formula: the logbook
// is opened in Excel, and names and addresses come from citizens.
func cell(s string) string {
	s = motcua.SanitizeLine(s)
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}

// toRow is a dossier's logbook row, its times written by when: people's
// dd/mm/yyyy HH:MM in the CSV, RFC 3339 in the JSON lines.
func toRow(d motcua.Dossier, l motcua.Lang, cal motcua.Calendar, now time.Time, when func(time.Time) string) logbookRow {
	r := logbookRow{Code: d.Code, Summary: d.Summary, Sets: 1, Applicant: strings.ToUpper(d.Applicant.Name), Address: d.Applicant.Address,
		Phone: d.Applicant.Phone, Procedure: d.ProcedureCode, ReceivedAt: when(d.ReceivedAt),
		Appointment: when(d.Appointment), Officer: d.Officer, Status: int(d.Status),
		StatusLabel: d.Status.Label(l), Channel: d.Channel.Label(l), Logbook: d.Logbook}
	if d.Outcome != nil {
		r.ReturnedAt = when(d.Outcome.ReturnedAt)
	}
	switch {
	case !d.CompletedAt.IsZero():
		r.Timeliness = motcua.TimelinessOf(d.CompletedAt, d.Appointment).Label(l)
	case motcua.DueOf(d, now, cal) == motcua.DueOverdue:
		r.Timeliness = msg(l, "Quá hạn", "Overdue")
	}
	return r
}
