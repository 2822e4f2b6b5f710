package central

import (
	"bytes"
	"encoding/json"
	"sort"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	"github.com/motcua/motcua/internal/kv"
)

// The citizen's side of the server (docs/DESIGN.md §10): the public address
// printed in QR codes, the units' contacts, the keyed lookup, questions
// about a dossier, ratings with the key, and the unit's protected inbox.

var (
	kPublicURL = []byte("public_url")
	// bQByDossier indexes public questions by the dossier they are about
	// (code, question id), for the thread on the lookup page.
	bQByDossier = []byte("c_q_by_dossier")
	// bHeld keeps the questions that came beyond a unit's hourly limit:
	// stored, not delivered, until an admin releases them.
	bHeld = []byte("c_held")
	// bInboxRate counts the public questions each unit took this hour.
	bInboxRate = []byte("c_inbox_rate")
)

// DefaultUnitInboxPerHour is how many public questions a unit's inbox takes
// in an hour before the rest are held for review.
const DefaultUnitInboxPerHour = 30

// SetPublicURL sets the address printed in QR codes ("" turns it off); the
// terminals pull it with their next page.
func (c *Store) SetPublicURL(u string) (string, error) {
	u, err := motcua.ValidatePublicURL(u)
	if err != nil {
		return "", err
	}
	return u, c.db.Update(func(tx kv.Tx) error {
		if err := tx.Bucket(bMeta).Put(kPublicURL, []byte(u)); err != nil {
			return err
		}
		// An empty change entry makes every unit's terminals pull a page
		// (which carries the address) without waiting for other news.
		return logAllUnits(tx, kindCalendar, "calendar")
	})
}

// PublicURL is the address printed in QR codes, "" when none.
func (c *Store) PublicURL() (string, error) {
	var u string
	err := c.db.View(func(tx kv.Tx) error { u = string(tx.Bucket(bMeta).Get(kPublicURL)); return nil })
	return u, err
}

// SetUnitContact sets a unit's public address, phone and opening hours.
func (c *Store) SetUnitContact(code string, p motcua.PublicInfo) (motcua.Unit, error) {
	var u motcua.Unit
	clean := func(s string) string { return motcua.SanitizeLine(s) }
	err := c.db.Update(func(tx kv.Tx) error {
		cur, err := getUnit(tx, code)
		if err != nil {
			return err
		}
		if cur == nil {
			return errUnitUnknown(code)
		}
		u = *cur
		u.Address, u.Phone, u.OpenHours = clean(p.Address), clean(p.Phone), clean(p.Hours)
		if err := boltkv.PutJSON(tx.Bucket(bUnits), []byte(code), u); err != nil {
			return err
		}
		return logChange(tx, code, kindCalendar, "calendar")
	})
	return u, err
}

// Unit returns a unit by code (ENOTFOUND when unknown).
func (c *Store) Unit(code string) (motcua.Unit, error) {
	var u *motcua.Unit
	err := c.db.View(func(tx kv.Tx) error { var err error; u, err = getUnit(tx, code); return err })
	if err == nil && u == nil {
		err = errUnitUnknown(code)
	}
	if err != nil {
		return motcua.Unit{}, err
	}
	return *u, nil
}

// publicInfo is what a unit's terminals are told with every pull page.
func publicInfo(tx kv.Tx, unit string) *motcua.PublicInfo {
	u, _ := getUnit(tx, unit)
	p := motcua.PublicInfo{URL: string(tx.Bucket(bMeta).Get(kPublicURL))}
	if u != nil {
		p.Address, p.Phone, p.Hours = u.Address, u.Phone, u.OpenHours
	}
	if p == (motcua.PublicInfo{}) {
		return nil
	}
	return &p
}

