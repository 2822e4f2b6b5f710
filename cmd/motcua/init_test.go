package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/motcua/motcua/cmd/motcua/internal/prefault"
)

// initAllocBudget is, for each of our packages linked into motcua, the most
// heap allocations its initialisation may make (GODEBUG=inittrace=1 counts
// them; they do not depend on the machine). Every command is a whole
// process — `motcua find` is compared with a SQLite query process in
// BENCHMARKS.md — and Go runs every linked package's init before main, so
// work at init (a regexp compiled, a table built, a file read) is paid by
// every command. Build such things on first use (sync.OnceValue), or as
// constants; raise a budget only with a reason.
var initAllocBudget = map[string]int{
	"github.com/motcua/motcua":               12, // VNZone, the lazy loaders' shells (sync.OnceValue)
	"github.com/motcua/motcua/ui":            5,  // amountRE's shell; tables are arrays, laid out by the linker
	"github.com/motcua/motcua/paper/printer": 0,  // nothing: lp's job id is a string search
	"main":                                   2,  // the command table, allocated once
	// The runtime's copies of the arguments and of the environment (read
	// without syscall's map), and mincore's vector for the heap's populate
	// of a one-shot command (heap_linux_amd64.go), all garbage at once.
	"github.com/motcua/motcua/cmd/motcua/internal/prefault": 4,
}

// initAllocDefault is the budget of any other package of ours.
const initAllocDefault = 8

// copiedInitBudget is the same for the libraries motcua links as patched
// copies (third_party/*/README.md) because their initialisation was most of
// what a `motcua find` paid before main. Before the copies, in the same
// order: 13 (the clipboard tools' PATH search), 16 and 3 (the zero-width
// tables; the parser's 4 KB transition table), 119 (the SI regexp), 105 and
// 13 (the content-type and shell-quoting regexps); 12 (ultraviolet's key
// tables), 18 (termios's option tables), 18 for resty before its random
// source was seeded at first use, 52 (Lip Gloss's default Writer: the
// environment parsed, on a terminal its terminfo entry read). runewidth's
// change (its width and joiner tables filled at the first lookup) allocates
// nothing either way: its AtFirstUse test checks the tables answer as
// upstream's do.
var copiedInitBudget = map[string]int{
	"charm.land/lipgloss/v2":                   0,
	"github.com/atotto/clipboard":              0,
	"github.com/charmbracelet/ultraviolet":     4,  // error values
	"github.com/charmbracelet/x/ansi":          5,  // wcOptions, dwOptions and the env lookup
	"github.com/charmbracelet/x/ansi/parser":   0,  // Table is a literal
	"github.com/charmbracelet/x/termios":       0,  // no init left
	"github.com/dustin/go-humanize":            61, // bigbytes.go's big.Int constants
	"github.com/go-resty/resty/v2":             16, // header keys, the buffer pool, digest's hash table
	"github.com/go-resty/resty/v2/shellescape": 2,
	"github.com/mattn/go-runewidth":            9, // the locale: the process's first os.Getenv copies the environment into syscall's map
}

// initBudget is pkg's budget, and whether the test checks it at all.
func initBudget(pkg string) (int, bool) {
	if b, ok := copiedInitBudget[pkg]; ok {
		return b, true
	}
	if pkg != "main" && pkg != "github.com/motcua/motcua" && !strings.HasPrefix(pkg, "github.com/motcua/motcua/") {
		return 0, false
	}
	if b, ok := initAllocBudget[pkg]; ok {
		return b, true
	}
	return initAllocDefault, true
}

// TestInitWork runs the real binary with GODEBUG=inittrace=1 and fails when
// one of our packages allocates more at start-up than its budget.
func TestInitWork(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildMotcua(t)
	cmd := exec.Command(bin, "--help")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1", "LANG=C")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("motcua --help: %v\n%s", err, stderr.Bytes())
	}
	seen := 0
	sc := bufio.NewScanner(&stderr)
	for sc.Scan() {
		// init github.com/motcua/motcua @10 ms, 0.17 ms clock, 14496 bytes, 61 allocs
		f := strings.Fields(sc.Text())
		if len(f) != 11 || f[0] != "init" || f[10] != "allocs" {
			continue
		}
		pkg := f[1]
		budget, checked := initBudget(pkg)
		if !checked {
			continue
		}
		seen++
		allocs, err := strconv.Atoi(f[9])
		if err != nil {
			t.Fatalf("inittrace line %q: %v", sc.Text(), err)
		}
		if allocs > budget {
			t.Errorf("package %s allocates %d times at start-up (%s bytes), budget %d: build it on first use", pkg, allocs, f[7], budget)
		}
	}
	if seen == 0 {
		t.Fatalf("no init line of ours in GODEBUG=inittrace=1 output:\n%s", stderr.Bytes())
	}
}

