-- The central store's buckets (central/doc.go lists what each holds), one
-- table per bucket: the bucket's key is the PRIMARY KEY (sub, k), so one
-- row per (terminal, seq) in kv_applied and one dossier per tracking code in
-- kv_c_codes are constraints of the database. sub is '' except in
-- kv_changes, where it is the unit (each unit's change log is a sub-bucket).
-- A bucket added to central after this file is created at first open with
-- the same shape (internal/kvpg, CreateBucketIfNotExists).
CREATE TABLE IF NOT EXISTS kv_c_meta (sub bytea NOT NULL DEFAULT '', k bytea NOT NULL, v bytea NOT NULL, PRIMARY KEY (sub, k));
CREATE TABLE IF NOT EXISTS kv_units (sub bytea NOT NULL DEFAULT '', k bytea NOT NULL, v bytea NOT NULL, PRIMARY KEY (sub, k));
CREATE TABLE IF NOT EXISTS kv_terminals (sub bytea NOT NULL DEFAULT '', k bytea NOT NULL, v bytea NOT NULL, PRIMARY KEY (sub, k));
CREATE TABLE IF NOT EXISTS kv_tokens (sub bytea NOT NULL DEFAULT '', k bytea NOT NULL, v bytea NOT NULL, PRIMARY KEY (sub, k));
CREATE TABLE IF NOT EXISTS kv_enrollments (sub bytea NOT NULL DEFAULT '', k bytea NOT NULL, v bytea NOT NULL, PRIMARY KEY (sub, k));
CREATE TABLE IF NOT EXISTS kv_lanes (sub bytea NOT NULL DEFAULT '', k bytea NOT NULL, v bytea NOT NULL, PRIMARY KEY (sub, k));
CREATE TABLE IF NOT EXISTS kv_applied (sub bytea NOT NULL DEFAULT '', k bytea NOT NULL, v bytea NOT NULL, PRIMARY KEY (sub, k));
CREATE TABLE IF NOT EXISTS kv_op_ids (sub bytea NOT NULL DEFAULT '', k bytea NOT NULL, v bytea NOT NULL, PRIMARY KEY (sub, k));
CREATE TABLE IF NOT EXISTS kv_c_dossiers (sub bytea NOT NULL DEFAULT '', k bytea NOT NULL, v bytea NOT NULL, PRIMARY KEY (sub, k));
CREATE TABLE IF NOT EXISTS kv_c_codes (sub bytea NOT NULL DEFAULT '', k bytea NOT NULL, v bytea NOT NULL, PRIMARY KEY (sub, k));
CREATE TABLE IF NOT EXISTS kv_c_dup (sub bytea NOT NULL DEFAULT '', k bytea NOT NULL, v bytea NOT NULL, PRIMARY KEY (sub, k));
CREATE TABLE IF NOT EXISTS kv_c_questions (sub bytea NOT NULL DEFAULT '', k bytea NOT NULL, v bytea NOT NULL, PRIMARY KEY (sub, k));
CREATE TABLE IF NOT EXISTS kv_changes (sub bytea NOT NULL DEFAULT '', k bytea NOT NULL, v bytea NOT NULL, PRIMARY KEY (sub, k));
CREATE TABLE IF NOT EXISTS kv_latest (sub bytea NOT NULL DEFAULT '', k bytea NOT NULL, v bytea NOT NULL, PRIMARY KEY (sub, k));
CREATE TABLE IF NOT EXISTS kv_c_catalog (sub bytea NOT NULL DEFAULT '', k bytea NOT NULL, v bytea NOT NULL, PRIMARY KEY (sub, k));
CREATE TABLE IF NOT EXISTS kv_c_calendar (sub bytea NOT NULL DEFAULT '', k bytea NOT NULL, v bytea NOT NULL, PRIMARY KEY (sub, k));
CREATE TABLE IF NOT EXISTS kv_c_q_by_dossier (sub bytea NOT NULL DEFAULT '', k bytea NOT NULL, v bytea NOT NULL, PRIMARY KEY (sub, k));
CREATE TABLE IF NOT EXISTS kv_c_held (sub bytea NOT NULL DEFAULT '', k bytea NOT NULL, v bytea NOT NULL, PRIMARY KEY (sub, k));
CREATE TABLE IF NOT EXISTS kv_c_inbox_rate (sub bytea NOT NULL DEFAULT '', k bytea NOT NULL, v bytea NOT NULL, PRIMARY KEY (sub, k));
CREATE TABLE IF NOT EXISTS kv_c_online_seq (sub bytea NOT NULL DEFAULT '', k bytea NOT NULL, v bytea NOT NULL, PRIMARY KEY (sub, k));
