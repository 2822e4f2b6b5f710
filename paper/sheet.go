// Package paper draws the forms a one-stop counter hands out and files
// (Mẫu 01–06 of TT 01/2018/TT-VPCP, kept by NĐ 118/2025/NĐ-CP) as PDF, and
// the logbook and the period's report as Excel workbooks. One small
// function per form takes the domain record and writes the page; nothing
// here reads the store or the network.
//
// The font is DejaVu Serif (fonts/LICENSE), embedded in the binary and
// subset into each PDF by paper/pdf, so every Vietnamese glyph prints on
// any computer.
package paper

import (
	_ "embed"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/paper/pdf"
)

var (
	//go:embed fonts/DejaVuSerif.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSerif-Bold.ttf
	fontBold []byte
	//go:embed fonts/DejaVuSerif-Italic.ttf
	fontItalic []byte
)

// Size is the paper a receipt goes on: A4 holds two copies side by side
// (one for the citizen, one for the file), A5 one copy a sheet.
type Size string

const (
	A4 Size = "A4"
	A5 Size = "A5"
)

// ParseSize accepts a4/a5 in any case; "" is A4.
func ParseSize(s string) (Size, error) {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "", "A4":
		return A4, nil
	case "A5":
		return A5, nil
	}
	return "", motcua.Errorf(motcua.EINVALID, "paper_size", "paper",
		"Khổ giấy %q không hỗ trợ: dùng A4 (hai liên một tờ) hoặc A5 (mỗi liên một tờ).",
		"Paper size %q is not supported: use A4 (two copies a sheet) or A5 (one copy a sheet).", motcua.SanitizeLine(s))
}

// Issuer is the office the paper comes from.
type Issuer struct {
	Unit     string // mã định danh, e.g. 000.00.06.H56
	UnitName string // e.g. UBND xã Tân Thành
	Officer  string // who receives, guides or signs at the counter
}

// Options are the choices every form shares.
type Options struct {
	Lang motcua.Lang
	Size Size      // receipts only
	Now  time.Time // the date printed under the header and in the file
	// LookupURL is the public lookup address of the dossier (docs/DESIGN.md §10:
	// PUBLIC_URL/tra-cuu/CODE?k=KEY, motcua.LookupURL). Empty while the unit
	// has no public server or the dossier no lookup key: the QR then encodes
	// the code.
	LookupURL string
	// LookupKey is the citizen's key, printed on the receipt so it can be
	// typed on the lookup page; "" when this terminal has none.
	LookupKey string
}

// LookupAddress is what a receipt's QR code encodes: the public address
// when there is one, the code otherwise.
func LookupAddress(d motcua.Dossier, o Options) string {
	if o.LookupURL != "" {
		return o.LookupURL
	}
	return d.Code
}

// sheet is a PDF document with the helpers the forms share. x and w are
// the panel being drawn (a whole page, or half an A4 sheet for a
// receipt); cx, cy is the cursor of fpdf's cell model (cell.go).
type sheet struct {
	doc   *pdf.Doc
	faces map[string]*pdf.Font
	err   error
	lang  motcua.Lang
	x, w  float64 // the panel's left edge and width inside its margins
	scale float64 // font scale, below 1 when a receipt must shrink to fit

	cx, cy float64   // the cursor, mm from the top left
	face   *pdf.Font // the current font and its size in points
	size   float64
	// footer, when set, is drawn on every page once the number of pages
	// is known ("page 2 of 5").
	footer func(page, pages int)
}

// newSheet starts a document with the embedded fonts.
func newSheet(orientation, size string, o Options) *sheet {
	faces, err := faces()
	if err != nil {
		err = fmt.Errorf("%w: %w", errNoFont, err)
	}
	doc := pdf.New(pageSize(orientation, size), pdf.Info{Creator: "motcua", Created: o.Now})
	s := &sheet{doc: doc, faces: faces, err: err, lang: o.Lang, scale: 1}
	s.setFace("", 10)
	return s
}

// finish numbers the pages (the footer) and writes the document, or the
// first error.
func (s *sheet) finish(w io.Writer) error {
	if s.err != nil {
		return fmt.Errorf("paper: %w", s.err)
	}
	if s.footer != nil {
		n := s.doc.PageCount()
		for p := 1; p <= n; p++ {
			s.doc.SetPage(p)
			s.footer(p, n)
		}
	}
	if _, err := s.doc.WriteTo(w); err != nil {
		return fmt.Errorf("paper: %w", err)
	}
	return nil
}

