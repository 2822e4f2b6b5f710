package central

import (
	"encoding/json"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	"github.com/motcua/motcua/internal/kv"
)

// Echoes: a push's answer must not carry back the records the terminal
// itself just wrote (docs/DESIGN.md §4). A change is logged as terminal T's
// (changeEntry.By) when the server's record ends the round in exactly the
// state T computed on its side, which holds when
//
//   - every op of T on the record this round was applied as T sent it
//     (no conflict, no rejection, no note the server added, no field the
//     server rewrote), and
//   - before the round, T held the server's latest state of the record: its
//     latest change is at or before T's pull cursor (T was sent it: a change
//     still the latest was live when T's pull passed it), or is itself T's
//     (by induction), or the record is new.
//
// T's pull then skips it (pull.go), when T's request shows it holds all
// its own ops the server applied (sentUpTo: not so for a file put back from
// an old copy). Only a terminal that says so (wire schema 2, which also asks
// for every record while it rebuilds its copy after a reset) is answered
// this way.

// echoes decides, for one sync round of one terminal, which records end
// the round in the state the terminal computed.
type echoes struct {
	term, unit string
	cursor     uint64          // the terminal's pull cursor, 0 when unknown
	state      map[string]bool // kind+id → still as the terminal computed it
	off        bool            // the terminal does not take compact answers
}

func newEchoes(tx kv.Tx, t *terminal, req motcua.SyncRequest) *echoes {
	e := &echoes{term: t.ID, unit: t.Unit, state: map[string]bool{}, off: req.Schema < motcua.CompactSchema}
	e.cursor = knownCursor(tx, t.Unit, req.Pull.Cursor)
	return e
}

// knownCursor is the change seq a cursor names when this file wrote it
// (its tag matches), else 0.
func knownCursor(tx kv.Tx, unit, cursor string) uint64 {
	seq, tag, ok := parseCursor(cursor)
	if !ok || seq == 0 {
		return 0
	}
	log := tx.Bucket(bChanges).Bucket([]byte(unit))
	if log == nil {
		return 0
	}
	var e changeEntry
	if v := log.Get(boltkv.U64(seq)); v == nil || json.Unmarshal(v, &e) != nil || e.Tag != tag {
		return 0
	}
	return seq
}

// mark records whether an op on a record left it as the terminal computed
// it. The first mark of a record this round also checks the terminal held
// the server's state of it before.
func (e *echoes) mark(tx kv.Tx, kind byte, id string, asSent bool) error {
	if e == nil {
		return nil
	}
	key := string(kind) + id
	if prev, ok := e.state[key]; ok || !asSent || e.off {
		e.state[key] = prev && asSent && !e.off
		return nil
	}
	held, err := e.heldBefore(tx, kind, id)
	e.state[key] = held
	return err
}

// heldBefore reports that the terminal holds the server's current state of
// the record (before this round's writes).
func (e *echoes) heldBefore(tx kv.Tx, kind byte, id string) (bool, error) {
	seq := seqOf(tx.Bucket(bLatest).Get(latestKey(e.unit, kind, id)))
	if seq == 0 {
		bucket := bDossiers
		if kind == kindQuestion {
			bucket = bQuestions
		}
		return tx.Bucket(bucket).Get([]byte(id)) == nil, nil // new: the terminal creates it
	}
	if seq <= e.cursor {
		return true, nil
	}
	log := tx.Bucket(bChanges).Bucket([]byte(e.unit))
	if log == nil {
		return false, nil
	}
	var entry changeEntry
	if err := boltkv.GetJSON(log, boltkv.U64(seq), &entry); err != nil {
		return false, err
	}
	return entry.By == e.term, nil
}

// origin is the terminal a write of the record is logged under: "" when
// the record is not (or no longer) as the terminal computed it.
func (e *echoes) origin(kind byte, id string) string {
	if e != nil && (e.state[string(kind)+id]) {
		return e.term
	}
	return ""
}

// sentUpTo is the last of its own seqs a request shows the terminal holds
// (acknowledged, or in the batch). Only when the server applied nothing of
// the terminal's beyond it does the terminal hold the effects of all its
// own ops: a terminal whose file was put back from an old copy does not,
// and must be sent its own writes again.
func sentUpTo(req motcua.SyncRequest) uint64 {
	if n := len(req.Ops); n > 0 {
		return max(req.AckedSeq, req.Ops[n-1].Seq)
	}
	return req.AckedSeq
}
