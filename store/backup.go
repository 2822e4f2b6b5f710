package store

import (
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

var kLastBackup = []byte("last")

// BackupIfDue writes today's hot backup beside the database
// (motcua.db.YYYYMMDD.bak, mode 0600) if none was written today, and keeps
// the newest BackupsKept. A hot backup is a consistent copy taken inside a
// read transaction, so officers keep working while it runs.
func (s *Store) BackupIfDue() (path string, err error) {
	day := s.Now().In(motcua.VNZone).Format("20060102")
	var last string
	if err := s.db.View(func(tx *bolt.Tx) error {
		last = string(tx.Bucket(bBackups).Get(kLastBackup))
		return nil
	}); err != nil {
		return "", err
	}
	if last == day {
		return "", nil
	}
	path = s.path + "." + day + ".bak"
	if err := s.BackupTo(path); err != nil {
		return "", err
	}
	if err := s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bBackups).Put(kLastBackup, []byte(day)) }); err != nil {
		return "", err
	}
	s.pruneBackups()
	return path, nil
}

// BackupTo writes a consistent copy of the database to path, via a temporary
// file and a rename, so a crash never leaves a half-written backup under the
// final name.
func (s *Store) BackupTo(path string) error {
	tmp := path + ".tmp"
	err := s.db.View(func(tx *bolt.Tx) error { return tx.CopyFile(tmp, 0o600) })
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("back up %s to %s: %w", s.path, path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("back up %s to %s: %w", s.path, path, err)
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
