// Command twoapi drives issue 15's two-process shape (bench/twoapi.sh): it
// enrolls 200 terminals (50 units × 4) into a PostgreSQL database, then
// the terminals push 200 ops each (40 dossiers × 5, gen.CounterOps) in
// batches of 10 through the API processes given, terminal i to URL i mod
// n, all at once, each reading back only what a terminal needs to go on
// (internal/lightsync). It prints throughput, p50/p99 latency at the
// terminal, and the CPU (user + system, from /proc/PID/stat) of each API
// process and of the database (every postgres process of the cluster,
// exited backends included through the postmaster's cutime/cstime) over
// the run:
//
//	twoapi -db postgres://… -urls http://127.0.0.1:8081,http://127.0.0.1:8082 \
//	       -api-pids 123,124 -postmaster 99
//
// Setup (migrate, units, enrollments) goes through the central store's own
// calls, as `motcua-server unit add` and `enroll` would.
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/central"
	"github.com/motcua/motcua/client"
	"github.com/motcua/motcua/internal/gen"
	"github.com/motcua/motcua/internal/lightsync"
)

type term struct {
	resp  motcua.EnrollResponse
	nonce string
	ops   []motcua.Op
}

func main() {
	dsn := flag.String("db", "", "the database (postgres://…)")
	urls := flag.String("urls", "", "the API processes' base URLs, comma-separated")
	apiPids := flag.String("api-pids", "", "the API processes' pids, comma-separated")
	postmaster := flag.Int("postmaster", 0, "the cluster's postmaster pid")
	batch := flag.Int("batch", 10, "ops per sync request")
	interval := flag.Duration("interval", 0, "paced: each terminal sends a request this often (open loop); 0 sends each as soon as the last answer is in")
	setup := flag.Bool("setup", false, "only enroll the terminals and write them to -terms")
	termsFile := flag.String("terms", "", "the enrolled terminals (written by -setup)")
	flag.Parse()
	var err error
	if *setup {
		err = enrollAll(*dsn, *termsFile)
	} else {
		err = run(*termsFile, strings.Split(*urls, ","), *apiPids, *postmaster, *batch, *interval)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "twoapi:", err)
		os.Exit(1)
	}
}

// enrollAll adds 50 units and enrolls 4 counters in each; the terminals'
// ids, tokens, nonces, units and first lane numbers go to path, one a line (the ops
// are made again from them in run, deterministically but for their ids).
func enrollAll(dsn, path string) error {
	ctx := context.Background()
	if _, err := central.Migrate(ctx, dsn, central.PGOptions{}); err != nil {
		return err
	}
	c, err := central.OpenPostgres(ctx, dsn, central.PGOptions{})
	if err != nil {
		return err
	}
	defer c.Close()
	var b strings.Builder
	now := time.Now()
	for u := range 50 {
		code := fmt.Sprintf("000.00.%02d.H%02d", u, 10+u)
		if _, err := c.AddUnit(code, fmt.Sprintf("UBND xã %d", u), ""); err != nil {
			return err
		}
		for range 4 {
			e, err := c.CreateEnrollment(code, motcua.RoleCounter)
			if err != nil {
				return err
			}
			nonce := motcua.NewID(now)
			r, err := c.Enroll(motcua.EnrollRequest{Code: e.Code, InstallNonce: nonce})
			if err != nil {
				return err
			}
			fmt.Fprintf(&b, "%s %s %s %s %d\n", r.TerminalID, r.Token, nonce, r.Unit, r.Lanes[0].First)
		}
	}
	return os.WriteFile(filepath.Clean(path), []byte(b.String()), 0o600)
}

func loadTerms(path string) ([]*term, error) {
	data, err := os.ReadFile(filepath.Clean(path))
	if err != nil {
		return nil, err
	}
	now := time.Now()
	people := gen.NewPeople(rand.New(rand.NewPCG(3, 4)), now)
	var terms []*term
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		f := strings.Fields(line)
		first, err := strconv.Atoi(f[len(f)-1])
		if len(f) != 5 || err != nil {
			return nil, fmt.Errorf("bad line %q", line)
		}
		t := &term{resp: motcua.EnrollResponse{TerminalID: f[0], Token: f[1], Unit: f[3], Role: motcua.RoleCounter,
			Lanes: []motcua.Lane{{First: first}}}, nonce: f[2]}
		if t.ops, err = people.CounterOps(t.resp, 40, now); err != nil {
			return nil, err
		}
		terms = append(terms, t)
	}
	return terms, nil
}

