package motcua

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on free text, so one op can never bloat a record without bound.
const (
	MaxNoteRunes    = 2000
	MaxFieldRunes   = 500
	MaxDocuments    = 100
	MaxDocNameRunes = 300
)

// Apply validates op against the current dossier (nil when none exists) and
// returns the dossier after it and the verdict. It is pure: the terminal uses
// it to show an action's effect at once, the server to decide it. A rejected
// or superseded op returns the input unchanged.
func Apply(cur *Dossier, op Op) (Dossier, Result) {
	res := Result{Seq: op.Seq, OpID: op.ID, DossierID: op.DossierID}
	var out Dossier
	if cur != nil {
		out = cur.Clone()
	}
	reject := func(err error) (Dossier, Result) {
		res.Status = Rejected
		res.Reason = ErrorReason(err)
		res.MessageVI = ErrorMessage(err, VI)
		res.MessageEN = ErrorMessage(err, EN)
		if cur != nil {
			res.DossierVersion = cur.Version
			return cur.Clone(), res
		}
		return Dossier{}, res
	}
	if cur != nil && op.ID != "" && cur.hasOp(op.ID) {
		// The same op again (a replay, a rebase on a copy that has it): it
		// is in already, and applying it twice would write it twice.
		res.Status, res.DossierVersion = Superseded, cur.Version
		return out, res
	}
	if op.Kind != OpReceive && cur == nil {
		return reject(Errorf(ENOTFOUND, "dossier_not_found", "dossier_id",
			"Không tìm thấy hồ sơ %s.", "Dossier %s not found.", op.DossierID))
	}
	if !op.Role.May(op.Kind) {
		return reject(Errorf(EFORBIDDEN, "role_hamlet", "",
			"Trưởng ấp chỉ được tiếp nhận hồ sơ và ghi chú; thao tác này cần cán bộ một cửa.",
			"A hamlet head may only receive dossiers and add notes; this needs a counter officer."))
	}
	ev := Event{At: op.ClientTime, Kind: op.Kind, Officer: op.Officer, Terminal: op.Terminal, OpID: op.ID}
	var (
		verdict ResultStatus
		err     error
	)
	switch op.Kind {
	case OpReceive:
		verdict, err = applyReceive(cur, &out, op, ev)
	case OpTransition:
		verdict, err = applyTransition(&out, op, ev)
	case OpSetField:
		verdict, err = applySetField(&out, op, ev)
	case OpNote:
		verdict, err = applyNote(&out, op, ev)
	case OpReschedule:
		verdict, err = applyReschedule(&out, op, ev)
	case OpRate:
		verdict, err = applyRate(&out, op, ev)
	default:
		err = Errorf(EINVALID, "op_kind", "kind", "Loại thao tác %q không được hỗ trợ.", "Unsupported operation %q.", op.Kind)
	}
	if err != nil {
		return reject(err)
	}
	res.Status = verdict
	switch verdict {
	case Applied, Conflicted:
		out.Version++
		out.UpdatedAt = op.ClientTime
	case Superseded:
		out = cur.Clone()
	}
	res.DossierVersion = out.Version
	res.MessageVI, res.MessageEN = verdictMessage(verdict, op, cur, out)
	return out, res
}

// decodeArgs decodes strictly: unknown fields and trailing data are errors,
// because an op is a contract between versions of the program.
func decodeArgs(raw json.RawMessage, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return Errorf(EINVALID, "bad_args", "args", "Dữ liệu thao tác không hợp lệ: %v.", "Invalid operation data: %v.", err)
	}
	if dec.More() {
		return Errorf(EINVALID, "bad_args", "args", "Dữ liệu thao tác thừa phần cuối.", "Trailing data after operation arguments.")
	}
	return nil
}

// hasOp reports whether the op with this id is in the dossier's history.
func (d *Dossier) hasOp(id string) bool {
	for _, ev := range d.History {
		if ev.OpID == id {
			return true
		}
	}
	return false
}

