package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// The terminal side of sync (docs/DESIGN.md §3–§4). The client builds a batch
// from the outbox (SyncBatch), sends it, and records the answer with
// ApplySync: the acknowledgements (ops move from outbox to acked, results
// worth the officer's attention are kept), the pulled page re-based under
// the still unsent ops, the new cursor and the lane, all in one transaction.
//
// Buckets and meta keys added here (created on first use):
//
//	meta
//	  last_sync     i64     local time of the last complete exchange, ns
//	  sync_stopped  string  why syncing must not resume by itself (revoked, terminal_fork, upgrade_required, unauthorized)
//	  reset_active  u64     1 while a reset pull is in progress
//	acked           seq u64 → json ackRecord: the op, its digest, when acknowledged (kept 30 days: re-push after a server restore)
//	parked          dossier id → json motcua.Dossier: a reception the server refused, kept for the officer to redo
//	reset_seen      id → ∅ (dossiers and questions a reset pull delivered; the rest is swept at its end)

var (
	ksLastSync    = []byte("last_sync")
	ksSyncStopped = []byte("sync_stopped")
	ksResetActive = []byte("reset_active")
)

// AckRetention is how long acknowledged ops are kept for re-push.
const AckRetention = 30 * 24 * time.Hour

// ackRecord is an acknowledged op, kept so that a server restored from a
// backup can be re-filled.
type ackRecord struct {
	Op      motcua.Op      `json:"op"`
	Digest  string         `json:"digest"`
	AckedAt time.Time      `json:"acked_at"`
	Result  *motcua.Result `json:"result,omitempty"` // the server's verdict, when the answer carried it
}

// AckedOp is an acknowledged op with the server's verdict, as this terminal
// recorded it (the fault harness checks every op has exactly one).
type AckedOp struct {
	Op      motcua.Op
	Digest  string
	AckedAt time.Time
	Result  *motcua.Result
}

// Acked lists the retained acknowledged ops from seq from on, at most limit.
func (s *Store) Acked(from uint64, limit int) ([]AckedOp, error) {
	var out []AckedOp
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bAcked).Cursor()
		for k, v := c.Seek(boltkv.U64(from)); k != nil && len(out) < limit; k, v = c.Next() {
			var r ackRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("decode acked op %d: %w", boltkv.Be64(k), err)
			}
			out = append(out, AckedOp(r))
		}
		return nil
	})
	return out, err
}

// SyncMeta reads the sync state in one read transaction.
func (s *Store) SyncMeta() (motcua.SyncMeta, error) {
	var m motcua.SyncMeta
	err := s.db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		if err := boltkv.GetJSON(meta, kTerminal, &m.Terminal); err != nil {
			return err
		}
		m.LastSeq, m.AckedSeq = boltkv.GetU64(meta, kLastSeq), boltkv.GetU64(meta, kAckedSeq)
		m.Cursor = string(meta.Get(kPullCursor))
		m.Resetting = boltkv.GetU64(meta, ksResetActive) == 1
		m.Stopped = string(meta.Get(ksSyncStopped))
		if ns := boltkv.GetU64(meta, ksLastSync); ns != 0 {
			m.LastSync = time.Unix(0, int64(ns))
		}
		return nil
	})
	return m, err
}

// ErrRepushGone is returned when the server asks for ops this terminal no
// longer keeps (acknowledged more than AckRetention ago).
var ErrRepushGone = &motcua.Error{Code: motcua.EINTERNAL, Reason: "repush_gone",
	VI: "Máy chủ yêu cầu gửi lại các thao tác đã xóa khỏi máy (quá 30 ngày). Hãy báo quản trị.",
	EN: "The server asks for ops this terminal no longer keeps (older than 30 days). Tell the administrator."}

