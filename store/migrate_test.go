package store

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	bolt "go.etcd.io/bbolt"
)

// schema1File unpacks testdata/schema1-60.db.gz: 60 generated dossiers
// (motcua-gen -n 60 --seed 7 --end 2026-11-01 --days 30) written by the code
// of schema 1, before dossier records were compressed.
func schema1File(t *testing.T) string {
	t.Helper()
	f, err := os.Open("testdata/schema1-60.db.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "motcua.db")
	out, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, zr); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// rawDossiers reads the dossiers bucket as stored: the record bytes by id,
// and the file's schema.
func rawDossiers(t *testing.T, path string) (map[string][]byte, uint64) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	recs := map[string][]byte{}
	var schema uint64
	db.View(func(tx *bolt.Tx) error {
		schema = boltkv.GetU64(tx.Bucket(bMeta), kSchema)
		return tx.Bucket(bDossiers).ForEach(func(k, v []byte) error {
			recs[string(k)] = append([]byte(nil), v...)
			return nil
		})
	})
	return recs, schema
}

func TestMigrateSchema1(t *testing.T) {
	path := schema1File(t)
	before, schema := rawDossiers(t, path)
	if schema != 1 || len(before) != 60 {
		t.Fatalf("fixture: schema %d, %d dossiers", schema, len(before))
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	after, schema := rawDossiers(t, path)
	if schema != SchemaVersion || len(after) != len(before) {
		t.Fatalf("after the writing open: schema %d, %d dossiers", schema, len(after))
	}
	var jsonBytes, recBytes int
	for id, old := range before {
		rec := after[id]
		if rec[0] != recordFlate1 {
			t.Fatalf("dossier %s still in format %#x", id, rec[0])
		}
		var want, got motcua.Dossier
		if err := json.Unmarshal(old, &want); err != nil {
			t.Fatal(err)
		}
		if err := decodeDossier(rec, &got); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(want, got) {
			t.Fatalf("dossier %s changed by the migration:\n%+v\n%+v", id, want, got)
		}
		jsonBytes += len(old)
		recBytes += len(rec)
	}
	t.Logf("records: %d bytes of JSON → %d compressed (%.0f %%)", jsonBytes, recBytes, 100*float64(recBytes)/float64(jsonBytes))
	if s, err = Open(path); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckIntegrity(); err != nil {
		t.Fatal(err)
	}
	// The store works on: search, a new reception, a second open that has
	// nothing left to migrate.
	hits, err := s.Search(motcua.Query{Text: "nguyen"})
	if err != nil || len(hits) == 0 {
		t.Fatalf("search after migration: %d hits, %v", len(hits), err)
	}
	if _, err := s.Receive(motcua.ReceiveInput{ProcedureCode: "1.001193", Applicant: motcua.Person{Name: "Lê Văn Cường"}}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = OpenWith(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if st, err := s.State(); err != nil || st.Dossiers != 61 {
		t.Fatalf("read-only reopen: %d dossiers, %v", st.Dossiers, err)
	}
}

// A read-only open of a schema-1 file has it migrated once first, then reads.
func TestReadOnlyOpenMigratesFirst(t *testing.T) {
	path := schema1File(t)
	s, err := OpenWith(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !s.db.IsReadOnly() {
		t.Fatal("not read-only")
	}
	// A second reader shares the lock (rawDossiers opens the file read-only too).
	if _, schema := rawDossiers(t, path); schema != SchemaVersion {
		t.Fatalf("schema %d after a read-only open", schema)
	}
	if hits, err := s.Search(motcua.Query{Text: "nguyen"}); err != nil || len(hits) == 0 {
		t.Fatalf("search: %d hits, %v", len(hits), err)
	}
}

// A migration cut short (a crash after some chunks) leaves records of both
// formats; reads take either, and the next writing open finishes.
func TestMigrateResumes(t *testing.T) {
	path := schema1File(t)
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Compress every other record by hand, as a crashed migration would leave them.
	err = db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bDossiers)
		var ks, vs [][]byte
		i := 0
		b.ForEach(func(k, v []byte) error {
			if i++; i%2 == 0 {
				nv, err := compressRecord(v)
				ks, vs = append(ks, append([]byte(nil), k...)), append(vs, nv)
				return err
			}
			return nil
		})
		for i := range ks {
			if err := b.Put(ks[i], vs[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CheckIntegrity(); err != nil {
		t.Fatal(err)
	}
	s.Close()
	recs, schema := rawDossiers(t, path)
	if schema != SchemaVersion {
		t.Fatalf("schema %d", schema)
	}
	for id, rec := range recs {
		if rec[0] != recordFlate1 {
			t.Fatalf("dossier %s left as %#x", id, rec[0])
		}
	}
}

// TestEachInChunksVisitsEveryKeyOnce walks a bucket of more than two
// chunks while fn rewrites each key it sees: every key is visited once, in
// order, in more than one transaction.
func TestEachInChunksVisitsEveryKeyOnce(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "motcua.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	name := []byte("chunked")
	n := 2*migrateChunk + 7
	err = s.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket(name)
		if err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			if err := b.Put(fmt.Appendf(nil, "k%06d", i), []byte("old")); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	txs := map[*bolt.Tx]bool{}
	err = s.eachInChunks(name, func(tx *bolt.Tx, k, v []byte) error {
		if string(v) != "old" {
			return fmt.Errorf("%s seen after its rewrite: %q", k, v)
		}
		seen = append(seen, string(k))
		txs[tx] = true
		return tx.Bucket(name).Put(k, []byte("new"))
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != n || len(txs) != 3 {
		t.Fatalf("visited %d keys of %d in %d transactions; want every key in 3", len(seen), n, len(txs))
	}
	for i, k := range seen {
		if want := fmt.Sprintf("k%06d", i); k != want {
			t.Fatalf("key %d is %s, want %s", i, k, want)
		}
	}
}
