package store

import (
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua"
)

// decodeDossierJSON reads a dossier's JSON into d, which must be the zero
// Dossier (every caller's fresh variable), with the same result as
// json.Unmarshal.
//
// Why by hand: a `motcua find CODE` is a whole process that decodes one
// dossier, and encoding/json's first decode of the type (its reflection walk
// over Dossier and the types inside, on pages of the binary touched for the
// first time) cost about 0.7 ms of the process's 17 (BENCHMARKS.md, process
// start, fourth pass). This reader knows the fields json.Marshal writes and
// nothing else: on anything it does not expect (an unknown or repeated key,
// a number with a fraction, a syntax error, a field added to Dossier without
// a line in the tables below) it gives up and json.Unmarshal decodes the
// record from the start, so its result is always json.Unmarshal's.
// TestDossierJSONMatchesUnmarshal and FuzzDossierJSON hold it to that, and
// TestDossierJSONTablesComplete fails when a field has no line here.
func decodeDossierJSON(js []byte, d *motcua.Dossier) error {
	if fast, ok := readDossierJSON(js); ok {
		*d = fast
		return nil
	}
	return json.Unmarshal(js, d)
}

// readDossierJSON is the fast path alone: false when json.Unmarshal must
// decode js.
func readDossierJSON(js []byte) (motcua.Dossier, bool) {
	var d motcua.Dossier
	r := jsonReader{buf: js}
	ok := object(&r, &d, dossierFields) && r.end()
	return d, ok
}

// jsonReader walks one JSON text. Its methods report false when the text
// leaves what the fast path reads, never an error: the caller falls back.
type jsonReader struct {
	buf []byte
	pos int
}

// field is one key of an object and how its value is read into a T.
type field[T any] struct {
	name string
	read func(r *jsonReader, v *T) bool
}

