package client_test

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/client"
	"github.com/motcua/motcua/faults"
	"github.com/motcua/motcua/server"
)

// gprs puts a toxiproxy in front of r's server with dl KB/s down and
// oneWay latency each way, and returns its URL.
func slowLink(t *testing.T, r *rig, dl int, oneWay time.Duration) string {
	t.Helper()
	p := faults.NewProxy(t, r.Addr)
	ms := oneWay.Milliseconds()
	p.Add(faults.Toxic{Name: "rate-down", Type: "bandwidth", Stream: "downstream", Toxicity: 1, Attributes: map[string]any{"rate": dl}})
	p.Add(faults.Toxic{Name: "latency-down", Type: "latency", Stream: "downstream", Toxicity: 1, Attributes: map[string]any{"latency": ms}})
	p.Add(faults.Toxic{Name: "latency-up", Type: "latency", Stream: "upstream", Toxicity: 1, Attributes: map[string]any{"latency": ms}})
	return p.URL
}

// TestFreshTerminalPullsOverSlowLink is issue 10's first "done means": a
// fresh terminal pulls a unit of 500 dossiers (about 120 KB after gzip)
// over 2 KB/s down (16 kbit/s, below the 20) and 300 ms each way,
// in one syncer run, with no request deadline but the stall watch. Pages
// are bounded by bytes and committed one by one, so the run needs several
// round trips, and the page grows with the throughput it measures.
func TestFreshTerminalPullsOverSlowLink(t *testing.T) {
	if testing.Short() {
		t.Skip("about a minute over an emulated 16 kbit/s link")
	}
	r := newRig(t, server.Options{TerminalRate: 1000, TerminalBurst: 1000})
	a := r.terminal("A", motcua.RoleCounter)
	backlog(t, a, 500*5, 5) // 500 dossiers, each received, moved, noted, done, returned
	drain(t, syncer(t, a, client.SyncerOptions{}))

	url := slowLink(t, r, 2, 300*time.Millisecond)
	b := r.terminal("B", motcua.RoleCounter)
	info, err := b.Terminal()
	if err != nil {
		t.Fatal(err)
	}
	c := client.New(url, info.Token, client.Options{Stall: 20 * time.Second})
	sy := syncer(t, b, client.SyncerOptions{Client: c})
	start := sy.PullPage()
	sum, err := sy.Drain(context.Background())
	if err != nil || !sum.Done {
		t.Fatalf("one syncer run did not finish: %+v: %v", sum, err)
	}
	if sum.Dossiers != 500 || sum.RoundTrips < 3 {
		t.Fatalf("pulled %d dossiers in %d round trips, want 500 in several byte-bounded pages", sum.Dossiers, sum.RoundTrips)
	}
	if sy.PullPage() <= start {
		t.Fatalf("the page stayed at %d bytes: it did not grow with the link", sy.PullPage())
	}
	t.Logf("pulled %d dossiers in %d round trips, %d B down, page grew %d → %d B", sum.Dossiers, sum.RoundTrips, sum.BytesDown, start, sy.PullPage())
	converged(t, r.Central(), 500, a, b)
}
