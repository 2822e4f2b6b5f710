package store

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	bolt "go.etcd.io/bbolt"
)

// Do commits one action in one transaction: the next seq, Apply, the dossier,
// its indexes and the op in the outbox. A rejected action writes nothing and
// returns the domain error.
func (s *Store) Do(a motcua.Action) (motcua.Done, error) {
	s.acceptanceAppointment(&a) // an online dossier's appointment counts from its acceptance (online.go)
	var done motcua.Done
	err := s.db.Update(func(tx *bolt.Tx) error {
		var err error
		done, err = s.do(tx, a, nil)
		return err
	})
	s.committed(err)
	return done, err
}

// DoAll commits several actions as one: all of them or none (an officer's
// edit of several fields is one decision). Done is the last action's.
func (s *Store) DoAll(as []motcua.Action) (motcua.Done, error) {
	var done motcua.Done
	err := s.db.Update(func(tx *bolt.Tx) error {
		for _, a := range as {
			var err error
			if done, err = s.do(tx, a, nil); err != nil {
				return err
			}
		}
		return nil
	})
	s.committed(err)
	return done, err
}

func (s *Store) committed(err error) {
	if err == nil && s.OnCommit != nil {
		s.OnCommit()
	}
}

// prepare is run inside the transaction before Apply, for actions whose
// arguments depend on the store's state (a reception's code).
type prepare func(tx *bolt.Tx, info motcua.TerminalInfo, now time.Time, op *motcua.Op) ([]motcua.Warning, error)

func (s *Store) do(tx *bolt.Tx, a motcua.Action, prep prepare) (motcua.Done, error) {
	meta := tx.Bucket(bMeta)
	var info motcua.TerminalInfo
	if err := boltkv.GetJSON(meta, kTerminal, &info); err != nil {
		return motcua.Done{}, err
	}
	if info.Unit == "" {
		return motcua.Done{}, motcua.ErrNotInitialised
	}
	now := s.correctedNow(meta)
	op, err := motcua.NewOp(a.Kind, a.DossierID, a.Args)
	if err != nil {
		return motcua.Done{}, fmt.Errorf("encode %s: %w", a.Kind, err)
	}
	op.QuestionID = a.QuestionID
	op.ID = motcua.NewID(now)
	op.ClientTime = now
	op.Terminal, op.Officer, op.Role = info.ID, info.Officer, info.Role
	var warnings []motcua.Warning
	if prep != nil {
		if warnings, err = prep(tx, info, now, &op); err != nil {
			return motcua.Done{}, err
		}
	}
	if motcua.IsQuestionOp(op.Kind) {
		return s.doQuestion(tx, op, warnings)
	}
	var cur *motcua.Dossier
	if op.DossierID != "" {
		if cur, err = getDossier(tx, op.DossierID); err != nil {
			return motcua.Done{}, err
		}
	}
	if cur != nil {
		op.BaseVersion = cur.Version
	}
	op.Seq = boltkv.GetU64(meta, kLastSeq) + 1
	next, res := motcua.Apply(cur, op)
	if res.Status == motcua.Rejected {
		return motcua.Done{}, &motcua.Error{Code: motcua.EINVALID, Reason: res.Reason, VI: res.MessageVI, EN: res.MessageEN}
	}
	if res.Status == motcua.Superseded {
		return motcua.Done{}, motcua.Errorf(motcua.EINVALID, "no_change", "", "Không có gì thay đổi.", "Nothing changed.")
	}
	if err := putDossier(tx, cur, &next); err != nil {
		return motcua.Done{}, err
	}
	if err := appendOutbox(tx, op); err != nil {
		return motcua.Done{}, err
	}
	return motcua.Done{Op: op, Dossier: next, Result: res, Warnings: warnings}, nil
}

