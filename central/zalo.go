package central

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	"github.com/motcua/motcua/internal/kv"
)

// The Zalo Official Account channel's state (docs/DESIGN.md §14). Package
// zalo speaks to Zalo; everything it must not forget is here, committed
// with the effect it belongs to: an event's id with the question or reply
// it caused, an outbox entry with the answer's key. No secret is stored in
// this file: the secret key and the tokens are files of mode 0600 beside it.

var (
	// bZalo holds the settings, the error last seen, the count of sent
	// messages and the change-log tail's cursor of each unit.
	bZalo = []byte("z_meta")
	// bZaloOutbox is the outbox: id → motcua.ZaloMessage.
	bZaloOutbox = []byte("z_outbox")
	// bZaloKeys: a message's key → its outbox id (or "sent"): one message
	// per key, ever.
	bZaloKeys = []byte("z_outkeys")
	// bZaloEvents: the ids of the webhook events already handled.
	bZaloEvents = []byte("z_events")
	// bZaloFollowers: a follower's id → motcua.ZaloFollower.
	bZaloFollowers = []byte("z_followers")
	// bZaloSubs: code SEP follower → nothing: who asked for notifications.
	bZaloSubs = []byte("z_subs")
	// bZaloAsked: a question's id → the follower who asked it.
	bZaloAsked = []byte("z_asked")

	kZaloSettings = []byte("settings")
	kZaloError    = []byte("last_error")
	kZaloSent     = []byte("sent")
	kZaloCursor   = []byte("cursor")
)

func init() {
	allBuckets = append(allBuckets, bZalo, bZaloOutbox, bZaloKeys, bZaloEvents, bZaloFollowers, bZaloSubs, bZaloAsked)
}

type zaloError struct {
	Text string    `json:"text"`
	At   time.Time `json:"at"`
}

// ZaloSettings returns the OA's settings (On false when never set or off).
func (c *Store) ZaloSettings() (motcua.ZaloSettings, error) {
	var s motcua.ZaloSettings
	err := c.db.View(func(tx kv.Tx) error { return boltkv.GetJSON(tx.Bucket(bZalo), kZaloSettings, &s) })
	return s, err
}

// SetZaloSettings turns the channel on with s; a default unit must exist.
func (c *Store) SetZaloSettings(s motcua.ZaloSettings) error {
	if s.OAID == "" || s.AppID == "" {
		return motcua.Errorf(motcua.EINVALID, "zalo_ids", "oa_id", "Cần mã OA (--oa-id) và mã ứng dụng (--app-id).",
			"The OA id (--oa-id) and the app id (--app-id) are needed.")
	}
	return c.db.Update(func(tx kv.Tx) error {
		if s.DefaultUnit != "" {
			if u, err := getUnit(tx, s.DefaultUnit); err != nil {
				return err
			} else if u == nil {
				return errUnitUnknown(s.DefaultUnit)
			}
		}
		s.On = true
		return boltkv.PutJSON(tx.Bucket(bZalo), kZaloSettings, s)
	})
}

// ZaloOff turns the channel off: the webhook refuses events and nothing is
// sent; the outbox is kept and goes on when the channel is set again.
func (c *Store) ZaloOff() error {
	return c.db.Update(func(tx kv.Tx) error {
		var s motcua.ZaloSettings
		if err := boltkv.GetJSON(tx.Bucket(bZalo), kZaloSettings, &s); err != nil {
			return err
		}
		s.On = false
		return boltkv.PutJSON(tx.Bucket(bZalo), kZaloSettings, s)
	})
}

// SetZaloTokenExpiry records when the access token just obtained expires.
func (c *Store) SetZaloTokenExpiry(t time.Time) error {
	return c.db.Update(func(tx kv.Tx) error {
		var s motcua.ZaloSettings
		if err := boltkv.GetJSON(tx.Bucket(bZalo), kZaloSettings, &s); err != nil {
			return err
		}
		s.TokenExpiry = t
		return boltkv.PutJSON(tx.Bucket(bZalo), kZaloSettings, s)
	})
}

// ZaloNoteError keeps the last error the channel met, for `zalo status`
// (text never holds a secret: package zalo builds it from Zalo's error
// code and message).
func (c *Store) ZaloNoteError(text string) error {
	return c.db.Update(func(tx kv.Tx) error {
		return boltkv.PutJSON(tx.Bucket(bZalo), kZaloError, zaloError{Text: text, At: c.Now()})
	})
}

// ZaloStatus is the channel's state without any secret.
func (c *Store) ZaloStatus() (motcua.ZaloStatus, error) {
	var st motcua.ZaloStatus
	err := c.db.View(func(tx kv.Tx) error {
		st = motcua.ZaloStatus{}
		b := tx.Bucket(bZalo)
		if err := boltkv.GetJSON(b, kZaloSettings, &st.Settings); err != nil {
			return err
		}
		st.Configured = st.Settings.OAID != ""
		var e zaloError
		if err := boltkv.GetJSON(b, kZaloError, &e); err != nil {
			return err
		}
		st.LastError, st.LastErrorAt = e.Text, e.At
		st.Sent = boltkv.GetU64(b, kZaloSent)
		return tx.Bucket(bZaloOutbox).ForEach(func(_, v []byte) error {
			var m motcua.ZaloMessage
			if err := decodeJSON(v, &m); err != nil {
				return err
			}
			if m.State == motcua.ZaloFailed {
				st.Undeliverable++
			} else {
				st.Outbox++
			}
			return nil
		})
	})
	return st, err
}

// ZaloFollower returns what the server remembers of a follower.
func (c *Store) ZaloFollower(userID string) (motcua.ZaloFollower, error) {
	var f motcua.ZaloFollower
	err := c.db.View(func(tx kv.Tx) error { return boltkv.GetJSON(tx.Bucket(bZaloFollowers), []byte(userID), &f) })
	return f, err
}

