package motcua

import (
	"strings"
	"time"
	"unicode/utf8"
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

// maxRecordItems bounds a counter record's lists of papers, so one op
// cannot bloat the server.
const maxRecordItems = MaxDocuments

// IsCounterRecordOp reports whether kind carries a counter record.
func IsCounterRecordOp(kind OpKind) bool { return kind == OpCounterRecord }

// ApplyCounterRecord is Apply for a guidance or refusal given at the
// counter: the args are the record; exists says the store already holds a
// record with its id (the same op again: superseded, nothing written).
// Terminal and officer come from the op (the server sets them from the
// authenticated terminal), the text is cleaned as a dossier's is, and the
// record must pass CounterRecord.Check. A record never changes after.
func ApplyCounterRecord(exists bool, op Op) (CounterRecord, Result) {
	res := Result{Seq: op.Seq, OpID: op.ID}
	reject := func(err error) (CounterRecord, Result) {
		res.Status, res.Reason = Rejected, ErrorReason(err)
		res.MessageVI, res.MessageEN = ErrorMessage(err, VI), ErrorMessage(err, EN)
		return CounterRecord{}, res
	}
	if op.Kind != OpCounterRecord {
		return reject(Errorf(EINVALID, "op_kind", "kind", "Loại thao tác %q không được hỗ trợ.", "Unsupported operation %q.", op.Kind))
	}
	if !op.Role.May(op.Kind) {
		return reject(Errorf(EFORBIDDEN, "role", "", "Máy này không được ghi nhận hướng dẫn hoặc từ chối.", "This terminal may not record a guidance or a refusal."))
	}
	var r CounterRecord
	if err := decodeArgs(op.Args, &r); err != nil {
		return reject(err)
	}
	if exists {
		res.Status = Superseded
		return r, res
	}
	r, err := cleanCounterRecord(r, op)
	if err != nil {
		return reject(err)
	}
	res.Status = Applied
	return r, res
}

// cleanCounterRecord checks and cleans what a terminal sent: an id, a unit
// code, names and papers as single lines, a reason and a note within the
// note limit, and Check's rules.
func cleanCounterRecord(r CounterRecord, op Op) (CounterRecord, error) {
	if !ValidID(r.ID) {
		return r, Errorf(EINVALID, "record_id", "id", "Mã ghi nhận không hợp lệ.", "Invalid record id.")
	}
	if err := ValidateUnitCode(r.Unit); err != nil {
		return r, err
	}
	if r.At.IsZero() {
		r.At = op.ClientTime
	}
	r.Terminal, r.Officer = op.Terminal, op.Officer
	r.ProcedureCode, r.ProcedureName = SanitizeLine(r.ProcedureCode), SanitizeLine(r.ProcedureName)
	for _, p := range []*Person{&r.Applicant, r.Submitter} {
		if p == nil {
			continue
		}
		name, err := ValidateName(p.Name)
		if err != nil {
			return r, err
		}
		p.Name, p.IDNumber, p.Phone, p.Address = name, SanitizeLine(p.IDNumber), SanitizeLine(p.Phone), SanitizeLine(p.Address)
		p.IDKind, p.Sex = IDKind(SanitizeLine(string(p.IDKind))), Sex(SanitizeLine(string(p.Sex)))
		p.DOB, p.Email = SanitizeLine(p.DOB), SanitizeLine(p.Email)
	}
	if len(r.Missing) > maxRecordItems || len(r.Received) > maxRecordItems {
		return r, Errorf(EINVALID, "too_many_documents", "documents", "Quá nhiều giấy tờ (tối đa %d).", "Too many papers (at most %d).", maxRecordItems)
	}
	for _, list := range [][]string{r.Missing, r.Received} {
		for i, d := range list {
			if list[i] = SanitizeLine(d); utf8.RuneCountInString(list[i]) > MaxDocNameRunes {
				return r, Errorf(EINVALID, "too_long", "documents", "Tên giấy tờ quá dài (tối đa %d ký tự).", "A paper's name is too long (at most %d characters).", MaxDocNameRunes)
			}
		}
	}
	var err error
	if r.Reason, err = cleanText(r.Reason, MaxNoteRunes, "reason"); err != nil {
		return r, err
	}
	if r.Note, err = cleanText(r.Note, MaxNoteRunes, "note"); err != nil {
		return r, err
	}
	return r, r.Check()
}
