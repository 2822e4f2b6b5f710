package faults_test

import (
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/faults"
	"github.com/motcua/motcua/store"
)

// TestKillServer is scenario 2: the server (motcua-server's wiring in a
// child process) is killed with SIGKILL at failpoints (after a batch
// committed and before its answer; halfway through writing an answer, a
// pull page; after the request was read and before anything was decided)
// and at random moments, while two terminals push and pull (one with a
// backlog of pages to pull). It restarts on the same port and file.
func TestKillServer(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL is Unix-only")
	}
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
	sp.Start("", seed)
	h := faults.NewHistory("s")
	dir := t.TempDir()
	names := []string{"A", "B"}
	var stores []*store.Store
	var actors []*faults.Actor
	for i, n := range names {
		s := faults.Terminal(t, dir, n, nil)
		t.Cleanup(func() { s.Close() })
		faults.Enroll(t, s, sp.URL, sp.URL, codes[i], nil)
		stores = append(stores, s)
		actors = append(actors, &faults.Actor{Name: n, S: s, H: h, R: rand.New(rand.NewPCG(seed, uint64(20+i)))})
	}
	// A pull backlog for B: pages of 16 (FastSyncer) or 8.
	for k := 10 + r.IntN(30); k > 0; k-- {
		if _, err := actors[0].Receive(); err != nil {
			t.Fatal(err)
		}
	}
	fired := map[string]int{}
	for cycle := 0; cycle < cycles; cycle++ {
		fp := failpoints[r.IntN(len(failpoints))]
		sp.Kill()
		sp.Start(fp, seed+uint64(cycle))
		for _, a := range actors {
			for k := 1 + r.IntN(8); k > 0; k-- {
				if err := a.Step(nil, 40); !faults.Expected(err) {
					t.Fatal(err)
				}
			}
		}
		var wg sync.WaitGroup
		for _, s := range stores {
			wg.Add(1)
			go func() {
				defer wg.Done()
				faults.Drain(faults.FastSyncer(t, s, time.Second), 4, 6*time.Second)
			}()
		}
		if fp != "" && sp.WaitFailpoint(3*time.Second) {
			fired[fp]++
		} else {
			if fp != "" {
				fired[fp+" (missed)"]++
			}
			time.Sleep(time.Duration(r.IntN(200)) * time.Millisecond)
			fired["random"]++
		}
		sp.Kill()
		wg.Wait()
	}
	sp.Start("", seed)
	faults.SyncAll(t, names, stores, nil)
	sp.Kill()
	c, err := store.OpenCentral(sp.Path())
	if err != nil {
		t.Fatalf("the central file does not open after the kills: %v", err)
	}
	if err := c.CheckIntegrity(); err != nil {
		t.Errorf("central integrity: %v", err)
	}
	c.Close()
	srv, terms := faults.ReadAll(t, sp.Path(), names, stores)
	rep := faults.Check(h, srv, terms, faults.Options{})
	rep.Kills = cycles
	t.Logf("kills: %v; %s", fired, h.Summary())
	return rep
}
