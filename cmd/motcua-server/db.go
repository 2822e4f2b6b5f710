package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/central"
	"github.com/motcua/motcua/internal/cli"
)

// The store is a bbolt file in the data directory, unless --db (or
// MOTCUA_DB) names a PostgreSQL database. The pool and timeouts of
// PostgreSQL come from the environment: MOTCUA_DB_MAX_CONNS (default 16),
// MOTCUA_DB_STATEMENT_TIMEOUT (a Go duration, default 30s),
// MOTCUA_DB_PULL_SLOTS (how many pulls read at once, default
// central.DefaultPullSlots).

// pgOptions reads the PostgreSQL settings from the environment.
func pgOptions() (central.PGOptions, error) {
	o := central.PGOptions{ApplicationName: "motcua-server"}
	n, err := envCount("MOTCUA_DB_MAX_CONNS")
	if err != nil {
		return o, err
	}
	o.MaxConns = int32(n)
	if v := os.Getenv("MOTCUA_DB_STATEMENT_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Second {
			return o, usagef("MOTCUA_DB_STATEMENT_TIMEOUT phải là một khoảng thời gian từ 1s (ví dụ 30s).",
				"MOTCUA_DB_STATEMENT_TIMEOUT must be a duration of 1s or more (e.g. 30s).")
		}
		o.StatementTimeout = d
	}
	return o, nil
}

// pullSlots reads MOTCUA_DB_PULL_SLOTS: 0 when unset (the store's
// default). A database with more cores than the test cluster the default
// was measured on may serve more pulls at once beside its writer.
func pullSlots() (int, error) { return envCount("MOTCUA_DB_PULL_SLOTS") }

// envCount reads a count from 1 to 1000 from the environment variable
// name: 0 when unset (the store's default), a usage error otherwise.
func envCount(name string) (int, error) {
	v := os.Getenv(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 1000 {
		return 0, usagef("%s phải là số từ 1 đến 1000.", "%s must be a number from 1 to 1000.", name)
	}
	return n, nil
}

// usesPostgres says whether the store is a PostgreSQL database.
func (e *env) usesPostgres() bool { return central.IsPostgres(e.db) }

// openCentral opens the store for writing; migrate first applies the
// schema's pending migrations (PostgreSQL only).
func (e *env) openCentral(migrate bool) (*central.Store, error) {
	if !e.usesPostgres() {
		if e.db != "" {
			return nil, errDBValue(e.db)
		}
		return central.Open(e.centralPath())
	}
	o, err := pgOptions()
	if err != nil {
		return nil, err
	}
	slots, err := pullSlots()
	if err != nil {
		return nil, err
	}
	c, err := e.openPostgres(migrate, o)
	if err != nil {
		return nil, err
	}
	c.PullSlots = slots
	return c, nil
}

// openPostgres opens the database with the options o.
func (e *env) openPostgres(migrate bool, o central.PGOptions) (*central.Store, error) {
	ctx, cancel := context.WithTimeout(e.ctx, 2*time.Minute)
	defer cancel()
	if migrate {
		if _, err := central.Migrate(ctx, e.db, o); err != nil {
			return nil, err
		}
	}
	return central.OpenPostgres(ctx, e.db, o)
}

// openCentralReadOnly opens the store to read it (reports): the file
// read-only, or the database (which other processes may be writing).
func (e *env) openCentralReadOnly() (*central.Store, error) {
	if e.usesPostgres() || e.db != "" {
		return e.openCentral(false)
	}
	return central.OpenReadOnly(e.centralPath())
}

func errDBValue(v string) error {
	return usagef("--db %q không phải địa chỉ PostgreSQL (postgres://…); bỏ --db để dùng tệp trong --data.",
		"--db %q is not a PostgreSQL address (postgres://…); leave --db out to use the file in --data.", v)
}

// migrate applies the schema's pending migrations to the database.
func (e *env) migrate(args []string) error {
	fs := newFlags("migrate")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if !e.usesPostgres() {
		return usagef("“migrate” cần --db postgres://… (hoặc MOTCUA_DB); tệp bbolt tự cập nhật khi mở.",
			"“migrate” needs --db postgres://… (or MOTCUA_DB); a bbolt file updates itself when opened.")
	}
	o, err := pgOptions()
	if err != nil {
		return err
	}
	applied, err := central.Migrate(e.ctx, e.db, o)
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintln(e.stdout, e.msg("Lược đồ đã mới nhất.", "The schema is up to date."))
	}
	for _, v := range applied {
		fmt.Fprintln(e.stdout, e.msg("Đã áp dụng %s.", "Applied %s.", v))
	}
	return nil
}

