package paper

import (
	"fmt"
	"io"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/paper/xlsx"
)

// ReportXLSX writes the period's report as a workbook: the figures per
// unit (numbers, shares as percentages), the figures per procedure, and
// the months and outcomes with native Excel charts (a column chart and a
// pie) drawn from those cells.
func ReportXLSX(w io.Writer, r Report, lang motcua.Lang) error {
	f := xlsx.New()
	t := func(vi, en string) string { return s0(Options{Lang: lang}, vi, en) }
	main, procs, charts, inds := f.AddSheet(t("Báo cáo", "Report")), f.AddSheet(t("Theo thủ tục", "Per procedure")),
		f.AddSheet(t("Biểu đồ", "Charts")), f.AddSheet(t("Chỉ số", "Indicators"))
	st := newStyles(f)
	pct := f.AddStyle(xlsx.Style{BuiltinFmt: 10}) // 0.00%
	steps := []func() error{
		func() error { return reportFiguresSheet(main, r, lang, st, pct) },
		func() error { return reportProcedureSheet(procs, r, lang, st, pct) },
		func() error { return reportChartSheet(charts, r, lang, st) },
		func() error { return reportIndicatorSheet(inds, r, lang, st) },
	}
	f.Title, f.Subject, f.Creator = t("Báo cáo kết quả giải quyết TTHC", "Report on procedures"), periodOf(r).text(lang), "motcua"
	for _, step := range steps {
		if err := step(); err != nil {
			return xlErr(err)
		}
	}
	if _, err := f.WriteTo(w); err != nil {
		return xlErr(err)
	}
	return nil
}

func reportFiguresSheet(sh *xlsx.Sheet, r Report, lang motcua.Lang, st xlStyles, pct int) error {
	cols := r.columns()
	head := []any{s0(Options{Lang: lang}, "Chỉ tiêu", "Figure")}
	for _, u := range cols {
		head = append(head, unitTitle(u, lang))
	}
	if err := sh.SetRow(1, 1, head...); err != nil {
		return err
	}
	for i, l := range reportLines() {
		label := s0(Options{Lang: lang}, l.vi, l.en)
		if l.indent {
			label = "   – " + label
		}
		row := []any{label}
		for _, u := range cols {
			row = append(row, l.value(u.Counts))
		}
		if err := sh.SetRow(1, i+2, row...); err != nil {
			return err
		}
		if l.pct {
			sh.SetStyle(2, i+2, len(cols)+1, i+2, pct)
		}
	}
	sh.SetStyle(1, 1, len(cols)+1, 1, st.head)
	sh.SetColWidth(1, 1, 42)
	sh.SetColWidth(2, len(cols)+1, 18)
	sh.Freeze(1, 1)
	return nil
}

func reportProcedureSheet(sh *xlsx.Sheet, r Report, lang motcua.Lang, st xlStyles, pct int) error {
	t := func(vi, en string) string { return s0(Options{Lang: lang}, vi, en) }
	head := []any{t("Mã thủ tục", "Code"), t("Thủ tục", "Procedure"), t("Tiếp nhận", "Received"), t("Trước hạn", "Early"),
		t("Đúng hạn", "On time"), t("Quá hạn", "Late"), t("Đang xử lý trong hạn", "In progress on time"),
		t("Đang xử lý quá hạn", "In progress overdue"), t("Rút", "Withdrawn"), t("Dừng", "Stopped"), t("Từ chối", "Refused"),
		t("Đã trả", "Returned"), t("Được đánh giá", "Rated"), t("Tỷ lệ đánh giá", "Share rated")}
	if err := sh.SetRow(1, 1, head...); err != nil {
		return err
	}
	procs := r.Total.Procedures
	if len(r.Units) == 1 {
		procs = r.Units[0].Procedures
	}
	for i, p := range procs {
		c := p.Counts
		row := []any{p.Code, p.Name, c.Received, c.ResolvedEarly, c.ResolvedOnTime, c.ResolvedLate, c.OpenOnTime, c.OpenOverdue,
			c.Withdrawn, c.Stopped, c.Refused, c.Returned, c.Rated, c.RatedShare()}
		if err := sh.SetRow(1, i+2, row...); err != nil {
			return err
		}
	}
	if len(procs) > 0 {
		sh.SetStyle(14, 2, 14, len(procs)+1, pct) // N, the share rated
	}
	sh.SetStyle(1, 1, len(head), 1, st.head)
	sh.SetColWidth(1, 1, 12)
	sh.SetColWidth(2, 2, 40)
	sh.SetColWidth(3, len(head), 12)
	sh.Freeze(0, 1)
	return nil
}

