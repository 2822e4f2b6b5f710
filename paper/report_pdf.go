package paper

import (
	"io"
	"math"
	"strconv"

	"github.com/motcua/motcua/paper/pdf"
)

const reportBottom = 282.0

// ReportPDF writes the period's report: the figures per unit (and their
// total), a bar of dossiers received per month, a pie of outcomes, and
// the figures per procedure.
func ReportPDF(w io.Writer, r Report, iss Issuer, o Options) error {
	s := startA4(iss, o, "", o.Now)
	s.title(s.t("BÁO CÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", "REPORT ON ADMINISTRATIVE PROCEDURES"), periodOf(r).text(s.lang))
	cols := r.columns()
	for start := 0; start < len(cols); start += 4 {
		end := min(start+4, len(cols))
		s.figuresTable(cols[start:end])
		s.SetY(s.GetY() + 4)
	}
	total := r.Total
	if len(r.Units) == 1 {
		total = r.Units[0]
	}
	s.ensure(70)
	s.section(s.t("Hồ sơ tiếp nhận theo tháng", "Dossiers received per month"))
	s.barChart(s.x, s.GetY(), s.w, 55, total.Months)
	s.ensure(70)
	s.section(s.t("Kết quả giải quyết", "Outcomes"))
	s.pieChart(s.GetY(), total.Counts)
	s.ensure(70)
	s.section(s.t("Chín chỉ số đánh giá (điểm bình quân, tối đa 2)", "The nine indicators (average points, at most 2)"))
	s.indicatorTable(total.Counts)
	s.ensure(30)
	s.section(s.t("Theo thủ tục", "Per procedure"))
	s.procedureTable(total.Procedures)
	return s.finish(w)
}

// ensure starts a new page when fewer than h mm are left.
func (s *sheet) ensure(h float64) {
	if s.GetY()+h > reportBottom {
		s.AddPage()
		s.SetY(15)
	}
}

func (s *sheet) section(title string) {
	s.SetY(s.GetY() + 2)
	s.para(title, "", 11)
	s.SetY(s.GetY() + 1)
}

func (s *sheet) figuresTable(units []UnitReport) {
	first := 78.0
	cols := []column{{s.t("Chỉ tiêu", "Figure"), first, "L"}}
	for _, u := range units {
		cols = append(cols, column{unitTitle(u, s.lang), (s.w - first) / float64(len(units)), "R"})
	}
	lines := reportLines()
	rows := make([][]string, len(lines))
	for i, l := range lines {
		label := s.t(l.vi, l.en)
		if l.indent {
			label = "   – " + label
		}
		rows[i] = []string{label}
		for _, u := range units {
			rows[i] = append(rows[i], number(l.value(u.Counts), l.pct, s.lang))
		}
	}
	s.table(cols, rows, 9, reportBottom, func() { s.AddPage(); s.SetY(15) })
}

func (s *sheet) procedureTable(procs []ProcedureCounts) {
	cols := []column{
		{s.t("Mã", "Code"), 20, "L"}, {s.t("Thủ tục", "Procedure"), s.w - 20 - 6*17, "L"},
		{s.t("Tiếp nhận", "Received"), 17, "R"}, {s.t("Trước hạn", "Early"), 17, "R"}, {s.t("Đúng hạn", "On time"), 17, "R"},
		{s.t("Quá hạn", "Late"), 17, "R"}, {s.t("Đang xử lý quá hạn", "Overdue now"), 17, "R"}, {s.t("Tỷ lệ đánh giá", "Rated"), 17, "R"},
	}
	rows := make([][]string, len(procs))
	for i, p := range procs {
		c := p.Counts
		rows[i] = []string{p.Code, p.Name, number(float64(c.Received), false, s.lang), number(float64(c.ResolvedEarly), false, s.lang),
			number(float64(c.ResolvedOnTime), false, s.lang), number(float64(c.ResolvedLate), false, s.lang),
			number(float64(c.OpenOverdue), false, s.lang), number(c.RatedShare(), true, s.lang)}
	}
	if len(rows) == 0 {
		rows = [][]string{{"", s.t("Không có hồ sơ trong kỳ.", "No dossier in the period.")}}
	}
	s.table(cols, rows, 8.5, reportBottom, func() { s.AddPage(); s.SetY(15) })
}

