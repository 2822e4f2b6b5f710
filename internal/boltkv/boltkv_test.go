package boltkv

import (
	"bytes"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

func TestHelpersOnARealFile(t *testing.T) {
	db, err := bolt.Open(filepath.Join(t.TempDir(), "kv.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	registry := [][]byte{[]byte("a"), []byte("b")}
	type rec struct{ Name string }
	err = db.Update(func(tx *bolt.Tx) error {
		if !Missing(tx, registry) {
			t.Error("an empty file has the registry's buckets")
		}
		if err := CreateAll(tx, registry); err != nil {
			return err
		}
		if err := CreateAll(tx, registry); err != nil { // again: nothing to do
			return err
		}
		if Missing(tx, registry) {
			t.Error("buckets missing after CreateAll")
		}
		b := tx.Bucket([]byte("a"))
		if GetU64(b, []byte("n")) != 0 {
			t.Error("an absent number is not 0")
		}
		if err := PutU64(b, []byte("n"), 1<<40+7); err != nil {
			return err
		}
		if got := GetU64(b, []byte("n")); got != 1<<40+7 || Be64(U64(got)) != got {
			t.Errorf("number %d", got)
		}
		if bytes.Compare(U64(255), U64(256)) >= 0 {
			t.Error("byte order is not numeric order")
		}
		if err := PutJSON(b, []byte("r"), rec{"Ánh"}); err != nil {
			return err
		}
		var r rec
		if err := GetJSON(b, []byte("r"), &r); err != nil || r.Name != "Ánh" {
			t.Errorf("json %+v %v", r, err)
		}
		untouched := rec{"kept"}
		if err := GetJSON(b, []byte("none"), &untouched); err != nil || untouched.Name != "kept" {
			t.Errorf("absent key changed the value: %+v %v", untouched, err)
		}
		if got, err := GetRecord[rec](b, "record", "r"); err != nil || got == nil || got.Name != "Ánh" {
			t.Errorf("record %+v %v", got, err)
		}
		if got, err := GetRecord[rec](b, "record", "none"); err != nil || got != nil {
			t.Errorf("absent record %+v %v", got, err)
		}
		if err := b.Put([]byte("bad"), []byte("{")); err != nil {
			return err
		}
		if _, err := GetRecord[rec](b, "record", "bad"); err == nil {
			t.Error("a damaged record decoded")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if k := JoinKey([]byte("unit"), []byte("id")); !bytes.Equal(k, []byte("unit\x00id")) {
		t.Errorf("key %q", k)
	}
}

// Indexed follows an index to its record, and answers nil for a key the
// index lacks, without calling the reader.
func TestIndexedFollowsTheIndex(t *testing.T) {
	db, err := bolt.Open(filepath.Join(t.TempDir(), "kv.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	type rec struct{ Name string }
	idx, recs := []byte("idx"), []byte("recs")
	err = db.Update(func(tx *bolt.Tx) error {
		if err := CreateAll(tx, [][]byte{idx, recs}); err != nil {
			return err
		}
		if err := tx.Bucket(idx).Put([]byte("code-1"), []byte("id-1")); err != nil {
			return err
		}
		return PutJSON(tx.Bucket(recs), []byte("id-1"), rec{Name: "Nguyễn Thị Ánh"})
	})
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	get := func(tx *bolt.Tx, id string) (*rec, error) {
		calls++
		return GetRecord[rec](tx.Bucket(recs), "rec", id)
	}
	r, err := Indexed(db, idx, []byte("code-1"), get)
	if err != nil || r == nil || r.Name != "Nguyễn Thị Ánh" {
		t.Fatalf("Indexed(code-1) = %+v, %v", r, err)
	}
	r, err = Indexed(db, idx, []byte("code-2"), get)
	if err != nil || r != nil || calls != 1 {
		t.Fatalf("Indexed(code-2) = %+v, %v after %d reads", r, err, calls)
	}
}

// Records decodes a bucket's values in key order, keeps what keep accepts,
// and names the key of a value it cannot decode.
func TestRecordsFiltersInKeyOrder(t *testing.T) {
	db, err := bolt.Open(filepath.Join(t.TempDir(), "kv.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	type rec struct{ Unit, Name string }
	b := []byte("recs")
	err = db.Update(func(tx *bolt.Tx) error {
		if err := CreateAll(tx, [][]byte{b}); err != nil {
			return err
		}
		for k, r := range map[string]rec{"3": {"A", "ba"}, "1": {"A", "một"}, "2": {"B", "hai"}} {
			if err := PutJSON(tx.Bucket(b), []byte(k), r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		all, err := Records[rec](tx.Bucket(b), nil)
		if err != nil || len(all) != 3 || all[0].Name != "một" || all[2].Name != "ba" {
			t.Errorf("all = %+v, %v", all, err)
		}
		a, err := Records(tx.Bucket(b), func(r *rec) bool { return r.Unit == "A" })
		if err != nil || len(a) != 2 || a[0].Name != "một" || a[1].Name != "ba" {
			t.Errorf("unit A = %+v, %v", a, err)
		}
		if err := tx.Bucket(b).Put([]byte("4"), []byte("{not json")); err != nil {
			return err
		}
		if _, err := Records[rec](tx.Bucket(b), nil); err == nil || !bytes.Contains([]byte(err.Error()), []byte("4")) {
			t.Errorf("a bad value: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
