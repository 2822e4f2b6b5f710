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
// store.go, created at open; keys are big-endian where they are numbers, so byte order
// is numeric order; "|" is a 0x00 separator):
//
//	meta
//	  schema        u64     schema version, checked at open
//	  terminal      json    TerminalInfo: id, install nonce, unit, officer, role, server
//	  last_seq      u64     the last outbox seq allocated (seqs are contiguous)
//	  acked_seq     u64     the last seq the server acknowledged
//	  lane          json    motcua.Lane currently leased (standalone 9000–9999 until enrolled)
//	  clock_offset  i64     server time − local time at the last sync, ns
//	  last_time     i64     the latest corrected time a code was issued at, ns (backwards-clock check)
//	  pull_cursor   bytes   the server change cursor
//	dossiers        id → json motcua.Dossier
//	idx_code        code → id
//	idx_idnum       id number | id → ∅
//	idx_phone       phone | id → ∅
//	idx_terms       term | ^received u64 | id → posting (received u64 | appointment u64 | status u8 | folded names), newest first within a term
//	                0x01 applicant's folded name | ^received u64 | id → posting (exact and prefix ranks)
//	                0x00 "layout" → 2 (a file with another layout is rebuilt at its first search or write)
//	term_counts     folded name term → u32 (how many dossiers hold it; picks the rarest term)
//	idx_status      status u8 | appointment u64 | id → ∅
//	outbox          seq u64 → json motcua.Op (not yet acknowledged)
//	acked           seq u64 → json ackRecord (the op, its digest, its verdict, when; kept 30 days to re-push after a server restore)
//	parked          dossier id → json motcua.Dossier (a reception the server refused, kept for the officer to redo)
//	reset_seen      id → ∅ (dossiers and questions a reset pull delivered; the rest is swept, and the bucket emptied, at its end)
//	results         seq u64 → json motcua.Result (conflicts and rejections not yet dismissed)
//	codes           yyMMdd | lane first u16 → u64 the last number issued that day in that lane
//	questions       id → json motcua.Question
//	catalog         procedure code → json motcua.Procedure
//	calendar        "calendar" → json motcua.Calendar
//	backups         "last" → date of the last hot backup
package store
