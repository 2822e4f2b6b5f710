// Command faultphases reads `perf script -F comm,addr,ip,sym` of page-fault
// samples recorded with call chains (perf record -e page-faults -c 1 -d -g)
// and prints, for one command, the faults a run takes in each phase of a Go
// process's start — the runtime's start (schedinit), package
// initialisation, main, stack growth, the rest — split into anonymous
// memory and pages of the binary file, and the packages whose
// initialisation faults most. bench/startfaults.sh runs it for motcua and
// the SQLite peer (BENCHMARKS.md, process start, sixth pass):
//
//	perf script -i DATA -F comm,addr,ip,sym | go run ./bench/faultphases BINARY COMM RUNS
package main

import (
	"bufio"
	"debug/elf"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// fileSections are the sections of a Go binary mapped from the file (a
// fault there reads the page cache); the others (.bss, .noptrbss, the heap,
// stacks) are anonymous memory.
var fileSections = map[string]bool{".text": true, ".rodata": true, ".gopclntab": true, ".typelink": true,
	".itablink": true, ".noptrdata": true, ".data": true, ".go.buildinfo": true, ".go.module": true, ".go.fipsinfo": true}

type span struct{ lo, hi uint64 }

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: perf script -F comm,addr,ip,sym | faultphases BINARY COMM RUNS")
		os.Exit(2)
	}
	runs, err := strconv.ParseFloat(os.Args[3], 64)
	if err != nil || runs <= 0 {
		fmt.Fprintln(os.Stderr, "RUNS must be a positive number")
		os.Exit(2)
	}
	spans, err := fileSpans(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	phases, inits := count(bufio.NewScanner(os.Stdin), os.Args[2], spans)
	report(phases, inits, runs)
}

func fileSpans(path string) ([]span, error) {
	f, err := elf.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var spans []span
	for _, s := range f.Sections {
		if fileSections[s.Name] && s.Addr != 0 {
			spans = append(spans, span{s.Addr, s.Addr + s.Size})
		}
	}
	return spans, nil
}

// kind is the key of a fault: its phase and whether its page is the file's.
type kind struct {
	phase string
	file  bool
}

// count reads the samples of comm (blocks separated by blank lines: a
// header with comm and the address, then one frame a line, innermost first).
func count(sc *bufio.Scanner, comm string, spans []span) (map[kind]int, map[string]int) {
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	phases, inits := map[kind]int{}, map[string]int{}
	var block []string
	flush := func() {
		if len(block) > 1 {
			if h := strings.Fields(block[0]); len(h) >= 2 && h[0] == comm {
				addr, _ := strconv.ParseUint(h[1], 16, 64)
				phase, pkg := classify(frames(block[1:]))
				phases[kind{phase, inFile(addr, spans)}]++
				if pkg != "" {
					inits[pkg]++
				}
			}
		}
		block = block[:0]
	}
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			flush()
			continue
		}
		block = append(block, sc.Text())
	}
	flush()
	return phases, inits
}

func frames(lines []string) []string {
	fr := make([]string, 0, len(lines))
	for _, l := range lines {
		if f := strings.Fields(l); len(f) >= 2 {
			fr = append(fr, f[1])
		}
	}
	return fr
}

func inFile(addr uint64, spans []span) bool {
	for _, s := range spans {
		if addr >= s.lo && addr < s.hi {
			return true
		}
	}
	return false
}

var initFunc = regexp.MustCompile(`^(.*)\.(init|map\.init)(\.[0-9]+)?$`)

// classify names the phase of a call chain, and for package initialisation
// the package (the frame doInit1 called).
func classify(fr []string) (phase, pkg string) {
	for i, f := range fr {
		switch f {
		case "runtime.doInit1":
			if i > 0 {
				if m := initFunc.FindStringSubmatch(fr[i-1]); m != nil {
					return "package initialisation", m[1]
				}
			}
			return "package initialisation", "?"
		case "main.main":
			return "main", ""
		case "runtime.schedinit":
			return "runtime start (schedinit)", ""
		case "runtime.morestack.abi0", "runtime.newstack":
			return "stack growth", ""
		}
	}
	if len(fr) > 0 && initFunc.MatchString(fr[0]) {
		// The first instruction of an init: the caller is not unwound.
		return "package initialisation", initFunc.FindStringSubmatch(fr[0])[1]
	}
	return "runtime, threads, other", ""
}

func report(phases map[kind]int, inits map[string]int, runs float64) {
	order := []string{"runtime start (schedinit)", "package initialisation", "main", "stack growth", "runtime, threads, other"}
	fmt.Printf("%-28s %9s %9s\n", "faults a run", "anonymous", "file")
	var anon, file int
	for _, p := range order {
		a, f := phases[kind{p, false}], phases[kind{p, true}]
		anon, file = anon+a, file+f
		fmt.Printf("%-28s %9.1f %9.1f\n", p, float64(a)/runs, float64(f)/runs)
	}
	fmt.Printf("%-28s %9.1f %9.1f   (%.1f)\n", "all", float64(anon)/runs, float64(file)/runs, float64(anon+file)/runs)
	pkgs := make([]string, 0, len(inits))
	for p := range inits {
		pkgs = append(pkgs, p)
	}
	sort.Slice(pkgs, func(i, j int) bool {
		return inits[pkgs[i]] > inits[pkgs[j]] || inits[pkgs[i]] == inits[pkgs[j]] && pkgs[i] < pkgs[j]
	})
	fmt.Println("initialisation, faults a run by package (top 15):")
	for i, p := range pkgs {
		if i == 15 {
			break
		}
		fmt.Printf("  %5.1f %s\n", float64(inits[p])/runs, p)
	}
}