// appendOutbox writes op at its seq and advances last_seq, in the caller's
// transaction.
func appendOutbox(tx *bolt.Tx, op motcua.Op) error {
	buf, err := json.Marshal(op)
	if err != nil {
		return err
	}
	ob := tx.Bucket(bOutbox)
	// Seqs only grow: full pages, instead of bbolt's half-full default,
	// keep a terminal that has not synced for months small.
	ob.FillPercent = 1.0
	if err := ob.Put(boltkv.U64(op.Seq), buf); err != nil {
		return err
	}
	if err := indexUnsent(tx, op); err != nil { // outbox_index.go
		return err
	}
	return boltkv.PutU64(tx.Bucket(bMeta), kLastSeq, op.Seq)
}

// correctedNow is the laptop clock plus the offset to the server clock seen
// at the last sync.
func (s *Store) correctedNow(meta *bolt.Bucket) time.Time {
	return s.Now().Add(time.Duration(int64(boltkv.GetU64(meta, kClockOffset))))
}

// getDossier reads dossier id: nil, and no error, when there is none. Its
// record is decoded by codec.go.
func getDossier(tx *bolt.Tx, id string) (*motcua.Dossier, error) {
	if id == "" {
		return nil, nil
	}
	v := tx.Bucket(bDossiers).Get([]byte(id))
	if v == nil {
		return nil, nil
	}
	var d motcua.Dossier
	if err := decodeDossier(v, &d); err != nil {
		return nil, fmt.Errorf("decode dossier %s: %w", id, err)
	}
	return &d, nil
}

func putDossier(tx *bolt.Tx, old, cur *motcua.Dossier) error {
	buf, err := encodeDossier(cur)
	if err != nil {
		return err
	}
	b := tx.Bucket(bDossiers)
	// UUIDv7 ids arrive in time order; a little room is left for records
	// that grow as their history does.
	b.FillPercent = 0.9
	if err := b.Put([]byte(cur.ID), buf); err != nil {
		return err
	}
	return reindex(tx, old, cur)
}

// Receive records a reception: it issues the next number of this terminal's
// lane for today, computes the appointment, and commits it all as one op.
func (s *Store) Receive(in motcua.ReceiveInput) (motcua.Done, error) {
	proc, err := s.Catalog().Get(in.ProcedureCode)
	if err != nil {
		return motcua.Done{}, err
	}
	_, fees, err := proc.Fee(in.Fee)
	if err != nil {
		return motcua.Done{}, err
	}
	args := motcua.ReceiveArgs{
		ProcedureCode: proc.Code, ProcedureName: proc.Name, ProcedureVersion: proc.Version,
		Channel: in.Channel, Applicant: in.Applicant, Submitter: in.Submitter, Authorised: in.Authorised,
		Helper: in.Helper, Summary: in.Summary, Documents: in.Documents, FeePaid: in.FeePaid, Note: in.Note,
	}
	if args.Summary == "" {
		args.Summary = proc.Name
	}
	if args.Documents == nil {
		for _, d := range proc.Documents {
			args.Documents = append(args.Documents, motcua.DocumentItem{Name: d.Name, Originals: d.Originals,
				Certified: d.Certified, Copies: d.Copies, Required: d.Required, Received: d.Required})
		}
	}
	if missing := motcua.MissingRequired(args.Documents); len(missing) > 0 {
		// No code for an incomplete file: the law's paths are guidance
		// (Mẫu 02) or refusal (Mẫu 03), both RecordAtCounter.
		return motcua.Done{}, motcua.ErrMissingRequired(missing)
	}
	for _, f := range fees {
		//lint:ignore S1016 a computed charge and a dossier's fee line are distinct types that may grow apart
		args.Fees = append(args.Fees, motcua.FeeItem{Name: f.Name, Amount: f.Amount, Detail: f.Detail})
	}
	cal := s.Calendar()
	var done motcua.Done
	err = s.db.Update(func(tx *bolt.Tx) error {
		prep := func(tx *bolt.Tx, info motcua.TerminalInfo, now time.Time, op *motcua.Op) ([]motcua.Warning, error) {
			warnings, err := s.allocateCode(tx, info, now, in.AcceptClock, &args)
			if err != nil {
				return nil, err
			}
			args.ReceivedAt = now
			args.Appointment = cal.Appointment(now, proc.Time)
			if args.LookupKey, err = keepLookupKey(tx, op.DossierID); err != nil {
				return nil, err
			}
			if op.Args, err = json.Marshal(args); err != nil {
				return nil, err
			}
			return warnings, nil
		}
		if in.Redoes != "" {
			if err := unpark(tx, in.Redoes); err != nil {
				return err
			}
		}
		var err error
		done, err = s.do(tx, motcua.Action{Kind: motcua.OpReceive, DossierID: motcua.NewID(s.Now())}, prep)
		return err
	})
	s.committed(err)
	return done, err
}

