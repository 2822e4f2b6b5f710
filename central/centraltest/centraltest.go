// Package centraltest opens central stores for the tests of the packages
// that serve one (server, web, cmd/motcua-server), on the engine of the
// run: a bbolt file, or, in the second run pgtest.Main starts, a fresh
// PostgreSQL database. A package's TestMain calls pgtest.Main(m) so that
// `go test` runs its tests on both.
package centraltest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/motcua/motcua/central"
	"github.com/motcua/motcua/internal/kvpg/pgtest"
)

// Open opens an empty central store that t closes at its end (closing it
// earlier is fine).
func Open(tb testing.TB) *central.Store {
	tb.Helper()
	c, err := OpenDB(tb, DB(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { c.Close() })
	return c
}

// DB is where a test's store lives: a file path in a temp dir, or a fresh
// migrated PostgreSQL database's DSN (what --db takes).
func DB(tb testing.TB) string {
	tb.Helper()
	if !pgtest.Postgres() {
		return filepath.Join(tb.TempDir(), "central.db")
	}
	dsn := pgtest.NewDatabase(tb)
	if _, err := central.Migrate(context.Background(), dsn, central.PGOptions{}); err != nil {
		tb.Fatal(err)
	}
	return URL(dsn)
}

// OpenDB opens the store at db (a path, or a postgres:// DSN).
func OpenDB(tb testing.TB, db string) (*central.Store, error) {
	tb.Helper()
	if central.IsPostgres(db) {
		return central.OpenPostgres(context.Background(), db, central.PGOptions{MaxConns: 8})
	}
	return central.Open(db)
}

// URL turns a key=value DSN of the test cluster into a postgres:// URL
// (what --db and MOTCUA_DB take).
func URL(dsn string) string { return pgtest.URL(dsn) }
