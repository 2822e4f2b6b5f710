package faults_test

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/faults"
	"github.com/motcua/motcua/store"
)

// The scenarios on PostgreSQL: the server is two API processes
// (motcua-server's wiring in child processes, --db postgres://…) on one
// fresh database per run, and the terminals are spread over both: A's
// link goes to the first process, B's to the second, C's through a
// balancer that sends each request to the next process in turn. The
// checkers read the database through the central package once both
// processes are stopped. Without MOTCUA_TEST_PG they are skipped (they
// fail under MOTCUA_REQUIRE_TOOLS=1).

var pgNames = []string{"A", "B", "C"}

// pgRig is a run's two API processes, its balancer and its terminals.
type pgRig struct {
	ps   *faults.PGServers
	lb   *faults.Balancer
	h    *faults.History
	team *faults.Team
}

func newPGRig(t *testing.T, dsn string, seed, stream uint64, prefix string) *pgRig {
	ps := faults.NewPGServers(t, dsn, 2)
	ps.StartAll(seed)
	g := &pgRig{ps: ps, lb: faults.NewBalancer(t, ps.URLs(), nil), h: faults.NewHistory(prefix)}
	g.enroll(t, seed, stream, []string{ps.Procs[0].URL, ps.Procs[1].URL, g.lb.URL})
	return g
}

// enroll opens the terminals, each enrolled and syncing at its link.
func (g *pgRig) enroll(t *testing.T, seed, stream uint64, links []string) {
	codes := g.ps.Codes(len(pgNames))
	g.team = faults.NewTeam(t, faults.TeamSpec{Names: pgNames, H: g.h, Seed: seed, Stream: stream,
		Links: links, Code: func(i int) string { return codes[i] }})
}

// drainAll syncs every terminal at once (each with a FastSyncer whose
// requests time out after a second), tries times within d; it returns
// the errors a syncer does not retry by itself (none is expected).
func (g *pgRig) drainAll(t *testing.T, tries int, d time.Duration) (wg *sync.WaitGroup, bad func() []error) {
	wg = &sync.WaitGroup{}
	var mu sync.Mutex
	var errs []error
	for _, s := range g.team.Stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := faults.Drain(faults.FastSyncer(t, s, time.Second), tries, d); err != nil && !faults.Temporary(err) && !isGaveUp(err) {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		}()
	}
	return wg, func() []error { mu.Lock(); defer mu.Unlock(); return errs }
}

// final starts whatever is down, syncs every terminal until nothing
// moves, stops both processes and checks what the database and the
// terminals hold.
func (g *pgRig) final(t *testing.T, seed uint64) *faults.Report {
	g.ps.StartAll(seed)
	faults.SyncAll(t, g.team.Names, g.team.Stores, nil)
	srv := g.ps.Read()
	terms := faults.ReadTerminals(t, g.team.Names, g.team.Stores)
	rep := faults.Check(g.h, srv, terms, faults.Options{})
	t.Logf("requests through the balancer to each process: %d, %d; %s",
		g.lb.Served[0].Load(), g.lb.Served[1].Load(), g.h.Summary())
	return rep
}

// TestPGKillAPIProcess: one of the two API processes is killed with
// SIGKILL at a failpoint (after a batch committed and before its answer;
// halfway through an answer; after the request was read and before
// anything was decided) or at a random moment while the three terminals
// sync; the other keeps serving (the balancer passes the dead one over).
// The terminal whose link goes to the dead process retries until it is
// back; it restarts on its port at the next cycle. Both processes hold one
// sync request in six for longer than the terminals' request timeout, so
// a terminal's second copy of a request runs while the first still does.
func TestPGKillAPIProcess(t *testing.T) {
	faults.SkipWithoutSIGKILL(t)
	dsn := faults.NeedPG(t)
	cycles := faults.Cycles(t, 4, 3)
	faults.Seeded(t, "pgkill", nil, 1, 1, func(t *testing.T, seed uint64) *faults.Report {
		return pgKill(t, faults.NewDatabase(t, dsn), seed, cycles)
	})
}

func pgKill(t *testing.T, dsn string, seed uint64, cycles int) *faults.Report {
	r := rand.New(rand.NewPCG(seed, 2))
	g := newPGRig(t, dsn, seed, 40, "k")
	for _, sp := range g.ps.Procs {
		sp.Stall = true // from their next start: duplicate requests in flight at once
	}
	fired := map[string]int{}
	for cycle := 0; cycle < cycles; cycle++ {
		victim := g.ps.Procs[r.IntN(2)]
		fp := failpoints[r.IntN(len(failpoints))]
		victim.Kill()
		victim.Start(fp, seed+uint64(cycle))
		g.ps.StartAll(seed + uint64(cycle)) // the other, if it was killed last cycle
		for _, a := range g.team.Actors {
			a.Work(t, 1+r.IntN(8), nil, 40)
		}
		wg, bad := g.drainAll(t, 4, 6*time.Second)
		untilKill(victim, fp, r, fired)
		victim.Kill()
		wg.Wait()
		for _, err := range bad() {
			t.Errorf("cycle %d: a sync failed for good: %v", cycle, err)
		}
	}
	rep := g.final(t, seed)
	rep.Kills = cycles
	for _, sp := range g.ps.Procs {
		rep.FaultEvents += sp.Stalls
	}
	t.Logf("kills: %v; %d sync requests stalled past the terminal's timeout", fired, rep.FaultEvents)
	return rep
}

