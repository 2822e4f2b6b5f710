package motcua

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

// hostileText is text a sync answer may carry: Vietnamese (NFC and
// decomposed), control characters, HTML-special characters, quotes and
// backslashes, U+2028/U+2029, invalid UTF-8 and odd code points.
var hostileText = []string{
	"", "Nguyễn Thị Ánh", "Đăng ký khai sinh", "Ấp 3, xã Tân Thành", "Nguye\u0302\u0303n", "đ Đ ư Ư ơ Ơ",
	"<script>alert(1)</script>", "a & b > c < d", "\"quoted\" \\back\\slash/", "tab\there\nnewline\r\x00\x01\x1f\x7f",
	"\b\f\v", "line\u2028sep\u2029para", "\xff\xfe bad \xc3", "\xe2\x80", "\xe2\x80\xa8", "emoji 🇻🇳 👩‍👩‍👧",
	"\u00a0nbsp\ufeffbom", "\ufffd", "=CMD|' /C calc'!A0", "\x1b[31mred\x1b[0m", strings.Repeat("dài ", 200),
}

func pick(rng *rand.Rand) string {
	var b strings.Builder
	for range rng.IntN(4) {
		b.WriteString(hostileText[rng.IntN(len(hostileText))])
	}
	return b.String()
}

// randomRecord is a stored record: a dossier marshaled as the store does,
// or stored JSON with what the standard encoder rewrites (whitespace
// between tokens, unescaped <, >, &, U+2028, every number form, escapes).
func randomRecord(rng *rand.Rand) json.RawMessage {
	switch rng.IntN(4) {
	case 0:
		return nil
	case 1:
		d := Dossier{ID: NewID(time.Unix(rng.Int64N(2e9), 0)), Code: pick(rng), ProcedureName: pick(rng),
			Applicant: Person{Name: pick(rng), Address: pick(rng)}, Summary: pick(rng), Version: rng.Int64N(1 << 40),
			ReceivedAt: time.Unix(rng.Int64N(2e9), rng.Int64N(1e9)).In(VNZone)}
		raw, _ := json.Marshal(d)
		return raw
	}
	parts := []string{
		` { "a" : [ 1 , -0.5e+10 , 0 , 12E-3 , true , false , null ] } `,
		"{\"t\":\"" + "<b>&amp;</b>\u2028\u2029" + "\"}",
		`["\u003c\"\\\/\b\f\n\r\t\u00E9", {}, [], ""]`,
		"\n\t\r [ { \"x\" : { \"y\" : [ \"ư\" ] } } ]\n",
		`"just a string"`, `-1.25`, `{"k":"\xff"}`,
	}
	return json.RawMessage(parts[rng.IntN(len(parts))])
}

func randomRecords(rng *rand.Rand) []json.RawMessage {
	if rng.IntN(5) == 0 {
		return nil
	}
	out := make([]json.RawMessage, rng.IntN(6))
	for i := range out {
		out[i] = randomRecord(rng)
	}
	return out
}

func randomTime(rng *rand.Rand) time.Time {
	zones := []*time.Location{time.UTC, VNZone, time.FixedZone("x", -(3*3600 + 30*60))}
	switch rng.IntN(4) {
	case 0:
		return time.Time{}
	case 1:
		return time.Unix(rng.Int64N(4e9), 0).In(zones[rng.IntN(len(zones))])
	}
	return time.Unix(rng.Int64N(4e9), rng.Int64N(1e9)).In(zones[rng.IntN(len(zones))])
}

