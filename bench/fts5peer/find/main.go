// Command find is the SQLite FTS5 peer's `motcua find`: one process, one
// query, the newest 20 matches printed as motcua prints them. It imports no
// motcua package, so its start-up is SQLite's and Go's alone.
//
//	find PEER.sqlite nguyen anh        (a name: every word a prefix)
//	find PEER.sqlite 000.00.06.H56-261029-9246
package main

import (
	"database/sql"
	"fmt"
	"os"
	"strings"
	"time"

	_ "modernc.org/sqlite"
)

var foldD = strings.NewReplacer("đ", "d", "Đ", "D")

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: find PEER.sqlite QUERY…")
		os.Exit(2)
	}
	db, err := sql.Open("sqlite", "file:"+os.Args[1]+"?mode=ro")
	if err != nil {
		fail(err)
	}
	defer db.Close()
	text := strings.Join(os.Args[2:], " ")
	var rows *sql.Rows
	if strings.Count(text, "-") == 2 && strings.Count(text, ".") == 3 {
		rows, err = db.Query(`SELECT code, name, status, appointment, procedure FROM dossiers WHERE code = ?`, text)
	} else {
		var terms []string
		for _, w := range strings.Fields(foldD.Replace(text)) {
			terms = append(terms, `"`+strings.ReplaceAll(w, `"`, `""`)+`"*`)
		}
		rows, err = db.Query(`SELECT d.code, d.name, d.status, d.appointment, d.procedure
			FROM fts JOIN dossiers d ON d.rowid = fts.rowid
			WHERE fts MATCH ? ORDER BY d.received DESC LIMIT 20`, "{names idnum phone} : "+strings.Join(terms, " "))
	}
	if err != nil {
		fail(err)
	}
	defer rows.Close()
	for rows.Next() {
		var code, name, proc string
		var status int
		var appt int64
		if err := rows.Scan(&code, &name, &status, &appt, &proc); err != nil {
			fail(err)
		}
		fmt.Printf("%-26s %-28s %3d  %s  %s\n", code, name, status, time.Unix(appt, 0).Format("02/01/2006"), proc)
	}
	if err := rows.Err(); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "find:", err)
	os.Exit(1)
}
