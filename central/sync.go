package central

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	"github.com/motcua/motcua/internal/kv"
)

// appliedOp is what the server keeps of each op it decided: its hash (to
// detect a forked terminal), the hash of its body without the seq (to spot
// the same op re-pushed under a new identity), and its result (returned
// again when the op is re-sent).
type appliedOp struct {
	Hash     string        `json:"hash"`
	BodyHash string        `json:"body_hash"`
	Result   motcua.Result `json:"result"`
}

func bodyHash(op motcua.Op) string {
	op.Seq = 0
	return op.Hash()
}

// opHashes are a batch's ops' hashes (Op.Hash, bodyHash), by position in
// the batch. They depend on the ops alone, so Sync computes them before
// the request queues for the writer: time in the writer is what every
// sync of the group waits on, and a sixth of it was these (a JSON
// encoding and a SHA-256 each, twice per op).
type opHashes struct{ hash, body []string }

func hashOps(ops []motcua.Op) opHashes {
	h := opHashes{hash: make([]string, len(ops)), body: make([]string, len(ops))}
	for i, op := range ops {
		h.hash[i], h.body[i] = op.Hash(), bodyHash(op)
	}
	return h
}

func appliedKey(terminal string, seq uint64) []byte {
	return append(append([]byte(terminal), boltkv.Sep), boltkv.U64(seq)...)
}

// Change kinds in the change log.
const (
	kindDossier  byte = 'd'
	kindQuestion byte = 'q'
	kindCatalog  byte = 'c'
	kindCalendar byte = 'k'
)

type changeEntry struct {
	Kind byte   `json:"k"`
	ID   string `json:"id"`
	Tag  string `json:"t"` // random: a cursor names seq and tag, so a restored file's reused seqs are not mistaken for it
	// By is the terminal whose ops, applied exactly as it sent them, made
	// this change ("" for anything else: another kind of write, a conflict,
	// a rejection, a note the server added). Its pull leaves the snapshot
	// out: it already holds that state (pull.go, echoes).
	By string `json:"b,omitempty"`
}

func latestKey(unit string, kind byte, id string) []byte {
	return append(append([]byte(unit), boltkv.Sep, kind, boltkv.Sep), id...)
}

// logChange appends an entry to the unit's change log and makes it the one
// that carries the record's latest snapshot.
func logChange(tx kv.Tx, unit string, kind byte, id string) error {
	return logChangeBy(tx, unit, kind, id, "")
}

// logChangeBy is logChange for a change made by terminal by's ops exactly
// as it sent them.
func logChangeBy(tx kv.Tx, unit string, kind byte, id, by string) error {
	ub, err := tx.Bucket(bChanges).CreateBucketIfNotExists([]byte(unit))
	if err != nil {
		return err
	}
	seq, err := ub.NextSequence()
	if err != nil {
		return err
	}
	var tag [4]byte
	_, _ = rand.Read(tag[:])
	e := changeEntry{Kind: kind, ID: id, Tag: hex.EncodeToString(tag[:]), By: by}
	buf, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if err := ub.Put(boltkv.U64(seq), buf); err != nil {
		return err
	}
	noteChange(tx, unit, seq, e)
	return tx.Bucket(bLatest).Put(latestKey(unit, kind, id), boltkv.U64(seq))
}

