package faults_test

import (
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/faults"
	"github.com/motcua/motcua/store"
)

// vclock is a clock that runs at real speed from an offset a test moves.
type vclock struct {
	mu  sync.Mutex
	off time.Duration
}

func (c *vclock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.off)
}

func (c *vclock) Jump(d time.Duration) {
	c.mu.Lock()
	c.off += d
	c.mu.Unlock()
}

// TestClockFaults is scenario 5: laptops whose clocks are 3 days behind
// and 2 days ahead of the server; a laptop whose clock jumps backwards
// while it receives (the officer is stopped, then confirms); a laptop that
// stays offline past its 30-day lane lease (it must refuse to issue codes,
// keep every other action, and issue again once it synced).
func TestClockFaults(t *testing.T) {
	faults.Seeded(t, "clock", []uint64{723825969627}, 1, 1, clockFaults)
}

func clockFaults(t *testing.T, seed uint64) *faults.Report {
	r := rand.New(rand.NewPCG(seed, 5))
	day := 24 * time.Hour
	srvClock := &vclock{}
	rig := faults.NewRig(t)
	rig.Now = srvClock.Now
	h := faults.NewHistory("k")
	clocks := []*vclock{{off: -3 * day}, {off: 2 * day}, {}, {}}
	var nows []func() time.Time
	for _, k := range clocks {
		nows = append(nows, k.Now)
	}
	team := faults.NewTeam(t, faults.TeamSpec{Names: []string{"A", "B", "C", "D"}, H: h, Seed: seed, Stream: 30, Rig: rig, Clocks: nows})
	actors := team.Actors
	// Skewed clocks, offline then online.
	for _, a := range actors {
		a.Work(t, 5+r.IntN(10), nil, 50)
	}
	team.Sync(t, nil)

	// C's clock jumps backwards while receiving: a few minutes pass
	// unnoticed; a day or more stops the officer, who then confirms.
	c := actors[2]
	clocks[2].Jump(-time.Duration(1+r.IntN(5)) * time.Minute)
	if _, err := c.Receive(); err != nil {
		t.Fatalf("a small backwards step stopped a reception: %v", err)
	}
	clocks[2].Jump(-time.Duration(1+r.IntN(3)) * day)
	if _, err := c.Receive(); motcua.ErrorReason(err) != "clock_backwards" {
		t.Fatalf("a reception after the clock jumped back by days: %v", err)
	}
	c.AcceptClock = true
	c.Work(t, 3+r.IntN(5), nil, 50)
	c.AcceptClock = false

	// D stays offline past its lease while the days go by (server too).
	jump := time.Duration(store.AckRetention/day+1) * day
	srvClock.Jump(jump)
	for _, k := range clocks {
		k.Jump(jump)
	}
	d := actors[3]
	if _, err := d.Receive(); motcua.ErrorReason(err) != "lane_expired" {
		t.Fatalf("a reception on an expired lease: %v", err)
	}
	if ids := d.Local(); len(ids) > 0 {
		if _, err := d.Note(ids[0]); err != nil {
			t.Fatalf("a note on an expired lease: %v", err)
		}
	}
	team.Sync(t, []int{3})
	if _, err := d.Receive(); err != nil {
		t.Fatalf("a reception after the lease was renewed: %v", err)
	}
	for _, a := range actors {
		a.AcceptClock = true // C's clock is still days behind its last code
		a.Work(t, 2+r.IntN(5), nil, 50)
	}
	srv, terms := team.Final(t, rig)
	return faults.Check(h, srv, terms, faults.Options{})
}
