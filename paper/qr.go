package paper

import (
	"github.com/motcua/motcua/paper/pdf"
	"rsc.io/qr"
)

// qrCode draws text as a QR code of side size (mm) at x, y, with the
// standard's four-module quiet zone inside the square. Each run of dark
// modules on a row is one rectangle, so the page stays small. It reports
// false when the text cannot be encoded (too long), drawing nothing.
func (s *sheet) qrCode(text string, x, y, size float64) bool {
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		return false
	}
	const quiet = 4
	m := size / float64(code.Size+2*quiet)
	s.SetFillColor(0, 0, 0)
	for row := 0; row < code.Size; row++ {
		for col := 0; col < code.Size; {
			if !code.Black(col, row) {
				col++
				continue
			}
			start := col
			for col < code.Size && code.Black(col, row) {
				col++
			}
			s.Rect(x+float64(quiet+start)*m, y+float64(quiet+row)*m, float64(col-start)*m, m+0.02, pdf.Fill) // a hair taller: no seams between rows
		}
	}
	return true
}
