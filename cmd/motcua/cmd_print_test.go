package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// fakeLp puts an lp on PATH that records its arguments and answers as CUPS
// does, or fails with a CUPS sentence when fail is set.
func fakeLp(t *testing.T, fail string) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("lp is not used on Windows")
	}
	bin := t.TempDir()
	args := filepath.Join(bin, "args")
	script := "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + args + "\necho 'request id is Quay-7 (1 file(s))'\n"
	if fail != "" {
		script = "#!/bin/sh\necho '" + fail + "' >&2\nexit 1\n"
	}
	if err := os.WriteFile(filepath.Join(bin, "lp"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	return args
}

func receivedCode(t *testing.T, c *cliRun) string {
	c.mustRun("init", "--unit", "000.00.06.H56", "--unit-name", "UBND xã Tân Thành", "--officer", "Trần Văn Bình")
	out := c.mustRun("receive", "--procedure", "1.001193", "--name", "Nguyễn Thị Ánh", "--phone", "0912 345 678")
	return strings.SplitN(out, "\n", 2)[0]
}

func TestPrintReceiptSavesThenPrints(t *testing.T) {
	c := newCLI(t)
	code := receivedCode(t, c)
	args := fakeLp(t, "")
	out := c.mustRun("print", code)
	want := filepath.Join(c.data, "receipts", code+".pdf")
	if !strings.Contains(out, want) || !strings.Contains(out, "Quay-7") {
		t.Fatalf("print: %q", out)
	}
	b, err := os.ReadFile(want)
	if err != nil || !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatalf("no PDF at %s: %v", want, err)
	}
	got, _ := os.ReadFile(args)
	if !strings.Contains(string(got), want) {
		t.Fatalf("lp got %q", got)
	}
	if p, err := exec.LookPath("pdftotext"); err == nil {
		text, _ := exec.Command(p, want, "-").Output()
		if !strings.Contains(string(text), "Nguyễn Thị Ánh") || !strings.Contains(string(text), code) || !strings.Contains(string(text), "Mã tra cứu") {
			t.Fatalf("the receipt reads:\n%s", text)
		}
	}
}

func TestPrintFailureIsPlainAndFileKept(t *testing.T) {
	c := newCLI(t)
	code := receivedCode(t, c)
	fakeLp(t, "lp: Error - No default destination.")
	exit, _, errs := c.run("print", code, "--form", "05")
	if exit != exitFailure || strings.Contains(errs, "destination") || !strings.Contains(errs, "máy in mặc định") {
		t.Fatalf("exit %d, %q", exit, errs)
	}
	if _, err := os.Stat(filepath.Join(c.data, "forms", code+"-mau-05.pdf")); err != nil {
		t.Fatal("the control sheet was not saved before printing")
	}
}

func TestPrintRefusesWhatDoesNotExist(t *testing.T) {
	c := newCLI(t)
	code := receivedCode(t, c)
	for _, args := range [][]string{
		{"print", code, "--form", "03"},              // not refused
		{"print", code, "--form", "07"},              // no such form
		{"print", code, "--paper", "A3"},             // no such size
		{"print", "--logbook", "--from", "1/1/2024"}, // --to missing
		{"print"},
	} {
		exit, _, errs := c.run(args...)
		if exit != exitInput || errs == "" || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("%v: exit %d, %q", args, exit, errs)
		}
	}
}

func TestPrintLogbookToFile(t *testing.T) {
	c := newCLI(t)
	receivedCode(t, c)
	out := filepath.Join(t.TempDir(), "so.pdf")
	c.mustRun("print", "--logbook", "--from", "01/01/2000", "--to", "31/12/2099", "--out", out)
	if p, err := exec.LookPath("pdftotext"); err == nil {
		text, _ := exec.Command(p, out, "-").Output()
		if !strings.Contains(string(text), "SỔ THEO DÕI HỒ SƠ") || !strings.Contains(string(text), "Nguyễn Thị Ánh") {
			t.Fatalf("the logbook reads:\n%s", text)
		}
	}
}
