package faults

import (
	"cmp"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/store"
)

// Team is a scenario's terminals, each enrolled, with the officer who works
// it.
type Team struct {
	Names  []string
	Stores []*store.Store
	Actors []*Actor
}

// TeamSpec says how NewTeam opens, enrolls and staffs its terminals.
type TeamSpec struct {
	Names []string
	// H is the history the actors record into. Actor i draws from
	// rand.NewPCG(Seed, Stream+i), or from Rand(i) when Rand is set; its
	// question work from rand.NewPCG(Seed, Stream+i+QuestionStream).
	H            *History
	Seed, Stream uint64
	Rand         func(i int) *rand.Rand
	// Rig, when set, is the server the terminals enroll with, as counters.
	Rig *Rig
	// API and Code, without a Rig: where the terminals enroll, and
	// terminal i's enrollment code.
	API  string
	Code func(i int) string
	// Sync, when set, is where the terminals sync (a proxy in front of the
	// server); else where they enroll.
	Sync string
	// Links, when set, are where each terminal enrolls and syncs (one of
	// several API processes, or a balancer in front of them): terminal i
	// uses Links[i], whatever API and Sync say.
	Links []string
	// Clocks, when set, are the terminals' clocks (else the real one).
	Clocks []func() time.Time
}

// QuestionStream is added to a terminal's stream for its question work.
const QuestionStream = 1000

// RecordStream is added to a terminal's stream for its counter records.
const RecordStream = 2000

// NewTeam opens one terminal per name in a new directory, each closed when
// the test ends, enrolls it, and gives it its actor.
func NewTeam(t testing.TB, sp TeamSpec) *Team {
	t.Helper()
	api, code := sp.API, sp.Code
	if sp.Rig != nil {
		api, code = sp.Rig.URL, func(int) string { return sp.Rig.Code(motcua.RoleCounter) }
	}
	dir := t.TempDir()
	tm := &Team{Names: sp.Names}
	for i, name := range sp.Names {
		var now func() time.Time
		if sp.Clocks != nil {
			now = sp.Clocks[i]
		}
		s := Terminal(t, dir, name, now)
		t.Cleanup(func() { s.Close() })
		if sp.Links != nil {
			Enroll(t, s, sp.Links[i], sp.Links[i], code(i), nil)
		} else {
			Enroll(t, s, api, cmp.Or(sp.Sync, api), code(i), nil)
		}
		r := rand.New(rand.NewPCG(sp.Seed, sp.Stream+uint64(i)))
		if sp.Rand != nil {
			r = sp.Rand(i)
		}
		tm.Stores = append(tm.Stores, s)
		q := rand.New(rand.NewPCG(sp.Seed, sp.Stream+uint64(i)+QuestionStream))
		c := rand.New(rand.NewPCG(sp.Seed, sp.Stream+uint64(i)+RecordStream))
		tm.Actors = append(tm.Actors, &Actor{Name: name, S: s, H: sp.H, R: r, Q: q, C: c})
	}
	return tm
}

// Sync drains the terminals in order (nil: one after the other), each
// with a FastSyncer, 5 tries within 30 s; one that does not finish fails
// the test.
func (tm *Team) Sync(t testing.TB, order []int) {
	t.Helper()
	if order == nil {
		for i := range tm.Stores {
			order = append(order, i)
		}
	}
	for _, i := range order {
		if _, err := Drain(FastSyncer(t, tm.Stores[i], 0), 5, 30*time.Second); err != nil {
			t.Fatalf("sync %s: %v", tm.Names[i], err)
		}
	}
}

// Final is Final for the team's terminals.
func (tm *Team) Final(t testing.TB, r *Rig) (*ServerState, []*TerminalState) {
	t.Helper()
	return Final(t, r, tm.Names, tm.Stores, nil)
}
