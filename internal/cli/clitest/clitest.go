// Package clitest builds a command and checks what every command line
// promises: --help and -h print usage in both languages and exit 0, a bad
// flag exits 2 with one line in the user's language.
package clitest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Build compiles the package pkg into a temporary directory and returns the
// binary's path.
func Build(t *testing.T, pkg string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), filepath.Base(pkg))
	if out, err := exec.Command("go", "build", "-o", bin, pkg).CombinedOutput(); err != nil {
		t.Fatalf("build %s: %v\n%s", pkg, err, out)
	}
	return bin
}

// Run runs bin with args in a clean environment plus env, and returns the
// exit code and both streams.
func Run(t *testing.T, bin string, env []string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	base := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
	cmd.Env = append(base, env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, out.String(), errb.String()
}

// Languages are the two environments every help is read in, with a word
// each one's help must hold.
var Languages = []struct {
	Env  []string
	Word string
}{
	{[]string{"LANG=vi_VN.UTF-8"}, "Cách dùng"},
	{[]string{"LANG=en_US.UTF-8"}, "Usage"},
}

// englishInVietnamese are fragments of the flag package's own wording.
var englishInVietnamese = []string{"flag provided", "invalid value", "needs an argument", "Usage", "parse error"}

// CheckHelpAndBadFlag checks one command line (words such as "unit add")
// of bin.
func CheckHelpAndBadFlag(t *testing.T, bin string, words []string) {
	t.Helper()
	with := func(extra string) []string { return append(append([]string{}, words...), extra) }
	for _, l := range Languages {
		for _, h := range []string{"--help", "-h"} {
			code, out, errs := Run(t, bin, l.Env, with(h)...)
			if code != 0 || !strings.Contains(out, l.Word) || errs != "" {
				t.Errorf("%v %s (%v): exit %d, stdout %q, stderr %q", words, h, l.Env, code, out, errs)
			}
		}
		code, out, errs := Run(t, bin, l.Env, with("--no-such-flag")...)
		lines := strings.Split(strings.TrimRight(errs, "\n"), "\n")
		if code != 2 || len(lines) != 1 || lines[0] == "" || out != "" {
			t.Errorf("%v --no-such-flag (%v): exit %d, stdout %q, stderr %q", words, l.Env, code, out, errs)
		}
		if l.Word == "Cách dùng" {
			for _, en := range englishInVietnamese {
				if strings.Contains(errs, en) {
					t.Errorf("%v --no-such-flag: English in a Vietnamese error: %q", words, errs)
				}
			}
		}
	}
}
