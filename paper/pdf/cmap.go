package pdf

import "fmt"

// readCmap reads the font's Unicode map: format 12 (all planes) when the
// font has one, else format 4 (the Basic Multilingual Plane).
func (f *Font) readCmap() error {
	r := be{b: f.tables["cmap"]}
	var sub4, sub12 []byte
	for i := range r.u16(2) {
		rec := 4 + 8*i
		platform, encoding, off := r.u16(rec), r.u16(rec+2), r.u32(rec+4)
		unicode := platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10))
		if r.bad || !unicode || off >= len(r.b) {
			continue
		}
		st := be{b: r.b[off:]}
		switch st.u16(0) {
		case 4:
			sub4 = r.b[off:]
		case 12:
			sub12 = r.b[off:]
		}
	}
	f.cmap = map[rune]uint16{}
	switch {
	case sub12 != nil:
		f.readCmap12(sub12)
	case sub4 != nil:
		f.readCmap4(sub4)
	}
	if len(f.cmap) == 0 {
		return fmt.Errorf("%w: no Unicode cmap", errFont)
	}
	return nil
}

func (f *Font) readCmap4(b []byte) {
	r := be{b: b}
	if l := r.u16(2); l < len(b) {
		r.b = b[:l]
	}
	segs := r.u16(6) / 2
	ends, starts, deltas, offs := 14, 16+2*segs, 16+4*segs, 16+6*segs
	for i := range segs {
		end, start := r.u16(ends+2*i), r.u16(starts+2*i)
		delta, ro := r.u16(deltas+2*i), r.u16(offs+2*i)
		if r.bad {
			return
		}
		for c := start; c <= end && c != 0xFFFF; c++ {
			g := (c + delta) & 0xFFFF
			if ro != 0 {
				g = r.u16(offs + 2*i + ro + 2*(c-start))
				if g != 0 {
					g = (g + delta) & 0xFFFF
				}
			}
			f.mapRune(rune(c), g)
		}
	}
}

func (f *Font) readCmap12(b []byte) {
	r := be{b: b}
	n := r.u32(12)
	for i := 0; i < n && !r.bad; i++ {
		rec := 16 + 12*i
		start, end, g := r.u32(rec), r.u32(rec+4), r.u32(rec+8)
		if r.bad || end < start || end > 0x10FFFF {
			return
		}
		for c := start; c <= end; c++ {
			f.mapRune(rune(c), g+c-start)
		}
	}
}

func (f *Font) mapRune(c rune, g int) {
	if g > 0 && g < f.glyphs {
		f.cmap[c] = uint16(g)
	}
}

// glyph is the glyph that prints r. A character the font lacks prints as
// U+FFFD, or "?" when that is missing too, never as nothing: the page
// shows that something was there, and the text layer says so.
func (f *Font) glyph(r rune) (uint16, rune) {
	if g, ok := f.cmap[r]; ok {
		return g, r
	}
	for _, alt := range []rune{0xFFFD, '?'} {
		if g, ok := f.cmap[alt]; ok {
			return g, alt
		}
	}
	return 0, 0xFFFD
}

// Width is the advance of s in 1/1000 em, the unit PDF widths use: the
// sum of each character's rounded advance, as the page prints it.
func (f *Font) Width(s string) int {
	w := 0
	for _, r := range s {
		g, _ := f.glyph(r)
		w += f.width[g]
	}
	return w
}

// RuneWidth is the advance of one character in 1/1000 em.
func (f *Font) RuneWidth(r rune) int {
	g, _ := f.glyph(r)
	return f.width[g]
}

// Has reports whether the font draws r itself (no fallback).
func (f *Font) Has(r rune) bool {
	_, ok := f.cmap[r]
	return ok
}
