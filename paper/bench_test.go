package paper

import (
	"bytes"
	"testing"

	"github.com/motcua/motcua"
)

// The logbook of a busy month (1,000 lines), as PDF and as xlsx, and one
// receipt: the officer waits for each.
func BenchmarkLogbookPDF1000(b *testing.B) {
	es := logEntries(1000)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := LogbookPDF(&buf, es, samplePeriod, sampleIssuer, Options{Lang: motcua.VI}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len())/1024, "KiB")
}

func BenchmarkLogbookXLSX1000(b *testing.B) {
	es := logEntries(1000)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := LogbookXLSX(&buf, es, samplePeriod, sampleIssuer, motcua.VI); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len())/1024, "KiB")
}

func BenchmarkReceiptA4(b *testing.B) {
	d := sampleDossier()
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := Receipt(&buf, d, sampleIssuer, Options{Lang: motcua.VI, Size: A4}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len())/1024, "KiB")
}
