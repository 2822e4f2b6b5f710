package store_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/bench/cpuclock"
	"github.com/motcua/motcua/internal/gen"
	"github.com/motcua/motcua/store"
)

// Benchmarks of issue 2; figures and commands in BENCHMARKS.md.
//
// The search benchmarks run over a fixture of 100,000 generated dossiers
// (MOTCUA_BENCH_N to change the count), built by internal/gen the first time
// a benchmark needs it and cached under $TMPDIR/motcua-bench (or
// $MOTCUA_BENCH_DATA). Plain `go test` never builds it: only -bench runs
// these functions.

// latencies records one duration per operation and reports p50, p99 and
// max as custom metrics next to ns/op; unit names the metrics ("ns" for wall
// time, "cpu-ns" for the thread's CPU time).
type latencies []time.Duration

func (l latencies) report(b *testing.B, unit string) {
	if len(l) == 0 {
		return
	}
	s := slices.Clone(l)
	slices.Sort(s)
	at := func(p float64) float64 { return float64(s[min(len(s)-1, int(p*float64(len(s))))].Nanoseconds()) }
	b.ReportMetric(at(0.50), "p50-"+unit)
	b.ReportMetric(at(0.99), "p99-"+unit)
	b.ReportMetric(float64(s[len(s)-1].Nanoseconds()), "max-"+unit)
}

// timer measures each op twice: wall time, which is what the officer waits
// on an idle laptop but also counts every moment the benchmark waits for a
// CPU on a busy machine, and the CPU time of the benchmark's thread, which
// does not (the goroutine is locked to its thread). On this project's
// shared 2-core machine the two differ by the load other jobs put on it;
// BENCHMARKS.md reports both.
type timer struct {
	wall, cpu latencies
	c0        time.Duration
	start     time.Time
}

func newTimer(n int) *timer {
	runtime.LockOSThread()
	return &timer{wall: make(latencies, 0, n), cpu: make(latencies, 0, n)}
}

func (t *timer) begin() { t.start, t.c0 = time.Now(), cpuclock.Thread() }

func (t *timer) end() {
	t.cpu = append(t.cpu, cpuclock.Thread()-t.c0)
	t.wall = append(t.wall, time.Since(t.start))
}

func (t *timer) report(b *testing.B) {
	runtime.UnlockOSThread()
	t.wall.report(b, "ns")
	if cpuclock.Supported {
		t.cpu.report(b, "cpu-ns")
	}
}

// BenchmarkReceiveDurable is one reception as the officer's "save": a
// committed, fsynced bbolt transaction, on the disk of b.TempDir().
func BenchmarkReceiveDurable(b *testing.B) {
	s, err := store.Open(filepath.Join(b.TempDir(), "motcua.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	clock := time.Date(2026, 3, 2, 7, 30, 0, 0, motcua.VNZone)
	s.Now = func() time.Time { return clock }
	if _, err := s.Init(gen.DefaultInit.Unit, gen.DefaultInit.UnitName, gen.DefaultInit.Officer); err != nil {
		b.Fatal(err)
	}
	if err := s.SetLane(motcua.Lane{First: 1, Last: 9999}); err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 1))
	people := gen.NewPeople(r, clock)
	// Inputs are drawn before the clock starts: only the store is measured.
	ins := make([]motcua.ReceiveInput, 1024)
	for i := range ins {
		ins[i] = motcua.ReceiveInput{ProcedureCode: "1.001193", Applicant: people.Citizen().Person}
	}
	tm := newTimer(b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		clock = clock.Add(20 * time.Second) // ≤ 4,320 a day: inside the lane
		tm.begin()
		if _, err := s.Receive(ins[i%len(ins)]); err != nil {
			b.Fatal(err)
		}
		tm.end()
	}
	b.StopTimer()
	tm.report(b)
}

var fixture struct {
	once sync.Once
	s    *store.Store
	err  error
	n    int
}

func benchN() int {
	if v := os.Getenv("MOTCUA_BENCH_N"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			return n
		}
	}
	return 100000
}

// openFixture opens the shared fixture once per benchmark binary; it stays
// open until the process ends (read-only use).
func openFixture(b *testing.B) *store.Store {
	b.Helper()
	fixture.once.Do(func() {
		path, err := gen.Fixture(benchN(), b.Logf)
		if err != nil {
			fixture.err = err
			return
		}
		fixture.s, fixture.err = store.Open(path)
		if fixture.err == nil {
			// One search outside the clock: a fixture cached by an older build
			// has its name index rebuilt here, not in the first timed op.
			_, fixture.err = fixture.s.Search(motcua.Query{Text: "nguyen"})
		}
		if fixture.err == nil {
			var st store.Status
			st, fixture.err = fixture.s.State()
			fixture.n = st.Dossiers
		}
	})
	if fixture.err != nil {
		b.Fatal(fixture.err)
	}
	return fixture.s
}

