package pdf

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/testtool"
)

func loadFont(t testing.TB, file, name string) *Font {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "fonts", file))
	if err != nil {
		t.Fatal(err)
	}
	f, err := ParseFont(name, b)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func save(t *testing.T, d *Doc) (string, []byte) {
	t.Helper()
	var b bytes.Buffer
	if _, err := d.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(p, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p, b.Bytes()
}

var vietnamese = []string{
	"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
	"Độc lập - Tự do - Hạnh phúc",
	"Nguyễn Thị Ánh Tuyết, ấp Tân Lợi, xã Tân Thành, tỉnh Cà Mau",
	"ắằẳẵặ ấầẩẫậ ếềểễệ ốồổỗộ ớờởỡợ ứừửữự ỳỷỹỵ đĐ",
}

func sampleDoc(t testing.TB) *Doc {
	regular := loadFont(t, "DejaVuSerif.ttf", "DejaVuSerif")
	bold := loadFont(t, "DejaVuSerif-Bold.ttf", "DejaVuSerif-Bold")
	d := New(A4, Info{Creator: "motcua", Created: time.Date(2023, 11, 8, 10, 0, 0, 0, time.FixedZone("ICT", 7*3600))})
	d.AddPage()
	for i, l := range vietnamese {
		f := regular
		if i%2 == 1 {
			f = bold
		}
		d.SetFont(f, 11)
		d.Text(20, 30+float64(10*i), l)
	}
	d.SetFillColor(21, 101, 192)
	d.Rect(20, 100, 30, 10, Fill)
	d.SetDash([]float64{2, 2}, 0)
	d.Line(20, 120, 120, 120)
	d.Polygon([]Point{{60, 100}, {80, 100}, {70, 115}}, FillStroke)
	d.AddPage()
	d.SetFont(regular, 9)
	d.Text(20, 20, "Trang 2")
	return d
}

// The text a page prints is the text pdftotext reads back, diacritics and
// all, in NFC.
func TestTextExtractsExactly(t *testing.T) {
	p, _ := save(t, sampleDoc(t))
	out := testtool.Run(t, testtool.Need(t, "pdftotext", "poppler-utils"), "-raw", "-enc", "UTF-8", p, "-")
	got := strings.FieldsFunc(out, func(r rune) bool { return r == '\n' || r == '\f' })
	want := append(append([]string{}, vietnamese...), "Trang 2")
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("pdftotext read\n%q\nwant\n%q", got, want)
	}
}

// The file is well formed (xref offsets, streams) by qpdf's own check, and
// pdffonts sees two embedded subset fonts with Unicode maps.
func TestFileChecksAndFontsAreSubsets(t *testing.T) {
	p, b := save(t, sampleDoc(t))
	testtool.Run(t, testtool.Need(t, "qpdf", "qpdf"), "--check", p)
	out := testtool.Run(t, testtool.Need(t, "pdffonts", "poppler-utils"), p)
	lines := strings.Split(strings.TrimSpace(out), "\n")[2:]
	if len(lines) != 2 {
		t.Fatalf("want 2 fonts:\n%s", out)
	}
	for _, l := range lines {
		f := strings.Fields(l)
		name, emb, sub, uni := f[0], f[len(f)-5], f[len(f)-4], f[len(f)-3]
		if emb != "yes" || sub != "yes" || uni != "yes" || !strings.Contains(name, "+DejaVuSerif") {
			t.Errorf("font not an embedded subset with a Unicode map: %q", l)
		}
	}
	if len(b) > 40<<10 {
		t.Errorf("the file is %d bytes: the fonts were not subset", len(b))
	}
}

// Every cross-reference entry points at its object, and startxref at the
// table: checked here by hand, and by qpdf where it is installed.
func TestXrefOffsetsPointAtObjects(t *testing.T) {
	_, b := save(t, sampleDoc(t))
	at := bytes.LastIndex(b, []byte("\nxref\n")) + 1
	var start int
	if _, err := fmt.Sscanf(string(b[bytes.LastIndex(b, []byte("startxref\n")):]), "startxref\n%d", &start); err != nil || start != at {
		t.Fatalf("startxref says %d, the table is at %d (%v)", start, at, err)
	}
	lines := strings.Split(string(b[at:]), "\n")
	var n int
	fmt.Sscanf(lines[1], "0 %d", &n)
	if n < 10 {
		t.Fatalf("xref lists %d objects", n)
	}
	for i := 1; i < n; i++ {
		var off int
		fmt.Sscanf(lines[2+i], "%d", &off)
		if want := fmt.Sprintf("%d 0 obj\n", i); !bytes.HasPrefix(b[off:], []byte(want)) {
			t.Errorf("object %d: offset %d points at %q", i, off, b[off:min(off+12, len(b))])
		}
		if len(lines[2+i]) != 19 { // 20 bytes with the newline
			t.Errorf("entry %d is %q: not 20 bytes", i, lines[2+i])
		}
	}
}

