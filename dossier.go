package motcua

import "time"

// Channel is how a dossier reached the office (kênh).
type Channel string

const (
	ChannelCounter Channel = "counter" // trực tiếp
	ChannelHamlet  Channel = "hamlet"  // hỗ trợ tại ấp: the hamlet head helps, the citizen stays the applicant
	ChannelOnline  Channel = "online"  // trực tuyến, Zalo: arrives through the server
	ChannelPost    Channel = "post"    // bưu chính công ích
)

var channelLabels = &lazyMap[Channel, [2]string]{build: func() map[Channel][2]string {
	return map[Channel][2]string{
		ChannelCounter: {"Trực tiếp", "At the counter"},
		ChannelHamlet:  {"Hỗ trợ tại ấp", "Via hamlet head"},
		ChannelOnline:  {"Trực tuyến", "Online"},
		ChannelPost:    {"Bưu chính công ích", "Public post"},
	}
}}

// Label returns the channel's name in lang.
func (c Channel) Label(lang Lang) string {
	l, ok := channelLabels.get()[c]
	if !ok {
		return string(c)
	}
	if lang == EN {
		return l[1]
	}
	return l[0]
}

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool { _, ok := channelLabels.get()[c]; return ok }

// Person is an applicant (chủ hồ sơ) or a submitter (người nộp).
type Person struct {
	Name     string `json:"name"`
	IDKind   IDKind `json:"id_kind,omitempty"`
	IDNumber string `json:"id_number,omitempty"`
	DOB      string `json:"dob,omitempty"` // yyyy-mm-dd; a string because a birth date has no time zone
	Sex      Sex    `json:"sex,omitempty"`
	Phone    string `json:"phone,omitempty"` // normalised, 0xxxxxxxxx
	Email    string `json:"email,omitempty"`
	Address  string `json:"address,omitempty"` // free text; old records still name districts
}

// DocumentItem is one line of a dossier's documents checklist, as received.
type DocumentItem struct {
	Name      string `json:"name"`
	Originals int    `json:"originals,omitempty"`
	Certified int    `json:"certified,omitempty"`
	Copies    int    `json:"copies,omitempty"`
	Required  bool   `json:"required,omitempty"`
	Received  bool   `json:"received"`
}

// FeeItem is one fee line charged on a dossier.
type FeeItem struct {
	Name   string `json:"name"`
	Amount int64  `json:"amount"`
	Detail string `json:"detail,omitempty"`
}

// ReturnMethod is how a result was handed over.
type ReturnMethod string

const (
	ReturnCounter ReturnMethod = "counter"
	ReturnPost    ReturnMethod = "post"
	ReturnOnline  ReturnMethod = "online"
)

// Valid reports whether m is known.
func (m ReturnMethod) Valid() bool {
	return m == ReturnCounter || m == ReturnPost || m == ReturnOnline
}

// Outcome is what was handed back: a result, or the file returned
// (refused, withdrawn, stopped).
type Outcome struct {
	Kind       string       `json:"kind"` // "result" (kết quả) or "returned" (trả lại/xin rút)
	ReturnedAt time.Time    `json:"returned_at"`
	Recipient  string       `json:"recipient,omitempty"`
	Method     ReturnMethod `json:"method,omitempty"`
}

// Satisfaction is the answer to rating indicators 8 (convenience) and 9
// (overall): one of five levels (docs/DOMAIN.md "Satisfaction rating").
// The three answers of Thông tư 01/2018/TT-VPCP keep their stored values
// and their words on the five-level scale, so ratings stored before the
// scale grew read and count as they did, with no migration.
type Satisfaction string

const (
	VerySatisfied    Satisfaction = "rat_hai_long"       // level 5
	Satisfied        Satisfaction = "hai_long"           // level 4
	Neutral          Satisfaction = "binh_thuong"        // level 3
	Dissatisfied     Satisfaction = "khong_hai_long"     // level 2
	VeryDissatisfied Satisfaction = "rat_khong_hai_long" // level 1
)