// Sync decides a terminal's batch and returns the acknowledgement and the
// next pull page. The ops' effects, last_applied_seq, the op hashes and the
// results commit in one transaction. Errors: *motcua.GapError (resend from
// Expected), ECONFLICT terminal_fork (the terminal is quarantined),
// EFORBIDDEN revoked or another terminal's id, EUNAUTHORIZED unknown
// terminal, EINVALID a malformed batch.
func (c *Store) Sync(terminalID string, req motcua.SyncRequest) (motcua.RawSyncResponse, error) {
	if err := validateBatch(req); err != nil {
		return motcua.RawSyncResponse{}, err
	}
	now, hashes := c.Now(), hashOps(req.Ops)
	// The request shares a commit (one fsync) with whatever other requests
	// wait meanwhile, which is what lets one bbolt file serve hundreds of
	// terminals. The function may run more than once (when another member
	// of its group fails), so each run starts a fresh round; and a round
	// refuses (gap, revoked, …) before writing anything, returning nil, so
	// that a refusal never costs the others their commit.
	var r *syncRound
	gen, err := c.group(func(tx kv.Tx) error {
		r = &syncRound{c: c, tx: tx, req: req, hashes: hashes, now: now, counts: motcua.SyncCounts{Decided: map[motcua.ResultStatus]int{}}}
		return r.run(terminalID)
	}, c.syncWants(terminalID, req))
	if err == nil {
		err = r.refuse
	}
	if err != nil {
		return motcua.RawSyncResponse{}, err
	}
	if r.forked {
		return motcua.RawSyncResponse{}, errForked
	}
	echoesOf := "" // whose own writes the page leaves out
	if req.Schema >= motcua.CompactSchema && !req.Pull.Full && r.last <= sentUpTo(req) {
		echoesOf = r.t.ID
	}
	if r.resp.Pull, r.resp.Counts.Echoes, err = c.pull(r.t.Unit, echoesOf, req.Pull, r.reset, gen); err != nil {
		return motcua.RawSyncResponse{}, err
	}
	return r.resp, nil
}

// syncRound is one run of a Sync inside its group's write transaction.
type syncRound struct {
	c      *Store
	tx     kv.Tx
	req    motcua.SyncRequest
	hashes opHashes
	now    time.Time

	t       *terminal
	last    uint64 // the terminal's last applied seq, as the round goes
	results []motcua.Result
	counts  motcua.SyncCounts
	echo    *echoes
	resp    motcua.RawSyncResponse
	forked  bool  // a copied data file: the terminal is quarantined
	reset   bool  // the server was restored: the pull starts over
	refuse  error // an answer that is not a failure of the transaction
}

// run takes the round's steps: who is asking, where its batch starts, the
// ops already decided (their stored results), the new ones (decided now),
// then the terminal's record.
func (r *syncRound) run(terminalID string) error {
	if ok, err := r.admit(terminalID); !ok || err != nil {
		return err
	}
	if r.gap() {
		return nil
	}
	holdUntil, err := r.holdWindow()
	if err != nil {
		return err
	}
	if err := r.answerResent(); err != nil || r.forked {
		return err
	}
	if err := r.decideNew(holdUntil); err != nil {
		return err
	}
	if err := r.addStoredResults(); err != nil {
		return err
	}
	return r.finish()
}

// admit finds the terminal and refuses an unknown, revoked, mismatched or
// quarantined one; a second install under its identity quarantines it.
func (r *syncRound) admit(terminalID string) (bool, error) {
	t, err := getTerminal(r.tx, terminalID)
	if err != nil {
		return false, err
	}
	switch {
	case t == nil:
		r.refuse = errUnauthorized
		return false, nil
	case t.Revoked():
		r.refuse = errRevoked
		return false, nil
	case r.req.TerminalID != t.ID:
		r.refuse = motcua.Errorf(motcua.EFORBIDDEN, "terminal_mismatch", "terminal_id",
			"Yêu cầu mang danh tính của máy khác.", "The request names another terminal.")
		return false, nil
	case t.Quarantined:
		r.forked = true
		return false, nil
	case r.req.InstallNonce != t.InstallNonce:
		r.forked = true
		t.Quarantined, t.QuarantineReason = true, "install_nonce"
		return false, putTerminal(r.tx, t)
	}
	r.t, r.last = t, t.LastAppliedSeq
	noteUnit(r.tx, t.Unit) // its pull may read the unit's tail: the group checks it
	return true, nil
}

