package pdf

import (
	"fmt"
	"slices"
	"strings"
)

// docFont is a font as one document uses it: which glyphs it printed and
// which character each glyph stands for (the ToUnicode map, so text
// copied or extracted from the PDF is the text that was written).
type docFont struct {
	*Font
	id   int             // the resource name is /F<id>
	used map[uint16]bool // glyphs printed
	uni  map[uint16]rune // glyph to the character it printed first
}

// encode turns s into the hex string of its glyph ids (Identity-H: two
// bytes a glyph) and records the glyphs.
func (d *docFont) encode(s string) string {
	var b strings.Builder
	b.Grow(2 + 4*len(s))
	b.WriteByte('<')
	for _, r := range s {
		g, shown := d.glyph(r)
		d.used[g] = true
		if _, ok := d.uni[g]; !ok && g != 0 {
			d.uni[g] = shown
		}
		fmt.Fprintf(&b, "%04X", g)
	}
	b.WriteByte('>')
	return b.String()
}

// widths is the CIDFont's W array: each used glyph's advance, in runs of
// consecutive ids.
func (d *docFont) widths() string {
	gs := d.sortedGlyphs()
	var b strings.Builder
	b.WriteByte('[')
	for i := 0; i < len(gs); {
		j := i
		for j+1 < len(gs) && gs[j+1] == gs[j]+1 {
			j++
		}
		fmt.Fprintf(&b, "%d [", gs[i])
		for k := i; k <= j; k++ {
			if k > i {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "%d", d.width[gs[k]])
		}
		b.WriteString("] ")
		i = j + 1
	}
	b.WriteByte(']')
	return b.String()
}

func (d *docFont) sortedGlyphs() []uint16 {
	gs := make([]uint16, 0, len(d.used))
	for g := range d.used {
		gs = append(gs, g)
	}
	slices.Sort(gs)
	return gs
}

// toUnicode is the CMap that maps each printed glyph back to its
// character, at most 100 entries a block as the format asks.
func (d *docFont) toUnicode() string {
	var gs []uint16
	for g := range d.uni {
		gs = append(gs, g)
	}
	slices.Sort(gs)
	var b strings.Builder
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for i := 0; i < len(gs); i += 100 {
		block := gs[i:min(i+100, len(gs))]
		fmt.Fprintf(&b, "%d beginbfchar\n", len(block))
		for _, g := range block {
			fmt.Fprintf(&b, "<%04X> <%s>\n", g, utf16Hex(d.uni[g]))
		}
		b.WriteString("endbfchar\n")
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return b.String()
}

// utf16Hex is r in UTF-16BE as hex (a surrogate pair above the BMP).
func utf16Hex(r rune) string {
	if r > 0xFFFF && r <= 0x10FFFF {
		r -= 0x10000
		return fmt.Sprintf("%04X%04X", 0xD800+(r>>10), 0xDC00+(r&0x3FF))
	}
	if r < 0 || r > 0xFFFF || (r >= 0xD800 && r < 0xE000) {
		r = 0xFFFD
	}
	return fmt.Sprintf("%04X", r)
}

// tag is the six capital letters that name a subset (PDF 32000 9.6.4),
// drawn from the glyphs it holds so the same text gives the same name.
func (d *docFont) tag() string {
	h := uint32(2166136261)
	for _, g := range d.sortedGlyphs() {
		h = (h ^ uint32(g)) * 16777619
	}
	var t [6]byte
	for i := range t {
		t[i] = 'A' + byte(h%26)
		h /= 26
	}
	return string(t[:])
}
