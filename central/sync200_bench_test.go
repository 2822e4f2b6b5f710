package central_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/central"
	"github.com/motcua/motcua/internal/gen"
	"github.com/motcua/motcua/internal/kvpg/pgtest"
	"github.com/motcua/motcua/internal/lightsync"
	"github.com/motcua/motcua/server"
	bolt "go.etcd.io/bbolt"
)

// BenchmarkSync200 puts issue 15's target beside its peer, in one run: 200
// terminals (50 units × 4) each push 200 ops (40 dossiers × 5) in batches
// of 10 or 50, all at once and closed loop (each terminal sends its next
// request when the previous answer is in), and the figures are
//
//   - http: through the real API on loopback (the server's whole path:
//     auth, rate limits, gzip in and out, strict JSON decoding, the store's
//     Sync and its pull, the answer's JSON, metrics and the access log),
//     latency at the terminal. The simulated terminals (lightsync) run in
//     the same process: each request's JSON and gzip are made before the
//     timer starts but for the acked seq and pull cursor of the previous
//     answer (a second, stored gzip member of a few dozen bytes), and of an
//     answer a terminal decodes only the results and the cursor, though it
//     inflates and reads all of it;
//   - store: the central store alone (no HTTP);
//   - raw: raw bbolt making the same writes (the keys and values a real
//     run of the same requests wrote, recorded under the store), one
//     transaction per request, 200 goroutines at once, bbolt's Batch
//     gathering them into commits; no reads, no decisions.
//
// With MOTCUA_TEST_PG set (scripts/pg-test-cluster.sh), the package's
// TestMain runs the benchmark a second time on PostgreSQL: the store and
// the API on a fresh database, and the raw peer is pgx making the same
// writes as rows (sync200_pg_bench_test.go).
//
// The ratios (http/raw, store/raw) are what the target reads: ≥ 0.5. With
// 200 requests always in flight, latency here is queueing (Little's law:
// 200 ÷ requests per second), the raw peer's too: p99 ≤ 100 ms is read in
// BenchmarkSync200Paced. ops/cpu_s is ops per second of the process's CPU
// (the HTTP run's includes what is left of the simulated terminals' work:
// the HTTP client, inflating answers).
//
//	go test ./central -run '^$' -bench 'Sync200(Paced)?/batch=10$' -benchtime 1x
func BenchmarkSync200(b *testing.B) {
	for _, batch := range []int{10, 50} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				raw := rawPeer(b, batch)
				st := storeRun(b, batch, nil)
				web := httpRun(b, batch, nil)
				b.ReportMetric(raw.opsPerSec(), "raw_ops/s")
				b.ReportMetric(raw.pct(0.99), "raw_p99_ms")
				b.ReportMetric(st.opsPerSec(), "store_ops/s")
				b.ReportMetric(st.pct(0.99), "store_p99_ms")
				b.ReportMetric(web.opsPerSec(), "http_ops/s")
				b.ReportMetric(web.pct(0.5), "http_p50_ms")
				b.ReportMetric(web.pct(0.99), "http_p99_ms")
				b.ReportMetric(raw.opsPerCPU(), "raw_ops/cpu_s")
				b.ReportMetric(st.opsPerCPU(), "store_ops/cpu_s")
				b.ReportMetric(web.opsPerCPU(), "http_ops/cpu_s")
				b.ReportMetric(st.opsPerSec()/raw.opsPerSec(), "store/raw")
				b.ReportMetric(web.opsPerSec()/raw.opsPerSec(), "http/raw")
			}
		})
	}
}

// pacedInterval is how often each terminal of BenchmarkSync200Paced syncs.
const pacedInterval = time.Second