// SyncBatch returns up to limit ops starting at seq from: the retained
// acknowledged ops first when from ≤ acked_seq (the server lost them), then
// the outbox. Ops are returned exactly as stored, so a resend hashes alike.
func (s *Store) SyncBatch(from uint64, limit int) ([]motcua.Op, error) {
	var ops []motcua.Op
	err := s.db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		acked := boltkv.GetU64(meta, kAckedSeq)
		if from == 0 {
			from = acked + 1
		}
		seq := from
		for ; seq <= acked && len(ops) < limit; seq++ {
			v := tx.Bucket(bAcked).Get(boltkv.U64(seq))
			if v == nil {
				return ErrRepushGone
			}
			var r ackRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("decode acked op %d: %w", seq, err)
			}
			ops = append(ops, r.Op)
		}
		c := tx.Bucket(bOutbox).Cursor()
		for k, v := c.Seek(boltkv.U64(seq)); k != nil && len(ops) < limit; k, v = c.Next() {
			var op motcua.Op
			if err := json.Unmarshal(v, &op); err != nil {
				return fmt.Errorf("decode op %d: %w", boltkv.Be64(k), err)
			}
			ops = append(ops, op)
		}
		return nil
	})
	return ops, err
}

// LocalNow is the local clock (Now), uncorrected: the syncer times its
// round trips with it.
func (s *Store) LocalNow() time.Time { return s.Now() }

// ApplySync records a sync response in one transaction: acknowledgements,
// results, the pulled page (each snapshot with the unsent ops replayed on
// top), the cursor, the lane and the time of the exchange.
func (s *Store) ApplySync(resp motcua.SyncResponse) (motcua.SyncApplied, error) {
	out := motcua.SyncApplied{Results: map[motcua.ResultStatus]int{}, HasMore: resp.Pull.HasMore, Reset: resp.Pull.Reset}
	now := s.Now()
	err := s.db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		var info motcua.TerminalInfo
		if err := boltkv.GetJSON(meta, kTerminal, &info); err != nil {
			return err
		}
		if err := s.recordAcks(tx, resp, now, &out); err != nil {
			return err
		}
		if err := s.applyPage(tx, info, resp.Pull, &out); err != nil {
			return err
		}
		if len(resp.Lanes) > 0 && resp.Lanes[0].Validate() == nil {
			if err := boltkv.PutJSON(meta, kLane, resp.Lanes[0]); err != nil {
				return err
			}
		}
		if err := meta.Put(ksSyncStopped, nil); err != nil {
			return err
		}
		if !resp.Pull.HasMore {
			if err := boltkv.PutU64(meta, ksLastSync, uint64(now.UnixNano())); err != nil {
				return err
			}
		}
		return trimAcked(tx, now)
	})
	if err == nil && out.Reference {
		err = s.db.View(s.loadReference)
	}
	return out, err
}

// recordAcks moves acknowledged ops from the outbox to acked and keeps the
// results the officer must see. A refused reception is parked: its dossier
// leaves the list (the server has no such dossier, and its code may belong
// to another) but stays readable for the officer to redo.
func (s *Store) recordAcks(tx *bolt.Tx, resp motcua.SyncResponse, now time.Time, out *motcua.SyncApplied) error {
	meta := tx.Bucket(bMeta)
	prevAcked, last := boltkv.GetU64(meta, kAckedSeq), boltkv.GetU64(meta, kLastSeq)
	upto := resp.LastAppliedSeq
	if upto > last {
		out.ServerAhead = true
		upto = last
	}
	// Words from the network reach the officer's screen: no escapes.
	opResults := resp.OpResults()
	clean := make([]motcua.Result, len(opResults))
	for i, r := range opResults {
		r.MessageVI, r.MessageEN, r.Reason = motcua.SanitizeLine(r.MessageVI), motcua.SanitizeLine(r.MessageEN), motcua.SanitizeLine(r.Reason)
		clean[i] = r
	}
	if err := redecided(tx, clean, prevAcked); err != nil {
		return err
	}
	if upto <= prevAcked {
		out.AckedSeq = prevAcked
		return nil
	}
	results := make(map[uint64]motcua.Result, len(clean))
	for _, r := range clean {
		results[r.Seq] = r
	}
	outbox := tx.Bucket(bOutbox)
	for seq := prevAcked + 1; seq <= upto; seq++ {
		v := outbox.Get(boltkv.U64(seq))
		if v == nil {
			continue
		}
		var op motcua.Op
		if err := json.Unmarshal(v, &op); err != nil {
			return fmt.Errorf("decode op %d: %w", seq, err)
		}
		// An op is acknowledged only with its verdict: the officer must see
		// every conflict. A seq the answer does not cover (or covers with
		// another op's id) stays in the outbox and is sent again.
		r, ok := results[seq]
		if !ok || (r.OpID != "" && r.OpID != op.ID) {
			upto = seq - 1
			break
		}
		r.FillIDs(op) // a verdict carries no ids
		if err := ack(tx, seq, op, r, now, out); err != nil {
			return err
		}
	}
	out.AckedSeq = max(prevAcked, upto)
	return boltkv.PutU64(meta, kAckedSeq, out.AckedSeq)
}

