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

// A name with characters the font does not have (CJK, an emoji) still
// prints, whole: each missing character as U+FFFD, the rest as written.
func TestCharactersMissingFromTheFontPrint(t *testing.T) {
	d := sampleDossier()
	d.Applicant.Name = "Lý 李 Văn 😀 Tâm"
	p := writePDF(t, "receipt.pdf", func(b *bytes.Buffer) error { return Receipt(b, d, sampleIssuer, Options{Size: A5}) })
	if text := pdfTextRaw(t, p); !strings.Contains(text, "Lý \uFFFD Văn \uFFFD Tâm") {
		t.Fatalf("the name did not print with replacement characters:\n%s", text)
	}
}

// The same dossier and Options.Now give the same bytes: a form saved
// twice is the same file.
func TestSameFormSameBytes(t *testing.T) {
	o := Options{Lang: motcua.VI, Size: A4, Now: vnTime(2023, 11, 8, 10, 0)}
	var a, b bytes.Buffer
	if err := Receipt(&a, sampleDossier(), sampleIssuer, o); err != nil {
		t.Fatal(err)
	}
	if err := Receipt(&b, sampleDossier(), sampleIssuer, o); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("the same receipt printed twice differs")
	}
	if !bytes.Contains(a.Bytes(), []byte("/CreationDate (D:20231108100000+07'00')")) {
		t.Error("the file does not carry Options.Now as its date")
	}
}

// Every form prints from empty records (no name, no code, no date, no
// documents) and from a record whose every field is a long run of
// characters the font lacks: a PDF, never an error or a panic.
func TestFormsPrintFromEmptyAndStrangeRecords(t *testing.T) {
	odd := strings.Repeat("李😀\u0301", 200)
	strange := sampleDossier()
	strange.Code, strange.Applicant.Name, strange.ProcedureName, strange.Summary = odd, odd, odd, odd
	strange.Documents = []motcua.DocumentItem{{Name: odd}}
	for name, d := range map[string]motcua.Dossier{"empty": {}, "strange": strange} {
		iss := Issuer{UnitName: d.Applicant.Name}
		forms := map[string]func(*bytes.Buffer) error{
			"01-a4": func(b *bytes.Buffer) error { return Receipt(b, d, iss, Options{Size: A4}) },
			"01-a5": func(b *bytes.Buffer) error { return Receipt(b, d, iss, Options{Size: A5}) },
			"02": func(b *bytes.Buffer) error {
				return GuidanceForm(b, Notice{Items: []string{d.Summary}}, iss, Options{})
			},
			"03": func(b *bytes.Buffer) error { return RefusalForm(b, Notice{Reason: d.Summary}, iss, Options{}) },
			"04": func(b *bytes.Buffer) error { return ApologyForm(b, Notice{Reason: d.Summary}, iss, Options{}) },
			"05": func(b *bytes.Buffer) error { return ControlSheet(b, d, iss, Options{}) },
			"06": func(b *bytes.Buffer) error {
				return LogbookPDF(b, []LogEntry{{Code: d.Code, Applicant: d.Applicant.Name}}, Period{}, iss, Options{})
			},
			"report": func(b *bytes.Buffer) error { return ReportPDF(b, Report{}, iss, Options{}) },
		}
		for form, gen := range forms {
			var b bytes.Buffer
			if err := gen(&b); err != nil || !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) {
				t.Errorf("%s record, form %s: %v", name, form, err)
			}
		}
	}
}
