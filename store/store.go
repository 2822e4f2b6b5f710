package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// SchemaVersion is the layout this code writes. It reads every older one: a
// file of schema 1 (dossier records in plain JSON) is migrated to 2
// (compressed records, codec.go), one of 2 to 3 (the number endings index,
// index_ends.go), and one of 3 to 4 (the outbox by record,
// outbox_index.go), by its first writing open (migrate.go).
const SchemaVersion = 4

// The bucket registry: every bucket is a named variable, created at open.
var (
	bMeta       = []byte("meta")
	bDossiers   = []byte("dossiers")
	bIdxCode    = []byte("idx_code")
	bIdxIDNum   = []byte("idx_idnum")
	bIdxPhone   = []byte("idx_phone")
	bIdxTerms   = []byte("idx_terms")
	bTermCounts = []byte("term_counts")
	bIdxStatus  = []byte("idx_status")
	bOutbox     = []byte("outbox")
	bAcked      = []byte("acked")
	bResults    = []byte("results")
	bCodes      = []byte("codes")
	bQuestions  = []byte("questions")
	bCatalog    = []byte("catalog")
	bCalendar   = []byte("calendar")
	bBackups    = []byte("backups")
	bParked     = []byte("parked")
	bResetSeen  = []byte("reset_seen")
	bLookupKeys = []byte("lookup_keys") // dossier id → the citizen's key, kept to reprint

	allBuckets = [][]byte{bMeta, bDossiers, bIdxCode, bIdxIDNum, bIdxPhone, bIdxTerms, bTermCounts, bIdxStatus,
		bOutbox, bAcked, bResults, bCodes, bQuestions, bCatalog, bCalendar, bBackups, bParked, bResetSeen, bLookupKeys,
		bIdxPhoneRev, bIdxIDNumRev, bOutboxRec}

	kSchema      = []byte("schema")
	kTerminal    = []byte("terminal")
	kLastSeq     = []byte("last_seq")
	kAckedSeq    = []byte("acked_seq")
	kLane        = []byte("lane")
	kClockOffset = []byte("clock_offset")
	kLastTime    = []byte("last_time")
	kPullCursor  = []byte("pull_cursor")
	kCalendar    = []byte("calendar")
)

// Store is a terminal's local store.
type Store struct {
	db   *bolt.DB
	path string
	// Now is the local clock; tests replace it. The store adds the offset
	// to the server's clock seen at the last sync.
	Now func() time.Time
	// OnCommit, when set, is called after every committed action (a new op
	// in the outbox), outside the transaction: the syncer's Kick, so an
	// officer's action leaves for the server without waiting for a poll.
	// Set it before the store is shared; it must not block.
	OnCommit func()

	// backupMu lets one daily backup run at a time (backup.go).
	backupMu sync.Mutex

	mu  sync.RWMutex
	cat *motcua.Catalog
	cal motcua.Calendar
	// lazyRef, set by a read-only open, decodes cat and cal on first use
	// (Reference): `find` and `show` never need them, and decoding the
	// catalog's JSON was a tenth of a whole `find` process.
	lazyRef func() error
}

// Open opens (creating if needed) the store at path, file mode 0600. A second
// process gets an ELOCKED error after about a second instead of hanging.
// Every commit is fsynced before it returns: this is how an officer's
// terminal and the CLI open their store. Opening a store that is already set
// up writes nothing; a new file is set up, and a file of an older schema
// migrated, in the open (see setup).
func Open(path string) (*Store, error) { return OpenWith(path, Options{}) }

// OpenWith is Open with options; Options{} is Open. See Options.
func OpenWith(path string, opts Options) (*Store, error) {
	if opts.ReadOnly || opts.Existing {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return nil, ErrNoData(path)
		}
	}
	if opts.ReadOnly {
		return openReadOnly(path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create data directory %s: %w", filepath.Dir(path), err)
	}
	s, err := openBolt(path, opts.bolt())
	if err != nil {
		return nil, err
	}
	if err := s.safely(s.setup); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return s, nil
}

