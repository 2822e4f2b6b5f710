package motcua

import (
	"bytes"
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"
)

// A sync request's body decoded by hand in the form terminals send it, for
// the server: the standard decoder's reflection and its buffering of the
// whole body a second time were 4 % of the CPU of the benchmark's HTTP run
// (BENCHMARKS.md, "The API path, second pass"). Anything the hand
// decoder is not sure to read exactly as the standard one (a field name in
// another case, a repeated field, an escaped or invalid UTF-8 string, null,
// a number with a fraction or an exponent, an unknown field, any error) it
// leaves to encoding/json, which gives the value or the error as before:
// wiredecode_test.go checks, on real and mangled bodies, that whatever it
// takes it reads as encoding/json's strict decoding does.

// DecodeUsual decodes raw into r when raw is a sync request in its usual
// form, exactly as json.Decoder with DisallowUnknownFields would, and
// reports whether it did; when it did not, r is unchanged and the caller
// decodes raw with encoding/json.
func (r *SyncRequest) DecodeUsual(raw []byte) bool {
	d := reqDecoder{s: raw}
	var req SyncRequest
	if !d.syncRequest(&req) {
		return false
	}
	d.space()
	if d.i != len(d.s) {
		return false
	}
	*r = req
	return true
}

// reqDecoder reads s from i.
type reqDecoder struct {
	s []byte
	i int
}

func (d *reqDecoder) space() {
	for d.i < len(d.s) && isJSONSpace(d.s[d.i]) {
		d.i++
	}
}

func (d *reqDecoder) eat(b byte) bool {
	if d.i < len(d.s) && d.s[d.i] == b {
		d.i++
		return true
	}
	return false
}

// object reads an object whose fields field decodes (false for a name it
// does not know); a name given twice is not the usual form.
func (d *reqDecoder) object(field func(name []byte, seen *uint32) bool) bool {
	d.space()
	if !d.eat('{') {
		return false
	}
	d.space()
	if d.eat('}') {
		return true
	}
	var seen uint32
	for {
		name, ok := d.plain()
		if !ok {
			return false
		}
		d.space()
		if !d.eat(':') {
			return false
		}
		d.space()
		if !field(name, &seen) {
			return false
		}
		d.space()
		if d.eat(',') {
			d.space()
			continue
		}
		return d.eat('}')
	}
}

// once marks field bit as read, false when it already was.
func once(seen *uint32, bit uint32) bool {
	if *seen&bit != 0 {
		return false
	}
	*seen |= bit
	return true
}

func (d *reqDecoder) syncRequest(r *SyncRequest) bool {
	return d.object(func(name []byte, seen *uint32) bool {
		var ok bool
		switch string(name) {
		case "terminal_id":
			r.TerminalID, ok = d.str()
			return ok && once(seen, 1)
		case "install_nonce":
			r.InstallNonce, ok = d.str()
			return ok && once(seen, 2)
		case "schema":
			r.Schema, ok = d.int()
			return ok && once(seen, 4)
		case "acked_seq":
			r.AckedSeq, ok = d.uint()
			return ok && once(seen, 8)
		case "ops":
			return d.ops(&r.Ops) && once(seen, 16)
		case "pull":
			return d.pull(&r.Pull) && once(seen, 32)
		}
		return false
	})
}

func (d *reqDecoder) pull(p *PullRequest) bool {
	return d.object(func(name []byte, seen *uint32) bool {
		var ok bool
		switch string(name) {
		case "cursor":
			p.Cursor, ok = d.str()
			return ok && once(seen, 1)
		case "limit":
			p.Limit, ok = d.int()
			return ok && once(seen, 2)
		case "max_bytes":
			p.MaxBytes, ok = d.int()
			return ok && once(seen, 4)
		case "full":
			p.Full, ok = d.bool()
			return ok && once(seen, 8)
		}
		return false
	})
}

// ops reads the array of ops: an empty array is an empty, non-nil slice.
func (d *reqDecoder) ops(ops *[]Op) bool {
	if !d.eat('[') {
		return false
	}
	// Room for the ops the body names, but never more than a request may
	// carry: a body of nothing but "op_id" must not make it allocate more
	// than the ops it can hold.
	out := make([]Op, 0, min(bytes.Count(d.s[d.i:], []byte(`"op_id"`)), MaxSyncOps))
	d.space()
	if d.eat(']') {
		*ops = out
		return true
	}
	for {
		out = append(out, Op{})
		if !d.op(&out[len(out)-1]) {
			return false
		}
		d.space()
		if d.eat(',') {
			d.space()
			continue
		}
		*ops = out
		return d.eat(']')
	}
}

