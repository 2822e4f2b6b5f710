// Package archtest keeps the import rule of the root package's doc
// (ARCHITECTURE) true: it reads the module's real import graph with
// `go list` and fails on any arrow the rule forbids.
package archtest

import (
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/motcua/motcua"

type pkg struct {
	ImportPath string
	Imports    []string
	Deps       []string
}

// list runs `go list -json` over patterns (non-test imports only).
func list(t *testing.T, patterns ...string) []pkg {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list", "-json"}, patterns...)...)
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	var pkgs []pkg
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

// rel is a package's path inside the module ("" for the root).
func rel(path string) (string, bool) {
	if path == module {
		return "", true
	}
	r, ok := strings.CutPrefix(path, module+"/")
	return r, ok
}

// allowed says whether package from may import package to (both relative).
func allowed(from, to string) bool {
	internal := func(p string) bool { return strings.HasPrefix(p, "internal/") }
	switch {
	case from == "":
		return false // the root imports nothing of ours
	case to == "":
		return true // everyone may import the root
	case strings.HasPrefix(from, "cmd/") || strings.HasPrefix(from, "bench/") || from == "faults":
		return true // wiring, benchmark programs and the fault harness see everything
	case from == "internal/gen":
		return internal(to) || to == "store" // builds terminal files for motcua-gen and the benchmarks
	case internal(from):
		return internal(to)
	case from == "store":
		return to == "internal/boltkv"
	case from == "central/centraltest":
		return to == "central" || internal(to) // opens stores for other packages' tests
	case from == "central":
		return to == "internal/boltkv" || to == "internal/kv" || strings.HasPrefix(to, "internal/kv")
	case from == "paper" || strings.HasPrefix(from, "paper/"):
		return strings.HasPrefix(to, "paper/") // the printed forms, the print queue, the xlsx writer: root and each other
	case from == "ui":
		return to == "paper" || strings.HasPrefix(to, "paper/")
	case from == "client" || from == "server" || from == "web" || from == "zalo":
		return false
	}
	return false // a new package: add it to the rule (and to doc.go) first
}

func TestImportRule(t *testing.T) {
	pkgs := list(t, "./...")
	if len(pkgs) < 10 {
		t.Fatalf("go list saw only %d packages", len(pkgs))
	}
	for _, p := range pkgs {
		from, _ := rel(p.ImportPath)
		for _, imp := range p.Imports {
			to, ours := rel(imp)
			if ours && !allowed(from, to) {
				t.Errorf("%s imports %s: the import rule (doc.go, ARCHITECTURE) forbids it", p.ImportPath, imp)
			}
		}
	}
}

func TestRuleRejectsForbiddenArrows(t *testing.T) {
	for _, c := range []struct {
		from, to string
		ok       bool
	}{
		{"client", "", true}, {"client", "store", false}, {"ui", "store", false}, {"server", "central", false},
		{"store", "central", false}, {"central", "store", false}, {"store", "internal/boltkv", true},
		{"", "store", false}, {"ui", "paper/printer", true}, {"paper", "store", false}, {"client", "paper", false}, {"web", "central", false}, {"web", "", true}, {"cmd/motcua", "store", true}, {"internal/gen", "store", true}, {"internal/cli", "store", false}, {"internal/boltkv", "store", false}, {"internal/gen", "internal/boltkv", true},
		{"central", "internal/kv", true}, {"central", "internal/kvbolt", true}, {"store", "internal/kv", false}, {"central", "internal/cli", false},
	} {
		if got := allowed(c.from, c.to); got != c.ok {
			t.Errorf("allowed(%q, %q) = %v, want %v", c.from, c.to, got, c.ok)
		}
	}
}

// Each binary links the store it runs and not the other one.
func TestBinariesLinkOneStore(t *testing.T) {
	for _, c := range []struct {
		bin, links, not string
	}{
		{"./cmd/motcua", module + "/store", module + "/central"},
		{"./cmd/motcua-server", module + "/central", module + "/store"},
	} {
		deps := list(t, c.bin)[0].Deps
		has := map[string]bool{}
		for _, d := range deps {
			has[d] = true
		}
		if !has[c.links] {
			t.Errorf("%s does not link %s", c.bin, c.links)
		}
		if has[c.not] {
			t.Errorf("%s links %s", c.bin, c.not)
		}
	}
}
