package faults_test

import (
	"math/rand/v2"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/faults"
	"github.com/motcua/motcua/store"
)

// toxics are scenario 3's faults, between the terminals and the server.
var toxics = []struct {
	name string
	make func(r *rand.Rand) []faults.Toxic
	// heals: the drain under the toxic must fail, and succeed once healed.
	blocks bool
}{
	{"latency", func(r *rand.Rand) []faults.Toxic {
		return []faults.Toxic{{Name: "latency", Type: "latency", Stream: "downstream", Toxicity: 1,
			Attributes: map[string]any{"latency": 100, "jitter": 50}}}
	}, false},
	{"bandwidth", func(r *rand.Rand) []faults.Toxic {
		return []faults.Toxic{
			{Name: "bw-up", Type: "bandwidth", Stream: "upstream", Toxicity: 1, Attributes: map[string]any{"rate": 30}},
			{Name: "bw-down", Type: "bandwidth", Stream: "downstream", Toxicity: 1, Attributes: map[string]any{"rate": 30}}}
	}, false},
	{"blackhole", func(r *rand.Rand) []faults.Toxic {
		return []faults.Toxic{{Name: "blackhole", Type: "timeout", Stream: []string{"upstream", "downstream"}[r.IntN(2)], Toxicity: 1,
			Attributes: map[string]any{"timeout": 0}}}
	}, true},
	{"reset_peer", func(r *rand.Rand) []faults.Toxic {
		return []faults.Toxic{{Name: "reset", Type: "reset_peer", Stream: []string{"upstream", "downstream"}[r.IntN(2)], Toxicity: 1,
			Attributes: map[string]any{"timeout": r.IntN(20)}}}
	}, true},
	{"slicer", func(r *rand.Rand) []faults.Toxic {
		return []faults.Toxic{{Name: "slicer", Type: "slicer", Stream: []string{"upstream", "downstream"}[r.IntN(2)], Toxicity: 1,
			Attributes: map[string]any{"average_size": 64, "size_variation": 32, "delay": 200}}}
	}, false},
	{"limit_down", func(r *rand.Rand) []faults.Toxic {
		// The request reaches the server, which commits; the answer is cut.
		return []faults.Toxic{{Name: "limit-down", Type: "limit_data", Stream: "downstream", Toxicity: 1,
			Attributes: map[string]any{"bytes": 50 + r.IntN(250)}}}
	}, true},
	{"limit_up", func(r *rand.Rand) []faults.Toxic {
		// The request is cut mid-body: a truncated gzip stream.
		return []faults.Toxic{{Name: "limit-up", Type: "limit_data", Stream: "upstream", Toxicity: 1,
			Attributes: map[string]any{"bytes": 350 + r.IntN(600)}}}
	}, true},
}

// TestNetworkFaults is scenario 3: a toxiproxy process between the
// terminals and a real server, each toxic in turn (in a random order):
// latency 100±50 ms, bandwidth 30 KB/s, a black hole that later heals,
// reset_peer, slicer, limit_data downstream (the server committed but the
// answer is lost) and upstream (a truncated gzip request must commit
// nothing). Two terminals work between the phases.
func TestNetworkFaults(t *testing.T) {
	faults.Seeded(t, "network", nil, 1, 1, network)
}

// truncated counts sync requests the server refused as unreadable while
// it committed something in the meantime (must stay 0).
type commitWatch struct {
	mu        sync.Mutex
	rig       *faults.Rig
	refused   int
	committed int
}

func (w *commitWatch) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, req *http.Request) {
		if req.URL.Path != "/v1/sync" {
			h.ServeHTTP(rw, req)
			return
		}
		w.mu.Lock() // one sync at a time: the sums below belong to this request
		defer w.mu.Unlock()
		before := w.applied()
		sw := &statusRecorder{ResponseWriter: rw}
		h.ServeHTTP(sw, req)
		if sw.status == http.StatusBadRequest {
			w.refused++
			if w.applied() != before {
				w.committed++
			}
		}
	})
}

func (w *commitWatch) applied() uint64 {
	c := w.rig.Central()
	ts, err := c.Terminals()
	if err != nil {
		panic(err)
	}
	var n uint64
	for _, t := range ts {
		n += t.LastAppliedSeq
	}
	return n
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func network(t *testing.T, seed uint64) *faults.Report {
	r := rand.New(rand.NewPCG(seed, 3))
	watch := &commitWatch{}
	rig := faults.StartRig(t, &faults.Rig{Wrap: watch.wrap})
	watch.rig = rig
	proxy := faults.NewProxy(t, rig.Addr)
	h := faults.NewHistory("n")
	team := faults.NewTeam(t, faults.TeamSpec{Names: []string{"A", "B"}, H: h, Seed: seed, Stream: 10, Rig: rig, Sync: proxy.URL})
	names, stores := team.Names, team.Stores
	events := 0
	for _, i := range r.Perm(len(toxics)) {
		x := toxics[i]
		for _, a := range team.Actors {
			a.Work(t, 2+r.IntN(6), nil, 40)
		}
		underToxic(t, proxy, x.make(r), x.name, x.blocks, names, stores)
		events++
	}
	srv, terms := team.Final(t, rig)
	rep := faults.Check(h, srv, terms, faults.Options{})
	rep.FaultEvents = events
	if watch.committed > 0 {
		rep.Errors = append(rep.Errors, "a sync request refused as unreadable committed ops")
	}
	t.Logf("%d sync requests refused as unreadable (truncated), none committed anything; %s", watch.refused, h.Summary())
	return rep
}

// underToxic syncs every terminal through proxy with the toxics made on
// it (a drain may fail, temporarily), then heals the link and drains them
// all: scenario 3's step, on the file and on PostgreSQL.
func underToxic(t *testing.T, proxy *faults.Proxy, made []faults.Toxic, name string, blocks bool, names []string, stores []*store.Store) {
	t.Helper()
	for _, tx := range made {
		proxy.Add(tx)
	}
	failed := 0
	for j, s := range stores {
		if _, err := faults.Drain(faults.FastSyncer(t, s, 700*time.Millisecond), 2, 4*time.Second); err != nil {
			if !faults.Temporary(err) && !isGaveUp(err) {
				t.Fatalf("%s under %s: %v", names[j], name, err)
			}
			failed++
		}
	}
	if blocks && failed == 0 {
		t.Logf("%s: no drain failed under the toxic", name)
	}
	proxy.Clear() // heal
	for j, s := range stores {
		if _, err := faults.Drain(faults.FastSyncer(t, s, 5*time.Second), 10, 30*time.Second); err != nil {
			t.Fatalf("%s after %s healed: %v", names[j], name, err)
		}
	}
}

func isGaveUp(err error) bool {
	return err != nil && len(err.Error()) > 10 && err.Error()[:10] == "drain gave"
}