// gap refuses a batch that starts after the next seq. A terminal that saw
// acknowledgements this file does not hold, after the admin restored the
// file from a backup (restore.go), must re-push, and its copy is refreshed
// from scratch. Without such a restore the server does not take the
// terminal's word for it: that terminal alone is answered ahead_of_server
// (the server was restored behind the admin's back, or the terminal's file
// is not the one that synced), and nothing changes for any other.
func (r *syncRound) gap() bool {
	if r.req.AckedSeq > r.last && !restoredLately(r.tx, r.now) {
		r.refuse = errAheadOfServer(r.req.AckedSeq, r.last)
		return true
	}
	r.reset = r.req.AckedSeq > r.last
	ops := r.req.Ops
	if (len(ops) > 0 && ops[0].Seq > r.last+1) || (len(ops) == 0 && r.req.AckedSeq > r.last) {
		r.refuse = &motcua.GapError{Expected: r.last + 1}
		return true
	}
	return false
}

// holdWindow is the end of the hold the admin's restore opened, in which
// ops on missing records wait: this terminal's new ops too, which may act
// on dossiers it pulled before the restore that their creator has not
// re-pushed yet (finding 2).
func (r *syncRound) holdWindow() (time.Time, error) {
	return holdUntil(r.tx, r.now), nil
}

// answerResent answers the ops already decided with their stored results;
// one sent again with other content is a copied data file.
func (r *syncRound) answerResent() error {
	r.results = make([]motcua.Result, 0, len(r.req.Ops))
	applied := r.tx.Bucket(bApplied)
	for i, op := range r.req.Ops {
		if op.Seq > r.last {
			break
		}
		var row appliedOp
		if err := boltkv.GetJSON(applied, appliedKey(r.t.ID, op.Seq), &row); err != nil {
			return err
		}
		if row.Hash == "" {
			// Acknowledged under this identity's starting point (enrolled
			// with acked_seq): nothing stored to compare.
			r.results = append(r.results, motcua.Result{Seq: op.Seq, OpID: op.ID, DossierID: opTarget(op),
				Status: motcua.Superseded, Reason: "already_acknowledged"})
			r.counts.Replayed++
			continue
		}
		if row.Hash != r.hashes.hash[i] {
			r.forked = true
			r.t.Quarantined, r.t.QuarantineReason = true, fmt.Sprintf("seq %d sent twice with different content", op.Seq)
			return putTerminal(r.tx, r.t)
		}
		r.results = append(r.results, row.Result)
		r.counts.Replayed++
	}
	return nil
}

// decideNew decides the ops not seen before, in seq order, and stores each
// one's hash and result.
func (r *syncRound) decideNew(holdUntil time.Time) error {
	applied := r.tx.Bucket(bApplied)
	r.echo = newEchoes(r.tx, r.t, r.req)
	cache := newDossierCache(r.tx, r.echo)
	for i, op := range r.req.Ops {
		if op.Seq <= r.last {
			continue
		}
		// A re-pushed op on a record this restored file does not hold
		// waits for the terminal that created it to re-push it first
		// (causality: the creation was acknowledged before this op was
		// made), for at most RestoreHold.
		// In the window after a restore no correct terminal acts on a
		// record the server never had, so any op (re-pushed or new) on a
		// missing record waits rather than being refused.
		if r.c.HoldOrphanedRepush && r.now.Before(holdUntil) {
			wait, err := waitsForCreator(cache, op)
			if err != nil {
				return err
			}
			if wait {
				r.resp.Held = op.Seq
				r.counts.Held++
				break
			}
		}
		res, err := r.c.decide(cache, r.t, op)
		if err != nil {
			return fmt.Errorf("apply seq %d: %w", op.Seq, err)
		}
		if !motcua.PlainApplied(res) {
			// The terminal applied it; the server did not, or otherwise.
			kind := kindDossier
			if motcua.IsQuestionOp(op.Kind) {
				kind = kindQuestion
			}
			if err := r.echo.mark(r.tx, kind, opTarget(op), false); err != nil {
				return err
			}
		}
		row := appliedOp{Hash: r.hashes.hash[i], BodyHash: r.hashes.body[i], Result: res}
		if err := boltkv.PutJSON(applied, appliedKey(r.t.ID, op.Seq), row); err != nil {
			return err
		}
		if r.tx.Bucket(bOpIDs).Get([]byte(op.ID)) == nil {
			if err := r.tx.Bucket(bOpIDs).Put([]byte(op.ID), appliedKey(r.t.ID, op.Seq)); err != nil {
				return err
			}
		}
		r.last = op.Seq
		r.results = append(r.results, res)
		r.counts.Decided[res.Status]++
	}
	return cache.flush()
}