func applyReceive(cur *Dossier, out *Dossier, op Op, ev Event) (ResultStatus, error) {
	var a ReceiveArgs
	if err := decodeArgs(op.Args, &a); err != nil {
		return "", err
	}
	cleanReceiveText(&a)
	if cur != nil {
		return "", Errorf(ECONFLICT, "dossier_exists", "dossier_id", "Hồ sơ %s đã tồn tại.", "Dossier %s already exists.", op.DossierID)
	}
	if !ValidID(op.DossierID) {
		return "", Errorf(EINVALID, "dossier_id", "dossier_id", "Mã định danh hồ sơ %q không hợp lệ.", "Invalid dossier id %q.", op.DossierID)
	}
	code, err := receptionCode(a)
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(a.ProcedureCode) == "" {
		return "", Errorf(EINVALID, "procedure_missing", "procedure", "Chưa chọn thủ tục.", "No procedure chosen.")
	}
	if a.Channel == "" {
		a.Channel = ChannelCounter
	}
	if !a.Channel.Valid() {
		return "", Errorf(EINVALID, "channel", "channel", "Kênh tiếp nhận %q không hợp lệ.", "Unknown channel %q.", a.Channel)
	}
	if a.Applicant, err = cleanPerson(a.Applicant, "applicant", op.ClientTime); err != nil {
		return "", err
	}
	if a.Submitter != nil {
		s, err := cleanPerson(*a.Submitter, "submitter", op.ClientTime)
		if err != nil {
			return "", err
		}
		a.Submitter = &s
	}
	if len(a.Documents) > MaxDocuments {
		return "", Errorf(EINVALID, "too_many_documents", "documents", "Quá nhiều giấy tờ (tối đa %d).", "Too many documents (at most %d).", MaxDocuments)
	}
	for i := range a.Documents {
		d := &a.Documents[i]
		d.Name = SanitizeLine(d.Name)
		if d.Name == "" || utf8.RuneCountInString(d.Name) > MaxDocNameRunes || d.Originals < 0 || d.Certified < 0 || d.Copies < 0 {
			return "", Errorf(EINVALID, "document", "documents", "Giấy tờ thứ %d không hợp lệ.", "Document %d is invalid.", i+1)
		}
	}
	for _, f := range a.Fees {
		if f.Amount < 0 {
			return "", Errorf(EINVALID, "fee_negative", "fees", "Lệ phí không được âm.", "A fee cannot be negative.")
		}
	}
	summary, err := cleanText(a.Summary, MaxFieldRunes, "summary")
	if err != nil {
		return "", err
	}
	*out = Dossier{
		ID: op.DossierID, Code: code.String(), Unit: a.Unit,
		ProcedureCode: SanitizeLine(a.ProcedureCode), ProcedureName: SanitizeLine(a.ProcedureName), ProcedureVersion: a.ProcedureVersion,
		Channel: a.Channel, Applicant: a.Applicant, Submitter: a.Submitter, Authorised: a.Authorised,
		Helper: SanitizeLine(a.Helper), Summary: summary, ReceivedAt: a.ReceivedAt, Appointment: a.Appointment,
		Documents: a.Documents, Fees: a.Fees, FeePaid: a.FeePaid, Logbook: SanitizeLine(a.Logbook),
		Status: StatusReceived, Terminal: op.Terminal, Officer: op.Officer,
		KeyHash: HashLookupKey(a.LookupKey),
	}
	ev.To = StatusReceived
	if a.Channel == ChannelOnline && op.Role == RoleServer {
		// Submitted on the public page: registered until an officer accepts it (1→2).
		out.Status, ev.To = StatusRegistered, StatusRegistered
	}
	ev.Text, _ = cleanText(a.Note, MaxNoteRunes, "note")
	out.History = []Event{ev}
	return Applied, nil
}

// receptionCode checks a reception's code: of its unit, dated on the
// reception day, with an appointment not before it.
func receptionCode(a ReceiveArgs) (Code, error) {
	if err := ValidateUnitCode(a.Unit); err != nil {
		return Code{}, err
	}
	code, err := ParseCode(a.Code)
	if err != nil {
		return Code{}, err
	}
	if code.Unit != a.Unit {
		return Code{}, Errorf(EINVALID, "code_unit", "code", "Mã hồ sơ %s không thuộc đơn vị %s.", "Code %s does not belong to unit %s.", a.Code, a.Unit)
	}
	if a.ReceivedAt.IsZero() || code.Date != a.ReceivedAt.In(VNZone).Format("060102") {
		return Code{}, Errorf(EINVALID, "code_date", "code", "Ngày trong mã %s không khớp ngày tiếp nhận.", "The date in code %s does not match the reception date.", a.Code)
	}
	if a.Appointment.Before(a.ReceivedAt) {
		return Code{}, Errorf(EINVALID, "appointment_before", "appointment", "Ngày hẹn trả trước ngày tiếp nhận.", "The appointment is before the reception.")
	}
	return code, nil
}

