package motcua

import (
	"strings"
	"time"
)

// CitizenView is what the public lookup page shows of a dossier
// (docs/DESIGN.md §10). Without the dossier's key only the procedure, the
// status and the appointment are filled, and a code that does not exist
// gives the same shape (Found false), so the answer tells an outsider as
// little as possible.
type CitizenView struct {
	Code          string    `json:"code"`
	Found         bool      `json:"found"`
	Keyed         bool      `json:"keyed"` // the key matched: the fields below are filled
	ProcedureName string    `json:"procedure_name"`
	Status        Status    `json:"status"`
	Appointment   time.Time `json:"appointment,omitzero"`

	Unit        Unit           `json:"unit,omitzero"`
	ReceivedAt  time.Time      `json:"received_at,omitzero"`
	Applicant   string         `json:"applicant,omitempty"` // initials: the page may be read over a shoulder
	Channel     Channel        `json:"channel,omitempty"`
	Timeline    []TimelineStep `json:"timeline,omitempty"`
	Missing     []string       `json:"missing,omitempty"` // what a supplement request or a refusal asks for
	Reason      string         `json:"reason,omitempty"`  // why it was refused, stopped or returned
	FeeDue      int64          `json:"fee_due,omitempty"`
	FeePaid     bool           `json:"fee_paid,omitempty"`
	Outcome     *Outcome       `json:"outcome,omitempty"`
	Rating      *Rating        `json:"rating,omitempty"`
	Questions   []Question     `json:"questions,omitempty"`
	CanRate     bool           `json:"can_rate,omitempty"`
	RateUntil   time.Time      `json:"rate_until,omitzero"` // a rating can be changed until then
	Documents   []DocumentItem `json:"documents,omitempty"`
	CompletedAt time.Time      `json:"completed_at,omitzero"`
}

// TimelineStep is one row of the citizen's timeline, in the manner of the
// control sheet (Mẫu 05): when, what it became, and what was said.
type TimelineStep struct {
	At     time.Time `json:"at"`
	Status Status    `json:"status"`
	Text   string    `json:"text,omitempty"`
}

// CitizenViewOf builds the view of d; keyed says whether the key matched.
// Officers' names, terminals and conflicts stay inside the office.
func CitizenViewOf(d Dossier, keyed bool, now time.Time) CitizenView {
	v := CitizenView{Code: d.Code, Found: true, ProcedureName: SanitizeLine(d.ProcedureName), Status: d.Status, Appointment: d.Appointment}
	if !keyed {
		return v
	}
	v.Keyed = true
	v.ReceivedAt, v.Applicant, v.Channel = d.ReceivedAt, Initials(d.Applicant.Name), d.Channel
	v.FeeDue, v.FeePaid, v.Outcome, v.CompletedAt = d.FeeTotal(), d.FeePaid, d.Outcome, d.CompletedAt
	v.Documents = d.Documents
	for _, ev := range d.History {
		if ev.Conflict || ev.To == 0 || ev.Kind != OpReceive && ev.Kind != OpTransition {
			continue
		}
		step := TimelineStep{At: ev.At, Status: ev.To}
		text, list := splitList(ev.Text)
		if ev.To != StatusReceived && ev.To != StatusRegistered && ev.To != StatusReturned {
			step.Text = text // a note at reception or the recipient's name is the office's
		}
		v.Timeline = append(v.Timeline, step)
		if ev.To == d.Status {
			v.Missing, v.Reason = list, text
		}
	}
	if d.Status != StatusSupplement && d.Status != StatusRefused {
		v.Missing = nil
	}
	if d.Status != StatusRefused && d.Status != StatusStopped && d.Status != StatusWithdrawn && d.Status != StatusSupplement {
		v.Reason = ""
	}
	if d.Rating != nil {
		r := *d.Rating
		r.Comment = Sanitize(r.Comment)
		v.Rating = &r
	}
	v.CanRate = d.Status == StatusReturned && (d.Rating == nil || replacesRating(d.Rating, Rating{Channel: "public", At: now}))
	if v.CanRate && d.Rating != nil {
		v.RateUntil = d.Rating.FirstAt.Add(RatingChangeWindow)
	}
	return v
}

// splitList separates a transition's text into its reason and the "- item"
// lines a supplement request appends (apply.go).
func splitList(s string) (string, []string) {
	var head []string
	var list []string
	for _, l := range strings.Split(s, "\n") {
		if len(l) > 2 && l[:2] == "- " {
			list = append(list, l[2:])
		} else if l != "" {
			head = append(head, l)
		}
	}
	return strings.Join(head, " "), list
}
