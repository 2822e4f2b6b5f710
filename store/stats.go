package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"sort"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	bolt "go.etcd.io/bbolt"
)

// openStatuses are the statuses whose deadline runs (motcua.Status.ClockRuns):
// a dossier waiting on the citizen (5, 6) is never overdue.
var openStatuses = []motcua.Status{motcua.StatusReceived, motcua.StatusProcessing}

// bandBounds returns the appointment instants (unix seconds) that split the
// bands at now: [0, today) overdue, [today, tomorrow) today,
// [tomorrow, soonEnd) soon.
func (s *Store) bandBounds(now time.Time) (today, tomorrow, soonEnd uint64) {
	n := now.In(motcua.VNZone)
	mid := time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, motcua.VNZone)
	next := s.Calendar().NextWorkingDay(mid)
	next = time.Date(next.Year(), next.Month(), next.Day(), 0, 0, 0, 0, motcua.VNZone)
	return uint64(mid.Unix()), uint64(mid.AddDate(0, 0, 1).Unix()), uint64(next.AddDate(0, 0, 1).Unix())
}

// Stats counts today's work in one read transaction, using the indexes:
// the code index for today's receptions (codes carry the date), the status
// index for the due bands (keys are ordered by appointment, so the scan stops
// at the end of the last band), and the outbox and results buckets. Only the
// questions are decoded, and there are few of them.
func (s *Store) Stats(now time.Time) (motcua.Stats, error) {
	var st motcua.Stats
	today, tomorrow, soonEnd := s.bandBounds(now)
	err := s.db.View(func(tx *bolt.Tx) error {
		var info motcua.TerminalInfo
		if err := boltkv.GetJSON(tx.Bucket(bMeta), kTerminal, &info); err != nil {
			return err
		}
		if info.Unit != "" {
			prefix := []byte(info.Unit + "-" + now.In(motcua.VNZone).Format("060102") + "-")
			c := tx.Bucket(bIdxCode).Cursor()
			for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
				st.ReceivedToday++
			}
		}
		c := tx.Bucket(bIdxStatus).Cursor()
		for k, _ := c.Seek([]byte{byte(motcua.StatusRegistered)}); k != nil && k[0] == byte(motcua.StatusRegistered); k, _ = c.Next() {
			st.Online++ // the "Hồ sơ trực tuyến" inbox (online.go)
		}
		for _, status := range openStatuses {
			for k, _ := c.Seek([]byte{byte(status)}); k != nil && k[0] == byte(status); k, _ = c.Next() {
				appt := boltkv.Be64(k[1:9])
				if appt >= soonEnd {
					break
				}
				switch {
				case appt < today:
					st.Overdue++
				case appt < tomorrow:
					st.DueToday++
				default:
					st.DueSoon++
				}
			}
		}
		err := tx.Bucket(bQuestions).ForEach(func(_, v []byte) error {
			var q struct {
				Status motcua.QuestionStatus `json:"status"`
			}
			if err := json.Unmarshal(v, &q); err != nil {
				return err
			}
			if q.Status.Open() {
				st.OpenQuestions++
			}
			return nil
		})
		if err != nil {
			return err
		}
		st.Queue = queue(tx)
		return nil
	})
	return st, err
}

// Queue reads the outbox state alone: cheap enough to poll every few
// seconds, unlike State, whose bucket statistics walk every dossier page.
func (s *Store) Queue() (motcua.Queue, error) {
	var q motcua.Queue
	err := s.db.View(func(tx *bolt.Tx) error {
		q = queue(tx)
		return nil
	})
	return q, err
}

