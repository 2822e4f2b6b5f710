package faults_test

import (
	"math/rand/v2"
	"testing"

	"github.com/motcua/motcua/faults"
)

// TestConflictingOfflineMoves is scenario 4: three terminals hold the same
// 20 dossiers and 5 questions, go offline, each moves and annotates the
// dossiers from its own view (so their moves conflict) and answers the
// questions (so answers and closes cross), then they sync in a random
// order; a few rounds.
// The server decides every op once; the losers get conflict results on
// their terminals; every terminal ends with the server's state.
func TestConflictingOfflineMoves(t *testing.T) {
	faults.Seeded(t, "conflicts", []uint64{1279}, 3, 1, conflicts)
}

func conflicts(t *testing.T, seed uint64) *faults.Report {
	r := rand.New(rand.NewPCG(seed, 4))
	rig := faults.NewRig(t)
	h := faults.NewHistory("c")
	team := faults.NewTeam(t, faults.TeamSpec{Names: []string{"A", "B", "C"}, H: h, Seed: seed, Stream: 0, Rig: rig})
	conflictRounds(t, r, team, func(order []int) { team.Sync(t, order) })
	srv, terms := team.Final(t, rig)
	return disagreed(faults.Check(h, srv, terms, faults.Options{}))
}

// conflictRounds gives the team 20 dossiers and 5 questions they all hold,
// then, for 1 to 3 rounds, each terminal works on them offline and they
// sync (sync, in the order given).
func conflictRounds(t *testing.T, r *rand.Rand, team *faults.Team, sync func(order []int)) {
	var shared []string
	for i := 0; i < 20; i++ {
		d, err := team.Actors[0].Receive()
		if err != nil {
			t.Fatal(err)
		}
		shared = append(shared, d.Dossier.ID)
	}
	// Shared questions too, so that terminals answer (and close) the same
	// open question concurrently.
	for i := 0; i < 5; i++ {
		if _, err := team.Actors[0].Ask(); err != nil {
			t.Fatal(err)
		}
	}
	team.Sync(t, nil)
	rounds := 1 + r.IntN(3)
	for round := 0; round < rounds; round++ {
		for _, a := range team.Actors {
			a.Work(t, 10+r.IntN(20), shared, 8)
		}
		sync(r.Perm(len(team.Stores)))
	}
}

// disagreed fails a report whose terminals never disagreed.
func disagreed(rep *faults.Report) *faults.Report {
	if rep.Conflicts == 0 && rep.Superseded == 0 {
		rep.Errors = append(rep.Errors, "no conflict and no superseded result: the scenario did not make terminals disagree")
	}
	return rep
}
