package ui

import (
	"strings"

	"rsc.io/qr"
)

// qrQuiet is the light margin around the code, in modules. The standard
// asks for four; two is what fits at 80×24 and phone readers accept it,
// the more so as the styled code brings its own white background.
const qrQuiet = 2

// qrLines draws text as a QR code with half-block characters: each line of
// text holds two rows of modules. darkGlyphs says whether the glyphs
// (█▀▄) stand for dark modules (dark ink on light paper, or a style that
// sets black on white) or for light ones (light text on a dark terminal
// without colours). nil when the text cannot be encoded.
func qrLines(text string, darkGlyphs bool) []string {
	code, err := qr.Encode(text, qr.L)
	if err != nil {
		return nil
	}
	n := code.Size + 2*qrQuiet
	dark := func(x, y int) bool {
		x, y = x-qrQuiet, y-qrQuiet
		return code.Black(x, y) // false outside the code: the quiet zone
	}
	var out []string
	for y := 0; y < n; y += 2 {
		var b strings.Builder
		for x := 0; x < n; x++ {
			// A glyph half is drawn where the module has the glyphs' colour;
			// below the last row there is nothing to draw.
			top := dark(x, y) == darkGlyphs
			bottom := y+1 < n && dark(x, y+1) == darkGlyphs
			switch {
			case top && bottom:
				b.WriteString("█")
			case top:
				b.WriteString("▀")
			case bottom:
				b.WriteString("▄")
			default:
				b.WriteString(" ")
			}
		}
		out = append(out, b.String())
	}
	return out
}

// bigFont draws digits and "-" three lines high, three cells wide. An array,
// not a map: the linker lays it out, with no code at start (docs/DESIGN.md
// §16).
var bigFont = [...][3]string{
	'0': {"█▀█", "█ █", "▀▀▀"},
	'1': {"▀█ ", " █ ", "▀▀▀"},
	'2': {"▀▀█", "█▀▀", "▀▀▀"},
	'3': {"▀▀█", " ▀█", "▀▀▀"},
	'4': {"█ █", "▀▀█", "  ▀"},
	'5': {"█▀▀", "▀▀█", "▀▀▀"},
	'6': {"█▀▀", "█▀█", "▀▀▀"},
	'7': {"▀▀█", "  █", "  ▀"},
	'8': {"█▀█", "█▀█", "▀▀▀"},
	'9': {"█▀█", "▀▀█", "▀▀▀"},
	'-': {"   ", "▀▀▀", "   "},
}

// bigText draws s (digits and dashes) in the big font, one cell between
// glyphs; other characters are skipped.
func bigText(s string) [3]string {
	var rows [3]strings.Builder
	first := true
	for _, r := range s {
		if r < 0 || int(r) >= len(bigFont) || bigFont[r][0] == "" {
			continue
		}
		g := bigFont[r]
		for i := range rows {
			if !first {
				rows[i].WriteString(" ")
			}
			rows[i].WriteString(g[i])
		}
		first = false
	}
	return [3]string{rows[0].String(), rows[1].String(), rows[2].String()}
}