// cleanPerson judges the ID number at the op's own time, so the terminal
// and the server, deciding the same op at different moments, agree.
func cleanPerson(p Person, field string, at time.Time) (Person, error) {
	var err error
	if p.Name, err = ValidateName(p.Name); err != nil {
		return p, prefixField(err, field)
	}
	if p.Phone != "" {
		if p.Phone, _, err = NormalizePhone(p.Phone); err != nil {
			return p, prefixField(err, field)
		}
	}
	if p.Email, err = ValidateEmail(p.Email); err != nil {
		return p, prefixField(err, field)
	}
	if p.IDNumber != "" {
		// Warnings were shown to the officer before confirming; only errors stop an op.
		if p.IDNumber, _, err = ValidateIDNumber(p.IDKind, p.IDNumber, time.Time{}, SexUnknown, at); err != nil {
			return p, prefixField(err, field)
		}
	}
	if p.DOB != "" {
		if _, e := time.Parse("2006-01-02", p.DOB); e != nil {
			return p, Errorf(EINVALID, "dob", field+".dob", "Ngày sinh %q không hợp lệ.", "Invalid date of birth %q.", p.DOB)
		}
	}
	p.Address = SanitizeLine(p.Address)
	if utf8.RuneCountInString(p.Address) > MaxFieldRunes {
		return p, Errorf(EINVALID, "too_long", field+".address", "Địa chỉ quá dài (tối đa %d ký tự).", "Address too long (at most %d characters).", MaxFieldRunes)
	}
	return p, nil
}

func prefixField(err error, prefix string) error {
	if e, ok := err.(*Error); ok {
		c := *e
		c.Field = prefix + "." + c.Field
		return &c
	}
	return err
}

func cleanText(s string, limit int, field string) (string, error) {
	s = strings.TrimSpace(Sanitize(s))
	if n := utf8.RuneCountInString(s); n > limit {
		return "", Errorf(EINVALID, "too_long", field, "Nội dung quá dài: %d ký tự (tối đa %d).", "Text too long: %d characters (at most %d).", n, limit)
	}
	return s, nil
}

func applyTransition(out *Dossier, op Op, ev Event) (ResultStatus, error) {
	var a TransitionArgs
	if err := decodeArgs(op.Args, &a); err != nil {
		return "", err
	}
	if err := CheckTransition(a); err != nil {
		return "", err
	}
	reason, err := cleanText(a.Reason, MaxNoteRunes, "reason")
	if err != nil {
		return "", err
	}
	ev.From, ev.To, ev.Text = a.From, a.To, reason
	switch out.Status {
	case a.To:
		return Superseded, nil
	case a.From:
	default:
		ev.Conflict = true
		ev.Text = strings.TrimSpace(fmt.Sprintf("%s [hồ sơ đã ở trạng thái %d]", reason, out.Status))
		out.History = append(out.History, ev)
		return Conflicted, nil
	}
	if a.To == StatusSupplement && out.Supplements > 0 && !a.Override {
		if op.BaseVersion != 0 && op.BaseVersion < out.Version {
			// The officer asked before seeing the first request (another
			// terminal's): a conflict to review, kept in the history.
			ev.Conflict = true
			out.History = append(out.History, ev)
			return Conflicted, nil
		}
		return "", Errorf(EINVALID, "supplement_once", "to",
			"Hồ sơ đã được yêu cầu bổ sung một lần; yêu cầu lần nữa cần ghi rõ lý do ngoại lệ.",
			"A supplement was already requested once; another needs a logged override.")
	}
	for _, d := range a.Documents {
		if s := SanitizeLine(d); s != "" {
			ev.Text += "\n- " + s
		}
	}
	out.Status = a.To
	enterStatus(out, op, a, &ev, reason)
	out.History = append(out.History, ev)
	return Applied, nil
}

