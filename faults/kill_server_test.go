package faults_test

import (
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/central"
	"github.com/motcua/motcua/faults"
)

// TestKillServer is scenario 2: the server (motcua-server's wiring in a
// child process) is killed with SIGKILL at failpoints (after a batch
// committed and before its answer; halfway through writing an answer, a
// pull page; after the request was read and before anything was decided)
// and at random moments, while two terminals push and pull (one with a
// backlog of pages to pull). It restarts on the same port and file. Zalo
// followers ask questions through the webhook meanwhile (re-posting an
// event the server did not take, as Zalo does), the officers answer them
// among the others, and a stand-in for Zalo receives what the outbox sends:
// each follower's acknowledgement and each answer exactly once.
func TestKillServer(t *testing.T) {
	faults.SkipWithoutSIGKILL(t)
	cycles := faults.Cycles(t, 8, 4)
	faults.Seeded(t, "killserver", []uint64{1012}, 1, 1, func(t *testing.T, seed uint64) *faults.Report {
		return killServer(t, seed, cycles)
	})
}

var failpoints = []string{"after-commit", "mid-answer", "before-apply", ""}

func killServer(t *testing.T, seed uint64, cycles int) *faults.Report {
	r := rand.New(rand.NewPCG(seed, 2))
	sp := faults.NewServerProc(t)
	codes := sp.Codes(2)
	z := faults.NewZaloStandIn(t)
	sp.EnableZalo(z.URL)
	zr := rand.New(rand.NewPCG(seed, 3)) // its own stream: the seed's other draws stay as they were
	var pending []*faults.ZaloAsk
	asked := 0
	sp.Start("", seed)
	h := faults.NewHistory("s")
	team := faults.NewTeam(t, faults.TeamSpec{Names: []string{"A", "B"}, H: h, Seed: seed, Stream: 20,
		API: sp.URL, Code: func(i int) string { return codes[i] }})
	names, stores := team.Names, team.Stores
	// A pull backlog for B: pages of 16 (FastSyncer) or 8.
	for k := 10 + r.IntN(30); k > 0; k-- {
		if _, err := team.Actors[0].Receive(); err != nil {
			t.Fatal(err)
		}
	}
	fired := map[string]int{}
	for cycle := 0; cycle < cycles; cycle++ {
		fp := failpoints[r.IntN(len(failpoints))]
		sp.Kill()
		sp.Start(fp, seed+uint64(cycle))
		for _, a := range team.Actors {
			a.Work(t, 1+r.IntN(8), nil, 40)
		}
		for k := zr.IntN(3); k > 0 && asked < faults.MaxZaloAsks; k-- {
			pending = append(pending, faults.NewZaloAsk(h))
			asked++
		}
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done(); pending = faults.PostAll(h, sp.URL, pending) }()
		for _, s := range stores {
			wg.Add(1)
			go func() {
				defer wg.Done()
				faults.Drain(faults.FastSyncer(t, s, time.Second), 4, 6*time.Second)
			}()
		}
		untilKill(sp, fp, r, fired)
		sp.Kill()
		wg.Wait()
	}
	sp.Start("", seed)
	for i := 0; len(pending) > 0; i++ {
		if i == 50 {
			t.Fatalf("the webhook does not take %d questions", len(pending))
		}
		pending = faults.PostAll(h, sp.URL, pending)
	}
	faults.SyncAll(t, names, stores, nil)
	sp.DrainZalo(seed)
	sp.Start("", seed)
	faults.SyncAll(t, names, stores, nil) // the delivery states, for the record
	sp.Kill()
	c, err := central.Open(sp.Path())
	if err != nil {
		t.Fatalf("the central file does not open after the kills: %v", err)
	}
	if err := c.CheckIntegrity(); err != nil {
		t.Errorf("central integrity: %v", err)
	}
	c.Close()
	srv, terms := faults.ReadAll(t, sp.Path(), names, stores)
	rep := faults.Check(h, srv, terms, faults.Options{Zalo: z.Received()})
	rep.Kills = cycles
	t.Logf("kills: %v; %s", fired, h.Summary())
	return rep
}

// untilKill waits for the server child to reach failpoint fp (counted in
// fired), or, with none or when it is missed, a random moment of up to
// 200 ms: the kill comes next.
func untilKill(sp *faults.ServerProc, fp string, r *rand.Rand, fired map[string]int) {
	if fp != "" && sp.WaitFailpoint(3*time.Second) {
		fired[fp]++
		return
	}
	if fp != "" {
		fired[fp+" (missed)"]++
	}
	time.Sleep(time.Duration(r.IntN(200)) * time.Millisecond)
	fired["random"]++
}
