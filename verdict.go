package motcua

// Compact verdicts (wire schema 2, docs/DESIGN.md §4): a push's answer
// carries only what the terminal cannot know. The terminal sent the ops, so
// it knows their ids and the records they act on; what it lacks is the
// server's decision. A run of ops applied as sent is one entry (seq through
// through); an op with anything to say (a conflict, a rejection, a
// superseded op, a note such as a possible duplicate) is an entry of its
// own with its reason and sentences.

// Verdict is the server's decision on one op, or on a run of ops applied
// as sent.
type Verdict struct {
	Seq uint64 `json:"seq"`
	// Through is the last seq of a run of applied ops (omitted: one op).
	Through   uint64       `json:"through,omitempty"`
	Status    ResultStatus `json:"status,omitempty"` // omitted: applied
	Reason    string       `json:"reason,omitempty"`
	MessageVI string       `json:"message_vi,omitempty"`
	MessageEN string       `json:"message_en,omitempty"`
}

// PlainApplied reports a result that says nothing beyond "applied as sent".
func PlainApplied(r Result) bool {
	return r.Status == Applied && r.Reason == "" && r.MessageVI == "" && r.MessageEN == ""
}

// CompactResults turns per-op results (ascending seqs) into verdicts:
// consecutive plainly applied ops become one run.
func CompactResults(results []Result) []Verdict {
	out := make([]Verdict, 0, 4)
	for _, r := range results {
		if PlainApplied(r) {
			if n := len(out); n > 0 && out[n-1].Status == "" && out[n-1].Reason == "" && out[n-1].MessageVI == "" && out[n-1].MessageEN == "" &&
				max(out[n-1].Seq, out[n-1].Through)+1 == r.Seq {
				out[n-1].Through = r.Seq
				continue
			}
			out = append(out, Verdict{Seq: r.Seq})
			continue
		}
		st := r.Status
		if st == Applied {
			st = ""
		}
		out = append(out, Verdict{Seq: r.Seq, Status: st, Reason: r.Reason, MessageVI: r.MessageVI, MessageEN: r.MessageEN})
	}
	return out
}

// MaxVerdictOps bounds how many results a terminal expands from one
// answer (a server answers at most twice a batch): a run that claims more
// is cut, and the ops it left out are simply sent again.
const MaxVerdictOps = 2 * MaxSyncOps

// ExpandVerdicts turns verdicts back into per-op results, without op or
// record ids (the terminal fills them from its own ops).
func ExpandVerdicts(vs []Verdict) []Result {
	var out []Result
	for _, v := range vs {
		st := v.Status
		if st == "" {
			st = Applied
		}
		last := max(v.Seq, v.Through)
		for seq := v.Seq; seq <= last && len(out) < MaxVerdictOps && seq != 0; seq++ {
			out = append(out, Result{Seq: seq, Status: st, Reason: v.Reason, MessageVI: v.MessageVI, MessageEN: v.MessageEN})
		}
	}
	return out
}

// OpResults is the answer's decisions one result per op, whichever schema
// carried them (verdicts come without ids: see FillIDs).
func (r SyncResponse) OpResults() []Result {
	if len(r.Verdicts) == 0 {
		return r.Results
	}
	return ExpandVerdicts(r.Verdicts)
}

// FillIDs completes a result that came as a verdict with the ids of the op
// it decides, which the terminal holds.
func (r *Result) FillIDs(op Op) {
	if r.OpID == "" {
		r.OpID = op.ID
	}
	if r.DossierID == "" {
		r.DossierID = op.DossierID
		if IsQuestionOp(op.Kind) {
			r.DossierID = op.QuestionID
		}
	}
}
