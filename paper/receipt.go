package paper

import (
	"fmt"
	"io"
	"strconv"

	"github.com/motcua/motcua"
)

// Page geometry of a receipt copy: an A5 portrait page, or half of an A4
// landscape sheet (the same 148 × 210 mm), inside 10 mm margins.
const (
	panelW      = 148.5
	panelMargin = 10.0
	panelTop    = 9.0
	panelBottom = 200.0
	qrSide      = 27.0
)

// receiptScales are the font scales tried, largest first, until a copy
// fits its half sheet; a dossier with many documents prints smaller.
var receiptScales = []float64{1, 0.93, 0.86, 0.8, 0.74, 0.68}

// Receipt writes Mẫu 01, Giấy tiếp nhận hồ sơ và hẹn trả kết quả, in two
// copies: side by side on one A4 sheet (cut along the dashed line), or one
// A5 page each. A copy that does not fit half an A4 sheet even in small
// type is printed on A5 pages instead, its documents table running over.
func Receipt(w io.Writer, d motcua.Dossier, iss Issuer, o Options) error {
	if o.Size == A4 || o.Size == "" {
		for _, sc := range receiptScales {
			if receiptFits(d, iss, o, sc) {
				return receiptA4(w, d, iss, o, sc)
			}
		}
	}
	s := newSheet("P", "A5", o)
	for copyNo := 1; copyNo <= 2; copyNo++ {
		s.AddPage()
		s.x, s.w = panelMargin, panelW-2*panelMargin
		s.receiptPanel(d, iss, o, copyNo, func() { s.AddPage(); s.SetY(panelTop) })
	}
	return s.finish(w)
}

// receiptFits reports whether one copy fits half an A4 sheet at scale sc.
func receiptFits(d motcua.Dossier, iss Issuer, o Options, sc float64) bool {
	s := newSheet("L", "A4", o)
	s.scale = sc
	s.AddPage()
	s.x, s.w = panelMargin, panelW-2*panelMargin
	s.receiptPanel(d, iss, o, 1, nil)
	return s.GetY() <= panelBottom
}

func receiptA4(w io.Writer, d motcua.Dossier, iss Issuer, o Options, sc float64) error {
	s := newSheet("L", "A4", o)
	s.scale = sc
	s.AddPage()
	for copyNo := 1; copyNo <= 2; copyNo++ {
		s.x = float64(copyNo-1)*panelW + panelMargin
		s.w = panelW - 2*panelMargin
		s.receiptPanel(d, iss, o, copyNo, nil)
	}
	// The cut line between the copies.
	s.SetDrawColor(150, 150, 150)
	s.SetDashPattern([]float64{2, 2}, 0)
	s.Line(panelW, 5, panelW, 205)
	s.SetDashPattern(nil, 0)
	s.SetDrawColor(0, 0, 0)
	return s.finish(w)
}

