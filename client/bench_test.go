package client_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/client"
	"github.com/motcua/motcua/internal/gen"
	"github.com/motcua/motcua/internal/lightsync"
	"github.com/motcua/motcua/server"
	"github.com/motcua/motcua/store"
)

// wire counts what crosses the loopback: bytes each way (headers, bodies,
// after gzip) and requests.
type wire struct {
	up, down, requests atomic.Int64
}

type countingConn struct {
	net.Conn
	w *wire
}

func (c *countingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.w.down.Add(int64(n))
	return n, err
}

func (c *countingConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.w.up.Add(int64(n))
	return n, err
}

func (w *wire) transport() http.RoundTripper {
	d := &net.Dialer{}
	t := &http.Transport{DisableCompression: true, DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return &countingConn{Conn: c, w: w}, nil
	}}
	return roundTripFunc(func(r *http.Request) (*http.Response, error) {
		w.requests.Add(1)
		return t.RoundTrip(r)
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// backlog fills s with a week at a busy counter: dossiers received with
// realistic citizens, each then moved 2→4, noted, 4→9 and returned, five
// ops per dossier.
func backlog(tb testing.TB, s *store.Store, ops int, seed uint64) {
	tb.Helper()
	people := gen.NewPeople(rand.New(rand.NewPCG(seed, 1)), time.Now())
	for n := 0; n < ops; n += 5 {
		c := people.Citizen()
		d, err := s.Receive(motcua.ReceiveInput{ProcedureCode: "1.001193", Applicant: c.Person})
		if err != nil {
			tb.Fatal(err)
		}
		id := d.Dossier.ID
		steps := []func() error{
			func() error {
				_, err := s.Transition(id, motcua.TransitionArgs{To: motcua.StatusProcessing})
				return err
			},
			func() error {
				_, err := s.Do(motcua.Action{Kind: motcua.OpNote, DossierID: id, Args: motcua.NoteArgs{Text: "Đã kiểm tra đủ giấy tờ, chuyển cán bộ tư pháp."}})
				return err
			},
			func() error { _, err := s.Transition(id, motcua.TransitionArgs{To: motcua.StatusDone}); return err },
			func() error {
				_, err := s.Transition(id, motcua.TransitionArgs{To: motcua.StatusReturned, Recipient: c.Name, Method: motcua.ReturnCounter})
				return err
			},
		}
		for _, f := range steps {
			if err := f(); err != nil {
				tb.Fatal(err)
			}
		}
	}
}

// BenchmarkDrain1400 drains a 7-day backlog of 1,400 ops (280 dossiers)
// and pulls the 300 dossiers another counter received meanwhile (plus the
// server's snapshots of its own 280), over loopback,
// and reports round trips and bytes on the wire. Targets: at most
// ceil(1400/200)+2 = 9 round trips; at most 120 bytes per op up after gzip.
//
//	go test ./client -run '^$' -bench Drain -benchtime 3x
func BenchmarkDrain1400(b *testing.B) {
	for _, batch := range []int{0, 50, 200} {
		name := "adaptive"
		if batch > 0 {
			name = fmt.Sprintf("batch=%d", batch)
		}
		b.Run(name, func(b *testing.B) {
			var rts, up, down, body, pulled float64
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				r := newRig(b, server.Options{TerminalRate: 1000, TerminalBurst: 1000})
				s := r.terminal("A", motcua.RoleCounter)
				drain(b, syncer(b, s, client.SyncerOptions{})) // the catalog and calendar: not part of the week
				// During the week another counter receives 300 dossiers…
				other := r.terminal("O", motcua.RoleCounter)
				backlog(b, other, 300*5, 7)
				drain(b, syncer(b, other, client.SyncerOptions{}))
				// …while this one, offline, piles up 1,400 ops.
				backlog(b, s, 1400, 11)
				o := client.SyncerOptions{}
				if batch > 0 {
					o.StartBatch, o.MinBatch, o.MaxBatch = batch, batch, batch
				}
				sum, w := timedDrain(b, s, o, 1400)
				rts += float64(sum.RoundTrips)
				up += float64(w.up.Load())
				down += float64(w.down.Load())
				body += float64(sum.BytesUp)
				pulled += float64(sum.Dossiers)
			}
			n := float64(b.N)
			b.ReportMetric(rts/n, "round_trips")
			b.ReportMetric(body/n/1400, "gzip_body_B/op")
			b.ReportMetric(up/n/1400, "wire_up_B/op")
			b.ReportMetric(down/n/1024, "wire_down_KiB")
			b.ReportMetric(pulled/n, "snapshots_pulled")
		})
	}
}

// timedDrain drains s's backlog of want ops through a counting transport,
// timing only the drain, and fails unless all of them were acknowledged.
func timedDrain(b *testing.B, s *store.Store, o client.SyncerOptions, want int) (client.Summary, *wire) {
	w := &wire{}
	o.Transport = w.transport()
	sy := syncer(b, s, o)
	b.StartTimer()
	sum, err := sy.Drain(context.Background())
	b.StopTimer()
	if err != nil || !sum.Done || sum.Acked != want {
		b.Fatalf("drain: %+v %v", sum, err)
	}
	return sum, w
}

// BenchmarkPushOwnWrites1400: a terminal pushes a week's 1,400 ops (280
// receptions, 1,120 moves and notes) when no other terminal changed
// anything, over loopback, speaking the wire schema 1 (a result per op
// with its ids, the terminal's own dossiers pulled back) and 2 (compact
// verdicts, no echoes). Reports the bytes down per op pushed: on the wire
// (headers included) and the gzipped bodies. Target (issue 10): ≤ 10 B/op
// down on the wire with schema 2.
//
//	go test ./client -run '^$' -bench PushOwnWrites -benchtime 3x
func BenchmarkPushOwnWrites1400(b *testing.B) {
	for _, schema := range []int{1, motcua.WireSchema} {
		b.Run(fmt.Sprintf("schema=%d", schema), func(b *testing.B) {
			var rts, up, down, bodyDown, pulled float64
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				r := newRig(b, server.Options{TerminalRate: 1000, TerminalBurst: 1000})
				s := r.terminal("A", motcua.RoleCounter)
				drain(b, syncer(b, s, client.SyncerOptions{Schema: schema})) // the catalog and calendar: not part of the week
				backlog(b, s, 1400, 11)
				sum, w := timedDrain(b, s, client.SyncerOptions{Schema: schema}, 1400)
				rts += float64(sum.RoundTrips)
				up += float64(w.up.Load())
				down += float64(w.down.Load())
				bodyDown += float64(sum.BytesDown)
				pulled += float64(sum.Dossiers)
			}
			n := float64(b.N)
			b.ReportMetric(rts/n, "round_trips")
			b.ReportMetric(up/n/1400, "wire_up_B/op")
			b.ReportMetric(down/n/1400, "wire_down_B/op")
			b.ReportMetric(bodyDown/n/1400, "gzip_body_down_B/op")
			b.ReportMetric(pulled/n, "snapshots_pulled")
		})
	}
}

