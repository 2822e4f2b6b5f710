// Package motcua is the domain of the one-stop counter (bộ phận một cửa):
// dossiers and their statuses, tracking codes and lanes, the working
// calendar and due bands, fees, validation, the ops a terminal records and
// the pure Apply that both the terminal and the server run on them, the
// wire shapes of the sync protocol, and the errors users read (vi and en).
// It does no I/O.
//
// # ARCHITECTURE
//
// The packages and the only arrows allowed between them (internal/archtest
// fails on any other):
//
//	motcua (root)   imports nothing of this module
//	store           the terminal's bbolt file      → root, internal/boltkv
//	central         the server's store             → root, internal/boltkv, internal/kv…
//	client          HTTP client and the Syncer     → root
//	server          the HTTP API                   → root
//	web             the citizen's pages            → root
//	zalo            the Zalo Official Account      → root
//	paper, paper/…  printed forms, the print queue → root, paper/…
//	ui              the Bubble Tea terminal UI     → root, paper/…
//	internal/…      helpers (boltkv, cli, kv)      → root, and each other
//	internal/gen    the data generator             → root, internal/…, store
//	cmd/…, bench/…, faults                         → anything (wiring, benchmark programs, the fault harness)
//
// central is written against internal/kv, a small key-value interface with
// bbolt's method names, so one set of rules runs on either engine of it:
// internal/kvbolt (a bbolt file, the default) or internal/kvpg (PostgreSQL,
// several server processes on one database). Store and central never see
// each other, the client and the UI take the few store calls they make as
// interfaces they declare (client.Store, ui.Store), and every type more
// than one of them needs lives here. The
// server binary (cmd/motcua-server) links central but not store; the
// terminal binary (cmd/motcua) links store but not central.
//
// internal/archtest also holds every function to 80 lines and cyclomatic
// complexity 25 (counted as gocyclo counts it), unless a line of its doc
// comment starting with "long:" says why.
package motcua
