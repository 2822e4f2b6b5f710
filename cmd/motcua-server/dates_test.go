package main

import (
	"context"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/central"
	"github.com/motcua/motcua/internal/cli/clitest"
)

// TestDateShapes walks the admin commands in both languages, human and
// --json, on a data directory with a unit and an enrolled terminal, and
// fails on any date or time printed in another shape than the rule's
// (docs/CLI.md, "Dates and times").
func TestDateShapes(t *testing.T) {
	t.Setenv("LANG", "C")
	data := shortDir(t)
	c, err := central.Open(filepath.Join(data, "central.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.AddUnit("000.00.06.H56", "UBND xã Tân Thành", ""); err != nil {
		t.Fatal(err)
	}
	en, err := c.CreateEnrollment("000.00.06.H56", motcua.RoleCounter)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Enroll(motcua.EnrollRequest{Code: en.Code, InstallNonce: "0123456789abcdef0123456789abcdef", Schema: motcua.WireSchema}); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	walk := [][]string{
		{"unit", "add", "000.00.07.H57", "UBND xã Tân Lộc"}, {"unit", "list"}, {"unit", "list", "--json"},
		{"unit", "hours", "000.00.07.H57", "--morning", "07:00-11:30", "--afternoon", "13:00-17:00", "--cutoff", "15:00"},
		{"enroll", "--unit", "000.00.06.H56", "--role", "hamlet"},
		{"terminals"}, {"terminals", "--json"},
		{"questions", "held"}, {"questions", "held", "--json"},
		{"report", "--from", "01/01/2020", "--to", "31/12/2099", "--format", "json"},
		{"report", "--from", "01/01/2020", "--to", "31/12/2099", "--out", filepath.Join(dir, "r.xlsx")},
		{"backup", "--out", filepath.Join(dir, "b.db")}, {"backup"},
		{"revoke", "nobody"}, {"--version"}, {"--help"},
	}
	for _, lang := range []string{"vi", "en"} {
		for _, args := range walk {
			_, stdout, stderr := runCmd(t, context.Background(), append([]string{"--data", data, "--lang", lang}, args...)...)
			clitest.CheckDates(t, args, stdout, stderr, slices.Contains(args, "--json") || slices.Contains(args, "json"))
		}
	}
}

// The server's JSON log lines follow the rule too, whatever the machine's
// time zone.
func TestLogTimeInVietnam(t *testing.T) {
	var b strings.Builder
	log := slog.New(slog.NewJSONHandler(&b, &slog.HandlerOptions{ReplaceAttr: vnLogTime}))
	log.Info("request", "route", "GET /v1/ping")
	if bad := clitest.BadJSONDates(b.String()); len(bad) > 0 || !strings.Contains(b.String(), "+07:00") {
		t.Errorf("log line %s: %q", b.String(), bad)
	}
}
