package central_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/motcua/motcua/central"
	"github.com/motcua/motcua/internal/kvpg/pgtest"
)

// pgStore opens the central store on a fresh PostgreSQL database with the
// engine's default pool.
func pgStore(b *testing.B) (*central.Store, []*benchTerm) {
	dsn := pgtest.NewDatabase(b)
	ctx := context.Background()
	if _, err := central.Migrate(ctx, dsn, central.PGOptions{}); err != nil {
		b.Fatal(err)
	}
	c, err := central.OpenPostgres(ctx, dsn, central.PGOptions{})
	if err != nil {
		b.Fatal(err)
	}
	return c, benchFill(b, c)
}

// rawPG is the PostgreSQL peer: pgx making the recorded writes as rows of
// one plain table per bucket (sub-bucket, key, value), a sequence as a row
// of a table of sequences; each request's writes one transaction sent as
// one pgx batch, the 200 terminals at once over a pool the size of the
// engine's default (16). No reads, no decisions, no SERIALIZABLE.
func rawPG(b *testing.B, writes [][][]central.Write) measured {
	ctx := context.Background()
	cfg, err := pgxpool.ParseConfig(pgtest.NewDatabase(b))
	if err != nil {
		b.Fatal(err)
	}
	cfg.MaxConns = 16
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer pool.Close()
	tables := map[string]bool{}
	for _, term := range writes {
		for _, ws := range term {
			for _, w := range ws {
				if len(w.Path) > 0 {
					tables[rawTable(w.Path[0])] = true
				} else if w.Kind == central.WriteBucket {
					tables[rawTable(w.Key)] = true
				}
			}
		}
	}
	ddl := []string{`CREATE TABLE raw_seqs (t text, sub bytea, n bigint NOT NULL DEFAULT 0, PRIMARY KEY (t, sub))`}
	for t := range tables {
		ddl = append(ddl, fmt.Sprintf(`CREATE TABLE %s (sub bytea, k bytea, v bytea, PRIMARY KEY (sub, k))`, t))
	}
	if _, err := pool.Exec(ctx, strings.Join(ddl, ";")); err != nil {
		b.Fatal(err)
	}
	return together(b, len(writes), func(i int, lat func(time.Duration)) error {
		for _, ws := range writes[i] {
			t0 := time.Now()
			err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
				return tx.SendBatch(ctx, rawBatch(ws)).Close()
			})
			lat(time.Since(t0))
			if err != nil {
				return err
			}
		}
		return nil
	})
}

func rawTable(bucket []byte) string {
	return "raw_" + strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, string(bucket))
}

func rawBatch(ws []central.Write) *pgx.Batch {
	var bt pgx.Batch
	for _, w := range ws {
		var table string
		sub := []byte{}
		if len(w.Path) > 0 {
			table = rawTable(w.Path[0])
		}
		if len(w.Path) > 1 {
			sub = w.Path[1]
		}
		switch w.Kind {
		case central.WritePut:
			bt.Queue(`INSERT INTO `+table+` (sub, k, v) VALUES ($1, $2, $3) ON CONFLICT (sub, k) DO UPDATE SET v = excluded.v`, sub, w.Key, w.Value)
		case central.WriteDelete:
			bt.Queue(`DELETE FROM `+table+` WHERE sub = $1 AND k = $2`, sub, w.Key)
		case central.WriteNextSeq:
			bt.Queue(`INSERT INTO raw_seqs (t, sub, n) VALUES ($1, $2, 1) ON CONFLICT (t, sub) DO UPDATE SET n = raw_seqs.n + 1`, table, sub)
		case central.WriteBucket:
			if table == "" {
				continue // a top-level bucket: its table exists
			}
			bt.Queue(`INSERT INTO raw_seqs (t, sub) VALUES ($1, $2) ON CONFLICT DO NOTHING`, table, w.Key)
		}
	}
	return &bt
}