// seenEvent records a webhook event's id; true when it was handled before.
func seenEvent(tx kv.Tx, eventID string, now time.Time) (bool, error) {
	if eventID == "" {
		return false, nil
	}
	b := tx.Bucket(bZaloEvents)
	if b.Get([]byte(eventID)) != nil {
		return true, nil
	}
	return false, b.Put([]byte(eventID), []byte(now.UTC().Format(time.RFC3339)))
}

// ZaloReply handles a follower's event answered by a text (a lookup): the
// event's id, the follower's memory (f, when not nil), the subscription to
// code's notifications (when subscribe is set) and the reply in the outbox
// commit together. dup is true, and nothing changes, for an event handled
// before.
func (c *Store) ZaloReply(eventID, userID, text string, f *motcua.ZaloFollower, subscribe string) (dup bool, err error) {
	now := c.Now()
	err = c.db.Update(func(tx kv.Tx) error {
		if dup, err = seenEvent(tx, eventID, now); err != nil || dup {
			return err
		}
		if f != nil {
			f.SeenAt = now
			if err := boltkv.PutJSON(tx.Bucket(bZaloFollowers), []byte(userID), f); err != nil {
				return err
			}
		}
		if subscribe != "" {
			if err := subscribeFollower(tx, subscribe, userID); err != nil {
				return err
			}
		}
		_, err := enqueue(tx, "e/"+eventID, userID, text, "", now)
		return err
	})
	return dup, err
}

// subscribeFollower records the follower's wish to hear about code, and
// counts the notice the dossier's present state calls for as given: they
// just read that state.
func subscribeFollower(tx kv.Tx, code, userID string) error {
	if err := tx.Bucket(bZaloSubs).Put(boltkv.JoinKey([]byte(code), []byte(userID)), nil); err != nil {
		return err
	}
	id := tx.Bucket(bCodes).Get([]byte(code))
	if id == nil {
		return nil
	}
	d, err := getDossier(tx, string(id))
	if err != nil || d == nil {
		return err
	}
	if _, key := motcua.NoticeOf(*d); key != "" {
		return tx.Bucket(bZaloKeys).Put([]byte("n/"+userID+"/"+key), []byte("seen"))
	}
	return nil
}

// ZaloAsk turns a follower's message into a question for a.Unit, by the
// same path as the public form's (the unit's hourly limit holds the rest
// for review), and queues the acknowledgement. dup is true, and nothing
// changes, for an event handled before.
func (c *Store) ZaloAsk(eventID, userID string, a motcua.AskArgs) (rec motcua.QuestionReceipt, dup bool, err error) {
	now := c.Now()
	a.Channel, a.ReceivedAt = motcua.AskZalo, now
	if a, err = motcua.ValidateAsk(a); err != nil {
		return rec, false, err
	}
	op, err := serverAskOp(a, now)
	if err != nil {
		return rec, false, err
	}
	err = c.db.Update(func(tx kv.Tx) error {
		if dup, err = seenEvent(tx, eventID, now); err != nil || dup {
			return err
		}
		u, err := getUnit(tx, a.Unit)
		if err != nil {
			return err
		}
		if u == nil {
			return errUnitUnknown(a.Unit)
		}
		if err := tx.Bucket(bZaloAsked).Put([]byte(op.QuestionID), []byte(userID)); err != nil {
			return err
		}
		var f motcua.ZaloFollower
		if err := boltkv.GetJSON(tx.Bucket(bZaloFollowers), []byte(userID), &f); err != nil {
			return err
		}
		f.Unit, f.Pending, f.SeenAt = a.Unit, "", now
		if err := boltkv.PutJSON(tx.Bucket(bZaloFollowers), []byte(userID), f); err != nil {
			return err
		}
		if _, err := enqueue(tx, "e/"+eventID, userID, motcua.ZaloAskedText(u.Name), "", now); err != nil {
			return err
		}
		rec, _, err = c.keepAsked(tx, op, now)
		return err
	})
	return rec, dup, err
}

// ZaloFindTail returns the codes, of any unit, whose printed tail is
// "-yyMMdd-NNNN" (what a follower reads off the receipt's big number).
func (c *Store) ZaloFindTail(tail string) ([]string, error) {
	var out []string
	err := c.db.View(func(tx kv.Tx) error {
		out = nil
		return tx.Bucket(bCodes).ForEach(func(k, _ []byte) error {
			if len(k) > len(tail) && string(k[len(k)-len(tail):]) == tail {
				out = append(out, string(k))
			}
			return nil
		})
	})
	return out, err
}

func decodeJSON(v []byte, out any) error {
	if err := json.Unmarshal(v, out); err != nil {
		return fmt.Errorf("decode zalo record: %w", err)
	}
	return nil
}

// ZaloEventMemory is how long an event's id is kept against a second
// delivery: Zalo retries an event for hours, never for days.
const ZaloEventMemory = 7 * 24 * time.Hour

// ZaloForgetEvents drops the ids of events handled before ZaloEventMemory
// ago (at 100,000 messages a day they would otherwise grow without end).
// It returns how many it dropped.
func (c *Store) ZaloForgetEvents() (int, error) {
	cutoff := c.Now().Add(-ZaloEventMemory)
	n := 0
	err := c.db.Update(func(tx kv.Tx) error {
		n = 0
		b := tx.Bucket(bZaloEvents)
		var old [][]byte
		err := b.ForEach(func(k, v []byte) error {
			if at, err := time.Parse(time.RFC3339, string(v)); err == nil && at.Before(cutoff) {
				old = append(old, append([]byte(nil), k...))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range old {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		n = len(old)
		return nil
	})
	return n, err
}
