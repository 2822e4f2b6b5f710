package store

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua"
)

// corruptCopy fills a store, backs it up, and returns the path of a copy
// with bytes overwritten at off.
func corruptCopy(t *testing.T, off int64, n int) (broken, backup string, codes []string) {
	t.Helper()
	dir := t.TempDir()
	s, err := Open(filepath.Join(dir, "motcua.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Init(testUnit, "UBND xã Tân Thành", "Trần Văn Bình"); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 300; i++ {
		codes = append(codes, mustReceive(t, s, "Nguyễn Văn An").Dossier.Code)
	}
	backup = filepath.Join(dir, "good.bak")
	if err := s.BackupTo(backup); err != nil {
		t.Fatal(err)
	}
	s.Close()
	f, err := os.OpenFile(s.Path(), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	garbage := make([]byte, n)
	for i := range garbage {
		garbage[i] = byte(i*131 + 7)
	}
	if _, err := f.WriteAt(garbage, off); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return s.Path(), backup, codes
}

func TestCorruptMetaPagesAreReportedNotPanicked(t *testing.T) {
	broken, _, _ := corruptCopy(t, 0, 8192)
	_, err := Open(broken)
	if !IsCorrupt(err) {
		t.Fatalf("open damaged file: %v", err)
	}
	if msg := motcua.ErrorMessage(err, motcua.VI); msg == "" || !strings.Contains(msg, "motcua restore") {
		t.Fatalf("message %q", msg)
	}
}

func TestCorruptDataPageIsFoundByVerifyAndRestored(t *testing.T) {
	// Page 6 onwards holds bucket data for a store this size.
	broken, backup, codes := corruptCopy(t, 6*4096, 4096*4)
	if err := Verify(broken); !IsCorrupt(err) {
		t.Fatalf("verify damaged file: %v", err)
	}
	kept, err := Restore(backup, broken)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(kept); err != nil {
		t.Fatalf("damaged file not kept aside: %v", err)
	}
	s, err := Open(broken)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, c := range codes {
		if _, err := s.GetByCode(c); err != nil {
			t.Fatalf("%s lost after restore: %v", c, err)
		}
	}
	if err := s.CheckIntegrity(); err != nil {
		t.Fatal(err)
	}
}

func TestRestoreRefusesABadBackup(t *testing.T) {
	broken, _, _ := corruptCopy(t, 0, 8192)
	other := filepath.Join(t.TempDir(), "motcua.db")
	if _, err := Restore(broken, other); err == nil {
		t.Fatal("restored from a damaged backup")
	}
}

// Codes issued after the backup live only in the damaged file and on the
// citizens' receipts: the restored file must never issue them again
// (RELIABILITY.md, finding 5).
func TestRestoreNeverReissuesCodesOfTheDamagedFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "motcua.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Init(testUnit, "UBND xã Tân Thành", "Trần Văn Bình"); err != nil {
		t.Fatal(err)
	}
	mustReceive(t, s, "Nguyễn Văn An")
	backup := filepath.Join(dir, "b.bak")
	if err := s.BackupTo(backup); err != nil {
		t.Fatal(err)
	}
	handedOut := map[string]bool{}
	for i := 0; i < 5; i++ {
		handedOut[mustReceive(t, s, "Lê Văn Cường").Dossier.Code] = true
	}
	s.Close()
	if _, err := Restore(backup, path); err != nil {
		t.Fatal(err)
	}
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for i := 0; i < 10; i++ {
		d := mustReceive(t, r, "Võ Thị Sáu")
		if handedOut[d.Dossier.Code] {
			t.Fatalf("code %s issued twice", d.Dossier.Code)
		}
	}
}
