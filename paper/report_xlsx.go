package paper

import (
	"fmt"
	"io"

	"github.com/motcua/motcua"
	"github.com/xuri/excelize/v2"
)

// ReportXLSX writes the period's report as a workbook: the figures per
// unit (numbers, shares as percentages), the figures per procedure, and
// the months and outcomes with native Excel charts (a column chart and a
// pie) drawn from those cells.
func ReportXLSX(w io.Writer, r Report, lang motcua.Lang) error {
	f := excelize.NewFile()
	defer f.Close()
	t := func(vi, en string) string { return s0(Options{Lang: lang}, vi, en) }
	main, procs, charts, inds := t("Báo cáo", "Report"), t("Theo thủ tục", "Per procedure"), t("Biểu đồ", "Charts"), t("Chỉ số", "Indicators")
	if err := f.SetSheetName("Sheet1", main); err != nil {
		return xlErr(err)
	}
	for _, name := range []string{procs, charts, inds} {
		if _, err := f.NewSheet(name); err != nil {
			return xlErr(err)
		}
	}
	st, err := newStyles(f)
	if err != nil {
		return xlErr(err)
	}
	pct, err := f.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
	if err != nil {
		return xlErr(err)
	}
	steps := []func() error{
		func() error { return reportFiguresSheet(f, main, r, lang, st, pct) },
		func() error { return reportProcedureSheet(f, procs, r, lang, st, pct) },
		func() error { return reportChartSheet(f, charts, r, lang, st) },
		func() error { return reportIndicatorSheet(f, inds, r, lang, st) },
		func() error {
			return f.SetDocProps(&excelize.DocProperties{Title: t("Báo cáo kết quả giải quyết TTHC", "Report on procedures"),
				Subject: periodOf(r).text(lang), Creator: "motcua"})
		},
	}
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

func cellName(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

func reportFiguresSheet(f *excelize.File, sh string, r Report, lang motcua.Lang, st xlStyles, pct int) error {
	cols := r.columns()
	head := []any{s0(Options{Lang: lang}, "Chỉ tiêu", "Figure")}
	for _, u := range cols {
		head = append(head, unitTitle(u, lang))
	}
	if err := f.SetSheetRow(sh, "A1", &head); err != nil {
		return err
	}
	for i, l := range reportLines {
		label := s0(Options{Lang: lang}, l.vi, l.en)
		if l.indent {
			label = "   – " + label
		}
		row := []any{label}
		for _, u := range cols {
			row = append(row, l.value(u.Counts))
		}
		if err := f.SetSheetRow(sh, cellName(1, i+2), &row); err != nil {
			return err
		}
		if l.pct {
			if err := f.SetCellStyle(sh, cellName(2, i+2), cellName(len(cols)+1, i+2), pct); err != nil {
				return err
			}
		}
	}
	if err := f.SetCellStyle(sh, "A1", cellName(len(cols)+1, 1), st.head); err != nil {
		return err
	}
	if err := f.SetColWidth(sh, "A", "A", 42); err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(cols) + 1)
	if err := f.SetColWidth(sh, "B", last, 18); err != nil {
		return err
	}
	return f.SetPanes(sh, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight"})
}

func reportProcedureSheet(f *excelize.File, sh string, r Report, lang motcua.Lang, st xlStyles, pct int) error {
	t := func(vi, en string) string { return s0(Options{Lang: lang}, vi, en) }
	head := []any{t("Mã thủ tục", "Code"), t("Thủ tục", "Procedure"), t("Tiếp nhận", "Received"), t("Trước hạn", "Early"),
		t("Đúng hạn", "On time"), t("Quá hạn", "Late"), t("Đang xử lý trong hạn", "In progress on time"),
		t("Đang xử lý quá hạn", "In progress overdue"), t("Rút", "Withdrawn"), t("Dừng", "Stopped"), t("Từ chối", "Refused"),
		t("Đã trả", "Returned"), t("Được đánh giá", "Rated"), t("Tỷ lệ đánh giá", "Share rated")}
	if err := f.SetSheetRow(sh, "A1", &head); err != nil {
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
		if err := f.SetSheetRow(sh, cellName(1, i+2), &row); err != nil {
			return err
		}
	}
	if len(procs) > 0 {
		if err := f.SetCellStyle(sh, "N2", cellName(14, len(procs)+1), pct); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(sh, "A1", "N1", st.head); err != nil {
		return err
	}
	if err := f.SetColWidth(sh, "A", "A", 12); err != nil {
		return err
	}
	if err := f.SetColWidth(sh, "B", "B", 40); err != nil {
		return err
	}
	if err := f.SetColWidth(sh, "C", "N", 12); err != nil {
		return err
	}
	return f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// reportChartSheet lays out the months (A:B) and the outcomes (D:E) of the
// total, and charts them.
func reportChartSheet(f *excelize.File, sh string, r Report, lang motcua.Lang, st xlStyles) error {
	t := func(vi, en string) string { return s0(Options{Lang: lang}, vi, en) }
	total := r.Total
	if len(r.Units) == 1 {
		total = r.Units[0]
	}
	if err := f.SetSheetRow(sh, "A1", &[]any{t("Tháng", "Month"), t("Hồ sơ tiếp nhận", "Received")}); err != nil {
		return err
	}
	for i, m := range total.Months {
		if err := f.SetSheetRow(sh, cellName(1, i+2), &[]any{monthLabel(m.Month), m.Received}); err != nil {
			return err
		}
	}
	if err := f.SetSheetRow(sh, "D1", &[]any{t("Kết quả", "Outcome"), t("Số hồ sơ", "Dossiers")}); err != nil {
		return err
	}
	for i, o := range outcomes {
		if err := f.SetSheetRow(sh, cellName(4, i+2), &[]any{t(o.vi, o.en), o.n(total.Counts)}); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(sh, "A1", "E1", st.head); err != nil {
		return err
	}
	if err := f.SetColWidth(sh, "D", "D", 28); err != nil {
		return err
	}
	q := "'" + sh + "'!"
	nm := len(total.Months) + 1
	if len(total.Months) > 0 {
		err := f.AddChart(sh, "G2", &excelize.Chart{Type: excelize.Col,
			Series: []excelize.ChartSeries{{Name: q + "$B$1", Categories: fmt.Sprintf("%s$A$2:$A$%d", q, nm), Values: fmt.Sprintf("%s$B$2:$B$%d", q, nm)}},
			Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: t("Hồ sơ tiếp nhận theo tháng", "Dossiers received per month")}}},
			Legend: excelize.ChartLegend{Position: "none"}})
		if err != nil {
			return err
		}
	}
	no := len(outcomes) + 1
	return f.AddChart(sh, "G20", &excelize.Chart{Type: excelize.Pie,
		Series: []excelize.ChartSeries{{Name: q + "$E$1", Categories: fmt.Sprintf("%s$D$2:$D$%d", q, no), Values: fmt.Sprintf("%s$E$2:$E$%d", q, no)}},
		Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: t("Kết quả giải quyết", "Outcomes")}}},
		Legend: excelize.ChartLegend{Position: "right"}})
}

