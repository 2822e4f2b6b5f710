package pdf

import (
	"encoding/binary"
	"maps"
	"slices"
)

// Composite glyph flags (TrueType glyf table).
const (
	argWords   = 0x0001
	haveScale  = 0x0008
	moreParts  = 0x0020
	haveXYScal = 0x0040
	have2x2    = 0x0080
)

// closure adds to used (not nil) every glyph a used composite glyph is built from,
// and .notdef, which every font must keep.
func (f *Font) closure(used map[uint16]bool) {
	used[0] = true
	work := make([]uint16, 0, len(used))
	for g := range used {
		work = append(work, g)
	}
	for len(work) > 0 {
		g := work[len(work)-1]
		work = work[:len(work)-1]
		for _, c := range f.components(int(g)) {
			if !used[c] {
				used[c] = true
				work = append(work, c)
			}
		}
	}
}

// components lists the glyphs a composite glyph refers to; nil for a
// simple or blank glyph, or one that cannot be read.
func (f *Font) components(g int) []uint16 {
	start, end, ok := f.glyphRange(g)
	if !ok || end-start < 10 {
		return nil
	}
	r := be{b: f.tables["glyf"][start:end]}
	if r.i16(0) >= 0 {
		return nil
	}
	var out []uint16
	for off := 10; ; {
		flags, c := r.u16(off), r.u16(off+2)
		if r.bad {
			return out
		}
		if c < f.glyphs {
			out = append(out, uint16(c))
		}
		off += 4 + partSize(flags)
		if flags&moreParts == 0 {
			return out
		}
	}
}

// partSize is the length of a component's arguments and transform.
func partSize(flags int) int {
	n := 2
	if flags&argWords != 0 {
		n = 4
	}
	switch {
	case flags&haveScale != 0:
		n += 2
	case flags&haveXYScal != 0:
		n += 4
	case flags&have2x2 != 0:
		n += 8
	}
	return n
}

// subset is a TrueType font holding only the used glyphs (and what they
// are built from). Glyph ids stay as in the whole font, so the PDF's CIDs
// are the glyph ids and composite glyphs need no rewriting; glyphs not
// used are empty and the tables end at the highest used one.
func (f *Font) subset(printed map[uint16]bool) []byte {
	used := maps.Clone(printed)
	f.closure(used)
	n := 0
	for g := range used {
		n = max(n, int(g)+1)
	}
	glyf, loca := f.subsetGlyf(used, n)
	nh := min(f.hmetrics, n)
	tables := map[string][]byte{
		"glyf": glyf, "loca": loca, "hmtx": f.subsetHmtx(used, n, nh),
		"head": patched(f.tables["head"], 50, 1),  // indexToLocFormat: long
		"hhea": patched(f.tables["hhea"], 34, nh), // numberOfHMetrics
		"maxp": patched(f.tables["maxp"], 4, n),   // numGlyphs
	}
	if p := f.tables["post"]; len(p) >= 32 {
		tables["post"] = binary.BigEndian.AppendUint32(nil, 0x00030000) // no glyph names
		tables["post"] = append(tables["post"], p[4:32]...)
	}
	for _, tag := range []string{"cvt ", "fpgm", "prep", "OS/2"} {
		if t := f.tables[tag]; t != nil {
			tables[tag] = t
		}
	}
	return sfnt(tables)
}

func (f *Font) subsetGlyf(used map[uint16]bool, n int) (glyf, loca []byte) {
	src := f.tables["glyf"]
	loca = make([]byte, 0, 4*(n+1))
	for g := range n {
		loca = binary.BigEndian.AppendUint32(loca, uint32(len(glyf)))
		if start, end, ok := f.glyphRange(g); ok && used[uint16(g)] {
			glyf = append(glyf, src[start:end]...)
			glyf = append(glyf, make([]byte, pad4(len(glyf)))...)
		}
	}
	return glyf, binary.BigEndian.AppendUint32(loca, uint32(len(glyf)))
}

// subsetHmtx keeps the metrics of used glyphs and zeroes the others.
func (f *Font) subsetHmtx(used map[uint16]bool, n, nh int) []byte {
	src := f.tables["hmtx"]
	out := make([]byte, 4*nh+2*(n-nh))
	for g := range n {
		if !used[uint16(g)] {
			continue
		}
		switch {
		case g < nh && 4*g+4 <= len(src):
			copy(out[4*g:], src[4*g:4*g+4])
		case g >= nh:
			// a trailing left side bearing: in the source after all
			// f.hmetrics long metrics
			at := 4*f.hmetrics + 2*(g-f.hmetrics)
			if g < f.hmetrics {
				at = 4*g + 2
			}
			if at+2 <= len(src) {
				copy(out[4*nh+2*(g-nh):], src[at:at+2])
			}
		}
	}
	// glyphs past numberOfHMetrics take the last advance: keep it
	if last := 4 * (nh - 1); nh > 0 && last+2 <= len(src) {
		copy(out[last:last+2], src[last:last+2])
	}
	return out
}

// patched is a copy of t with the 16-bit field at off set to v.
func patched(t []byte, off, v int) []byte {
	out := slices.Clone(t)
	if off+2 <= len(out) {
		binary.BigEndian.PutUint16(out[off:], uint16(v))
	}
	return out
}

func pad4(n int) int { return (4 - n%4) % 4 }

// sfnt assembles tables into a font file: the directory sorted by tag,
// each table 4-byte aligned with its checksum, and head's
// checkSumAdjustment set over the whole file.
func sfnt(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	slices.Sort(tags)
	n := len(tags)
	sr := 1
	for sr*2 <= n {
		sr *= 2
	}
	out := binary.BigEndian.AppendUint32(nil, 0x00010000)
	for _, v := range []int{n, sr * 16, log2(sr), n*16 - sr*16} {
		out = binary.BigEndian.AppendUint16(out, uint16(v))
	}
	off := 12 + 16*n
	var body []byte
	headAt := -1
	for _, t := range tags {
		b := tables[t]
		if t == "head" && len(b) >= 12 {
			binary.BigEndian.PutUint32(b[8:], 0)
			headAt = off + len(body)
		}
		out = append(out, t...)
		out = binary.BigEndian.AppendUint32(out, checksum(b))
		out = binary.BigEndian.AppendUint32(out, uint32(off+len(body)))
		out = binary.BigEndian.AppendUint32(out, uint32(len(b)))
		body = append(body, b...)
		body = append(body, make([]byte, pad4(len(b)))...)
	}
	out = append(out, body...)
	if headAt >= 0 {
		binary.BigEndian.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	}
	return out
}

func log2(v int) int {
	n := 0
	for v > 1 {
		v >>= 1
		n++
	}
	return n
}

// checksum is the TrueType table checksum: the sum of big-endian 32-bit
// words, the last one zero-padded.
func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