func randomAnswer(rng *rand.Rand) RawSyncResponse {
	r := RawSyncResponse{LastAppliedSeq: rng.Uint64() >> rng.IntN(64), ServerTime: randomTime(rng), Counts: SyncCounts{Replayed: 3}}
	if rng.IntN(3) > 0 {
		r.Results = make([]Result, rng.IntN(4))
		for i := range r.Results {
			r.Results[i] = Result{Seq: rng.Uint64N(1000), OpID: pick(rng), DossierID: pick(rng), Status: ResultStatus(pick(rng)),
				Reason: pick(rng), MessageVI: pick(rng), MessageEN: pick(rng), DossierVersion: rng.Int64() - rng.Int64()}
		}
	}
	if rng.IntN(3) > 0 {
		r.Verdicts = make([]Verdict, rng.IntN(4))
		for i := range r.Verdicts {
			r.Verdicts[i] = Verdict{Seq: rng.Uint64N(1000), Through: rng.Uint64N(3) * 1000, Status: ResultStatus(pick(rng)),
				Reason: pick(rng), MessageVI: pick(rng), MessageEN: pick(rng)}
		}
	}
	if rng.IntN(4) > 0 {
		r.Lanes = make([]Lane, rng.IntN(3))
		for i := range r.Lanes {
			r.Lanes[i] = Lane{First: rng.IntN(20000) - 100, Last: rng.IntN(20000), ExpiresAt: randomTime(rng)}
		}
	}
	if rng.IntN(4) == 0 {
		r.Held = rng.Uint64N(50)
	}
	r.Pull = RawPullPage{Cursor: pick(rng), Reset: rng.IntN(2) == 0, HasMore: rng.IntN(2) == 0,
		Dossiers: randomRecords(rng), Questions: randomRecords(rng)}
	if rng.IntN(3) == 0 {
		r.Pull.CounterRecords = randomRecords(rng)
	}
	if rng.IntN(5) == 0 {
		r.Pull.Catalog = []Procedure{{Code: pick(rng), Name: pick(rng)}}
	}
	if rng.IntN(5) == 0 {
		r.Pull.Calendar = &Calendar{}
	}
	if rng.IntN(5) == 0 {
		r.Pull.Public = &PublicInfo{}
	}
	return r
}

// The hand-written answer is json.Marshal's, byte for byte, on many
// answers with hostile text and stored records in every shape.
func TestAppendJSONIsMarshal(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 10))
	for n := range 5000 {
		r := randomAnswer(rng)
		want, werr := json.Marshal(r)
		got, gerr := r.AppendJSON([]byte("prefix"))
		if (werr != nil) != (gerr != nil) {
			t.Fatalf("answer %d: json.Marshal error %v, AppendJSON error %v", n, werr, gerr)
		}
		if werr == nil && !bytes.Equal(got, append([]byte("prefix"), want...)) {
			t.Fatalf("answer %d differs:\nwant %s\ngot  %s", n, want, got[len("prefix"):])
		}
	}
}