// enterStatus applies what entering a.To does to the dossier and its
// history event: the supplement count, the appointment kept or recomputed,
// the completion time, the outcome.
func enterStatus(out *Dossier, op Op, a TransitionArgs, ev *Event, reason string) {
	switch a.To {
	case StatusSupplement:
		out.Supplements++
	case StatusReceived:
		// An online dossier's appointment counts from its acceptance.
		if a.From == StatusRegistered && !a.Appointment.IsZero() {
			out.Appointment = a.Appointment
		}
	case StatusProcessing:
		// Back from waiting on the citizen: the appointment the caller
		// recomputed (ResumeAppointment), written into the history.
		if (a.From == StatusSupplement || a.From == StatusPayment) && !a.Appointment.IsZero() && !a.Appointment.Equal(out.Appointment) {
			ev.Text = strings.TrimSpace(ev.Text + "\n" + fmt.Sprintf("Hẹn trả tính lại: %s → %s (thời gian chờ công dân không tính)",
				FormatDateTime(out.Appointment), FormatDateTime(a.Appointment)))
			out.Appointment = a.Appointment
		}
	case StatusDone:
		out.CompletedAt = op.ClientTime
	case StatusReturned:
		recipient := CleanName(a.Recipient)
		out.Outcome = &Outcome{Kind: "result", ReturnedAt: op.ClientTime, Recipient: recipient, Method: a.Method}
		ev.Text = strings.TrimSpace(recipient + " (" + string(a.Method) + ") " + reason)
	case StatusRefused, StatusWithdrawn:
		out.Outcome = &Outcome{Kind: "returned", ReturnedAt: op.ClientTime, Recipient: CleanName(a.Recipient), Method: a.Method}
		if out.CompletedAt.IsZero() {
			out.CompletedAt = op.ClientTime
		}
	case StatusStopped:
		out.CompletedAt = op.ClientTime
	}
}

// CheckTransition validates a transition's arguments alone: that it is legal
// and carries what the law requires (a reason, a list, a recipient). The UI
// calls it before offering "save".
func CheckTransition(a TransitionArgs) error {
	if !a.From.Valid() || !a.To.Valid() || !CanTransition(a.From, a.To) {
		return &Error{Code: EINVALID, Reason: "illegal_transition", Field: "to",
			VI: fmt.Sprintf("Không được chuyển hồ sơ từ “%s” sang “%s”.", a.From.Label(VI), a.To.Label(VI)),
			EN: fmt.Sprintf("A dossier cannot move from “%s” to “%s”.", a.From.Label(EN), a.To.Label(EN))}
	}
	blank := strings.TrimSpace(a.Reason) == ""
	switch a.To {
	case StatusRefused, StatusStopped:
		if blank {
			return &Error{Code: EINVALID, Reason: "reason_required", Field: "reason",
				VI: "Cần ghi lý do " + strings.ToLower(a.To.ActionLabel(VI)) + ".",
				EN: "A reason is required to " + strings.ToLower(a.To.ActionLabel(EN)) + "."}
		}
	case StatusSupplement:
		if blank || len(a.Documents) == 0 {
			return Errorf(EINVALID, "supplement_required", "documents",
				"Yêu cầu bổ sung cần lý do và danh sách giấy tờ cần bổ sung.",
				"A supplement request needs a reason and the list of documents.")
		}
	case StatusReturned:
		if strings.TrimSpace(a.Recipient) == "" || !a.Method.Valid() {
			return Errorf(EINVALID, "return_required", "recipient",
				"Trả kết quả cần tên người nhận và hình thức trả (tại quầy, bưu chính, trực tuyến).",
				"Returning a result needs the recipient and the method (counter, post, online).")
		}
	}
	return nil
}

// Fields an officer may change after reception.
var settableFields = &lazyMap[string, bool]{build: func() map[string]bool {
	return map[string]bool{
		"applicant.phone": true, "applicant.email": true, "applicant.address": true, "applicant.name": true,
		"summary": true, "logbook": true, "fee_paid": true,
	}
}}

