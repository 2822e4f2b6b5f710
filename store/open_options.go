package store

import (
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Options changes how OpenWith opens a store. The zero value is what Open
// uses: every commit durable before it returns. It is the only value an
// officer's terminal, the CLI or the server may use.
type Options struct {
	// NoSync skips the fsync of every commit (bbolt's NoSync) and the
	// writing of bbolt's free-page list (NoFreelistSync), for a bulk tool
	// that builds a fresh file from scratch and makes it durable once, with
	// Sync, before Close.
	//
	// A NoSync store loses everything committed since its last Sync on a
	// crash or power cut — and the file itself may be left unreadable, as
	// its meta page can reach the disk before the pages it points at.
	// Close does not sync. So NoSync is only for a generator writing a new
	// file it can throw away and build again (motcua-gen, the benchmark
	// fixture), which should build under a temporary name and publish the
	// file only after Sync. Never for an officer's terminal: each of its
	// commits is a citizen's dossier, a tracking code already on a receipt.
	NoSync bool

	// ReadOnly opens an existing store for reading only (bbolt's ReadOnly):
	// a shared lock, so readers run side by side while a writer waits (and
	// the other way round), no write transaction, no fsync. For the commands
	// that only read (find, show, catalog, export). A path with no file is
	// ErrNoData: nothing is created. A file of an older schema is migrated
	// once by a writing open before it is read.
	ReadOnly bool

	// Existing opens a store for writing but never creates one: a path with
	// no file is ErrNoData. For commands that need a set-up terminal
	// (receive, move, sync); init, enroll and the UI create the file.
	Existing bool
}

// bolt is the bbolt options these options stand for.
func (o Options) bolt() *bolt.Options {
	return &bolt.Options{Timeout: time.Second, NoSync: o.NoSync, NoFreelistSync: o.NoSync}
}

// Sync makes everything committed so far durable. On a NoSync store it
// first writes bbolt's free-page list in one empty commit (so that the
// next Open need not rebuild it by reading the whole file; commits after
// Sync keep writing it, still without fsync), then fsyncs the file. On a
// store opened by Open every commit is already durable, and Sync is one
// more fsync.
//
// Sync does not make the file's name durable: a tool that creates or
// renames the file must also sync its directory.
func (s *Store) Sync() error {
	var err error
	if s.db.NoSync { // set by bbolt at open, never changed
		// NoFreelistSync is flipped inside a write transaction, which holds
		// bbolt's writer lock: no other commit reads it meanwhile.
		err = s.db.Update(func(tx *bolt.Tx) error {
			tx.DB().NoFreelistSync = false
			return nil
		})
	}
	if err == nil {
		err = s.db.Sync()
	}
	if err != nil {
		return fmt.Errorf("sync store %s: %w", s.path, err)
	}
	return nil
}
