package central

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/kvpg/pgtest"
)

// On PostgreSQL every new connection of the store's pool has run, before it
// serves, what a terminal's sync reads from the database: on a warmed
// connection a fresh terminal's authentication and first pull, and a pull
// from a cursor, of another unit than the one the warm-up reads, with
// dossiers and questions the warm-up's unit lacks, prepare no statement
// (pg_prepared_statements, the connection's own), and their pages are the
// ones a second store reads.
func TestWarmConnectionPreparesAPull(t *testing.T) {
	if !pgtest.Postgres() {
		t.Skip("connections and their statements are PostgreSQL's")
	}
	ctx := context.Background()
	dsn, writer, fresh := twoUnitsDatabase(t)
	c, err := OpenPostgres(ctx, dsn, PGOptions{MaxConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	prepared := func() int {
		conn, err := c.pg.Pool.Acquire(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Release()
		var n int
		if err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_prepared_statements`, pgx.QueryExecModeSimpleProtocol).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := prepared()
	if before < 5 {
		t.Fatalf("the pool's connection has %d prepared statements: it was not warmed", before)
	}
	if _, err := c.Authenticate(fresh.r.Token); err != nil {
		t.Fatal(err)
	}
	other, err := OpenPostgres(ctx, dsn, PGOptions{MaxConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	cursor := ""
	for _, p := range []motcua.PullRequest{{}, {Limit: 3}, {Cursor: writer.cursor}} {
		if p.Cursor == "" {
			p.Cursor = cursor
		}
		l, b := c.pageBounds(p)
		got, _, err := c.pullDB(testUnit, "", p, false, l, b)
		if err != nil {
			t.Fatal(err)
		}
		want, _, err := other.pullDB(testUnit, "", p, false, l, b)
		if err != nil {
			t.Fatal(err)
		}
		samePage(t, "a warmed connection's page", got, 0, want, 0)
		if len(got.Dossiers) == 0 && p.Cursor == "" {
			t.Fatalf("the first page carries no dossier: the test compares too little")
		}
		cursor = got.Cursor
	}
	if after := prepared(); after != before {
		t.Fatalf("an authentication and three pulls prepared %d statements on a warmed connection", after-before)
	}
}

// twoUnitsDatabase is a database of two units: the first by code has only
// its catalog and calendar, the second (testUnit) a writer's dossiers, a
// public question and a terminal that has not synced yet.
func twoUnitsDatabase(t *testing.T) (dsn string, writer *tailTerm, fresh enrolledForTest) {
	dsn = pgtest.NewDatabase(t)
	ctx := context.Background()
	if _, err := Migrate(ctx, dsn, PGOptions{}); err != nil {
		t.Fatal(err)
	}
	setup, err := OpenPostgres(ctx, dsn, PGOptions{MaxConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := setup.AddUnit("000.00.01.H01", "UBND xã Một", ""); err != nil { // first by code: the warm-up's
		t.Fatal(err)
	}
	if _, err := setup.AddUnit(testUnit, "UBND xã Tân Thành", ""); err != nil {
		t.Fatal(err)
	}
	setup.UnitInboxPerHour = 100
	writer = tailTerms(t, setup, 1, 4)[0]
	writer.syncVia(t, setup, 12, 50, 0)
	if _, err := setup.AddPublicQuestion(motcua.PublicQuestion{Unit: testUnit, Name: "Lê Văn Cường", Contact: "0912 345 678", Text: "Hỏi"}); err != nil {
		t.Fatal(err)
	}
	fresh = enrollFor(t, setup)
	setup.Close()
	return dsn, writer, fresh
}
