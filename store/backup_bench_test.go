package store_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkFixtureBackup writes the daily backup (a compacted copy) of the
// 100,000-dossier fixture: its time per copy, and its size beside the data
// file's.
func BenchmarkFixtureBackup(b *testing.B) {
	s := openFixture(b)
	live, err := os.Stat(s.Path())
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	var size int64
	start := time.Now()
	for i := 0; b.Loop(); i++ {
		path := filepath.Join(dir, "backup.bak")
		if err := s.BackupTo(path); err != nil {
			b.Fatal(err)
		}
		fi, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		size = fi.Size()
		os.Remove(path)
	}
	b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(b.N), "ms/backup")
	b.ReportMetric(float64(size)/(1<<20), "backup-MiB")
	b.ReportMetric(float64(live.Size())/(1<<20), "file-MiB")
	if size > live.Size() {
		b.Errorf("backup %d bytes, larger than the data file's %d", size, live.Size())
	}
}