// openReadOnly opens an existing store with a shared lock and no write
// transaction. A file of an older schema is migrated first, once, by a
// writing open: reading it as it is would need the old code.
func openReadOnly(path string) (*Store, error) {
	ro := &bolt.Options{Timeout: time.Second, ReadOnly: true, OpenFile: openBlocking, PageReads: readOnlyPageReads}
	s, err := openBolt(path, ro)
	if err != nil {
		return nil, err
	}
	var ready bool
	err = s.safely(func() error {
		return s.db.View(func(tx *bolt.Tx) error {
			var err error
			ready, err = setUp(tx)
			return err
		})
	})
	if err == nil && !ready {
		s.db.Close()
		if s, err = Open(path); err != nil {
			return nil, err
		}
		s.db.Close()
		if s, err = openBolt(path, ro); err != nil {
			return nil, err
		}
	}
	if err != nil {
		s.db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	s.lazyRef = sync.OnceValue(func() error {
		if err := s.safely(func() error { return s.db.View(s.loadReference) }); err != nil {
			return fmt.Errorf("open store %s: %w", path, err)
		}
		return nil
	})
	return s, nil
}

// Reference decodes the catalog and calendar now, if a read-only open left
// them for later, and returns the error of a damaged one. A command that
// uses Catalog or Calendar on a read-only store calls it first; Search calls
// it for a due filter. On a store opened for writing they are loaded by the
// open, and Reference returns nil.
func (s *Store) Reference() error {
	if s.lazyRef == nil {
		return nil
	}
	return s.lazyRef()
}

// openBolt opens the bbolt file, turning its errors into the officer's.
func openBolt(path string, o *bolt.Options) (*Store, error) {
	db, err := bolt.Open(path, 0o600, o)
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, motcua.Errorf(motcua.ELOCKED, "store_locked", "",
			"motcua đang mở ở cửa sổ khác (tệp %s): hãy dùng cửa sổ đó hoặc đóng nó rồi thử lại.",
			"motcua is already open in another window (file %s): use that window, or close it and try again.", path)
	} else if errors.Is(err, berrors.ErrInvalid) || errors.Is(err, berrors.ErrChecksum) || errors.Is(err, berrors.ErrVersionMismatch) {
		return nil, errCorrupt(path, err)
	} else if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return &Store{db: db, path: path, Now: time.Now}, nil
}

// ErrNoData is a command that needs a store finding no data file at path: it
// creates none.
func ErrNoData(path string) error {
	return motcua.Errorf(motcua.ENOTFOUND, "no_data", "data",
		"Không có dữ liệu motcua ở %s: hãy kiểm tra --data (hoặc MOTCUA_DATA), hoặc chạy “motcua init” để cài đặt máy.",
		"There is no motcua data at %s: check --data (or MOTCUA_DATA), or run “motcua init” to set up this terminal.", path)
}

// IsNoData reports whether err is ErrNoData.
func IsNoData(err error) bool { return motcua.ErrorReason(err) == "no_data" }

// safely runs fn, turning a panic inside bbolt (it panics on some damaged
// pages) into a "damaged file" error.
func (s *Store) safely(fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errCorrupt(s.path, fmt.Errorf("%v", r))
		}
	}()
	return fn()
}

// setup makes the file ready and loads the reference data. A file already
// set up is only read (no write transaction, so no fsync): the writes happen
// on a new file (every bucket, the schema, the seed catalog and calendar) and
// on a file of an older schema (migrate).
func (s *Store) setup() error {
	var ready bool
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		ready, err = setUp(tx)
		return err
	})
	if err != nil {
		return err
	}
	if !ready {
		if err := s.createAndMigrate(); err != nil {
			return err
		}
	}
	return s.db.View(s.loadReference)
}

// setUp reports whether the file needs no writing before use: every bucket,
// this schema, a catalog and a calendar. A newer schema is an error.
func setUp(tx *bolt.Tx) (bool, error) {
	for _, b := range allBuckets {
		if tx.Bucket(b) == nil {
			return false, nil
		}
	}
	switch v := boltkv.GetU64(tx.Bucket(bMeta), kSchema); {
	case v > SchemaVersion:
		return false, errSchemaNewer(v)
	case v < SchemaVersion:
		return false, nil
	}
	return hasKeys(tx.Bucket(bCatalog)) && tx.Bucket(bCalendar).Get(kCalendar) != nil, nil
}

