// Package pdf writes the PDF documents motcua prints: pages of text in
// embedded TrueType fonts, lines, rectangles and filled polygons, laid out
// in millimetres from the top left corner.
//
// It exists so that the terminal does not link a general PDF library for a
// handful of forms: the one it used (fpdf) brought encoding/gob and its
// package initialisation into every motcua process, whatever the command.
// Each font is embedded as a subset of the glyphs the document prints
// (Type0, CIDFontType2, Identity-H) with a ToUnicode map, so the text can
// be copied and searched exactly as written; streams are Flate-compressed;
// the same input gives the same bytes.
package pdf

import (
	"errors"
	"strconv"
	"time"
)

// Page sizes in points, portrait.
var (
	A4 = Size{595.28, 841.89}
	A5 = Size{420.94, 595.28}
)

// Size is a page's width and height in points.
type Size struct{ W, H float64 }

// Landscape is s turned on its side.
func (s Size) Landscape() Size { return Size{s.H, s.W} }

// Info is what the document says about itself.
type Info struct {
	Creator string
	Created time.Time // zero: no date is written, so the bytes stay the same
}

// Doc is a PDF document being drawn. Drawing never fails on its own:
// problems (drawing before the first page) are kept and returned by
// WriteTo.
type Doc struct {
	size  Size
	info  Info
	fonts []*docFont
	pages []*page
	cur   *page
	st    state
	err   error
}

// Point is a position on the page in mm from the top left.
type Point struct{ X, Y float64 }

// Paint says how a closed shape is drawn.
type Paint int

const (
	Stroke Paint = iota
	Fill
	FillStroke
)

// New starts a document whose pages are size.
func New(size Size, info Info) *Doc {
	d := &Doc{size: size, info: info, st: pdfDefaults}
	d.st.lineWidth = 0.567 / k // fpdf's default 0.2 mm
	return d
}

// Width and Height are the page's size in mm.
func (d *Doc) Width() float64  { return d.size.W / k }
func (d *Doc) Height() float64 { return d.size.H / k }

// AddPage starts a new page and draws on it from now on.
func (d *Doc) AddPage() {
	p := &page{at: pdfDefaults}
	d.pages = append(d.pages, p)
	d.cur = p
}

// PageCount is the number of pages so far.
func (d *Doc) PageCount() int { return len(d.pages) }

// SetPage draws on page n (from 1) again, e.g. to number it once the
// number of pages is known. An n out of range is ignored.
func (d *Doc) SetPage(n int) {
	if n >= 1 && n <= len(d.pages) {
		d.cur = d.pages[n-1]
	}
}

// page is the page being drawn, or nil (and an error) before the first.
func (d *Doc) page() *page {
	if d.cur == nil && d.err == nil {
		d.err = errors.New("pdf: drawing before the first page")
	}
	return d.cur
}

// SetFont selects f at size points for the text that follows; f is added
// to the document on first use.
func (d *Doc) SetFont(f *Font, size float64) {
	if f == nil {
		return
	}
	d.st.size = size
	for _, df := range d.fonts {
		if df.Font == f {
			d.st.font = df
			return
		}
	}
	df := &docFont{Font: f, id: len(d.fonts) + 1, used: map[uint16]bool{}, uni: map[uint16]rune{}}
	d.fonts = append(d.fonts, df)
	d.st.font = df
}

// SetLineWidth sets the width of lines in mm.
func (d *Doc) SetLineWidth(mm float64) { d.st.lineWidth = mm }

// SetDash sets a dash pattern in mm (nil: solid lines).
func (d *Doc) SetDash(pattern []float64, phase float64) {
	if len(pattern) == 0 {
		d.st.dash = ""
		return
	}
	s := "["
	for i, v := range pattern {
		if i > 0 {
			s += " "
		}
		s += num(v * k)
	}
	d.st.dash = s + "] " + num(phase*k)
}

// SetFillColor and SetStrokeColor set the colours of fills and lines.
func (d *Doc) SetFillColor(r, g, b uint8)   { d.st.fill = rgb(r, g, b) }
func (d *Doc) SetStrokeColor(r, g, b uint8) { d.st.stroke = rgb(r, g, b) }

// Text writes s in the current font, black, starting at x with its
// baseline at y.
func (d *Doc) Text(x, y float64, s string) {
	p := d.page()
	if p == nil || s == "" || d.st.font == nil {
		return
	}
	p.syncFill(black)
	font := ""
	if p.at.font != d.st.font || p.at.size != d.st.size {
		font = "/F" + itoa(d.st.font.id) + " " + num(d.st.size) + " Tf "
		p.at.font, p.at.size = d.st.font, d.st.size
	}
	p.op("BT", font+num(x*k), num((d.Height()-y)*k), "Td", d.st.font.encode(s), "Tj ET")
}

// Line draws a line from (x1, y1) to (x2, y2).
func (d *Doc) Line(x1, y1, x2, y2 float64) {
	if p := d.page(); p != nil {
		p.syncStroke(&d.st)
		p.op(d.xy(x1, y1), "m", d.xy(x2, y2), "l S")
	}
}

// Rect draws the rectangle with its top left corner at (x, y).
func (d *Doc) Rect(x, y, w, h float64, paint Paint) {
	if p := d.page(); p != nil {
		d.prepare(p, paint)
		p.op(d.xy(x, y), num(w*k), num(-h*k), "re", paint.op())
	}
}

// Polygon draws the closed shape through pts (at least three).
func (d *Doc) Polygon(pts []Point, paint Paint) {
	p := d.page()
	if p == nil || len(pts) < 3 {
		return
	}
	d.prepare(p, paint)
	p.op(d.xy(pts[0].X, pts[0].Y), "m")
	for _, pt := range pts[1:] {
		p.op(d.xy(pt.X, pt.Y), "l")
	}
	p.op("h", paint.op())
}

func (d *Doc) prepare(p *page, paint Paint) {
	if paint != Fill {
		p.syncStroke(&d.st)
	}
	if paint != Stroke {
		p.syncFill(d.st.fill)
	}
}

func (pt Paint) op() string {
	switch pt {
	case Fill:
		return "f"
	case FillStroke:
		return "B"
	}
	return "S"
}

// xy is a point's operands in PDF space.
func (d *Doc) xy(x, y float64) string { return num(x*k) + " " + num((d.Height()-y)*k) }

func itoa(v int) string { return strconv.Itoa(v) }