// addStoredResults: a resent batch may be smaller than the one whose
// answer was lost: every seq reported applied beyond the request's ops
// carries its stored result, so the terminal never acknowledges an op
// whose verdict (a conflict, a rejection) its officer has not seen.
func (r *syncRound) addStoredResults() error {
	applied := r.tx.Bucket(bApplied)
	from := r.req.AckedSeq
	if n := len(r.req.Ops); n > 0 {
		from = max(from, r.req.Ops[n-1].Seq)
	}
	for seq := from + 1; seq <= r.last && len(r.results) < 2*motcua.MaxSyncOps; seq++ {
		var row appliedOp
		if err := boltkv.GetJSON(applied, appliedKey(r.t.ID, seq), &row); err != nil {
			return err
		}
		if row.Hash != "" {
			r.results = append(r.results, row.Result)
			r.counts.Replayed++
		}
	}
	return nil
}

// finish records the terminal's last applied seq and renews its lane, and
// builds the answer.
func (r *syncRound) finish() error {
	t := r.t
	t.LastAppliedSeq, t.LastSync = r.last, r.now
	if _, err := r.c.leaseLane(r.tx, t, r.now); err != nil {
		// A unit with no lane left must not stop sync: the terminal keeps
		// its old lane until it expires, and the admin is told.
		if motcua.ErrorReason(err) != "lanes_full" {
			return err
		}
	}
	if err := putTerminal(r.tx, t); err != nil {
		return err
	}
	r.resp = motcua.RawSyncResponse{LastAppliedSeq: r.last, Lanes: currentLanes(t), ServerTime: r.now, Held: r.resp.Held, Counts: r.counts}
	if r.req.Schema >= motcua.CompactSchema {
		r.resp.Verdicts = motcua.CompactResults(r.results)
	} else {
		r.resp.Results = r.results
	}
	return nil
}

// dossierCache holds the dossiers one transaction touches, decoded once:
// a batch often carries several ops on one dossier, and decoding and
// encoding it for each was most of the server's work. Receptions are
// written at once (the code and duplicate indexes must see them); other
// changes are written once, at flush.
type dossierCache struct {
	tx     kv.Tx
	cur    map[string]*motcua.Dossier // latest state; nil = absent
	stored map[string]*motcua.Dossier // as written in the file, for index updates
	dirty  []string
	// echo tells which records end the round in the state the terminal
	// computed (echo.go).
	echo *echoes
}

func newDossierCache(tx kv.Tx, echo *echoes) *dossierCache {
	return &dossierCache{tx: tx, cur: map[string]*motcua.Dossier{}, stored: map[string]*motcua.Dossier{}, echo: echo}
}

// mark records whether an op on id left the dossier as its terminal
// computed it.
func (dc *dossierCache) mark(id string, asSent bool) error {
	return dc.echo.mark(dc.tx, kindDossier, id, asSent)
}

// origin is the terminal a write of id is logged under ("" = the server's).
func (dc *dossierCache) origin(id string) string {
	if dc.echo == nil {
		return ""
	}
	return dc.echo.origin(kindDossier, id)
}

func (dc *dossierCache) get(id string) (*motcua.Dossier, error) {
	if d, ok := dc.cur[id]; ok {
		return d, nil
	}
	d, err := getDossier(dc.tx, id)
	if err != nil {
		return nil, err
	}
	dc.cur[id], dc.stored[id] = d, d
	return d, nil
}

// put records d as the latest state; now writes it through at once.
func (dc *dossierCache) put(d *motcua.Dossier, now bool) error {
	if _, ok := dc.cur[d.ID]; !ok {
		dc.stored[d.ID] = nil
	}
	dc.cur[d.ID] = d
	if now {
		if err := putDossierBy(dc.tx, dc.stored[d.ID], d, dc.origin(d.ID)); err != nil {
			return err
		}
		dc.stored[d.ID] = d
		return nil
	}
	dc.dirty = append(dc.dirty, d.ID)
	return nil
}

