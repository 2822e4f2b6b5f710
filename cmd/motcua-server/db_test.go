package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/kvpg/pgtest"
)

// migrate, migrate-data and admin commands with --db, on a real
// PostgreSQL database: the copy verifies, a rerun is safe, and the server's
// admin commands then read the database.
func TestMigrateDataToPostgres(t *testing.T) {
	db := pgtest.URL(pgtest.NewDatabase(t))
	ctx := context.Background()
	dir := shortDir(t)
	if code, _, errs := runCmd(t, ctx, "--data", dir, "unit", "add", "000.00.06.H56", "UBND xã Tân Thành"); code != 0 {
		t.Fatal(errs)
	}
	if code, _, errs := runCmd(t, ctx, "--data", dir, "enroll", "--unit", "000.00.06.H56", "--role", "counter"); code != 0 {
		t.Fatal(errs)
	}
	if code, out, errs := runCmd(t, ctx, "--lang", "en", "migrate", "--db", db); code != 0 || !strings.Contains(out, "Applied 0001_buckets") {
		t.Fatalf("migrate: %d %q %s", code, out, errs)
	}
	if code, out, _ := runCmd(t, ctx, "--lang", "en", "migrate", "--db", db); code != 0 || !strings.Contains(out, "up to date") {
		t.Fatalf("migrate again: %d %q", code, out)
	}
	for run := 0; run < 2; run++ {
		code, out, errs := runCmd(t, ctx, "migrate-data", "--from", dir, "--to", db, "--json")
		var rep struct {
			OK      bool `json:"ok"`
			Buckets []struct {
				Bucket string `json:"bucket"`
				Keys   int    `json:"keys"`
				Match  bool   `json:"match"`
			} `json:"buckets"`
		}
		if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 0 || !rep.OK {
			t.Fatalf("migrate-data run %d: %d %v %q %s", run, code, err, out, errs)
		}
		keys := map[string]int{}
		for _, b := range rep.Buckets {
			keys[b.Bucket] = b.Keys
		}
		if keys["units"] != 1 || keys["enrollments"] != 1 || keys["c_catalog"] == 0 || keys["changes/000.00.06.H56"] == 0 {
			t.Fatalf("run %d copied %v", run, keys)
		}
	}
	if code, out, errs := runCmd(t, ctx, "--db", db, "unit", "list"); code != 0 || !strings.Contains(out, "UBND xã Tân Thành") {
		t.Fatalf("unit list on the database: %d %q %s", code, out, errs)
	}
	if code, _, errs := runCmd(t, ctx, "--lang", "en", "--db", db, "backup"); code == 0 || !strings.Contains(errs, "pg_dump") {
		t.Fatalf("backup on PostgreSQL: %d %s", code, errs)
	}
	if code, _, errs := runCmd(t, ctx, "--db", "/tmp/not-a-url", "unit", "list"); code != exitInput {
		t.Fatalf("--db that is not a postgres address: %d %s", code, errs)
	}
}

// migrate-data's transactions outlive a serving process's limit: under
// kvpg's 60 s, the 100,000-dossier fixture's copy failed with "context
// deadline exceeded" (walking the 397,559 keys of one unit's change log).
func TestMigrateDataTransactionsOutliveTheServingLimit(t *testing.T) {
	t.Setenv("MOTCUA_DB_STATEMENT_TIMEOUT", "45s")
	o, err := copyPGOptions()
	if err != nil || o.TxTimeout < time.Hour || o.StatementTimeout != 45*time.Second {
		t.Fatalf("migrate-data's options: %+v %v", o, err)
	}
	if s, _ := pgOptions(); s.TxTimeout != 0 {
		t.Fatalf("serving processes keep kvpg's default transaction limit, got %s", s.TxTimeout)
	}
}

// serve --db with a --data directory that does not exist yet: the server
// makes it (0700) for its admin socket, as it does on the file, instead of
// serving without a socket and warning that admin commands need it stopped.
func TestServeOnPostgresMakesItsDataDir(t *testing.T) {
	db := pgtest.URL(pgtest.NewDatabase(t))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if code, out, errs := runCmd(t, ctx, "--lang", "en", "migrate", "--db", db); code != 0 {
		t.Fatalf("migrate: %d %q %s", code, out, errs)
	}
	data := filepath.Join(shortDir(t), "srv")
	addrc, done := make(chan string, 1), make(chan int)
	var logs bytes.Buffer
	go func() {
		e := &env{stdout: &bytes.Buffer{}, stderr: &logs, lang: motcua.EN, ctx: ctx, dataDir: data, db: db, ready: func(a string) { addrc <- a }}
		done <- e.report(e.serve([]string{"--addr", "127.0.0.1:0"}))
	}()
	select {
	case <-addrc:
	case <-time.After(10 * time.Second):
		t.Fatalf("server did not start: %s", logs.String())
	}
	if fi, err := os.Stat(data); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("data dir: %v %v", fi, err)
	}
	if code, out, errs := runCmd(t, ctx, "--data", data, "--db", db, "unit", "add", "000.00.06.H56", "UBND xã Tân Thành"); code != 0 {
		t.Fatalf("unit add through the socket: %d %s %s", code, out, errs)
	}
	cancel()
	if code := <-done; code != 0 || strings.Contains(logs.String(), "admin socket unavailable") {
		t.Fatalf("server exit %d: %s", code, logs.String())
	}
}

// MOTCUA_DB_PULL_SLOTS sets how many pulls of one process read the
// database at once; a value that is not a number from 1 to 1000 is a usage
// error in the user's language, not a silent default.
func TestPullSlotsFromTheEnvironment(t *testing.T) {
	t.Setenv("MOTCUA_DB_PULL_SLOTS", "")
	if n, err := pullSlots(); n != 0 || err != nil {
		t.Fatalf("unset: %d %v (want 0: the store's default)", n, err)
	}
	t.Setenv("MOTCUA_DB_PULL_SLOTS", "8")
	if n, err := pullSlots(); n != 8 || err != nil {
		t.Fatalf("8: %d %v", n, err)
	}
	for _, bad := range []string{"0", "-1", "bốn", "1001"} {
		t.Setenv("MOTCUA_DB_PULL_SLOTS", bad)
		if _, err := pullSlots(); err == nil || !strings.Contains(err.Error(), "MOTCUA_DB_PULL_SLOTS") {
			t.Fatalf("%q: %v", bad, err)
		}
	}
}
