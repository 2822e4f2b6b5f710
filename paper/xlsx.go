package paper

import (
	"fmt"
	"io"
	"time"

	"github.com/motcua/motcua"
	"github.com/xuri/excelize/v2"
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

// excelTime is t's wall clock in Vietnam, given to excelize as UTC:
// spreadsheet dates have no time zone, and the office reads Vietnam's.
func excelTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	v := t.In(motcua.VNZone)
	return time.Date(v.Year(), v.Month(), v.Day(), v.Hour(), v.Minute(), v.Second(), 0, time.UTC)
}

// styles the workbooks share.
type xlStyles struct{ head, date, money, text int }

func newStyles(f *excelize.File) (xlStyles, error) {
	var st xlStyles
	var err error
	border := []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}}
	dateFmt, moneyFmt := "dd/mm/yyyy hh:mm", `#,##0 "đ"`
	for _, s := range []struct {
		dst *int
		def *excelize.Style
	}{
		{&st.head, &excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"E8E8E8"}, Pattern: 1},
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "center", Horizontal: "center"}, Border: border}},
		{&st.date, &excelize.Style{CustomNumFmt: &dateFmt}},
		{&st.money, &excelize.Style{CustomNumFmt: &moneyFmt}},
		{&st.text, &excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
	} {
		if *s.dst, err = f.NewStyle(s.def); err != nil {
			return st, err
		}
	}
	return st, nil
}

// LogbookXLSX writes the logbook as an Excel workbook: Vietnamese (or
// English) headers in a frozen first row with a filter, widths that fit,
// and real dates and numbers, not text. Text cells hold the citizens'
// words as text: a cell set as a string is never run as a formula.
func LogbookXLSX(w io.Writer, entries []LogEntry, p Period, iss Issuer, lang motcua.Lang) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := s0(Options{Lang: lang}, "Sổ theo dõi", "Logbook")
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return xlErr(err)
	}
	st, err := newStyles(f)
	if err != nil {
		return xlErr(err)
	}
	if err := f.SetSheetRow(sheet, "A1", ptrSlice(LogbookHeader(lang))); err != nil {
		return xlErr(err)
	}
	last, _ := excelize.ColumnNumberToName(len(logbookColumns))
	for i, c := range logbookColumns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, col, col, c.width); err != nil {
			return xlErr(err)
		}
	}
	for i, e := range entries {
		row := []any{i + 1, e.Code, e.Summary, e.Sets, e.Applicant, e.Address, e.Phone, e.ProcedureCode, e.ProcedureName,
			excelTime(e.Received), excelTime(e.Appointment), excelTime(e.Returned), e.Officer, int(e.Status),
			e.Status.Label(lang), e.Channel.Label(lang), e.Timeliness, e.Fee, e.Logbook}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			return xlErr(err)
		}
	}
	n := len(entries) + 1
	for _, s := range []struct {
		from, to string
		style    int
	}{{"A1", last + "1", st.head}, {"J2", fmt.Sprintf("L%d", n), st.date}, {"R2", fmt.Sprintf("R%d", n), st.money}} {
		if n < 2 && s.style != st.head {
			continue
		}
		if err := f.SetCellStyle(sheet, s.from, s.to, s.style); err != nil {
			return xlErr(err)
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return xlErr(err)
	}
	if err := f.AutoFilter(sheet, fmt.Sprintf("A1:%s%d", last, n), nil); err != nil {
		return xlErr(err)
	}
	title := s0(Options{Lang: lang}, "Sổ theo dõi hồ sơ", "Dossier logbook")
	if err := f.SetDocProps(&excelize.DocProperties{Title: title + " – " + clean(iss.UnitName),
		Subject: p.text(lang), Creator: "motcua"}); err != nil {
		return xlErr(err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return xlErr(err)
	}
	return nil
}

func ptrSlice(ss []string) *[]any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return &out
}

func xlErr(err error) error { return fmt.Errorf("paper: xlsx: %w", err) }
