package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestExportXLSX(t *testing.T) {
	c := newCLI(t)
	code := receivedCode(t, c)
	out := filepath.Join(t.TempDir(), "so.xlsx")
	c.mustRun("export", "--format", "xlsx", "--out", out)
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Sổ theo dõi")
	if err != nil || len(rows) != 2 {
		t.Fatalf("%v: %q", err, rows)
	}
	if rows[0][1] != "Mã hồ sơ" || rows[1][1] != code || rows[1][4] != "Nguyễn Thị Ánh" {
		t.Fatalf("rows %q", rows)
	}
	if typ, _ := f.GetCellType("Sổ theo dõi", "J2"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Fatal("the reception date is text")
	}
	// Without --out the workbook is saved under DIR/forms and named.
	said := c.mustRun("--lang", "en", "export", "--format", "xlsx", "--from", "01/01/2020")
	saved := filepath.Join(c.data, "forms", "so-theo-doi-20200101-all.xlsx")
	if !strings.Contains(said, saved) {
		t.Fatalf("said %q", said)
	}
	if _, err := os.Stat(saved); err != nil {
		t.Fatal(err)
	}
}

func TestExportCSVToFileHasBOM(t *testing.T) {
	c := newCLI(t)
	receivedCode(t, c)
	out := filepath.Join(t.TempDir(), "so.csv")
	c.mustRun("export", "--out", out)
	b, err := os.ReadFile(out)
	if err != nil || !strings.HasPrefix(string(b), "\xef\xbb\xbfMã hồ sơ,") || !strings.Contains(string(b), "NGUYỄN THỊ ÁNH") {
		t.Fatalf("%v: %q", err, b)
	}
}

// --out - is standard output for every format, as it is for xlsx: a script
// piping the logbook must not find a file named "-" instead.
func TestExportOutDashIsStdout(t *testing.T) {
	c := newCLI(t)
	receivedCode(t, c)
	dir := t.TempDir()
	t.Chdir(dir)
	for _, format := range []string{"csv", "jsonl"} {
		out := c.mustRun("export", "--format", format, "--out", "-")
		if !strings.Contains(out, "NGUYỄN THỊ ÁNH") && !strings.Contains(out, "Nguyễn Thị Ánh") {
			t.Fatalf("%s: stdout %q", format, out)
		}
		if _, err := os.Stat(filepath.Join(dir, "-")); err == nil {
			t.Fatalf("%s: wrote a file named -", format)
		}
	}
}
