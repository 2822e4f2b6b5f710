package store

import (
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	bolt "go.etcd.io/bbolt"
)

// unpack copies a gzipped fixture of testdata into a temp file.
func unpack(t *testing.T, name string) string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
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

// endsByWalk is the old way, kept as the oracle: every dossier whose phone
// or ID number ends in digits, by a walk of the forward indexes.
func endsByWalk(t *testing.T, s *Store, digits string) []string {
	t.Helper()
	var ids []string
	seen := map[string]bool{}
	s.db.View(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bIdxPhone, bIdxIDNum} {
			tx.Bucket(b).ForEach(func(k, _ []byte) error {
				n, id, _ := cutSep(k)
				if len(n) >= len(digits) && string(n[len(n)-len(digits):]) == digits && !seen[string(id)] {
					seen[string(id)] = true
					ids = append(ids, string(id))
				}
				return nil
			})
		}
		return nil
	})
	sort.Strings(ids)
	return ids
}

func cutSep(k []byte) (before, after []byte, ok bool) {
	for i, c := range k {
		if c == boltkv.Sep {
			return k[:i], k[i+1:], true
		}
	}
	return k, nil, false
}

func readOutIDs(t *testing.T, s *Store, digits string) []string {
	t.Helper()
	var ids []string
	err := s.db.View(func(tx *bolt.Tx) error {
		seen := map[string]bool{}
		for _, b := range [][]byte{bIdxPhone, bIdxIDNum} {
			hits, err := scanSuffix(tx, b, digits, motcua.MatchPhone, seen)
			if err != nil {
				return err
			}
			for _, h := range hits {
				ids = append(ids, h.Dossier.ID)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(ids)
	return ids
}

// A file of schema 2 (60 dossiers written by the code before the endings
// index: motcua-gen -n 60 --seed 7 --end 2026-11-01 --days 30) gets the
// index at its first writing open, and the last digits of every phone and
// ID number find what the old walk found.
func TestMigrateSchema2BuildsEndings(t *testing.T) {
	path := unpack(t, "schema2-60.db.gz")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.View(func(tx *bolt.Tx) error {
		if v := boltkv.GetU64(tx.Bucket(bMeta), kSchema); v != 2 || tx.Bucket(bIdxPhoneRev) != nil {
			t.Fatalf("fixture: schema %d, endings bucket %v", v, tx.Bucket(bIdxPhoneRev) != nil)
		}
		return nil
	})
	db.Close()

	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.CheckIntegrity(); err != nil { // the endings hold as many keys as the forward indexes
		t.Fatal(err)
	}
	var numbers []string
	s.db.View(func(tx *bolt.Tx) error {
		if v := boltkv.GetU64(tx.Bucket(bMeta), kSchema); v != SchemaVersion {
			t.Fatalf("schema %d after the writing open", v)
		}
		for _, b := range [][]byte{bIdxPhone, bIdxIDNum} {
			tx.Bucket(b).ForEach(func(k, _ []byte) error {
				n, _, _ := cutSep(k)
				numbers = append(numbers, string(n))
				return nil
			})
		}
		return nil
	})
	if len(numbers) < 60 {
		t.Fatalf("fixture has %d numbers", len(numbers))
	}
	for _, n := range numbers {
		for _, l := range []int{4, 6} {
			d := n[len(n)-l:]
			want, got := endsByWalk(t, s, d), readOutIDs(t, s, d)
			if len(want) == 0 || !equalStrings(want, got) {
				t.Fatalf("ending %s: index finds %v, the walk %v", d, got, want)
			}
		}
	}
	// The index follows later changes: a new reception, then a corrected phone.
	done, err := s.Receive(motcua.ReceiveInput{ProcedureCode: "1.001193", Applicant: motcua.Person{Name: "Lê Văn Cường", Phone: "0987654321"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := readOutIDs(t, s, "4321"); !contains(got, done.Dossier.ID) {
		t.Fatalf("new dossier not found by 4321: %v", got)
	}
	if _, err := s.Do(motcua.Action{Kind: motcua.OpSetField, DossierID: done.Dossier.ID,
		Args: motcua.SetFieldArgs{Field: "applicant.phone", Old: "0987654321", New: "0912000111"}}); err != nil {
		t.Fatal(err)
	}
	if got := readOutIDs(t, s, "4321"); contains(got, done.Dossier.ID) {
		t.Fatal("the old phone's ending still finds the dossier")
	}
	if got := readOutIDs(t, s, "0111"); !contains(got, done.Dossier.ID) {
		t.Fatalf("the new phone's ending does not: %v", got)
	}
	if err := s.CheckIntegrity(); err != nil {
		t.Fatal(err)
	}
}

// The last four digits through Search, as the list and `motcua find` ask.
func TestSearchLastDigitsUsesEndings(t *testing.T) {
	s, _ := mustOpen(t)
	want, err := s.Receive(motcua.ReceiveInput{ProcedureCode: "1.001193", Applicant: motcua.Person{Name: "Lê Văn Cường", Phone: "0912 345 678"}})
	if err != nil {
		t.Fatal(err)
	}
	mustReceive(t, s, "Phạm Thị Hoa")
	hits, err := s.Search(motcua.Query{Text: "5678", Limit: 20, Now: s.Now()})
	if err != nil || len(hits) != 1 || hits[0].Dossier.ID != want.Dossier.ID || hits[0].Match != motcua.MatchPhone {
		t.Fatalf("5678: %+v, %v", hits, err)
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
