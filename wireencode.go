package motcua

import (
	"encoding/json"
	"errors"
	"strconv"
	"time"
	"unicode/utf8"
)

// The sync answer's JSON, written by hand: byte for byte what json.Marshal
// gives for a RawSyncResponse (wireencode_test.go compares them on many
// answers), without the reflection, and above all without the standard
// encoder's second pass over each stored record it copies (a
// json.RawMessage is re-validated and compacted by a general scanner: with
// the rest of the answer's JSON, 7 % of the CPU of the benchmark's HTTP run,
// BENCHMARKS.md "The API path, second pass"). The stored records are still
// checked: a record that is not JSON fails the answer as it did, rather
// than reaching a terminal.

// AppendJSON appends r's JSON to dst: what json.Marshal(r) returns, and the
// same failure when it fails (a stored record that is not JSON, a time
// outside years 0–9999).
func (r *RawSyncResponse) AppendJSON(dst []byte) ([]byte, error) {
	dst = append(dst, `{"last_applied_seq":`...)
	dst = strconv.AppendUint(dst, r.LastAppliedSeq, 10)
	if len(r.Results) > 0 {
		dst = append(dst, `,"results":[`...)
		for i := range r.Results {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = r.Results[i].appendJSON(dst)
		}
		dst = append(dst, ']')
	}
	if len(r.Verdicts) > 0 {
		dst = append(dst, `,"verdicts":[`...)
		for i := range r.Verdicts {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = r.Verdicts[i].appendJSON(dst)
		}
		dst = append(dst, ']')
	}
	dst = append(dst, `,"pull":`...)
	dst, err := r.Pull.appendJSON(dst)
	if err != nil {
		return dst, err
	}
	dst = append(dst, `,"lanes":`...)
	if dst, err = appendLanes(dst, r.Lanes); err != nil {
		return dst, err
	}
	dst = append(dst, `,"server_time":`...)
	if dst, err = appendTime(dst, r.ServerTime); err != nil {
		return dst, err
	}
	if r.Held != 0 {
		dst = append(dst, `,"held":`...)
		dst = strconv.AppendUint(dst, r.Held, 10)
	}
	return append(dst, '}'), nil
}

func (p *RawPullPage) appendJSON(dst []byte) ([]byte, error) {
	dst = append(dst, `{"cursor":`...)
	dst = appendJSONString(dst, p.Cursor)
	dst = append(dst, `,"reset":`...)
	dst = strconv.AppendBool(dst, p.Reset)
	dst = append(dst, `,"has_more":`...)
	dst = strconv.AppendBool(dst, p.HasMore)
	dst = append(dst, `,"dossiers":`...)
	dst, err := appendRawList(dst, p.Dossiers)
	if err != nil {
		return dst, err
	}
	dst = append(dst, `,"questions":`...)
	if dst, err = appendRawList(dst, p.Questions); err != nil {
		return dst, err
	}
	// The rare parts (a new catalog, calendar or contacts) by the standard
	// encoder: the same bytes as inline.
	if len(p.Catalog) > 0 {
		if dst, err = appendMarshaled(dst, `,"catalog":`, p.Catalog); err != nil {
			return dst, err
		}
	}
	if p.Calendar != nil {
		if dst, err = appendMarshaled(dst, `,"calendar":`, p.Calendar); err != nil {
			return dst, err
		}
	}
	if p.Public != nil {
		if dst, err = appendMarshaled(dst, `,"public":`, p.Public); err != nil {
			return dst, err
		}
	}
	if len(p.CounterRecords) > 0 {
		dst = append(dst, `,"counter_records":`...)
		if dst, err = appendRawList(dst, p.CounterRecords); err != nil {
			return dst, err
		}
	}
	return append(dst, '}'), nil
}

func appendMarshaled(dst []byte, key string, v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return dst, err
	}
	return append(append(dst, key...), b...), nil
}

func (r *Result) appendJSON(dst []byte) []byte {
	dst = append(dst, `{"seq":`...)
	dst = strconv.AppendUint(dst, r.Seq, 10)
	dst = appendOptString(dst, `,"op_id":`, r.OpID)
	dst = appendOptString(dst, `,"dossier_id":`, r.DossierID)
	dst = append(dst, `,"status":`...)
	dst = appendJSONString(dst, string(r.Status))
	dst = appendOptString(dst, `,"reason":`, r.Reason)
	dst = appendOptString(dst, `,"message_vi":`, r.MessageVI)
	dst = appendOptString(dst, `,"message_en":`, r.MessageEN)
	dst = append(dst, `,"dossier_version":`...)
	dst = strconv.AppendInt(dst, r.DossierVersion, 10)
	return append(dst, '}')
}