// copyTxTimeout bounds each transaction of migrate-data. A serving
// process's limit (kvpg's 60 s) is for sync requests; migrate-data's
// verification reads every bucket of the database in one snapshot, and its
// removal of stale keys walks a whole bucket in one transaction: on the
// 100,000-dossier fixture (1.6 million keys, 397,559 in one unit's change
// log) the copy failed with "context deadline exceeded" under the serving
// limit (BENCHMARKS.md, "A 100,000-dossier unit on PostgreSQL").
const copyTxTimeout = 6 * time.Hour

// copyPGOptions are the environment's settings with copyTxTimeout.
func copyPGOptions() (central.PGOptions, error) {
	o, err := pgOptions()
	o.TxTimeout = copyTxTimeout
	return o, err
}

// migrateData copies a stopped server's file into a PostgreSQL database
// and verifies every bucket.
func (e *env) migrateData(args []string) error {
	fs := newFlags("migrate-data")
	from := fs.String("from", "", "")
	to := fs.String("to", e.db, "")
	asJSON := fs.Bool("json", false, "")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *from == "" || !central.IsPostgres(*to) {
		return usagef("Cần --from THƯ_MỤC và --to postgres://….", "--from DIR and --to postgres://… are required.")
	}
	src, err := central.OpenReadOnly(filepath.Join(*from, "central.db"))
	if err != nil {
		if motcua.ErrorCode(err) == motcua.ELOCKED {
			return motcua.Errorf(motcua.ELOCKED, "server_running", "", "Máy chủ đang chạy trên %s: hãy dừng nó trước khi chuyển dữ liệu.",
				"A server is running on %s: stop it before moving the data.", *from)
		}
		return err
	}
	defer src.Close()
	o, err := copyPGOptions()
	if err != nil {
		return err
	}
	e.db = *to
	dst, err := e.openPostgres(true, o)
	if err != nil {
		return err
	}
	defer dst.Close()
	reports, err := src.CopyTo(dst)
	if err != nil {
		return err
	}
	return e.printCopyReport(reports, *asJSON)
}

func (e *env) printCopyReport(reports []central.BucketReport, asJSON bool) error {
	bad := 0
	for _, r := range reports {
		if !r.Match {
			bad++
		}
	}
	if asJSON {
		if err := cli.NewJSONEncoder(e.stdout).Encode(struct {
			OK      bool                   `json:"ok"`
			Buckets []central.BucketReport `json:"buckets"`
		}{bad == 0, reports}); err != nil {
			return err
		}
	} else {
		tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, e.msg("NGĂN\tKHÓA\tĐÍCH\tSỐ THỨ TỰ\tSHA-256\tKHỚP", "BUCKET\tKEYS\tDEST\tSEQUENCE\tSHA-256\tMATCH"))
		for _, r := range reports {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.16s\t%v\n", r.Bucket, r.Keys, r.DestKeys, r.Sequence, r.SHA256, r.Match)
		}
		tw.Flush()
	}
	if bad > 0 {
		return motcua.Errorf(motcua.EINTERNAL, "copy_mismatch", "", "%d ngăn dữ liệu không khớp sau khi chép: hãy chạy lại lệnh.",
			"%d buckets do not match after the copy: run the command again.", bad)
	}
	if !asJSON {
		fmt.Fprintln(e.stdout, e.msg("Đã chép và kiểm tra %d ngăn dữ liệu: tất cả khớp.", "Copied and verified %d buckets: all match.", len(reports)))
	}
	return nil
}
