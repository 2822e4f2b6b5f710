package paper

import (
	"fmt"
	"io"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/paper/xlsx"
)

// logbookColumns are the workbook's columns: the Mẫu 06 fields with the
// width (in characters) each usually needs.
var logbookColumns = []struct {
	vi, en string
	width  float64
}{
	{"STT", "No.", 6}, {"Mã hồ sơ", "Code", 27}, {"Trích yếu", "Summary", 28}, {"Số bộ", "Sets", 7},
	{"Chủ hồ sơ", "Applicant", 26}, {"Địa chỉ", "Address", 36}, {"Số điện thoại", "Phone", 13},
	{"Mã thủ tục", "Procedure code", 12}, {"Tên thủ tục", "Procedure", 32}, {"Ngày tiếp nhận", "Received", 17},
	{"Ngày hẹn trả", "Appointment", 17}, {"Ngày trả", "Returned", 17}, {"Người tiếp nhận", "Received by", 20},
	{"Trạng thái", "Status", 10}, {"Tên trạng thái", "Status name", 18}, {"Kênh", "Channel", 16},
	{"Kết quả hạn", "Timeliness", 12}, {"Lệ phí (đồng)", "Fees (VND)", 13}, {"Quyển số/Số thứ tự", "Logbook", 16},
}

// LogbookHeader is the logbook's column titles in lang.
func LogbookHeader(lang motcua.Lang) []string {
	out := make([]string, len(logbookColumns))
	for i, c := range logbookColumns {
		out[i] = s0(Options{Lang: lang}, c.vi, c.en)
	}
	return out
}

// excelTime is t's wall clock in Vietnam: spreadsheet dates have no time
// zone, and the office reads Vietnam's.
func excelTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.In(motcua.VNZone)
}

// styles the workbooks share.
type xlStyles struct{ head, date, money, text int }

func newStyles(f *xlsx.Workbook) xlStyles {
	return xlStyles{
		head:  f.AddStyle(xlsx.Style{Bold: true, Fill: "E8E8E8", Wrap: true, VAlign: "center", HAlign: "center", BorderBottom: true}),
		date:  f.AddStyle(xlsx.Style{NumFmt: "dd/mm/yyyy hh:mm"}),
		money: f.AddStyle(xlsx.Style{NumFmt: `#,##0 "đ"`}),
		text:  f.AddStyle(xlsx.Style{Wrap: true, VAlign: "top"}),
	}
}

// LogbookXLSX writes the logbook as an Excel workbook: Vietnamese (or
// English) headers in a frozen first row with a filter, widths that fit,
// and real dates and numbers, not text. Text cells hold the citizens'
// words as text: a cell set as a string is never run as a formula.
func LogbookXLSX(w io.Writer, entries []LogEntry, p Period, iss Issuer, lang motcua.Lang) error {
	f := xlsx.New()
	sh := f.AddSheet(s0(Options{Lang: lang}, "Sổ theo dõi", "Logbook"))
	st := newStyles(f)
	if err := sh.SetRow(1, 1, anySlice(LogbookHeader(lang))...); err != nil {
		return xlErr(err)
	}
	for i, c := range logbookColumns {
		sh.SetColWidth(i+1, i+1, c.width)
	}
	for i, e := range entries {
		row := []any{i + 1, e.Code, e.Summary, e.Sets, e.Applicant, e.Address, e.Phone, e.ProcedureCode, e.ProcedureName,
			excelTime(e.Received), excelTime(e.Appointment), excelTime(e.Returned), e.Officer, int(e.Status),
			e.Status.Label(lang), e.Channel.Label(lang), e.Timeliness, e.Fee, e.Logbook}
		if err := sh.SetRow(1, i+2, row...); err != nil {
			return xlErr(err)
		}
	}
	n := len(entries) + 1
	sh.SetStyle(1, 1, len(logbookColumns), 1, st.head)
	if n >= 2 {
		sh.SetStyle(10, 2, 12, n, st.date)  // J:L, the dates
		sh.SetStyle(18, 2, 18, n, st.money) // R, the fees
	}
	sh.Freeze(0, 1)
	sh.AutoFilter(fmt.Sprintf("A1:%s", xlsx.CellName(len(logbookColumns), n)))
	title := s0(Options{Lang: lang}, "Sổ theo dõi hồ sơ", "Dossier logbook")
	f.Title, f.Subject, f.Creator = title+" – "+clean(iss.UnitName), p.text(lang), "motcua"
	if _, err := f.WriteTo(w); err != nil {
		return xlErr(err)
	}
	return nil
}

func anySlice(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func xlErr(err error) error { return fmt.Errorf("paper: xlsx: %w", err) }
