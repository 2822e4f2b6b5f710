// Package pgtest gives tests a fresh PostgreSQL database of their own on the
// cluster MOTCUA_TEST_PG names (scripts/pg-test-cluster.sh starts one, and
// .ci/run does). Without it the test is skipped, or fails when
// MOTCUA_REQUIRE_TOOLS=1 (CI must run the PostgreSQL variants).
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Env names the test cluster's DSN.
const Env = "MOTCUA_TEST_PG"

// Available reports whether a test cluster is configured.
func Available() bool { return os.Getenv(Env) != "" }

// Need skips t without a cluster (fails it under MOTCUA_REQUIRE_TOOLS=1).
func Need(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(Env)
	if dsn == "" {
		if os.Getenv("MOTCUA_REQUIRE_TOOLS") == "1" {
			t.Fatalf("%s is not set: start a cluster with scripts/pg-test-cluster.sh (MOTCUA_REQUIRE_TOOLS=1 requires the PostgreSQL tests)", Env)
		}
		t.Skipf("%s is not set: the PostgreSQL variant is skipped (scripts/pg-test-cluster.sh starts a cluster)", Env)
	}
	return dsn
}

// NewDatabase creates an empty database for t, dropped when t ends, and
// returns its DSN.
func NewDatabase(t testing.TB) string {
	t.Helper()
	admin := Need(t)
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "t_" + hex.EncodeToString(b[:])
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatalf("connect to the test cluster: %v", err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, `CREATE DATABASE `+name+` TEMPLATE template0`); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			t.Errorf("connect to the test cluster: %v", err)
			return
		}
		defer conn.Close(context.Background())
		if _, err := conn.Exec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	cfg, err := pgx.ParseConfig(admin)
	if err != nil {
		t.Fatal(err)
	}
	return DSNWithDatabase(admin, cfg.Database, name)
}

// DSNWithDatabase returns dsn naming database name instead.
func DSNWithDatabase(dsn, _ string, name string) string {
	if u, ok := asURL(dsn); ok {
		return u(name)
	}
	return dsn + " dbname=" + name // key=value: the last one wins
}
