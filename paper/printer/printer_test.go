package printer

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/motcua/motcua"
)

func TestSaveAtomicAndSafeName(t *testing.T) {
	dir := t.TempDir()
	p, err := Save(dir, Receipts, "000.00.06.H56-231027-0361/../x.pdf", []byte("%PDF-1.3"))
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(p) != filepath.Join(dir, Receipts) {
		t.Fatalf("saved at %s, outside receipts/", p)
	}
	if b, _ := os.ReadFile(p); string(b) != "%PDF-1.3" {
		t.Fatalf("content %q", b)
	}
	left, _ := filepath.Glob(filepath.Join(dir, Receipts, ".tmp-*"))
	if len(left) != 0 {
		t.Fatalf("temporary files left: %v", left)
	}
}

// fakeLp puts an lp on PATH that prints out and exits with code, and
// records its arguments.
func fakeLp(t *testing.T, out string, code int) string {
	if runtime.GOOS == "windows" {
		t.Skip("lp is not used on Windows")
	}
	bin := t.TempDir()
	args := filepath.Join(bin, "args")
	script := "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + args + "\nprintf '%s\\n' '" + out + "'\nexit " + string(rune('0'+code)) + "\n"
	if err := os.WriteFile(filepath.Join(bin, "lp"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin)
	return args
}

func TestPrintQueuesWithLp(t *testing.T) {
	args := fakeLp(t, "request id is Quay-42 (1 file(s))", 0)
	r, err := Print(context.Background(), "/data/receipts/a.pdf", "Quay", "000.00.06.H56-231027-0361")
	if err != nil {
		t.Fatal(err)
	}
	if r.Job != "Quay-42" {
		t.Errorf("job %q", r.Job)
	}
	b, _ := os.ReadFile(args)
	if got := strings.Fields(string(b)); strings.Join(got, " ") != "-t 000.00.06.H56-231027-0361 -d Quay -- /data/receipts/a.pdf" {
		t.Errorf("lp was called with %q", got)
	}
}

// What CUPS says never reaches the officer: each failure is a sentence in
// their language that names the saved file.
func TestPrintFailuresSpeakPlainly(t *testing.T) {
	cases := []struct{ cups, reason, vi string }{
		{"lp: Error - No default destination.", "no_default", "chưa có máy in mặc định"},
		{"lp: The printer or class does not exist.", "unknown_printer", "Không có máy in tên “Quay”"},
		{"lp: Destination \"Quay\" is not accepting jobs.", "printer_paused", "tạm dừng"},
		{"lp: Unable to connect to server: Connection refused", "cups_down", "Dịch vụ in"},
		{"lp: something else entirely", "print_failed", "không nhận lệnh in"},
		{"", "print_failed", "không nhận lệnh in"},
		{"lp: Fehler - Kein Standardziel.", "print_failed", "không nhận lệnh in"},
		{"lp: \x1b]0;pwned\x07\x1b[31mError - printer on fire", "print_failed", "không nhận lệnh in"},
		{"lpadmin: Unable to connect to server: Connection refused", "cups_down", "Dịch vụ in"},
	}
	for _, c := range cases {
		fakeLp(t, c.cups, 1)
		_, err := Print(context.Background(), "/d/forms/x.pdf", "Quay", "x")
		if motcua.ErrorReason(err) != c.reason {
			t.Errorf("%q: reason %q, want %q", c.cups, motcua.ErrorReason(err), c.reason)
		}
		assertPlain(t, err, c.cups, "/d/forms/x.pdf")
		if m := motcua.ErrorMessage(err, motcua.VI); !strings.Contains(m, c.vi) {
			t.Errorf("%q: %q lacks %q", c.cups, m, c.vi)
		}
	}
}

func TestPrintWithoutLp(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("lp is not used on Windows")
	}
	t.Setenv("PATH", t.TempDir())
	_, err := Print(context.Background(), "/d/receipts/a.pdf", "", "x")
	if motcua.ErrorReason(err) != "no_lp" || !strings.Contains(motcua.ErrorMessage(err, motcua.VI), "chưa cài phần mềm in") {
		t.Fatalf("%v", err)
	}
	assertPlain(t, err, "", "/d/receipts/a.pdf")
}

// A queue that answers with something other than a job id gives no job
// rather than a piece of that answer.
func TestPrintOddAnswerGivesNoRawJob(t *testing.T) {
	fakeLp(t, "lp: warning - \x1b[2Jsomething odd", 0)
	r, err := Print(context.Background(), "/d/receipts/a.pdf", "", "x")
	if err != nil || r.Job != "" {
		t.Fatalf("job %q, %v", r.Job, err)
	}
	fakeLp(t, "request id is Quay-7\x1b[31m (1 file(s))", 0)
	if r, err = Print(context.Background(), "/d/receipts/a.pdf", "", "x"); err != nil || strings.ContainsRune(r.Job, 0x1b) {
		t.Fatalf("job %q, %v", r.Job, err)
	}
}

var wordLp = regexp.MustCompile(`(?i)\blp\b`)

// assertPlain checks a print error's sentences in both languages: they
// name the saved file and say to print it with Ctrl+P, and carry neither
// the printing system's jargon ("lp", "CUPS") nor any piece of what it
// printed (raw, its lines, or a run of three of its words).
func assertPlain(t *testing.T, err error, raw, path string) {
	t.Helper()
	for _, l := range []motcua.Lang{motcua.VI, motcua.EN} {
		m := motcua.ErrorMessage(err, l)
		if !strings.Contains(m, path) || !strings.Contains(m, "Ctrl+P") {
			t.Errorf("%q in %s: %q does not say where the file is and how to print it", raw, l, m)
		}
		if wordLp.MatchString(m) || strings.Contains(strings.ToUpper(m), "CUPS") || strings.ContainsRune(m, 0x1b) {
			t.Errorf("%q in %s: jargon or escape in %q", raw, l, m)
		}
		words := strings.Fields(strings.TrimPrefix(raw, "lp: "))
		for i := 0; i+3 <= len(words); i++ {
			if run := strings.Join(words[i:i+3], " "); strings.Contains(m, run) {
				t.Errorf("%q in %s: %q repeats %q", raw, l, m, run)
			}
		}
	}
}
