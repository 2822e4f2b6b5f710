package client_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/client"
	"github.com/motcua/motcua/faults"
	"github.com/motcua/motcua/server"
)

// sentOps records the seqs each sync request carried (decoded from its
// gzipped body) and calls before(n) ahead of the n-th request, from 1.
type sentOps struct {
	base   http.RoundTripper
	before func(n int)
	n      int
	seqs   [][]uint64
	direct atomic.Pointer[string] // set by healTo: the server's address, past toxiproxy
}

// healTo heals the link by sending every later request straight to the
// server at addr instead of through toxiproxy. Removing toxiproxy's toxics
// (its /reset) hung past a minute four times on loaded CI machines, once a
// connection a toxic had cut was left in a link (toxiproxy's issue 558),
// even with each request on a connection of its own; a link healed this way
// is the same to the terminal, and no toxic is ever removed from a live
// link. The toxiproxy process ends with the test.
func (s *sentOps) healTo(addr string) { s.direct.Store(&addr) }

// oneRequestPerConnection is the tests' transport through toxiproxy: each
// request on a connection of its own, which the server closes after the
// answer. With keep-alive (http.DefaultTransport) TestPushThroughBlackHole
// took 90 s instead of 3-4 in four runs of each; the cause was not looked
// into.
func oneRequestPerConnection() http.RoundTripper {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DisableKeepAlives = true
	return tr
}

func (s *sentOps) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Path == "/v1/sync" && r.Body != nil {
		raw, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(raw))
		var req motcua.SyncRequest
		if zr, err := gzip.NewReader(bytes.NewReader(raw)); err == nil {
			json.NewDecoder(zr).Decode(&req)
		}
		var seqs []uint64
		for _, op := range req.Ops {
			seqs = append(seqs, op.Seq)
		}
		s.n++
		s.seqs = append(s.seqs, seqs)
		if s.before != nil {
			s.before(s.n)
		}
	}
	if addr := s.direct.Load(); addr != nil {
		r = r.Clone(r.Context())
		r.URL.Host, r.Host = *addr, *addr
	}
	return s.base.RoundTrip(r)
}

// resent is how many ops went up more than once, and the largest batch.
func (s *sentOps) resent() (again, largest int) {
	seen := map[uint64]bool{}
	for _, seqs := range s.seqs {
		largest = max(largest, len(seqs))
		for _, q := range seqs {
			if seen[q] {
				again++
			}
			seen[q] = true
		}
	}
	return again, largest
}

// drainThrough runs Drain until it is done, as `motcua sync` does (a short
// backoff between attempts), calling heal after each failed attempt; it
// returns the totals and the failures.
func drainThrough(t *testing.T, sy *client.Syncer, heal func()) (client.Summary, int) {
	t.Helper()
	var total client.Summary
	failures := 0
	for attempt := 1; attempt < 20; attempt++ {
		sum, err := sy.Drain(context.Background())
		total.RoundTrips += sum.RoundTrips
		total.Acked += sum.Acked
		total.Dossiers += sum.Dossiers
		total.BytesUp += sum.BytesUp
		if err == nil && sum.Done {
			return total, failures
		}
		var ae *motcua.Error
		if !errors.As(err, &ae) || !ae.Retryable() {
			t.Fatalf("attempt %d: %v", attempt, err)
		}
		failures++
		t.Logf("attempt %d failed (%s), after %d round trips: %v", attempt, ae.Reason, sum.RoundTrips, err)
		heal()
		time.Sleep(sy.Backoff(attempt, err))
	}
	t.Fatal("sync did not finish")
	return total, failures
}

