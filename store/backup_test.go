package store

import (
	"os"
	"path/filepath"
	"sync"
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

// TestBackupIfDueConcurrent is the launch backup (cmd/motcua/tui.go) and the
// UI's backup after the first commit running at once: each day exactly one
// of them writes the backup, and neither fails.
func TestBackupIfDueConcurrent(t *testing.T) {
	s, clock := mustOpen(t)
	for i := 0; i < 40; i++ {
		mustReceive(t, s, "Lê Văn Cường")
	}
	const callers = 4
	for day := 0; day < 10; day++ {
		clock.Advance(24 * time.Hour)
		var wg sync.WaitGroup
		paths := make([]string, callers)
		errs := make([]error, callers)
		for i := range callers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				paths[i], errs[i] = s.BackupIfDue()
			}()
		}
		wg.Wait()
		written := 0
		for i := range callers {
			if errs[i] != nil {
				t.Fatalf("day %d, caller %d: %v", day, i, errs[i])
			}
			if paths[i] != "" {
				written++
			}
		}
		if written != 1 {
			t.Fatalf("day %d: %d callers wrote the backup, want 1", day, written)
		}
	}
	// A compacted copy: never larger than the data file.
	live, err := os.Stat(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range s.Backups() {
		fi, err := os.Stat(b)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Size() > live.Size() {
			t.Fatalf("backup %s: %d bytes, more than the data file's %d", b, fi.Size(), live.Size())
		}
	}
	if tmps, _ := filepath.Glob(s.Path() + "*.tmp*"); len(tmps) != 0 {
		t.Fatalf("temporary files left: %v", tmps)
	}
}