// Satisfactions are the five answers, best first, as the forms list them.
var Satisfactions = []Satisfaction{VerySatisfied, Satisfied, Neutral, Dissatisfied, VeryDissatisfied}

// ThreeLevels are the answers of Thông tư 01/2018/TT-VPCP, best first: the
// reports that follow it group the five levels onto these (ThreeLevel).
var ThreeLevels = []Satisfaction{VerySatisfied, Satisfied, Dissatisfied}

// Valid reports whether s is one of the five answers.
func (s Satisfaction) Valid() bool { return s.Level() != 0 }

// Level is the answer's place on the five-level scale: 5 (very satisfied)
// to 1 (very dissatisfied); 0 for an unknown value.
func (s Satisfaction) Level() int {
	switch s {
	case VerySatisfied:
		return 5
	case Satisfied:
		return 4
	case Neutral:
		return 3
	case Dissatisfied:
		return 2
	case VeryDissatisfied:
		return 1
	}
	return 0
}

// ThreeLevel maps the answer onto Thông tư 01/2018's three: very satisfied
// and satisfied stay, neutral and both dissatisfied levels are "Không hài
// lòng" (not satisfied), as the satisfied share counts them.
func (s Satisfaction) ThreeLevel() Satisfaction {
	switch s {
	case VerySatisfied, Satisfied:
		return s
	case Neutral, Dissatisfied, VeryDissatisfied:
		return Dissatisfied
	}
	return ""
}

// Satisfied reports whether the answer counts as satisfied (levels 4 and 5).
func (s Satisfaction) Satisfied() bool { return s.Level() >= 4 }

// Label returns the answer in lang.
func (s Satisfaction) Label(lang Lang) string {
	vi, en := map[Satisfaction]string{VerySatisfied: "Rất hài lòng", Satisfied: "Hài lòng", Neutral: "Bình thường",
		Dissatisfied: "Không hài lòng", VeryDissatisfied: "Rất không hài lòng"},
		map[Satisfaction]string{VerySatisfied: "Very satisfied", Satisfied: "Satisfied", Neutral: "Neither satisfied nor dissatisfied",
			Dissatisfied: "Dissatisfied", VeryDissatisfied: "Very dissatisfied"}
	if lang == EN {
		return en[s]
	}
	return vi[s]
}

// ThreeLevelLabel names the answer's Thông tư 01/2018 level in lang (the
// reports' three-level rows): "Không hài lòng" there means not satisfied.
func (s Satisfaction) ThreeLevelLabel(lang Lang) string {
	if s == Dissatisfied && lang == EN {
		return "Not satisfied"
	}
	return s.Label(lang)
}

// Score maps an answer to the 2/1/0 scale of the nine indicators, through
// its Thông tư 01/2018 level.
func (s Satisfaction) Score() int {
	switch s.ThreeLevel() {
	case VerySatisfied:
		return 2
	case Satisfied:
		return 1
	}
	return 0
}

// Rating is a citizen's satisfaction rating of a returned dossier.
type Rating struct {
	Scores      [9]int       `json:"scores"` // 2/1/0 per indicator; 8 and 9 derived from the answers
	Convenience Satisfaction `json:"convenience"`
	Overall     Satisfaction `json:"overall"`
	Comment     string       `json:"comment,omitempty"`
	At          time.Time    `json:"at"`
	Channel     string       `json:"channel,omitempty"` // counter or public
	// FirstAt is when the citizen first rated on the public page: a new
	// rating with the key replaces it for RatingChangeWindow after it.
	FirstAt time.Time `json:"first_at,omitzero"`
	// Scale is how many levels the citizen was offered: 5 for ratings made
	// since the five-level scale; absent (0) on ratings stored before it,
	// which offered Thông tư 01/2018's three. Both read the same way.
	Scale int `json:"scale,omitempty"`
}

