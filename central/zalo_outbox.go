package central

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	"github.com/motcua/motcua/internal/kv"
)

// The Zalo outbox. Every message to a follower is queued here in the
// transaction that decided it, under a key that names what it is about
// (the event it answers, the officer's answer, the dossier's notice), so
// it is sent once even when the decision is made again. package zalo takes
// due messages, marks one in flight (committed) before calling Zalo, and
// records the outcome: sent (the entry leaves the outbox, its key stays),
// retry later, or undeliverable (kept, and written on the question).

// enqueue adds a message for key unless key was queued before; a text
// longer than Zalo takes goes as several messages (keys key#2, key#3…).
func enqueue(tx kv.Tx, key, userID, text, questionID string, now time.Time) (bool, error) {
	keys := tx.Bucket(bZaloKeys)
	if keys.Get([]byte(key)) != nil {
		return false, nil
	}
	for i, part := range motcua.SplitZaloText(text) {
		k := key
		if i > 0 {
			k = key + "#" + strconv.Itoa(i+1)
		}
		m := motcua.ZaloMessage{ID: motcua.NewID(now), Key: k, UserID: userID, Text: part, QuestionID: questionID,
			State: motcua.ZaloQueued, CreatedAt: now, NextAt: now}
		if err := boltkv.PutJSON(tx.Bucket(bZaloOutbox), []byte(m.ID), m); err != nil {
			return false, err
		}
		if err := keys.Put([]byte(k), []byte(m.ID)); err != nil {
			return false, err
		}
	}
	return true, nil
}

func (c *Store) zaloMessages(keep func(*motcua.ZaloMessage) bool) ([]motcua.ZaloMessage, error) {
	var out []motcua.ZaloMessage
	err := c.db.View(func(tx kv.Tx) (err error) {
		out, err = boltkv.Records(tx.Bucket(bZaloOutbox), keep)
		return err
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].CreatedAt.Before(out[j].CreatedAt) })
	return out, err
}

// ZaloDue lists the queued messages whose time has come, oldest first.
func (c *Store) ZaloDue(now time.Time) ([]motcua.ZaloMessage, error) {
	return c.zaloMessages(func(m *motcua.ZaloMessage) bool { return m.State == motcua.ZaloQueued && !m.NextAt.After(now) })
}

// ZaloInFlight lists the messages marked in flight: after a restart, those
// a previous process handed to Zalo without recording the answer.
func (c *Store) ZaloInFlight() ([]motcua.ZaloMessage, error) {
	return c.zaloMessages(func(m *motcua.ZaloMessage) bool { return m.State == motcua.ZaloInFlight })
}

// ZaloUndeliverable lists the messages Zalo refused for good.
func (c *Store) ZaloUndeliverable() ([]motcua.ZaloMessage, error) {
	return c.zaloMessages(func(m *motcua.ZaloMessage) bool { return m.State == motcua.ZaloFailed })
}

func (c *Store) updateMessage(id string, fn func(tx kv.Tx, m *motcua.ZaloMessage) (keep bool, err error)) error {
	return c.db.Update(func(tx kv.Tx) error {
		b := tx.Bucket(bZaloOutbox)
		var m motcua.ZaloMessage
		if err := boltkv.GetJSON(b, []byte(id), &m); err != nil {
			return err
		}
		if m.ID == "" {
			return motcua.Errorf(motcua.ENOTFOUND, "zalo_message", "id", "Không có tin %s trong hộp thư đi.", "No message %s in the outbox.", id)
		}
		keep, err := fn(tx, &m)
		if err != nil {
			return err
		}
		if !keep {
			return b.Delete([]byte(id))
		}
		return boltkv.PutJSON(b, []byte(id), m)
	})
}

// ErrZaloTaken is ZaloMarkInFlight's answer for a message that is no longer
// queued (another sender took it): the caller leaves it alone.
var ErrZaloTaken = motcua.Errorf(motcua.ECONFLICT, "zalo_message", "id", "Tin đã được gửi hoặc đang gửi.", "The message is sent or being sent.")

// ZaloMarkInFlight records that the message is about to be handed to Zalo;
// only a queued message can be taken.
func (c *Store) ZaloMarkInFlight(id string) error {
	now := c.Now()
	return c.updateMessage(id, func(_ kv.Tx, m *motcua.ZaloMessage) (bool, error) {
		if m.State != motcua.ZaloQueued {
			return false, ErrZaloTaken
		}
		m.State, m.InFlightAt = motcua.ZaloInFlight, now
		m.Attempts++
		return true, nil
	})
}

