package paper

import (
	"bytes"
	"strconv"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/xuri/excelize/v2"
)

// The workbook, read back by excelize: Vietnamese headers in a frozen first
// row, a name with its diacritics, a real date cell and a number cell, and
// a citizen's "=..." kept as text, never a formula.
func TestLogbookXLSXReadBack(t *testing.T) {
	es := logEntries(5)
	es[2].Address = "=HYPERLINK(\"http://x\",\"y\")"
	var b bytes.Buffer
	if err := LogbookXLSX(&b, es, samplePeriod, sampleIssuer, motcua.VI); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	sh := "Sổ theo dõi"
	rows, err := f.GetRows(sh)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 6 || rows[0][1] != "Mã hồ sơ" || rows[0][4] != "Chủ hồ sơ" || rows[0][9] != "Ngày tiếp nhận" {
		t.Fatalf("rows: %q", rows)
	}
	if rows[1][4] != "Nguyễn Thị Ánh Tuyết" {
		t.Errorf("name %q", rows[1][4])
	}
	if typ, _ := f.GetCellType(sh, "J2"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("the reception date is text (%v)", typ)
	}
	raw, _ := f.GetCellValue(sh, "J2", excelize.Options{RawCellValue: true})
	serial, err := excelize.ExcelDateToTime(mustFloat(t, raw), false)
	if err != nil || !serial.Equal(time.Date(2023, 10, 2, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("J2 = %q (%v), want 02/10/2023 08:00 as a date serial", raw, serial)
	}
	if shown, _ := f.GetCellValue(sh, "J2"); shown != "02/10/2023 08:00" {
		t.Errorf("J2 shows %q", shown)
	}
	if raw, _ := f.GetCellValue(sh, "R2", excelize.Options{RawCellValue: true}); raw != "10000" {
		t.Errorf("fee R2 = %q, want the number 10000", raw)
	}
	if typ, _ := f.GetCellType(sh, "R2"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("the fee is text")
	}
	if formula, _ := f.GetCellFormula(sh, "F4"); formula != "" {
		t.Errorf("a citizen's text became a formula: %q", formula)
	}
	panes, err := f.GetPanes(sh)
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header row not frozen: %+v %v", panes, err)
	}
	if w, _ := f.GetColWidth(sh, "B"); w < 20 {
		t.Errorf("code column %.0f wide", w)
	}
}

func mustFloat(t *testing.T, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%q is not a number", s)
	}
	return f
}
