package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"testing"
	"time"

	"github.com/motcua/motcua"
)

// The dictionary is part of the format: records written with it must stay
// readable forever, so it never changes (a new one is a new format byte).
func TestDossierDictFrozen(t *testing.T) {
	sum := sha256.Sum256(dossierDict1)
	if got := hex.EncodeToString(sum[:]); got != "511fa2f34acb9339b68cfdc71c2ec45b678c4b8c4b3a9d76b6276fdbb0adfaf0" {
		t.Fatalf("dossier1.dict changed (sha256 %s): records already written cannot be read with another dictionary", got)
	}
}

func TestDossierCodecRoundTrip(t *testing.T) {
	at := time.Date(2026, 3, 4, 9, 30, 0, 0, motcua.VNZone)
	d := motcua.Dossier{ID: "01a1", Code: "000.00.06.H56-260304-9001", Applicant: motcua.Person{Name: "Đặng Thị Ánh <b>\x1b[31m"},
		ReceivedAt: at, History: []motcua.Event{{At: at, Kind: motcua.OpReceive, To: 2}},
		Outcome: &motcua.Outcome{Kind: "result", ReturnedAt: at}}
	rec, err := encodeDossier(&d)
	if err != nil {
		t.Fatal(err)
	}
	if rec[0] != recordFlate1 {
		t.Fatalf("format %#x", rec[0])
	}
	var got motcua.Dossier
	if err := decodeDossier(rec, &got); err != nil {
		t.Fatal(err)
	}
	// Compared as JSON: a time read back carries a fixed zone, not VNZone.
	want, _ := json.Marshal(d)
	if back, _ := json.Marshal(got); !bytes.Equal(want, back) {
		t.Fatalf("round trip:\n%s\n%s", want, back)
	}
	for _, bad := range [][]byte{nil, {0x7f, 1, 2}, {recordFlate1, 0xff, 0xff}} {
		if err := decodeDossier(bad, &got); err == nil {
			t.Errorf("record %x decoded without error", bad)
		}
	}
}

// fixtureRecords are the JSON records of testdata/schema1-60.db.gz.
func fixtureRecords(b *testing.B) [][]byte {
	t := &testing.T{}
	path := schema1File(t)
	recs, _ := rawDossiers(t, path)
	var out [][]byte
	for _, v := range recs {
		out = append(out, v)
	}
	if len(out) == 0 {
		b.Fatal("no records")
	}
	return out
}

// BenchmarkDossierEncode is the cost a write adds to compress a record (the
// 60 records of the migration fixture in turn).
func BenchmarkDossierEncode(b *testing.B) {
	recs := fixtureRecords(b)
	var in, out int
	for i := 0; b.Loop(); i++ {
		r := recs[i%len(recs)]
		c, err := compressRecord(r)
		if err != nil {
			b.Fatal(err)
		}
		in, out = in+len(r), out+len(c)
	}
	b.ReportMetric(float64(out)/float64(in)*100, "%size")
}

// BenchmarkDossierDecode is the cost of reading a record back to a Dossier.
func BenchmarkDossierDecode(b *testing.B) {
	recs := fixtureRecords(b)
	var comp [][]byte
	for _, r := range recs {
		c, err := compressRecord(r)
		if err != nil {
			b.Fatal(err)
		}
		comp = append(comp, c)
	}
	for _, c := range []struct {
		name string
		recs [][]byte
	}{{"json", recs}, {"compressed", comp}} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				var d motcua.Dossier
				if err := decodeDossier(c.recs[i%len(c.recs)], &d); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