// redecided: ops re-pushed to a server restored from a backup were decided
// again, maybe otherwise (another terminal's op came first this time): the
// officer sees the server's result now, not the one from before.
func redecided(tx *bolt.Tx, results []motcua.Result, prevAcked uint64) error {
	for _, r := range results {
		if r.Seq == 0 || r.Seq > prevAcked || r.Reason == "already_acknowledged" {
			continue
		}
		var rec ackRecord
		if err := boltkv.GetJSON(tx.Bucket(bAcked), boltkv.U64(r.Seq), &rec); err != nil {
			return err
		}
		r.FillIDs(rec.Op) // a verdict carries no ids
		if err := tx.Bucket(bResults).Delete(boltkv.U64(r.Seq)); err != nil {
			return err
		}
		if err := keepResult(tx, r); err != nil {
			return err
		}
	}
	return nil
}

// ack moves op (at seq) from the outbox to the acknowledged ops with its verdict r,
// keeps the result the officer must see, and parks a refused reception.
func ack(tx *bolt.Tx, seq uint64, op motcua.Op, r motcua.Result, now time.Time, out *motcua.SyncApplied) error {
	rec := ackRecord{Op: op, Digest: op.Hash(), AckedAt: now, Result: &r}
	if err := boltkv.PutJSON(tx.Bucket(bAcked), boltkv.U64(seq), rec); err != nil {
		return err
	}
	if err := tx.Bucket(bOutbox).Delete(boltkv.U64(seq)); err != nil {
		return err
	}
	if err := unindexUnsent(tx, op); err != nil { // outbox_index.go
		return err
	}
	out.Acked++
	out.Results[r.Status]++
	if err := keepResult(tx, r); err != nil {
		return err
	}
	if r.Status == motcua.Rejected && op.Kind == motcua.OpReceive {
		if err := parkDossier(tx, op.DossierID); err != nil {
			return err
		}
		out.Parked++
	}
	return nil
}

// keepResult keeps a result the officer must see: a possible duplicate is
// a review item, never merged, kept with the conflicts; putResult keeps
// the conflicts and rejections.
func keepResult(tx *bolt.Tx, r motcua.Result) error {
	if r.Status == motcua.Applied && r.Reason == "possible_duplicate" {
		return boltkv.PutJSON(tx.Bucket(bResults), boltkv.U64(r.Seq), r)
	}
	return putResult(tx, r)
}

func parkDossier(tx *bolt.Tx, id string) error {
	d, err := getDossier(tx, id)
	if err != nil || d == nil {
		return err
	}
	rec, err := encodeDossier(d)
	if err != nil {
		return err
	}
	if err := tx.Bucket(bParked).Put([]byte(id), rec); err != nil {
		return err
	}
	return deleteDossier(tx, d)
}

func deleteDossier(tx *bolt.Tx, d *motcua.Dossier) error {
	if err := unindex(tx, d); err != nil {
		return err
	}
	return tx.Bucket(bDossiers).Delete([]byte(d.ID))
}

