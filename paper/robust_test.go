package paper

import (
	"bytes"
	"strings"
	"testing"

	"github.com/motcua/motcua"
)

// Text from outside (a name, an address, a reason) cannot smuggle control
// or escape sequences into a page, and long text wraps whole: nothing is
// cut.
func TestOutsideTextIsCleanedAndKeptWhole(t *testing.T) {
	d := sampleDossier()
	d.Applicant.Name = "Lê\x1b[31m Văn\x07 Cường"
	long := strings.Repeat("Ấp Tân Lợi xã Tân Thành ", 20) + "KẾTTHÚC"
	d.Applicant.Address = long
	p := writePDF(t, "receipt.pdf", func(b *bytes.Buffer) error { return Receipt(b, d, sampleIssuer, Options{Size: A5}) })
	text := pdfTextRaw(t, p)
	if strings.ContainsAny(text, "\x1b\x07") || strings.Contains(text, "[31m") {
		t.Fatalf("an escape sequence reached the page:\n%q", text)
	}
	flat := strings.Join(strings.Fields(text), " ")
	if !strings.Contains(flat, motcua.NFC(strings.Join(strings.Fields(long), " "))) {
		t.Fatalf("the long address was cut:\n%s", flat)
	}
}

func TestEmptyLogbookSaysSo(t *testing.T) {
	p := writePDF(t, "06.pdf", func(b *bytes.Buffer) error { return LogbookPDF(b, nil, samplePeriod, sampleIssuer, Options{}) })
	wantText(t, "an empty logbook", pdfTextRaw(t, p), "SỔ THEO DÕI HỒ SƠ", "Không có hồ sơ trong kỳ.")
	var b bytes.Buffer
	if err := LogbookXLSX(&b, nil, samplePeriod, sampleIssuer, motcua.VI); err != nil {
		t.Fatal(err)
	}
	r := NewReport(samplePeriod, vnTime(2023, 11, 1, 8, 0), []UnitReport{NewUnitTally("u", "x", samplePeriod, motcua.DefaultCalendar(), vnTime(2023, 11, 1, 8, 0)).Report()})
	if err := ReportPDF(&b, r, sampleIssuer, Options{}); err != nil {
		t.Fatal(err)
	}
	if err := ReportXLSX(&b, r, motcua.EN); err != nil {
		t.Fatal(err)
	}
}