func (d *reqDecoder) op(op *Op) bool {
	return d.object(func(name []byte, seen *uint32) bool {
		var ok bool
		var s string
		switch string(name) {
		case "seq":
			op.Seq, ok = d.uint()
			return ok && once(seen, 1)
		case "op_id":
			op.ID, ok = d.str()
			return ok && once(seen, 2)
		case "kind":
			s, ok = d.str()
			op.Kind = OpKind(s)
			return ok && once(seen, 4)
		case "dossier_id":
			op.DossierID, ok = d.str()
			return ok && once(seen, 8)
		case "question_id":
			op.QuestionID, ok = d.str()
			return ok && once(seen, 16)
		case "base_version":
			op.BaseVersion, ok = d.int64()
			return ok && once(seen, 32)
		case "client_time":
			return d.time(&op.ClientTime) && once(seen, 64)
		case "terminal":
			op.Terminal, ok = d.str()
			return ok && once(seen, 128)
		case "officer":
			op.Officer, ok = d.str()
			return ok && once(seen, 256)
		case "role":
			s, ok = d.str()
			op.Role = Role(s)
			return ok && once(seen, 512)
		case "args":
			op.Args, ok = d.raw()
			return ok && once(seen, 1024)
		}
		return false
	})
}

// plain reads a string with no escape and no control character, and
// returns its bytes (still in s).
func (d *reqDecoder) plain() ([]byte, bool) {
	if !d.eat('"') {
		return nil, false
	}
	start := d.i
	for d.i < len(d.s) {
		switch b := d.s[d.i]; {
		case b == '"':
			d.i++
			return d.s[start : d.i-1], true
		case b == '\\' || b < 0x20:
			return nil, false
		}
		d.i++
	}
	return nil, false
}

// str reads a string as the standard decoder would give it: one with no
// escape and valid UTF-8 (the decoder would replace invalid bytes).
func (d *reqDecoder) str() (string, bool) {
	b, ok := d.plain()
	if !ok || !utf8.Valid(b) {
		return "", false
	}
	return string(b), true
}

// number returns the bytes of an integer: an optional minus, digits, no
// leading zero; a fraction or an exponent is left to the standard decoder.
func (d *reqDecoder) number(signed bool) ([]byte, bool) {
	start := d.i
	if signed {
		d.eat('-')
	}
	digits := d.i
	for d.i < len(d.s) && '0' <= d.s[d.i] && d.s[d.i] <= '9' {
		d.i++
	}
	n := d.i - digits
	if n == 0 || n > 1 && d.s[digits] == '0' {
		return nil, false
	}
	if d.i < len(d.s) && (d.s[d.i] == '.' || d.s[d.i] == 'e' || d.s[d.i] == 'E') {
		return nil, false
	}
	return d.s[start:d.i], true
}

func (d *reqDecoder) uint() (uint64, bool) {
	b, ok := d.number(false)
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseUint(string(b), 10, 64)
	return n, err == nil
}

func (d *reqDecoder) int64() (int64, bool) {
	b, ok := d.number(true)
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	return n, err == nil
}

func (d *reqDecoder) int() (int, bool) {
	b, ok := d.number(true)
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(string(b), 10, strconv.IntSize)
	return int(n), err == nil
}

func (d *reqDecoder) bool() (bool, bool) {
	for _, v := range []bool{true, false} {
		word := strconv.FormatBool(v)
		if bytes.HasPrefix(d.s[d.i:], []byte(word)) {
			d.i += len(word)
			return v, true
		}
	}
	return false, false
}

// time reads a time as time.Time's UnmarshalJSON does, given the string's
// bytes with their quotes, as the standard decoder gives them.
func (d *reqDecoder) time(t *time.Time) bool {
	start := d.i
	if _, ok := d.plain(); !ok {
		return false
	}
	return t.UnmarshalJSON(d.s[start:d.i]) == nil
}

// maxUsualDepth bounds the nesting of an op's args that DecodeUsual reads
// (real ones nest a few levels): the check recurses, and a terminal's body
// nested 10,000 deep would grow a goroutine's stack by megabytes.
const maxUsualDepth = 64

// raw reads any JSON value and returns a copy of its bytes as they are
// (what json.RawMessage's UnmarshalJSON keeps: the body's buffer is
// reused).
func (d *reqDecoder) raw() (json.RawMessage, bool) {
	c := rawCompactor{src: d.s, i: d.i, check: true, maxDepth: maxUsualDepth}
	if !c.value(0) {
		return nil, false
	}
	out := append(json.RawMessage(nil), d.s[d.i:c.i]...)
	d.i = c.i
	return out, true
}