// barChart draws one bar per month with its count above it and the
// month under it, on a scale that starts at zero.
func (s *sheet) barChart(x, y, w, h float64, ms []MonthCount) {
	top := 1
	for _, m := range ms {
		top = max(top, m.Received)
	}
	base := y + h - 6
	s.SetLineWidth(0.2)
	s.Line(x, base, x+w, base)
	if len(ms) == 0 {
		s.SetY(y + h)
		return
	}
	slot := w / float64(len(ms))
	bw := math.Min(slot*0.6, 18)
	s.SetFillColor(21, 101, 192)
	for i, m := range ms {
		bh := (h - 14) * float64(m.Received) / float64(top)
		bx := x + float64(i)*slot + (slot-bw)/2
		if bh > 0 {
			s.Rect(bx, base-bh, bw, bh, pdf.Fill)
		}
		s.font("", 7.5)
		s.SetXY(x+float64(i)*slot, base-bh-4.5)
		s.cell(slot, 4, number(float64(m.Received), false, s.lang), 0, "C")
		if len(ms) <= 24 || i%3 == 0 {
			s.font("", min(7.5, slot*1.4))
			s.SetXY(x+float64(i)*slot, base+0.5)
			s.cell(slot, 4, monthLabel(m.Month), 0, "C")
		}
	}
	s.SetY(y + h)
}

// pieChart draws the outcomes as a pie with a legend beside it: each
// slice's name, count and share.
func (s *sheet) pieChart(y float64, c Counts) {
	total := 0
	for _, o := range outcomes {
		total += o.n(c)
	}
	r := 24.0
	cx, cy := s.x+r+4, y+r+2
	if total == 0 {
		s.para("", s.t("Chưa có hồ sơ.", "No dossier yet."), 9.5)
		return
	}
	angle := -90.0
	ly := y + 4
	for _, o := range outcomes {
		v := o.n(c)
		if v == 0 {
			continue
		}
		sweep := 360 * float64(v) / float64(total)
		s.SetFillColor(o.rgb[0], o.rgb[1], o.rgb[2])
		s.Polygon(sector(cx, cy, r, angle, angle+sweep), pdf.Fill)
		angle += sweep
		s.Rect(s.x+2*r+14, ly+0.8, 3.5, 3.5, pdf.Fill)
		s.font("", 9)
		s.SetXY(s.x+2*r+19, ly)
		s.cell(s.w-2*r-19, 5, s.t(o.vi, o.en)+": "+number(float64(v), false, s.lang)+" ("+
			number(float64(v)/float64(total), true, s.lang)+")", 0, "L")
		ly += 6
	}
	s.SetY(math.Max(cy+r+3, ly+2))
}

// sector is a pie slice from angle a to b (degrees, clockwise from three
// o'clock on the page) as a polygon.
func sector(cx, cy, r, a, b float64) []pdf.Point {
	pts := []pdf.Point{{X: cx, Y: cy}}
	steps := max(2, int(math.Ceil((b-a)/3)))
	for i := 0; i <= steps; i++ {
		t := (a + (b-a)*float64(i)/float64(steps)) * math.Pi / 180
		pts = append(pts, pdf.Point{X: cx + r*math.Cos(t), Y: cy + r*math.Sin(t)})
	}
	return pts
}

func (s *sheet) indicatorTable(c Counts) {
	cols := []column{{s.t("TT", "No."), 10, "C"}, {s.t("Chỉ số", "Indicator"), s.w - 40, "L"}, {s.t("Điểm", "Points"), 30, "R"}}
	rows := make([][]string, 0, 10)
	for i, in := range indicators {
		rows = append(rows, []string{strconv.Itoa(i + 1), s.t(in[0], in[1]), number(c.indicatorAverage(i), false, s.lang)})
	}
	rows = append(rows, []string{"", s.t("Tổng (tối đa 18)", "Total (at most 18)"), number(c.AveragePoints(), false, s.lang)})
	s.table(cols, rows, 9, reportBottom, func() { s.AddPage(); s.SetY(15) })
}