// queue reads the outbox state in O(1): seqs are contiguous and the outbox
// holds exactly acked_seq+1 … last_seq (CheckIntegrity guards it), so the
// count is a subtraction and only the oldest op is decoded. A terminal that
// has never synced holds every op it ever made: counting them one by one
// took 1.7 s on a 100,000-dossier store. Should the invariant ever not
// hold, the count falls back to walking the bucket.
func queue(tx *bolt.Tx) motcua.Queue {
	var q motcua.Queue
	meta := tx.Bucket(bMeta)
	last, acked := boltkv.GetU64(meta, kLastSeq), boltkv.GetU64(meta, kAckedSeq)
	oc := tx.Bucket(bOutbox).Cursor()
	k, v := oc.First()
	if k != nil {
		var op struct {
			ClientTime time.Time `json:"client_time"`
		}
		if json.Unmarshal(v, &op) == nil {
			q.OldestWaiting = op.ClientTime
		}
		if lk, _ := oc.Last(); boltkv.Be64(k) == acked+1 && boltkv.Be64(lk) == last {
			q.Waiting = int(last - acked)
		} else {
			for k, _ := oc.First(); k != nil; k, _ = oc.Next() {
				q.Waiting++
			}
		}
	}
	rc := tx.Bucket(bResults).Cursor()
	for k, _ := rc.First(); k != nil; k, _ = rc.Next() {
		q.Results++
	}
	return q
}

// ListDue returns up to limit open dossiers in one due band, soonest
// appointment first (the order in which they must be dealt with).
func (s *Store) ListDue(band motcua.Due, now time.Time, limit int) ([]motcua.Dossier, error) {
	if limit <= 0 {
		limit = 50
	}
	today, tomorrow, soonEnd := s.bandBounds(now)
	lo, hi := uint64(0), today
	switch band {
	case motcua.DueToday:
		lo, hi = today, tomorrow
	case motcua.DueSoon:
		lo, hi = tomorrow, soonEnd
	}
	type entry struct {
		appt uint64
		id   string
	}
	var out []motcua.Dossier
	err := s.db.View(func(tx *bolt.Tx) error {
		var entries []entry
		c := tx.Bucket(bIdxStatus).Cursor()
		for _, status := range openStatuses {
			seek := make([]byte, 9)
			seek[0] = byte(status)
			binary.BigEndian.PutUint64(seek[1:], lo)
			n := 0
			for k, _ := c.Seek(seek); k != nil && k[0] == byte(status) && n < limit; k, _ = c.Next() {
				appt := boltkv.Be64(k[1:9])
				if appt >= hi {
					break
				}
				entries = append(entries, entry{appt, string(k[9:])})
				n++
			}
		}
		sort.Slice(entries, func(i, j int) bool {
			if entries[i].appt != entries[j].appt {
				return entries[i].appt < entries[j].appt
			}
			return entries[i].id < entries[j].id
		})
		if len(entries) > limit {
			entries = entries[:limit]
		}
		ids := make([]string, len(entries))
		for i, e := range entries {
			ids[i] = e.id
		}
		var err error
		out, err = loadInOrder(tx, ids)
		return err
	})
	return out, err
}

// ReceivedOn returns up to limit dossiers of this unit received on day's
// date in Vietnam, latest number first.
func (s *Store) ReceivedOn(day time.Time, limit int) ([]motcua.Dossier, error) {
	if limit <= 0 {
		limit = 50
	}
	var out []motcua.Dossier
	err := s.db.View(func(tx *bolt.Tx) error {
		var ids []string
		var info motcua.TerminalInfo
		if err := boltkv.GetJSON(tx.Bucket(bMeta), kTerminal, &info); err != nil {
			return err
		}
		if info.Unit == "" {
			return nil
		}
		prefix := []byte(info.Unit + "-" + day.In(motcua.VNZone).Format("060102") + "-")
		c := tx.Bucket(bIdxCode).Cursor()
		// Codes of a day end in a fixed-width number: walk them backwards
		// from the end of the prefix range to list the latest first.
		end := append(append([]byte(nil), prefix...), 0xff)
		k, _ := c.Seek(end)
		var v []byte
		if k == nil {
			k, v = c.Last()
		} else {
			k, v = c.Prev()
		}
		for ; k != nil && bytes.HasPrefix(k, prefix) && len(ids) < limit; k, v = c.Prev() {
			ids = append(ids, string(v))
		}
		var err error
		out, err = loadInOrder(tx, ids)
		return err
	})
	return out, err
}

// loadInOrder reads dossiers by id in the caller's transaction, in the order
// given, skipping ids that no longer exist.
func loadInOrder(tx *bolt.Tx, ids []string) ([]motcua.Dossier, error) {
	out := make([]motcua.Dossier, 0, len(ids))
	for _, id := range ids {
		d, err := getDossier(tx, id)
		if err != nil {
			return nil, err
		}
		if d != nil {
			out = append(out, *d)
		}
	}
	return out, nil
}
