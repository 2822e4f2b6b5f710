package store

import (
	"os"
	"testing"
	"time"
)

func TestDailyBackup(t *testing.T) {
	s, clock := mustOpen(t)
	d := mustReceive(t, s, "Lê Văn Cường")
	path, err := s.BackupIfDue()
	if err != nil || path == "" {
		t.Fatalf("first backup: %q %v", path, err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v %v", fi, err)
	}
	if again, _ := s.BackupIfDue(); again != "" {
		t.Fatal("second backup on the same day")
	}
	// The backup opens and holds the dossier.
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Get(d.Dossier.ID); err != nil {
		t.Fatalf("dossier missing from backup: %v", err)
	}
	b.Close()
	for i := 0; i < BackupsKept+3; i++ {
		clock.Advance(24 * time.Hour)
		if _, err := s.BackupIfDue(); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(s.Backups()); n != BackupsKept {
		t.Fatalf("%d backups kept", n)
	}
}