func (r *jsonReader) ws() {
	for r.pos < len(r.buf) {
		switch r.buf[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}

// eat consumes c after white space.
func (r *jsonReader) eat(c byte) bool {
	r.ws()
	if r.pos < len(r.buf) && r.buf[r.pos] == c {
		r.pos++
		return true
	}
	return false
}

// end reports whether only white space is left.
func (r *jsonReader) end() bool {
	r.ws()
	return r.pos == len(r.buf)
}

// literal consumes the word lit (null, true, false).
func (r *jsonReader) literal(lit string) bool {
	r.ws()
	if len(r.buf)-r.pos >= len(lit) && string(r.buf[r.pos:r.pos+len(lit)]) == lit {
		r.pos += len(lit)
		return true
	}
	return false
}

// null consumes a null if one comes next: json.Unmarshal leaves a fresh
// value of any kind as it is (zero) for a null.
func (r *jsonReader) null() bool {
	r.ws()
	return r.pos < len(r.buf) && r.buf[r.pos] == 'n' && r.literal("null")
}

// object reads {"key": value, …} into v, each key by its line in fields.
// Keys come in the order json.Marshal writes them, so the search for a key
// starts after the previous one's line.
func object[T any](r *jsonReader, v *T, fields []field[T]) bool {
	if !r.eat('{') {
		return false
	}
	if r.eat('}') {
		return true
	}
	var seen uint64
	next := 0
	for {
		key, ok := r.rawString()
		if !ok || !r.eat(':') {
			return false
		}
		i := lookupField(fields, key, next)
		if i < 0 || seen&(1<<i) != 0 {
			return false // unknown (json.Unmarshal also folds case) or repeated
		}
		seen |= 1 << i
		next = i + 1
		if !r.null() && !fields[i].read(r, v) {
			return false
		}
		if r.eat('}') {
			return true
		}
		if !r.eat(',') {
			return false
		}
	}
}

func lookupField[T any](fields []field[T], key []byte, from int) int {
	for n := range fields {
		i := (from + n) % len(fields)
		if fields[i].name == string(key) {
			return i
		}
	}
	return -1
}

// rawString is the contents of the next string when it holds no escape and
// is valid UTF-8 (what a key always is), without copying.
func (r *jsonReader) rawString() ([]byte, bool) {
	if !r.eat('"') {
		return nil, false
	}
	start := r.pos
	ascii := true
	for r.pos < len(r.buf) {
		c := r.buf[r.pos]
		switch {
		case c == '"':
			s := r.buf[start:r.pos]
			r.pos++
			return s, ascii || utf8.Valid(s)
		case c == '\\' || c < 0x20:
			return nil, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
		r.pos++
	}
	return nil, false
}

// token is the next string token as written, quotes included.
func (r *jsonReader) token() ([]byte, bool) {
	r.ws()
	if r.pos >= len(r.buf) || r.buf[r.pos] != '"' {
		return nil, false
	}
	start := r.pos
	for r.pos++; r.pos < len(r.buf); r.pos++ {
		switch c := r.buf[r.pos]; {
		case c == '"':
			r.pos++
			return r.buf[start:r.pos], true
		case c == '\\':
			r.pos++ // the escaped byte cannot end the string
		case c < 0x20:
			return nil, false
		}
	}
	return nil, false
}

// str reads a string. One with escapes or bytes that are not UTF-8 is
// unquoted by encoding/json itself (a string needs no reflection walk), so
// "\u003c" and a stray byte read exactly as json.Unmarshal reads them.
func str[S ~string](r *jsonReader, p *S) bool {
	save := r.pos
	if s, ok := r.rawString(); ok {
		*p = S(s)
		return true
	}
	r.pos = save
	tok, ok := r.token()
	if !ok {
		return false
	}
	var s string
	if json.Unmarshal(tok, &s) != nil {
		return false
	}
	*p = S(s)
	return true
}

// integer reads an integer written as json.Marshal writes one: an optional
// minus, then 0 or digits not starting with 0. A fraction or exponent is
// json.Unmarshal's to judge.
func integer[I ~int | ~int64](r *jsonReader, p *I) bool {
	r.ws()
	start := r.pos
	if r.pos < len(r.buf) && r.buf[r.pos] == '-' {
		r.pos++
	}
	digits := r.pos
	for r.pos < len(r.buf) && r.buf[r.pos] >= '0' && r.buf[r.pos] <= '9' {
		r.pos++
	}
	n := r.pos - digits
	if n == 0 || (n > 1 && r.buf[digits] == '0') {
		return false
	}
	if r.pos < len(r.buf) && (r.buf[r.pos] == '.' || r.buf[r.pos] == 'e' || r.buf[r.pos] == 'E') {
		return false
	}
	v, err := strconv.ParseInt(string(r.buf[start:r.pos]), 10, 64)
	if err != nil {
		return false
	}
	*p = I(v)
	return true
}

func boolean(r *jsonReader, p *bool) bool {
	switch {
	case r.literal("true"):
		*p = true
	case r.literal("false"):
		*p = false
	default:
		return false
	}
	return true
}

// instant reads a time the way json.Unmarshal does: its own UnmarshalJSON
// on the token as written.
func instant(r *jsonReader, p *time.Time) bool {
	tok, ok := r.token()
	return ok && p.UnmarshalJSON(tok) == nil
}

// array reads [elem, …] into a slice: [] is an empty slice, not nil, and a
// null element a zero one, as json.Unmarshal makes them.
func array[T any](r *jsonReader, p *[]T, elem func(*jsonReader, *T) bool) bool {
	if !r.eat('[') {
		return false
	}
	out := make([]T, 0, 4)
	if r.eat(']') {
		*p = out
		return true
	}
	for {
		var v T
		if !r.null() && !elem(r, &v) {
			return false
		}
		out = append(out, v)
		if r.eat(']') {
			*p = out
			return true
		}
		if !r.eat(',') {
			return false
		}
	}
}

// scores reads the rating's fixed nine; more than nine is json.Unmarshal's
// (it drops the rest).
func scores(r *jsonReader, p *[9]int) bool {
	if !r.eat('[') {
		return false
	}
	if r.eat(']') {
		return true
	}
	for i := 0; ; i++ {
		if i == len(p) || (!r.null() && !integer(r, &p[i])) {
			return false
		}
		if r.eat(']') {
			return true
		}
		if !r.eat(',') {
			return false
		}
	}
}

// ptr reads an object into a new T.
func ptr[T any](r *jsonReader, p **T, fields []field[T]) bool {
	v := new(T)
	if !object(r, v, fields) {
		return false
	}
	*p = v
	return true
}

// The tables: one line per field json.Marshal writes, in the struct's order
// (TestDossierJSONTablesComplete compares them with the types' json tags).
type dossierField = field[motcua.Dossier]

var dossierFields = []dossierField{
	{"id", func(r *jsonReader, d *motcua.Dossier) bool { return str(r, &d.ID) }},
	{"code", func(r *jsonReader, d *motcua.Dossier) bool { return str(r, &d.Code) }},
	{"unit", func(r *jsonReader, d *motcua.Dossier) bool { return str(r, &d.Unit) }},
	{"procedure_code", func(r *jsonReader, d *motcua.Dossier) bool { return str(r, &d.ProcedureCode) }},
	{"procedure_name", func(r *jsonReader, d *motcua.Dossier) bool { return str(r, &d.ProcedureName) }},
	{"procedure_version", func(r *jsonReader, d *motcua.Dossier) bool { return integer(r, &d.ProcedureVersion) }},
	{"channel", func(r *jsonReader, d *motcua.Dossier) bool { return str(r, &d.Channel) }},
	{"applicant", func(r *jsonReader, d *motcua.Dossier) bool { return object(r, &d.Applicant, personFields) }},
	{"submitter", func(r *jsonReader, d *motcua.Dossier) bool { return ptr(r, &d.Submitter, personFields) }},
	{"authorised", func(r *jsonReader, d *motcua.Dossier) bool { return boolean(r, &d.Authorised) }},
	{"helper", func(r *jsonReader, d *motcua.Dossier) bool { return str(r, &d.Helper) }},
	{"summary", func(r *jsonReader, d *motcua.Dossier) bool { return str(r, &d.Summary) }},
	{"received_at", func(r *jsonReader, d *motcua.Dossier) bool { return instant(r, &d.ReceivedAt) }},
	{"appointment", func(r *jsonReader, d *motcua.Dossier) bool { return instant(r, &d.Appointment) }},
	{"original_appointment", func(r *jsonReader, d *motcua.Dossier) bool { return instant(r, &d.OriginalAppt) }},
	{"documents", func(r *jsonReader, d *motcua.Dossier) bool { return array(r, &d.Documents, documentItem) }},
	{"fees", func(r *jsonReader, d *motcua.Dossier) bool { return array(r, &d.Fees, feeItem) }},
	{"fee_paid", func(r *jsonReader, d *motcua.Dossier) bool { return boolean(r, &d.FeePaid) }},
	{"status", func(r *jsonReader, d *motcua.Dossier) bool { return integer(r, &d.Status) }},
	{"version", func(r *jsonReader, d *motcua.Dossier) bool { return integer(r, &d.Version) }},
	{"history", func(r *jsonReader, d *motcua.Dossier) bool { return array(r, &d.History, event) }},
	{"outcome", func(r *jsonReader, d *motcua.Dossier) bool { return ptr(r, &d.Outcome, outcomeFields) }},
	{"rating", func(r *jsonReader, d *motcua.Dossier) bool { return ptr(r, &d.Rating, ratingFields) }},
	{"logbook", func(r *jsonReader, d *motcua.Dossier) bool { return str(r, &d.Logbook) }},
	{"supplements", func(r *jsonReader, d *motcua.Dossier) bool { return integer(r, &d.Supplements) }},
	{"possible_duplicate", func(r *jsonReader, d *motcua.Dossier) bool { return boolean(r, &d.PossibleDup) }},
	{"completed_at", func(r *jsonReader, d *motcua.Dossier) bool { return instant(r, &d.CompletedAt) }},
	{"terminal", func(r *jsonReader, d *motcua.Dossier) bool { return str(r, &d.Terminal) }},
	{"officer", func(r *jsonReader, d *motcua.Dossier) bool { return str(r, &d.Officer) }},
	{"updated_at", func(r *jsonReader, d *motcua.Dossier) bool { return instant(r, &d.UpdatedAt) }},
	{"key_hash", func(r *jsonReader, d *motcua.Dossier) bool { return str(r, &d.KeyHash) }},
}

var personFields = []field[motcua.Person]{
	{"name", func(r *jsonReader, p *motcua.Person) bool { return str(r, &p.Name) }},
	{"id_kind", func(r *jsonReader, p *motcua.Person) bool { return str(r, &p.IDKind) }},
	{"id_number", func(r *jsonReader, p *motcua.Person) bool { return str(r, &p.IDNumber) }},
	{"dob", func(r *jsonReader, p *motcua.Person) bool { return str(r, &p.DOB) }},
	{"sex", func(r *jsonReader, p *motcua.Person) bool { return str(r, &p.Sex) }},
	{"phone", func(r *jsonReader, p *motcua.Person) bool { return str(r, &p.Phone) }},
	{"email", func(r *jsonReader, p *motcua.Person) bool { return str(r, &p.Email) }},
	{"address", func(r *jsonReader, p *motcua.Person) bool { return str(r, &p.Address) }},
}

var documentFields = []field[motcua.DocumentItem]{
	{"name", func(r *jsonReader, x *motcua.DocumentItem) bool { return str(r, &x.Name) }},
	{"originals", func(r *jsonReader, x *motcua.DocumentItem) bool { return integer(r, &x.Originals) }},
	{"certified", func(r *jsonReader, x *motcua.DocumentItem) bool { return integer(r, &x.Certified) }},
	{"copies", func(r *jsonReader, x *motcua.DocumentItem) bool { return integer(r, &x.Copies) }},
	{"required", func(r *jsonReader, x *motcua.DocumentItem) bool { return boolean(r, &x.Required) }},
	{"received", func(r *jsonReader, x *motcua.DocumentItem) bool { return boolean(r, &x.Received) }},
}

var feeFields = []field[motcua.FeeItem]{
	{"name", func(r *jsonReader, x *motcua.FeeItem) bool { return str(r, &x.Name) }},
	{"amount", func(r *jsonReader, x *motcua.FeeItem) bool { return integer(r, &x.Amount) }},
	{"detail", func(r *jsonReader, x *motcua.FeeItem) bool { return str(r, &x.Detail) }},
}

var eventFields = []field[motcua.Event]{
	{"at", func(r *jsonReader, e *motcua.Event) bool { return instant(r, &e.At) }},
	{"kind", func(r *jsonReader, e *motcua.Event) bool { return str(r, &e.Kind) }},
	{"from", func(r *jsonReader, e *motcua.Event) bool { return integer(r, &e.From) }},
	{"to", func(r *jsonReader, e *motcua.Event) bool { return integer(r, &e.To) }},
	{"officer", func(r *jsonReader, e *motcua.Event) bool { return str(r, &e.Officer) }},
	{"terminal", func(r *jsonReader, e *motcua.Event) bool { return str(r, &e.Terminal) }},
	{"op_id", func(r *jsonReader, e *motcua.Event) bool { return str(r, &e.OpID) }},
	{"text", func(r *jsonReader, e *motcua.Event) bool { return str(r, &e.Text) }},
	{"conflict", func(r *jsonReader, e *motcua.Event) bool { return boolean(r, &e.Conflict) }},
}

var outcomeFields = []field[motcua.Outcome]{
	{"kind", func(r *jsonReader, o *motcua.Outcome) bool { return str(r, &o.Kind) }},
	{"returned_at", func(r *jsonReader, o *motcua.Outcome) bool { return instant(r, &o.ReturnedAt) }},
	{"recipient", func(r *jsonReader, o *motcua.Outcome) bool { return str(r, &o.Recipient) }},
	{"method", func(r *jsonReader, o *motcua.Outcome) bool { return str(r, &o.Method) }},
}

var ratingFields = []field[motcua.Rating]{
	{"scores", func(r *jsonReader, x *motcua.Rating) bool { return scores(r, &x.Scores) }},
	{"convenience", func(r *jsonReader, x *motcua.Rating) bool { return str(r, &x.Convenience) }},
	{"overall", func(r *jsonReader, x *motcua.Rating) bool { return str(r, &x.Overall) }},
	{"comment", func(r *jsonReader, x *motcua.Rating) bool { return str(r, &x.Comment) }},
	{"at", func(r *jsonReader, x *motcua.Rating) bool { return instant(r, &x.At) }},
	{"channel", func(r *jsonReader, x *motcua.Rating) bool { return str(r, &x.Channel) }},
	{"first_at", func(r *jsonReader, x *motcua.Rating) bool { return instant(r, &x.FirstAt) }},
	{"scale", func(r *jsonReader, x *motcua.Rating) bool { return integer(r, &x.Scale) }},
}

func documentItem(r *jsonReader, x *motcua.DocumentItem) bool { return object(r, x, documentFields) }
func feeItem(r *jsonReader, x *motcua.FeeItem) bool           { return object(r, x, feeFields) }
func event(r *jsonReader, e *motcua.Event) bool               { return object(r, e, eventFields) }
