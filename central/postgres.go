package central

import (
	"context"
	"embed"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/kv"
	"github.com/motcua/motcua/internal/kvpg"
)

// The schema of a PostgreSQL store: SQL files applied in name order by
// Migrate (`motcua-server migrate`, or `serve --migrate`).
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// PGOptions tune the PostgreSQL engine (pool, timeouts); zero values take
// its defaults.
type PGOptions = kvpg.Options

// IsPostgres says whether a --db value names a PostgreSQL database
// (postgres:// or postgresql://) rather than a file.
func IsPostgres(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

func migrations() ([]kvpg.Migration, error) {
	return kvpg.Migrations(migrationFiles, "migrations")
}

// Migrate brings the database's schema up to date, safely when several
// processes start at once (they take turns on an advisory lock). It returns
// the migrations it applied.
func Migrate(ctx context.Context, dsn string, o PGOptions) ([]string, error) {
	ms, err := migrations()
	if err != nil {
		return nil, err
	}
	return kvpg.Migrate(ctx, dsn, o, ms)
}

// OpenPostgres opens the central store in a PostgreSQL database whose
// schema Migrate has set up. Any number of processes may open one database
// at once: every write is a SERIALIZABLE transaction, so they decide each op
// as one process would.
func OpenPostgres(ctx context.Context, dsn string, o PGOptions) (*Store, error) {
	ms, err := migrations()
	if err != nil {
		return nil, err
	}
	pending, err := kvpg.Pending(ctx, dsn, o, ms)
	if err != nil {
		return nil, errDatabase(err)
	}
	if len(pending) > 0 {
		return nil, motcua.Errorf(motcua.EINVALID, "schema_old", "",
			"Cơ sở dữ liệu chưa có lược đồ mới nhất (%s): hãy chạy “motcua-server migrate” hoặc “serve --migrate”.",
			"The database schema is not up to date (%s): run “motcua-server migrate” or “serve --migrate”.", strings.Join(pending, ", "))
	}
	o.Warm = warmConnection
	db, err := kvpg.Open(ctx, dsn, o)
	if err != nil {
		return nil, errDatabase(err)
	}
	c := &Store{db: db, pg: db, path: redact(dsn), Now: time.Now, CounterLane: DefaultCounterLen, HamletLane: DefaultHamletLen}
	if err := db.Update(setup); err != nil {
		db.Close()
		return nil, fmt.Errorf("open central store: %w", err)
	}
	c.startWriter()
	return c, nil
}

// warmConnection is what every new connection of a PostgreSQL store runs
// before it serves (kvpg.Options.Warm, in a read-only transaction that is
// rolled back): the reads of an authentication and of a terminal's pull
// from the database (the first unit's page from the log's start and from a
// cursor: catalog, calendar, the log, the latest marks, the records), so
// that when 200 terminals start at once the connections they find are
// open, with those statements prepared and those tables read
// (BENCHMARKS.md, "The first second"; docs/DESIGN.md §15).
func warmConnection(tx kv.Tx) error {
	// The first unit by code: looked up after the first page's reads, whose
	// batch carries the BEGIN as a pull's does.
	unit := []byte("warm-up")
	for _, cursor := range []string{"", "1-warm-up"} {
		p := motcua.PullRequest{Cursor: cursor}
		if _, _, err := readPage(tx, string(unit), "", p, false, warmPageLimit, motcua.MinPullBytes); err != nil {
			return err
		}
		if units := tx.Bucket(bUnits); units != nil {
			if first, _ := units.Cursor().First(); first != nil {
				unit = first
			}
		}
	}
	if g, ok := tx.(interface {
		GetThrough(index, key, bucket []byte) ([]byte, error)
	}); ok {
		if _, err := g.GetThrough(bTokens, []byte(hashSecret("warm-up")), bTerminals); err != nil {
			return err
		}
	}
	// The records' reads, whatever the first unit's log holds.
	none := [][]byte{[]byte("warm-up")}
	for _, b := range [][]byte{bLatest, bDossiers, bQuestions} {
		kv.Prefetch(tx, b, none)
	}
	if b := tx.Bucket(bCounterRecords); b != nil {
		b.Get(none[0])
	}
	return nil
}

// warmPageLimit is the warm-up page's count bound: a unit's log starts
// with its catalog and calendar, then its records.
const warmPageLimit = 3

func errDatabase(err error) error {
	return motcua.Errorf(motcua.EUNAVAILABLE, "database", "",
		"Không kết nối được cơ sở dữ liệu: %v.", "Cannot reach the database: %v.", err)
}

// redact hides a password in a DSN, for logs and messages.
func redact(dsn string) string {
	cfg, err := kvpg.Config(dsn, kvpg.Options{})
	if err != nil {
		return "postgres"
	}
	cc := cfg.ConnConfig
	return fmt.Sprintf("postgres://%s@%s:%d/%s", cc.User, cc.Host, cc.Port, cc.Database)
}

// Engine names the store's engine: "bbolt" or "postgres".
func (c *Store) Engine() string {
	if c.pg != nil {
		return "postgres"
	}
	return "bbolt"
}

// BucketReport is one bucket's figures in a copy (migrate-data).
type BucketReport = kv.BucketReport

// CopyTo makes dst hold exactly what c holds, bucket by bucket (upserts,
// then the keys c lacks removed: a rerun is safe), and verifies every
// bucket's keys, sequence and SHA-256. `motcua-server migrate-data` copies
// a bbolt file into PostgreSQL this way; token hashes travel with the
// terminals, so no terminal enrolls again.
func (c *Store) CopyTo(dst *Store) ([]BucketReport, error) { return kv.Copy(dst.db, c.db) }

// VerifyAgainst compares every bucket of src with c, without writing.
func (c *Store) VerifyAgainst(src *Store) ([]BucketReport, error) { return kv.Verify(c.db, src.db) }

// authenticatePG is Authenticate in one statement: the token's hash and
// the terminal it names read together (kvpg.GetThrough), one round trip
// where a read transaction costs four. Every API request authenticates,
// and on PostgreSQL those transactions queued for the pool's connections
// behind the pulls (issue 15, BENCHMARKS.md). The same answers as
// authenticate's.
func (c *Store) authenticatePG(token string) (motcua.TerminalRecord, error) {
	if token == "" {
		return motcua.TerminalRecord{}, errUnauthorized
	}
	v, err := c.pg.GetThrough(bTokens, []byte(hashSecret(token)), bTerminals)
	if err != nil {
		return motcua.TerminalRecord{}, err
	}
	var t *terminal
	if v != nil {
		if t, err = decodeTerminal(v); err != nil {
			return motcua.TerminalRecord{}, fmt.Errorf("decode terminal: %w", err)
		}
	}
	t, err = admitted(t)
	if t == nil {
		return motcua.TerminalRecord{}, err
	}
	return t.TerminalRecord, err
}

// DefaultPullSlots is how many pulls read a PostgreSQL database at once,
// by default, from one process.
//
// A group commit answers its syncs together, so its pulls (one read
// transaction each, about six round trips) all start the moment it
// commits: a hundred of them under load. On the pool's 16 connections
// they ran as 16 backends beside the one that writes the next group, and
// on a database with a few cores the writer's backend got a sixteenth of
// one: the next group took longer, grew, and its pulls crowded the one
// after (issue 15's paced tail, BENCHMARKS.md). A pull waiting for a slot
// costs the database nothing; the writer, whose chain every sync waits
// for, keeps its share. The pool itself stays larger, so authentication,
// public lookups and the admin's pages never wait behind pulls.
const DefaultPullSlots = 4

// pullTurn waits for a pull slot on PostgreSQL and returns its release; on
// bbolt (reads in memory, no backends) it returns at once.
func (c *Store) pullTurn() func() {
	if c.pg == nil {
		return func() {}
	}
	c.pullGateOnce.Do(func() {
		n := c.PullSlots
		if n <= 0 {
			n = DefaultPullSlots
		}
		c.pullGate = make(chan struct{}, n)
	})
	c.pullGate <- struct{}{}
	return func() { <-c.pullGate }
}
