package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestReportFormats(t *testing.T) {
	c := newCLI(t)
	code := receivedCode(t, c)
	c.mustRun("move", code, "4")
	out := c.mustRun("report", "--from", "01/01/2000", "--to", "31/12/2099", "--format", "json")
	var r struct {
		Units []struct {
			Unit   string `json:"unit"`
			Counts struct {
				Received  int            `json:"received"`
				ByChannel map[string]int `json:"by_channel"`
				OnTime    int            `json:"in_progress_on_time"`
			} `json:"counts"`
		} `json:"units"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(r.Units) != 1 || r.Units[0].Unit != "000.00.06.H56" || r.Units[0].Counts.Received != 1 ||
		r.Units[0].Counts.ByChannel["counter"] != 1 || r.Units[0].Counts.OnTime != 1 {
		t.Fatalf("report %s", out)
	}
	x := filepath.Join(t.TempDir(), "r.xlsx")
	c.mustRun("report", "--from", "01/01/2000", "--to", "31/12/2099", "--out", x)
	f, err := excelize.OpenFile(x)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("Báo cáo", "B2"); v != "1" {
		t.Fatalf("received cell %q", v)
	}
	said := c.mustRun("report", "--from", "01/01/2000", "--to", "31/12/2099", "--format", "pdf")
	pdf := filepath.Join(c.data, "forms", "bao-cao-20000101-20991231.pdf")
	if !strings.Contains(said, pdf) {
		t.Fatalf("said %q", said)
	}
	if b, err := os.ReadFile(pdf); err != nil || !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatalf("no PDF: %v", err)
	}
	for _, bad := range [][]string{{"report"}, {"report", "--from", "01/01/2024", "--to", "01/01/2023"}, {"report", "--from", "01/01/2024", "--to", "02/01/2024", "--format", "doc"}} {
		if exit, _, errs := c.run(bad...); exit != exitInput || errs == "" {
			t.Errorf("%v: exit %d %q", bad, exit, errs)
		}
	}
}