// Levels is the number of answers the rater was offered (3 or 5).
func (r Rating) Levels() int {
	if r.Scale == 0 {
		return 3
	}
	return r.Scale
}

// Event is one row of a dossier's history: the Phiếu kiểm soát (Mẫu 05) and
// the audit trail.
type Event struct {
	At       time.Time `json:"at"`
	Kind     OpKind    `json:"kind"`
	From     Status    `json:"from,omitempty"`
	To       Status    `json:"to,omitempty"`
	Officer  string    `json:"officer,omitempty"`
	Terminal string    `json:"terminal,omitempty"`
	OpID     string    `json:"op_id,omitempty"`
	Text     string    `json:"text,omitempty"`
	// Conflict marks an attempt that lost to a change made elsewhere; it is
	// kept so nothing an officer did vanishes.
	Conflict bool `json:"conflict,omitempty"`
}

// Dossier is an administrative dossier (hồ sơ thủ tục hành chính).
type Dossier struct {
	ID               string         `json:"id"`
	Code             string         `json:"code"`
	Unit             string         `json:"unit"`
	ProcedureCode    string         `json:"procedure_code"`
	ProcedureName    string         `json:"procedure_name"`
	ProcedureVersion int            `json:"procedure_version"`
	Channel          Channel        `json:"channel"`
	Applicant        Person         `json:"applicant"`
	Submitter        *Person        `json:"submitter,omitempty"`
	Authorised       bool           `json:"authorised,omitempty"` // the submitter holds an authorisation
	Helper           string         `json:"helper,omitempty"`     // the hamlet head who helped
	Summary          string         `json:"summary,omitempty"`    // trích yếu
	ReceivedAt       time.Time      `json:"received_at"`
	Appointment      time.Time      `json:"appointment"`
	OriginalAppt     time.Time      `json:"original_appointment,omitzero"` // before an apology moved it
	Documents        []DocumentItem `json:"documents,omitempty"`
	Fees             []FeeItem      `json:"fees,omitempty"`
	FeePaid          bool           `json:"fee_paid,omitempty"`
	Status           Status         `json:"status"`
	Version          int64          `json:"version"`
	History          []Event        `json:"history"`
	Outcome          *Outcome       `json:"outcome,omitempty"`
	Rating           *Rating        `json:"rating,omitempty"`
	Logbook          string         `json:"logbook,omitempty"` // quyển số / số thứ tự
	Supplements      int            `json:"supplements,omitempty"`
	PossibleDup      bool           `json:"possible_duplicate,omitempty"`
	CompletedAt      time.Time      `json:"completed_at,omitzero"`
	Terminal         string         `json:"terminal,omitempty"` // who received it
	Officer          string         `json:"officer,omitempty"`
	UpdatedAt        time.Time      `json:"updated_at"`
	// KeyHash is the hash of the citizen's lookup key (never the key).
	KeyHash string `json:"key_hash,omitempty"`
}

// FeeTotal is the sum of the fee lines.
func (d Dossier) FeeTotal() int64 {
	var t int64
	for _, f := range d.Fees {
		t += f.Amount
	}
	return t
}

// Rescheduled reports whether an apology moved the appointment.
func (d Dossier) Rescheduled() bool { return !d.OriginalAppt.IsZero() }

// Clone returns a deep copy, so Apply never aliases its input.
func (d Dossier) Clone() Dossier {
	c := d
	if d.Submitter != nil {
		s := *d.Submitter
		c.Submitter = &s
	}
	c.Documents = append([]DocumentItem(nil), d.Documents...)
	c.Fees = append([]FeeItem(nil), d.Fees...)
	c.History = append([]Event(nil), d.History...)
	if d.Outcome != nil {
		o := *d.Outcome
		c.Outcome = &o
	}
	if d.Rating != nil {
		r := *d.Rating
		c.Rating = &r
	}
	return c
}
