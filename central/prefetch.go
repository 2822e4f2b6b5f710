package central

import (
	"encoding/json"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	"github.com/motcua/motcua/internal/kv"
)

// syncWants names the keys a sync round reads (wantFunc): stage 0 the
// terminal, its ops' ids and target dossiers, its receptions' codes and
// the duplicate index's prefixes they will walk, and the restore marks;
// stage 1, once the terminal is read, its unit, its current lane, its
// unit's change log (whose sequence the round takes numbers from) and the
// log entry its pull cursor names (the echo check reads it) and the one its
// unit's tail ends at (the tail's check, tail.go).
func (c *Store) syncWants(terminalID string, req motcua.SyncRequest) wantFunc {
	return func(tx kv.Tx, stage int, w wanted) {
		if stage == 0 {
			w.add(bTerminals, []byte(terminalID))
			w.add(bMeta, kPublicURL) // the unit's tail keeps its public information (tail.go)
			w.add(bMeta, kRestoreAt)
			w.add(bMeta, kRestoreHoldUntil)
			for _, op := range req.Ops {
				w.add(bOpIDs, []byte(op.ID))
				if !motcua.IsQuestionOp(op.Kind) {
					w.add(bDossiers, []byte(opTarget(op)))
				}
				if code, dup := receptionKeys(op); code != "" {
					w.add(bCodes, []byte(code))
					if dup != nil {
						w.addPrefix(bDup, dup)
					}
				}
			}
			return
		}
		t, err := getTerminal(tx, terminalID)
		if err != nil || t == nil {
			return // the round finds out and answers
		}
		w.add(bUnits, []byte(t.Unit))
		if n := len(t.Leases); n > 0 {
			w.add(bLanes, laneKey(t.Unit, t.Leases[n-1].First))
		}
		w.addReserve(bChanges, []byte(t.Unit))
		if seq, _, ok := parseCursor(req.Pull.Cursor); ok && seq > 0 {
			w.addSub(bChanges, []byte(t.Unit), boltkv.U64(seq))
		}
		if hi, ok := c.tails.hi(t.Unit); ok && hi > 0 {
			w.addSub(bChanges, []byte(t.Unit), boltkv.U64(hi)) // the tail's check (tails.finish)
		}
	}
}

// receptionKeys are the code key a reception claims and the duplicate
// index prefix its dossier will be checked under (possibleDuplicate), ""
// and nil for any other op or a malformed one (checkReception and Apply
// decide those). The prefix is a guess from the args as Apply cleans them:
// a wrong one costs the walk a round trip, never an answer.
func receptionKeys(op motcua.Op) (string, []byte) {
	if op.Kind != motcua.OpReceive {
		return "", nil
	}
	var a motcua.ReceiveArgs
	if json.Unmarshal(op.Args, &a) != nil {
		return "", nil
	}
	code, err := motcua.ParseCode(a.Code)
	if err != nil {
		return "", nil
	}
	id := a.Applicant.IDNumber
	if id == "" {
		return code.String(), nil
	}
	if n, _, err := motcua.ValidateIDNumber(a.Applicant.IDKind, id, time.Time{}, motcua.SexUnknown, op.ClientTime); err == nil {
		id = n
	}
	return code.String(), dupPrefix(a.Unit, id, motcua.SanitizeLine(a.ProcedureCode))
}
