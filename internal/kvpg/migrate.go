package kvpg

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// lockKey is the advisory lock that serialises schema changes: the
// migrations, and a bucket created on the fly. Several processes starting
// at once take turns; the others then find the work done.
const lockKey int64 = 0x6d6f74637561 // "motcua"

// engineSQL is the engine's own schema: the sequences, and the record of
// applied migrations.
const engineSQL = `
CREATE TABLE IF NOT EXISTS kvpg_seq (
	bucket text NOT NULL,
	sub bytea NOT NULL,
	n bigint NOT NULL,
	PRIMARY KEY (bucket, sub)
);
CREATE TABLE IF NOT EXISTS kvpg_migrations (
	version text PRIMARY KEY,
	applied_at timestamptz NOT NULL DEFAULT now()
);`

// Migration is one SQL file of a schema: name NNNN_what.sql.
type Migration struct {
	Version string // the name without .sql
	SQL     string
}

// Migrations reads the *.sql files of dir in fsys, by name.
func Migrations(fsys fs.FS, dir string) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		b, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: strings.TrimSuffix(e.Name(), ".sql"), SQL: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// Migrate applies, in order, the migrations the database has not had yet,
// each in its own transaction, holding the advisory lock for the whole run
// so that processes starting together do not race. It returns the versions
// it applied (none when the schema is current).
func Migrate(ctx context.Context, dsn string, o Options, migrations []Migration) ([]string, error) {
	cfg, err := Config(dsn, o)
	if err != nil {
		return nil, err
	}
	conn, err := connect(ctx, cfg.ConnConfig)
	if err != nil {
		return nil, err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, lockKey); err != nil {
		return nil, fmt.Errorf("database: take the migration lock: %w", err)
	}
	defer conn.Exec(context.Background(), `SELECT pg_advisory_unlock($1)`, lockKey) //nolint:errcheck // the session ends next
	if _, err := conn.Exec(ctx, engineSQL); err != nil {
		return nil, fmt.Errorf("database: engine schema: %w", err)
	}
	var applied []string
	for _, m := range migrations {
		var done bool
		if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM kvpg_migrations WHERE version = $1)`, m.Version).Scan(&done); err != nil {
			return applied, fmt.Errorf("database: %w", err)
		}
		if done {
			continue
		}
		tx, err := conn.Begin(ctx)
		if err != nil {
			return applied, fmt.Errorf("database: %w", err)
		}
		if _, err := tx.Exec(ctx, m.SQL); err != nil {
			_ = tx.Rollback(ctx)
			return applied, fmt.Errorf("migration %s: %w", m.Version, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO kvpg_migrations (version) VALUES ($1)`, m.Version); err != nil {
			_ = tx.Rollback(ctx)
			return applied, fmt.Errorf("migration %s: %w", m.Version, err)
		}
		if err := tx.Commit(ctx); err != nil {
			return applied, fmt.Errorf("migration %s: %w", m.Version, err)
		}
		applied = append(applied, m.Version)
	}
	return applied, nil
}

// Pending lists the migrations the database has not had (none: current).
func Pending(ctx context.Context, dsn string, o Options, migrations []Migration) ([]string, error) {
	cfg, err := Config(dsn, o)
	if err != nil {
		return nil, err
	}
	conn, err := connect(ctx, cfg.ConnConfig)
	if err != nil {
		return nil, err
	}
	defer conn.Close(context.Background())
	have := map[string]bool{}
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT to_regclass('kvpg_migrations') IS NOT NULL`).Scan(&exists); err != nil {
		return nil, fmt.Errorf("database: %w", err)
	}
	if exists {
		rows, err := conn.Query(ctx, `SELECT version FROM kvpg_migrations`)
		if err != nil {
			return nil, fmt.Errorf("database: %w", err)
		}
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				rows.Close()
				return nil, err
			}
			have[v] = true
		}
		rows.Close()
	}
	var out []string
	for _, m := range migrations {
		if !have[m.Version] {
			out = append(out, m.Version)
		}
	}
	return out, nil
}

// BucketSQL is the statement that creates bucket name's table, for a
// migration file to use (they must agree with CreateBucketIfNotExists).
func BucketSQL(name string) string { return createBucketSQL(name) + ";" }