// hasKeys reports whether b holds anything. Stats().KeyN > 0 says the same
// after walking every page of the bucket: every open checked the catalog
// that way, and init and enroll walked all the dossiers' pages.
func hasKeys(b *bolt.Bucket) bool {
	k, _ := b.Cursor().First()
	return k != nil
}

func errSchemaNewer(v uint64) error {
	return motcua.Errorf(motcua.EINVALID, "schema_newer", "",
		"Tệp dữ liệu do phiên bản motcua mới hơn tạo (lược đồ %d); hãy cập nhật motcua.",
		"The data file was written by a newer motcua (schema %d); update motcua.", v)
}

// createAndMigrate creates what is missing (every bucket; on a new file the
// schema, the seed catalog and calendar), then migrates a file of an older
// schema (migrate.go).
func (s *Store) createAndMigrate() error {
	var from uint64
	err := s.db.Update(func(tx *bolt.Tx) error {
		if err := boltkv.CreateAll(tx, allBuckets); err != nil {
			return err
		}
		meta := tx.Bucket(bMeta)
		switch from = boltkv.GetU64(meta, kSchema); {
		case from == 0:
			from = SchemaVersion
			if err := boltkv.PutU64(meta, kSchema, SchemaVersion); err != nil {
				return err
			}
		case from > SchemaVersion:
			return errSchemaNewer(from)
		}
		if !hasKeys(tx.Bucket(bCatalog)) {
			if err := putCatalog(tx, motcua.SeedCatalog()); err != nil {
				return err
			}
		}
		if tx.Bucket(bCalendar).Get(kCalendar) == nil {
			return boltkv.PutJSON(tx.Bucket(bCalendar), kCalendar, motcua.DefaultCalendar())
		}
		return nil
	})
	if err != nil || from == SchemaVersion {
		return err
	}
	return s.migrate(from)
}

// loadReference reads the catalog and calendar into memory: they are small,
// read on every reception, and change only through sync.
func (s *Store) loadReference(tx *bolt.Tx) error {
	var procs []motcua.Procedure
	err := tx.Bucket(bCatalog).ForEach(func(_, v []byte) error {
		var p motcua.Procedure
		if err := json.Unmarshal(v, &p); err != nil {
			return fmt.Errorf("decode catalog entry: %w", err)
		}
		procs = append(procs, p)
		return nil
	})
	if err != nil {
		return err
	}
	cat, err := motcua.NewCatalog(procs)
	if err != nil {
		return fmt.Errorf("load catalog: %w", err)
	}
	var cal motcua.Calendar
	if err := boltkv.GetJSON(tx.Bucket(bCalendar), kCalendar, &cal); err != nil {
		return fmt.Errorf("load calendar: %w", err)
	}
	s.mu.Lock()
	s.cat, s.cal = cat, cal
	s.mu.Unlock()
	return nil
}

func putCatalog(tx *bolt.Tx, procs []motcua.Procedure) error {
	b := tx.Bucket(bCatalog)
	for _, p := range procs {
		if err := boltkv.PutJSON(b, []byte(p.Code), p); err != nil {
			return err
		}
	}
	return nil
}

// Close closes the file.
func (s *Store) Close() error { return s.db.Close() }

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Catalog returns the procedure catalog in force. On a read-only store whose
// catalog fails to decode (Reference's error) it is an empty catalog.
func (s *Store) Catalog() *motcua.Catalog {
	ok := s.Reference() == nil
	s.mu.RLock()
	defer s.mu.RUnlock()
	if !ok || s.cat == nil {
		cat, _ := motcua.NewCatalog(nil)
		return cat
	}
	return s.cat
}

