package motcua

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// OpKind names an officer's action. Ops are intentions: the server replays
// them through Apply, so both sides agree by construction.
type OpKind string

const (
	OpReceive    OpKind = "receive"
	OpTransition OpKind = "transition"
	OpSetField   OpKind = "set_field"
	OpNote       OpKind = "note"
	OpReschedule OpKind = "reschedule" // an apology letter (Mẫu 04) moves the appointment
	OpRate       OpKind = "rate"
	OpAsk        OpKind = "ask"    // a question logged at the counter
	OpAnswer     OpKind = "answer" // an answer to a question
	OpConflict   OpKind = "conflict"
	// OpCounterRecord carries a guidance (Mẫu 02) or a refusal (Mẫu 03)
	// given at the counter to the server: no dossier, its args are the
	// motcua.CounterRecord (counter_record.go).
	OpCounterRecord OpKind = "counter_record"
)

// Role limits what a terminal may do.
type Role string

const (
	RoleCounter Role = "counter"
	RoleHamlet  Role = "hamlet"
	RoleServer  Role = "server"
)

// Valid reports whether r is known.
func (r Role) Valid() bool { return r == RoleCounter || r == RoleHamlet || r == RoleServer }

// Label names the role in l, with the code the admin types (`--role`)
// beside it; an unknown role is shown as it is.
func (r Role) Label(l Lang) string {
	n, ok := roleNames.get()[r]
	if !ok {
		return string(r)
	}
	if l == EN {
		return n[1] + " (" + string(r) + ")"
	}
	return n[0] + " (" + string(r) + ")"
}

var roleNames = &lazyMap[Role, [2]string]{build: func() map[Role][2]string {
	return map[Role][2]string{
		RoleCounter: {"cán bộ một cửa", "counter officer"},
		RoleHamlet:  {"trưởng ấp, khóm", "hamlet head"},
		RoleServer:  {"máy chủ", "server"},
	}
}}

// roleOps are the ops of the roles that may not make every op: a hamlet
// head receives dossiers brought from the hamlet, adds notes, logs and
// answers questions, and gives guidance or refuses a file it cannot receive
// (a reception lacking a required paper has no other path); moving,
// correcting, rescheduling and rating a dossier need a counter officer.
var roleOps = &lazyMap[Role, []OpKind]{build: func() map[Role][]OpKind {
	return map[Role][]OpKind{
		RoleHamlet: {OpReceive, OpNote, OpAsk, OpAnswer, OpCounterRecord},
	}
}}

// May reports whether a terminal of role r may make an op of kind k: the
// rule Apply enforces and the UI's action list follows.
func (r Role) May(k OpKind) bool {
	ops, limited := roleOps.get()[r]
	if !limited {
		return true
	}
	for _, o := range ops {
		if o == k {
			return true
		}
	}
	return false
}

// Op is one entry of a terminal's outbox, and the unit of sync.
type Op struct {
	Seq         uint64          `json:"seq"`
	ID          string          `json:"op_id"`
	Kind        OpKind          `json:"kind"`
	DossierID   string          `json:"dossier_id,omitempty"`
	QuestionID  string          `json:"question_id,omitempty"`
	BaseVersion int64           `json:"base_version"`
	ClientTime  time.Time       `json:"client_time"`
	Terminal    string          `json:"terminal,omitempty"`
	Officer     string          `json:"officer,omitempty"`
	Role        Role            `json:"role,omitempty"`
	Args        json.RawMessage `json:"args"`
}

