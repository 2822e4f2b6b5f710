package store

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua"
)

// sameAsUnmarshal fails unless decodeDossierJSON gives json.Unmarshal's
// result for js: the same dossier, and an error exactly when it errs.
func sameAsUnmarshal(t *testing.T, js []byte) {
	t.Helper()
	var want, got motcua.Dossier
	wantErr := json.Unmarshal(js, &want)
	gotErr := decodeDossierJSON(js, &got)
	if (wantErr == nil) != (gotErr == nil) {
		t.Fatalf("%q: json.Unmarshal error %v, decodeDossierJSON error %v", js, wantErr, gotErr)
	}
	if wantErr == nil && !reflect.DeepEqual(want, got) {
		t.Fatalf("%q:\njson.Unmarshal     %+v\ndecodeDossierJSON  %+v", js, want, got)
	}
	if fast, ok := readDossierJSON(js); ok {
		if wantErr != nil {
			t.Fatalf("%q: the fast path accepted what json.Unmarshal refuses (%v)", js, wantErr)
		}
		if !reflect.DeepEqual(want, fast) {
			t.Fatalf("%q: the fast path read\n%+v\njson.Unmarshal\n%+v", js, fast, want)
		}
	}
}

// Every field json.Marshal writes has its line in the tables, in the
// struct's order: a field added to Dossier (or a type inside it) without one
// would send every record through the slow path.
func TestDossierJSONTablesComplete(t *testing.T) {
	check := func(typ reflect.Type, names []string) {
		t.Helper()
		var tags []string
		for f := range typ.Fields() {
			if tag := strings.Split(f.Tag.Get("json"), ",")[0]; tag != "-" && f.IsExported() {
				tags = append(tags, tag)
			}
		}
		if !reflect.DeepEqual(tags, names) {
			t.Errorf("%s: json tags %v, dossier_json.go reads %v", typ, tags, names)
		}
	}
	check(reflect.TypeFor[motcua.Dossier](), fieldNames(dossierFields))
	check(reflect.TypeFor[motcua.Person](), fieldNames(personFields))
	check(reflect.TypeFor[motcua.DocumentItem](), fieldNames(documentFields))
	check(reflect.TypeFor[motcua.FeeItem](), fieldNames(feeFields))
	check(reflect.TypeFor[motcua.Event](), fieldNames(eventFields))
	check(reflect.TypeFor[motcua.Outcome](), fieldNames(outcomeFields))
	check(reflect.TypeFor[motcua.Rating](), fieldNames(ratingFields))
}

func fieldNames[T any](fields []field[T]) []string {
	var out []string
	for _, f := range fields {
		out = append(out, f.name)
	}
	return out
}

// Random dossiers with every field set (strings with quotes, escapes, HTML,
// control bytes, invalid UTF-8, Vietnamese; times in several zones) read
// back by the fast path exactly as json.Unmarshal reads them.
func TestDossierJSONMatchesUnmarshal(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for i := range 500 {
		var d motcua.Dossier
		fillRandom(rng, reflect.ValueOf(&d).Elem(), 0)
		js, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := readDossierJSON(js); !ok {
			t.Fatalf("dossier %d: json.Marshal's output left the fast path: %s", i, js)
		}
		sameAsUnmarshal(t, js)
	}
}

var oddStrings = []string{"", "Nguyễn Văn Anh", `a"b\c`, "<b>&amp;</b>", "\x1b[31mred\x07", "tab\tnew\nline",
	"bad \xff\xfe utf8", "\u2028\u2029", "đ Đ ư ơ", "😀 \U0010FFFF", "\ufffd", "/slash/"}

