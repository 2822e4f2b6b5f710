package paper

import (
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua"
)

// Notice is what Mẫu 02, 03 and 04 say to one person about one request:
// guidance to complete a dossier, a refusal, or an apology with a new
// date. It is built from a dossier's history (…FromDossier), or by the
// caller from a record of guidance or refusal given at the counter before
// any dossier existed.
type Notice struct {
	Number    string // the form's number, e.g. the tracking code
	Applicant motcua.Person
	Procedure string
	Reason    string
	Note      string   // Mẫu 02 of a counter guidance: the officer's note
	Items     []string // Mẫu 02: what is missing, each item whole
	Officer   string
	At        time.Time
	// Mẫu 04: the appointment given first and the new one.
	OldAppointment, NewAppointment time.Time
}

// lastEvent is the dossier's latest applied (not conflicting) event that
// matches.
func lastEvent(d motcua.Dossier, match func(motcua.Event) bool) (motcua.Event, bool) {
	for i := len(d.History) - 1; i >= 0; i-- {
		if e := d.History[i]; !e.Conflict && match(e) {
			return e, true
		}
	}
	return motcua.Event{}, false
}

func noticeBase(d motcua.Dossier, e motcua.Event) Notice {
	officer := e.Officer
	if officer == "" {
		officer = d.Officer
	}
	return Notice{Number: d.Code, Applicant: d.Applicant, Procedure: d.ProcedureName, Officer: officer, At: e.At}
}

// GuidanceFromDossier is the Mẫu 02 of a dossier's latest supplement
// request: its reason and its list (the transition writes the reason, then
// one "- item" line per document).
func GuidanceFromDossier(d motcua.Dossier) (Notice, error) {
	e, ok := lastEvent(d, func(e motcua.Event) bool { return e.To == motcua.StatusSupplement })
	if !ok {
		return Notice{}, motcua.Errorf(motcua.EINVALID, "no_supplement", "form",
			"Hồ sơ %s chưa có yêu cầu bổ sung nào, nên không có Mẫu 02.", "Dossier %s has no supplement request, so no form 02.", d.Code)
	}
	n := noticeBase(d, e)
	var reason []string
	for _, l := range strings.Split(e.Text, "\n") {
		if item, isItem := strings.CutPrefix(l, "- "); isItem {
			n.Items = append(n.Items, item)
		} else if strings.TrimSpace(l) != "" {
			reason = append(reason, l)
		}
	}
	n.Reason = strings.Join(reason, " ")
	return n, nil
}

// RefusalFromDossier is the Mẫu 03 of a refused dossier.
func RefusalFromDossier(d motcua.Dossier) (Notice, error) {
	e, ok := lastEvent(d, func(e motcua.Event) bool { return e.To == motcua.StatusRefused })
	if !ok {
		return Notice{}, motcua.Errorf(motcua.EINVALID, "not_refused", "form",
			"Hồ sơ %s không bị từ chối, nên không có Mẫu 03.", "Dossier %s was not refused, so no form 03.", d.Code)
	}
	n := noticeBase(d, e)
	n.Reason = e.Text
	return n, nil
}

// ApologyFromDossier is the Mẫu 04 of a rescheduled dossier: the first
// appointment, the current one, and the latest reason (the event reads
// "old → new: reason").
func ApologyFromDossier(d motcua.Dossier) (Notice, error) {
	e, ok := lastEvent(d, func(e motcua.Event) bool { return e.Kind == motcua.OpReschedule })
	if !ok || !d.Rescheduled() {
		return Notice{}, motcua.Errorf(motcua.EINVALID, "not_rescheduled", "form",
			"Hồ sơ %s chưa hẹn lại ngày trả, nên không có Mẫu 04.", "Dossier %s was not rescheduled, so no form 04.", d.Code)
	}
	n := noticeBase(d, e)
	n.Reason = e.Text
	if _, after, found := strings.Cut(e.Text, "→"); found {
		if _, r, ok := strings.Cut(after, ": "); ok {
			n.Reason = r
		}
	}
	n.OldAppointment, n.NewAppointment = d.OriginalAppt, d.Appointment
	return n, nil
}

// startA4 opens an A4 portrait form with the national header.
func startA4(iss Issuer, o Options, number string, at time.Time) *sheet {
	s := newSheet("P", "A4", o)
	s.AddPage()
	s.x, s.w = 20, 210-20-15
	s.SetY(s.nationalHeader(12, iss, number, at))
	return s
}

// addressee prints who the notice is for and how to reach them.
func (s *sheet) addressee(n Notice, label string) {
	s.para(label, clean(n.Applicant.Name), 11)
	s.personLines(n.Applicant, 11)
	s.para(s.t("Nội dung yêu cầu giải quyết:", "Request:"), clean(n.Procedure), 11)
}