// TestPushThroughBlackHole is issue 10's "done means": a 1,400-op push
// with the link black-holed in the middle (toxiproxy's timeout toxic on
// the answers: the server commits a batch, its answer never comes back,
// and no byte moves until the stall watch ends the request). The push
// completes, at most one batch goes up again, and the server and the
// terminal hold every op exactly once.
func TestPushThroughBlackHole(t *testing.T) {
	if testing.Short() {
		t.Skip("a 1,400-op push through toxiproxy")
	}
	r := newRig(t, server.Options{TerminalRate: 1000, TerminalBurst: 1000})
	a := r.terminal("A", motcua.RoleCounter)
	drain(t, syncer(t, a, client.SyncerOptions{}))
	backlog(t, a, 1400, 11)
	p := faults.NewProxy(t, r.Addr)
	info, _ := a.Terminal()
	rec := &sentOps{base: oneRequestPerConnection()}
	rec.before = func(n int) {
		if n == 3 { // the third batch: the server decides it, its answer is lost
			p.Add(faults.Toxic{Name: "blackhole", Type: "timeout", Stream: "downstream", Toxicity: 1, Attributes: map[string]any{"timeout": 0}})
		}
	}
	c := client.New(p.URL, info.Token, client.Options{Stall: 2 * time.Second, Transport: rec})
	sy := syncer(t, a, client.SyncerOptions{Client: c, BackoffBase: 200 * time.Millisecond})
	sum, failures := drainThrough(t, sy, func() { rec.healTo(r.Addr) })
	again, largest := rec.resent()
	t.Logf("%d round trips, %d failed attempt(s), %d ops sent again (largest batch %d), %d B up", sum.RoundTrips, failures, again, largest, sum.BytesUp)
	if failures != 1 || sum.Acked != 1400 {
		t.Fatalf("%d failures, %d acknowledged", failures, sum.Acked)
	}
	if again == 0 || again > largest {
		t.Fatalf("%d ops sent again; at most one batch (%d) may be", again, largest)
	}
	ops, err := r.Central().AppliedOps(info.ID)
	if err != nil || len(ops) != 1400 {
		t.Fatalf("the server decided %d ops (%v), want 1400 once each", len(ops), err)
	}
	for i, op := range ops {
		if op.Seq != uint64(i+1) || op.Result.Status != motcua.Applied {
			t.Fatalf("op %d: seq %d %s", i, op.Seq, op.Result.Status)
		}
	}
	converged(t, r.Central(), 280, a)
}

// TestPullCutMidResponse is issue 10's "done means": a response cut
// part-way (toxiproxy's slicer dribbles the answer, reset_peer cuts the
// connection) costs at most the page in flight: the pages committed before
// the cut are not fetched again, and the terminal converges.
func TestPullCutMidResponse(t *testing.T) {
	if testing.Short() {
		t.Skip("a 500-dossier pull through toxiproxy")
	}
	r := newRig(t, server.Options{TerminalRate: 1000, TerminalBurst: 1000})
	a := r.terminal("A", motcua.RoleCounter)
	backlog(t, a, 500*5, 5)
	drain(t, syncer(t, a, client.SyncerOptions{}))
	p := faults.NewProxy(t, r.Addr)
	b := r.terminal("B", motcua.RoleCounter)
	info, _ := b.Terminal()
	rec := &sentOps{base: oneRequestPerConnection()}
	rec.before = func(n int) {
		if n == 3 { // the third page: dribbled, then cut
			p.Add(faults.Toxic{Name: "slicer", Type: "slicer", Stream: "downstream", Toxicity: 1,
				Attributes: map[string]any{"average_size": 64, "size_variation": 32, "delay": 20000}})
			p.Add(faults.Toxic{Name: "reset", Type: "reset_peer", Stream: "downstream", Toxicity: 1, Attributes: map[string]any{"timeout": 300}})
		}
	}
	c := client.New(p.URL, info.Token, client.Options{Stall: 5 * time.Second, Transport: rec})
	sy := syncer(t, b, client.SyncerOptions{Client: c, BackoffBase: 200 * time.Millisecond})
	sum, failures := drainThrough(t, sy, func() { rec.healTo(r.Addr) })
	t.Logf("%d round trips, %d failed attempt(s), %d dossiers applied", sum.RoundTrips, failures, sum.Dossiers)
	if failures < 1 {
		t.Fatal("the cut did not happen: the test proves nothing")
	}
	// Every dossier was applied once: no page committed before the cut
	// came again (a page cut off is never applied, so never counted).
	if sum.Dossiers != 500 {
		t.Fatalf("%d dossiers applied, want 500: pages came again after the cut", sum.Dossiers)
	}
	converged(t, r.Central(), 500, a, b)
}
