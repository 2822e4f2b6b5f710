package motcua_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/gen"
)

// strictDecode is the server's standard decoding of a body: unknown
// fields and trailing data refused.
func strictDecode(raw []byte) (motcua.SyncRequest, error) {
	var r motcua.SyncRequest
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return r, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return r, errors.New("trailing data")
	}
	return r, nil
}

// realBodies are sync requests as terminals send them: a counter's ops
// (Vietnamese names, documents, transitions), notes of hostile text, a
// pull with every field, and the same in the benchmark's two-part form.
func realBodies(t testing.TB) [][]byte {
	now := time.Date(2026, 12, 6, 9, 30, 15, 123456789, motcua.VNZone)
	er := motcua.EnrollResponse{TerminalID: "T1", Unit: "000.00.06.H56", Lanes: []motcua.Lane{{First: 1000, Last: 1999}}}
	ops, err := gen.NewPeople(rand.New(rand.NewPCG(15, 2)), now).CounterOps(er, 6, now)
	if err != nil {
		t.Fatal(err)
	}
	for i, text := range []string{"<b>Hồ sơ</b> & \"giấy tờ\"", "tab\t\x01\u2028 \\ /", "\xff bad", "Nguye\u0302\u0303n 🇻🇳"} {
		op, _ := motcua.NewOp(motcua.OpNote, ops[0].DossierID, motcua.NoteArgs{Text: text})
		op.Seq, op.ID, op.ClientTime, op.BaseVersion, op.Role = uint64(len(ops)+1), motcua.NewID(now), now.Add(time.Duration(i)*time.Hour).UTC(), -int64(i), motcua.RoleCounter
		op.Terminal, op.Officer, op.QuestionID = "T1", "Trần Văn Bình", "q"
		ops = append(ops, op)
	}
	var out [][]byte
	for at := 0; at < len(ops); at += 10 {
		req := motcua.SyncRequest{TerminalID: "T1", InstallNonce: "n", Schema: 2, AckedSeq: uint64(at), Ops: ops[at:min(at+10, len(ops))],
			Pull: motcua.PullRequest{Cursor: "12-ab", Limit: 500, MaxBytes: 4096, Full: at > 0}}
		b, _ := json.Marshal(req)
		out = append(out, b)
		ind, _ := json.MarshalIndent(req, " ", "\t")
		out = append(out, ind)
		head, _ := json.Marshal(struct {
			TerminalID   string      `json:"terminal_id"`
			InstallNonce string      `json:"install_nonce"`
			Schema       int         `json:"schema"`
			Ops          []motcua.Op `json:"ops"`
		}{req.TerminalID, req.InstallNonce, req.Schema, req.Ops})
		out = append(out, append(head[:len(head)-1], `,"acked_seq":7,"pull":{"cursor":"3-x"}}`...))
	}
	out = append(out, []byte(`{"terminal_id":"T1","install_nonce":"n","schema":1,"ops":[],"pull":{"cursor":""}}`), []byte(`{}`))
	return out
}

