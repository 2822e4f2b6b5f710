package xlsx

import (
	"bytes"
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestReadBack: a workbook with every kind of cell, styles, widths, a
// frozen pane, a filter and two charts, read back by excelize (a test-only
// dependency: the programs do not link it).
func TestReadBack(t *testing.T) {
	type label string
	f := New()
	sh := f.AddSheet("Sổ theo dõi")
	date := f.AddStyle(Style{NumFmt: "dd/mm/yyyy hh:mm"})
	head := f.AddStyle(Style{Bold: true, Fill: "E8E8E8", Wrap: true, HAlign: "center", BorderBottom: true})
	pct := f.AddStyle(Style{BuiltinFmt: 10})
	must(t, sh.SetRow(1, 1, "Mã", "Tên", "Ngày", "Tỷ lệ", "Loại"))
	must(t, sh.SetRow(1, 2, 1, "  Nguyễn Thị Ánh <&> \x1b[31m", time.Date(2023, 10, 2, 8, 0, 0, 0, time.FixedZone("ICT", 7*3600)), 0.5, label("=1+1")))
	must(t, sh.SetRow(1, 3, int64(2), nil, nil, float32(0.25), true))
	sh.SetStyle(1, 1, 5, 1, head)
	sh.SetStyle(3, 2, 3, 3, date)
	sh.SetStyle(4, 2, 4, 3, pct)
	sh.SetColWidth(2, 2, 30)
	sh.Freeze(1, 1)
	sh.AutoFilter("A1:E3")
	charts := f.AddSheet("Biểu đồ")
	must(t, charts.SetRow(1, 1, "Tháng", "Số"))
	must(t, charts.SetRow(1, 2, "10/2023", 4))
	charts.AddChart(Chart{Kind: Column, At: "D2", Title: "Theo tháng", Name: "'Biểu đồ'!$B$1", Categories: "'Biểu đồ'!$A$2:$A$2", Values: "'Biểu đồ'!$B$2:$B$2"})
	charts.AddChart(Chart{Kind: Pie, At: "D20", Title: "Kết quả", Legend: true, Name: "'Biểu đồ'!$B$1", Categories: "'Biểu đồ'!$A$2:$A$2", Values: "'Biểu đồ'!$B$2:$B$2"})
	f.Title = "Sổ"
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	if got := x.GetSheetList(); len(got) != 2 || got[0] != "Sổ theo dõi" || got[1] != "Biểu đồ" {
		t.Fatalf("sheets %q", got)
	}
	s := "Sổ theo dõi"
	for cell, want := range map[string]string{"A1": "Mã", "B2": "  Nguyễn Thị Ánh <&> [31m", "C2": "02/10/2023 08:00", "D2": "50.00%",
		"E2": "=1+1", "A3": "2", "D3": "25.00%", "E3": "1"} {
		if got, _ := x.GetCellValue(s, cell); got != want {
			t.Errorf("%s = %q, want %q", cell, got, want)
		}
	}
	if formula, _ := x.GetCellFormula(s, "E2"); formula != "" {
		t.Errorf("text became a formula: %q", formula)
	}
	raw, _ := x.GetCellValue(s, "C2", excelize.Options{RawCellValue: true})
	if v, err := strconv.ParseFloat(raw, 64); err != nil || math.Abs(v-45201.333333333336) > 1e-9 {
		t.Errorf("C2 raw %q, want the serial of 02/10/2023 08:00", raw)
	}
	if err := sh.SetRow(1, 9, struct{}{}); err == nil {
		t.Error("a struct became a cell")
	}
	if p, err := x.GetPanes(s); err != nil || !p.Freeze || p.XSplit != 1 || p.YSplit != 1 || p.TopLeftCell != "B2" {
		t.Errorf("panes %+v %v", p, err)
	}
	if w, _ := x.GetColWidth(s, "B"); w != 30 {
		t.Errorf("width %v", w)
	}
	if st, _ := x.GetCellStyle(s, "A1"); st != head {
		t.Errorf("A1 style %d, want %d", st, head)
	}
	if props, err := x.GetDocProps(); err != nil || props.Title != "Sổ" {
		t.Errorf("props %+v %v", props, err)
	}
}

func TestNames(t *testing.T) {
	for col, want := range map[int]string{1: "A", 26: "Z", 27: "AA", 52: "AZ", 703: "AAA"} {
		if got := ColumnName(col); got != want {
			t.Errorf("%d: %q", col, got)
		}
		if c, r, err := parseCell(want + "7"); err != nil || c != col || r != 7 {
			t.Errorf("parse %s7: %d %d %v", want, c, r, err)
		}
	}
	if absolute("A1:S20") != "$A$1:$S$20" {
		t.Error(absolute("A1:S20"))
	}
	if _, _, err := parseCell("7G"); err == nil {
		t.Error("7G parsed")
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
