package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf8"
)

// NewJSONEncoder is a json.Encoder whose output never carries a raw control
// or bidi character: encoding/json escapes C0 controls but leaves C1
// controls (U+0080–U+009F, which some terminals obey as escape sequences)
// and bidi overrides (U+202E turns a line around) as they are. Text from
// another terminal reaches `show --json`, `find --json` and `export
// --format jsonl`, so a script piping them to a screen must be safe.
func NewJSONEncoder(w io.Writer) *json.Encoder {
	return json.NewEncoder(jsonEscaper{w})
}

type jsonEscaper struct{ w io.Writer }

// Write escapes each unsafe rune as \uXXXX. The encoder writes one whole
// value per call, so runes are never split between calls; such runes can
// only stand inside JSON strings, where \u escapes are what they mean.
func (j jsonEscaper) Write(p []byte) (int, error) {
	if !hasUnsafe(p) {
		return j.w.Write(p)
	}
	out := make([]byte, 0, len(p)+32)
	for i := 0; i < len(p); {
		r, n := utf8.DecodeRune(p[i:])
		if UnsafeRune(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, p[i:i+n]...)
		}
		i += n
	}
	if _, err := j.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

func hasUnsafe(p []byte) bool {
	for i := 0; i < len(p); {
		if p[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(p[i:])
		if UnsafeRune(r) {
			return true
		}
		i += n
	}
	return false
}

// UnsafeRune is a rune that must not reach a terminal raw from JSON: a C1
// control, a bidi control or override, or a line/paragraph separator.
func UnsafeRune(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f:
		return true
	case r >= 0x202a && r <= 0x202e:
		return true
	case r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x2028, r == 0x2029, r == 0xfeff:
		return true
	}
	return false
}