// FieldValue is the current value of a settable field, as a SetField op's
// Old expects it.
func FieldValue(d Dossier, field string) string { return fieldValue(&d, field) }

func fieldValue(d *Dossier, f string) string {
	if identityFields.get()[f] {
		return identityValue(d.Applicant, f)
	}
	switch f {
	case "applicant.phone":
		return d.Applicant.Phone
	case "applicant.email":
		return d.Applicant.Email
	case "applicant.address":
		return d.Applicant.Address
	case "applicant.name":
		return d.Applicant.Name
	case "summary":
		return d.Summary
	case "logbook":
		return d.Logbook
	case "fee_paid":
		return strconv.FormatBool(d.FeePaid)
	}
	return ""
}

func applySetField(out *Dossier, op Op, ev Event) (ResultStatus, error) {
	var a SetFieldArgs
	if err := decodeArgs(op.Args, &a); err != nil {
		return "", err
	}
	if a.Field == FieldKeyHash {
		return applyRekey(out, a, ev)
	}
	if !settableFields.get()[a.Field] && !identityFields.get()[a.Field] {
		return "", Errorf(EINVALID, "field_unknown", "field", "Không sửa được trường %q.", "Field %q cannot be changed.", a.Field)
	}
	v, err := normaliseFieldAt(a.Field, a.New, op.ClientTime)
	if err != nil {
		return "", err
	}
	reason, err := cleanText(a.Reason, MaxNoteRunes, "reason")
	if err != nil {
		return "", err
	}
	if identityFields.get()[a.Field] && reason == "" {
		return "", Errorf(EINVALID, "reason_required", "reason",
			"Sửa số giấy tờ, ngày sinh hay giới tính cần ghi lý do (ví dụ: gõ nhầm khi tiếp nhận).",
			"Correcting the ID number, date of birth or sex needs a reason (e.g. mistyped at reception).")
	}
	ev.Text = fmt.Sprintf("%s: %s → %s", a.Field, fieldValue(out, a.Field), v)
	if reason != "" {
		ev.Text += " (lý do: " + reason + ")"
	}
	switch fieldValue(out, a.Field) {
	case v:
		return Superseded, nil
	case a.Old:
	default:
		ev.Conflict = true
		ev.Text = fmt.Sprintf("%s: đề xuất %q (đang là %q, người sửa thấy %q)", a.Field, v, fieldValue(out, a.Field), a.Old)
		out.History = append(out.History, ev)
		return Conflicted, nil
	}
	switch a.Field {
	case "applicant.id_number", "applicant.dob", "applicant.sex":
		setIdentity(&out.Applicant, a.Field, v)
	case "applicant.phone":
		out.Applicant.Phone = v
	case "applicant.email":
		out.Applicant.Email = v
	case "applicant.address":
		out.Applicant.Address = v
	case "applicant.name":
		out.Applicant.Name = v
	case "summary":
		out.Summary = v
	case "logbook":
		out.Logbook = v
	case "fee_paid":
		out.FeePaid = v == "true"
	}
	out.History = append(out.History, ev)
	return Applied, nil
}

// FieldKeyHash is the SetField that gives a dossier a new lookup key when
// the receipt was lost (docs/DESIGN.md §10): New is the new key's hash
// (HashLookupKey; the key itself never leaves the terminal), Old the hash
// the officer's terminal saw. From then on the old key opens nothing.
const FieldKeyHash = "key_hash"

// The history's words for a new key, in the record's language (Vietnamese):
// a screen in another language translates them by these exact texts.
const (
	RekeyText     = "Cấp lại khóa tra cứu"
	RekeyLostText = "Cấp lại khóa tra cứu: máy khác đã cấp khóa mới trước"
)

// applyRekey sets the new key hash; the history says a key was reissued,
// never the hash. Two terminals rekeying at once: the second conflicts.
func applyRekey(out *Dossier, a SetFieldArgs, ev Event) (ResultStatus, error) {
	if len(a.New) != 64 || strings.Trim(a.New, "0123456789abcdef") != "" {
		return "", Errorf(EINVALID, "key_hash", "new", "Khóa tra cứu mới không hợp lệ.", "The new lookup key is not valid.")
	}
	switch out.KeyHash {
	case a.New:
		return Superseded, nil
	case a.Old:
	default:
		ev.Conflict = true
		ev.Text = RekeyLostText
		out.History = append(out.History, ev)
		return Conflicted, nil
	}
	out.KeyHash = a.New
	ev.Text = RekeyText
	out.History = append(out.History, ev)
	return Applied, nil
}