// t picks the sentence for the sheet's language.
func (s *sheet) t(vi, en string) string {
	if s.lang == motcua.EN {
		return en
	}
	return vi
}

// font sets the style at size points times the sheet's scale.
func (s *sheet) font(style string, size float64) { s.setFace(style, size*s.scale) }

// lh is the line height for the current font.
func (s *sheet) lh() float64 {
	return s.fontMM() * 1.35
}

// clean makes outside text safe and whole for a page: NFC, no control or
// escape sequences, one line.
func clean(v string) string { return motcua.NFC(motcua.SanitizeLine(v)) }

// centre writes one line centred on [x, x+w], shrinking the font when the
// line would not fit (a long unit name is never cut).
func (s *sheet) centre(x, w float64, style string, size float64, text string) {
	s.fitFont(style, size, text, w)
	s.SetX(x)
	s.cell(w, s.lh(), text, 1, "C")
}

// fitFont sets the font at size, or smaller until text fits in w.
func (s *sheet) fitFont(style string, size float64, text string, w float64) {
	s.font(style, size)
	for sz := size; sz > 5 && s.GetStringWidth(text) > w; sz -= 0.5 {
		s.font(style, sz)
	}
}

// para writes text wrapped to the panel, with an optional bold label
// first; the text wraps as one paragraph so nothing is lost or cut.
func (s *sheet) para(label, text string, size float64) { s.paraStyle(label, text, size, "") }

// paraBold is para with the value in bold too: the code, the name.
func (s *sheet) paraBold(label, text string, size float64) { s.paraStyle(label, text, size, "B") }

func (s *sheet) paraStyle(label, text string, size float64, style string) {
	s.font(style, size)
	if label != "" {
		s.font("B", size) // measured wide: bold labels must not overflow
	}
	lines := s.SplitText(strings.TrimSpace(label+" "+text), s.w)
	y := s.GetY()
	for i, l := range lines {
		s.SetXY(s.x, y)
		if i == 0 && label != "" && strings.HasPrefix(l, label) {
			s.font("B", size)
			lw := s.GetStringWidth(label + " ")
			s.cell(lw, s.lh(), label, 0, "L")
			s.font(style, size)
			s.cell(s.w-lw, s.lh(), strings.TrimPrefix(strings.TrimPrefix(l, label), " "), 0, "L")
		} else {
			s.font(style, size)
			s.cell(s.w, s.lh(), l, 0, "L")
		}
		y += s.lh()
	}
	s.SetY(y)
}

// column is one column of a table: its title, width (mm) and alignment.
type column struct {
	title string
	w     float64
	align string
}

// table draws rows under a header row; cells wrap, and a row that would
// cross bottom starts a new page through newPage (nil: never), which must
// redraw whatever heads the page. The header row is drawn again there.
func (s *sheet) table(cols []column, rows [][]string, size, bottom float64, newPage func()) {
	s.tableHeader(cols, size)
	for _, r := range rows {
		h := s.rowHeight(cols, r, size)
		if newPage != nil && s.GetY()+h > bottom {
			newPage()
			s.tableHeader(cols, size)
		}
		s.tableRow(cols, r, size, "", h)
	}
}

func (s *sheet) tableHeader(cols []column, size float64) {
	s.SetFillColor(235, 235, 235)
	hs := make([]string, len(cols))
	for i, c := range cols {
		hs[i] = c.title
	}
	s.tableRow(cols, hs, size, "B", s.rowHeightStyled(cols, hs, size, "B"))
}

func (s *sheet) rowHeight(cols []column, r []string, size float64) float64 {
	return s.rowHeightStyled(cols, r, size, "")
}

func (s *sheet) rowHeightStyled(cols []column, r []string, size float64, style string) float64 {
	s.font(style, size)
	n := 1
	for i, c := range cols {
		if i < len(r) {
			n = max(n, len(s.SplitText(r[i], c.w)))
		}
	}
	return float64(n)*s.lh() + 1
}