// Calendar returns the working-day calendar in force. On a read-only store
// whose reference data fails to decode (Reference's error) it is the
// default calendar.
func (s *Store) Calendar() motcua.Calendar {
	if s.Reference() != nil {
		return motcua.DefaultCalendar()
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.cal
}

// Init sets the terminal's unit and officer. On a new file it also creates
// the terminal id and install nonce; on an existing one it changes only the
// names (an officer hands the laptop to a colleague), never the unit once
// dossiers exist, because codes carry the unit.
func (s *Store) Init(unit, unitName, officer string) (motcua.TerminalInfo, error) {
	if err := motcua.ValidateUnitCode(unit); err != nil {
		return motcua.TerminalInfo{}, err
	}
	unitName = motcua.CleanName(unitName)
	if unitName == "" {
		return motcua.TerminalInfo{}, motcua.Errorf(motcua.EINVALID, "unit_name", "unit-name", "Chưa nhập tên đơn vị.", "The unit name is missing.")
	}
	off, err := motcua.ValidateName(officer)
	if err != nil {
		return motcua.TerminalInfo{}, err
	}
	return s.updateTerminal(func(tx *bolt.Tx, info *motcua.TerminalInfo) error {
		if info.ID == "" {
			now := s.Now()
			*info = motcua.TerminalInfo{ID: motcua.NewID(now), InstallNonce: motcua.NewID(now), Role: motcua.RoleCounter, CreatedAt: now}
			if err := boltkv.PutJSON(tx.Bucket(bMeta), kLane, motcua.StandaloneLane()); err != nil {
				return err
			}
		} else if info.Unit != "" && info.Unit != unit && hasKeys(tx.Bucket(bDossiers)) {
			return motcua.Errorf(motcua.EINVALID, "unit_change", "unit",
				"Máy đã có hồ sơ của đơn vị %s; không thể đổi sang đơn vị khác.",
				"This terminal holds dossiers of unit %s; it cannot change unit.", info.Unit)
		}
		info.Unit, info.UnitName, info.Officer = unit, unitName, off
		return nil
	})
}

// updateTerminal changes the terminal's record in one transaction: fn gets
// what is stored (zero on a new file) and changes it, or refuses.
func (s *Store) updateTerminal(fn func(tx *bolt.Tx, info *motcua.TerminalInfo) error) (motcua.TerminalInfo, error) {
	var info motcua.TerminalInfo
	err := s.db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		if err := boltkv.GetJSON(meta, kTerminal, &info); err != nil {
			return err
		}
		if err := fn(tx, &info); err != nil {
			return err
		}
		return boltkv.PutJSON(meta, kTerminal, info)
	})
	return info, err
}

// Terminal returns who this terminal is; ErrNotInitialised before Init.
func (s *Store) Terminal() (motcua.TerminalInfo, error) {
	var info motcua.TerminalInfo
	err := s.db.View(func(tx *bolt.Tx) error { return boltkv.GetJSON(tx.Bucket(bMeta), kTerminal, &info) })
	if err == nil && info.Unit == "" {
		err = motcua.ErrNotInitialised
	}
	return info, err
}

// Status is what the status bar and `motcua sync` show about the outbox.
type Status struct {
	Terminal      motcua.TerminalInfo
	LastSeq       uint64
	AckedSeq      uint64
	Waiting       int       // ops not yet acknowledged
	OldestWaiting time.Time // client time of the oldest unacknowledged op
	Results       int       // conflicts and rejections not yet dismissed
	Lane          motcua.Lane
	Dossiers      int // counted by walking the bucket: for tools and tests, not for polling
}

// State reads the outbox state in one read transaction.
func (s *Store) State() (Status, error) {
	var st Status
	err := s.db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		if err := boltkv.GetJSON(meta, kTerminal, &st.Terminal); err != nil {
			return err
		}
		if err := boltkv.GetJSON(meta, kLane, &st.Lane); err != nil {
			return err
		}
		st.LastSeq, st.AckedSeq = boltkv.GetU64(meta, kLastSeq), boltkv.GetU64(meta, kAckedSeq)
		// queue counts in O(1); Stats() on the outbox walks every page.
		q := queue(tx)
		st.Waiting, st.OldestWaiting = q.Waiting, q.OldestWaiting
		st.Results = tx.Bucket(bResults).Stats().KeyN
		st.Dossiers = tx.Bucket(bDossiers).Stats().KeyN
		return nil
	})
	return st, err
}

// readOnlyPageReads is how many pages a read-only store reads with pread
// before it reads through bbolt's map (bbolt's Options.PageReads, a change
// of the copy in third_party/bbolt). A `motcua find` or `show` reads about a
// dozen pages of a file it maps whole (722 MB at 100,000 dossiers); through
// the map each is a page fault, 30–45 µs on the VM of BENCHMARKS.md, where a
// pread is a few. 1,024 pages (4 MB, kept until Close) covers a name
// search's pages; an export reads the rest through the map as before.
const readOnlyPageReads = 1024