func fillRandom(rng *rand.Rand, v reflect.Value, depth int) {
	if v.Type() == reflect.TypeFor[time.Time]() {
		zones := []*time.Location{time.UTC, motcua.VNZone, time.FixedZone("", -5*3600-1800)}
		at := time.Unix(rng.Int64N(4e9), rng.Int64N(1e9)).In(zones[rng.IntN(len(zones))])
		if rng.IntN(5) == 0 {
			at = time.Time{}
		}
		v.Set(reflect.ValueOf(at))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(oddStrings[rng.IntN(len(oddStrings))])
	case reflect.Int, reflect.Int64:
		v.SetInt([]int64{0, 1, -1, 7, 1 << 40, -1 << 62}[rng.IntN(6)])
	case reflect.Bool:
		v.SetBool(rng.IntN(2) == 0)
	case reflect.Struct:
		for i := range v.NumField() {
			fillRandom(rng, v.Field(i), depth)
		}
	case reflect.Array:
		for i := range v.Len() {
			fillRandom(rng, v.Index(i), depth)
		}
	case reflect.Pointer:
		if rng.IntN(3) > 0 {
			v.Set(reflect.New(v.Type().Elem()))
			fillRandom(rng, v.Elem(), depth)
		}
	case reflect.Slice:
		if n := rng.IntN(4) - 1; n >= 0 { // nil, empty, or a few
			v.Set(reflect.MakeSlice(v.Type(), n, n))
			for i := range n {
				fillRandom(rng, v.Index(i), depth)
			}
		}
	}
}

// Texts json.Marshal never writes: the fast path leaves each to
// json.Unmarshal or reads it the same way.
var dossierJSONOdd = []string{
	`{}`, ` { "id" : "a" , "status" : 2 } `, `{"id":"a","id":"b"}`, `{"ID":"a"}`, `{"Id":"a","code":"c"}`,
	`{"unknown":1}`, `{"status":2.0}`, `{"status":2e1}`, `{"status":-0}`, `{"status":01}`, `{"status":"2"}`,
	`{"status":99999999999999999999}`, `{"version":-9223372036854775808}`, `{"status":null,"history":null}`,
	`{"applicant":null,"submitter":null,"outcome":null}`, `{"history":[]}`, `{"history":[null,{}]}`,
	`{"documents":[{"name":"x","received":true,"required":false}]}`, `{"rating":{"scores":[1,2,3,4,5,6,7,8,9,10]}}`,
	`{"rating":{"scores":[1,null,2]}}`, `{"rating":{"scores":[]}}`, `{"received_at":"2026-01-02T03:04:05+07:00"}`,
	`{"received_at":"2026-13-02T03:04:05Z"}`, `{"received_at":null}`, `{"received_at":"2026-01-02T03:04:05\u005a"}`,
	`{"id":"\u00e9\ud83d\ude00\ud800x"}`, "{\"id\":\"\xff\"}", "{\"id\":\"a\x01\"}", `{"id":"a"} x`, `{"id":"a"`,
	`{"id":"a",}`, `{"authorised":tru}`, `{"authorised":true1}`, `{"fee_paid":1}`, `[]`, `null`, ``, `{"id":"a"}{}`,
	`{"applicant":{"name":"A","name":"B"}}`, `{"applicant":{"Name":"A"}}`, `{"applicant":{"name":"A"},"applicant":{"phone":"1"}}`,
	`{"history":[{"at":"2026-01-02T03:04:05Z","kind":"receive","to":2}]}`, `{"submitter":{}}`, `{"fees":[{"amount":-5}]}`,
}

func TestDossierJSONOddTexts(t *testing.T) {
	for _, js := range dossierJSONOdd {
		sameAsUnmarshal(t, []byte(js))
	}
}

// The records of the fixtures written by earlier versions (schemas 1 to 3)
// read through the fast path, as json.Unmarshal reads them.
func TestDossierJSONFixtures(t *testing.T) {
	for _, path := range []string{schema1File(t), unpack(t, "schema2-60.db.gz"), unpack(t, "schema3-60.db.gz")} {
		recs, _ := rawDossiers(t, path)
		if len(recs) == 0 {
			t.Fatalf("%s: no records", path)
		}
		for id, rec := range recs {
			js, err := dossierJSON(rec)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := readDossierJSON(js); !ok {
				t.Errorf("dossier %s left the fast path: %s", id, js)
			}
			sameAsUnmarshal(t, js)
		}
	}
}

func FuzzDossierJSON(f *testing.F) {
	for _, js := range dossierJSONOdd {
		f.Add([]byte(js))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5 {
		var d motcua.Dossier
		fillRandom(rng, reflect.ValueOf(&d).Elem(), 0)
		js, _ := json.Marshal(d)
		f.Add(js)
	}
	f.Fuzz(func(t *testing.T, js []byte) { sameAsUnmarshal(t, js) })
}