// sample draws up to n dossiers of the fixture, deterministically.
func sample(b *testing.B, s *store.Store, n int) []motcua.Dossier {
	b.Helper()
	var all []motcua.Dossier
	i := 0
	err := s.Each(store.ExportFilter{}, func(d motcua.Dossier) error {
		if i%97 == 0 {
			d.History, d.Documents, d.Fees = nil, nil, nil
			all = append(all, d)
		}
		i++
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(3, 3))
	r.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	return all[:min(n, len(all))]
}

// benchSearch runs queries round-robin, one Search per op, and reports the
// latency percentiles and the mean number of hits.
func benchSearch(b *testing.B, queries []motcua.Query) {
	s := openFixture(b)
	if len(queries) == 0 {
		b.Fatal("no queries")
	}
	hits := 0
	tm := newTimer(b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tm.begin()
		h, err := s.Search(queries[i%len(queries)])
		tm.end()
		if err != nil {
			b.Fatal(err)
		}
		hits += len(h)
	}
	b.StopTimer()
	tm.report(b)
	b.ReportMetric(float64(hits)/float64(b.N), "hits/op")
	b.ReportMetric(float64(fixture.n), "dossiers")
}

// nameQueries are two-word unaccented queries: a family name drawn with its
// real frequency and a given name ("nguyen anh", "tran cuong").
func nameQueries(n int) []motcua.Query {
	p := gen.NewPeople(rand.New(rand.NewPCG(2, 2)), time.Now())
	qs := make([]motcua.Query, n)
	for i := range qs {
		qs[i] = motcua.Query{Text: p.NameQuery(), Limit: 50}
	}
	return qs
}

// BenchmarkSearchName is the target "p99 ≤ 10 ms for a two-word unaccented
// name query", at the store's default limit of 50 hits.
func BenchmarkSearchName(b *testing.B) {
	benchSearch(b, nameQueries(1000))
}

// BenchmarkSearchNamePage20 is BenchmarkSearchName with the page of
// `motcua find` (20 hits) instead of the store's default 50.
func BenchmarkSearchNamePage20(b *testing.B) {
	qs := nameQueries(1000)
	for i := range qs {
		qs[i].Limit = 20
	}
	benchSearch(b, qs)
}

// BenchmarkSearchNameFixed is the examples of the issue, one by one.
func BenchmarkSearchNameFixed(b *testing.B) {
	for _, q := range []string{"nguyen anh", "tran cuong", "nguyen thi", "le van"} {
		b.Run(q, func(b *testing.B) { benchSearch(b, []motcua.Query{{Text: q, Limit: 50}}) })
	}
}

// BenchmarkSearchNameTyping is what a live search sees while the officer
// types: one word, then a prefix of the second.
func BenchmarkSearchNameTyping(b *testing.B) {
	for _, q := range []string{"nguyen", "nguyen t", "ng", "tran thi a"} {
		b.Run(q, func(b *testing.B) { benchSearch(b, []motcua.Query{{Text: q, Limit: 50}}) })
	}
}

// BenchmarkSearchCode is the target "p99 ≤ 1 ms for an exact code".
func BenchmarkSearchCode(b *testing.B) {
	s := openFixture(b)
	var qs []motcua.Query
	for _, d := range sample(b, s, 1000) {
		qs = append(qs, motcua.Query{Text: d.Code})
	}
	benchSearch(b, qs)
}

// BenchmarkSearchCodeWithCheck is a code read back with its check digit.
func BenchmarkSearchCodeWithCheck(b *testing.B) {
	s := openFixture(b)
	var qs []motcua.Query
	for _, d := range sample(b, s, 1000) {
		c, _ := motcua.ParseCode(d.Code)
		qs = append(qs, motcua.Query{Text: c.WithCheck()})
	}
	benchSearch(b, qs)
}

// BenchmarkSearchIDNumber and BenchmarkSearchPhone look people up by their
// CCCD and phone number.
func BenchmarkSearchIDNumber(b *testing.B) {
	s := openFixture(b)
	var qs []motcua.Query
	for _, d := range sample(b, s, 3000) {
		if d.Applicant.IDNumber != "" && len(d.Applicant.IDNumber) == 12 {
			qs = append(qs, motcua.Query{Text: d.Applicant.IDNumber})
		}
	}
	benchSearch(b, qs)
}

func BenchmarkSearchPhone(b *testing.B) {
	s := openFixture(b)
	var qs []motcua.Query
	for _, d := range sample(b, s, 3000) {
		if p := d.Applicant.Phone; p != "" {
			qs = append(qs, motcua.Query{Text: p[:4] + " " + p[4:7] + " " + p[7:]})
		}
	}
	benchSearch(b, qs)
}

// BenchmarkFixtureSize reports the fixture's file size (it measures no
// time: the figures are the custom metrics).
func BenchmarkFixtureSize(b *testing.B) {
	s := openFixture(b)
	fi, err := os.Stat(s.Path())
	if err != nil {
		b.Fatal(err)
	}
	st, err := s.State()
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
	}
	b.ReportMetric(float64(fi.Size())/(1<<20), "MiB")
	b.ReportMetric(float64(fi.Size())/float64(st.Dossiers), "bytes/dossier")
	b.ReportMetric(float64(st.LastSeq)/float64(st.Dossiers), "ops/dossier")
	b.Logf("%s: %d dossiers, %d ops in the outbox, %s", s.Path(), st.Dossiers, st.Waiting, fmt.Sprintf("%.1f MiB", float64(fi.Size())/(1<<20)))
}
