// Command proctime runs whole processes again and again and reports their
// wall and CPU time, for the start-up and whole-process figures of
// BENCHMARKS.md. Several commands, separated by "::", take turns (a, b, a,
// b, …), so a busy moment on the machine weighs on all of them alike:
//
//	go run ./bench/proctime -n 100 motcua --help :: true
//
// Output goes to /dev/null; a command that fails stops the run.
//
// -evict first drops each command's executable from the page cache, so
// that every binary starts from the same state, read back from disk as an
// installed one is after a boot: how a binary's pages got into the cache
// (just copied, or read back) moved motcua find against its peer by about
// 5 % (BENCHMARKS.md, process start, sixth pass).
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
	"time"
)

func main() {
	n := flag.Int("n", 50, "runs of each command")
	evictFirst := flag.Bool("evict", false, "drop each command's executable from the page cache before the runs")
	flag.Parse()
	var cmds [][]string
	cur := []string{}
	for _, a := range flag.Args() {
		if a == "::" {
			cmds, cur = append(cmds, cur), []string{}
			continue
		}
		cur = append(cur, a)
	}
	cmds = append(cmds, cur)
	if *evictFirst {
		evictAll(cmds)
	}
	wall := make([][]time.Duration, len(cmds))
	cpu := make([][]time.Duration, len(cmds))
	for i := 0; i < *n; i++ {
		for j, c := range cmds {
			if len(c) == 0 {
				fmt.Fprintln(os.Stderr, "usage: proctime [-n N] CMD ARGS… [:: CMD ARGS…]")
				os.Exit(2)
			}
			cmd := exec.Command(c[0], c[1:]...)
			start := time.Now()
			if err := cmd.Run(); err != nil {
				fmt.Fprintf(os.Stderr, "proctime: %s: %v\n", strings.Join(c, " "), err)
				os.Exit(1)
			}
			wall[j] = append(wall[j], time.Since(start))
			cpu[j] = append(cpu[j], cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime())
		}
	}
	fmt.Printf("%-60s %9s %9s %9s %9s\n", "command", "p50 wall", "p90 wall", "min wall", "p50 CPU")
	for j, c := range cmds {
		w, u := sorted(wall[j]), sorted(cpu[j])
		fmt.Printf("%-60s %9s %9s %9s %9s\n", clip(strings.Join(c, " "), 60), ms(w[len(w)/2]), ms(w[len(w)*9/10]), ms(w[0]), ms(u[len(u)/2]))
	}
}

// evictAll drops each command's executable from the page cache.
func evictAll(cmds [][]string) {
	for _, c := range cmds {
		if len(c) == 0 {
			continue
		}
		path, err := exec.LookPath(c[0])
		if err == nil {
			err = evict(path)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "proctime: evict %s: %v\n", c[0], err)
			os.Exit(1)
		}
	}
}

func sorted(d []time.Duration) []time.Duration {
	sort.Slice(d, func(a, b int) bool { return d[a] < d[b] })
	return d
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

func clip(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n+1:]
	}
	return s
}
