package motcua

import (
	"strings"
	"time"
)

// CounterRecordKind names what happened at the counter when a file was NOT
// received: the law gives the officer two paths for an incomplete or
// ineligible file, and neither creates a dossier or a tracking code.
type CounterRecordKind string

const (
	// CounterGuidance is the guidance to complete a file (Mẫu 02 given at
	// the counter): the citizen leaves with the list of missing papers.
	CounterGuidance CounterRecordKind = "guidance"
	// CounterRefusal is a refusal to receive (Mẫu 03), with its reason.
	CounterRefusal CounterRecordKind = "refusal"
)

// Valid reports whether k is known.
func (k CounterRecordKind) Valid() bool { return k == CounterGuidance || k == CounterRefusal }

// Label is the kind in the officer's language, with its form number.
func (k CounterRecordKind) Label(lang Lang) string {
	switch {
	case k == CounterGuidance && lang == EN:
		return "Guidance to complete (form 02)"
	case k == CounterGuidance:
		return "Hướng dẫn bổ sung (Mẫu 02)"
	case k == CounterRefusal && lang == EN:
		return "Refusal to receive (form 03)"
	case k == CounterRefusal:
		return "Từ chối tiếp nhận (Mẫu 03)"
	}
	return string(k)
}

// CounterRecord is one guidance (Mẫu 02) or refusal (Mẫu 03) given at the
// counter. It is logged and counted per day like a reception, but it is no
// dossier: it has no code and no appointment, and it never changes.
type CounterRecord struct {
	ID            string            `json:"id"`
	Kind          CounterRecordKind `json:"kind"`
	At            time.Time         `json:"at"`
	Unit          string            `json:"unit"`
	Terminal      string            `json:"terminal,omitempty"`
	Officer       string            `json:"officer"`
	ProcedureCode string            `json:"procedure_code"`
	ProcedureName string            `json:"procedure_name"`
	Applicant     Person            `json:"applicant"`
	Submitter     *Person           `json:"submitter,omitempty"`
	// Missing are the required papers the citizen did not bring (the list
	// Mẫu 02 hands over; on a refusal, what was missing if that was why).
	Missing []string `json:"missing,omitempty"`
	// Received are the papers the citizen did show.
	Received []string `json:"received,omitempty"`
	// Reason is why the file was refused (required on a refusal).
	Reason string `json:"reason,omitempty"`
	Note   string `json:"note,omitempty"`
}

// Check validates a record before it is stored: a known kind, a procedure,
// the applicant's name, and a reason on a refusal.
func (r CounterRecord) Check() error {
	switch {
	case !r.Kind.Valid():
		return Errorf(EINVALID, "record_kind", "kind", "Loại ghi nhận %q không hợp lệ.", "Record kind %q is not valid.", string(r.Kind))
	case strings.TrimSpace(r.ProcedureCode) == "":
		return Errorf(EINVALID, "record_procedure", "procedure", "Chưa chọn thủ tục.", "No procedure chosen.")
	case strings.TrimSpace(r.Applicant.Name) == "":
		return Errorf(EINVALID, "record_applicant", "name", "Thiếu họ tên người dân.", "The citizen's name is missing.")
	case r.Kind == CounterRefusal && strings.TrimSpace(r.Reason) == "":
		return Errorf(EINVALID, "record_reason", "reason", "Từ chối tiếp nhận phải ghi rõ lý do.", "A refusal must state its reason.")
	case r.Kind == CounterGuidance && len(r.Missing) == 0:
		return Errorf(EINVALID, "record_missing", "documents", "Hướng dẫn bổ sung phải nêu giấy tờ còn thiếu.", "A guidance must list the missing papers.")
	}
	return nil
}

// CounterCounts are a day's guidance and refusals at the counter.
type CounterCounts struct {
	Guidance int `json:"guidance"`
	Refusals int `json:"refusals"`
}

// MissingRequired names the required documents of a checklist that were not
// received: a file with any of them cannot be received (no dossier, no
// code); the officer gives guidance (Mẫu 02) or refuses (Mẫu 03) instead.
func MissingRequired(docs []DocumentItem) []string {
	var out []string
	for _, d := range docs {
		if d.Required && !d.Received {
			out = append(out, d.Name)
		}
	}
	return out
}

// ErrMissingRequired is a reception whose checklist lacks required papers.
func ErrMissingRequired(missing []string) error {
	list := strings.Join(missing, "; ")
	return Errorf(EINVALID, "missing_required", "documents",
		"Thiếu giấy tờ bắt buộc (%s): không tiếp nhận được. Hãy hướng dẫn bổ sung (Mẫu 02) hoặc từ chối (Mẫu 03).",
		"Required papers are missing (%s): the file cannot be received. Give guidance (form 02) or refuse it (form 03).", list)
}