// applyPage stores the pulled snapshots. The server is authoritative, and
// the officer's unsent work is replayed on top of each snapshot with the same
// Apply the server will use, so nothing typed on this laptop disappears.
func (s *Store) applyPage(tx *bolt.Tx, info motcua.TerminalInfo, page motcua.PullPage, out *motcua.SyncApplied) error {
	meta := tx.Bucket(bMeta)
	if page.Reset {
		if err := emptyBucket(tx, bResetSeen); err != nil {
			return err
		}
		if err := boltkv.PutU64(meta, ksResetActive, 1); err != nil {
			return err
		}
	}
	resetting := boltkv.GetU64(meta, ksResetActive) == 1
	out.Reset = out.Reset || resetting
	var seen *bolt.Bucket // the records this reset delivered, only while one runs
	if resetting {
		seen = tx.Bucket(bResetSeen)
	}
	var unsent map[string][]motcua.Op
	if len(page.Dossiers)+len(page.Questions) > 0 {
		var err error
		if unsent, err = unsentFor(tx, pageRecords(page)); err != nil { // outbox_index.go
			return err
		}
	}
	if err := pullRecords(tx, info, page, unsent, seen, out); err != nil {
		return err
	}
	if err := pullReference(tx, page, out); err != nil {
		return err
	}
	if err := pullCounterRecords(tx, info, page.CounterRecords); err != nil { // counter_record.go
		return err
	}
	if err := meta.Put(kPullCursor, []byte(page.Cursor)); err != nil {
		return err
	}
	if resetting && !page.HasMore {
		n, err := sweepAfterReset(tx, seen)
		if err != nil {
			return err
		}
		out.Swept = n
		if err := emptyBucket(tx, bResetSeen); err != nil {
			return err
		}
		return meta.Delete(ksResetActive)
	}
	return nil
}

// pullRecords stores the page's dossiers and questions of this unit, each
// with the unsent ops replayed on top, and marks them seen during a reset.
func pullRecords(tx *bolt.Tx, info motcua.TerminalInfo, page motcua.PullPage, unsent map[string][]motcua.Op,
	seen *bolt.Bucket, out *motcua.SyncApplied) error {
	markSeen := func(id string) error {
		if seen == nil {
			return nil
		}
		return seen.Put([]byte(id), []byte{1})
	}
	for i := range page.Dossiers {
		d := page.Dossiers[i]
		if d.Unit != info.Unit || !motcua.ValidID(d.ID) {
			continue // never another unit's data, whatever a server sends
		}
		old, err := getDossier(tx, d.ID)
		if err != nil {
			return err
		}
		next := d
		for _, op := range unsent[d.ID] {
			if n, r := motcua.Apply(&next, op); r.Status == motcua.Applied || r.Status == motcua.Conflicted {
				next = n
			}
		}
		if err := putDossier(tx, old, &next); err != nil {
			return err
		}
		if err := markSeen(d.ID); err != nil {
			return err
		}
		out.Dossiers++
	}
	for i := range page.Questions {
		q := page.Questions[i]
		if q.Unit != info.Unit || !motcua.ValidID(q.ID) {
			continue
		}
		next := q
		for _, op := range unsent[q.ID] {
			if n, r := motcua.ApplyQuestion(&next, op); r.Status == motcua.Applied {
				next = n
			}
		}
		if err := putQuestion(tx, next); err != nil {
			return err
		}
		if err := markSeen(q.ID); err != nil {
			return err
		}
		out.Questions++
	}
	return nil
}

// pullReference stores a pulled catalog (when it is a valid one), the
// calendar and the unit's public address and contacts.
func pullReference(tx *bolt.Tx, page motcua.PullPage, out *motcua.SyncApplied) error {
	if page.Catalog != nil {
		if _, err := motcua.NewCatalog(page.Catalog); err == nil {
			if err := replaceCatalog(tx, page.Catalog); err != nil {
				return err
			}
			out.Reference = true
		}
	}
	if page.Calendar != nil {
		if err := boltkv.PutJSON(tx.Bucket(bCalendar), kCalendar, *page.Calendar); err != nil {
			return err
		}
		out.Reference = true
	}
	return putPublicInfo(tx, page.Public)
}

func replaceCatalog(tx *bolt.Tx, procs []motcua.Procedure) error {
	if err := tx.DeleteBucket(bCatalog); err != nil {
		return err
	}
	if _, err := tx.CreateBucket(bCatalog); err != nil {
		return err
	}
	return putCatalog(tx, procs)
}