// BenchmarkServer200Terminals: 200 terminals (50 units × 4) sync at once
// against one server on loopback, each pushing 200 ops (40 dossiers, five
// ops each) in batches of 50 (a backlog after a day offline) or 10 (the
// ordinary trickle) and pulling its unit's changes. Reports ops applied per
// second, sync requests per second and per commit, and the p50/p99 latency
// of a sync request as the terminal sees it.
//
//	go test ./client -run '^$' -bench Server200 -benchtime 1x
func BenchmarkServer200Terminals(b *testing.B) {
	for _, batch := range []int{50, 10} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) { server200(b, batch) })
	}
}

// long: a benchmark fixture: the whole fake server in one place, read top to bottom.
func server200(b *testing.B, batch int) {
	const units, perUnit, dossiers = 50, 4, 40
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		r := newRig(b, server.Options{TerminalRate: 1000, TerminalBurst: 1000})
		c := r.Central()
		type term struct {
			resp  motcua.EnrollResponse
			nonce string
			ops   []motcua.Op
		}
		var terms []*term
		now := time.Now()
		people := gen.NewPeople(rand.New(rand.NewPCG(3, 4)), now)
		for u := 0; u < units; u++ {
			code := fmt.Sprintf("000.00.%02d.H%02d", u%100, 10+u%90)
			if _, err := c.AddUnit(code, fmt.Sprintf("UBND xã %d", u), ""); err != nil {
				b.Fatal(err)
			}
			for k := 0; k < perUnit; k++ {
				e, _ := c.CreateEnrollment(code, motcua.RoleCounter)
				t := &term{nonce: motcua.NewID(now)}
				var err error
				if t.resp, err = c.Enroll(motcua.EnrollRequest{Code: e.Code, InstallNonce: t.nonce}); err != nil {
					b.Fatal(err)
				}
				t.ops = syntheticOps(b, t.resp, people, dossiers, now)
				terms = append(terms, t)
			}
		}
		var (
			mu        sync.Mutex
			latencies []time.Duration
			applied   atomic.Int64
			wg        sync.WaitGroup
		)
		// The 200 terminals are simulated lightly: each reads from an answer
		// only what it needs to go on (acknowledgement, results, cursor), so
		// the two cores measure the server, not 200 laptops decoding pages.
		hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
		b.StartTimer()
		start := time.Now()
		for _, t := range terms {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cursor := ""
				var acked uint64
				for at := 0; at < len(t.ops); at += batch {
					req := motcua.SyncRequest{TerminalID: t.resp.TerminalID, InstallNonce: t.nonce, Schema: 1, AckedSeq: acked,
						Ops: t.ops[at:min(at+batch, len(t.ops))], Pull: motcua.PullRequest{Cursor: cursor}}
					body, err := client.EncodeSync(req)
					if err != nil {
						b.Error(err)
						return
					}
					t0 := time.Now()
					resp, err := lightsync.Post(hc, r.URL, t.resp.Token, body)
					d := time.Since(t0)
					if err != nil {
						b.Errorf("sync: %v", err)
						return
					}
					mu.Lock()
					latencies = append(latencies, d)
					mu.Unlock()
					for _, res := range resp.Results {
						if res.Status == motcua.Applied {
							applied.Add(1)
						}
					}
					acked, cursor = resp.LastAppliedSeq, resp.Pull.Cursor
				}
			}()
		}
		wg.Wait()
		elapsed := time.Since(start)
		b.StopTimer()
		total := len(terms) * dossiers * 5
		if int(applied.Load()) != total {
			b.Fatalf("applied %d of %d", applied.Load(), total)
		}
		commits, grouped := c.GroupStats()
		b.ReportMetric(float64(grouped)/float64(max(commits, 1)), "syncs/commit")
		sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
		pct := func(p float64) float64 {
			return float64(latencies[int(p*float64(len(latencies)-1))].Microseconds()) / 1000
		}
		b.ReportMetric(float64(total)/elapsed.Seconds(), "ops/s")
		b.ReportMetric(float64(len(latencies))/elapsed.Seconds(), "syncs/s")
		b.ReportMetric(pct(0.5), "p50_ms")
		b.ReportMetric(pct(0.99), "p99_ms")
		r.Stop()
	}
}

// syntheticOps are what a terminal would push (gen.CounterOps).
func syntheticOps(tb testing.TB, r motcua.EnrollResponse, people *gen.People, n int, now time.Time) []motcua.Op {
	tb.Helper()
	ops, err := people.CounterOps(r, n, now)
	if err != nil {
		tb.Fatal(err)
	}
	return ops
}