// flush writes every dossier changed since it was last written, once, and
// logs its change.
func (dc *dossierCache) flush() error {
	seen := map[string]bool{}
	for _, id := range dc.dirty {
		if seen[id] {
			continue
		}
		seen[id] = true
		if err := putDossierBy(dc.tx, dc.stored[id], dc.cur[id], dc.origin(id)); err != nil {
			return err
		}
		dc.stored[id] = dc.cur[id]
	}
	dc.dirty = dc.dirty[:0]
	return nil
}

// RestoreHold bounds how long re-pushed ops wait for the terminals that
// created their dossiers, after the admin's restore: a terminal that never
// comes back must not wedge the others.
const RestoreHold = 7 * 24 * time.Hour

// waitsForCreator reports an op that acts on a dossier or question this
// file does not hold (a reception or an ask creates its own).
func waitsForCreator(dc *dossierCache, op motcua.Op) (bool, error) {
	switch op.Kind {
	case motcua.OpReceive, motcua.OpAsk, motcua.OpCounterRecord:
		return false, nil
	case motcua.OpAnswer:
		q, err := getQuestion(dc.tx, op.QuestionID)
		return q == nil && err == nil, err
	}
	d, err := dc.get(op.DossierID)
	return d == nil && err == nil, err
}

func opTarget(op motcua.Op) string {
	if motcua.IsQuestionOp(op.Kind) {
		return op.QuestionID
	}
	return op.DossierID
}

// validateBatch refuses what no correct terminal sends: the ops are
// contiguous and ascending, each has an id and a kind. What an op says is
// Apply's to judge, as a per-op rejection, never a refusal of the batch.
func validateBatch(req motcua.SyncRequest) error {
	bad := func(en, vi string, args ...any) error {
		return motcua.Errorf(motcua.EINVALID, "bad_batch", "ops", vi, en, args...)
	}
	if !motcua.ValidID(req.TerminalID) {
		return motcua.Errorf(motcua.EINVALID, "bad_batch", "terminal_id", "Thiếu mã máy (terminal_id).", "terminal_id is missing or malformed.")
	}
	if len(req.Ops) > motcua.MaxSyncOps {
		return bad("A batch holds at most %d ops.", "Một lượt gửi tối đa %d thao tác.", motcua.MaxSyncOps)
	}
	if req.Pull.Limit < 0 {
		return motcua.Errorf(motcua.EINVALID, "bad_batch", "pull.limit", "pull.limit không được âm.", "pull.limit must not be negative.")
	}
	if req.Pull.MaxBytes < 0 {
		return motcua.Errorf(motcua.EINVALID, "bad_batch", "pull.max_bytes", "pull.max_bytes không được âm.", "pull.max_bytes must not be negative.")
	}
	for i, op := range req.Ops {
		if op.Seq == 0 || (i > 0 && op.Seq != req.Ops[i-1].Seq+1) {
			return bad("Ops must carry contiguous ascending seqs (op %d has seq %d).", "Các thao tác phải có số thứ tự liên tiếp tăng dần (thao tác %d có số %d).", i, op.Seq)
		}
		if !motcua.ValidID(op.ID) {
			return bad("Op seq %d has no valid op_id.", "Thao tác số %d thiếu op_id hợp lệ.", op.Seq)
		}
		if op.Kind == "" {
			return bad("Op seq %d has no kind.", "Thao tác số %d thiếu loại.", op.Seq)
		}
	}
	return nil
}

func rejected(op motcua.Op, reason, vi, en string, args ...any) motcua.Result {
	return motcua.Result{Seq: op.Seq, OpID: op.ID, DossierID: opTarget(op), Status: motcua.Rejected, Reason: reason,
		MessageVI: fmt.Sprintf(vi, args...), MessageEN: fmt.Sprintf(en, args...)}
}