// emptyBucket deletes every key of a registry bucket (by deleting and
// creating it again: one step, whatever its size).
func emptyBucket(tx *bolt.Tx, name []byte) error {
	if err := tx.DeleteBucket(name); err != nil && !errors.Is(err, berrors.ErrBucketNotFound) {
		return err
	}
	_, err := tx.CreateBucket(name)
	return err
}

// sweepAfterReset removes what the server no longer has, except what an
// unsent op still acts on: that is the officer's work and goes up next.
func sweepAfterReset(tx *bolt.Tx, seen *bolt.Bucket) (int, error) {
	var gone []*motcua.Dossier
	err := tx.Bucket(bDossiers).ForEach(func(k, v []byte) error {
		if seen.Get(k) != nil || hasUnsent(tx, string(k)) {
			return nil
		}
		var d motcua.Dossier
		if err := decodeDossier(v, &d); err != nil {
			return err
		}
		gone = append(gone, &d)
		return nil
	})
	if err != nil {
		return 0, err
	}
	for _, d := range gone {
		if err := deleteDossier(tx, d); err != nil {
			return 0, err
		}
	}
	var qs [][]byte
	err = tx.Bucket(bQuestions).ForEach(func(k, _ []byte) error {
		if seen.Get(k) == nil && !hasUnsent(tx, string(k)) {
			qs = append(qs, append([]byte(nil), k...))
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for _, k := range qs {
		if err := tx.Bucket(bQuestions).Delete(k); err != nil {
			return 0, err
		}
	}
	return len(gone) + len(qs), nil
}

// trimAcked forgets acknowledged ops older than AckRetention.
func trimAcked(tx *bolt.Tx, now time.Time) error {
	c := tx.Bucket(bAcked).Cursor()
	for k, v := c.First(); k != nil; k, v = c.First() {
		var r ackRecord
		if err := json.Unmarshal(v, &r); err == nil && now.Sub(r.AckedAt) < AckRetention {
			return nil
		}
		if err := c.Delete(); err != nil {
			return err
		}
	}
	return nil
}

// SetClockOffset records server time − local time, measured at a sync; the
// store adds it to the laptop clock when it stamps ops and issues codes.
func (s *Store) SetClockOffset(d time.Duration) error {
	return s.db.Update(func(tx *bolt.Tx) error { return boltkv.PutU64(tx.Bucket(bMeta), kClockOffset, uint64(int64(d))) })
}

// StopSync records why syncing must not resume by itself (the server said
// revoked, terminal_fork, upgrade_required or unauthorized). A fork also
// ends the lane lease at once: this copy of the data must not issue codes
// that the other copy may issue too.
func (s *Store) StopSync(reason string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		if reason == motcua.ErrTerminalFork {
			lane := motcua.StandaloneLane()
			if err := boltkv.GetJSON(meta, kLane, &lane); err != nil {
				return err
			}
			if lane.ExpiresAt.IsZero() || lane.ExpiresAt.After(s.correctedNow(meta)) {
				lane.ExpiresAt = s.correctedNow(meta)
				if err := boltkv.PutJSON(meta, kLane, lane); err != nil {
					return err
				}
			}
		}
		return meta.Put(ksSyncStopped, []byte(reason))
	})
}

// ResumeSync forgets why syncing stopped: the officer asks to try again
// (after an admin released the terminal, or to see whether it still is
// revoked). The server's answer stops it again if nothing changed.
func (s *Store) ResumeSync() error {
	return s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bMeta).Delete(ksSyncStopped) })
}

// Enrollment is what SetEnrollment records: the server's answer to
// POST /v1/enroll and where the server is.
type Enrollment struct {
	Server   string
	Response motcua.EnrollResponse
	Officer  string // required when the store was never initialised
	// InstallNonce is the nonce sent with the enrollment request, used when
	// the store was never initialised (it then has none of its own).
	InstallNonce string
}

