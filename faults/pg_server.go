package faults

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/motcua/motcua/central"
	"github.com/motcua/motcua/internal/kvpg/pgtest"
)

// PGServers is the server on PostgreSQL as a province runs it: several
// API processes (motcua-server's wiring in child processes, ServerProc
// with a DSN) on one database. Each process keeps its loopback port across
// restarts.
type PGServers struct {
	T     testing.TB
	DSN   string
	Procs []*ServerProc
}

// NeedPG returns the test cluster's DSN (MOTCUA_TEST_PG); without it the
// test is skipped, or fails under MOTCUA_REQUIRE_TOOLS=1.
func NeedPG(t testing.TB) string {
	t.Helper()
	return pgtest.Need(t)
}

// NewPGServers migrates the empty database dsn, adds the scenario's unit
// and prepares n API processes on it; none is started. They are killed
// when the test ends.
func NewPGServers(t testing.TB, dsn string, n int) *PGServers {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := central.Migrate(ctx, dsn, central.PGOptions{}); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	ps := &PGServers{T: t, DSN: dsn}
	c := ps.Open()
	if _, err := c.AddUnit(Unit, UnitName, ""); err != nil {
		t.Fatal(err)
	}
	c.Close()
	for i := 0; i < n; i++ {
		sp := &ServerProc{T: t, Dir: t.TempDir(), Addr: "127.0.0.1:0", DSN: dsn}
		t.Cleanup(sp.Kill)
		ps.Procs = append(ps.Procs, sp)
	}
	return ps
}

// Open opens the database through the central package (close it).
func (ps *PGServers) Open() *central.Store {
	ps.T.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := central.OpenPostgres(ctx, ps.DSN, central.PGOptions{MaxConns: 4, ApplicationName: "motcua-fault-check"})
	if err != nil {
		ps.T.Fatalf("open the database: %v", err)
	}
	return c
}

// Codes makes n counter enrollment codes.
func (ps *PGServers) Codes(n int) []string {
	ps.T.Helper()
	c := ps.Open()
	defer c.Close()
	return counterCodes(ps.T, c, n)
}

// StartAll starts every process that is not running, without failpoints.
func (ps *PGServers) StartAll(seed uint64) {
	ps.T.Helper()
	for _, sp := range ps.Procs {
		if sp.P == nil {
			sp.Start("", seed)
		}
	}
}

// KillAll kills every process.
func (ps *PGServers) KillAll() {
	for _, sp := range ps.Procs {
		sp.Kill()
	}
}

// URLs are the processes' addresses (known once each started once).
func (ps *PGServers) URLs() []string {
	var out []string
	for _, sp := range ps.Procs {
		out = append(out, sp.URL)
	}
	return out
}

// Read kills every process, checks the database's integrity and reads it.
func (ps *PGServers) Read() *ServerState {
	ps.T.Helper()
	ps.KillAll()
	c := ps.Open()
	defer c.Close()
	if err := c.CheckIntegrity(); err != nil {
		ps.T.Errorf("central integrity: %v", err)
	}
	st, err := ReadCentral(c)
	if err != nil {
		ps.T.Fatal(err)
	}
	return st
}

// NewDatabase creates an empty database on the cluster whose
// administrative DSN is admin, dropped when t ends, and returns its DSN.
func NewDatabase(t testing.TB, admin string) string {
	t.Helper()
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "f_" + hex.EncodeToString(b[:])
	exec := func(sql string) error {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			return err
		}
		defer conn.Close(context.Background())
		_, err = conn.Exec(ctx, sql)
		return err
	}
	if err := exec(`CREATE DATABASE ` + name + ` TEMPLATE template0`); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		if os.Getenv(EnvKeepDB) != "" {
			t.Logf("database %s kept", name)
			return
		}
		if err := exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	cfg, err := pgx.ParseConfig(admin)
	if err != nil {
		t.Fatal(err)
	}
	return pgtest.URL(pgtest.DSNWithDatabase(admin, cfg.Database, name))
}

// EnvKeepDB, when set, keeps each run's database for a look after a failure.
const EnvKeepDB = "MOTCUA_FAULT_KEEP_DB"

func (ps *PGServers) String() string {
	return fmt.Sprintf("%d API processes on %s", len(ps.Procs), ps.DSN)
}