// NormaliseField checks and normalises a new value for a settable field,
// as Apply will.
func NormaliseField(field, v string) (string, error) { return normaliseFieldAt(field, v, time.Now()) }

// normaliseFieldAt judges at the op's time, so the terminal and the server
// agree on a date of birth "in the future".
func normaliseFieldAt(field, v string, at time.Time) (string, error) {
	if identityFields.get()[field] {
		return normaliseIdentity(field, v, at)
	}
	switch field {
	case "applicant.phone":
		if strings.TrimSpace(v) == "" {
			return "", nil
		}
		p, _, err := NormalizePhone(v)
		return p, err
	case "applicant.email":
		return ValidateEmail(v)
	case "applicant.name":
		return ValidateName(v)
	case "fee_paid":
		b, err := strconv.ParseBool(v)
		if err != nil {
			return "", Errorf(EINVALID, "bool", field, "Giá trị phải là true hoặc false.", "Value must be true or false.")
		}
		return strconv.FormatBool(b), nil
	}
	s := SanitizeLine(v)
	if utf8.RuneCountInString(s) > MaxFieldRunes {
		return "", Errorf(EINVALID, "too_long", field, "Nội dung quá dài (tối đa %d ký tự).", "Text too long (at most %d characters).", MaxFieldRunes)
	}
	return s, nil
}

func applyNote(out *Dossier, op Op, ev Event) (ResultStatus, error) {
	var a NoteArgs
	if err := decodeArgs(op.Args, &a); err != nil {
		return "", err
	}
	t, err := cleanText(a.Text, MaxNoteRunes, "note")
	if err != nil {
		return "", err
	}
	if t == "" {
		return "", Errorf(EINVALID, "note_empty", "note", "Ghi chú trống.", "The note is empty.")
	}
	ev.Text = t
	out.History = append(out.History, ev)
	return Applied, nil
}

func applyReschedule(out *Dossier, op Op, ev Event) (ResultStatus, error) {
	var a RescheduleArgs
	if err := decodeArgs(op.Args, &a); err != nil {
		return "", err
	}
	reason, err := cleanText(a.Reason, MaxNoteRunes, "reason")
	if err != nil {
		return "", err
	}
	if reason == "" {
		return "", Errorf(EINVALID, "reason_required", "reason", "Phiếu xin lỗi cần ghi lý do chậm.", "An apology needs the reason for the delay.")
	}
	if !a.New.After(a.Old) {
		return "", Errorf(EINVALID, "appointment_not_later", "new", "Ngày hẹn mới phải sau ngày hẹn cũ.", "The new appointment must be after the old one.")
	}
	if !out.Status.Open() {
		return "", Errorf(EINVALID, "not_open", "status", "Hồ sơ ở trạng thái “%s” không thể hẹn lại.", "A dossier in status “%s” cannot be rescheduled.", out.Status.Label(VI))
	}
	ev.Text = fmt.Sprintf("%s → %s: %s", a.Old.In(VNZone).Format("02/01/2006 15:04"), a.New.In(VNZone).Format("02/01/2006 15:04"), reason)
	switch {
	case out.Appointment.Equal(a.New):
		return Superseded, nil
	case !out.Appointment.Equal(a.Old):
		ev.Conflict = true
		out.History = append(out.History, ev)
		return Conflicted, nil
	}
	if out.OriginalAppt.IsZero() {
		out.OriginalAppt = out.Appointment
	}
	out.Appointment = a.New
	out.History = append(out.History, ev)
	return Applied, nil
}