// ZaloMarkSent records Zalo's acceptance: the message leaves the outbox
// (its key stays, so it is never queued again) and its question, if any,
// reads "sent" once none of its answers waits any more.
func (c *Store) ZaloMarkSent(id string) error {
	return c.updateMessage(id, func(tx kv.Tx, m *motcua.ZaloMessage) (bool, error) {
		if err := tx.Bucket(bZaloKeys).Put([]byte(m.Key), []byte("sent")); err != nil {
			return false, err
		}
		b := tx.Bucket(bZalo)
		if err := boltkv.PutU64(b, kZaloSent, boltkv.GetU64(b, kZaloSent)+1); err != nil {
			return false, err
		}
		if m.QuestionID == "" {
			return false, nil
		}
		waiting := false
		_ = tx.Bucket(bZaloOutbox).ForEach(func(k, v []byte) error {
			var o motcua.ZaloMessage
			if string(k) != m.ID && json.Unmarshal(v, &o) == nil && o.QuestionID == m.QuestionID && o.State != motcua.ZaloFailed {
				waiting = true
			}
			return nil
		})
		if waiting {
			return false, nil
		}
		return false, setDelivery(tx, m.QuestionID, motcua.DeliverySent, "")
	})
}

// ZaloMarkRetry puts the message back in the queue until next.
func (c *Store) ZaloMarkRetry(id string, next time.Time, reason string) error {
	return c.updateMessage(id, func(_ kv.Tx, m *motcua.ZaloMessage) (bool, error) {
		m.State, m.NextAt, m.LastError = motcua.ZaloQueued, next, reason
		return true, nil
	})
}

// ZaloMarkUndeliverable records that Zalo refused the message for good
// (the follower blocked the OA, the reply window closed): it stays in the
// outbox as undeliverable, and its question says so to the officer's
// terminal at the next sync.
func (c *Store) ZaloMarkUndeliverable(id, reason string) error {
	return c.updateMessage(id, func(tx kv.Tx, m *motcua.ZaloMessage) (bool, error) {
		m.State, m.LastError = motcua.ZaloFailed, reason
		if m.QuestionID != "" {
			if err := setDelivery(tx, m.QuestionID, motcua.DeliveryUndeliverable, reason); err != nil {
				return false, err
			}
		}
		return true, nil
	})
}

// setDelivery writes a question's delivery state; the change log carries
// it to the unit's terminals.
func setDelivery(tx kv.Tx, questionID string, d motcua.Delivery, note string) error {
	q, err := getQuestion(tx, questionID)
	if err != nil || q == nil {
		return err
	}
	if q.Delivery == d && q.DeliveryNote == note {
		return nil
	}
	q.Delivery, q.DeliveryNote = d, note
	return putQuestion(tx, *q)
}

// ZaloTailBatch is how many change-log entries of a unit one tail step
// reads, so a long log is worked through in short transactions.
const ZaloTailBatch = 500

// ZaloTail reads each unit's change log past the tail's cursor and queues
// what followers wait for: an officer's answer to a question asked by
// Zalo, and the notices of subscribed dossiers (status 5, 9, rescheduled).
// Keys make it idempotent; the cursors commit with the queued messages, so
// an answer committed by a sync is queued even if the server dies right
// after. It returns how many messages it queued and whether entries remain.
func (c *Store) ZaloTail() (queued int, more bool, err error) {
	if behind, err := c.zaloTailBehind(); err != nil || !behind {
		return 0, false, err // nothing new: no write transaction every tick
	}
	now := c.Now()
	err = c.db.Update(func(tx kv.Tx) error {
		queued, more = 0, false // a retried transaction starts again
		var units [][]byte
		_ = tx.Bucket(bChanges).ForEach(func(k, v []byte) error {
			if v == nil {
				units = append(units, append([]byte(nil), k...))
			}
			return nil
		})
		for _, unit := range units {
			n, m, err := tailUnit(tx, unit, now)
			if err != nil {
				return err
			}
			queued += n
			more = more || m
		}
		return nil
	})
	return queued, more, err
}

// zaloTailBehind says whether some unit's change log has entries past the
// tail's cursor.
func (c *Store) zaloTailBehind() (bool, error) {
	behind := false
	err := c.db.View(func(tx kv.Tx) error {
		behind = false
		meta := tx.Bucket(bZalo)
		return tx.Bucket(bChanges).ForEach(func(unit, v []byte) error {
			if v != nil || behind {
				return nil
			}
			from := boltkv.GetU64(meta, boltkv.JoinKey(kZaloCursor, unit))
			if k, _ := tx.Bucket(bChanges).Bucket(unit).Cursor().Seek(boltkv.U64(from + 1)); k != nil {
				behind = true
			}
			return nil
		})
	})
	return behind, err
}

