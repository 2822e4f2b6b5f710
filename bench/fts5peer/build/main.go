// Command build makes the SQLite FTS5 peer of a motcua store, for the
// whole-process search comparison in BENCHMARKS.md:
//
//	go run ./build FIXTURE/motcua.db OUT.sqlite     (from bench/fts5peer)
//
// The peer is what a team reaching for SQLite would build: the pure-Go
// modernc SQLite, one row per dossier with the columns `motcua find`
// prints, and an FTS5 index (tokenizer unicode61 remove_diacritics 2, đ
// folded to d first since unicode61 keeps it, prefix indexes of 1–3
// characters) over the code, the applicant's and submitter's names, the ID
// numbers and the phones.
package main

import (
	"database/sql"
	"fmt"
	"os"
	"strings"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/store"
	_ "modernc.org/sqlite"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: build FIXTURE.db OUT.sqlite")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "build:", err)
		os.Exit(1)
	}
}

var foldD = strings.NewReplacer("đ", "d", "Đ", "D")

func run(src, out string) error {
	s, err := store.OpenWith(src, store.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer s.Close()
	os.Remove(out)
	db, err := sql.Open("sqlite", out)
	if err != nil {
		return err
	}
	defer db.Close()
	for _, q := range []string{
		`PRAGMA journal_mode=WAL`,
		`CREATE TABLE dossiers(id TEXT PRIMARY KEY, code TEXT UNIQUE, name TEXT, status INTEGER,
			received INTEGER, appointment INTEGER, procedure TEXT)`,
		`CREATE INDEX dossiers_received ON dossiers(received)`,
		`CREATE VIRTUAL TABLE fts USING fts5(code, names, idnum, phone, content='',
			tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')`,
	} {
		if _, err := db.Exec(q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	ins, err := tx.Prepare(`INSERT INTO dossiers(id, code, name, status, received, appointment, procedure) VALUES(?,?,?,?,?,?,?)`)
	if err != nil {
		return err
	}
	idx, err := tx.Prepare(`INSERT INTO fts(rowid, code, names, idnum, phone) VALUES(?,?,?,?,?)`)
	if err != nil {
		return err
	}
	n := 0
	err = s.Each(store.ExportFilter{}, func(d motcua.Dossier) error {
		r, err := ins.Exec(d.ID, d.Code, d.Applicant.Name, int(d.Status), d.ReceivedAt.Unix(), d.Appointment.Unix(), d.ProcedureName)
		if err != nil {
			return err
		}
		rowid, err := r.LastInsertId()
		if err != nil {
			return err
		}
		names, idnum, phone := d.Applicant.Name, d.Applicant.IDNumber, d.Applicant.Phone
		if p := d.Submitter; p != nil {
			names += " " + p.Name
			idnum += " " + p.IDNumber
			phone += " " + p.Phone
		}
		if _, err := idx.Exec(rowid, d.Code, foldD.Replace(names), idnum, phone); err != nil {
			return err
		}
		n++
		return nil
	})
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if _, err := db.Exec(`INSERT INTO fts(fts) VALUES('optimize')`); err != nil {
		return err
	}
	if _, err := db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return err
	}
	fmt.Printf("%d dossiers into %s\n", n, out)
	return nil
}
