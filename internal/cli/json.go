package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua"
)

// NewJSONEncoder is the one JSON encoder of both programs' --json outputs.
//
// Its output never carries a raw control or bidi character: encoding/json
// escapes C0 controls but leaves C1 controls (U+0080–U+009F, which some
// terminals obey as escape sequences) and bidi overrides (U+202E turns a
// line around) as they are. Text from another terminal reaches `show
// --json`, `find --json` and `export --format jsonl`, so a script piping
// them to a screen must be safe.
//
// And every instant in it is RFC 3339 in Vietnam time (+07:00), whatever
// zone the time.Time carried (a dossier decoded from the server's JSON is
// in UTC, one made on this laptop in its local zone): docs/CLI.md, "Dates
// and times".
func NewJSONEncoder(w io.Writer) *json.Encoder {
	return json.NewEncoder(jsonEscaper{w})
}

type jsonEscaper struct{ w io.Writer }

// Write puts instants in Vietnam time and escapes each unsafe rune as
// \uXXXX. The encoder writes one whole value per call, so runes and strings
// are never split between calls; such runes can only stand inside JSON
// strings, where \u escapes are what they mean.
func (j jsonEscaper) Write(p []byte) (int, error) {
	n := len(p)
	p = vnInstants(p)
	if !hasUnsafe(p) {
		if _, err := j.w.Write(p); err != nil {
			return 0, err
		}
		return n, nil
	}
	out := make([]byte, 0, len(p)+32)
	for i := 0; i < len(p); {
		r, size := utf8.DecodeRune(p[i:])
		if UnsafeRune(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, p[i:i+size]...)
		}
		i += size
	}
	if _, err := j.w.Write(out); err != nil {
		return 0, err
	}
	return n, nil
}

// vnInstants rewrites every JSON string that is exactly an RFC 3339 instant
// ("2023-10-27T02:32:00Z") as the same instant at +07:00
// ("2023-10-27T09:32:00+07:00"). p is one whole JSON value, so its strings
// are found by walking it (a backslash escapes the next byte); a note whose
// whole text is an instant is shown in Vietnam time too, the same instant.
func vnInstants(p []byte) []byte {
	var out []byte // allocated at the first rewrite
	last, open := 0, -1
	for i := 0; i < len(p); i++ {
		switch {
		case open >= 0 && p[i] == '\\':
			i++ // the escaped byte
		case p[i] != '"':
		case open < 0:
			open = i
		default:
			s := p[open+1 : i]
			if len(s) >= 20 && len(s) <= 35 && s[4] == '-' && s[10] == 'T' {
				if t, err := time.Parse(time.RFC3339Nano, string(s)); err == nil {
					out = append(out, p[last:open+1]...)
					out = t.In(motcua.VNZone).AppendFormat(out, time.RFC3339Nano)
					last = i
				}
			}
			open = -1
		}
	}
	if out == nil {
		return p
	}
	return append(out, p[last:]...)
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
