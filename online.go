package motcua

import "time"

// OnlineSubmission is a dossier submitted on the public page /nop-ho-so
// (docs/DESIGN.md §10): the server issues its code from its own lane, with
// status 1 (Mới đăng ký), until an officer accepts or refuses it.
type OnlineSubmission struct {
	Unit          string `json:"unit"`
	ProcedureCode string `json:"procedure_code"`
	Applicant     Person `json:"applicant"`
	Note          string `json:"note,omitempty"`
}

// OnlineReceipt is what the citizen is shown (and prints) after submitting.
type OnlineReceipt struct {
	Code        string         `json:"code"`
	Check       int            `json:"check"`
	Key         string         `json:"key"` // shown once: the server keeps its hash
	Unit        Unit           `json:"unit"`
	Procedure   string         `json:"procedure"`
	ReceivedAt  time.Time      `json:"received_at"`
	Appointment time.Time      `json:"appointment"` // an estimate: it counts from the acceptance
	Documents   []DocumentItem `json:"documents"`
	Fees        []FeeItem      `json:"fees"`
}

// FeeTotal is the sum of the receipt's fee lines.
func (r OnlineReceipt) FeeTotal() int64 {
	var t int64
	for _, f := range r.Fees {
		t += f.Amount
	}
	return t
}

// ValidateApplicant cleans and checks an applicant with the terminal's
// rules; an error names its field ("applicant.phone", …) for the form.
func ValidateApplicant(p Person, now time.Time) (Person, error) {
	return cleanPerson(p, "applicant", now)
}