// Hash is the op's digest, used by the server to detect a forked terminal:
// the same (terminal, seq) with another hash.
func (o Op) Hash() string {
	h := sha256.New()
	b, _ := json.Marshal(struct {
		Seq       uint64          `json:"seq"`
		ID        string          `json:"op_id"`
		Kind      OpKind          `json:"kind"`
		DossierID string          `json:"dossier_id"`
		Question  string          `json:"question_id"`
		Args      json.RawMessage `json:"args"`
	}{o.Seq, o.ID, o.Kind, o.DossierID, o.QuestionID, o.Args})
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// ReceiveArgs is a reception: the dossier as the officer confirmed it, with
// the code and appointment the terminal issued.
type ReceiveArgs struct {
	Code             string         `json:"code"`
	Unit             string         `json:"unit"`
	ProcedureCode    string         `json:"procedure_code"`
	ProcedureName    string         `json:"procedure_name"`
	ProcedureVersion int            `json:"procedure_version"`
	Channel          Channel        `json:"channel"`
	Applicant        Person         `json:"applicant"`
	Submitter        *Person        `json:"submitter,omitempty"`
	Authorised       bool           `json:"authorised,omitempty"`
	Helper           string         `json:"helper,omitempty"`
	Summary          string         `json:"summary,omitempty"`
	ReceivedAt       time.Time      `json:"received_at"`
	Appointment      time.Time      `json:"appointment"`
	Documents        []DocumentItem `json:"documents,omitempty"`
	Fees             []FeeItem      `json:"fees,omitempty"`
	FeePaid          bool           `json:"fee_paid,omitempty"`
	Logbook          string         `json:"logbook,omitempty"`
	Note             string         `json:"note,omitempty"`
	// LookupKey is the citizen's key (lookupkey.go); the server keeps only
	// its hash in the dossier.
	LookupKey string `json:"lookup_key,omitempty"`
}

// TransitionArgs moves a dossier from one status to another.
type TransitionArgs struct {
	From   Status `json:"from"`
	To     Status `json:"to"`
	Reason string `json:"reason,omitempty"`
	// Documents lists what a supplement request asks for (Mẫu 02).
	Documents []string `json:"documents,omitempty"`
	// Recipient and Method describe a hand-over (to 10).
	Recipient string       `json:"recipient,omitempty"`
	Method    ReturnMethod `json:"method,omitempty"`
	// Appointment, when set on 5→4, is the new appointment the supplement
	// policy gives (computed by the caller, which holds the calendar).
	Appointment time.Time `json:"appointment,omitzero"`
	// Override allows a second supplement request in one stage; it is logged.
	Override bool `json:"override,omitempty"`
}

// SetFieldArgs changes one field, with the value the officer saw, so a
// concurrent change elsewhere is detected rather than overwritten.
type SetFieldArgs struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
	// Reason is required to correct an identity field (IsIdentityField).
	Reason string `json:"reason,omitempty"`
}

// NoteArgs appends a note to the history.
type NoteArgs struct {
	Text string `json:"text"`
}

// RescheduleArgs records an apology (Mẫu 04) and moves the appointment.
type RescheduleArgs struct {
	Reason string    `json:"reason"`
	Old    time.Time `json:"old"`
	New    time.Time `json:"new"`
}

// RateArgs records the satisfaction rating after a return.
type RateArgs struct {
	Convenience Satisfaction `json:"convenience"`
	Overall     Satisfaction `json:"overall"`
	Scores      []int        `json:"scores,omitempty"` // indicators 1–7 when asked, 2/1/0
	Comment     string       `json:"comment,omitempty"`
	Channel     string       `json:"channel,omitempty"`
	// Scale is the number of answers the rater was offered: 5 now; absent
	// on ops queued by a version that offered Thông tư 01/2018's three,
	// whose answers must then be one of those three.
	Scale int `json:"scale,omitempty"`
}

// NewOp builds an op with args marshalled; seq and ids are filled by the store.
func NewOp(kind OpKind, dossierID string, args any) (Op, error) {
	b, err := json.Marshal(args)
	if err != nil {
		return Op{}, err
	}
	return Op{Kind: kind, DossierID: dossierID, Args: b}, nil
}

// ResultStatus is the server's verdict on an op (docs/DESIGN.md §5).
type ResultStatus string

const (
	Applied    ResultStatus = "applied"
	Superseded ResultStatus = "superseded"
	Conflicted ResultStatus = "conflict"
	Rejected   ResultStatus = "rejected"
)

// Result is the outcome of applying one op.
type Result struct {
	Seq            uint64       `json:"seq"`
	OpID           string       `json:"op_id,omitempty"`
	DossierID      string       `json:"dossier_id,omitempty"`
	Status         ResultStatus `json:"status"`
	Reason         string       `json:"reason,omitempty"`
	MessageVI      string       `json:"message_vi,omitempty"`
	MessageEN      string       `json:"message_en,omitempty"`
	DossierVersion int64        `json:"dossier_version"`
}

// Message returns the result's sentence in lang.
func (r Result) Message(lang Lang) string {
	if lang == EN {
		return r.MessageEN
	}
	return r.MessageVI
}
