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
// These records stay on the terminal: they are no dossier and carry no op,
// so the server never sees them (the day's logbook is the terminal's).
var bCounterRecords = []byte("counter_records")

// RecordAtCounter logs a guidance or a refusal given at the counter, in one
// transaction: the store fills the id, the time (the clock corrected to the
// server's, like an op's), the unit, the terminal and the officer on duty.
// A record that fails motcua.CounterRecord.Check writes nothing.
func (s *Store) RecordAtCounter(r motcua.CounterRecord) (motcua.CounterRecord, error) {
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
		b, err := tx.CreateBucketIfNotExists(bCounterRecords)
		if err != nil {
			return err
		}
		buf, err := json.Marshal(r)
		if err != nil {
			return fmt.Errorf("encode counter record: %w", err)
		}
		return b.Put(counterKey(now, r.ID), buf)
	})
	if err != nil {
		return motcua.CounterRecord{}, err
	}
	return r, nil
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
