package paper

import (
	"io"
	"strconv"

	"github.com/motcua/motcua"
)

// ControlSheet writes Mẫu 05, Phiếu kiểm soát quá trình giải quyết hồ sơ:
// the dossier's facts, then one row per hand-over from its history (when,
// what, who, and whether it was on time against the appointment).
func ControlSheet(w io.Writer, d motcua.Dossier, iss Issuer, o Options) error {
	s := startA4(iss, o, "", o.Now)
	s.title(s.t("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", "DOSSIER PROCESSING CONTROL SHEET"), "")
	s.para(s.t("Mã hồ sơ:", "Tracking code:"), clean(d.Code), 10.5)
	s.para(s.t("Chủ hồ sơ:", "Applicant:"), clean(d.Applicant.Name), 10.5)
	if d.Applicant.Address != "" {
		s.para(s.t("Địa chỉ:", "Address:"), clean(d.Applicant.Address), 10.5)
	}
	s.para(s.t("Thủ tục:", "Procedure:"), clean(d.ProcedureName)+procCode(d), 10.5)
	s.para(s.t("Thời gian nhận hồ sơ:", "Received:"), motcua.FormatWhen(d.ReceivedAt, s.lang), 10.5)
	s.para(s.t("Thời gian hẹn trả kết quả:", "Appointment:"), motcua.FormatWhen(d.Appointment, s.lang), 10.5)
	if d.Rescheduled() {
		s.para(s.t("Ngày hẹn ban đầu:", "First appointment:"), motcua.FormatWhen(d.OriginalAppt, s.lang), 10.5)
	}
	s.para(s.t("Cơ quan (bộ phận) giải quyết hồ sơ:", "Handled by:"), clean(iss.UnitName), 10.5)
	s.SetY(s.GetY() + 2)
	cols := []column{
		{s.t("TT", "No."), 9, "C"},
		{s.t("Thời gian giao, nhận", "When"), 34, "L"},
		{s.t("Bước xử lý", "Step"), 38, "L"},
		{s.t("Cán bộ", "Officer"), 34, "L"},
		{s.t("Kết quả giải quyết", "Timeliness"), 24, "C"},
		{s.t("Ghi chú", "Note"), s.w - 139, "L"},
	}
	var rows [][]string
	for _, e := range d.History {
		rows = append(rows, []string{strconv.Itoa(len(rows) + 1), motcua.FormatWhen(e.At, s.lang),
			s.stepLabel(e), clean(e.Officer), s.handoverTimeliness(e, d), s.eventNote(e)})
	}
	s.table(cols, rows, 9, 282, func() { s.AddPage(); s.SetY(15) })
	return s.finish(w)
}

// stepLabel names what an event did.
func (s *sheet) stepLabel(e motcua.Event) string {
	switch e.Kind {
	case motcua.OpReceive:
		return s.t("Tiếp nhận hồ sơ", "Received")
	case motcua.OpReschedule:
		return s.t("Xin lỗi, hẹn lại ngày trả", "Apology, new date")
	case motcua.OpNote:
		return s.t("Ghi chú", "Note")
	case motcua.OpRate:
		return s.t("Đánh giá", "Rating")
	case motcua.OpSetField:
		return s.t("Sửa thông tin", "Corrected")
	}
	if e.To.Valid() {
		return e.To.ActionLabel(s.lang)
	}
	return clean(string(e.Kind))
}

// handoverTimeliness judges the steps that end the office's work (a
// result ready, or the file handed back) against the appointment, and
// marks any other step taken after the appointment as late.
func (s *sheet) handoverTimeliness(e motcua.Event, d motcua.Dossier) string {
	if e.Kind == motcua.OpReceive || e.Conflict {
		return ""
	}
	t := motcua.TimelinessOf(e.At, d.Appointment)
	switch {
	case e.To == motcua.StatusDone, e.To == motcua.StatusStopped:
		return t.Label(s.lang)
	case t == motcua.TimelinessLate:
		return t.Label(s.lang)
	}
	return ""
}

func (s *sheet) eventNote(e motcua.Event) string {
	n := motcua.NFC(motcua.Sanitize(e.Text))
	if e.Conflict {
		n = s.t("(không áp dụng: xung đột) ", "(not applied: conflict) ") + n
	}
	return n
}