// SetEnrollment makes this store the terminal the server enrolled: its id,
// token (the file is 0600), role, unit and first lane. A store that already
// holds dossiers keeps them and must be of the same unit; its unsent ops
// (a standalone terminal's work) are pushed at the next sync.
func (s *Store) SetEnrollment(e Enrollment) (motcua.TerminalInfo, error) {
	r := e.Response
	if !motcua.ValidID(r.TerminalID) || r.Token == "" || !r.Role.Valid() {
		return motcua.TerminalInfo{}, motcua.Errorf(motcua.EINVALID, "enroll_response", "", "Máy chủ trả lời đăng ký không hợp lệ.", "The server's enrollment answer is malformed.")
	}
	if err := motcua.ValidateUnitCode(r.Unit); err != nil {
		return motcua.TerminalInfo{}, err
	}
	var info motcua.TerminalInfo
	err := s.db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		if err := boltkv.GetJSON(meta, kTerminal, &info); err != nil {
			return err
		}
		if info.Unit != "" && info.Unit != r.Unit && hasKeys(tx.Bucket(bDossiers)) {
			return motcua.Errorf(motcua.EINVALID, "unit_change", "unit",
				"Máy đang giữ hồ sơ của đơn vị %s nhưng mã đăng ký là của đơn vị %s.",
				"This terminal holds dossiers of unit %s but the enrollment code is for unit %s.", info.Unit, r.Unit)
		}
		now := s.Now()
		if info.InstallNonce == "" {
			if !motcua.ValidID(e.InstallNonce) {
				return motcua.Errorf(motcua.EINVALID, "install_nonce", "", "Thiếu mã cài đặt của máy.", "The install nonce is missing.")
			}
			info.InstallNonce, info.CreatedAt = e.InstallNonce, now
			if err := boltkv.PutJSON(meta, kLane, motcua.StandaloneLane()); err != nil {
				return err
			}
		}
		if info.Officer == "" {
			off, err := motcua.ValidateName(e.Officer)
			if err != nil {
				return err
			}
			info.Officer = off
		}
		if info.Unit != r.Unit {
			if err := meta.Delete(kPullCursor); err != nil {
				return err
			}
		}
		info.ID, info.Unit, info.Role, info.Server, info.Token = r.TerminalID, r.Unit, r.Role, e.Server, r.Token
		if r.UnitName != "" {
			info.UnitName = motcua.CleanName(r.UnitName)
		}
		if err := boltkv.PutJSON(meta, kTerminal, info); err != nil {
			return err
		}
		if len(r.Lanes) > 0 {
			if err := r.Lanes[0].Validate(); err != nil {
				return err
			}
			if err := boltkv.PutJSON(meta, kLane, r.Lanes[0]); err != nil {
				return err
			}
		}
		if !r.ServerTime.IsZero() {
			if err := boltkv.PutU64(meta, kClockOffset, uint64(int64(r.ServerTime.Sub(now)))); err != nil {
				return err
			}
		}
		return meta.Delete(ksSyncStopped)
	})
	return info, err
}

// SyncState is the status bar's view of the outbox, from the store alone;
// the syncer adds what it knows of the link.
func (s *Store) SyncState() (motcua.SyncState, error) {
	q, err := s.Queue()
	if err != nil {
		return motcua.SyncState{}, err
	}
	m, err := s.SyncMeta()
	if err != nil {
		return motcua.SyncState{}, err
	}
	return motcua.SyncState{Enrolled: m.Terminal.Enrolled(), Waiting: q.Waiting, OldestWaiting: q.OldestWaiting,
		LastSync: m.LastSync, Conflicts: q.Results, Stopped: m.Stopped != ""}, nil
}

// Parked lists the receptions the server refused, for the officer to redo.
func (s *Store) Parked() ([]motcua.Dossier, error) {
	var out []motcua.Dossier
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bParked)
		if b == nil {
			return nil
		}
		return b.ForEach(func(_, v []byte) error {
			var d motcua.Dossier
			if err := decodeDossier(v, &d); err != nil {
				return err
			}
			out = append(out, d)
			return nil
		})
	})
	return out, err
}

// DismissParked forgets a parked reception the officer has redone.
func (s *Store) DismissParked(id string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bParked); b != nil {
			return b.Delete([]byte(id))
		}
		return nil
	})
}
