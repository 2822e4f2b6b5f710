package motcua

import (
	"encoding/json"
	"time"
)

// The server re-checks what a terminal claims about a reception, because a
// terminal is only a laptop in a commune office: its clock, its copy of the
// catalog and its lane can be wrong, or forged.
const (
	// MaxClockSkew is how far in the future a reception may be dated: a
	// terminal clock a few minutes fast is normal, hours fast is not.
	MaxClockSkew = 10 * time.Minute
	// AppointmentTolerance is how far an appointment may be from the one the
	// server's catalog and calendar give: a week either way covers a
	// holiday or processing time changed since the terminal last pulled.
	AppointmentTolerance = 7 * 24 * time.Hour
	// AppointmentSlackDays is how many of the unit's working days an
	// appointment may be from the server's when the terminal received under
	// the procedure version the server has: the processing time is then the
	// same, and only a day off or a session changed since the terminal last
	// pulled can move the appointment.
	AppointmentSlackDays = 2
)

// ServerView is what the server knows when it judges a terminal's op.
type ServerView struct {
	Now        time.Time
	EnrolledAt time.Time // when this terminal enrolled
	Catalog    *Catalog  // the unit's catalog in force on the server
	// Calendars are the working calendars the terminal may have counted
	// with: the unit's (the shared days off with the unit's own office
	// hours) first, then the shared one it had before the unit's hours
	// reached it. An appointment one of them gives is honest.
	Calendars []Calendar
}

// CheckOpOnServer judges a reception against what the server knows, before
// Apply: the procedure must be in the catalog; the reception must not be
// dated in the future beyond MaxClockSkew; the appointment must be the one
// the calendar computes for that procedure (see checkAppointment); a
// code in the standalone range (9000–9999, used before enrolment) is only
// for a reception dated, and made, before the terminal enrolled. Whether
// the code is inside the terminal's leased lane is the store's check (it
// knows the terminal's predecessors). A guidance or refusal given at the
// counter must not be dated in the future either. Other op kinds pass. A reception
// whose args do not decode passes too: Apply rejects it with its own
// message.
func CheckOpOnServer(op Op, v ServerView) error {
	if op.Kind == OpCounterRecord {
		return checkRecordOnServer(op, v)
	}
	if op.Kind != OpReceive {
		return nil
	}
	var a ReceiveArgs
	if json.Unmarshal(op.Args, &a) != nil {
		return nil
	}
	if a.ReceivedAt.After(v.Now.Add(MaxClockSkew)) {
		return Errorf(EINVALID, "received_future", "received_at",
			"Giờ tiếp nhận %s ở tương lai: đồng hồ máy trạm đang chạy nhanh. Hãy chỉnh đồng hồ rồi tiếp nhận lại.",
			"The reception time %s is in the future: the terminal's clock is fast. Set the clock and receive the dossier again.",
			FormatDateTime(a.ReceivedAt))
	}
	if code, err := ParseCode(a.Code); err == nil && code.Number >= StandaloneFirst && code.Number <= StandaloneLast {
		enrolledDay := v.EnrolledAt.In(VNZone).Format("060102")
		if code.Date > enrolledDay || op.ClientTime.After(v.EnrolledAt.Add(MaxClockSkew)) {
			return Errorf(EINVALID, "code_standalone", "code",
				"Mã %s thuộc dải 9000–9999 dành cho máy chưa đăng ký; máy này đã đăng ký nên phải dùng dải số máy chủ cấp. Hãy tiếp nhận lại để cấp mã mới.",
				"Code %s is in the 9000–9999 range of terminals not yet enrolled; this terminal is enrolled and must use the lane the server leased. Receive the dossier again to issue a new code.",
				a.Code)
		}
	}
	proc, err := v.Catalog.Get(a.ProcedureCode)
	if err != nil {
		return Errorf(EINVALID, "procedure_unknown", "procedure_code",
			"Thủ tục %s không có trong danh mục của máy chủ: hãy đồng bộ để nhận danh mục mới rồi tiếp nhận lại.",
			"Procedure %s is not in the server's catalog: sync to get the current catalog, then receive the dossier again.",
			SanitizeLine(a.ProcedureCode))
	}
	cals := v.Calendars
	if len(cals) == 0 {
		cals = []Calendar{{}}
	}
	for _, cal := range cals {
		if err = checkAppointment(a, proc, cal); err == nil {
			return nil
		}
	}
	return err
}

// checkAppointment compares the appointment with the one cal computes.
// Under the server's procedure version the bound is tight: inside one of
// cal's sessions (every appointment Apply computes is: a reception's time
// of day moved to the next opening, or the closing time) and at most
// AppointmentSlackDays of cal's working days away. Under another version
// (the processing time may have changed since) it is AppointmentTolerance.
func checkAppointment(a ReceiveArgs, proc Procedure, cal Calendar) error {
	want := cal.Appointment(a.ReceivedAt, proc.Time)
	d := a.Appointment.Sub(want)
	ok := d <= AppointmentTolerance && d >= -AppointmentTolerance
	if ok && a.ProcedureVersion == proc.Version {
		n := cal.WorkingDaysBetween(want, a.Appointment)
		ok = n <= AppointmentSlackDays && n >= -AppointmentSlackDays && cal.inSession(a.Appointment)
	}
	if ok {
		return nil
	}
	return Errorf(EINVALID, "appointment_mismatch", "appointment",
		"Ngày hẹn trả %s không khớp thời hạn giải quyết của thủ tục (máy chủ tính %s): hãy đồng bộ để nhận danh mục và lịch mới rồi tiếp nhận lại.",
		"The appointment %s does not match the procedure's processing time (the server computes %s): sync to get the current catalog and calendar, then receive the dossier again.",
		FormatDateTime(a.Appointment), FormatDateTime(want))
}

// inSession reports whether t's time of day (in VNZone) is inside one of
// c's sessions, its end included.
func (c Calendar) inSession(t time.Time) bool {
	m := minuteOf(t.In(VNZone))
	for _, x := range c.schedule().sessions {
		if m >= x.Start && m <= x.End {
			return true
		}
	}
	return false
}

// cleanReceiveText strips control and escape sequences from the short text
// fields of a reception that the field checks do not cover: fee names and
// details, ID kinds and sex. Apply runs it on both sides, so the terminal
// and the server store the same clean text.
func cleanReceiveText(a *ReceiveArgs) {
	for i := range a.Fees {
		a.Fees[i].Name = SanitizeLine(a.Fees[i].Name)
		a.Fees[i].Detail = SanitizeLine(a.Fees[i].Detail)
	}
	for _, p := range []*Person{&a.Applicant, a.Submitter} {
		if p != nil {
			p.IDKind = IDKind(SanitizeLine(string(p.IDKind)))
			p.Sex = Sex(SanitizeLine(string(p.Sex)))
		}
	}
}

// checkRecordOnServer refuses a counter record dated beyond MaxClockSkew in
// the future: it would count in a period that has not come.
func checkRecordOnServer(op Op, v ServerView) error {
	var r struct {
		At time.Time `json:"at"`
	}
	if json.Unmarshal(op.Args, &r) != nil || !r.At.After(v.Now.Add(MaxClockSkew)) {
		return nil
	}
	return Errorf(EINVALID, "record_future", "at",
		"Giờ ghi nhận %s ở tương lai: đồng hồ máy trạm đang chạy nhanh. Hãy chỉnh đồng hồ rồi ghi nhận lại.",
		"The record's time %s is in the future: the terminal's clock is fast. Set the clock and record it again.",
		FormatDateTime(r.At))
}
