package motcua

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestTextNFC(t *testing.T) {
	nfd := "Nguye\u0302\u0303n"
	if got := NFC(nfd); got != "Nguyễn" {
		t.Errorf("NFC(%q) = %q, want %q", nfd, got, "Nguyễn")
	}
	if got := NFC("Nguyễn"); got != "Nguyễn" {
		t.Errorf("NFC of NFC changed the string: %q", got)
	}
}

func TestCleanName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"  Nguyễn   Thị  Ánh ", "Nguyễn Thị Ánh"},
		{"Nguye\u0302\u0303n Va\u0306n \u0110u\u031bc", "Nguyễn Văn Đưc"},
		{"Trần\tVăn\nBa\r\n", "Trần Văn Ba"},
		{"Lê\u00a0Thị\u3000Hoa", "Lê Thị Hoa"},       // no-break and ideographic spaces
		{"Lê\u200bThị\ufeff Hoa\u00ad", "LêThị Hoa"}, // zero-width and soft hyphen
		{"Võ\x00 Văn\x7f Kiệt", "Võ Văn Kiệt"},       // controls
		{"\x1b[31mPhạm\x1b[0m Hùng", "Phạm Hùng"},    // escapes
		{"Hoa\u202e gnươrT", "Hoa gnươrT"},           // bidi override
		{"a\u200b\u0301", "á"},                       // mark rejoins its letter
		{"", ""},
		{" \t\n ", ""},
	} {
		if got := CleanName(tc.in); got != tc.want {
			t.Errorf("CleanName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Nguyễn Văn Đức", "nguyen van duc"},
		{"ĐẶNG THỊ HUỆ", "dang thi hue"},
		{"đ Đ", "d d"},
		{"Nguye\u0302\u0303n Va\u0306n D\u0323u\u031b\u0301c", "nguyen van duc"}, // NFD
		{"Trần Thị Ánh", "tran thi anh"},
		{"Ưu Ơn Ỳ ỷ ỹ ỵ", "uu on y y y y"},
		{"nguyen van a", "nguyen van a"},
		{"ABC xyz 123", "abc xyz 123"},
		{"Ðặng", "dang"}, // eth typed for Đ
		{"Łódź Øre Çà Ñ", "lodz ore ca n"},
		{"ÀÁÂÃÄÅàáâãäå", "aaaaaaaaaaaa"},
		{"Ελλάδα", "ελλαδα"},
		{"東京", "東京"},
		{"x\xffy", "x\uFFFDy"},
		{"", ""},
	} {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// Every Vietnamese vowel with every tone, in both cases and both
// normalisation forms, folds to its bare ASCII letter.
func TestFoldVietnameseAlphabet(t *testing.T) {
	bases := map[string]string{
		"a": "a", "ă": "a", "â": "a", "e": "e", "ê": "e", "i": "i", "o": "o",
		"ô": "o", "ơ": "o", "u": "u", "ư": "u", "y": "y",
	}
	tones := []string{"", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
	n := 0
	for base, want := range bases {
		for _, tone := range tones {
			lower := norm.NFC.String(base + tone)
			for _, s := range []string{lower, strings.ToUpper(lower), norm.NFD.String(lower), norm.NFD.String(strings.ToUpper(lower))} {
				if got := Fold(s); got != want {
					t.Errorf("Fold(%q) = %q, want %q", s, got, want)
				}
				n++
			}
		}
	}
	if n != 12*6*4 {
		t.Fatalf("checked %d forms", n)
	}
}

// The tables must agree with the definition (lower-case, decompose, drop
// marks) for every code point they cover, except the stroke letters that
// are folded on purpose.
func TestFoldTablesMatchDefinition(t *testing.T) {
	special := map[rune]bool{'Đ': true, 'đ': true, 'Ð': true, 'ð': true, 'Ł': true, 'ł': true, 'Ø': true,
		'ø': true, 'Ħ': true, 'ħ': true, 'Ŧ': true, 'ŧ': true, 'ƀ': true, 'Ƀ': true}
	ref := func(r rune) string {
		var b strings.Builder
		for _, m := range norm.NFD.String(string(unicode.ToLower(r))) {
			if !unicode.Is(unicode.Mn, m) {
				b.WriteRune(m)
			}
		}
		return b.String()
	}
	for _, rng := range [][2]rune{{0, 0x400}, {0x1E00, 0x1F00}} {
		for r := rng[0]; r < rng[1]; r++ {
			if special[r] || (r >= 0xD800 && r < 0xE000) {
				continue
			}
			if got, want := Fold(string(r)), ref(r); got != want {
				t.Errorf("Fold(%U %q) = %q, want %q", r, string(r), got, want)
			}
		}
	}
}

func TestFoldAllocs(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { _ = Fold("nguyen van duc") }); n != 0 {
		t.Errorf("Fold of folded ASCII allocates %v times, want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() { _ = Fold("Nguyễn Văn Đức") }); n > 1 {
		t.Errorf("Fold of a Vietnamese name allocates %v times, want ≤ 1", n)
	}
	buf := make([]byte, 0, 64)
	if n := testing.AllocsPerRun(100, func() { buf = AppendFold(buf[:0], "Nguyễn Văn Đức") }); n != 0 {
		t.Errorf("AppendFold into a large buffer allocates %v times, want 0", n)
	}
}

func TestTokens(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"Nguyễn Văn Đức", []string{"nguyen", "van", "duc"}},
		{"  Trần-Thị Ánh, 1987 ", []string{"tran", "thi", "anh", "1987"}},
		{"H’Hen Niê", []string{"h", "hen", "nie"}},
		{"000.00.06.H56-231027-0361", []string{"000", "00", "06", "h56", "231027", "0361"}},
		{"", nil},
		{" ,.- ", nil},
	} {
		got := Tokens(tc.in)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
			t.Errorf("Tokens(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestTextDigits(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"038 087.042-028", "038087042028"},
		{"+84 (912) 345-678", "84912345678"},
		{"0912345678", "0912345678"},
		{"abc", ""},
		{"١٢٣", ""}, // Arabic-Indic digits are not ASCII digits
		{"", ""},
	} {
		if got := Digits(tc.in); got != tc.want {
			t.Errorf("Digits(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSanitize(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"plain", "Nguyễn Văn A", "Nguyễn Văn A"},
		{"newline kept", "dòng 1\ndòng 2", "dòng 1\ndòng 2"},
		{"tab to space", "a\tb", "a b"},
		{"clear screen", "\x1b[2Jxin chào", "xin chào"},
		{"colour", "\x1b[1;31mĐỎ\x1b[0m", "ĐỎ"},
		{"csi private", "\x1b[?1049hx", "x"},
		{"osc title bel", "\x1b]0;pwned\x07Tên", "Tên"},
		{"osc title st", "\x1b]0;pwned\x1b\\Tên", "Tên"},
		{"osc hyperlink", "\x1b]8;;http://evil\x1b\\bấm\x1b]8;;\x1b\\", "bấm"},
		{"osc unterminated", "a\x1b]0;pwned", "a"},
		{"osc ended by new escape", "a\x1b]0;x\x1b[31mb", "ab"},
		{"dcs", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab"},
		{"apc", "a\x1b_Gf=100;AAAA\x1b\\b", "ab"},
		{"sos pm", "a\x1bXsos\x1b\\b\x1b^pm\x1b\\c", "abc"},
		{"two-byte", "a\x1b7b\x1b8c\x1bcd", "abcd"},
		{"nF charset", "a\x1b(0b", "ab"},
		{"lone esc at end", "a\x1b", "a"},
		{"esc before utf8", "a\x1bđ", "ađ"},
		{"c1 csi", "\u009b31mđỏ", "đỏ"},
		{"c1 osc", "\u009d0;pwned\u0007x", "x"},
		{"c1 osc st", "\u009d0;pwned\u009cx", "x"},
		{"c1 dcs", "a\u0090data\u009cb", "ab"},
		{"c1 others", "a\u0085b\u0080c", "abc"},
		{"c0 and del", "a\x00b\x07c\x08d\rE\x7f", "abcdE"},
		{"crlf", "a\r\nb", "a\nb"},
		{"bidi override", "abc\u202egnp.exe", "abcgnp.exe"},
		{"bidi isolates", "\u2066a\u2067b\u2068c\u2069\u202a\u202b\u202c\u202d", "abc"},
		{"invalid utf8", "a\xffb\xc3", "a\uFFFDb\uFFFD"},
		{"raw 8-bit csi byte", "a\x9b31mb", "a\uFFFD31mb"},
		{"nfd to nfc", "Nguye\u0302\u0303n", "Nguyễn"},
		{"csi cut by control", "\x1b[31\nx", "\nx"},
		{"empty", "", ""},
	} {
		if got := Sanitize(tc.in); got != tc.want {
			t.Errorf("%s: Sanitize(%q) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

func TestSanitizeLine(t *testing.T) {
	if got := SanitizeLine("Ấp 3\nxã Vĩnh Thanh\x1b[2J"); got != "Ấp 3 xã Vĩnh Thanh" {
		t.Errorf("SanitizeLine = %q", got)
	}
	if got := SanitizeLine("a\r\nb"); got != "a b" {
		t.Errorf("SanitizeLine(CRLF) = %q", got)
	}
}

func TestSanitizeCleanTextIsNotCopied(t *testing.T) {
	for _, s := range []string{"ascii text", "Nguyễn Văn Đức\nẤp 3"} {
		if n := testing.AllocsPerRun(50, func() { _ = Sanitize(s) }); n != 0 {
			t.Errorf("Sanitize(%q) allocates %v times, want 0", s, n)
		}
	}
}

func TestSanitizeNFCInertRanges(t *testing.T) {
	for r := rune(0); r < 0x3000; r++ {
		if !isNFCInert(r) {
			continue
		}
		p := norm.NFC.PropertiesString(string(r))
		if p.CCC() != 0 || !p.BoundaryBefore() || norm.NFC.String(string(r)) != string(r) {
			t.Errorf("%U is not inert under NFC", r)
		}
	}
}

func checkSanitized(t *testing.T, in, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("Sanitize(%q) = %q: invalid UTF-8", in, out)
	}
	for _, r := range out {
		switch {
		case r == 0x1b, r < 0x20 && r != '\n', r == 0x7f, r >= 0x80 && r <= 0x9f, isBidiControl(r):
			t.Fatalf("Sanitize(%q) = %q: contains %U", in, out, r)
		}
	}
	if !norm.NFC.IsNormalString(out) {
		t.Fatalf("Sanitize(%q) = %q: not NFC", in, out)
	}
	if again := Sanitize(out); again != out {
		t.Fatalf("Sanitize not idempotent: %q → %q → %q", in, out, again)
	}
	line := SanitizeLine(in)
	if strings.ContainsRune(line, '\n') {
		t.Fatalf("SanitizeLine(%q) = %q: contains a newline", in, line)
	}
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{
		"", "Nguyễn Văn Đức", "\x1b[2J", "\x1b]0;pwned\x07", "\x1b]8;;x\x1b\\y", "\u009b31m", "\u009d0;x\u009c",
		"\x1bP\x1b\\", "abc\u202egnp", "\u2066x\u2069", "a\xffb", "\x9b", "\xc2", "\x1b", "\x1b[", "\x1b(",
		"e\u0302\u0303", "\t\r\n\x00\x7f", "\u0085",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkSanitized(t, s, Sanitize(s))
		// the other public text functions must not panic either
		_ = CleanName(s)
		_ = Fold(s)
		_ = Tokens(s)
	})
}

func BenchmarkFold(b *testing.B) {
	names := []string{
		"Nguyễn Văn Đức",
		"TRẦN THỊ NGỌC ÁNH",
		"Nguye\u0302\u0303n Thi\u0323 Hu\u0302\u0323",
		"le van tam",
		"Lê Hoàng Phương Thảo, ấp Tân Hưng, xã Vĩnh Thanh",
	}
	var n int
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		n += len(Fold(names[i%len(names)]))
	}
	_ = n
}

func BenchmarkSanitizeClean(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = Sanitize("Lê Hoàng Phương Thảo, ấp Tân Hưng, xã Vĩnh Thanh")
	}
}