// tableRow draws one row of height h; a bold row is the header, shaded.
func (s *sheet) tableRow(cols []column, r []string, size float64, style string, h float64) {
	s.font(style, size)
	y := s.GetY()
	x := s.x
	for i, c := range cols {
		s.SetLineWidth(0.2)
		s.Rect(x, y, c.w, h, map[bool]pdf.Paint{true: pdf.FillStroke, false: pdf.Stroke}[style == "B"])
		if i < len(r) {
			align := c.align
			if style == "B" {
				align = "C"
			}
			for j, l := range s.SplitText(r[i], c.w) {
				s.SetXY(x, y+0.5+float64(j)*s.lh())
				s.cell(c.w, s.lh(), l, 0, align)
			}
		}
		x += c.w
	}
	s.SetY(y + h)
}

// nationalHeader draws the unit on the left and the national motto on the
// right, with the number line under the unit and the date under the motto.
// It returns the y below them.
func (s *sheet) nationalHeader(top float64, iss Issuer, number string, at time.Time) float64 {
	leftW := s.w * 0.40
	rightW := s.w - leftW
	rx := s.x + leftW
	s.SetY(top)
	s.centre(s.x, leftW, "", 9, upper(clean(iss.UnitName)))
	s.centre(s.x, leftW, "B", 9, s.t("BỘ PHẬN MỘT CỬA", "ONE-STOP COUNTER"))
	s.underline(s.x+leftW/2, s.GetY()+0.3, leftW*0.4)
	s.SetY(s.GetY() + 1.5)
	if number != "" {
		s.centre(s.x, leftW, "", 8.5, number)
	}
	leftEnd := s.GetY()
	s.SetY(top)
	s.centre(rx, rightW, "B", 9, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
	s.centre(rx, rightW, "B", 9.5, "Độc lập - Tự do - Hạnh phúc")
	s.font("B", 9.5)
	s.underline(rx+rightW/2, s.GetY()+0.3, s.GetStringWidth("Độc lập - Tự do - Hạnh phúc"))
	s.SetY(s.GetY() + 1.5)
	s.centre(rx, rightW, "I", 9, s.dateLine(at))
	return max(leftEnd, s.GetY()) + 2*s.scale
}

// underline draws a centred rule of width w at y.
func (s *sheet) underline(cx, y, w float64) {
	s.SetLineWidth(0.25)
	s.Line(cx-w/2, y, cx+w/2, y)
}

// dateLine is "Ngày 27 tháng 10 năm 2023" (English "27/10/2023").
func (s *sheet) dateLine(at time.Time) string {
	if at.IsZero() {
		return ""
	}
	v := at.In(motcua.VNZone)
	if s.lang == motcua.EN {
		return "Date: " + v.Format("02/01/2006")
	}
	return fmt.Sprintf("Ngày %02d tháng %02d năm %d", v.Day(), int(v.Month()), v.Year())
}

// title draws the form's name centred, bold, and an optional line under it.
func (s *sheet) title(name, sub string) {
	s.SetY(s.GetY() + 2*s.scale)
	s.centre(s.x, s.w, "B", 11.5, name)
	if sub != "" {
		s.centre(s.x, s.w, "I", 9, sub)
	}
	s.SetY(s.GetY() + 2*s.scale)
}

// signatures draws one block per role across the panel: the role in bold,
// "(Ký và ghi rõ họ tên)" in italics, room to sign, and the name printed.
func (s *sheet) signatures(roles, names []string) {
	n := len(roles)
	if n == 0 {
		return
	}
	colW := s.w / float64(n)
	y := s.GetY() + 2*s.scale
	for i, r := range roles {
		cx := s.x + float64(i)*colW
		s.SetY(y)
		s.centre(cx, colW, "B", 9.5, r)
		s.centre(cx, colW, "I", 8.5, s.t("(Ký và ghi rõ họ tên)", "(Signature and full name)"))
	}
	below := s.GetY() + 16*s.scale
	for i := range roles {
		if i < len(names) && names[i] != "" {
			s.SetY(below)
			s.centre(s.x+float64(i)*colW, colW, "B", 9.5, names[i])
		}
	}
	s.SetY(below + s.lh())
}

// upper is strings.ToUpper that keeps Vietnamese letters whole.
func upper(v string) string { return motcua.NFC(strings.ToUpper(v)) }