// reportIndicatorSheet lists the nine indicators' average points (0–2)
// per unit and the total out of 18.
func reportIndicatorSheet(f *excelize.File, sh string, r Report, lang motcua.Lang, st xlStyles) error {
	cols := r.columns()
	head := []any{s0(Options{Lang: lang}, "TT", "No."), s0(Options{Lang: lang}, "Chỉ số (điểm bình quân, tối đa 2)", "Indicator (average points, at most 2)")}
	for _, u := range cols {
		head = append(head, unitTitle(u, lang))
	}
	if err := f.SetSheetRow(sh, "A1", &head); err != nil {
		return err
	}
	for i, in := range indicators {
		row := []any{i + 1, s0(Options{Lang: lang}, in[0], in[1])}
		for _, u := range cols {
			row = append(row, u.Counts.indicatorAverage(i))
		}
		if err := f.SetSheetRow(sh, cellName(1, i+2), &row); err != nil {
			return err
		}
	}
	total := []any{nil, s0(Options{Lang: lang}, "Tổng (tối đa 18)", "Total (at most 18)")}
	for _, u := range cols {
		total = append(total, u.Counts.AveragePoints())
	}
	if err := f.SetSheetRow(sh, "A11", &total); err != nil {
		return err
	}
	if err := f.SetCellStyle(sh, "A1", cellName(len(cols)+2, 1), st.head); err != nil {
		return err
	}
	if err := f.SetColWidth(sh, "B", "B", 50); err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(cols) + 2)
	return f.SetColWidth(sh, "C", last, 18)
}
