package motcua

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// NFC returns s in Unicode normalization form C. Vietnamese arrives both
// precomposed ("ễ" as one code point) and decomposed (e + two combining
// marks, typical of macOS and some IMEs); comparing or storing both forms
// would make the same name two different strings.
func NFC(s string) string {
	return norm.NFC.String(s)
}

// CleanName prepares a person's name or any short label typed by a human:
// terminal escapes and control characters are removed (see Sanitize),
// invisible format characters (zero-width space, soft hyphen, bidi marks,
// BOM) are dropped, every run of whitespace of any kind becomes one space,
// the ends are trimmed, and the result is NFC.
func CleanName(s string) string {
	s = Sanitize(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false // a space is pending: written only if a visible rune follows
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
		case unicode.Is(unicode.Cf, r) || unicode.IsControl(r):
			// invisible: neither a character nor a word break
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(r)
		}
	}
	// Dropping a format character can put a combining mark right after its
	// base letter again, so normalise after cleaning, not only before.
	return norm.NFC.String(b.String())
}

// Fold tables. A byte is the ASCII letter a code point folds to; 0 means
// "no simple fold, take the slow path". They cover Latin-1, Latin
// Extended-A/B and Latin Extended Additional (U+1E00–U+1EFF, where most
// Vietnamese letters with two marks live), so folding a Vietnamese name
// never touches the normalisation tables. They are constants
// (fold_tables.go, written by foldTables through `go test -run
// TestFoldTables -update-fold`) rather than built at start: building them
// took a millisecond of every process start, `motcua find` included.

// foldStrokes are the letters with a stroke or slash: they have no
// canonical decomposition, so norm cannot find their base. Đ is the one
// Vietnamese needs; Ð (eth) is the look-alike many keyboards and OCR tools
// produce instead of Đ.
var foldStrokes = []struct {
	r rune
	b byte
}{
	{'Đ', 'd'}, {'đ', 'd'}, {'Ð', 'd'}, {'ð', 'd'},
	{'Ł', 'l'}, {'ł', 'l'}, {'Ø', 'o'}, {'ø', 'o'},
	{'Ħ', 'h'}, {'ħ', 'h'}, {'Ŧ', 't'}, {'ŧ', 't'},
	{'ƀ', 'b'}, {'Ƀ', 'b'},
}

// foldTables computes foldLatin (U+0000–U+024F) and foldExt (U+1E00–U+1EFF).
func foldTables() (latin [0x250]byte, ext [0x100]byte) {
	for r := rune(0x80); r < 0x250; r++ {
		latin[r] = foldSimple(r)
	}
	for r := rune(0x1E00); r < 0x1F00; r++ {
		ext[r-0x1E00] = foldSimple(r)
	}
	for _, p := range foldStrokes {
		latin[p.r] = p.b
	}
	return latin, ext
}

// foldSimple returns the ASCII letter r folds to when r is a Latin letter
// that decomposes to an ASCII letter plus combining marks only.
func foldSimple(r rune) byte {
	d := norm.NFD.String(string(unicode.ToLower(r)))
	base, size := utf8.DecodeRuneInString(d)
	if base >= utf8.RuneSelf || !('a' <= base && base <= 'z') {
		return 0
	}
	for _, m := range d[size:] {
		if !unicode.Is(unicode.Mn, m) {
			return 0
		}
	}
	return byte(base)
}

// Fold returns the search key of s: lower case, without diacritics, đ → d
// ("Nguyễn Văn Đức" → "nguyen van duc"). Precomposed and decomposed input
// give the same key. Letters outside Latin are lower-cased and stripped of
// their combining marks but otherwise kept. It runs on every indexed name
// and every keystroke of a search, so the common cases avoid the
// normalisation tables and at most one allocation is made (none when s is
// already folded ASCII).
func Fold(s string) string {
	i := 0
	for i < len(s) {
		c := s[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			break
		}
		i++
	}
	if i == len(s) {
		return s
	}
	// Names fit in the stack buffer; the only allocation is the string.
	var buf [64]byte
	out := append(buf[:0], s[:i]...)
	return string(AppendFold(out, s[i:]))
}

// AppendFold appends Fold(s) to dst, for indexers that reuse a buffer.
func AppendFold(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r < 0x250:
			if b := foldLatin[r]; b != 0 {
				dst = append(dst, b)
				continue
			}
		case r >= 0x300 && r < 0x370:
			continue // combining diacritics of decomposed input
		case r >= 0x1E00 && r < 0x1F00:
			if b := foldExt[r-0x1E00]; b != 0 {
				dst = append(dst, b)
				continue
			}
		}
		dst = foldRare(dst, r)
	}
	return dst
}

// foldRare folds a code point the tables do not cover: lower-case it,
// decompose it, and keep what is not a combining mark.
func foldRare(dst []byte, r rune) []byte {
	if unicode.Is(unicode.Mn, r) {
		return dst
	}
	var enc [utf8.UTFMax]byte
	n := utf8.EncodeRune(enc[:], unicode.ToLower(r))
	var tmp [32]byte
	dec := norm.NFD.Append(tmp[:0], enc[:n]...)
	for j := 0; j < len(dec); {
		m, size := utf8.DecodeRune(dec[j:])
		if !unicode.Is(unicode.Mn, m) {
			dst = append(dst, dec[j:j+size]...)
		}
		j += size
	}
	return dst
}

