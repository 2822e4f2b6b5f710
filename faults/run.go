package faults

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/store"
)

// Environment knobs, read by every scenario:
//
//	MOTCUA_FAULT_SEED=N        replay: the first run of each scenario uses seed N (run i uses N+i)
//	MOTCUA_FAULT_RUNS=N        runs per scenario (default: a few; fewer with -short)
//	MOTCUA_FAULT_RUNS_<NAME>=N runs of one scenario (NAME upper-cased: KILLTERMINAL, NETWORK, …)
//	MOTCUA_FAULT_CYCLES=N      SIGKILL cycles per kill scenario run
//	MOTCUA_FAULT_REPORT=FILE   append one JSON line per run (bench/faults.sh sums them)
//	MOTCUA_FAULT_PARALLEL=1    run a scenario's runs in parallel (bounded by go test -parallel)
const (
	EnvSeed   = "MOTCUA_FAULT_SEED"
	EnvRuns   = "MOTCUA_FAULT_RUNS"
	EnvCycles = "MOTCUA_FAULT_CYCLES"
	EnvReport = "MOTCUA_FAULT_REPORT"
	// EnvParallel, when set, runs a scenario's runs in parallel (go test -parallel N bounds them).
	EnvParallel = "MOTCUA_FAULT_PARALLEL"
)

// BaseSeed is the seed of a scenario's first run.
func BaseSeed(t testing.TB) uint64 {
	if v := os.Getenv(EnvSeed); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("%s=%q", EnvSeed, v)
		}
		return n
	}
	return uint64(time.Now().UnixNano() % 1e12)
}

// Runs is how many runs a scenario makes: the environment's, else normal,
// else short under -short.
func Runs(t testing.TB, name string, normal, short int) int {
	return envCount(t, normal, short, 0, EnvRuns+"_"+strings.ToUpper(name), EnvRuns)
}

// Cycles is how many kills a kill scenario run makes.
func Cycles(t testing.TB, normal, short int) int {
	return envCount(t, normal, short, 1, EnvCycles)
}

// envCount is the value of the first of keys set in the environment (a
// whole number, not below least), else normal, or short under -short.
func envCount(t testing.TB, normal, short, least int, keys ...string) int {
	for _, k := range keys {
		if v := os.Getenv(k); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < least {
				t.Fatalf("%s=%q", k, v)
			}
			return n
		}
	}
	if testing.Short() {
		return short
	}
	return normal
}

var reportMu sync.Mutex

// Record logs a run's report with its seed, appends it to the report file,
// and fails the test when an invariant broke, saying how to replay it.
func Record(t testing.TB, rep *Report) {
	t.Helper()
	t.Logf("%s", rep)
	if f := os.Getenv(EnvReport); f != "" {
		b, _ := json.Marshal(rep)
		reportMu.Lock()
		if fh, err := os.OpenFile(f, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644); err == nil {
			fh.Write(append(b, '\n'))
			fh.Close()
		}
		reportMu.Unlock()
	}
	if !rep.OK() {
		t.Errorf("scenario %s seed %d broke an invariant: replay with %s=%d %s_%s=1 go test ./faults -run '%s'",
			rep.Scenario, rep.Seed, EnvSeed, rep.Seed, EnvRuns, strings.ToUpper(rep.Scenario), testName(t))
	}
}

func testName(t testing.TB) string {
	n := t.Name()
	if i := strings.Index(n, "/"); i >= 0 {
		n = n[:i]
	}
	return "^" + n + "$"
}

// Seeded runs fn once per run with its own seed, logging the seed first
// (and again on failure).
func Seeded(t *testing.T, name string, regress []uint64, normal, short int, fn func(t *testing.T, seed uint64) *Report) {
	base := BaseSeed(t)
	runs := Runs(t, name, normal, short)
	t.Logf("scenario %s: %d runs from seed %d (replay one with %s=N %s_%s=1)", name, runs, base, EnvSeed, EnvRuns, strings.ToUpper(name))
	parallel := os.Getenv(EnvParallel) != ""
	one := func(t *testing.T, seed uint64) {
		if parallel {
			t.Parallel()
		}
		t.Logf("seed %d", seed)
		defer func() {
			if t.Failed() {
				t.Logf("FAILED with seed %d: replay with %s=%d %s_%s=1", seed, EnvSeed, seed, EnvRuns, strings.ToUpper(name))
			}
		}()
		rep := fn(t, seed)
		if rep != nil {
			rep.Scenario, rep.Seed = name, seed
			Record(t, rep)
		}
	}
	if os.Getenv(EnvSeed) == "" {
		for _, seed := range regress {
			t.Run(fmt.Sprintf("regression-seed=%d", seed), func(t *testing.T) { one(t, seed) })
		}
	}
	for i := 0; i < runs; i++ {
		seed := base + uint64(i)
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) { one(t, seed) })
	}
}

// Final syncs every terminal until a round moves nothing, then stops the
// server and reads it and every terminal. The terminals stay open; the
// server stays stopped.
func Final(t testing.TB, r *Rig, names []string, stores []*store.Store, skip map[string]bool) (*ServerState, []*TerminalState) {
	t.Helper()
	SyncAll(t, names, stores, skip)
	r.Stop()
	return ReadAll(t, r.Path(), names, stores)
}

// SyncAll syncs every terminal (but those in skip) until a round moves
// nothing, at most six rounds.
func SyncAll(t testing.TB, names []string, stores []*store.Store, skip map[string]bool) {
	t.Helper()
	for round := 0; round < 6; round++ {
		moved := 0
		for i, s := range stores {
			if skip[names[i]] {
				continue
			}
			sy := FastSyncer(t, s, 10*time.Second)
			sum, err := Drain(sy, 30, 60*time.Second)
			if Held(err) {
				moved++ // another terminal must re-push first: go round again
				continue
			}
			if err != nil {
				t.Fatalf("final sync of %s: %v", names[i], err)
			}
			moved += sum.Acked + sum.Dossiers + sum.Questions
		}
		if moved == 0 && round > 0 {
			return
		}
	}
}

// ReadAll reads a stopped server's file and every terminal.
func ReadAll(t testing.TB, path string, names []string, stores []*store.Store) (*ServerState, []*TerminalState) {
	t.Helper()
	srv, err := ReadServer(path)
	if err != nil {
		t.Fatal(err)
	}
	return srv, ReadTerminals(t, names, stores)
}

// ReadTerminals reads every terminal.
func ReadTerminals(t testing.TB, names []string, stores []*store.Store) []*TerminalState {
	t.Helper()
	var terms []*TerminalState
	for i, s := range stores {
		ts, err := ReadTerminal(names[i], s)
		if err != nil {
			t.Fatalf("read %s: %v", names[i], err)
		}
		terms = append(terms, ts)
	}
	return terms
}