// TestLinksNoXML: nothing in motcua decodes XML, and encoding/xml's
// initialisation builds its 250-entry HTML entity map in every process that
// links it (five fresh pages of a `motcua find`). The resty copy links it no
// more (third_party/resty/README.md); this keeps it out.
func TestLinksNoXML(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, p := range strings.Fields(string(out)) {
		if p == "encoding/xml" {
			t.Fatal("cmd/motcua links encoding/xml: `go list -deps -f '{{.ImportPath}}: {{.Imports}}' ./cmd/motcua | grep encoding/xml` names who imports it")
		}
	}
}

// TestPrefaultRunsEarly: the prefault package maps the binary's code in one
// system call (cmd/motcua/internal/prefault), which pays only if it runs
// before the other packages' initialisation touches that code page by page:
// it must come before os and every library of the UI and of sync.
func TestPrefaultRunsEarly(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if runtime.GOOS != "linux" {
		t.Skip("the package does its work on Linux only")
	}
	bin := buildMotcua(t)
	cmd := exec.Command(bin, "--help")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("motcua --help: %v\n%s", err, out)
	}
	var order []string
	for _, line := range strings.Split(string(out), "\n") {
		if f := strings.Fields(line); len(f) > 1 && f[0] == "init" {
			order = append(order, f[1])
		}
	}
	at := slices.Index(order, "github.com/motcua/motcua/cmd/motcua/internal/prefault")
	if at < 0 {
		t.Fatalf("no init line of the prefault package:\n%s", out)
	}
	for _, p := range order[:at] {
		if p == "os" || strings.Contains(p, ".") { // os, or any package outside the standard library
			t.Errorf("%s initialises before the prefault package (init order: %v)", p, order[:at+1])
		}
	}
}

// TestPrefaultRangeIsTheCode: the range the package maps holds the code of
// this binary (a function's address) and is a few megabytes, not the whole
// address space.
func TestPrefaultRangeIsTheCode(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the package does its work on Linux only")
	}
	start, end := prefault.Range()
	pc := reflect.ValueOf(run).Pointer()
	if pc < start || pc >= end || end-start > 256<<20 || start%uintptr(os.Getpagesize()) != 0 {
		t.Errorf("Range() = %#x-%#x (%d bytes); run is at %#x", start, end, end-start, pc)
	}
}

// TestPrefaultOffSwitch: one madvise(MADV_POPULATE_READ) over the code per
// process, none with MOTCUA_NO_PREFAULT=1 (to measure a process without it).
func TestPrefaultOffSwitch(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if runtime.GOOS != "linux" {
		t.Skip("the package does its work on Linux only")
	}
	strace, bin := straceAndBinary(t)
	for off, want := range map[string]int{"": 1, "1": 0} {
		cmd := exec.Command(strace, "-f", "-e", "trace=madvise", bin, "--help")
		cmd.Env = append(os.Environ(), "MOTCUA_NO_PREFAULT="+off)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("strace motcua --help: %v\n%s", err, out)
		}
		if n := strings.Count(string(out), "MADV_POPULATE_READ"); n != want {
			t.Errorf("MOTCUA_NO_PREFAULT=%q: %d madvise(MADV_POPULATE_READ), want %d\n%s", off, n, want, out)
		}
	}
}

// TestHeapPrefaultOneShotOnly: one madvise(MADV_POPULATE_WRITE) over the
// heap's first pages for a one-shot command (find, --help), none for the
// terminal UI (no command: without a terminal it stops at once with its
// message) or sync, and none with MOTCUA_NO_PREFAULT=1.
func TestHeapPrefaultOneShotOnly(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		t.Skip("the heap's populate is done on linux/amd64 only")
	}
	strace, bin := straceAndBinary(t)
	data := t.TempDir()
	for _, c := range []struct {
		off  string
		args []string
		want int
	}{
		{"", []string{"find", "nguyen"}, 1},
		{"", []string{"--data", data, "show", "X"}, 1},
		{"", []string{"--help"}, 1},
		{"1", []string{"find", "nguyen"}, 0},
		{"", nil, 0}, // the terminal UI
		{"", []string{"--data", data, "sync"}, 0},
	} {
		cmd := exec.Command(strace, append([]string{"-f", "-e", "trace=madvise", bin}, c.args...)...)
		cmd.Env = append(os.Environ(), "MOTCUA_NO_PREFAULT="+c.off, "MOTCUA_DATA="+data)
		out, _ := cmd.CombinedOutput() // most of these fail on the empty data directory, after the prefault
		if !strings.Contains(string(out), "MADV_POPULATE_READ") && c.off == "" {
			t.Fatalf("strace motcua %q: no madvise of the code at all:\n%s", c.args, out)
		}
		if n := strings.Count(string(out), "MADV_POPULATE_WRITE"); n != c.want {
			t.Errorf("MOTCUA_NO_PREFAULT=%q motcua %q: %d madvise(MADV_POPULATE_WRITE), want %d\n%s", c.off, c.args, n, c.want, out)
		}
	}
}
