package pdf

import (
	"math"
	"strconv"
	"strings"
)

// k is points per millimetre: pages are laid out in mm from the top left,
// PDF draws in points from the bottom left.
const k = 72 / 25.4

// state is the part of the graphics state the pages set. A page's content
// stream starts from PDF's defaults, and each drawing operator brings the
// stream to the document's current state first, so a page can be drawn
// on again (a footer) without knowing what was drawn last.
type state struct {
	lineWidth float64 // mm
	dash      string  // the d operator's operands, "" for solid
	fill      string  // the rg operator's operands
	stroke    string  // the RG operator's operands
	font      *docFont
	size      float64 // points
}

// pdfDefaults is the graphics state a content stream starts in.
var pdfDefaults = state{lineWidth: 1 / k, fill: black, stroke: black}

const black = "0.000 0.000 0.000"

// page is one page's content stream and the state it has reached.
type page struct {
	b  strings.Builder
	at state
}

func (p *page) op(parts ...string) {
	for i, s := range parts {
		if i > 0 {
			p.b.WriteByte(' ')
		}
		p.b.WriteString(s)
	}
	p.b.WriteByte('\n')
}

// syncStroke writes what differs in the stroking state.
func (p *page) syncStroke(s *state) {
	if p.at.lineWidth != s.lineWidth {
		p.op(num(s.lineWidth*k), "w")
		p.at.lineWidth = s.lineWidth
	}
	if p.at.dash != s.dash {
		d := s.dash
		if d == "" {
			d = "[] 0"
		}
		p.op(d, "d")
		p.at.dash = s.dash
	}
	if p.at.stroke != s.stroke {
		p.op(s.stroke, "RG")
		p.at.stroke = s.stroke
	}
}

func (p *page) syncFill(fill string) {
	if p.at.fill != fill {
		p.op(fill, "rg")
		p.at.fill = fill
	}
}

// num formats a coordinate with two decimals, as fpdf did; a value that is
// not a number draws at 0 rather than break the page.
func num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		v = 0
	}
	s := strconv.FormatFloat(v, 'f', 2, 64)
	if s == "-0.00" {
		s = "0.00"
	}
	return s
}

// rgb is the operands of rg/RG for an 8-bit colour.
func rgb(r, g, b uint8) string {
	c := func(v uint8) string { return strconv.FormatFloat(float64(v)/255, 'f', 3, 64) }
	return c(r) + " " + c(g) + " " + c(b)
}
