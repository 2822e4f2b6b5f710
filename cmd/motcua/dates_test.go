package main

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/faults"
	"github.com/motcua/motcua/internal/cli/clitest"
)

// TestDateShapes walks the commands, in both languages, human and --json,
// on an enrolled terminal beside a real server, and fails on any date or
// time printed in another shape than the rule's (docs/CLI.md, "Dates and
// times"). A command this walk does not know yet is run bare, so that its
// usage and error are checked at least.
func TestDateShapes(t *testing.T) {
	c := newCLI(t)
	r := faults.StartRig(t, &faults.Rig{NoHold: true})
	s := r.NewTerminal(c.data, "motcua", motcua.RoleCounter, nil)
	s.Close()
	out := c.mustRun("receive", "--procedure", "1.001193", "--name", "Nguyễn Thị Ánh", "--dob", "02/01/1990", "--phone", "0912345678")
	code := strings.SplitN(out, "\n", 2)[0]
	c.mustRun("receive", "--procedure", "1.004884", "--name", "Lê Văn Cường")
	c.mustRun("move", code, "4")
	c.mustRun("move", code, "9")
	c.mustRun("move", code, "10", "--to", "Nguyễn Thị Ánh")
	dir := t.TempDir()
	walk := [][]string{
		{"receive", "--procedure", "1.001193", "--name", "Phạm Thị Dung"},
		{"receive", "--procedure", "1.001193", "--name", "Phạm Văn Dũng", "--json"},
		{"find", "nguyen"}, {"find", "nguyen", "--json"}, {"find", code}, {"find", "không có ai"},
		{"show", code}, {"show", code, "--json"},
		{"move", code, "4"}, {"export"}, {"catalog"}, {"catalog", "--json"},
		{"calendar", "2025"}, {"calendar", "2025", "--json"},
		{"export", "--format", "jsonl"}, {"export", "--format", "xlsx", "--out", filepath.Join(dir, "so.xlsx")},
		{"export", "--format", "xlsx"},
		{"report", "--from", "01/01/2020", "--to", "31/12/2099", "--format", "json"},
		{"report", "--from", "01/01/2020", "--to", "31/12/2099"},
		{"report", "--from", "01/01/2020", "--to", "31/12/2099", "--format", "pdf", "--out", filepath.Join(dir, "r.pdf")},
		{"print", code, "--no-print", "--out", filepath.Join(dir, "r.pdf")}, {"print", "--logbook", "--from", "01/01/2020", "--to", "31/12/2099", "--no-print"},
		{"rekey", code}, {"rekey", code, "--json"},
		{"sync"}, {"sync", "--json"},
		{"check"}, {"restore", "--from", filepath.Join(dir, "none.bak")},
		{"enroll", "--server", "http://127.0.0.1:1", "--code", "ABCDEFGHJKLM"},
		{"--version"}, {"--help"}, {"find", "--help"},
	}
	walked := map[string]bool{}
	for _, args := range walk {
		walked[args[0]] = true
	}
	for _, cmd := range commands {
		if !walked[cmd.name] {
			walk = append(walk, []string{cmd.name}, []string{cmd.name, "--json"})
		}
	}
	// The calendar quotes the official documents' names as they are
	// written ("… dịp 30/4–1/5/2025"): titles, not dates the program wrote.
	var titles []string
	for _, d := range motcua.DefaultCalendar().Year(2025) {
		titles = append(titles, d.Source)
	}
	unquote := func(s string) string {
		for _, q := range titles {
			if q != "" {
				s = strings.ReplaceAll(s, q, "")
			}
		}
		return s
	}
	for _, lang := range []string{"vi", "en"} {
		for _, args := range walk {
			_, stdout, stderr := c.run(append([]string{"--lang", lang}, args...)...)
			stdout = unquote(stdout)
			clitest.CheckDates(t, args, stdout, stderr, slices.Contains(args, "--json") || slices.Contains(args, "jsonl") || slices.Contains(args, "json"))
		}
	}
}