// CitizenLookup is the public lookup: the whole citizen view with the
// dossier's key, the key-less one without, and the same shape (Found
// false) for a code that does not exist. A malformed code is an EINVALID.
func (c *Store) CitizenLookup(code, key string) (motcua.CitizenView, error) {
	pc, err := motcua.ParseCode(code)
	if err != nil {
		return motcua.CitizenView{}, err
	}
	v := motcua.CitizenView{Code: pc.String()}
	err = c.db.View(func(tx kv.Tx) error {
		id := tx.Bucket(bCodes).Get([]byte(pc.String()))
		if id == nil {
			return nil
		}
		d, err := getDossier(tx, string(id))
		if err != nil || d == nil {
			return err
		}
		keyed := motcua.KeyMatches(d.KeyHash, key)
		v = motcua.CitizenViewOf(*d, keyed, c.Now())
		if !keyed {
			return nil
		}
		if u, err := getUnit(tx, d.Unit); err != nil {
			return err
		} else if u != nil {
			v.Unit = *u
		}
		v.Questions, err = dossierQuestions(tx, d.Code)
		return err
	})
	return v, err
}

func dossierQuestions(tx kv.Tx, code string) ([]motcua.Question, error) {
	var out []motcua.Question
	prefix := append([]byte(code), boltkv.Sep)
	cur := tx.Bucket(bQByDossier).Cursor()
	for k, _ := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = cur.Next() {
		id := string(k[len(prefix):])
		q, err := getQuestion(tx, id)
		if err != nil {
			return nil, err
		}
		if q == nil {
			if err := boltkv.GetJSON(tx.Bucket(bHeld), []byte(id), &q); err != nil {
				return nil, err
			}
		}
		if q != nil {
			out = append(out, *q)
		}
	}
	return out, nil
}

// keyedDossier returns the dossier of code when key opens it; otherwise an
// EFORBIDDEN that says nothing about whether the code exists.
func keyedDossier(tx kv.Tx, code, key string) (*motcua.Dossier, error) {
	pc, err := motcua.ParseCode(code)
	if err != nil {
		return nil, err
	}
	var d *motcua.Dossier
	if id := tx.Bucket(bCodes).Get([]byte(pc.String())); id != nil {
		if d, err = getDossier(tx, string(id)); err != nil {
			return nil, err
		}
	}
	if d == nil || !motcua.KeyMatches(d.KeyHash, key) {
		return nil, motcua.Errorf(motcua.EFORBIDDEN, "key_required", "key",
			"Cần khóa tra cứu đúng của hồ sơ (in trên giấy tiếp nhận).",
			"This needs the dossier's lookup key (printed on the receipt).")
	}
	return d, nil
}

// AddPublicQuestion puts a citizen's question in the unit's inbox; the
// unit's terminals receive it at their next pull. A question about a
// dossier needs the dossier's key (key), and its thread shows on the
// lookup page. Beyond the unit's hourly limit a question is held for
// review (Held true): kept, but not delivered until an admin releases it.
func (c *Store) AddPublicQuestion(pq motcua.PublicQuestion) (motcua.QuestionReceipt, error) {
	now := c.Now()
	if pc, err := motcua.ParseCode(pq.DossierCode); err == nil && pq.Unit == "" {
		pq.Unit = pc.Unit // a question about a dossier goes to the dossier's unit
	}
	args := pq.AskArgs(now)
	if pq.DossierCode == "" && pq.Key != "" {
		return motcua.QuestionReceipt{}, motcua.Errorf(motcua.EINVALID, "code_missing", "dossier_code", "Thiếu mã hồ sơ.", "The tracking code is missing.")
	}
	if _, err := motcua.ValidateAsk(args); err != nil {
		return motcua.QuestionReceipt{}, err
	}
	op, err := serverAskOp(args, now)
	if err != nil {
		return motcua.QuestionReceipt{}, err
	}
	var rec motcua.QuestionReceipt
	err = c.db.Update(func(tx kv.Tx) error {
		if args.DossierCode != "" {
			d, err := keyedDossier(tx, args.DossierCode, pq.Key)
			if err != nil {
				return err
			}
			args.Unit = d.Unit
			if op.Args, err = json.Marshal(args); err != nil {
				return err
			}
		}
		if u, err := getUnit(tx, args.Unit); err != nil {
			return err
		} else if u == nil {
			return errUnitUnknown(args.Unit)
		}
		var q motcua.Question
		var err error
		if rec, q, err = c.keepAsked(tx, op, now); err != nil || q.DossierCode == "" {
			return err
		}
		return tx.Bucket(bQByDossier).Put(boltkv.JoinKey([]byte(q.DossierCode), []byte(q.ID)), nil)
	})
	return rec, err
}