func TestSameInputSameBytes(t *testing.T) {
	_, a := save(t, sampleDoc(t))
	_, b := save(t, sampleDoc(t))
	if !bytes.Equal(a, b) {
		t.Fatal("two runs over the same input wrote different files")
	}
}

// The subset keeps the outlines of the used glyphs, of the glyphs they are
// built from, and of .notdef: no other.
func TestSubsetHoldsOnlyUsedGlyphs(t *testing.T) {
	f := loadFont(t, "DejaVuSerif.ttf", "DejaVuSerif")
	used := map[uint16]bool{}
	for _, r := range "Aấ" {
		g, _ := f.glyph(r)
		used[g] = true
	}
	want := map[uint16]bool{0: true}
	var add func(g uint16)
	add = func(g uint16) {
		want[g] = true
		for _, c := range f.components(int(g)) {
			add(c)
		}
	}
	for g := range used {
		add(g)
	}
	if len(want) < 5 {
		t.Fatalf("ấ is not a composite glyph in this font (%d glyphs): the test proves nothing", len(want))
	}
	sub, err := parseGlyphs("S", f.subset(used))
	if err != nil {
		t.Fatalf("the subset does not parse: %v", err)
	}
	for g := range sub.glyphs {
		start, end, ok := sub.glyphRange(g)
		if !ok {
			t.Fatalf("glyph %d: bad loca", g)
		}
		if has := end > start; has != want[uint16(g)] {
			t.Errorf("glyph %d: outline kept %v, want %v", g, has, want[uint16(g)])
		}
		if src, srcEnd, _ := f.glyphRange(g); want[uint16(g)] && end-start < srcEnd-src {
			t.Errorf("glyph %d: outline cut", g)
		}
	}
	if sub.width[0] != f.width[0] {
		t.Errorf(".notdef width %d, want %d", sub.width[0], f.width[0])
	}
}

// Nothing a caller passes makes the writer panic: characters the font
// lacks print as a replacement, empty and broken strings, numbers that are
// not numbers, drawing before a page (an error from WriteTo), a nil font.
func TestOddInputNeverPanics(t *testing.T) {
	f := loadFont(t, "DejaVuSerif.ttf", "DejaVuSerif")
	d := New(A5, Info{})
	d.Text(1, 1, "trước trang đầu")
	if _, err := d.WriteTo(&bytes.Buffer{}); err == nil {
		t.Error("drawing before the first page was not reported")
	}
	d = New(A5.Landscape(), Info{Creator: "Một cửa (thử) \\"})
	d.SetFont(nil, 10)
	d.AddPage()
	d.Text(10, 10, "no font yet")
	d.SetFont(f, 10)
	for _, s := range []string{"", "\x00\x1b[31m", "\xff\xfe broken", "😀 \U0010FFFF \uE000", strings.Repeat("Nguyễn ", 5000)} {
		d.Text(10, 20, s)
	}
	nan := math.NaN()
	d.Rect(nan, math.Inf(1), -5, nan, FillStroke)
	d.Polygon([]Point{{1, 1}}, Fill)
	d.SetPage(0)
	d.SetPage(99)
	p, _ := save(t, d)
	testtool.Run(t, testtool.Need(t, "qpdf", "qpdf"), "--check", p)
	out := testtool.Run(t, testtool.Need(t, "pdftotext", "poppler-utils"), "-enc", "UTF-8", p, "-")
	if !strings.Contains(out, "\uFFFD") || !strings.Contains(out, "Nguyễn Nguyễn") {
		t.Errorf("a missing character did not print as U+FFFD, or text was lost:\n%.200s", out)
	}
}

// A damaged font is an error, never a panic: every truncation of a real
// font and some noise.
func TestDamagedFontIsAnError(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "fonts", "DejaVuSerif.ttf"))
	if err != nil {
		t.Fatal(err)
	}
	for n := 0; n < 2000; n += 7 {
		if _, err := ParseFont("x", b[:n]); err == nil {
			t.Fatalf("%d bytes of a font parsed", n)
		}
	}
	noise := bytes.Repeat([]byte{0xFF, 0x00, 0x7F, 0x80}, 300)
	copy(noise, b[:12])
	if f, err := ParseFont("x", noise); err == nil {
		f.subset(map[uint16]bool{1: true})
	}
}

// A parsed font is shared: documents drawn at once with the same fonts
// (the server prints for several requests) do not disturb each other
// (run with -race), and each is the file drawn alone.
func TestDocumentsShareFonts(t *testing.T) {
	regular := loadFont(t, "DejaVuSerif.ttf", "DejaVuSerif")
	draw := func() []byte {
		d := New(A5, Info{})
		d.AddPage()
		d.SetFont(regular, 10)
		d.Text(10, 10, vietnamese[2])
		var b bytes.Buffer
		d.WriteTo(&b)
		return b.Bytes()
	}
	alone := draw()
	out := make(chan []byte, 4)
	for range 4 {
		go func() { out <- draw() }()
	}
	for range 4 {
		if !bytes.Equal(<-out, alone) {
			t.Fatal("a document drawn beside others differs from the same one drawn alone")
		}
	}
}