// mangled are bodies the hand decoder must read as the standard one or
// leave to it: other cases, repeats, nulls, escapes, odd numbers, unknown
// fields, trailing data, and random cuts, flips and insertions.
func mangled(rng *rand.Rand, body []byte) []byte {
	s := string(body)
	if s == "" {
		return []byte("{")
	}
	edits := []func() string{
		func() string { return strings.Replace(s, `"seq":`, `"Seq":`, 1) },
		func() string { return strings.Replace(s, `"op_id":`, `"OP_ID":`, 1) },
		func() string { return strings.Replace(s, `{`, `{"schema":1,`, 1) },
		func() string { return strings.Replace(s, `"kind":`, `"kind":"receive","kind":`, 1) },
		func() string { return strings.Replace(s, `"args":{`, `"args":null,"x":{`, 1) },
		func() string { return strings.Replace(s, `"args":`, `"args": `, 1) },
		func() string { return strings.Replace(s, `"T1"`, `null`, 1) },
		func() string { return strings.Replace(s, `"T1"`, `"\u0054\/1"`, 1) },
		func() string { return strings.Replace(s, `"n"`, `"n\ud800"`, 1) },
		func() string { return strings.Replace(s, `"schema":2`, `"schema":2.0`, 1) },
		func() string { return strings.Replace(s, `"schema":2`, `"schema":2e0`, 1) },
		func() string { return strings.Replace(s, `"schema":2`, `"schema":-0`, 1) },
		func() string { return strings.Replace(s, `"schema":2`, `"schema":99999999999999999999`, 1) },
		func() string { return strings.Replace(s, `"acked_seq":`, `"acked_seq":-`, 1) },
		func() string { return strings.Replace(s, `"acked_seq":`, `"acked_seq":0`, 1) },
		func() string { return strings.Replace(s, `"base_version":0`, `"base_version":-12`, 1) },
		func() string { return strings.Replace(s, `"full":true`, `"full":"true"`, 1) },
		func() string { return strings.Replace(s, `"client_time":"`, `"client_time":"x`, 1) },
		func() string { return strings.Replace(s, `"client_time":"2026`, `"client_time":"\u0032026`, 1) },
		func() string { return strings.Replace(s, `"pull":{`, `"pull":{"other":1,`, 1) },
		func() string { return strings.Replace(s, `"ops":[`, `"ops":[null,`, 1) },
		func() string { return strings.Replace(s, `"ops":[`, `"ops":null,"o":[`, 1) },
		func() string { return s + " " },
		func() string { return s + " {}" },
		func() string { return "\n " + s },
		func() string { return s[:rng.IntN(len(s)+1)] },
		func() string {
			i := rng.IntN(len(s))
			return s[:i] + string(rune(rng.IntN(128))) + s[i:]
		},
		func() string {
			b := []byte(s)
			b[rng.IntN(len(b))] = byte(rng.IntN(256))
			return string(b)
		},
		func() string {
			i := rng.IntN(len(s))
			return s[:i] + s[min(i+1+rng.IntN(8), len(s)):]
		},
	}
	return []byte(edits[rng.IntN(len(edits))]())
}