// decide applies one new op of terminal t. The server never trusts the
// terminal's claims about itself: terminal and role come from the
// authenticated record, and the op must stay inside t's unit.
func (c *Store) decide(dc *dossierCache, t *terminal, op motcua.Op) (motcua.Result, error) {
	tx := dc.tx
	sent := op
	op.Terminal, op.Role = t.ID, t.Role
	op.Officer = motcua.CleanName(op.Officer)
	if utf8.RuneCountInString(op.Officer) > 100 {
		op.Officer = string([]rune(op.Officer)[:100])
	}
	// The terminal computed the record from the op as it sent it: only an
	// op the server left untouched can leave the same state there.
	asSent := sent.Terminal == op.Terminal && sent.Role == op.Role && sent.Officer == op.Officer
	// The same op re-pushed under a new identity (re-enrolment after a lost
	// acknowledgement) is not applied twice.
	if ref := tx.Bucket(bOpIDs).Get([]byte(op.ID)); ref != nil {
		var row appliedOp
		if err := boltkv.GetJSON(tx.Bucket(bApplied), ref, &row); err != nil {
			return motcua.Result{}, err
		}
		if row.BodyHash == bodyHash(op) {
			res := row.Result
			res.Seq = op.Seq
			return res, nil
		}
		return rejected(op, "op_id_reused", "Mã thao tác đã được dùng cho thao tác khác; thao tác không được ghi nhận.",
			"The op id was already used by another op; the op is not recorded."), nil
	}
	if motcua.IsQuestionOp(op.Kind) {
		return c.decideQuestion(tx, dc.echo, t, op, asSent)
	}
	if motcua.IsCounterRecordOp(op.Kind) {
		return c.decideCounterRecord(tx, t, op) // counter_record.go
	}
	cur, err := dc.get(op.DossierID)
	if err != nil {
		return motcua.Result{}, err
	}
	if cur != nil && cur.Unit != t.Unit {
		return crossUnit(op), nil
	}
	if op.Kind == motcua.OpReceive && cur == nil {
		if res, ok, err := checkReception(tx, t, op); err != nil || !ok {
			return res, err
		}
		if res, ok, err := c.checkOp(tx, t, op, c.Now()); err != nil || !ok {
			return res, err
		}
	}
	return applyToDossier(dc, cur, op, asSent)
}

// applyToDossier applies op to the dossier cur (nil: none yet) and records
// the outcome in the cache: the new state, or the server's version for the
// terminal that showed its own attempt.
func applyToDossier(dc *dossierCache, cur *motcua.Dossier, op motcua.Op, asSent bool) (motcua.Result, error) {
	next, res := motcua.Apply(cur, op)
	switch res.Status {
	case motcua.Applied, motcua.Conflicted:
		if op.Kind == motcua.OpReceive && res.Status == motcua.Applied {
			if other, err := possibleDuplicate(dc, &next); err != nil {
				return motcua.Result{}, err
			} else if other != "" {
				next.PossibleDup = true
				res.Reason = "possible_duplicate"
				res.MessageVI = fmt.Sprintf("Hồ sơ %s có thể trùng với hồ sơ %s (cùng số giấy tờ và thủ tục, đang giải quyết). Hãy kiểm tra; hệ thống không tự gộp.", next.Code, other)
				res.MessageEN = fmt.Sprintf("Dossier %s may duplicate %s (same ID number and procedure, still open). Please review; nothing is merged automatically.", next.Code, other)
			}
		}
		if err := dc.mark(next.ID, asSent && motcua.PlainApplied(res)); err != nil {
			return motcua.Result{}, err
		}
		return res, dc.put(&next, cur == nil)
	}
	// Superseded or rejected: the dossier did not change here, but the
	// terminal showed its own attempt; send it the server's version.
	if cur == nil {
		return res, nil
	}
	if err := dc.mark(cur.ID, false); err != nil {
		return motcua.Result{}, err
	}
	return res, dc.put(cur, false)
}