// BenchmarkSync200Paced is the same 200 terminals and ops, open loop: each
// terminal sends a batch of 10 every second (pacedInterval, its start
// spread over the first second, each request ±100 ms of jitter), 2,000 ops/s
// offered, whatever the answers' latency; a request held up behind a late
// answer counts its wait. Store alone and through the API (as
// BenchmarkSync200), on bbolt and, with MOTCUA_TEST_PG, on PostgreSQL;
// p50/p99 of both and the ops/s achieved. Issue 15's p99 ≤ 100 ms is
// read here.
func BenchmarkSync200Paced(b *testing.B) {
	const batch = 10
	b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			n, requests := benchUnits*benchPerUnit, benchDossiers*5/batch
			st := storeRun(b, batch, lightsync.Paced(n, requests, pacedInterval))
			web := httpRun(b, batch, lightsync.Paced(n, requests, pacedInterval))
			b.ReportMetric(float64(n*batch)/pacedInterval.Seconds(), "offered_ops/s")
			b.ReportMetric(st.opsPerSec(), "store_ops/s")
			b.ReportMetric(st.pct(0.5), "store_p50_ms")
			b.ReportMetric(st.pct(0.99), "store_p99_ms")
			b.ReportMetric(web.opsPerSec(), "http_ops/s")
			b.ReportMetric(web.pct(0.5), "http_p50_ms")
			b.ReportMetric(web.pct(0.99), "http_p99_ms")
			b.ReportMetric(st.opsPerCPU(), "store_ops/cpu_s")
			b.ReportMetric(web.opsPerCPU(), "http_ops/cpu_s")
		}
	})
}

const benchUnits, benchPerUnit, benchDossiers = 50, 4, 40

// measured is one run: its ops, its wall time and each request's latency.
type measured struct {
	ops       int
	elapsed   time.Duration
	cpu       time.Duration // the process's CPU time (user + system) during the run
	latencies []time.Duration
}

func (m measured) opsPerSec() float64 { return float64(m.ops) / m.elapsed.Seconds() }

// opsPerCPU is ops per CPU second: on a shared machine the wall clock
// says how much of the cores the run got, this says what an op costs.
func (m measured) opsPerCPU() float64 { return float64(m.ops) / m.cpu.Seconds() }

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func (m measured) pct(p float64) float64 {
	l := slices.Clone(m.latencies)
	slices.Sort(l)
	return float64(l[int(p*float64(len(l)-1))].Microseconds()) / 1000
}

// benchTerm is one terminal with the ops it will push.
type benchTerm struct {
	resp  motcua.EnrollResponse
	nonce string
	ops   []motcua.Op
}

func (t *benchTerm) request(at, batch int, acked uint64, cursor string) motcua.SyncRequest {
	return motcua.SyncRequest{TerminalID: t.resp.TerminalID, InstallNonce: t.nonce, Schema: 1, AckedSeq: acked,
		Ops: t.ops[at:min(at+batch, len(t.ops))], Pull: motcua.PullRequest{Cursor: cursor}}
}

// benchStore opens a fresh central store with the 50 units and their 200
// enrolled terminals, each with its ops.
func benchStore(b *testing.B) (*central.Store, []*benchTerm) {
	b.Helper()
	if pgtest.Postgres() {
		return pgStore(b)
	}
	return fileStore(b)
}

func fileStore(b *testing.B) (*central.Store, []*benchTerm) {
	c, err := central.Open(filepath.Join(b.TempDir(), "central.db"))
	if err != nil {
		b.Fatal(err)
	}
	return c, benchFill(b, c)
}

// benchFill adds the 50 units to c and enrolls their 200 terminals.
func benchFill(b *testing.B, c *central.Store) []*benchTerm {
	b.Cleanup(func() { c.Close() })
	now := time.Now()
	people := gen.NewPeople(rand.New(rand.NewPCG(3, 4)), now)
	var terms []*benchTerm
	for u := range benchUnits {
		code := fmt.Sprintf("000.00.%02d.H%02d", u, 10+u)
		if _, err := c.AddUnit(code, fmt.Sprintf("UBND xã %d", u), ""); err != nil {
			b.Fatal(err)
		}
		for range benchPerUnit {
			e, err := c.CreateEnrollment(code, motcua.RoleCounter)
			if err != nil {
				b.Fatal(err)
			}
			t := &benchTerm{nonce: motcua.NewID(now)}
			if t.resp, err = c.Enroll(motcua.EnrollRequest{Code: e.Code, InstallNonce: t.nonce}); err != nil {
				b.Fatal(err)
			}
			t.ops = benchOps(b, t.resp, people, now)
			terms = append(terms, t)
		}
	}
	return terms
}