func tailUnit(tx kv.Tx, unit []byte, now time.Time) (int, bool, error) {
	ckey := boltkv.JoinKey(kZaloCursor, unit)
	from := boltkv.GetU64(tx.Bucket(bZalo), ckey)
	log := tx.Bucket(bChanges).Bucket(unit)
	var entries []changeEntry
	last, more := from, false
	cur := log.Cursor()
	for k, v := cur.Seek(boltkv.U64(from + 1)); k != nil; k, v = cur.Next() {
		if len(entries) == ZaloTailBatch {
			more = true
			break
		}
		var e changeEntry
		if err := json.Unmarshal(v, &e); err != nil {
			return 0, false, err
		}
		entries = append(entries, e)
		last = boltkv.Be64(k)
	}
	n := 0
	for _, e := range entries {
		var k int
		var err error
		switch e.Kind {
		case kindQuestion:
			k, err = tailQuestion(tx, e.ID, now)
		case kindDossier:
			k, err = tailDossier(tx, e.ID, now)
		}
		if err != nil {
			return 0, false, err
		}
		n += k
	}
	if last == from {
		return n, more, nil
	}
	return n, more, boltkv.PutU64(tx.Bucket(bZalo), ckey, last)
}

// tailQuestion queues the answers not yet queued of a question a follower
// asked, and marks the question "pending" while they wait.
func tailQuestion(tx kv.Tx, id string, now time.Time) (int, error) {
	user := tx.Bucket(bZaloAsked).Get([]byte(id))
	if user == nil {
		return 0, nil
	}
	q, err := getQuestion(tx, id)
	if err != nil || q == nil {
		return 0, err
	}
	u, err := getUnit(tx, q.Unit)
	if err != nil {
		return 0, err
	}
	name := ""
	if u != nil {
		name = u.Name
	}
	n := 0
	for i, a := range q.Answers {
		ref := a.OpID
		if ref == "" {
			ref = "#" + strconv.Itoa(i)
		}
		added, err := enqueue(tx, "a/"+q.ID+"/"+ref, string(user), motcua.ZaloAnswerText(name, a), q.ID, now)
		if err != nil {
			return 0, err
		}
		if added {
			n++
		}
	}
	if n > 0 {
		return n, setDelivery(tx, q.ID, motcua.DeliveryPending, "")
	}
	return 0, nil
}

// tailDossier queues the notice a dossier's state calls for to each
// follower subscribed to it.
func tailDossier(tx kv.Tx, id string, now time.Time) (int, error) {
	d, err := getDossier(tx, id)
	if err != nil || d == nil {
		return 0, err
	}
	notice, key := motcua.NoticeOf(*d)
	if key == "" {
		return 0, nil
	}
	prefix := append([]byte(d.Code), boltkv.Sep)
	var users []string
	cur := tx.Bucket(bZaloSubs).Cursor()
	for k, _ := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = cur.Next() {
		users = append(users, string(k[len(prefix):]))
	}
	n := 0
	for _, user := range users {
		added, err := enqueue(tx, "n/"+user+"/"+key, user, motcua.ZaloNoticeText(*d, notice, now), "", now)
		if err != nil {
			return 0, err
		}
		if added {
			n++
		}
	}
	return n, nil
}

type zaloLease struct {
	Holder string    `json:"holder"`
	Until  time.Time `json:"until"`
}

var kZaloLease = []byte("sender_lease")

// ZaloSenderLease lets one sender at a time work the outbox, even with
// several API processes on one database: holder takes or renews the lease
// for ttl when it is free, expired or its own. fresh is true when holder
// did not hold it just before (it must then settle what a previous holder
// left in flight). force takes it whoever holds it: for a store only one
// process can open (a bbolt file), where any other holder is dead.
func (c *Store) ZaloSenderLease(holder string, ttl time.Duration, force bool) (held, fresh bool, err error) {
	now := c.Now()
	err = c.db.Update(func(tx kv.Tx) error {
		held, fresh = false, false
		var l zaloLease
		if err := boltkv.GetJSON(tx.Bucket(bZalo), kZaloLease, &l); err != nil {
			return err
		}
		if l.Holder != holder && now.Before(l.Until) && !force {
			return nil
		}
		held, fresh = true, l.Holder != holder || !now.Before(l.Until)
		return boltkv.PutJSON(tx.Bucket(bZalo), kZaloLease, zaloLease{Holder: holder, Until: now.Add(ttl)})
	})
	return held, fresh, err
}
