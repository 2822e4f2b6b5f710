package faults_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/faults"
	"github.com/motcua/motcua/store"
)

// TestConflictingOfflineMoves is scenario 4: three terminals hold the same
// 20 dossiers, go offline, each moves and annotates them from its own view
// (so their moves conflict), then they sync in a random order; a few rounds.
// The server decides every op once; the losers get conflict results on
// their terminals; every terminal ends with the server's state.
func TestConflictingOfflineMoves(t *testing.T) {
	faults.Seeded(t, "conflicts", []uint64{1279}, 3, 1, func(t *testing.T, seed uint64) *faults.Report {
		return conflicts(t, seed)
	})
}

func conflicts(t *testing.T, seed uint64) *faults.Report {
	r := rand.New(rand.NewPCG(seed, 4))
	rig := faults.NewRig(t)
	h := faults.NewHistory("c")
	dir := t.TempDir()
	names := []string{"A", "B", "C"}
	var stores []*store.Store
	var actors []*faults.Actor
	for _, n := range names {
		s := faults.Terminal(t, dir, n, nil)
		t.Cleanup(func() { s.Close() })
		faults.Enroll(t, s, rig.URL, rig.URL, rig.Code(motcua.RoleCounter), nil)
		stores = append(stores, s)
		actors = append(actors, &faults.Actor{Name: n, S: s, H: h, R: rand.New(rand.NewPCG(seed, uint64(len(actors))))})
	}
	var shared []string
	for i := 0; i < 20; i++ {
		d, err := actors[0].Receive()
		if err != nil {
			t.Fatal(err)
		}
		shared = append(shared, d.Dossier.ID)
	}
	for _, s := range stores {
		if _, err := faults.Drain(faults.FastSyncer(t, s, 0), 5, 30*time.Second); err != nil {
			t.Fatal(err)
		}
	}
	rounds := 1 + r.IntN(3)
	for round := 0; round < rounds; round++ {
		for _, a := range actors {
			for k := 10 + r.IntN(20); k > 0; k-- {
				if err := a.Step(shared, 8); !faults.Expected(err) {
					t.Fatalf("%s: %v", a.Name, err)
				}
			}
		}
		for _, i := range r.Perm(len(stores)) {
			if _, err := faults.Drain(faults.FastSyncer(t, stores[i], 0), 5, 30*time.Second); err != nil {
				t.Fatalf("sync %s: %v", names[i], err)
			}
		}
	}
	srv, terms := faults.Final(t, rig, names, stores, nil)
	rep := faults.Check(h, srv, terms, faults.Options{})
	if rep.Conflicts == 0 && rep.Superseded == 0 {
		rep.Errors = append(rep.Errors, "no conflict and no superseded result: the scenario did not make terminals disagree")
	}
	return rep
}
