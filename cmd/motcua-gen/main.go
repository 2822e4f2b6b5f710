// Command motcua-gen fills a new motcua store with realistic Vietnamese
// dossiers through the store's real write path, for benchmarks, demos and
// manual testing:
//
//	go run ./cmd/motcua-gen -n 100000 --data DIR [--unit CODE] [--seed N]
//
// The data is deterministic for a given --seed and --end (ids aside). The
// store file is DIR/motcua.db, as for motcua itself; it must not exist yet.
// It is built without an fsync per commit (store.Options{NoSync}) under a
// temporary name in DIR, synced once, then renamed: DIR/motcua.db appears
// whole or not at all. --scratch DIR is still accepted but no longer needed.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"sort"
	"syscall"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/cli"
	"github.com/motcua/motcua/internal/gen"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// long: the flags and their checks, then one call per step: a flat list, not logic.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("motcua-gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 1000, "number of dossiers to receive")
	data := fs.String("data", os.Getenv("MOTCUA_DATA"), "data directory (the store is DIR/motcua.db; env MOTCUA_DATA)")
	unit := fs.String("unit", gen.DefaultInit.Unit, "unit code (mã định danh)")
	unitName := fs.String("unit-name", gen.DefaultInit.UnitName, "unit name")
	officer := fs.String("officer", gen.DefaultInit.Officer, "officer name")
	seed := fs.Uint64("seed", 1, "random seed")
	end := fs.String("end", "", "end of the simulated period, yyyy-mm-dd (default: today); nothing happens on or after it")
	days := fs.Int("days", 365, "length of the simulated period, in days before --end")
	scratch := fs.String("scratch", "", "not needed any more, kept for scripts: build the file in this directory first\n"+
		"(e.g. /dev/shm; \"auto\": /dev/shm when it exists), then copy it to --data. Without it the file\n"+
		"is built in --data with no fsync per commit and synced once at the end: 100,000 dossiers take\n"+
		"about 4 minutes (over 20 with an fsync per commit), about 14 % more than a scratch build")
	quiet := fs.Bool("q", false, "no progress lines")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: motcua-gen -n N --data DIR [--unit CODE] [--seed N] [--end yyyy-mm-dd] [--days N] [--scratch DIR]")
		fs.PrintDefaults()
	}
	if cli.WantsHelp(args) {
		// Asked-for help is the program's output, as for motcua and
		// motcua-server: stdout and exit 0, whatever else is on the line.
		fs.SetOutput(stdout)
		fs.Usage()
		return 0
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "motcua-gen: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *data == "" {
		fmt.Fprintln(stderr, "motcua-gen: --data DIR is required (the generator never writes to your real data directory by default)")
		return 2
	}
	if *n < 0 || *days < 1 {
		fmt.Fprintln(stderr, "motcua-gen: -n must be ≥ 0 and --days ≥ 1")
		return 2
	}
	if err := motcua.ValidateUnitCode(*unit); err != nil {
		fmt.Fprintln(stderr, "motcua-gen:", motcua.ErrorMessage(err, motcua.EN))
		return 2
	}
	cfg := gen.Config{N: *n, Seed: *seed, Days: *days}
	if *end != "" {
		t, err := time.ParseInLocation("2006-01-02", *end, motcua.VNZone)
		if err != nil {
			fmt.Fprintf(stderr, "motcua-gen: --end %q: want yyyy-mm-dd\n", *end)
			return 2
		}
		cfg.End = t
	} else {
		cfg.End = gen.DefaultEnd()
	}
	if cfg.End.After(time.Now()) {
		// The store refuses a reception whose clock runs behind the last one, so
		// a store filled into the future could not receive today.
		fmt.Fprintln(stderr, "motcua-gen: --end is in the future: the store would refuse today's receptions (clock behind its last code)")
		return 2
	}
	if *scratch == "auto" {
		*scratch = ""
		if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() && runtime.GOOS == "linux" {
			*scratch = "/dev/shm"
		}
	}
	path := filepath.Join(*data, "motcua.db")
	if _, err := os.Stat(path); err == nil {
		fmt.Fprintf(stderr, "motcua-gen: %s already exists; the generator fills a new store only\n", path)
		return 2
	}
	tty := isTerminal(stdout)
	if !*quiet {
		var last time.Duration
		cfg.Progress = func(p gen.Progress) {
			final := p.Received == p.Target && p.Elapsed-last < time.Second
			if !tty && p.Elapsed-last < 10*time.Second && !final {
				return // a log gets a line every 10 s, a terminal one updated line
			}
			last = p.Elapsed
			rate := 0.0
			if s := p.Elapsed.Seconds(); s > 0 {
				rate = float64(p.Ops) / s
			}
			end := "\n"
			if tty {
				end = "\r"
			}
			fmt.Fprintf(stdout, "%7d/%d received  %8d ops  %6.0f ops/s  %6s  simulated day %s%s",
				p.Received, p.Target, p.Ops, rate, p.Elapsed.Truncate(time.Second), p.Simulated.Format("2006-01-02"), end)
		}
	}
	fmt.Fprintf(stdout, "motcua-gen: %d dossiers, seed %d, %s to %s, into %s", cfg.N, cfg.Seed,
		cfg.End.AddDate(0, 0, -cfg.Days).Format("2006-01-02"), cfg.End.Format("2006-01-02"), path)
	if *scratch != "" {
		fmt.Fprintf(stdout, " (built in %s)", *scratch)
	}
	fmt.Fprintln(stdout)
	// Ctrl-C stops cleanly: the unfinished file (unsynced, or on a tmpfs with
	// --scratch) is removed and nothing appears at path.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg.Context = ctx
	st, err := gen.Build(path, gen.Init{Unit: *unit, UnitName: *unitName, Officer: *officer}, cfg, *scratch)
	if !*quiet && tty {
		fmt.Fprintln(stdout)
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintf(stderr, "motcua-gen: interrupted; nothing was written to %s\n", path)
		return 1
	}
	if err != nil {
		fmt.Fprintln(stderr, "motcua-gen:", err)
		return 1
	}
	size := int64(0)
	if fi, err := os.Stat(path); err == nil {
		size = fi.Size()
	}
	fmt.Fprintf(stdout, "%d dossiers, %d ops in %s (%.0f ops/s); lane %04d–%04d; %s, %.1f MiB (%.0f bytes/dossier)\n",
		st.Dossiers, st.Ops, st.Elapsed.Truncate(time.Millisecond), float64(st.Ops)/st.Elapsed.Seconds(),
		st.Lane.First, st.Lane.Last, path, float64(size)/(1<<20), float64(size)/float64(max(st.Dossiers, 1)))
	var statuses []motcua.Status
	for s := range st.ByStatus {
		statuses = append(statuses, s)
	}
	sort.Slice(statuses, func(i, j int) bool { return statuses[i] < statuses[j] })
	for _, s := range statuses {
		fmt.Fprintf(stdout, "  %2d %-38s %7d\n", s, s.Label(motcua.VI), st.ByStatus[s])
	}
	return 0
}

// isTerminal reports whether w is a character device, where progress
// rewrites one line instead of adding lines.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