// reportChartSheet lays out the months (A:B) and the outcomes (D:E) of the
// total, and charts them.
func reportChartSheet(sh *xlsx.Sheet, r Report, lang motcua.Lang, st xlStyles) error {
	t := func(vi, en string) string { return s0(Options{Lang: lang}, vi, en) }
	total := r.Total
	if len(r.Units) == 1 {
		total = r.Units[0]
	}
	if err := sh.SetRow(1, 1, t("Tháng", "Month"), t("Hồ sơ tiếp nhận", "Received")); err != nil {
		return err
	}
	for i, m := range total.Months {
		if err := sh.SetRow(1, i+2, monthLabel(m.Month), m.Received); err != nil {
			return err
		}
	}
	if err := sh.SetRow(4, 1, t("Kết quả", "Outcome"), t("Số hồ sơ", "Dossiers")); err != nil {
		return err
	}
	for i, o := range outcomes {
		if err := sh.SetRow(4, i+2, t(o.vi, o.en), o.n(total.Counts)); err != nil {
			return err
		}
	}
	sh.SetStyle(1, 1, 5, 1, st.head)
	sh.SetColWidth(4, 4, 28)
	q := "'" + sh.Name + "'!"
	nm := len(total.Months) + 1
	if len(total.Months) > 0 {
		sh.AddChart(xlsx.Chart{Kind: xlsx.Column, At: "G2", Title: t("Hồ sơ tiếp nhận theo tháng", "Dossiers received per month"),
			Name: q + "$B$1", Categories: fmt.Sprintf("%s$A$2:$A$%d", q, nm), Values: fmt.Sprintf("%s$B$2:$B$%d", q, nm)})
	}
	no := len(outcomes) + 1
	sh.AddChart(xlsx.Chart{Kind: xlsx.Pie, At: "G20", Title: t("Kết quả giải quyết", "Outcomes"), Legend: true,
		Name: q + "$E$1", Categories: fmt.Sprintf("%s$D$2:$D$%d", q, no), Values: fmt.Sprintf("%s$E$2:$E$%d", q, no)})
	return nil
}

// reportIndicatorSheet lists the nine indicators' average points (0–2)
// per unit and the total out of 18.
func reportIndicatorSheet(sh *xlsx.Sheet, r Report, lang motcua.Lang, st xlStyles) error {
	cols := r.columns()
	head := []any{s0(Options{Lang: lang}, "TT", "No."), s0(Options{Lang: lang}, "Chỉ số (điểm bình quân, tối đa 2)", "Indicator (average points, at most 2)")}
	for _, u := range cols {
		head = append(head, unitTitle(u, lang))
	}
	if err := sh.SetRow(1, 1, head...); err != nil {
		return err
	}
	for i, in := range indicators {
		row := []any{i + 1, s0(Options{Lang: lang}, in[0], in[1])}
		for _, u := range cols {
			row = append(row, u.Counts.indicatorAverage(i))
		}
		if err := sh.SetRow(1, i+2, row...); err != nil {
			return err
		}
	}
	total := []any{nil, s0(Options{Lang: lang}, "Tổng (tối đa 18)", "Total (at most 18)")}
	for _, u := range cols {
		total = append(total, u.Counts.AveragePoints())
	}
	if err := sh.SetRow(1, len(indicators)+2, total...); err != nil {
		return err
	}
	sh.SetStyle(1, 1, len(cols)+2, 1, st.head)
	sh.SetColWidth(2, 2, 50)
	sh.SetColWidth(3, len(cols)+2, 18)
	return nil
}
