package paper

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua"
)

// Guidance and refusals given at the counter (no dossier) are counted by
// the day they were given, per unit, per procedure and in the total, and
// printed as their own lines.
func TestReportCountsCounterRecords(t *testing.T) {
	now := vnTime(2023, 11, 21, 8, 0)
	rec := func(kind motcua.CounterRecordKind, day int, month time.Month) motcua.CounterRecord {
		return motcua.CounterRecord{Kind: kind, At: vnTime(2023, month, day, 9, 0), ProcedureCode: "1.001193", ProcedureName: "Đăng ký khai sinh"}
	}
	u1 := NewUnitTally("000.00.06.H56", "UBND xã Tân Thành", reportPeriod, motcua.DefaultCalendar(), now)
	for _, d := range reportDossiers() {
		u1.Add(d)
	}
	for _, r := range []motcua.CounterRecord{
		rec(motcua.CounterGuidance, 2, 10), rec(motcua.CounterGuidance, 30, 11), rec(motcua.CounterRefusal, 15, 11),
		rec(motcua.CounterGuidance, 1, 12), // after the period
		rec(motcua.CounterRefusal, 30, 9),  // before it
	} {
		u1.AddRecord(r)
	}
	u2 := NewUnitTally("000.00.07.H56", "UBND xã Tân Lợi", reportPeriod, motcua.DefaultCalendar(), now)
	u2.AddRecord(rec(motcua.CounterRefusal, 3, 10))
	r := NewReport(reportPeriod, now, []UnitReport{u1.Report(), u2.Report()})
	if c := r.Units[0].Counts; c.CounterGuidance != 2 || c.CounterRefusals != 1 || c.Received != 8 {
		t.Fatalf("unit: %+v", c)
	}
	if c := r.Total.Counts; c.CounterGuidance != 2 || c.CounterRefusals != 2 {
		t.Fatalf("total: %+v", c)
	}
	var birth *ProcedureCounts
	for i := range r.Units[1].Procedures {
		if r.Units[1].Procedures[i].Code == "1.001193" {
			birth = &r.Units[1].Procedures[i]
		}
	}
	if birth == nil || birth.CounterRefusals != 1 || birth.Received != 0 {
		t.Fatalf("per procedure: %+v", r.Units[1].Procedures)
	}
	for _, lang := range []motcua.Lang{motcua.VI, motcua.EN} {
		p := writePDF(t, "report-counter-"+string(lang)+".pdf", func(b *bytes.Buffer) error {
			return ReportPDF(b, r, Issuer{UnitName: "UBND xã Tân Thành"}, Options{Lang: lang, Now: now})
		})
		text := strings.Join(strings.Fields(pdfTextRaw(t, p)), " ")
		if lang == motcua.VI {
			wantText(t, "the report", text, "Tại quầy, không tiếp nhận: hướng dẫn (Mẫu 02) 2 0 2", "Tại quầy, không tiếp nhận: từ chối (Mẫu 03) 1 1 2")
		} else {
			wantText(t, "the report", text, "At the counter, not received: guidance (form 02) 2 0 2", "At the counter, not received: refused (form 03) 1 1 2")
		}
	}
}