func run(termsFile string, urls []string, apiPids string, postmaster, batch int, interval time.Duration) error {
	terms, err := loadTerms(termsFile)
	if err != nil {
		return err
	}
	var pids []int
	for _, p := range strings.Split(apiPids, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil {
			return fmt.Errorf("-api-pids: %w", err)
		}
		pids = append(pids, n)
	}
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
	api0 := make([]float64, len(pids))
	for i, p := range pids {
		api0[i] = procCPU(p, false)
	}
	db0, self0 := dbCPU(postmaster), selfCPU()
	var (
		ops int // applied
		mu  sync.Mutex
		wg  sync.WaitGroup
		lat []time.Duration
		// steady is lat without each terminal's first warmUp requests:
		// a fresh server process opens 200 connections, fills its
		// database pool and faults in its heap then, which is a restart's
		// cost, not the steady load's (both are printed).
		steady []time.Duration
		errs   []error
	)
	sched := schedule(terms, batch, interval)
	start := time.Now()
	for i, t := range terms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l, n, err := push(hc, urls[i%len(urls)], t, batch, func(k int) time.Time { return sched.Wait(i, k) })
			mu.Lock()
			defer mu.Unlock()
			lat, ops = append(lat, l...), ops+n
			if len(l) > warmUp {
				steady = append(steady, l[warmUp:]...)
			}
			if err != nil {
				errs = append(errs, err)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(lat)
	slices.Sort(steady)
	pctOf := func(d []time.Duration, p float64) float64 {
		return float64(d[int(p*float64(len(d)-1))].Microseconds()) / 1000
	}
	pct := func(p float64) float64 { return pctOf(lat, p) }
	offered := "as fast as answered"
	if interval > 0 {
		offered = fmt.Sprintf("paced, %.0f ops/s offered", float64(len(terms)*batch)/interval.Seconds())
	}
	fmt.Printf("%d API processes, %d terminals, batch %d, %s: %d ops in %.2f s = %.0f ops/s; %d requests, p50 %.0f ms, p99 %.0f ms; %d terminals failed\n",
		len(urls), len(terms), batch, offered, ops, elapsed.Seconds(), float64(ops)/elapsed.Seconds(), len(lat), pct(0.5), pct(0.99), len(errs))
	if len(steady) > 0 {
		fmt.Printf("  without each terminal's first %d requests: p50 %.0f ms, p99 %.0f ms\n", warmUp, pctOf(steady, 0.5), pctOf(steady, 0.99))
	}
	var apiSum float64
	for i, p := range pids {
		d := procCPU(p, false) - api0[i]
		apiSum += d
		fmt.Printf("  API process %d (pid %d): CPU %.2f s\n", i+1, p, d)
	}
	db := dbCPU(postmaster) - db0
	fmt.Printf("  database: CPU %.2f s (%.0f ops per database CPU second); API processes: %.2f s (%.0f ops per API CPU second); terminals (this process): %.2f s\n",
		db, float64(ops)/db, apiSum, float64(ops)/apiSum, selfCPU()-self0)
	if len(errs) > 0 {
		return fmt.Errorf("first failure: %w", errs[0])
	}
	return nil
}

// warmUp is how many of each terminal's first requests the steady
// percentiles leave out.
const warmUp = 3

// schedule paces the terminals' requests every interval, open loop, or
// returns nil (each request as soon as the last answer is in) for 0.
func schedule(terms []*term, batch int, interval time.Duration) lightsync.Schedule {
	if interval <= 0 {
		return nil
	}
	requests := 0
	for _, t := range terms {
		requests = max(requests, (len(t.ops)+batch-1)/batch)
	}
	return lightsync.Paced(len(terms), requests, interval)
}

// push sends t's ops and returns each request's latency and the ops
// applied. due waits until request k is due and returns the time its
// latency counts from (lightsync.Schedule.Wait).
func push(hc *http.Client, base string, t *term, batch int, due func(k int) time.Time) (lat []time.Duration, done int, err error) {
	cursor, acked := "", uint64(0)
	for at := 0; at < len(t.ops); at += batch {
		req := motcua.SyncRequest{TerminalID: t.resp.TerminalID, InstallNonce: t.nonce, Schema: 1, AckedSeq: acked,
			Ops: t.ops[at:min(at+batch, len(t.ops))], Pull: motcua.PullRequest{Cursor: cursor}}
		body, err := client.EncodeSync(req)
		if err != nil {
			return lat, done, err
		}
		t0 := due(at / batch)
		a, err := lightsync.Post(hc, base, t.resp.Token, body)
		lat = append(lat, time.Since(t0))
		if err != nil {
			return lat, done, err
		}
		applied := 0
		for _, r := range a.Results {
			if r.Status == motcua.Applied {
				applied++
			}
		}
		if want := min(batch, len(t.ops)-at); applied != want {
			return lat, done + applied, fmt.Errorf("terminal %s: applied %d of %d", t.resp.TerminalID, applied, want)
		}
		done += applied
		acked, cursor = a.LastAppliedSeq, a.Pull.Cursor
	}
	return lat, done, nil
}

// procCPU is a process's user + system seconds; with children, also those
// of its children that exited and were waited for.
func procCPU(pid int, children bool) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:]) // f[0] is field 3 (state)
	sum := 0.0
	idx := []int{14, 15}
	if children {
		idx = append(idx, 16, 17)
	}
	for _, i := range idx {
		v, _ := strconv.ParseFloat(f[i-3], 64)
		sum += v
	}
	return sum / 100 // USER_HZ
}

// dbCPU is the CPU of the postmaster, its live children, and its exited
// children.
func dbCPU(postmaster int) float64 {
	sum := procCPU(postmaster, true)
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == postmaster {
			continue
		}
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue
		}
		s := string(b)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
		if ppid, _ := strconv.Atoi(f[1]); ppid == postmaster {
			sum += procCPU(pid, false)
		}
	}
	return sum
}

func selfCPU() float64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