// serverAskOp is the op of a question the server takes itself (the public
// form, the Zalo OA).
func serverAskOp(args motcua.AskArgs, now time.Time) (motcua.Op, error) {
	op, err := motcua.NewOp(motcua.OpAsk, "", args)
	if err != nil {
		return op, err
	}
	op.ID, op.QuestionID, op.ClientTime, op.Role = motcua.NewID(now), motcua.NewID(now), now, motcua.RoleServer
	return op, nil
}

// keepAsked stores the question op asks: in the unit's inbox, or held for
// review beyond the unit's hourly limit (the receipt says Held).
func (c *Store) keepAsked(tx kv.Tx, op motcua.Op, now time.Time) (motcua.QuestionReceipt, motcua.Question, error) {
	q, res := motcua.ApplyQuestion(nil, op)
	if res.Status != motcua.Applied {
		return motcua.QuestionReceipt{}, q, &motcua.Error{Code: motcua.EINVALID, Reason: res.Reason, VI: res.MessageVI, EN: res.MessageEN}
	}
	rec := motcua.QuestionReceipt{ID: q.ID, ReceivedAt: q.ReceivedAt}
	over, err := c.inboxFull(tx, q.Unit, now)
	if err != nil {
		return rec, q, err
	}
	if over {
		rec.Held = true
		return rec, q, boltkv.PutJSON(tx.Bucket(bHeld), []byte(q.ID), q)
	}
	return rec, q, putQuestion(tx, q)
}

type inboxWindow struct {
	Hour time.Time `json:"hour"`
	N    int       `json:"n"`
}

// inboxFull counts a new public question against the unit's hourly limit.
func (c *Store) inboxFull(tx kv.Tx, unit string, now time.Time) (bool, error) {
	limit := c.UnitInboxPerHour
	if limit <= 0 {
		limit = DefaultUnitInboxPerHour
	}
	var w inboxWindow
	b := tx.Bucket(bInboxRate)
	if err := boltkv.GetJSON(b, []byte(unit), &w); err != nil {
		return false, err
	}
	hour := now.Truncate(time.Hour)
	if !w.Hour.Equal(hour) {
		w = inboxWindow{Hour: hour}
	}
	w.N++
	return w.N > limit, boltkv.PutJSON(b, []byte(unit), w)
}

// HeldQuestions lists the questions held for review, of a unit ("" = all),
// oldest first.
func (c *Store) HeldQuestions(unit string) ([]motcua.Question, error) {
	var out []motcua.Question
	err := c.db.View(func(tx kv.Tx) (err error) {
		out, err = boltkv.Records(tx.Bucket(bHeld), func(q *motcua.Question) bool { return unit == "" || q.Unit == unit })
		return err
	})
	// Oldest first, as they came: ids made in the same millisecond do not
	// sort by time, and a reviewer reads a burst in its order.
	sort.SliceStable(out, func(i, j int) bool { return out[i].ReceivedAt.Before(out[j].ReceivedAt) })
	return out, err
}

// ReleaseHeld delivers a held question to its unit's terminals, or with
// drop discards it (spam); either way it leaves the review list.
func (c *Store) ReleaseHeld(id string, drop bool) error {
	return c.db.Update(func(tx kv.Tx) error {
		var q *motcua.Question
		if err := boltkv.GetJSON(tx.Bucket(bHeld), []byte(id), &q); err != nil {
			return err
		}
		if q == nil {
			return motcua.Errorf(motcua.ENOTFOUND, "question_not_found", "id", "Không có câu hỏi đang giữ mã %s.", "No held question %s.", id)
		}
		if err := tx.Bucket(bHeld).Delete([]byte(id)); err != nil {
			return err
		}
		if drop {
			if q.DossierCode != "" {
				return tx.Bucket(bQByDossier).Delete(boltkv.JoinKey([]byte(q.DossierCode), []byte(q.ID)))
			}
			return nil
		}
		return putQuestion(tx, *q)
	})
}