// checkLikeStrict fails when DecodeUsual takes raw and reads it otherwise
// than the standard strict decoding; it reports whether it took it.
func checkLikeStrict(t *testing.T, raw []byte) bool {
	t.Helper()
	sentinel := motcua.SyncRequest{TerminalID: "unchanged"}
	got := sentinel
	if !got.DecodeUsual(raw) {
		if !reflect.DeepEqual(got, sentinel) {
			t.Fatalf("DecodeUsual left the request changed on %q", raw)
		}
		return false
	}
	want, err := strictDecode(raw)
	if err != nil {
		t.Fatalf("DecodeUsual took %q, which the standard decoder refuses: %v", raw, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("DecodeUsual read %q as\n%+v\nthe standard decoder as\n%+v", raw, got, want)
	}
	return true
}

// The hand decoder reads terminals' bodies, and whatever else it takes,
// exactly as the standard strict decoder; the rest it leaves to it.
func TestDecodeUsualIsStrictDecoding(t *testing.T) {
	bodies := realBodies(t)
	for _, b := range bodies {
		if !checkLikeStrict(t, b) {
			t.Errorf("DecodeUsual left a terminal's body to the standard decoder: %.200s", b)
		}
	}
	rng := rand.New(rand.NewPCG(15, 3))
	taken := 0
	for range 20000 {
		b := bodies[rng.IntN(len(bodies))]
		for range 1 + rng.IntN(3) {
			b = mangled(rng, b)
		}
		if checkLikeStrict(t, b) {
			taken++
		}
	}
	t.Logf("DecodeUsual took %d of 20,000 mangled bodies", taken)
	if taken == 0 || taken == 20000 {
		t.Fatalf("DecodeUsual took %d of 20,000 mangled bodies", taken)
	}
}

// The buffer a body was read into is reused: nothing decoded may point
// into it.
func TestDecodeUsualCopies(t *testing.T) {
	raw := []byte(`{"terminal_id":"T1","ops":[{"seq":1,"op_id":"a","kind":"note","args":{"text":"x"}}]}`)
	var r motcua.SyncRequest
	if !r.DecodeUsual(raw) {
		t.Fatal("not taken")
	}
	for i := range raw {
		raw[i] = 'z'
	}
	if r.TerminalID != "T1" || string(r.Ops[0].Args) != `{"text":"x"}` || r.Ops[0].ID != "a" {
		t.Fatalf("the request changed with its buffer: %+v", r)
	}
}

func FuzzDecodeUsual(f *testing.F) {
	for _, b := range realBodies(f) {
		f.Add(b)
	}
	f.Add([]byte(`{"ops":[{"args":null,"seq":` + strconv.Itoa(1) + `}]}`))
	f.Fuzz(func(t *testing.T, raw []byte) { checkLikeStrict(t, raw) })
}

func BenchmarkDecodeSyncRequest(b *testing.B) {
	raw := realBodies(b)[0]
	b.Run("json.Decoder", func(b *testing.B) {
		for b.Loop() {
			if _, err := strictDecode(raw); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("DecodeUsual", func(b *testing.B) {
		for b.Loop() {
			var r motcua.SyncRequest
			if !r.DecodeUsual(raw) {
				b.Fatal("not taken")
			}
		}
	})
}

// An op's args are kept as they came, whatever JSON value they are (null
// too: json.RawMessage keeps it), whitespace inside and all.
func TestDecodeUsualArgs(t *testing.T) {
	deep := strings.Repeat("[", 65) + strings.Repeat("]", 65)
	if raw := []byte(`{"ops":[{"args":` + deep + `}]}`); checkLikeStrict(t, raw) {
		t.Error("args nested 65 deep read by hand, not left to the standard decoder")
	}
	for _, args := range []string{`null`, deep[1 : len(deep)-1], `{ "text" : "a <b> \u00e9\n" , "n":[1, -2.5e3 ,true] }`, `"x"`, `-0`, `[]`, `{}`} {
		raw := []byte(`{"ops":[ {"args": ` + args + ` ,"seq":1} ]}`)
		if !checkLikeStrict(t, raw) {
			t.Errorf("args %s left to the standard decoder", args)
		}
	}
}

// A body that names "op_id" a million times makes the decoder reserve room
// for at most MaxSyncOps ops before it finds the body is not one.
func TestDecodeUsualBoundsItsReservation(t *testing.T) {
	raw := []byte(`{"ops":[` + strings.Repeat(`"op_id"`, 1_000_000))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	var r motcua.SyncRequest
	if r.DecodeUsual(raw) {
		t.Fatal("took a body that is not a request")
	}
	runtime.ReadMemStats(&after)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<20 {
		t.Fatalf("decoding allocated %d bytes", grew)
	}
}

// DecodeUsual reads these fields by name; a body with a field it does not
// know goes to the standard decoder, correct but slow: a field added here
// belongs in DecodeUsual too, or this fails.
func TestDecodeUsualKnowsEveryField(t *testing.T) {
	known := map[reflect.Type]string{
		reflect.TypeFor[motcua.SyncRequest](): "TerminalID InstallNonce Schema AckedSeq Ops Pull",
		reflect.TypeFor[motcua.PullRequest](): "Cursor Limit MaxBytes Full",
		reflect.TypeFor[motcua.Op]():          "Seq ID Kind DossierID QuestionID BaseVersion ClientTime Terminal Officer Role Args",
	}
	for typ, want := range known {
		var names []string
		for f := range typ.Fields() {
			names = append(names, f.Name)
		}
		if got := strings.Join(names, " "); got != want {
			t.Errorf("%v has fields %q; DecodeUsual reads %q: update it", typ, got, want)
		}
	}
}
