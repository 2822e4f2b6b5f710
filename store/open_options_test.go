package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/motcua/motcua"
	bolt "go.etcd.io/bbolt"
)

// An officer's store (Open, and OpenWith with zero options) fsyncs every
// commit and writes bbolt's free-page list with it.
func TestOpenSyncsEveryCommit(t *testing.T) {
	for name, open := range map[string]func(string) (*Store, error){
		"Open":                Open,
		"OpenWith(Options{})": func(p string) (*Store, error) { return OpenWith(p, Options{}) },
	} {
		s, err := open(filepath.Join(t.TempDir(), "motcua.db"))
		if err != nil {
			t.Fatal(err)
		}
		if s.db.NoSync || s.db.NoFreelistSync || s.db.NoGrowSync {
			t.Errorf("%s: NoSync %v, NoFreelistSync %v, NoGrowSync %v", name, s.db.NoSync, s.db.NoFreelistSync, s.db.NoGrowSync)
		}
		if err := s.Sync(); err != nil { // harmless on a durable store
			t.Errorf("%s: Sync: %v", name, err)
		}
		s.Close()
	}
}

// fillNoSync writes n dossiers into a new NoSync store at path and returns
// it open, with their codes.
func fillNoSync(t *testing.T, path string, n int) (*Store, []string) {
	t.Helper()
	s, err := OpenWith(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	if !s.db.NoSync || !s.db.NoFreelistSync {
		t.Fatalf("NoSync store: NoSync %v, NoFreelistSync %v", s.db.NoSync, s.db.NoFreelistSync)
	}
	clock := &fakeClock{t: time.Date(2026, 10, 27, 7, 30, 0, 0, motcua.VNZone)}
	s.Now = clock.Now
	if _, err := s.Init(testUnit, "UBND xã Tân Thành", "Trần Văn Bình"); err != nil {
		t.Fatal(err)
	}
	var codes []string
	for i := 0; i < n; i++ {
		clock.Advance(time.Minute)
		d := mustReceive(t, s, fmt.Sprintf("Nguyễn Văn %s", []string{"An", "Bình", "Cường", "Dũng"}[i%4]))
		codes = append(codes, d.Dossier.Code)
	}
	return s, codes
}

// txid is the id of the file's last commit, read without writing anything.
func txid(t *testing.T, path string, readOnly bool) int {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: readOnly})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	id := 0
	if err := db.View(func(tx *bolt.Tx) error { id = tx.ID(); return nil }); err != nil {
		t.Fatal(err)
	}
	return id
}

// A NoSync store, written, then Synced and closed, reopens as an ordinary
// store with every dossier, passes bbolt's page check and CheckIntegrity,
// and needs no rebuild of its free-page list.
func TestNoSyncStoreSyncedReopensWhole(t *testing.T) {
	path := filepath.Join(t.TempDir(), "motcua.db")
	const n = 300
	s, codes := fillNoSync(t, path, n)
	if err := s.Sync(); err != nil {
		t.Fatal(err)
	}
	if s.db.NoFreelistSync || !s.db.NoSync {
		t.Errorf("after Sync: NoSync %v (want true), NoFreelistSync %v (want false)", s.db.NoSync, s.db.NoFreelistSync)
	}
	// The store stays usable after Sync.
	mustReceive(t, s, "Trần Thị Ánh")
	if err := s.Sync(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	// bbolt commits once at open when the file has no free-page list; after
	// Sync it has one, so a writable open changes nothing.
	if before, after := txid(t, path, true), txid(t, path, false); after != before {
		t.Errorf("opening the synced file committed (txid %d → %d): its free-page list was not written", before, after)
	}

	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.db.NoSync || r.db.NoFreelistSync {
		t.Errorf("reopened with Open: NoSync %v, NoFreelistSync %v", r.db.NoSync, r.db.NoFreelistSync)
	}
	if err := r.CheckIntegrity(); err != nil {
		t.Fatal(err)
	}
	if err := r.db.View(func(tx *bolt.Tx) error {
		var errs []error
		for err := range tx.Check() {
			errs = append(errs, err)
		}
		return errors.Join(errs...)
	}); err != nil {
		t.Fatalf("bbolt check: %v", err)
	}
	st, err := r.State()
	if err != nil {
		t.Fatal(err)
	}
	if st.Dossiers != n+1 || int(st.LastSeq) != n+1 || st.Terminal.Unit != testUnit {
		t.Fatalf("state: %d dossiers, last seq %d, unit %q", st.Dossiers, st.LastSeq, st.Terminal.Unit)
	}
	for _, code := range codes {
		if d, err := r.GetByCode(code); err != nil || d.Code != code {
			t.Fatalf("%s: %v", code, err)
		}
	}
	hits, err := r.Search(motcua.Query{Text: "nguyen van cuong", Limit: n})
	if err != nil || len(hits) != n/4 {
		t.Fatalf("search: %d hits, %v", len(hits), err)
	}
	// And it takes durable work again.
	mustReceive(t, r, "Lê Văn Bảo")
}

// The control for the free-page-list probe above: a NoSync store closed
// without Sync has none, and bbolt writes it at the next writable open.
func TestNoSyncStoreClosedWithoutSyncHasNoFreelist(t *testing.T) {
	path := filepath.Join(t.TempDir(), "motcua.db")
	s, _ := fillNoSync(t, path, 20)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if before, after := txid(t, path, true), txid(t, path, false); after != before+1 {
		t.Errorf("txid %d → %d, want one commit at open", before, after)
	}
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := r.CheckIntegrity(); err != nil {
		t.Fatal(err)
	}
}

// A read-only open decodes the catalog and calendar only when asked
// (Reference, Catalog, Calendar, a due filter): a lookup by code works on a
// file whose catalog is damaged, and Reference reports the damage, as the
// open did before.
func TestReadOnlyReferenceIsLazy(t *testing.T) {
	path := filepath.Join(t.TempDir(), "motcua.db")
	s, codes := fillNoSync(t, path, 3)
	wantProcs := len(s.Catalog().All())
	if err := s.Sync(); err != nil {
		t.Fatal(err)
	}
	s.Close()

	r, err := OpenWith(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.cat != nil {
		t.Error("a read-only open decoded the catalog")
	}
	if err := r.Reference(); err != nil {
		t.Fatal(err)
	}
	if got := len(r.Catalog().All()); got != wantProcs {
		t.Errorf("read-only catalog: %d procedures, want %d", got, wantProcs)
	}
	r.Close()

	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bCatalog).Put([]byte("1.000000"), []byte("{not json")) }); err != nil {
		t.Fatal(err)
	}
	db.Close()

	r, err = OpenWith(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only open of a file with a damaged catalog: %v", err)
	}
	defer r.Close()
	hits, err := r.Search(motcua.Query{Text: codes[1]})
	if err != nil || len(hits) != 1 || hits[0].Dossier.Code != codes[1] {
		t.Errorf("find %s: %d hits, %v", codes[1], len(hits), err)
	}
	if err := r.Reference(); err == nil {
		t.Error("Reference: no error for a damaged catalog")
	}
	if _, err := r.Search(motcua.Query{Text: codes[1], Due: motcua.DueOverdue}); err == nil {
		t.Error("a due filter over a damaged calendar and catalog: no error")
	}
	if r.Catalog() == nil || len(r.Catalog().All()) != 0 {
		t.Error("Catalog of a damaged read-only store: want an empty catalog")
	}
}
