package store

import (
	"bytes"
	"compress/flate"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"sync"

	"github.com/motcua/motcua"
)

// A dossier record in the dossiers (and parked) bucket is one of:
//
//	'{' …          schema 1: the dossier's JSON, as written before schema 2
//	0x01 deflate   schema 2: the same JSON, compressed with raw DEFLATE and
//	               the preset dictionary dossier1.dict
//
// The first byte says which, so a file in the middle of its migration (or a
// read-only open of a file not migrated yet) reads either. encodeDossier
// always writes the newest; decodeDossier reads them all. All dossier
// records go through this pair and nothing else.
//
// Why compressed JSON and not a binary layout: a record is 2.1–3.3 KB of
// JSON, mostly the catalog's document and procedure names, the keys, the
// history's repeated officer, terminal and times. DEFLATE with a dictionary
// holding the catalog's names and a typical record takes a generated record
// to about a fifth of that (store/doc.go, BENCHMARKS.md), keeps the JSON the
// rest of the project already reads and tests, and needs only the standard
// library. dossier1.dict is frozen: records written with it must stay
// readable, so a changed dictionary is a new format byte (0x02), never an
// edit of this file (TestDossierDictFrozen).
const (
	recordJSON   = '{'
	recordFlate1 = 0x01
)

//go:embed dossier1.dict
var dossierDict1 []byte

var (
	flateWriters = sync.Pool{New: func() any {
		w, err := flate.NewWriterDict(io.Discard, flate.DefaultCompression, dossierDict1)
		if err != nil {
			panic(err) // only for a bad level, which is a constant
		}
		return w
	}}
	flateReaders = sync.Pool{New: func() any { return flate.NewReaderDict(bytes.NewReader(nil), dossierDict1) }}
)

// encodeDossier is a dossier's record as written today.
func encodeDossier(d *motcua.Dossier) ([]byte, error) {
	js, err := json.Marshal(d)
	if err != nil {
		return nil, fmt.Errorf("encode dossier %s: %w", d.ID, err)
	}
	return compressRecord(js)
}

// compressRecord is the schema-2 record of a dossier's JSON.
func compressRecord(js []byte) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(js)/3 + 16)
	buf.WriteByte(recordFlate1)
	w := flateWriters.Get().(*flate.Writer)
	defer flateWriters.Put(w)
	w.Reset(&buf)
	if _, err := w.Write(js); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// decodeDossier reads a dossier record of any schema into v: a zero
// *motcua.Dossier (read without reflection, dossier_json.go), or a struct
// holding only the fields a caller needs.
func decodeDossier(rec []byte, v any) error {
	js, err := dossierJSON(rec)
	if err != nil {
		return err
	}
	if d, ok := v.(*motcua.Dossier); ok {
		return decodeDossierJSON(js, d)
	}
	return json.Unmarshal(js, v)
}

// dossierJSON is the JSON a record holds.
func dossierJSON(rec []byte) ([]byte, error) {
	if len(rec) == 0 {
		return nil, fmt.Errorf("empty dossier record")
	}
	switch rec[0] {
	case recordJSON:
		return rec, nil
	case recordFlate1:
		r := flateReaders.Get().(io.ReadCloser)
		defer flateReaders.Put(r)
		if err := r.(flate.Resetter).Reset(bytes.NewReader(rec[1:]), dossierDict1); err != nil {
			return nil, err
		}
		// A generated record inflates about 5 times (476 B to 2.5 KB), and
		// ReadFrom grows a buffer with less than 512 bytes free: 8 times
		// holds the JSON and that margin in one allocation, where 5 times
		// grew it once more into a second size class (fresh pages in a
		// one-lookup process; BENCHMARKS.md, process start, sixth pass).
		var out bytes.Buffer
		out.Grow(len(rec) * 8)
		if _, err := out.ReadFrom(r); err != nil {
			return nil, fmt.Errorf("inflate dossier record: %w", err)
		}
		return out.Bytes(), nil
	}
	return nil, fmt.Errorf("dossier record of unknown format %#x", rec[0])
}
