package pdf

import (
	"bytes"
	"compress/zlib"
	"crypto/md5"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
)

// writer numbers and places the objects of one file; offsets feed the
// cross-reference table.
type writer struct {
	b       bytes.Buffer
	offsets []int // by object number - 1
	z       bytes.Buffer
	zw      *zlib.Writer // one compressor for every stream: each costs ~1 MB to set up
}

func (w *writer) begin(n int) {
	for len(w.offsets) < n {
		w.offsets = append(w.offsets, 0)
	}
	w.offsets[n-1] = w.b.Len()
	fmt.Fprintf(&w.b, "%d 0 obj\n", n)
}

func (w *writer) object(n int, dict string) {
	w.begin(n)
	w.b.WriteString(dict)
	w.b.WriteString("\nendobj\n")
}

// stream writes a Flate-compressed stream; extra goes into its dictionary.
func (w *writer) stream(n int, data []byte, extra string) {
	w.z.Reset()
	if w.zw == nil {
		w.zw = zlib.NewWriter(&w.z)
	} else {
		w.zw.Reset(&w.z)
	}
	w.zw.Write(data) // writes to memory do not fail
	w.zw.Close()
	w.begin(n)
	fmt.Fprintf(&w.b, "<< /Length %d /Filter /FlateDecode%s >>\nstream\n", w.z.Len(), extra)
	w.b.Write(w.z.Bytes())
	w.b.WriteString("\nendstream\nendobj\n")
}

// Object numbers: the catalog, the page tree, the shared resources and
// the information dictionary first, then two a page (the page, its
// content), then five a font.
const (
	objCatalog = 1 + iota
	objPages
	objResources
	objInfo
	objFirstPage
)

// WriteTo writes the document: the pages, the fonts subset to the glyphs
// printed, the cross-reference table. A document with no page gets one
// blank page.
func (d *Doc) WriteTo(out io.Writer) (int64, error) {
	if d.err != nil {
		return 0, d.err
	}
	if len(d.pages) == 0 {
		d.AddPage()
	}
	w := &writer{}
	w.b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	fontAt := objFirstPage + 2*len(d.pages)
	w.object(objCatalog, fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", objPages))
	d.writePages(w)
	var res strings.Builder
	for i, f := range d.fonts {
		fmt.Fprintf(&res, "/F%d %d 0 R ", f.id, fontAt+5*i)
	}
	w.object(objResources, "<< /ProcSet [/PDF /Text] /Font << "+res.String()+">> >>")
	w.object(objInfo, d.infoDict())
	for i, f := range d.fonts {
		d.writeFont(w, f, fontAt+5*i)
	}
	d.writeTrailer(w)
	n, err := out.Write(w.b.Bytes())
	return int64(n), err
}

func (d *Doc) writePages(w *writer) {
	var kids strings.Builder
	for i := range d.pages {
		fmt.Fprintf(&kids, "%d 0 R ", objFirstPage+2*i)
	}
	w.object(objPages, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d /MediaBox [0 0 %s %s] >>",
		strings.TrimSpace(kids.String()), len(d.pages), num(d.size.W), num(d.size.H)))
	for i, p := range d.pages {
		n := objFirstPage + 2*i
		w.object(n, fmt.Sprintf("<< /Type /Page /Parent %d 0 R /Resources %d 0 R /Contents %d 0 R >>", objPages, objResources, n+1))
		w.stream(n+1, []byte(p.b.String()), "")
	}
}

// writeFont writes a Type0 font at n and its CIDFont, descriptor, subset
// font file and ToUnicode map at n+1..n+4.
func (d *Doc) writeFont(w *writer, f *docFont, n int) {
	name := f.tag() + "+" + f.name
	w.object(n, fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>",
		name, n+1, n+4))
	w.object(n+1, fmt.Sprintf("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s "+
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "+
		"/FontDescriptor %d 0 R /DW %d /W %s /CIDToGIDMap /Identity >>",
		name, n+2, f.width[0], f.widths()))
	flags := 32 | 2 // nonsymbolic, serif
	if f.italicAngle != 0 {
		flags |= 64
	}
	w.object(n+2, fmt.Sprintf("<< /Type /FontDescriptor /FontName /%s /Flags %d /FontBBox [%d %d %d %d] "+
		"/ItalicAngle %s /Ascent %d /Descent %d /CapHeight %d /StemV %d /FontFile2 %d 0 R >>",
		name, flags, f.bbox[0], f.bbox[1], f.bbox[2], f.bbox[3], num(f.italicAngle),
		f.ascent, f.descent, f.capHeight, f.stemV, n+3))
	file := f.subset(f.used)
	w.stream(n+3, file, fmt.Sprintf(" /Length1 %d", len(file)))
	w.stream(n+4, []byte(f.toUnicode()), "")
}

func (d *Doc) infoDict() string {
	s := "<< /Producer " + textString("motcua")
	if d.info.Creator != "" {
		s += " /Creator " + textString(d.info.Creator)
	}
	if t := d.info.Created; !t.IsZero() {
		_, off := t.Zone()
		sign := '+'
		if off < 0 {
			sign, off = '-', -off
		}
		date := fmt.Sprintf("(D:%s%c%02d'%02d')", t.Format("20060102150405"), sign, off/3600, off%3600/60)
		s += " /CreationDate " + date + " /ModDate " + date
	}
	return s + " >>"
}

// writeTrailer writes the cross-reference table (every entry 20 bytes) and
// the trailer, with an /ID drawn from the file's bytes.
func (d *Doc) writeTrailer(w *writer) {
	id := md5.Sum(w.b.Bytes())
	at := w.b.Len()
	fmt.Fprintf(&w.b, "xref\n0 %d\n0000000000 65535 f \n", len(w.offsets)+1)
	for _, off := range w.offsets {
		fmt.Fprintf(&w.b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&w.b, "trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%x> <%x>] >>\nstartxref\n%d\n%%%%EOF\n",
		len(w.offsets)+1, objCatalog, objInfo, id, id, at)
}

// textString is s as a PDF text string: literal when plain ASCII, else
// UTF-16BE with its byte order mark.
func textString(s string) string {
	ascii := true
	for _, r := range s {
		if r < 0x20 || r > 0x7E {
			ascii = false
		}
	}
	if ascii {
		r := strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`)
		return "(" + r.Replace(s) + ")"
	}
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	return b.String() + ">"
}
