package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/motcua/motcua"
	bolt "go.etcd.io/bbolt"
)

// BackupsKept is how many daily backups stay beside the database.
const BackupsKept = 7

// backupTxSize is how many bytes of keys and values the compacting copy puts
// in one transaction of the new file: bounded memory for any store size.
const backupTxSize = 8 << 20

// BackupIfDue writes today's hot backup beside the database
// (motcua.db.YYYYMMDD.bak, mode 0600) if there is none for today yet, and
// keeps the newest BackupsKept. It returns the path it wrote, or "" when
// today's backup already exists.
//
// The UI starts one at launch and another after the first commit, so two
// calls can overlap: one mutex makes the second wait and then find today's
// file, instead of both copying into one temporary file. Whether a backup is
// due is read from the file itself, not from a record in the store, so
// taking it never writes to the store (no write transaction, no fsync of the
// data file).
func (s *Store) BackupIfDue() (path string, err error) {
	s.backupMu.Lock()
	defer s.backupMu.Unlock()
	day := s.Now().In(motcua.VNZone).Format("20060102")
	path = s.path + "." + day + ".bak"
	if _, err := os.Stat(path); err == nil {
		return "", nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("back up %s: %w", s.path, err)
	}
	if err := s.BackupTo(path); err != nil {
		return "", err
	}
	s.pruneBackups()
	return path, nil
}

// BackupTo writes a consistent, compacted copy of the database to path: every
// bucket and key read in one read transaction (so officers keep working while
// it runs) and written into a fresh file with full pages, so the backup holds
// the live data only, never the free pages the data file keeps. It is built
// under a unique temporary name in the same directory, fsynced, and renamed,
// so a crash never leaves a half-written backup under the final name and two
// copies never share a file.
func (s *Store) BackupTo(path string) error {
	fail := func(err error) error { return fmt.Errorf("back up %s to %s: %w", s.path, path, err) }
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return fail(err)
	}
	tmp := f.Name()
	f.Close()
	if err := compactTo(s.db, tmp); err != nil {
		os.Remove(tmp)
		return fail(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fail(err)
	}
	return syncDir(filepath.Dir(path))
}

// compactTo copies src into a new bbolt file at path (which may exist and be
// empty), then makes it durable with one fsync: the copy is thrown away on
// any error, so its commits and the growth of its file need none of their
// own.
func compactTo(src *bolt.DB, path string) error {
	dst, err := bolt.Open(path, 0o600, &bolt.Options{NoSync: true, NoGrowSync: true, NoFreelistSync: true, PageSize: src.Info().PageSize})
	if err != nil {
		return err
	}
	if err := bolt.Compact(dst, src, backupTxSize); err != nil {
		dst.Close()
		return err
	}
	// Write the free list once, so opening the backup need not rebuild it.
	dst.NoFreelistSync = false
	if err := dst.Update(func(*bolt.Tx) error { return nil }); err != nil {
		dst.Close()
		return err
	}
	if err := dst.Sync(); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}

// syncDir makes a rename in dir durable (a no-op where directories cannot be
// opened for sync).
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return nil
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("sync directory %s: %w", dir, err)
	}
	return nil
}

// Backups lists the backup files beside the database, newest first.
func (s *Store) Backups() []string { return BackupFiles(s.path) }

// BackupFiles lists the backups of the data file at path, newest first; it
// works on a file too damaged to open.
func BackupFiles(path string) []string {
	matches, _ := filepath.Glob(path + ".*.bak")
	sort.Sort(sort.Reverse(sort.StringSlice(matches)))
	return matches
}

func (s *Store) pruneBackups() {
	for i, p := range s.Backups() {
		if i >= BackupsKept && strings.HasSuffix(p, ".bak") {
			os.Remove(p)
		}
	}
}
