package central

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	"github.com/motcua/motcua/internal/kv"
)

// bCounterRecords holds the guidance (Mẫu 02) and refusals (Mẫu 03) the
// unit's terminals gave at the counter: unit | 0x00 | yyyymmdd (Vietnam) |
// 0x00 | id → json motcua.CounterRecord. Unit and day lead the key, so a
// unit's period is one range scan. A record comes in as one
// motcua.OpCounterRecord op, decided once per (terminal, seq) like every
// op, and never changes after.
var bCounterRecords = []byte("c_counter_records")

// kindCounterRecord is a counter record in the unit's change log: the
// unit's other terminals pull it for their day book. Its change id is the
// record's whole key.
const kindCounterRecord byte = 'r'

func recordDayKey(t time.Time) []byte {
	return []byte(t.In(motcua.VNZone).Format("20060102"))
}

// recordKey is unit | 0x00 | within, with within = yyyymmdd | 0x00 | id.
func recordKey(unit string, within []byte) []byte {
	return append(append([]byte(unit), boltkv.Sep), within...)
}

func recordWithin(at time.Time, id string) []byte {
	return append(append(recordDayKey(at), boltkv.Sep), id...)
}

// decideCounterRecord applies a guidance or refusal of terminal t: it must
// be of t's unit and pass the server's check (not dated in the future); a
// record already held (the same id) is superseded, never stored twice.
func (c *Store) decideCounterRecord(tx kv.Tx, t *terminal, op motcua.Op) (motcua.Result, error) {
	var head struct {
		ID   string    `json:"id"`
		Unit string    `json:"unit"`
		At   time.Time `json:"at"`
	}
	_ = json.Unmarshal(op.Args, &head) // malformed args: Apply rejects them with its own message
	if head.Unit != "" && head.Unit != t.Unit {
		return crossUnit(op), nil
	}
	if err := motcua.CheckOpOnServer(op, motcua.ServerView{Now: c.Now(), EnrolledAt: t.EnrolledAt}); err != nil {
		return motcua.Result{Seq: op.Seq, OpID: op.ID, Status: motcua.Rejected, Reason: motcua.ErrorReason(err),
			MessageVI: motcua.ErrorMessage(err, motcua.VI), MessageEN: motcua.ErrorMessage(err, motcua.EN)}, nil
	}
	if head.At.IsZero() {
		head.At = op.ClientTime
	}
	exists := tx.Bucket(bCounterRecords).Get(recordKey(t.Unit, recordWithin(head.At, head.ID))) != nil
	r, res := motcua.ApplyCounterRecord(exists, op)
	if res.Status != motcua.Applied {
		return res, nil
	}
	key := recordKey(r.Unit, recordWithin(r.At, r.ID))
	if err := boltkv.PutJSON(tx.Bucket(bCounterRecords), key, r); err != nil {
		return motcua.Result{}, err
	}
	return res, logChange(tx, r.Unit, kindCounterRecord, string(key))
}

// CounterRecords returns the guidance and refusals of unit given from day
// from to day to (Vietnam's calendar days, both included; a zero bound is
// open), oldest day first.
func (c *Store) CounterRecords(unit string, from, to time.Time) ([]motcua.CounterRecord, error) {
	out := []motcua.CounterRecord{}
	err := c.db.View(func(tx kv.Tx) error {
		prefix := append([]byte(unit), boltkv.Sep)
		start := prefix
		if !from.IsZero() {
			start = recordKey(unit, recordDayKey(from))
		}
		var end []byte
		if !to.IsZero() {
			end = recordKey(unit, recordDayKey(to.AddDate(0, 0, 1)))
		}
		cur := tx.Bucket(bCounterRecords).Cursor()
		for k, v := cur.Seek(start); k != nil && bytes.HasPrefix(k, prefix); k, v = cur.Next() {
			if end != nil && bytes.Compare(k, end) >= 0 {
				break
			}
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

// counterRecordJSON is the stored JSON of a record named by its change id
// (its key), or nil.
func counterRecordJSON(tx kv.Tx, changeID string) []byte {
	return tx.Bucket(bCounterRecords).Get([]byte(changeID))
}
