package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/central"
	"github.com/motcua/motcua/store"
)

// seedCentral makes a server data directory with two units and one
// dossier received on an enrolled terminal of the first, synced up.
func seedCentral(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	c, err := central.Open(filepath.Join(dir, "central.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, u := range [][2]string{{"000.00.06.H56", "UBND xã Tân Thành"}, {"000.00.07.H56", "UBND xã Tân Lợi"}} {
		if _, err := c.AddUnit(u[0], u[1], ""); err != nil {
			t.Fatal(err)
		}
	}
	s, err := store.Open(filepath.Join(t.TempDir(), "motcua.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Init("000.00.06.H56", "UBND xã Tân Thành", "Trần Văn Bình"); err != nil {
		t.Fatal(err)
	}
	en, err := c.CreateEnrollment("000.00.06.H56", motcua.RoleCounter)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := s.SyncMeta()
	resp, err := c.Enroll(motcua.EnrollRequest{Code: en.Code, InstallNonce: m.Terminal.InstallNonce, Schema: motcua.WireSchema})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetEnrollment(store.Enrollment{Server: "http://test", Response: resp}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Receive(motcua.ReceiveInput{ProcedureCode: "1.001193", Applicant: motcua.Person{Name: "Nguyễn Thị Ánh"}}); err != nil {
		t.Fatal(err)
	}
	// A guidance and a refusal at the counter: no dossier, but counted.
	for _, r := range []motcua.CounterRecord{
		{Kind: motcua.CounterGuidance, ProcedureCode: "1.001193", Applicant: motcua.Person{Name: "Lê Văn Cường"}, Missing: []string{"Tờ khai"}},
		{Kind: motcua.CounterRefusal, ProcedureCode: "1.001193", Applicant: motcua.Person{Name: "Phạm Thị Hoa"}, Reason: "Không thuộc thẩm quyền"},
	} {
		if _, err := s.RecordAtCounter(r); err != nil {
			t.Fatal(err)
		}
	}
	m, _ = s.SyncMeta()
	ops, err := s.SyncBatch(m.AckedSeq+1, 100)
	if err != nil || len(ops) == 0 {
		t.Fatalf("%d ops: %v", len(ops), err)
	}
	if _, err := c.Sync(m.Terminal.ID, motcua.SyncRequest{TerminalID: m.Terminal.ID, InstallNonce: m.Terminal.InstallNonce,
		Schema: motcua.WireSchema, AckedSeq: m.AckedSeq, Ops: ops, Pull: motcua.PullRequest{Cursor: m.Cursor, Limit: 100}}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestPeriodReportAcrossUnits(t *testing.T) {
	dir := seedCentral(t)
	ctx := context.Background()
	code, out, errs := runCmd(t, ctx, "--data", dir, "report", "--from", "01/01/2000", "--to", "31/12/2099")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var r struct {
		Units []struct {
			Unit   string `json:"unit"`
			Counts struct {
				Received int `json:"received"`
			} `json:"counts"`
		} `json:"units"`
		Total struct {
			Counts struct {
				Received int `json:"received"`
				Guidance int `json:"counter_guidance"`
				Refusals int `json:"counter_refusals"`
			} `json:"counts"`
		} `json:"total"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(r.Units) != 2 || r.Units[0].Counts.Received+r.Units[1].Counts.Received != 1 || r.Total.Counts.Received != 1 ||
		r.Total.Counts.Guidance != 1 || r.Total.Counts.Refusals != 1 {
		t.Fatalf("report: %s", out)
	}
	code, out, _ = runCmd(t, ctx, "--data", dir, "report", "--from", "01/01/2000", "--to", "31/12/2099", "--unit", "000.00.07.H56", "--format", "xlsx")
	if code != 0 || !strings.Contains(out, filepath.Join(dir, "reports", "bao-cao-20000101-20991231.xlsx")) {
		t.Fatalf("exit %d: %s", code, out)
	}
	for _, bad := range [][]string{
		{"report", "--from", "01/01/2000"},
		{"report", "--from", "01/01/2000", "--to", "31/12/2099", "--unit", "000.00.99.H56"},
		{"report", "--from", "01/01/2000", "--to", "31/12/2099", "--format", "doc"},
	} {
		if code, _, errs := runCmd(t, ctx, append([]string{"--data", dir}, bad...)...); code != exitInput || errs == "" {
			t.Errorf("%v: exit %d %q", bad, code, errs)
		}
	}
}

// A running server holds the file: the report says so and what to do.
func TestPeriodReportWhileServerHoldsFile(t *testing.T) {
	dir := seedCentral(t)
	c, err := central.Open(filepath.Join(dir, "central.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	code, _, errs := runCmd(t, context.Background(), "--data", dir, "report", "--from", "01/01/2000", "--to", "31/12/2099")
	if code != exitFailure || !strings.Contains(errs, "dừng máy chủ") {
		t.Fatalf("exit %d: %q", code, errs)
	}
}

// While the server runs, the report reads through its admin socket: the
// operator need not stop it.
func TestPeriodReportThroughRunningServer(t *testing.T) {
	seeded, err := os.ReadFile(filepath.Join(seedCentral(t), "central.db"))
	if err != nil {
		t.Fatal(err)
	}
	data := shortDir(t)
	if err := os.WriteFile(filepath.Join(data, "central.db"), seeded, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	addrc, done := make(chan string, 1), make(chan int)
	var logs bytes.Buffer
	go func() {
		e := &env{stdout: &bytes.Buffer{}, stderr: &logs, lang: motcua.EN, ctx: ctx, dataDir: data, ready: func(a string) { addrc <- a }}
		done <- e.report(e.serve([]string{"--addr", "127.0.0.1:0"}))
	}()
	select {
	case <-addrc:
	case <-time.After(10 * time.Second):
		t.Fatal("server did not start")
	}
	code, out, errs := runCmd(t, ctx, "--data", data, "report", "--from", "01/01/2000", "--to", "31/12/2099", "--unit", "000.00.06.H56")
	// A period without the counter records counts none (the days go through the socket).
	code2, out2, errs2 := runCmd(t, ctx, "--data", data, "report", "--from", "01/01/2000", "--to", "31/12/2000", "--unit", "000.00.06.H56")
	cancel()
	if c := <-done; c != 0 {
		t.Fatalf("server exit %d: %s", c, logs.String())
	}
	if code != 0 {
		t.Fatalf("report while running: exit %d: %s", code, errs)
	}
	var r struct {
		Total struct {
			Counts struct {
				Received int `json:"received"`
				Guidance int `json:"counter_guidance"`
				Refusals int `json:"counter_refusals"`
			} `json:"counts"`
		} `json:"total"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || r.Total.Counts.Received != 1 || r.Total.Counts.Guidance != 1 || r.Total.Counts.Refusals != 1 {
		t.Fatalf("report: %v %s", err, out)
	}
	if err := json.Unmarshal([]byte(out2), &r); code2 != 0 || err != nil || r.Total.Counts.Guidance+r.Total.Counts.Refusals != 0 {
		t.Fatalf("another period: exit %d %v %s %s", code2, err, out2, errs2)
	}
}
