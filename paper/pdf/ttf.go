package pdf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// Font is a parsed TrueType font (glyf outlines): what a page needs to
// measure and encode text, and what a subset needs to copy glyphs. It is
// read-only once parsed, so documents may share it.
type Font struct {
	name     string            // PostScript name written in the PDF, e.g. DejaVuSerif-Bold
	data     []byte            // the whole file
	tables   map[string][]byte // slices of data, by tag
	upem     int               // units per em
	glyphs   int               // numGlyphs (maxp)
	hmetrics int               // numberOfHMetrics (hhea)
	long     bool              // loca holds 32-bit offsets
	width    []int             // advance of each glyph in 1/1000 em, rounded
	cmap     map[rune]uint16   // Unicode to glyph

	ascent, descent, capHeight int // 1/1000 em
	bbox                       [4]int
	italicAngle                float64
	stemV                      int
}

var errFont = errors.New("pdf: malformed TrueType font")

// be reads big-endian fields from a table without ever reading past it:
// a short table reads as zeros and sets bad.
type be struct {
	b   []byte
	bad bool
}

func (r *be) u16(off int) int {
	if off < 0 || off+2 > len(r.b) {
		r.bad = true
		return 0
	}
	return int(binary.BigEndian.Uint16(r.b[off:]))
}

func (r *be) i16(off int) int { return int(int16(r.u16(off))) }

func (r *be) u32(off int) int {
	if off < 0 || off+4 > len(r.b) {
		r.bad = true
		return 0
	}
	return int(binary.BigEndian.Uint32(r.b[off:]))
}

// ParseFont reads a TrueType font. name is the PostScript name the PDF
// gives it.
func ParseFont(name string, data []byte) (*Font, error) {
	f, err := parseGlyphs(name, data)
	if err != nil {
		return nil, err
	}
	if err := f.readCmap(); err != nil {
		return nil, err
	}
	f.readOptional()
	return f, nil
}

// parseGlyphs reads what measuring and subsetting need, without the
// Unicode map (a subset has none).
func parseGlyphs(name string, data []byte) (*Font, error) {
	f := &Font{name: psName(name), data: data, tables: map[string][]byte{}}
	if err := f.readDirectory(); err != nil {
		return nil, err
	}
	for _, tag := range []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf"} {
		if f.tables[tag] == nil {
			return nil, fmt.Errorf("%w: no %s table", errFont, tag)
		}
	}
	for _, step := range []func() error{f.readHead, f.readHhea, f.readMetrics} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return f, nil
}

func (f *Font) readDirectory() error {
	r := be{b: f.data}
	n := r.u16(4)
	for i := range n {
		rec := 12 + 16*i
		tag := string(f.data[min(rec, len(f.data)):min(rec+4, len(f.data))])
		off, length := r.u32(rec+8), r.u32(rec+12)
		if r.bad || off+length > len(f.data) || off+length < off {
			return fmt.Errorf("%w: table %q outside the file", errFont, tag)
		}
		f.tables[tag] = f.data[off : off+length]
	}
	if r.bad {
		return fmt.Errorf("%w: short table directory", errFont)
	}
	return nil
}

func (f *Font) readHead() error {
	r := be{b: f.tables["head"]}
	f.upem = r.u16(18)
	for i := range f.bbox {
		f.bbox[i] = f.scale(r.i16(36 + 2*i))
	}
	f.long = r.i16(50) == 1
	r2 := be{b: f.tables["maxp"]}
	f.glyphs = r2.u16(4)
	if r.bad || r2.bad || f.upem == 0 || f.glyphs == 0 {
		return fmt.Errorf("%w: head or maxp", errFont)
	}
	return nil
}

// scale converts font units to 1/1000 em as PDF metrics are written.
func (f *Font) scale(v int) int {
	if f.upem == 0 {
		return 0
	}
	return int(math.Round(float64(v) * 1000 / float64(f.upem)))
}

func (f *Font) readHhea() error {
	r := be{b: f.tables["hhea"]}
	f.ascent, f.descent = f.scale(r.i16(4)), f.scale(r.i16(6))
	f.hmetrics = r.u16(34)
	if r.bad || f.hmetrics == 0 || f.hmetrics > f.glyphs {
		return fmt.Errorf("%w: hhea", errFont)
	}
	return nil
}

// readMetrics keeps every glyph's advance; glyphs past numberOfHMetrics
// share the last one.
func (f *Font) readMetrics() error {
	r := be{b: f.tables["hmtx"]}
	f.width = make([]int, f.glyphs)
	adv := 0
	for g := range f.glyphs {
		if g < f.hmetrics {
			adv = r.u16(4 * g)
		}
		f.width[g] = f.scale(adv)
	}
	if r.bad {
		return fmt.Errorf("%w: hmtx", errFont)
	}
	return nil
}

// readOptional takes what only the font descriptor needs; a font without
// these tables still prints.
func (f *Font) readOptional() {
	f.capHeight, f.stemV = f.ascent, 80
	if t := f.tables["OS/2"]; t != nil {
		r := be{b: t}
		weight := r.u16(4)
		f.stemV = 50 + int(math.Pow(float64(weight)/65, 2))
		if r.u16(0) >= 2 {
			if c := f.scale(r.i16(88)); !r.bad && c > 0 {
				f.capHeight = c
			}
		}
		if r.bad {
			f.stemV = 80
		}
	}
	if t := f.tables["post"]; t != nil {
		r := be{b: t}
		if v := r.u32(4); !r.bad {
			f.italicAngle = float64(int32(v)) / 65536
		}
	}
}

// glyphRange is where glyph g's outline lies in glyf (empty for a blank
// glyph such as the space).
func (f *Font) glyphRange(g int) (start, end int, ok bool) {
	r := be{b: f.tables["loca"]}
	if f.long {
		start, end = r.u32(4*g), r.u32(4*g+4)
	} else {
		start, end = 2*r.u16(2*g), 2*r.u16(2*g+2)
	}
	if r.bad || g < 0 || g >= f.glyphs || start > end || end > len(f.tables["glyf"]) {
		return 0, 0, false
	}
	return start, end, true
}

// psName keeps the letters, digits and hyphens of name: a PDF name with
// nothing to escape.
func psName(name string) string {
	b := []byte{}
	for _, c := range []byte(name) {
		if c == '-' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' {
			b = append(b, c)
		}
	}
	if len(b) == 0 {
		return "Font"
	}
	return string(b)
}