// benchOps are what a counter pushes (gen.CounterOps).
func benchOps(b *testing.B, r motcua.EnrollResponse, people *gen.People, now time.Time) []motcua.Op {
	ops, err := people.CounterOps(r, benchDossiers, now)
	if err != nil {
		b.Fatal(err)
	}
	return ops
}

// together runs each terminal's requests in order, all terminals at once,
// and times each request.
func together(b *testing.B, n int, each func(i int, lat func(time.Duration)) error) measured {
	var (
		mu  sync.Mutex
		wg  sync.WaitGroup
		lat []time.Duration
	)
	runtime.GC()
	cpu0, start := cpuTime(), time.Now()
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := each(i, func(d time.Duration) {
				mu.Lock()
				lat = append(lat, d)
				mu.Unlock()
			})
			if err != nil {
				b.Error(err)
			}
		}()
	}
	wg.Wait()
	return measured{ops: n * benchDossiers * 5, elapsed: time.Since(start), cpu: cpuTime() - cpu0, latencies: lat}
}

// storeRun: the 200 terminals call the store's Sync directly. The store
// is closed when its run ends: its tails, its pool's connections and its
// heap are not the next run's to carry (b.Cleanup's Close is then a no-op).
func storeRun(b *testing.B, batch int, sched lightsync.Schedule) measured {
	c, terms := benchStore(b)
	defer c.Close()
	return storeRunOn(b, c, terms, batch, sched)
}

func storeRunOn(b *testing.B, c *central.Store, terms []*benchTerm, batch int, sched lightsync.Schedule) measured {
	return together(b, len(terms), func(i int, lat func(time.Duration)) error {
		t, cursor, acked := terms[i], "", uint64(0)
		for at := 0; at < len(t.ops); at += batch {
			t0 := sched.Wait(i, at/batch)
			resp, err := c.Sync(t.resp.TerminalID, t.request(at, batch, acked, cursor))
			lat(time.Since(t0))
			if err != nil {
				return err
			}
			if err := allApplied(resp.Results, min(batch, len(t.ops)-at)); err != nil {
				return err
			}
			acked, cursor = resp.LastAppliedSeq, resp.Pull.Cursor
		}
		return nil
	})
}

func allApplied(results []motcua.Result, want int) error {
	n, other := 0, motcua.Result{}
	for _, r := range results {
		if r.Status == motcua.Applied {
			n++
		} else if other.Status == "" {
			other = r
		}
	}
	if n != want {
		return fmt.Errorf("applied %d of %d (%d results; %+v)", n, want, len(results), other)
	}
	return nil
}

// httpRun: the 200 terminals sync through the API on loopback. Each
// request's JSON and gzip are made before the run but for the acked seq
// and the pull cursor the previous answer gives (lightsync.Prepare), and
// each terminal decodes of an answer only what it needs to go on
// (lightsync.ReadAnswer): the terminals are other machines in reality, so
// the two cores measure the server, not 200 laptops.
func httpRun(b *testing.B, batch int, sched lightsync.Schedule) measured {
	c, terms := benchStore(b)
	return httpRunOn(b, c, terms, batch, sched)
}