func crossUnit(op motcua.Op) motcua.Result {
	return rejected(op, "cross_unit", "Hồ sơ hoặc câu hỏi thuộc đơn vị khác; máy này không được thay đổi.",
		"The dossier or question belongs to another unit; this terminal may not change it.")
}

// checkReception refuses a reception for another unit, with a code outside
// the terminal's lanes, or with a code already used (the unique index).
func checkReception(tx kv.Tx, t *terminal, op motcua.Op) (motcua.Result, bool, error) {
	var a struct {
		Code string `json:"code"`
		Unit string `json:"unit"`
	}
	if json.Unmarshal(op.Args, &a) != nil {
		return motcua.Result{}, true, nil // Apply rejects malformed args with its own message
	}
	if a.Unit != t.Unit {
		return crossUnit(op), false, nil
	}
	code, err := motcua.ParseCode(a.Code)
	if err != nil || code.Unit != t.Unit {
		return motcua.Result{}, true, nil
	}
	ok, err := codeAllowed(tx, t, code)
	if err != nil {
		return motcua.Result{}, false, err
	}
	if !ok {
		return rejected(op, "code_lane", "Mã %s nằm ngoài dải số máy chủ cấp cho máy này nên không được ghi nhận. Hãy tiếp nhận lại hồ sơ để cấp mã mới và báo người dân mã mới.",
			"Code %s is outside the lanes leased to this terminal, so it is not recorded. Receive the dossier again to issue a new code, and tell the citizen.", code), false, nil
	}
	if id := tx.Bucket(bCodes).Get([]byte(code.String())); id != nil && string(id) != op.DossierID {
		return rejected(op, "code_used", "Mã %s đã được dùng cho một hồ sơ khác trên máy chủ nên hồ sơ này không được ghi nhận. Hãy tiếp nhận lại để cấp mã mới và báo người dân mã mới.",
			"Code %s is already used by another dossier on the server, so this one is not recorded. Receive it again to issue a new code, and tell the citizen.", code), false, nil
	}
	return motcua.Result{}, true, nil
}

func (c *Store) decideQuestion(tx kv.Tx, echo *echoes, t *terminal, op motcua.Op, asSent bool) (motcua.Result, error) {
	cur, err := getQuestion(tx, op.QuestionID)
	if err != nil {
		return motcua.Result{}, err
	}
	if cur != nil && cur.Unit != t.Unit {
		return crossUnit(op), nil
	}
	if op.Kind == motcua.OpAsk && cur == nil {
		var a struct {
			Unit string `json:"unit"`
		}
		if json.Unmarshal(op.Args, &a) == nil && a.Unit != t.Unit {
			return crossUnit(op), nil
		}
	}
	q, res := motcua.ApplyQuestion(cur, op)
	if res.Status == motcua.Applied {
		if err := echo.mark(tx, kindQuestion, q.ID, asSent && motcua.PlainApplied(res)); err != nil {
			return motcua.Result{}, err
		}
		if err := putQuestionBy(tx, q, echo.origin(kindQuestion, q.ID)); err != nil {
			return motcua.Result{}, err
		}
	} else if cur != nil {
		if err := echo.mark(tx, kindQuestion, cur.ID, false); err != nil {
			return motcua.Result{}, err
		}
		if err := logChange(tx, cur.Unit, kindQuestion, cur.ID); err != nil {
			return motcua.Result{}, err
		}
	}
	return res, nil
}

func getDossier(tx kv.Tx, id string) (*motcua.Dossier, error) {
	return boltkv.GetRecord[motcua.Dossier](tx.Bucket(bDossiers), "dossier", id)
}

func dupKey(d *motcua.Dossier) []byte {
	if d.Applicant.IDNumber == "" || !d.Status.Open() {
		return nil
	}
	return boltkv.JoinKey([]byte(d.Unit), []byte(d.Applicant.IDNumber), []byte(d.ProcedureCode), []byte(d.ID))
}

