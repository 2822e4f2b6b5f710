package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The server reads the same calendar file as `motcua calendar import`: the
// schedule shipped in the binary imports as it is, and a bad entry is
// refused whole with the entry's number.
func TestCalendarImportSameFormat(t *testing.T) {
	t.Setenv("LANG", "C")
	dir := shortDir(t)
	ctx := context.Background()
	if code, out, errs := runCmd(t, ctx, "calendar", "import", filepath.Join("..", "..", "catalog", "calendar.json"), "--data", dir); code != exitOK {
		t.Fatalf("shipped file: exit %d, %s %s", code, out, errs)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"overrides":[{"date":"2027-02-04","kind":"off"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCmd(t, ctx, "calendar", "import", bad, "--data", dir); code != exitInput || !strings.Contains(errs, "Dòng 1") {
		t.Fatalf("bad file: exit %d, %q", code, errs)
	}
}

func TestUnitHoursCommand(t *testing.T) {
	t.Setenv("LANG", "C")
	dir := shortDir(t)
	ctx := context.Background()
	if code, _, errs := runCmd(t, ctx, "unit", "add", "000.00.06.H56", "UBND xã Tân Thành", "--data", dir); code != exitOK {
		t.Fatal(errs)
	}
	code, out, errs := runCmd(t, ctx, "unit", "hours", "000.00.06.H56", "--morning", "7:30-11:30", "--afternoon", "13h-16h30", "--saturday", "--cutoff", "14:00", "--data", dir)
	if code != exitOK || !strings.Contains(out, "07:30–11:30, 13:00–16:30") || !strings.Contains(out, "sáng thứ Bảy") || !strings.Contains(out, "14:00") {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}
	for _, args := range [][]string{
		{"unit", "hours", "000.00.06.H56", "--morning", "11:30-7:00"},
		{"unit", "hours", "000.00.06.H56", "--cutoff", "soon"},
		{"unit", "hours"},
		{"unit", "hours", "bad"},
	} {
		if code, _, errs := runCmd(t, ctx, append(args, "--data", dir)...); code != exitInput || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("%v: exit %d, %q", args, code, errs)
		}
	}
	if code, _, _ := runCmd(t, ctx, "unit", "hours", "000.00.09.H99", "--data", dir); code == exitOK {
		t.Error("hours for an unknown unit accepted")
	}
}