// receiptPanel draws one copy of the receipt into the sheet's panel.
// newPage, when not nil, continues a long documents table on a new page.
func (s *sheet) receiptPanel(d motcua.Dossier, iss Issuer, o Options, copyNo int, newPage func()) {
	number := ""
	if d.Logbook != "" {
		number = s.t("Số: ", "No.: ") + clean(d.Logbook)
	}
	y := s.nationalHeader(panelTop, iss, number, d.ReceivedAt)
	s.SetY(y)
	s.title(s.t("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "RECEIPT AND APPOINTMENT FOR RESULTS"),
		s.t(fmt.Sprintf("Liên %d: %s", copyNo, []string{"giao người nộp hồ sơ", "lưu tại Bộ phận Một cửa"}[copyNo-1]),
			fmt.Sprintf("Copy %d: %s", copyNo, []string{"for the applicant", "kept at the counter"}[copyNo-1])))

	// The QR code sits at the right of the first lines, which wrap short of it.
	qrTop := s.GetY()
	side := qrSide * s.scale
	full := s.w
	s.qrCode(LookupAddress(d, o), s.x+s.w-side, qrTop, side)
	s.SetY(qrTop + side)
	s.centre(s.x+s.w-side-4, side+8, "I", 7, s.t("Quét mã để tra cứu", "Scan to look up"))
	s.SetY(qrTop)
	s.w = full - side - 2

	code := d.Code
	if c, err := motcua.ParseCode(d.Code); err == nil {
		code = c.WithCheck()
	}
	s.paraBold(s.t("Mã hồ sơ:", "Tracking code:"), clean(code), 11)
	submitter := d.Applicant
	if d.Submitter != nil && d.Submitter.Name != "" {
		submitter = *d.Submitter
	}
	s.para(s.t(clean(iss.UnitName)+" tiếp nhận hồ sơ của Ông/Bà:", clean(iss.UnitName)+" received the dossier of:"), "", 9.5)
	s.paraBold("", clean(submitter.Name), 10.5)
	if submitter.Name != d.Applicant.Name {
		s.para(s.t("Chủ hồ sơ:", "Applicant:"), clean(d.Applicant.Name), 9.5)
	}
	if o.LookupKey != "" {
		s.paraBold(s.t("Mã tra cứu (giữ kín):", "Lookup key (keep private):"), clean(motcua.FormatLookupKey(o.LookupKey)), 9.5)
	}
	s.personLines(d.Applicant, 9.5)
	s.w = full
	s.SetY(max(s.GetY(), qrTop+side+3*s.scale))
	s.para(s.t("Nội dung yêu cầu giải quyết:", "Request:"), clean(d.ProcedureName)+procCode(d), 9.5)
	s.para(s.t("1. Thành phần hồ sơ:", "1. Documents received:"), "", 9.5)
	s.table(s.documentColumns(), documentRows(d.Documents, true), 8.5*s.scale, panelBottom, newPage)
	s.para(s.t("2. Số lượng hồ sơ:", "2. Number of sets:"), s.t("01 bộ", "1 set"), 9.5)
	s.para(s.t("3. Thời gian nhận hồ sơ:", "3. Received:"), motcua.FormatWhen(d.ReceivedAt, s.lang), 9.5)
	s.paraBold(s.t("4. Thời gian trả kết quả:", "4. Results:"), motcua.FormatAppointment(d.Appointment, s.lang), 9.5)
	s.para(s.t("5. Phí, lệ phí:", "5. Fees:"), s.feeText(d), 9.5)
	if d.Logbook != "" {
		s.para(s.t("Vào sổ theo dõi hồ sơ, Quyển số/Số thứ tự:", "Logbook, volume/number:"), clean(d.Logbook), 9.5)
	}
	s.font("I", 8.5)
	s.para("", s.t("Khi đến nhận kết quả, mang theo giấy này; người nhận thay cần có giấy ủy quyền.",
		"Bring this receipt to collect the result; someone collecting for you needs a letter of authorisation."), 8.5)
	officer := d.Officer
	if officer == "" {
		officer = iss.Officer
	}
	s.signatures([]string{s.t("NGƯỜI NỘP HỒ SƠ", "SUBMITTED BY"), s.t("NGƯỜI TIẾP NHẬN HỒ SƠ", "RECEIVED BY")},
		[]string{clean(submitter.Name), clean(officer)})
}

// personLines prints what the office knows of how to reach the applicant.
func (s *sheet) personLines(p motcua.Person, size float64) {
	if p.Address != "" {
		s.para(s.t("Địa chỉ:", "Address:"), clean(p.Address), size)
	}
	if p.Phone != "" {
		s.para(s.t("Số điện thoại:", "Phone:"), clean(p.Phone), size)
	}
	if p.Email != "" {
		s.para("Email:", clean(p.Email), size)
	}
	if p.IDNumber != "" {
		s.para(s.t("Số định danh cá nhân/giấy tờ:", "ID number:"), clean(p.IDNumber), size)
	}
}

func procCode(d motcua.Dossier) string {
	if d.ProcedureCode == "" {
		return ""
	}
	return " (" + clean(d.ProcedureCode) + ")"
}

// feeText is the fees as the receipt states them: each line, the total,
// and whether they were paid.
func (s *sheet) feeText(d motcua.Dossier) string {
	if len(d.Fees) == 0 {
		return s.t("Không thu", "None")
	}
	out := ""
	for i, f := range d.Fees {
		if i > 0 {
			out += "; "
		}
		out += clean(f.Name) + " " + motcua.FormatVND(f.Amount)
	}
	if len(d.Fees) > 1 {
		out += s.t("; tổng cộng ", "; total ") + motcua.FormatVND(d.FeeTotal())
	}
	if d.FeePaid {
		out += s.t(" (đã nộp)", " (paid)")
	} else {
		out += s.t(" (chưa nộp)", " (not paid)")
	}
	return out
}

// documentColumns are the checklist's columns across the panel.
func (s *sheet) documentColumns() []column {
	const num, count = 8.0, 15.0
	return []column{
		{s.t("TT", "No."), num, "C"},
		{s.t("Tên giấy tờ", "Document"), s.w - num - 3*count, "L"},
		{s.t("Bản chính", "Orig."), count, "C"},
		{s.t("Bản chứng thực", "Certif."), count, "C"},
		{s.t("Bản photo", "Copy"), count, "C"},
	}
}

// documentRows lists the documents, the received ones only when received
// is true, or the missing ones when false.
func documentRows(docs []motcua.DocumentItem, received bool) [][]string {
	var rows [][]string
	for _, doc := range docs {
		if doc.Received != received {
			continue
		}
		rows = append(rows, []string{strconv.Itoa(len(rows) + 1), clean(doc.Name),
			count(doc.Originals), count(doc.Certified), count(doc.Copies)})
	}
	return rows
}

func count(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}
