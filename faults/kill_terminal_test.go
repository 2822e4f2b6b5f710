package faults_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/faults"
	"github.com/motcua/motcua/store"
)

// TestKillTerminal is scenario 1: a terminal process (this test binary
// re-executed) receives, moves, annotates and syncs with a real server on
// loopback, and is killed with SIGKILL at a random moment: right after it
// invoked an action, during a sync, or at a random time. After each kill
// the file must open, pass its integrity check and hold everything the
// child reported saved; a second terminal works and syncs meanwhile. At the
// end both sync and every checker runs over the whole history.
func TestKillTerminal(t *testing.T) {
	faults.SkipWithoutSIGKILL(t)
	cycles := faults.Cycles(t, 12, 5)
	faults.Seeded(t, "killterminal", nil, 1, 1, func(t *testing.T, seed uint64) *faults.Report {
		return killTerminal(t, seed, cycles)
	})
}

func killTerminal(t *testing.T, seed uint64, cycles int) *faults.Report {
	r := rand.New(rand.NewPCG(seed, 1))
	rig := faults.NewRig(t)
	h := faults.NewHistory("p")
	dir := t.TempDir()
	child := rig.NewTerminal(dir, "K", motcua.RoleCounter, nil)
	path := child.Path()
	child.Close()
	b := rig.NewTerminal(dir, "B", motcua.RoleCounter, nil)
	t.Cleanup(func() { b.Close() })
	actB := &faults.Actor{Name: "B", S: b, H: h, R: rand.New(rand.NewPCG(seed, 2)), Q: rand.New(rand.NewPCG(seed, 2+faults.QuestionStream))}

	modes := [3]int{}
	for cycle := 0; cycle < cycles; cycle++ {
		p := faults.StartChild(t, faults.EnvChild+"=terminal", faults.EnvChildDB+"="+path, faults.EnvChildName+"=K",
			fmt.Sprintf("%s=L%d", faults.EnvChildLife, cycle), fmt.Sprintf("%s=%d", faults.EnvChildSeed, seed*1000+uint64(cycle)))
		mode := r.IntN(3)
		modes[mode]++
		switch mode {
		case 0: // during an action: right after the k-th invocation
			k, n := 1+r.IntN(10), 0
			p.WaitLine(10*time.Second, func(l string) bool {
				if strings.HasPrefix(l, "I ") {
					n++
				}
				return n >= k
			})
			time.Sleep(time.Duration(r.IntN(2000)) * time.Microsecond)
		case 1: // during a sync
			k, n := 1+r.IntN(2), 0
			p.WaitLine(10*time.Second, func(l string) bool {
				if l == "S" {
					n++
				}
				return n >= k
			})
			time.Sleep(time.Duration(r.IntN(30000)) * time.Microsecond)
		default:
			time.Sleep(time.Duration(r.IntN(300)) * time.Millisecond)
		}
		if !p.Kill() {
			t.Fatalf("cycle %d: the child ended by itself: %s", cycle, p.Stderr())
		}
		if _, err := h.Read(strings.NewReader(strings.Join(p.Lines(), "\n"))); err != nil {
			t.Fatal(err)
		}
		s, err := store.Open(path)
		if err != nil {
			t.Fatalf("cycle %d: the file does not open after SIGKILL: %v", cycle, err)
		}
		errs := faults.CheckStored(h, "K", s)
		s.Close()
		if len(errs) > 0 {
			t.Fatalf("cycle %d (mode %d): %s", cycle, mode, strings.Join(errs, "\n"))
		}
		if r.IntN(3) == 0 {
			actB.Work(t, r.IntN(4), nil, 40)
			if _, err := faults.Drain(faults.FastSyncer(t, b, 0), 5, 20*time.Second); err != nil {
				t.Fatal(err)
			}
		}
	}
	k, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { k.Close() })
	srv, terms := faults.Final(t, rig, []string{"K", "B"}, []*store.Store{k, b}, nil)
	rep := faults.Check(h, srv, terms, faults.Options{})
	rep.Kills = cycles
	t.Logf("%d kills: %d during an action, %d during a sync, %d at random; %s", cycles, modes[0], modes[1], modes[2], h.Summary())
	return rep
}
