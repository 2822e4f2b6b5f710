package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// A command that needs data, run where there is none, says so in one
// sentence of the user's language, exits 2, and creates nothing: no data
// file, no directory.
func TestNoDataCreatesNothing(t *testing.T) {
	for _, lang := range []string{"vi", "en"} {
		for _, args := range [][]string{
			{"find", "nguyen"},
			{"show", "000.00.06.H56-261030-9002"},
			{"catalog"},
			{"export"},
			{"check"},
			{"receive", "--procedure", "1.001193", "--name", "Nguyễn Thị Ánh"},
			{"move", "000.00.06.H56-261030-9002", "4"},
			{"sync"},
			{"calendar"},
			{"print", "000.00.06.H56-261030-9002"},
			{"report", "--from", "01/11/2026", "--to", "30/11/2026"},
		} {
			c := newCLI(t)
			code, out, errs := c.run(append([]string{"--lang", lang}, args...)...)
			want := map[string]string{"vi": "Không có dữ liệu motcua ở", "en": "There is no motcua data at"}[lang]
			if code != exitInput || out != "" || !strings.HasPrefix(errs, want) || strings.Count(errs, "\n") != 1 {
				t.Errorf("%s %v: exit %d, stdout %q, stderr %q", lang, args, code, out, errs)
			}
			if _, err := os.Stat(c.data); !os.IsNotExist(err) {
				t.Errorf("%s %v created %s (%v)", lang, args, c.data, err)
			}
		}
	}
}

// The read-only commands read a store another read-only command holds open
// (a shared lock), and still find what a write left.
func TestReadCommandsShareTheStore(t *testing.T) {
	c := newCLI(t)
	c.mustRun("init", "--unit", "000.00.06.H56", "--unit-name", "UBND xã Tân Thành", "--officer", "Trần Văn Bình")
	code := strings.SplitN(c.mustRun("receive", "--procedure", "1.001193", "--name", "Nguyễn Thị Ánh"), "\n", 2)[0]
	e := &env{dataDir: c.data}
	s, err := e.openRead()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if out := c.mustRun("find", "nguyen thi anh"); !strings.Contains(out, code) {
		t.Fatalf("find beside a reader: %q", out)
	}
	if out := c.mustRun("show", code); !strings.Contains(out, "Nguyễn Thị Ánh") {
		t.Fatalf("show beside a reader: %q", out)
	}
}

// straceAndBinary is strace's path and this package's binary, built for
// the test; a machine without strace skips the test.
func straceAndBinary(t *testing.T) (strace, bin string) {
	t.Helper()
	strace, err := exec.LookPath("strace")
	if err != nil {
		t.Skip("strace is not installed (.ci/run installs it)")
	}
	return strace, buildMotcua(t)
}

// buildMotcua builds this package's binary for the test and returns its path.
func buildMotcua(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "motcua")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// TestFsyncsPerCommand runs the real binary under strace and counts fsync
// and fdatasync: a read-only command does none, a reception the two of one
// bbolt commit (once today's backup exists; the first write of a day also
// writes the backup, whose fsyncs are its own).
func TestFsyncsPerCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	strace, bin := straceAndBinary(t)
	data := t.TempDir()
	syncs := func(args ...string) int {
		t.Helper()
		report := filepath.Join(t.TempDir(), "strace.txt")
		cmd := exec.Command(strace, append([]string{"-f", "-c", "-o", report, "-e", "trace=fsync,fdatasync", bin, "--data", data}, args...)...)
		cmd.Env = append(os.Environ(), "LANG=C", "MOTCUA_DATA=")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("motcua %v: %v\n%s", args, err, out)
		}
		return countCalls(t, report)
	}
	syncs("init", "--unit", "000.00.06.H56", "--unit-name", "UBND xã Tân Thành", "--officer", "Trần Văn Bình")
	first := syncs("receive", "--procedure", "1.001193", "--name", "Nguyễn Thị Ánh", "--outside-hours")
	if first < 2 {
		t.Fatalf("the first reception counted %d fsyncs: a durable commit has at least one (is the strace report read right?)", first)
	}
	for _, c := range []struct {
		args []string
		max  int
	}{
		{[]string{"receive", "--procedure", "1.001193", "--name", "Lê Văn Cường", "--outside-hours"}, 2},
		{[]string{"find", "nguyen"}, 0},
		{[]string{"find", "0912345678"}, 0},
		{[]string{"catalog"}, 0},
		{[]string{"export"}, 0},
		{[]string{"check"}, 0},
	} {
		if n := syncs(c.args...); n > c.max {
			t.Errorf("motcua %v: %d fsyncs, want at most %d", c.args, n, c.max)
		} else {
			t.Logf("motcua %s: %d fsync/fdatasync", c.args[0], n)
		}
	}
	t.Logf("first reception of the day (with the daily backup): %d fsync/fdatasync", first)
}

// countCalls sums the calls column of an strace -c report.
func countCalls(t *testing.T, report string) int {
	t.Helper()
	b, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	row := regexp.MustCompile(`^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(fsync|fdatasync)\s*$`)
	for _, line := range strings.Split(string(b), "\n") {
		if m := row.FindStringSubmatch(line); m != nil {
			k, _ := strconv.Atoi(m[1])
			n += k
		}
	}
	return n
}