// possibleDuplicate returns the code of another open dossier of the same
// unit, ID number and procedure, or "".
func possibleDuplicate(dc *dossierCache, d *motcua.Dossier) (string, error) {
	if d.Applicant.IDNumber == "" {
		return "", nil
	}
	prefix := dupPrefix(d.Unit, d.Applicant.IDNumber, d.ProcedureCode)
	var ids []string
	err := kv.ForEachPrefix(dc.tx.Bucket(bDup), prefix, func(k, _ []byte) error {
		if id := string(k[len(prefix):]); id != d.ID {
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	for _, id := range ids {
		other, err := dc.get(id)
		if err != nil {
			return "", err
		}
		if other != nil && other.Status.Open() {
			return other.Code, nil
		}
	}
	return "", nil
}

// dupPrefix is the duplicate index's prefix of a unit's open dossiers of
// one ID number and procedure (dupKey without the dossier).
func dupPrefix(unit, idNumber, procedure string) []byte {
	return append(boltkv.JoinKey([]byte(unit), []byte(idNumber), []byte(procedure)), boltkv.Sep)
}

// putDossier writes a dossier with its code and duplicate index entries
// and logs the change, in the caller's transaction.
func putDossier(tx kv.Tx, old, cur *motcua.Dossier) error {
	return putDossierBy(tx, old, cur, "")
}

// putDossierBy is putDossier for a change made by terminal by's ops
// exactly as it sent them.
func putDossierBy(tx kv.Tx, old, cur *motcua.Dossier, by string) error {
	if err := boltkv.PutJSON(tx.Bucket(bDossiers), []byte(cur.ID), cur); err != nil {
		return err
	}
	codes := tx.Bucket(bCodes)
	if old != nil && old.Code != cur.Code {
		if err := codes.Delete([]byte(old.Code)); err != nil {
			return err
		}
	}
	if err := codes.Put([]byte(cur.Code), []byte(cur.ID)); err != nil {
		return err
	}
	if old != nil {
		if k := dupKey(old); k != nil {
			if err := tx.Bucket(bDup).Delete(k); err != nil {
				return err
			}
		}
	}
	if k := dupKey(cur); k != nil {
		if err := tx.Bucket(bDup).Put(k, nil); err != nil {
			return err
		}
	}
	return logChangeBy(tx, cur.Unit, kindDossier, cur.ID, by)
}

func getQuestion(tx kv.Tx, id string) (*motcua.Question, error) {
	return boltkv.GetRecord[motcua.Question](tx.Bucket(bQuestions), "question", id)
}

func putQuestion(tx kv.Tx, q motcua.Question) error {
	return putQuestionBy(tx, q, "")
}

func putQuestionBy(tx kv.Tx, q motcua.Question, by string) error {
	if err := boltkv.PutJSON(tx.Bucket(bQuestions), []byte(q.ID), q); err != nil {
		return err
	}
	return logChangeBy(tx, q.Unit, kindQuestion, q.ID, by)
}

// AppliedOp is what the server decided for one op of a terminal.
type AppliedOp struct {
	Terminal string // the identity the op came under
	Seq      uint64
	Hash     string
	Result   motcua.Result
}

// AppliedOps lists a terminal's decided ops in seq order, or with "" every
// terminal's, by terminal then seq (the fault harness checks each op has
// exactly one result, equal to the terminal's).
func (c *Store) AppliedOps(terminalID string) ([]AppliedOp, error) {
	var out []AppliedOp
	err := c.db.View(func(tx kv.Tx) error {
		var prefix []byte
		if terminalID != "" {
			prefix = append([]byte(terminalID), boltkv.Sep)
		}
		cur := tx.Bucket(bApplied).Cursor()
		for k, v := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = cur.Next() {
			if len(k) < 10 || k[len(k)-9] != boltkv.Sep {
				return fmt.Errorf("applied key %x", k)
			}
			var row appliedOp
			if err := json.Unmarshal(v, &row); err != nil {
				return err
			}
			out = append(out, AppliedOp{Terminal: string(k[:len(k)-9]), Seq: boltkv.Be64(k[len(k)-8:]), Hash: row.Hash, Result: row.Result})
		}
		return nil
	})
	return out, err
}
