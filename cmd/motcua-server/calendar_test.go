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