func httpRunOn(b *testing.B, c *central.Store, terms []*benchTerm, batch int, sched lightsync.Schedule) measured {
	srv := httptest.NewServer(server.New(c, server.Options{TerminalRate: 1000, TerminalBurst: 1000}).Handler())
	defer srv.Close()
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
	defer hc.CloseIdleConnections()
	bodies := make([][]lightsync.Prepared, len(terms))
	for i, t := range terms {
		for at := 0; at < len(t.ops); at += batch {
			p, err := lightsync.Prepare(t.request(at, batch, 0, ""))
			if err != nil {
				b.Fatal(err)
			}
			bodies[i] = append(bodies[i], p)
		}
	}
	return together(b, len(terms), func(i int, lat func(time.Duration)) error {
		t, cursor, acked := terms[i], "", uint64(0)
		for at := 0; at < len(t.ops); at += batch {
			t0 := sched.Wait(i, at/batch)
			a, err := lightsync.Post(hc, srv.URL, t.resp.Token, bodies[i][at/batch].Body(acked, cursor))
			lat(time.Since(t0))
			if err != nil {
				return err
			}
			if err := allApplied(a.Results, min(batch, len(t.ops)-at)); err != nil {
				return err
			}
			acked, cursor = a.LastAppliedSeq, a.Pull.Cursor
		}
		return nil
	})
}

// rawPeer records the writes of the same requests made one at a time on a
// store (each request then commits alone, so a transaction's writes are
// exactly one request's), then makes those writes on a fresh bbolt file
// opened as the store opens its own: each request's writes one
// transaction, each terminal's in order, the 200 terminals at once.
func rawPeer(b *testing.B, batch int) measured {
	writes := recordedWrites(b, batch)
	if pgtest.Postgres() {
		return rawPG(b, writes)
	}
	db := rawFile(b, writes)
	defer db.Close() // before the runs that follow (as storeRun's store)
	return together(b, len(writes), func(i int, lat func(time.Duration)) error {
		for _, tx := range writes[i] {
			t0 := time.Now()
			err := db.Batch(func(btx *bolt.Tx) error { return replay(btx, tx) })
			lat(time.Since(t0))
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// recordedWrites runs the requests of the 200 terminals one at a time on a
// store file and returns each request's writes, by terminal.
func recordedWrites(b *testing.B, batch int) [][][]central.Write {
	c, terms := fileStore(b)
	defer c.Close() // before the runs that follow (as storeRun's store)
	rec := central.RecordWrites(c)
	writes := make([][][]central.Write, len(terms))
	for i, t := range terms {
		var acked uint64
		for at := 0; at < len(t.ops); at += batch {
			resp, err := c.Sync(t.resp.TerminalID, t.request(at, batch, acked, ""))
			if err != nil {
				b.Fatal(err)
			}
			acked = resp.LastAppliedSeq
			writes[i] = append(writes[i], rec.Take()...)
		}
	}
	return writes
}

// rawFile opens a fresh bbolt file with the options central.Open uses and
// the top-level buckets the writes name.
func rawFile(b *testing.B, writes [][][]central.Write) *bolt.DB {
	db, err := bolt.Open(filepath.Join(b.TempDir(), "raw.db"), 0o600,
		&bolt.Options{Timeout: time.Second, FreelistType: bolt.FreelistMapType, InitialMmapSize: 256 << 20})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	err = db.Update(func(tx *bolt.Tx) error {
		for _, term := range writes {
			for _, ws := range term {
				for _, w := range ws {
					if len(w.Path) > 0 {
						if _, err := tx.CreateBucketIfNotExists(w.Path[0]); err != nil {
							return err
						}
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return db
}

func replay(tx *bolt.Tx, ws []central.Write) error {
	for _, w := range ws {
		var bk *bolt.Bucket
		if len(w.Path) > 0 {
			bk = tx.Bucket(w.Path[0])
			if len(w.Path) > 1 {
				bk = bk.Bucket(w.Path[1])
			}
		}
		var err error
		switch w.Kind {
		case central.WritePut:
			err = bk.Put(w.Key, w.Value)
		case central.WriteDelete:
			err = bk.Delete(w.Key)
		case central.WriteNextSeq:
			_, err = bk.NextSequence()
		case central.WriteBucket:
			if bk == nil {
				_, err = tx.CreateBucketIfNotExists(w.Key)
			} else {
				_, err = bk.CreateBucketIfNotExists(w.Key)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}
