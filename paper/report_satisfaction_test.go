package paper

import (
	"bytes"
	"strings"
	"testing"

	"github.com/motcua/motcua"
)

// The report counts the five answers, groups them onto Thông tư 01/2018's
// three levels, and counts a rating stored on the three-level scale (no
// Scale) under the answer it holds.
func TestReportFiveLevelSatisfaction(t *testing.T) {
	ds := reportDossiers()[:3] // three returned dossiers
	ds[0].Rating = &motcua.Rating{Overall: motcua.Neutral, Convenience: motcua.Neutral, Scale: 5}
	ds[1].Rating = &motcua.Rating{Overall: motcua.VeryDissatisfied, Convenience: motcua.Satisfied, Scale: 5}
	ds[2].Rating = &motcua.Rating{Overall: motcua.Satisfied, Convenience: motcua.Dissatisfied} // three-level, stored before
	tl := NewUnitTally("000.00.06.H56", "UBND xã Tân Thành", reportPeriod, motcua.DefaultCalendar(), vnTime(2023, 11, 21, 8, 0))
	for _, d := range ds {
		tl.Add(d)
	}
	u := tl.Report()
	c := u.Counts
	if c.Rated != 3 || c.Satisfaction[motcua.Neutral] != 1 || c.Satisfaction[motcua.VeryDissatisfied] != 1 || c.Satisfaction[motcua.Satisfied] != 1 {
		t.Fatalf("counts %+v", c)
	}
	if c.notSatisfied() != 2 || c.SatisfiedShare() < 0.33 || c.SatisfiedShare() > 0.34 {
		t.Fatalf("not satisfied %d, share %v", c.notSatisfied(), c.SatisfiedShare())
	}
	r := NewReport(reportPeriod, vnTime(2023, 11, 21, 8, 0), []UnitReport{u})
	p := writePDF(t, "report-five.pdf", func(b *bytes.Buffer) error {
		return ReportPDF(b, r, Issuer{UnitName: "UBND xã Tân Thành"}, Options{Lang: motcua.VI, Now: r.GeneratedAt})
	})
	text := strings.Join(strings.Fields(pdfTextRaw(t, p)), " ")
	wantText(t, "the report", text, "Rất hài lòng", "Bình thường", "Rất không hài lòng",
		"Không hài lòng theo TT 01 (mức 1–3)", "Tỷ lệ hài lòng (hài lòng, rất hài lòng)", "33,3 %")
}