// ErrNotParked is a redo of a reception that is no longer parked: it was
// redone already (on this terminal, maybe by a second window) or dismissed.
var ErrNotParked = &motcua.Error{Code: motcua.ENOTFOUND, Reason: "not_parked",
	VI: "Hồ sơ bị từ chối này đã được tiếp nhận lại hoặc đã bỏ qua.",
	EN: "This refused dossier has already been received again or dismissed."}

// unpark removes a parked reception and the rejections of its dossier.
func unpark(tx *bolt.Tx, id string) error {
	parked := tx.Bucket(bParked)
	if parked == nil || parked.Get([]byte(id)) == nil {
		return ErrNotParked
	}
	if err := parked.Delete([]byte(id)); err != nil {
		return err
	}
	results := tx.Bucket(bResults)
	var drop [][]byte
	err := results.ForEach(func(k, v []byte) error {
		var r motcua.Result
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("decode result %d: %w", boltkv.Be64(k), err)
		}
		if r.DossierID == id {
			drop = append(drop, append([]byte(nil), k...))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range drop {
		if err := results.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// allocateCode reads what motcua.CodeRequest.Allocate needs from the file
// (the last code's time, the server's clock at the last sync, the lane and
// today's counter) and writes back the counter and the time, in the
// reception's transaction.
func (s *Store) allocateCode(tx *bolt.Tx, info motcua.TerminalInfo, now time.Time, acceptClock bool, args *motcua.ReceiveArgs) ([]motcua.Warning, error) {
	meta := tx.Bucket(bMeta)
	req := motcua.CodeRequest{Unit: info.Unit, Now: now, AcceptClock: acceptClock, Lane: motcua.StandaloneLane()}
	if ns := boltkv.GetU64(meta, kLastTime); ns != 0 {
		req.LastIssued = time.Unix(0, int64(ns))
	}
	if ls := boltkv.GetU64(meta, ksLastSync); ls != 0 {
		req.ServerSeen = time.Unix(0, int64(ls)).Add(time.Duration(int64(boltkv.GetU64(meta, kClockOffset))))
	}
	if err := boltkv.GetJSON(meta, kLane, &req.Lane); err != nil {
		return nil, err
	}
	codes := tx.Bucket(bCodes)
	day := append([]byte(req.Day()), byte(req.Lane.First>>8), byte(req.Lane.First))
	req.LastNumber = int(boltkv.GetU64(codes, day))
	idx := tx.Bucket(bIdxCode)
	g, err := req.Allocate(func(c motcua.Code) bool { return idx.Get([]byte(c.String())) != nil })
	if err != nil {
		return nil, err
	}
	args.Code, args.Unit = g.Code.String(), info.Unit
	if err := boltkv.PutU64(codes, day, uint64(g.Number)); err != nil {
		return nil, err
	}
	if now.After(req.LastIssued) {
		if err := boltkv.PutU64(meta, kLastTime, uint64(now.UnixNano())); err != nil {
			return nil, err
		}
	}
	return g.Warnings, nil
}

// Transition moves a dossier; From is taken from the stored dossier when zero.
func (s *Store) Transition(id string, a motcua.TransitionArgs) (motcua.Done, error) {
	if a.From == 0 {
		d, err := s.Get(id)
		if err != nil {
			return motcua.Done{}, err
		}
		a.From = d.Status
	}
	if a.To == motcua.StatusProcessing && a.Appointment.IsZero() && !a.From.ClockRuns() {
		a.Appointment = s.resumeAppointment(id, a.From)
	}
	return s.Do(motcua.Action{Kind: motcua.OpTransition, DossierID: id, Args: a})
}
