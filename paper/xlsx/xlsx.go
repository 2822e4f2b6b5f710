// Package xlsx writes the few Excel workbooks motcua makes (the logbook and
// the report): sheets of text, numbers and dates, a handful of cell styles,
// column widths, frozen panes, a filter, and native column and pie charts.
//
// It exists so that the terminal does not link a full spreadsheet library
// for two exports: excelize's package initialisation alone cost more than
// the rest of `motcua find` (BENCHMARKS.md, "Process start"). An xlsx file is
// a zip of XML parts (ECMA-376); this package writes only the parts those
// workbooks use. Text is always written as an inline string, never as a
// formula.
package xlsx

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Workbook is an xlsx file being built.
type Workbook struct {
	sheets []*Sheet
	styles []Style
	// Title, Subject and Creator go into the document properties.
	Title, Subject, Creator string
	// Now is the creation time written in the document properties.
	Now time.Time
}

// New returns an empty workbook.
func New() *Workbook { return &Workbook{Now: time.Now()} }

// Style is a cell style; the zero Style is Excel's default.
type Style struct {
	Bold         bool
	Fill         string // RGB, "E8E8E8": a solid background
	Wrap         bool
	HAlign       string // "center", "left", "right"
	VAlign       string // "center", "top", "bottom"
	BorderBottom bool   // a thin black line under the cell
	NumFmt       string // a custom number format, `dd/mm/yyyy hh:mm`
	BuiltinFmt   int    // one of Excel's built-in formats (10 is 0.00%), when NumFmt is ""
}

// AddStyle registers s and returns its id for SetStyle.
func (w *Workbook) AddStyle(s Style) int {
	w.styles = append(w.styles, s)
	return len(w.styles) // 0 is the default style
}

// Sheet is one worksheet.
type Sheet struct {
	Name   string
	rows   map[int]map[int]cell
	widths []colWidth
	freeze struct{ cols, rows int }
	filter string
	charts []Chart
}

type cell struct {
	v     any // string, int64, float64, time.Time or nil
	style int
}

type colWidth struct {
	from, to int
	width    float64
}

// AddSheet appends a sheet named name (at most 31 characters, none of
// []:*?/\ — the caller's names are fixed words).
func (w *Workbook) AddSheet(name string) *Sheet {
	s := &Sheet{Name: name, rows: map[int]map[int]cell{}}
	w.sheets = append(w.sheets, s)
	return s
}

// SetRow writes values from (col, row) to the right, 1-based. A value is a
// string (or any string kind), an integer or float kind, a time.Time (a
// date serial of its wall clock: give it a date style), or nil (no cell).
func (s *Sheet) SetRow(col, row int, values ...any) error {
	r := s.rows[row]
	if r == nil {
		r = map[int]cell{}
		s.rows[row] = r
	}
	for i, v := range values {
		nv, err := normalise(v)
		if err != nil {
			return fmt.Errorf("xlsx: %s %s: %w", s.Name, CellName(col+i, row), err)
		}
		c := r[col+i]
		c.v = nv
		r[col+i] = c
	}
	return nil
}

func normalise(v any) (any, error) {
	switch x := v.(type) {
	case nil, string, time.Time:
		return x, nil
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String:
		return rv.String(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return float64(rv.Uint()), nil
	case reflect.Float32, reflect.Float64:
		return rv.Float(), nil
	case reflect.Bool:
		return map[bool]int64{false: 0, true: 1}[rv.Bool()], nil
	case reflect.Pointer:
		if rv.IsNil() {
			return nil, nil
		}
		return normalise(rv.Elem().Interface())
	}
	return nil, fmt.Errorf("a %T is not a cell value", v)
}

// SetStyle gives the rectangle (c1, r1)–(c2, r2) the style id, creating
// empty cells where there are none.
func (s *Sheet) SetStyle(c1, r1, c2, r2, style int) {
	for row := r1; row <= r2; row++ {
		r := s.rows[row]
		if r == nil {
			r = map[int]cell{}
			s.rows[row] = r
		}
		for col := c1; col <= c2; col++ {
			c := r[col]
			c.style = style
			r[col] = c
		}
	}
}

// SetColWidth sets columns from..to (1-based) to width characters.
func (s *Sheet) SetColWidth(from, to int, width float64) {
	s.widths = append(s.widths, colWidth{from, to, width})
}

// Freeze keeps the first cols columns and rows rows in view.
func (s *Sheet) Freeze(cols, rows int) { s.freeze.cols, s.freeze.rows = cols, rows }

// AutoFilter puts filter buttons on ref's first row ("A1:S20").
func (s *Sheet) AutoFilter(ref string) { s.filter = ref }

// ChartKind is the kind of a native chart.
type ChartKind int

const (
	Column ChartKind = iota // vertical bars
	Pie
)

// Chart is a native chart of one series, anchored with its top-left corner
// at the cell At ("G2"). Name, Categories and Values are references
// ("'Sheet'!$B$1", "'Sheet'!$A$2:$A$13").
type Chart struct {
	Kind                     ChartKind
	At                       string
	Title                    string
	Name, Categories, Values string
	Legend                   bool // a legend at the right
}

// AddChart draws c on the sheet.
func (s *Sheet) AddChart(c Chart) { s.charts = append(s.charts, c) }

// ColumnName is 1 → "A", 27 → "AA".
func ColumnName(col int) string {
	var b []byte
	for ; col > 0; col = (col - 1) / 26 {
		b = append([]byte{byte('A' + (col-1)%26)}, b...)
	}
	return string(b)
}

// CellName is (2, 3) → "B3".
func CellName(col, row int) string { return ColumnName(col) + strconv.Itoa(row) }

// parseCell is "G20" → (7, 20).
func parseCell(ref string) (col, row int, err error) {
	i := strings.IndexFunc(ref, func(r rune) bool { return r >= '0' && r <= '9' })
	if i <= 0 {
		return 0, 0, fmt.Errorf("xlsx: bad cell %q", ref)
	}
	for _, r := range ref[:i] {
		if r < 'A' || r > 'Z' {
			return 0, 0, fmt.Errorf("xlsx: bad cell %q", ref)
		}
		col = col*26 + int(r-'A'+1)
	}
	row, err = strconv.Atoi(ref[i:])
	if err != nil || row < 1 {
		return 0, 0, fmt.Errorf("xlsx: bad cell %q", ref)
	}
	return col, row, nil
}

// serial is t's wall clock as an Excel date serial: days since 30/12/1899
// (day 0 of Excel's 1900 date system as it counts since 01/03/1900), with
// the time of day as the fraction. Dates have no time zone in a sheet; the
// caller gives t in the zone people read.
func serial(t time.Time) float64 {
	wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	d := wall.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC))
	days := d / (24 * time.Hour)
	return float64(days) + float64(d%(24*time.Hour))/float64(24*time.Hour)
}