// TestPGRestart: PostgreSQL itself is restarted (pg_ctl restart, -m fast
// or -m immediate, a crash and its recovery) while the terminals sync
// through both API processes. Both must ride it out: their pools connect
// again, the requests in flight fail with a temporary error and the
// terminals send them again; nothing acknowledged is lost, nothing applied
// twice. The cluster is the run's own (a copy of one initdb), committing
// synchronously.
func TestPGRestart(t *testing.T) {
	faults.SkipWithoutSIGKILL(t)
	faults.NeedPG(t)
	tp := faults.NewTemplate(t)
	cycles := faults.Cycles(t, 3, 2)
	faults.Seeded(t, "pgrestart", nil, 1, 1, func(t *testing.T, seed uint64) *faults.Report {
		cl := tp.Start(t)
		return pgRestart(t, cl, faults.NewDatabase(t, cl.Admin), seed, cycles)
	})
}

func pgRestart(t *testing.T, cl *faults.Cluster, dsn string, seed uint64, cycles int) *faults.Report {
	r := rand.New(rand.NewPCG(seed, 2))
	g := newPGRig(t, dsn, seed, 50, "r")
	modes := map[string]int{}
	failed := 0
	for cycle := 0; cycle < cycles; cycle++ {
		stop := make(chan struct{})
		done := g.busy(t, seed+uint64(cycle), stop)
		time.Sleep(time.Duration(100+r.IntN(400)) * time.Millisecond)
		mode := []string{"fast", "immediate"}[r.IntN(2)]
		cl.Restart(mode)
		modes[mode]++
		time.Sleep(200 * time.Millisecond)
		close(stop)
		n, errs := done()
		failed += n
		for _, err := range errs {
			t.Errorf("cycle %d (restart -m %s): %v", cycle, mode, err)
		}
		for i, sp := range g.ps.Procs {
			if sp.P.Exited() {
				t.Fatalf("API process %d ended with the database's restart: %s", i+1, sp.P.Stderr())
			}
		}
	}
	rep := g.final(t, seed)
	rep.PGRestarts, rep.FailedSyncs = cycles, failed
	t.Logf("restarts: %v; %d sync attempts failed (temporary) and were tried again", modes, failed)
	return rep
}

// busy keeps every terminal working and syncing (a few actions, one
// drain attempt, again) until stop is closed. done waits for them and
// returns how many drain attempts failed with a temporary error, and the
// errors that must not happen (an action the officer may not meet, a sync
// refused for good).
func (g *pgRig) busy(t *testing.T, seed uint64, stop chan struct{}) (done func() (int, []error)) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	failed := 0
	reasons := map[string]int{}
	for i, a := range g.team.Actors {
		sy := faults.FastSyncer(t, a.S, time.Second)
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(seed, uint64(60+i)))
			for {
				select {
				case <-stop:
					return
				default:
				}
				for k := 1 + r.IntN(4); k > 0; k-- {
					if err := a.Step(nil, 40); !faults.Expected(err) {
						mu.Lock()
						errs = append(errs, fmt.Errorf("%s: %w", a.Name, err))
						mu.Unlock()
						return
					}
				}
				_, err := faults.Drain(sy, 1, 3*time.Second)
				mu.Lock()
				switch {
				case err == nil:
				case faults.Temporary(err) || isGaveUp(err):
					failed++
					reasons[motcua.ErrorReason(err)]++
				default:
					errs = append(errs, fmt.Errorf("%s: a sync failed for good: %w", a.Name, err))
				}
				mu.Unlock()
			}
		}()
	}
	return func() (int, []error) {
		wg.Wait()
		mu.Lock()
		defer mu.Unlock()
		t.Logf("sync attempts failed by reason: %v", reasons)
		return failed, errs
	}
}

// TestPGConflictingOfflineMoves is scenario 4 on PostgreSQL: the three
// terminals hold the same dossiers and questions, work offline, then sync
// all at once, each through its own link (the first process, the second,
// the balancer): conflicting ops reach both processes together, and the
// database decides each once.
func TestPGConflictingOfflineMoves(t *testing.T) {
	dsn := faults.NeedPG(t)
	faults.Seeded(t, "pgconflicts", nil, 1, 1, func(t *testing.T, seed uint64) *faults.Report {
		r := rand.New(rand.NewPCG(seed, 4))
		g := newPGRig(t, faults.NewDatabase(t, dsn), seed, 0, "c")
		conflictRounds(t, r, g.team, func([]int) {
			wg, bad := g.drainAll(t, 10, 30*time.Second)
			wg.Wait()
			for _, err := range bad() {
				t.Fatalf("sync: %v", err)
			}
		})
		return disagreed(g.final(t, seed))
	})
}

// TestPGClonedDataFile is scenario 6a on PostgreSQL: the laptop and the
// copy of its file sync through the balancer, so the fork is seen by
// whichever process gets the second copy's request, the quarantine holds
// on both, and the admin step's enrollments go through either.
func TestPGClonedDataFile(t *testing.T) {
	dsn := faults.NeedPG(t)
	faults.Seeded(t, "pgclone", nil, 1, 1, func(t *testing.T, seed uint64) *faults.Report {
		ps := faults.NewPGServers(t, faults.NewDatabase(t, dsn), 2)
		ps.StartAll(seed)
		lb := faults.NewBalancer(t, ps.URLs(), nil)
		c := ps.Open()
		defer c.Close()
		return clonedOn(t, seed, cloneServer{url: lb.URL, code: func() string { return ps.Codes(1)[0] }, terminal: c.Terminal,
			final: func(names []string, stores []*store.Store) (*faults.ServerState, []*faults.TerminalState) {
				faults.SyncAll(t, names, stores, nil)
				srv := ps.Read()
				return srv, faults.ReadTerminals(t, names, stores)
			}})
	})
}