// What json.Marshal refuses, AppendJSON refuses: a stored record that is
// not one JSON value, a time outside years 0–9999.
func TestAppendJSONRefusesWhatMarshalRefuses(t *testing.T) {
	bad := []string{"", " ", "{", "}", `{"a"}`, `{"a":}`, `{"a":1,}`, `[1,]`, `[1 2]`, `01`, `-`, `1.`, `1e`, `.5`, `+1`,
		`"abc`, "\"a\x01\"", `"\x"`, `"\u12"`, `"\u12g4"`, `tru`, `nul`, `truex`, `1 2`, `{"a":1}}`, `[`, `"\`,
		`{"a" 1}`, `{1:2}`, `[-]`, `--1`, `1.5.5`, `NaN`, `"a\<"`, "\"\\\xe2\x80\xa8\""}
	for _, s := range bad {
		r := RawSyncResponse{Pull: RawPullPage{Dossiers: []json.RawMessage{json.RawMessage(s)}}}
		if _, err := json.Marshal(r); err == nil {
			t.Fatalf("json.Marshal took %q", s)
		}
		if _, err := r.AppendJSON(nil); err == nil {
			t.Errorf("AppendJSON took %q", s)
		}
	}
	for _, tm := range []time.Time{time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)} {
		r := RawSyncResponse{Lanes: []Lane{{ExpiresAt: tm}}}
		if _, err := json.Marshal(r); err == nil {
			t.Fatal("json.Marshal took", tm)
		}
		if _, err := r.AppendJSON(nil); err == nil {
			t.Error("AppendJSON took", tm)
		}
	}
}

// Nesting: the standard encoder takes a record 10,000 levels deep and
// refuses one deeper.
func TestAppendRawJSONDepth(t *testing.T) {
	for _, depth := range []int{9999, 10000, 10001} {
		raw := json.RawMessage(strings.Repeat("[", depth) + strings.Repeat("]", depth))
		want, werr := json.Marshal(raw)
		got, gerr := appendRawJSON(nil, raw)
		if (werr != nil) != (gerr != nil) || werr == nil && !bytes.Equal(got, want) {
			t.Errorf("depth %d: json.Marshal %v, appendRawJSON %v", depth, werr, gerr)
		}
	}
}

// Every byte, alone and in a string, as json.Marshal writes it.
func TestAppendJSONStringEveryByte(t *testing.T) {
	for b := range 256 {
		for _, s := range []string{string(rune(b)), string([]byte{byte(b)}), fmt.Sprintf("a%cb", byte(b))} {
			want, _ := json.Marshal(s)
			if got := appendJSONString(nil, s); !bytes.Equal(got, want) {
				t.Errorf("%q: got %s, want %s", s, got, want)
			}
			raw := append(append([]byte{'"'}, s...), '"')
			want, werr := json.Marshal(json.RawMessage(raw))
			got, gerr := appendRawJSON(nil, raw)
			if (werr != nil) != (gerr != nil) || werr == nil && !bytes.Equal(got, want) {
				t.Errorf("raw %q: json.Marshal %s %v, appendRawJSON %s %v", raw, want, werr, got, gerr)
			}
		}
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range hostileText {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := appendJSONString(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("%q: got %s, want %s", s, got, want)
		}
	})
}

func FuzzAppendRawJSON(f *testing.F) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 50 {
		f.Add([]byte(randomRecord(rng)))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		want, werr := json.Marshal(json.RawMessage(raw))
		if raw == nil {
			want, werr = []byte("null"), nil
		}
		got, gerr := appendRawList(nil, []json.RawMessage{raw})
		if (werr != nil) != (gerr != nil) {
			t.Fatalf("%q: json.Marshal error %v, appendRawJSON error %v", raw, werr, gerr)
		}
		if werr == nil && !bytes.Equal(got, append(append([]byte{'['}, want...), ']')) {
			t.Fatalf("%q: got %s, want [%s]", raw, got, want)
		}
	})
}

func BenchmarkAnswerJSON(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	r := RawSyncResponse{Results: make([]Result, 10), Lanes: []Lane{{First: 1, Last: 9, ExpiresAt: time.Now()}}, ServerTime: time.Now()}
	for i := range r.Results {
		r.Results[i] = Result{Seq: uint64(i), OpID: NewID(time.Now()), DossierID: NewID(time.Now()), Status: Applied, DossierVersion: 3}
	}
	for range 30 {
		d := Dossier{ID: NewID(time.Now()), Code: "000.00.06.H56-231027-1000", ProcedureName: "Đăng ký khai sinh",
			Applicant: Person{Name: "Nguyễn Thị Ánh", Address: "Ấp 3, xã Tân Thành"}, Summary: pick(rng), ReceivedAt: time.Now()}
		raw, _ := json.Marshal(d)
		r.Pull.Dossiers = append(r.Pull.Dossiers, raw)
	}
	b.Run("json.Marshal", func(b *testing.B) {
		var buf bytes.Buffer
		for b.Loop() {
			buf.Reset()
			json.NewEncoder(&buf).Encode(r)
		}
	})
	b.Run("AppendJSON", func(b *testing.B) {
		var buf []byte
		for b.Loop() {
			buf, _ = r.AppendJSON(buf[:0])
		}
	})
}

// AppendJSON writes each field of these types by name: a field added to
// one of them must be added there too (and to randomAnswer), or this
// fails.
func TestAppendJSONKnowsEveryField(t *testing.T) {
	known := map[reflect.Type]string{
		reflect.TypeFor[RawSyncResponse](): "LastAppliedSeq Results Verdicts Pull Lanes ServerTime Held Counts",
		reflect.TypeFor[RawPullPage]():     "Cursor Reset HasMore Dossiers Questions Catalog Calendar Public CounterRecords",
		reflect.TypeFor[Result]():          "Seq OpID DossierID Status Reason MessageVI MessageEN DossierVersion",
		reflect.TypeFor[Verdict]():         "Seq Through Status Reason MessageVI MessageEN",
		reflect.TypeFor[Lane]():            "First Last ExpiresAt",
	}
	for typ, want := range known {
		var names []string
		for f := range typ.Fields() {
			names = append(names, f.Name)
		}
		if got := strings.Join(names, " "); got != want {
			t.Errorf("%v has fields %q; AppendJSON writes %q: update it", typ, got, want)
		}
	}
}