// GuidanceForm writes Mẫu 02, Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ:
// everything missing, once and in full.
func GuidanceForm(w io.Writer, n Notice, iss Issuer, o Options) error {
	s := startA4(iss, o, s0(o, "Số: ", "No.: ")+clean(n.Number)+"/HDHS", n.At)
	s.title(s.t("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "REQUEST TO COMPLETE THE DOSSIER"), "")
	s.addressee(n, s.t(clean(iss.UnitName)+" tiếp nhận hồ sơ của Ông/Bà:", clean(iss.UnitName)+" received the dossier of:"))
	s.para(s.t("Yêu cầu Ông/Bà hoàn thiện hồ sơ gồm những nội dung sau:", "Please complete the dossier with the following:"), "", 11)
	rows := make([][]string, len(n.Items))
	for i, it := range n.Items {
		rows[i] = []string{strconv.Itoa(i + 1), clean(it)}
	}
	s.table([]column{{s.t("TT", "No."), 12, "C"}, {s.t("Nội dung cần bổ sung, hoàn thiện", "To add or correct"), s.w - 12, "L"}},
		rows, 10.5, 280, func() { s.AddPage(); s.SetY(15) })
	s.SetY(s.GetY() + 2)
	if n.Reason != "" {
		s.para(s.t("Lý do:", "Reason:"), clean(n.Reason), 11)
	}
	if n.Note != "" {
		s.para(s.t("Ghi chú:", "Note:"), clean(n.Note), 11)
	}
	s.para("", s.t("Mọi yêu cầu bổ sung được nêu một lần và đầy đủ trong phiếu này. Khi cần hỏi thêm, xin liên hệ "+
		"Bộ phận Một cửa của "+clean(iss.UnitName)+" và đọc mã hồ sơ in trên phiếu.",
		"Everything missing is listed here, once and in full. For questions, contact the one-stop counter of "+
			clean(iss.UnitName)+" and give the number printed above."), 10.5)
	s.signatureRight(s.t("NGƯỜI HƯỚNG DẪN", "GUIDED BY"), n.Officer)
	return s.finish(w)
}

// RefusalForm writes Mẫu 03, Phiếu từ chối tiếp nhận giải quyết hồ sơ.
func RefusalForm(w io.Writer, n Notice, iss Issuer, o Options) error {
	s := startA4(iss, o, s0(o, "Số: ", "No.: ")+clean(n.Number)+"/TCHS", n.At)
	s.title(s.t("PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", "NOTICE OF REFUSAL TO RECEIVE THE DOSSIER"), "")
	s.addressee(n, s.t(clean(iss.UnitName)+" tiếp nhận hồ sơ của Ông/Bà:", clean(iss.UnitName)+" received the dossier of:"))
	s.para("", s.t("Căn cứ quy định hiện hành, Bộ phận Một cửa thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:",
		"Under the rules in force, the one-stop counter cannot receive and resolve this dossier, for this reason:"), 11)
	s.para("", clean(n.Reason), 11)
	s.para("", s.t("Xin thông báo để Ông/Bà được biết và thực hiện.", "We inform you accordingly."), 11)
	s.signatures([]string{s.t("NGƯỜI NỘP HỒ SƠ", "SUBMITTED BY"), s.t("NGƯỜI TIẾP NHẬN HỒ SƠ", "RECEIVED BY")},
		[]string{clean(n.Applicant.Name), clean(n.Officer)})
	return s.finish(w)
}

// ApologyForm writes Mẫu 04, Phiếu xin lỗi và hẹn lại ngày trả kết quả.
func ApologyForm(w io.Writer, n Notice, iss Issuer, o Options) error {
	s := startA4(iss, o, s0(o, "Số: ", "No.: ")+clean(n.Number)+"/XLHS", n.At)
	s.title(s.t("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", "APOLOGY AND NEW APPOINTMENT FOR RESULTS"), "")
	s.paraBold(s.t("Kính gửi:", "To:"), clean(n.Applicant.Name), 11)
	s.personLines(n.Applicant, 11)
	s.para(s.t("Nội dung yêu cầu giải quyết:", "Request:"), clean(n.Procedure), 11)
	s.para(s.t("Mã hồ sơ:", "Tracking code:"), clean(n.Number), 11)
	s.para(s.t("Ngày hẹn trả kết quả:", "Appointment given:"), motcua.FormatWhen(n.OldAppointment, s.lang), 11)
	s.para(s.t("Lý do chậm trả kết quả:", "Reason for the delay:"), clean(n.Reason), 11)
	s.para("", s.t(clean(iss.UnitName)+" xin lỗi Ông/Bà vì sự chậm trễ này và hẹn lại thời gian trả kết quả:",
		clean(iss.UnitName)+" apologises for the delay; the result will be ready:"), 11)
	s.paraBold("", motcua.FormatAppointment(n.NewAppointment, s.lang)+s.t(", tại Bộ phận Một cửa.", ", at the one-stop counter."), 11.5)
	s.signatureRight(s.t("THỦ TRƯỞNG ĐƠN VỊ", "HEAD OF THE UNIT"), "")
	return s.finish(w)
}

// signatureRight is one signature block on the right half.
func (s *sheet) signatureRight(role, name string) {
	x, w := s.x, s.w
	s.x, s.w = x+w/2, w/2
	s.signatures([]string{role}, []string{clean(name)})
	s.x, s.w = x, w
}

// s0 picks a sentence by the options' language (before a sheet exists).
func s0(o Options, vi, en string) string {
	if o.Lang == motcua.EN {
		return en
	}
	return vi
}

// NoticeFromCounterRecord is the Mẫu 02 or 03 of a guidance or refusal
// given at the counter, before any dossier existed: the record's id is the
// form's number, its missing papers the list, its reason and note as
// written.
func NoticeFromCounterRecord(r motcua.CounterRecord) Notice {
	n := Notice{Number: r.ID, Applicant: r.Applicant, Procedure: r.ProcedureName, Officer: r.Officer, At: r.At,
		Items: r.Missing, Reason: r.Reason, Note: r.Note}
	return n
}

// CounterRecordForm writes the form a counter record calls for: Mẫu 02 for
// a guidance, Mẫu 03 for a refusal.
func CounterRecordForm(w io.Writer, r motcua.CounterRecord, iss Issuer, o Options) error {
	n := NoticeFromCounterRecord(r)
	if r.Kind == motcua.CounterRefusal {
		return RefusalForm(w, n, iss, o)
	}
	return GuidanceForm(w, n, iss, o)
}
