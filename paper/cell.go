package paper

import (
	"errors"
	"math"
	"sync"
	"unicode"

	"github.com/motcua/motcua/paper/pdf"
)

// The forms were laid out with fpdf's cell model and keep it: a cursor
// (x, y) in mm from the page's top left, the 10 mm page margin, a 1 mm
// margin inside a cell, and text placed in a cell of height h with its
// baseline at y + h/2 + 0.3 × the font size. These are fpdf's figures
// (28.35 pt margins), so the pages print where they always did.
const (
	pageMargin = 28.35 / (72 / 25.4)
	cellMargin = pageMargin / 10
)

// faces are the three styles of DejaVu Serif, parsed once a process and
// only when something prints (a sync.Once rather than sync.OnceValues, so
// the package has no initialisation work at all: every motcua process,
// whatever the command, links it).
func faces() (map[string]*pdf.Font, error) {
	facesOnce.Do(func() { faceSet, faceErr = loadFaces() })
	return faceSet, faceErr
}

var (
	facesOnce sync.Once
	faceSet   map[string]*pdf.Font
	faceErr   error
)

func loadFaces() (map[string]*pdf.Font, error) {
	out := map[string]*pdf.Font{}
	for _, f := range []struct {
		style, name string
		data        []byte
	}{{"", "DejaVuSerif", fontRegular}, {"B", "DejaVuSerif-Bold", fontBold}, {"I", "DejaVuSerif-Italic", fontItalic}} {
		font, err := pdf.ParseFont(f.name, f.data)
		if err != nil {
			return nil, err
		}
		out[f.style] = font
	}
	return out, nil
}

// pageSize is a sheet's paper in points: "P" or "L", "A4" or "A5".
func pageSize(orientation, size string) pdf.Size {
	s := pdf.A4
	if size == "A5" {
		s = pdf.A5
	}
	if orientation == "L" {
		s = s.Landscape()
	}
	return s
}

// setFace selects style at size points.
func (s *sheet) setFace(style string, size float64) {
	if f := s.faces[style]; f != nil {
		s.face, s.size = f, size
		s.doc.SetFont(f, size)
	}
}

// fontMM is the font size in mm.
func (s *sheet) fontMM() float64 { return s.size / (72 / 25.4) }

func (s *sheet) GetY() float64      { return s.cy }
func (s *sheet) SetX(x float64)     { s.cx = x }
func (s *sheet) SetXY(x, y float64) { s.cx, s.cy = x, y }

// SetY moves the cursor down to y and back to the left margin, as fpdf.
func (s *sheet) SetY(y float64) { s.cx, s.cy = pageMargin, y }

// AddPage starts a page with the cursor at the top left margin.
func (s *sheet) AddPage() {
	s.doc.AddPage()
	s.cx, s.cy = pageMargin, pageMargin
}

// GetStringWidth is the width of text in the current font, in mm.
func (s *sheet) GetStringWidth(text string) float64 {
	if s.face == nil {
		return 0
	}
	return float64(s.face.Width(text)) * s.fontMM() / 1000
}

// cell writes text in a cell of width w and height h at the cursor,
// aligned "L", "C" or "R"; then the cursor moves right past the cell
// (ln 0) or to the start of the next line (ln 1).
func (s *sheet) cell(w, h float64, text string, ln int, align string) {
	if text != "" {
		dx := cellMargin
		switch align {
		case "C":
			dx = (w - s.GetStringWidth(text)) / 2
		case "R":
			dx = w - cellMargin - s.GetStringWidth(text)
		}
		s.doc.Text(s.cx+dx, s.cy+0.5*h+0.3*s.fontMM(), text)
	}
	if ln > 0 {
		s.cy += h
		s.cx = pageMargin
		return
	}
	s.cx += w
}

// SplitText breaks text into lines that fit a cell of width w in the
// current font: at the last space that fits, inside a word only when the
// word alone is too wide, and at every newline. It is fpdf's rule (widths
// in 1/1000 em, the cell margins taken off), so the forms wrap as before.
func (s *sheet) SplitText(text string, w float64) []string {
	if s.face == nil || s.size <= 0 {
		return []string{text}
	}
	wmax := int(math.Ceil((w - 2*cellMargin) * 1000 / s.fontMM()))
	runes := []rune(text)
	for len(runes) > 0 && runes[len(runes)-1] == '\n' {
		runes = runes[:len(runes)-1]
	}
	var lines []string
	sep, i, j, l := -1, 0, 0, 0
	for i < len(runes) {
		c := runes[i]
		l += s.face.RuneWidth(c)
		if unicode.IsSpace(c) || c >= 0x4e00 && c <= 0x9fa5 {
			sep = i
		}
		if c != '\n' && l <= wmax {
			i++
			continue
		}
		if sep == -1 {
			if i == j {
				i++
			}
			sep = i
		} else {
			i = sep + 1
		}
		lines = append(lines, string(runes[j:sep]))
		sep, j, l = -1, i, 0
	}
	if i != j {
		lines = append(lines, string(runes[j:i]))
	}
	return lines
}

// Drawing, in mm.
func (s *sheet) SetLineWidth(mm float64)                    { s.doc.SetLineWidth(mm) }
func (s *sheet) Line(x1, y1, x2, y2 float64)                { s.doc.Line(x1, y1, x2, y2) }
func (s *sheet) Rect(x, y, w, h float64, paint pdf.Paint)   { s.doc.Rect(x, y, w, h, paint) }
func (s *sheet) Polygon(pts []pdf.Point, paint pdf.Paint)   { s.doc.Polygon(pts, paint) }
func (s *sheet) SetDashPattern(mm []float64, phase float64) { s.doc.SetDash(mm, phase) }
func (s *sheet) SetFillColor(r, g, b int)                   { s.doc.SetFillColor(byte8(r), byte8(g), byte8(b)) }
func (s *sheet) SetDrawColor(r, g, b int)                   { s.doc.SetStrokeColor(byte8(r), byte8(g), byte8(b)) }

func byte8(v int) uint8 { return uint8(min(max(v, 0), 255)) }

var errNoFont = errors.New("the embedded font could not be read")
