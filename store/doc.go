// Package store is a terminal's local store: one bbolt file per laptop. The
// server's store is package central; the few bbolt helpers both use are in
// internal/boltkv.
//
// Every officer action is one bbolt Update (Store.Do) that allocates the next
// outbox seq, runs motcua.Apply, allocates the tracking code for a reception,
// and writes the dossier, its index entries and the op together. Nothing is
// shown as saved before that transaction returns, so a crash either keeps all
// of an action or none of it.
//
// The bucket tree (every bucket is a named variable in the registry of
// store.go, created by the first writing open; keys are big-endian where they are numbers, so byte order
// is numeric order; "|" is a 0x00 separator):
//
//	meta
//	  schema        u64     schema version, checked at open (3; a file of 1 or 2 is migrated, migrate.go)
//	  terminal      json    TerminalInfo: id, install nonce, unit, officer, role, server
//	  last_seq      u64     the last outbox seq allocated (seqs are contiguous)
//	  acked_seq     u64     the last seq the server acknowledged
//	  lane          json    motcua.Lane currently leased (standalone 9000–9999 until enrolled)
//	  clock_offset  i64     server time − local time at the last sync, ns
//	  last_time     i64     the latest corrected time a code was issued at, ns (backwards-clock check)
//	  pull_cursor   bytes   the server change cursor
//	dossiers        id → dossier record: the JSON of motcua.Dossier, DEFLATE-compressed with a dictionary (codec.go)
//	idx_code        code → id
//	idx_idnum       id number | id → ∅
//	idx_phone       phone | id → ∅
//	idx_phone_rev   reversed phone | id → ∅ (the last digits read out are a prefix: index_ends.go; schema 3)
//	idx_idnum_rev   reversed id number | id → ∅
//	idx_terms       term | ^received u64 | id → posting (received u64 | appointment u64 | status u8 | folded names), newest first within a term
//	                0x01 applicant's folded name | ^received u64 | id → posting (exact and prefix ranks)
//	                0x00 "layout" → 2 (a file with another layout is rebuilt at its first search or write)
//	term_counts     folded name term → u32 (how many dossiers hold it; picks the rarest term)
//	idx_status      status u8 | appointment u64 | id → ∅
//	outbox          seq u64 → json motcua.Op (not yet acknowledged)
//	outbox_rec      record id | seq u64 → ∅ (the outbox by the dossier or question each op acts on: outbox_index.go; schema 4)
//	acked           seq u64 → json ackRecord (the op, its digest, its verdict, when; kept 30 days to re-push after a server restore)
//	parked          dossier id → json motcua.Dossier (a reception the server refused, kept for the officer to redo)
//	reset_seen      id → ∅ (dossiers and questions a reset pull delivered; the rest is swept, and the bucket emptied, at its end)
//	results         seq u64 → json motcua.Result (conflicts and rejections not yet dismissed)
//	codes           yyMMdd | lane first u16 → u64 the last number issued that day in that lane
//	questions       id → json motcua.Question
//	catalog         procedure code → json motcua.Procedure
//	calendar        "calendar" → json motcua.Calendar
//	backups         empty since schema 2 (a daily backup is due when today's backup file is missing)
//	counter_records yyyymmdd | 0x00 | id → json motcua.CounterRecord (guidance, Mẫu 02, and refusals, Mẫu 03, given at the counter or pulled from the unit's other terminals; no dossier; each of this terminal's goes out as one counter_record op; created by the first)
//	drafts          form name → json motcua.Draft (a form left unfinished, saved by the UI after each change; created by the first)
//
// # Opening
//
// Open (the UI, init, enroll) and Options.Existing (receive, move, sync)
// take bbolt's exclusive lock; Options.ReadOnly (find, show, catalog,
// export) a shared one, with no write transaction and no fsync, and a path
// with no file is ErrNoData, never a new file. Opening a file that is set up
// only reads it: the buckets, the schema and the seed catalog and calendar
// are written by the first writing open of a new file, and an older schema is
// migrated by the first writing open after an upgrade (a read-only open asks
// for that open first). So `motcua find` does no fsync and `motcua receive`
// the two of its one commit (bbolt writes the data pages, fdatasync, the
// meta page, fdatasync); cmd/motcua's TestFsyncsPerCommand counts them with
// strace.
//
// # Record size: why compressed JSON
//
// At 100,000 generated dossiers (internal/gen) a record was 2.5 KB of JSON at
// the median, 3.3 KB at p99, so bbolt could put only one per 4 KiB page
// (49,999 leaf pages and 49,142 overflow pages: 390 MiB for 245 MiB of
// records). Most of a record is text the store already knows (the
// catalog's document and procedure names, the keys) or repeats (the
// officer, terminal and day in each history event). Three ways were weighed:
//
//   - a bigger page size: fewer overflow pages, but the same bytes, and every
//     read and write of a small index page costs more;
//   - a binary layout: the smallest, but a second description of
//     motcua.Dossier to keep in step with the JSON the wire, the server and
//     the tests use;
//   - the JSON, compressed: raw DEFLATE (standard library) with a preset
//     dictionary made of the seed catalog's names and a typical record.
//
// The last takes a generated record to about a fifth (476 B with its key at
// the median, 620 B at p99): no overflow pages, about five records per page
// as the store fills them and eight in a compacted copy, 857 B per dossier
// in all (was 4.1 KB), and inflating adds a fraction of the JSON decoding's
// cost. It is what codec.go does; the
// dictionary is frozen (a new one would be a new format byte). Figures:
// BENCHMARKS.md, "The file: size, fsyncs, backups".
//
// # Backups
//
// The daily backup (backup.go) is bbolt's Compact of a read transaction into
// a fresh file: the live data with full pages, smaller than the data file,
// which never gives back the pages the outbox freed. One runs at a time; it
// is due when today's file is missing, so taking it writes nothing to the
// store.
package store