func (v *Verdict) appendJSON(dst []byte) []byte {
	dst = append(dst, `{"seq":`...)
	dst = strconv.AppendUint(dst, v.Seq, 10)
	if v.Through != 0 {
		dst = append(dst, `,"through":`...)
		dst = strconv.AppendUint(dst, v.Through, 10)
	}
	dst = appendOptString(dst, `,"status":`, string(v.Status))
	dst = appendOptString(dst, `,"reason":`, v.Reason)
	dst = appendOptString(dst, `,"message_vi":`, v.MessageVI)
	dst = appendOptString(dst, `,"message_en":`, v.MessageEN)
	return append(dst, '}')
}

func appendLanes(dst []byte, lanes []Lane) ([]byte, error) {
	if lanes == nil {
		return append(dst, "null"...), nil
	}
	dst = append(dst, '[')
	for i, l := range lanes {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"first":`...)
		dst = strconv.AppendInt(dst, int64(l.First), 10)
		dst = append(dst, `,"last":`...)
		dst = strconv.AppendInt(dst, int64(l.Last), 10)
		dst = append(dst, `,"expires_at":`...)
		var err error
		if dst, err = appendTime(dst, l.ExpiresAt); err != nil {
			return dst, err
		}
		dst = append(dst, '}')
	}
	return append(dst, ']'), nil
}

// appendTime is time.Time's MarshalJSON: RFC 3339 with nanoseconds, the
// same refusal of a year outside 0–9999.
func appendTime(dst []byte, t time.Time) ([]byte, error) {
	dst = append(dst, '"')
	dst, err := t.AppendText(dst)
	if err != nil {
		return dst, err
	}
	return append(dst, '"'), nil
}

// appendOptString is an omitempty string field: key and value, or nothing.
func appendOptString(dst []byte, key, s string) []byte {
	if s == "" {
		return dst
	}
	return appendJSONString(append(dst, key...), s)
}

const hexDigits = "0123456789abcdef"

// htmlSafe marks the ASCII bytes a JSON string carries as they are when
// HTML-special characters are escaped, as the standard encoder does by
// default: printable ASCII but for the quote, the backslash, <, > and &.
var htmlSafe = func() (t [utf8.RuneSelf]bool) {
	for b := 0x20; b < utf8.RuneSelf; b++ {
		t[b] = b != '"' && b != '\\' && b != '<' && b != '>' && b != '&'
	}
	return t
}()

// appendJSONString appends s as a JSON string exactly as encoding/json
// writes a Go string: control characters, <, > and & as \u00XX (but for
// \b \f \n \r \t), invalid UTF-8 as \ufffd, U+2028 and U+2029 escaped.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if htmlSafe[b] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case c == '\u2028' || c == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[c&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// appendRawList is a []json.RawMessage as the standard encoder writes it:
// null for a nil list or record.
func appendRawList(dst []byte, list []json.RawMessage) ([]byte, error) {
	if list == nil {
		return append(dst, "null"...), nil
	}
	dst = append(dst, '[')
	for i, raw := range list {
		if i > 0 {
			dst = append(dst, ',')
		}
		if raw == nil {
			dst = append(dst, "null"...)
			continue
		}
		var err error
		if dst, err = appendRawJSON(dst, raw); err != nil {
			return dst, err
		}
	}
	return append(dst, ']'), nil
}

// errRawJSON is a stored record that is not one JSON value.
var errRawJSON = errors.New("json: stored record is not valid JSON")

// maxRawDepth is the standard decoder's nesting limit, which its encoder
// applies to a json.RawMessage too.
const maxRawDepth = 10000

// appendRawJSON appends src as the standard encoder writes a
// json.RawMessage: checked to be one JSON value, whitespace between tokens
// dropped, <, >, & and U+2028, U+2029 escaped. A record the store wrote is
// already so, and is copied in one piece.
func appendRawJSON(dst, src []byte) ([]byte, error) {
	c := rawCompactor{src: src, dst: dst}
	c.space()
	if !c.value(0) {
		return dst, errRawJSON
	}
	c.space()
	if c.i != len(src) {
		return dst, errRawJSON
	}
	return append(c.dst, src[c.start:]...), nil
}

// rawCompactor walks one JSON value of src, appending to dst what it keeps:
// src[start:i] is what is still to copy.
type rawCompactor struct {
	src, dst []byte
	i, start int
	check    bool // only check src (DecodeUsual): append nothing
	// maxDepth, when set, is a nesting limit below the standard one: past
	// it value fails (DecodeUsual then leaves the body to the standard
	// decoder, which nests without recursion).
	maxDepth int
}

// space skips whitespace, leaving it out of dst.
func (c *rawCompactor) space() {
	i := c.i
	for i < len(c.src) && isJSONSpace(c.src[i]) {
		i++
	}
	if i != c.i {
		if !c.check {
			c.dst = append(c.dst, c.src[c.start:c.i]...)
		}
		c.i, c.start = i, i
	}
}

func isJSONSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// value reads one value at c.i; depth is the number of objects and arrays
// around it.
func (c *rawCompactor) value(depth int) bool {
	if c.i >= len(c.src) {
		return false
	}
	switch b := c.src[c.i]; {
	case b == '{':
		return c.container(depth, '}', true)
	case b == '[':
		return c.container(depth, ']', false)
	case b == '"':
		return c.str()
	case b == 't':
		return c.literal("true")
	case b == 'f':
		return c.literal("false")
	case b == 'n':
		return c.literal("null")
	case b == '-' || '0' <= b && b <= '9':
		return c.number()
	}
	return false
}

// container reads an object (keyed) or an array up to its closing byte.
func (c *rawCompactor) container(depth int, closing byte, keyed bool) bool {
	if depth+1 > maxRawDepth || c.maxDepth > 0 && depth+1 > c.maxDepth {
		return false
	}
	c.i++
	c.space()
	if c.i < len(c.src) && c.src[c.i] == closing {
		c.i++
		return true
	}
	for {
		if keyed {
			if c.i >= len(c.src) || c.src[c.i] != '"' || !c.str() {
				return false
			}
			c.space()
			if c.i >= len(c.src) || c.src[c.i] != ':' {
				return false
			}
			c.i++
			c.space()
		}
		if !c.value(depth + 1) {
			return false
		}
		c.space()
		if c.i >= len(c.src) {
			return false
		}
		switch c.src[c.i] {
		case ',':
			c.i++
			c.space()
		case closing:
			c.i++
			return true
		default:
			return false
		}
	}
}

func (c *rawCompactor) literal(word string) bool {
	if len(c.src)-c.i < len(word) || string(c.src[c.i:c.i+len(word)]) != word {
		return false
	}
	c.i += len(word)
	return true
}

// number reads -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?.
func (c *rawCompactor) number() bool {
	s, i := c.src, c.i
	if s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && '1' <= s[i] && s[i] <= '9':
		i = digits(s, i)
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		if j := digits(s, i+1); j > i+1 {
			i = j
		} else {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		j := digits(s, i)
		if j == i {
			return false
		}
		i = j
	}
	c.i = i
	return true
}

func digits(s []byte, i int) int {
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	return i
}

// rawStringPlain marks the bytes a string in a stored record carries
// without a second look: not the quote, the backslash, a control
// character, <, >, & or 0xE2 (the first byte of U+2028 and U+2029).
var rawStringPlain = func() (t [256]bool) {
	for b := 0x20; b < 256; b++ {
		t[b] = b != '"' && b != '\\' && b != '<' && b != '>' && b != '&' && b != 0xE2
	}
	return t
}()

// str reads a string, escaping what the standard encoder escapes.
func (c *rawCompactor) str() bool {
	s := c.src
	i := c.i + 1
	for i < len(s) {
		b := s[i]
		if rawStringPlain[b] {
			i++
			continue
		}
		switch {
		case b == '"':
			c.i = i + 1
			return true
		case b == '\\':
			n := escapeLen(s, i)
			if n == 0 {
				return false
			}
			i += n
		case b < 0x20:
			return false
		case b == 0xE2:
			if i+2 < len(s) && s[i+1] == 0x80 && s[i+2]&^1 == 0xA8 {
				if !c.check {
					c.dst = append(c.dst, s[c.start:i]...)
					c.dst = append(c.dst, '\\', 'u', '2', '0', '2', hexDigits[s[i+2]&0xF])
				}
				i += 3
				c.start = i
			} else {
				i++
			}
		default: // <, > or &
			if !c.check {
				c.dst = append(c.dst, s[c.start:i]...)
				c.dst = append(c.dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			c.start = i
		}
	}
	return false
}

// escapeLen is the length of the escape sequence at s[i] (a backslash), or
// 0 when it is not one JSON allows.
func escapeLen(s []byte, i int) int {
	if i+1 >= len(s) {
		return 0
	}
	switch s[i+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2
	case 'u':
		if i+5 >= len(s) {
			return 0
		}
		for _, h := range s[i+2 : i+6] {
			if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
				return 0
			}
		}
		return 6
	}
	return 0
}
