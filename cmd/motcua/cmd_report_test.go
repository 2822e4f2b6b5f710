package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/store"
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

// The period's report counts the guidance (Mẫu 02) and refusals (Mẫu 03)
// given at the counter, which have no dossier.
func TestReportCountsCounterRecords(t *testing.T) {
	c := newCLI(t)
	receivedCode(t, c)
	s, err := store.Open(filepath.Join(c.data, "motcua.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []motcua.CounterRecord{
		{Kind: motcua.CounterGuidance, ProcedureCode: "1.001193", Applicant: motcua.Person{Name: "Lê Văn Cường"}, Missing: []string{"Tờ khai"}},
		{Kind: motcua.CounterRefusal, ProcedureCode: "1.001193", Applicant: motcua.Person{Name: "Phạm Thị Hoa"}, Reason: "Không thuộc thẩm quyền"},
		{Kind: motcua.CounterRefusal, ProcedureCode: "1.001193", Applicant: motcua.Person{Name: "Ngô Văn Dũng"}, Reason: "Không thuộc thẩm quyền"},
	} {
		if _, err := s.RecordAtCounter(r); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	var r struct {
		Units []struct {
			Counts struct {
				Received int `json:"received"`
				Guidance int `json:"counter_guidance"`
				Refusals int `json:"counter_refusals"`
			} `json:"counts"`
		} `json:"units"`
	}
	out := c.mustRun("report", "--from", "01/01/2000", "--to", "31/12/2099", "--format", "json")
	if err := json.Unmarshal([]byte(out), &r); err != nil || len(r.Units) != 1 {
		t.Fatalf("%v: %s", err, out)
	}
	if got := r.Units[0].Counts; got.Received != 1 || got.Guidance != 1 || got.Refusals != 2 {
		t.Fatalf("counts %+v", got)
	}
	out = c.mustRun("report", "--from", "01/01/2000", "--to", "01/01/2001", "--format", "json")
	if err := json.Unmarshal([]byte(out), &r); err != nil || r.Units[0].Counts.Guidance+r.Units[0].Counts.Refusals != 0 {
		t.Fatalf("another period: %v %s", err, out)
	}
}
