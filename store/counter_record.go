package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	bolt "go.etcd.io/bbolt"
)

// bCounterRecords holds the guidance (Mẫu 02) and refusals (Mẫu 03) given at
// the counter: day yyyymmdd (Vietnam) | 0x00 | id → json motcua.CounterRecord.
// The day leads the key so a day's records are one prefix scan. The bucket
// is created by the first record, so files written before it need nothing.
//
// A record is no dossier, but it reaches the server like every change: one
// op (motcua.OpCounterRecord, the record as its args) in the outbox, at the
// terminal's next seq, in the record's transaction; the server keeps it
// exactly once by (terminal, seq) and counts it in its reports, and the
// unit's other terminals pull it for their day book.
var bCounterRecords = []byte("counter_records")

// RecordAtCounter logs a guidance or a refusal given at the counter, in one
// transaction with its op in the outbox: the store fills the id, the time
// (the clock corrected to the server's, like an op's), the unit, the
// terminal and the officer on duty. A record that fails
// motcua.ApplyCounterRecord (CounterRecord.Check and the text rules the
// server applies too) writes nothing.
func (s *Store) RecordAtCounter(r motcua.CounterRecord) (motcua.CounterRecord, error) {
	rec, _, err := s.RecordAtCounterOp(r)
	return rec, err
}

// RecordAtCounterOp is RecordAtCounter that also returns the op it queued
// (its seq and id: the fault harness's history follows ops).
func (s *Store) RecordAtCounterOp(r motcua.CounterRecord) (motcua.CounterRecord, motcua.Op, error) {
	var queued motcua.Op
	r.Reason, r.Note = strings.TrimSpace(r.Reason), strings.TrimSpace(r.Note)
	err := s.db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		var info motcua.TerminalInfo
		if err := boltkv.GetJSON(meta, kTerminal, &info); err != nil {
			return err
		}
		if info.Unit == "" {
			return motcua.ErrNotInitialised
		}
		now := s.correctedNow(meta)
		r.ID, r.At = motcua.NewID(now), now
		r.Unit, r.Terminal, r.Officer = info.Unit, info.ID, info.Officer
		if p, err := s.Catalog().Get(r.ProcedureCode); err == nil && r.ProcedureName == "" {
			r.ProcedureName = p.Name
		}
		if err := r.Check(); err != nil {
			return err
		}
		op, err := motcua.NewOp(motcua.OpCounterRecord, "", r)
		if err != nil {
			return fmt.Errorf("encode counter record: %w", err)
		}
		op.ID, op.ClientTime = motcua.NewID(now), now
		op.Terminal, op.Officer, op.Role = info.ID, info.Officer, info.Role
		op.Seq = boltkv.GetU64(meta, kLastSeq) + 1
		rec, res := motcua.ApplyCounterRecord(false, op)
		if res.Status != motcua.Applied {
			return &motcua.Error{Code: motcua.EINVALID, Reason: res.Reason, VI: res.MessageVI, EN: res.MessageEN}
		}
		r, queued = rec, op
		if _, err := putCounterRecord(tx, r); err != nil {
			return err
		}
		return appendOutbox(tx, op)
	})
	s.committed(err)
	if err != nil {
		return motcua.CounterRecord{}, motcua.Op{}, err
	}
	return r, queued, nil
}

// putCounterRecord stores r unless a record with its id is there already
// (a record never changes): it reports whether it wrote.
func putCounterRecord(tx *bolt.Tx, r motcua.CounterRecord) (bool, error) {
	b, err := tx.CreateBucketIfNotExists(bCounterRecords)
	if err != nil {
		return false, err
	}
	k := counterKey(r.At, r.ID)
	if b.Get(k) != nil {
		return false, nil
	}
	buf, err := json.Marshal(r)
	if err != nil {
		return false, fmt.Errorf("encode counter record: %w", err)
	}
	return true, b.Put(k, buf)
}

// pullCounterRecords keeps the unit's guidance and refusals the server
// sent (the other terminals', and this one's own coming back): a record
// already held is left as it is, and never another unit's, whatever a
// server sends.
func pullCounterRecords(tx *bolt.Tx, info motcua.TerminalInfo, rs []motcua.CounterRecord) error {
	for _, r := range rs {
		if r.Unit != info.Unit || !motcua.ValidID(r.ID) || !r.Kind.Valid() || r.At.IsZero() {
			continue
		}
		if _, err := putCounterRecord(tx, r); err != nil {
			return err
		}
	}
	return nil
}

func counterDay(t time.Time) []byte {
	return append([]byte(t.In(motcua.VNZone).Format("20060102")), 0)
}

func counterKey(t time.Time, id string) []byte { return append(counterDay(t), id...) }

// CounterRecords lists the guidance and refusals given on day (Vietnam's
// calendar day), oldest first.
func (s *Store) CounterRecords(day time.Time) ([]motcua.CounterRecord, error) {
	var out []motcua.CounterRecord
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bCounterRecords)
		if b == nil {
			return nil
		}
		prefix := counterDay(day)
		c := b.Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var r motcua.CounterRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("decode counter record %q: %w", k, err)
			}
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

// CounterRecordsBetween lists the guidance and refusals given from day from
// to day to (Vietnam's calendar days, both included; a zero bound is open),
// oldest first: the period's report counts them.
func (s *Store) CounterRecordsBetween(from, to time.Time) ([]motcua.CounterRecord, error) {
	var out []motcua.CounterRecord
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bCounterRecords)
		if b == nil {
			return nil
		}
		var start, end []byte
		if !from.IsZero() {
			start = counterDay(from)
		}
		if !to.IsZero() {
			end = counterDay(to.AddDate(0, 0, 1))
		}
		c := b.Cursor()
		k, v := c.First()
		if start != nil {
			k, v = c.Seek(start)
		}
		for ; k != nil && (end == nil || bytes.Compare(k, end) < 0); k, v = c.Next() {
			var r motcua.CounterRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("decode counter record %q: %w", k, err)
			}
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

// CounterCounts counts the guidance and refusals given on day.
func (s *Store) CounterCounts(day time.Time) (motcua.CounterCounts, error) {
	rs, err := s.CounterRecords(day)
	var n motcua.CounterCounts
	for _, r := range rs {
		switch r.Kind {
		case motcua.CounterGuidance:
			n.Guidance++
		case motcua.CounterRefusal:
			n.Refusals++
		}
	}
	return n, err
}