func applyRate(out *Dossier, op Op, ev Event) (ResultStatus, error) {
	var a RateArgs
	if err := decodeArgs(op.Args, &a); err != nil {
		return "", err
	}
	if out.Status != StatusReturned {
		return "", Errorf(EINVALID, "rate_not_returned", "status", "Chỉ đánh giá được hồ sơ đã trả kết quả.", "Only a returned dossier can be rated.")
	}
	if !a.Convenience.Valid() || !a.Overall.Valid() {
		return "", Errorf(EINVALID, "rating_answer", "rating", "Cần chọn mức hài lòng cho chỉ số 8 và 9.", "Indicators 8 and 9 need an answer.")
	}
	if err := checkRatingScale(a); err != nil {
		return "", err
	}
	if len(a.Scores) > 7 {
		return "", Errorf(EINVALID, "rating_scores", "rating", "Tối đa 7 điểm cho chỉ số 1–7.", "At most 7 scores for indicators 1–7.")
	}
	r := Rating{Convenience: a.Convenience, Overall: a.Overall, At: op.ClientTime, Channel: SanitizeLine(a.Channel), Scale: a.Scale}
	if out.Rating != nil {
		if !replacesRating(out.Rating, r) {
			return Superseded, nil
		}
		r.FirstAt = out.Rating.FirstAt
	} else if r.Channel == "public" {
		r.FirstAt = r.At
	}
	for i, s := range a.Scores {
		if s < 0 || s > 2 {
			return "", Errorf(EINVALID, "rating_scores", "rating", "Điểm mỗi chỉ số là 0, 1 hoặc 2.", "Each indicator scores 0, 1 or 2.")
		}
		r.Scores[i] = s
	}
	r.Scores[7], r.Scores[8] = a.Convenience.Score(), a.Overall.Score()
	var err error
	if r.Comment, err = cleanText(a.Comment, MaxNoteRunes, "comment"); err != nil {
		return "", err
	}
	out.Rating = &r
	ev.Text = fmt.Sprintf("%s / %s", a.Convenience.Label(VI), a.Overall.Label(VI))
	out.History = append(out.History, ev)
	return Applied, nil
}

func verdictMessage(v ResultStatus, op Op, cur *Dossier, out Dossier) (vi, en string) {
	switch v {
	case Superseded:
		return "Thao tác đã được cán bộ khác thực hiện trước; không cần làm lại.",
			"Another officer already did this; nothing more to do."
	case Conflicted:
		var st Status
		if cur != nil {
			st = cur.Status
		}
		if op.Kind == OpTransition {
			return fmt.Sprintf("Xung đột: hồ sơ %s đã ở trạng thái “%s” do thay đổi ở nơi khác; thao tác của bạn được lưu vào lịch sử nhưng không áp dụng. Mở hồ sơ để xem và chọn lại bước tiếp theo.", out.Code, st.Label(VI)),
				fmt.Sprintf("Conflict: dossier %s is already “%s” after a change elsewhere; your action is kept in its history but not applied. Open the dossier and choose the next step again.", out.Code, st.Label(EN))
		}
		return fmt.Sprintf("Xung đột: hồ sơ %s đã được sửa ở nơi khác; giá trị trên máy chủ được giữ, đề xuất của bạn lưu trong lịch sử.", out.Code),
			fmt.Sprintf("Conflict: dossier %s was changed elsewhere; the server's value is kept and your proposal is in its history.", out.Code)
	}
	return "", ""
}

// checkRatingScale: a rating says which scale it was made on (5, or absent
// for the three levels of an older terminal's queue), and its answers must
// be on it.
func checkRatingScale(a RateArgs) error {
	switch a.Scale {
	case 5:
		return nil
	case 0, 3:
		if a.Convenience.ThreeLevel() == a.Convenience && a.Overall.ThreeLevel() == a.Overall {
			return nil
		}
	}
	return Errorf(EINVALID, "rating_scale", "rating", "Mức hài lòng không thuộc thang đánh giá đã chọn.", "The answer is not on the rating's scale.")
}

// RatingChangeWindow is how long after a citizen's first rating on the
// public page a new one (made with the dossier's key) replaces it.
const RatingChangeWindow = 7 * 24 * time.Hour

// replacesRating: only the citizen's own page rating, within the window,
// can be changed; a counter rating and an old one stay.
func replacesRating(old *Rating, next Rating) bool {
	return old.Channel == "public" && next.Channel == "public" && !old.FirstAt.IsZero() &&
		!next.At.Before(old.FirstAt) && next.At.Sub(old.FirstAt) <= RatingChangeWindow
}
