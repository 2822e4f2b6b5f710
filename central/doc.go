// Package central is the server's store: one bbolt file, opened by one
// motcua-server process (a second gets ELOCKED), or a PostgreSQL database
// shared by several (OpenPostgres; docs/DESIGN.md §15). The code is written
// once against internal/kv; each bucket below is a table kv_NAME there. The terminal's store is
// package store; the few bbolt helpers both use are in internal/boltkv.
// The names keep the prefixes the file has always had ("c_meta",
// "c_dossiers", …), so files written before the package moved open as
// they are.
//
// The bucket tree (every bucket is a named variable in the registry of
// store.go, created at open; numbers are big-endian, "|" is a 0x00
// separator):
//
//	c_meta        schema → u64; restore_at, restore_hold_until → i64 (the admin's restore and its hold, see restore.go; an older restored_at is ignored)
//	units         unit code → json motcua.Unit
//	terminals     terminal id → json terminal (record + token hash + install nonce)
//	tokens        sha256(token) hex → terminal id
//	enrollments   sha256(normalised code) hex → json enrollment (one-time, 24 h)
//	lanes         unit | first u16 → json laneHolder (who holds which range; freed 7 days after expiry)
//	applied       terminal id | seq u64 → json appliedOp (op hash + stored result), per-terminal exactly-once
//	op_ids        op id → terminal id | seq u64 (an op re-pushed under a new identity is not applied twice)
//	c_dossiers    dossier id → json motcua.Dossier
//	c_codes       tracking code → dossier id (the unique index)
//	c_dup         unit | id number | procedure | dossier id → ∅ (open dossiers: possible-duplicate check)
//	c_questions   question id → json motcua.Question
//	changes       unit → bucket: change seq u64 → json changeEntry (append-only; the pull cursor; "b" names the terminal whose own write it is, echo.go)
//	latest        unit | kind | id → change seq u64 (the entry that carries the latest snapshot)
//	c_catalog     procedure code → json motcua.Procedure
//	c_calendar    "calendar" → json motcua.Calendar
//	c_counter_records unit | yyyymmdd | id → json motcua.CounterRecord (guidance, Mẫu 02, and refusals,
//	              Mẫu 03, given at the counter: one counter_record op each; counter_record.go)
//
// Every sync request is one write transaction (shared with the requests
// waiting beside it: the group commit of group.go): the ops' effects, the
// terminal's last_applied_seq, the op hashes and results, and the
// change-log entries commit together, so an acknowledgement never runs
// ahead of its effect.
package central
