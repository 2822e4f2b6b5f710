package central

import (
	"encoding/json"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/kv"
)

// syncWants names the keys a sync round reads (wantFunc): stage 0 the
// terminal, its ops' ids and target dossiers and its receptions' codes;
// stage 1, once the terminal is read, its unit and its current lane.
func syncWants(terminalID string, req motcua.SyncRequest) wantFunc {
	return func(tx kv.Tx, stage int, w wanted) {
		if stage == 0 {
			w.add(bTerminals, []byte(terminalID))
			for _, op := range req.Ops {
				w.add(bOpIDs, []byte(op.ID))
				if !motcua.IsQuestionOp(op.Kind) {
					w.add(bDossiers, []byte(opTarget(op)))
				}
				if code := receptionCode(op); code != "" {
					w.add(bCodes, []byte(code))
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
	}
}

// receptionCode is the code key a reception claims, "" for any other op
// or a malformed one (checkReception decides those).
func receptionCode(op motcua.Op) string {
	if op.Kind != motcua.OpReceive {
		return ""
	}
	var a struct {
		Code string `json:"code"`
	}
	if json.Unmarshal(op.Args, &a) != nil {
		return ""
	}
	code, err := motcua.ParseCode(a.Code)
	if err != nil {
		return ""
	}
	return code.String()
}