// Tokens returns the folded words of s, split on anything that is neither
// a letter nor a digit ("Trần-Thị Ánh, 1987" → [tran thi anh 1987]).
func Tokens(s string) []string {
	return strings.FieldsFunc(Fold(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// Digits keeps only the ASCII digits of s ("038 087.042-028" → "038087042028").
func Digits(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			n++
		}
	}
	if n == len(s) {
		return s
	}
	b := make([]byte, 0, n)
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			b = append(b, s[i])
		}
	}
	return string(b)
}

// Sanitize makes text that came from outside (a citizen, the network, a
// file, the store) safe to print on a terminal, where an escape sequence
// in a name could clear the screen, retitle the window, forge a hyperlink
// or hide text. It removes:
//
//   - escape sequences, whole: CSI (ESC [ … final), OSC (ESC ] … BEL or
//     ST), DCS/SOS/PM/APC strings (ESC P/X/^/_ … ST), and two-byte and nF
//     escapes (ESC ( B, ESC 7, …). A string with no terminator runs to the
//     end of s, as it would on a terminal;
//   - the 8-bit C1 controls U+0080–U+009F, parsing U+009B (CSI), U+009D
//     (OSC) and U+0090/98/9E/9F (string introducers) like their ESC forms;
//   - every other C0 control and DEL. '\n' is kept; '\t' becomes one space,
//     because tab stops would break the column layout of tables;
//   - the bidi embedding, override and isolate controls (U+202A–U+202E,
//     U+2066–U+2069), which can make text display in another order than
//     it is stored.
//
// Invalid UTF-8 becomes U+FFFD. The result is NFC.
func Sanitize(s string) string {
	if isSafeText(s) {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\n':
				b = append(b, c)
			case c == '\t':
				b = append(b, ' ')
			case c == 0x1b:
				i = skipEscape(s, i+1)
				continue
			case c < 0x20 || c == 0x7f:
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, "\uFFFD"...)
		case r == 0x9b:
			i = skipCSI(s, i+size)
			continue
		case r == 0x9d:
			i = skipString(s, i+size, true)
			continue
		case r == 0x90 || r == 0x98 || r == 0x9e || r == 0x9f:
			i = skipString(s, i+size, false)
			continue
		case r <= 0x9f, isBidiControl(r):
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return string(norm.NFC.Bytes(b))
}

// SanitizeLine is Sanitize for one-line places such as table cells: line
// breaks become spaces.
func SanitizeLine(s string) string {
	s = Sanitize(s)
	if strings.IndexByte(s, '\n') < 0 {
		return s
	}
	return strings.ReplaceAll(s, "\n", " ")
}

// isSafeText reports whether Sanitize would return s unchanged, so that
// rendering clean text, the common case, neither allocates nor rebuilds.
func isSafeText(s string) bool {
	quick := true
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == 0x7f || (c < 0x20 && c != '\n') {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || r <= 0x9f || isBidiControl(r) {
			return false
		}
		quick = quick && isNFCInert(r)
		i += size
	}
	// The normaliser's quick check costs several times the loop above;
	// Vietnamese text needs it only when it holds combining marks.
	return quick || norm.NFC.QuickSpanString(s) == len(s)
}

// isNFCInert reports whether NFC leaves r alone wherever it stands: r is
// its own NFC form, has combining class 0, and never composes with the
// rune before it. This holds for all of Latin-1, Latin Extended-A/B, IPA
// (below the combining marks at U+0300), Latin Extended Additional (the
// Vietnamese letters) and the common punctuation U+2010–U+2027, as a test
// checks.
func isNFCInert(r rune) bool {
	return r < 0x300 || (r >= 0x1E00 && r < 0x1F00) || (r >= 0x2010 && r <= 0x2027)
}

func isBidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// skipEscape returns the index just past the escape sequence whose ESC
// ends at s[i-1].
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch c := s[i]; {
	case c == '[':
		return skipCSI(s, i+1)
	case c == ']':
		return skipString(s, i+1, true)
	case c == 'P' || c == 'X' || c == '^' || c == '_':
		return skipString(s, i+1, false)
	case c >= 0x20 && c <= 0x2f: // nF: intermediates, then a final byte
		for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
			i++
		}
		if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
			i++
		}
		return i
	case c >= 0x30 && c <= 0x7e:
		return i + 1
	}
	// A lone ESC: drop it, keep what follows (it is filtered on its own).
	return i
}

// skipCSI skips parameter and intermediate bytes and the final byte of a
// control sequence. A byte that cannot belong to it ends it unconsumed.
func skipCSI(s string, i int) int {
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x3f {
		i++
	}
	if i < len(s) && s[i] >= 0x40 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipString skips the body of an OSC (bel: BEL also ends it) or
// DCS/SOS/PM/APC string up to and including its terminator. CAN and SUB
// cancel a string; another ESC ends it and starts a new sequence, which
// the caller then parses.
func skipString(s string, i int, bel bool) int {
	for i < len(s) {
		switch c := s[i]; {
		case c == 0x07 && bel, c == 0x18, c == 0x1a:
			return i + 1
		case c == 0x1b:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return i
		case c == 0xc2 && i+1 < len(s) && s[i+1] == 0x9c: // 8-bit ST
			return i + 2
		}
		i++
	}
	return i
}
