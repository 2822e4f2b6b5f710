package faults_test

import (
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/motcua/motcua/central"
	"github.com/motcua/motcua/faults"
)

// TestPGNetworkFaults is scenario 3 on PostgreSQL: the terminals sync
// through toxiproxy, then a balancer that sends each request to the next
// of the two API processes, and every toxic of scenario 3 comes in turn
// (in a random order). A request the balancer could not read whole (a
// truncated gzip body) must commit nothing, on either process.
func TestPGNetworkFaults(t *testing.T) {
	dsn := faults.NeedPG(t)
	faults.Seeded(t, "pgnetwork", nil, 1, 1, func(t *testing.T, seed uint64) *faults.Report {
		return pgNetwork(t, faults.NewDatabase(t, dsn), seed)
	})
}

func pgNetwork(t *testing.T, dsn string, seed uint64) *faults.Report {
	r := rand.New(rand.NewPCG(seed, 3))
	ps := faults.NewPGServers(t, dsn, 2)
	ps.StartAll(seed)
	watch := &pgWatch{c: ps.Open()}
	defer watch.c.Close()
	g := &pgRig{ps: ps, lb: faults.NewBalancer(t, ps.URLs(), watch.wrap), h: faults.NewHistory("n")}
	proxy := faults.NewProxy(t, strings.TrimPrefix(g.lb.URL, "http://"))
	g.enroll(t, seed, 70, []string{proxy.URL, proxy.URL, proxy.URL})
	names, stores := g.team.Names, g.team.Stores
	events := 0
	for _, i := range r.Perm(len(toxics)) {
		x := toxics[i]
		for _, a := range g.team.Actors {
			a.Work(t, 2+r.IntN(6), nil, 40)
		}
		underToxic(t, proxy, x.make(r), x.name, x.blocks, names, stores)
		events++
	}
	rep := g.final(t, seed)
	rep.FaultEvents = events
	cut, committed, errs := watch.result()
	if committed > 0 {
		rep.Errors = append(rep.Errors, "a sync request cut on its way in committed ops")
	}
	rep.Errors = append(rep.Errors, errs...)
	t.Logf("%d sync requests cut on their way in or refused as unreadable, none committed anything", cut)
	return rep
}

// pgWatch sees every sync request at the balancer, one at a time, and
// compares what both processes applied (the sum of the terminals' last
// applied seqs in the database) before and after each request that was
// cut on its way in or refused as unreadable.
type pgWatch struct {
	mu             sync.Mutex
	c              *central.Store
	cut, committed int
	errs           []string
}

func (w *pgWatch) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, req *http.Request) {
		if req.URL.Path != "/v1/sync" {
			h.ServeHTTP(rw, req)
			return
		}
		w.mu.Lock()
		defer w.mu.Unlock()
		before := w.applied()
		body := &cutBody{ReadCloser: req.Body}
		req.Body = body
		sw := &statusRecorder{ResponseWriter: rw}
		h.ServeHTTP(sw, req)
		if body.err != nil || sw.status == http.StatusBadRequest {
			w.cut++
			if w.applied() != before {
				w.committed++
			}
		}
	})
}

func (w *pgWatch) applied() uint64 {
	ts, err := w.c.Terminals()
	if err != nil {
		w.errs = append(w.errs, "watch: "+err.Error())
		return 0
	}
	var n uint64
	for _, t := range ts {
		n += t.LastAppliedSeq
	}
	return n
}

func (w *pgWatch) result() (int, int, []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.cut, w.committed, w.errs
}

// cutBody remembers a request body that ended with an error (the client's
// connection cut mid-body), not at its end.
type cutBody struct {
	io.ReadCloser
	err error
}

func (b *cutBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		b.err = err
	}
	return n, err
}
