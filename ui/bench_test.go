package ui

// Benchmarks of issue 3 (figures go to BENCHMARKS.md):
//
//	go test ./ui -run '^$' -bench . -benchtime 20x
//
// They run over the fixture of 100,000 generated dossiers that
// internal/gen builds once and caches (MOTCUA_BENCH_N changes the count,
// MOTCUA_BENCH_DATA the place). The fixture is copied into the benchmark's
// temp dir first, so a benchmark never holds the shared file's lock.

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/gen"
	"github.com/motcua/motcua/store"
)

func benchN() int {
	if v := os.Getenv("MOTCUA_BENCH_N"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			return n
		}
	}
	return 100000
}

var benchFixture struct {
	once sync.Once
	path string
	err  error
}

// TestMain removes the benchmarks' private copy of the fixture (a gigabyte
// for 100,000 dossiers) when the test binary ends.
func TestMain(m *testing.M) {
	// The flows print the form an action calls for (print.go): an lp that
	// answers and prints nothing keeps every test off a real printer.
	lpDir, err := os.MkdirTemp("", "motcua-ui-lp")
	if err == nil && os.WriteFile(filepath.Join(lpDir, "lp"), []byte("#!/bin/sh\necho 'request id is test-0 (1 file(s))'\n"), 0o755) == nil {
		os.Setenv("PATH", lpDir+string(os.PathListSeparator)+os.Getenv("PATH"))
	}
	code := m.Run()
	os.RemoveAll(lpDir)
	if benchFixture.path != "" {
		os.RemoveAll(filepath.Dir(benchFixture.path))
	}
	os.Exit(code)
}

// fixtureCopy returns a private copy of the shared fixture, made once per
// benchmark binary.
func fixtureCopy(b *testing.B) string {
	b.Helper()
	benchFixture.once.Do(func() {
		src, err := gen.Fixture(benchN(), b.Logf)
		if err != nil {
			benchFixture.err = err
			return
		}
		dir, err := os.MkdirTemp("", "motcua-ui-bench")
		if err != nil {
			benchFixture.err = err
			return
		}
		benchFixture.path = filepath.Join(dir, "motcua.db")
		benchFixture.err = copyFile(src, benchFixture.path)
	})
	if benchFixture.err != nil {
		b.Fatal(benchFixture.err)
	}
	return benchFixture.path
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// The fixture's period ends on 1 November 2026: its "today" is the last
// working day before, Friday 30 October 2026 at 10:00, so the home counts
// and the due bands are the busy ones of a real morning.
var benchNow = time.Date(2026, 10, 30, 10, 0, 0, 0, motcua.VNZone)

type pct []time.Duration

func (p pct) report(b *testing.B) {
	if len(p) == 0 {
		return
	}
	s := slices.Clone(p)
	slices.Sort(s)
	at := func(q float64) float64 {
		return float64(s[min(len(s)-1, int(q*float64(len(s))))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
	b.ReportMetric(float64(s[len(s)-1].Microseconds())/1000, "max-ms")
}

// run executes cmd and what it leads to, synchronously, as the program
// would (without the timers: polling and fading are off).
func run(b *testing.B, m tea.Model, cmd tea.Cmd) tea.Model {
	b.Helper()
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		default:
			var next tea.Cmd
			m, next = m.Update(msg)
			queue = append(queue, next)
		}
	}
	return m
}

// benchModel is the UI on st at 80×24, on the fixture's clock, its first
// loads done.
func benchModel(b *testing.B, st *store.Store) tea.Model {
	b.Helper()
	st.Now = func() time.Time { return benchNow }
	m := New(Config{Store: st, Now: st.Now})
	m.pollEvery, m.fade = 0, 0
	var tm tea.Model = m
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	return run(b, tm, tm.Init())
}

// BenchmarkFirstFrame is the time from opening the store to the first
// frame that shows the home screen's counts (and, on a wide terminal, the
// urgent list): store.Open, New, the size, Init's loads, View.
func BenchmarkFirstFrame(b *testing.B) {
	path := fixtureCopy(b)
	var lat pct
	for i := 0; i < b.N; i++ {
		start := time.Now()
		st, err := store.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		st.Now = func() time.Time { return benchNow }
		m := New(Config{Store: st, Now: st.Now})
		m.pollEvery, m.fade = 0, 0
		var tm tea.Model = m
		tm, _ = tm.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
		tm = run(b, tm, tm.Init())
		frame := tm.View().Content
		lat = append(lat, time.Since(start))
		b.StopTimer()
		if !tm.(Model).active().(homeScreen).loaded || !strings.Contains(frame, "Tiếp nhận hôm nay") {
			b.Fatalf("first frame without counts:\n%s", frame)
		}
		st.Close()
		b.StartTimer()
	}
	lat.report(b)
}

// BenchmarkSearchKeypress is search as you type: one key in the dossier
// screen's search box → the search Cmd → its answer → the new table
// drawn. The officer types "nguyen van an" and then "tran thi"; every
// keystroke is one operation.
func BenchmarkSearchKeypress(b *testing.B) {
	path := fixtureCopy(b)
	st, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	tm := benchModel(b, st)
	tm = run(b, tm, func() tea.Msg { return tea.KeyPressMsg{Code: tea.KeyF3} })
	words := []string{"nguyen van an", "tran thi", "le van cuong", "pham"}
	var keys []tea.KeyPressMsg
	for _, w := range words {
		for _, r := range w {
			keys = append(keys, tea.KeyPressMsg{Code: r, Text: string(r)})
		}
		for range w {
			keys = append(keys, tea.KeyPressMsg{Code: tea.KeyBackspace})
		}
	}
	rows := 0
	_, lat := timeKeys(b, tm, keys, func(tm tea.Model) { rows += len(tm.(Model).active().(dossiersScreen).rows) })
	lat.report(b)
	b.ReportMetric(float64(rows)/float64(b.N), "rows/op")
}

// BenchmarkReceiveFormKeypress is typing in the reception form: one key in
// a huh field (the applicant's name, then the ID with its live CCCD check)
// → the form's update → the whole screen drawn at 80×24. The store's size
// does not enter: a fresh store is enough.
func BenchmarkReceiveFormKeypress(b *testing.B) {
	st, err := store.Open(filepath.Join(b.TempDir(), "motcua.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Init("000.00.06.H56", "UBND xã Tân Thành", "Trần Văn Bình"); err != nil {
		b.Fatal(err)
	}
	tm := benchModel(b, st)
	for _, k := range append([]tea.KeyPressMsg{{Code: tea.KeyF2}}, append(typed("khai sinh"), tea.KeyPressMsg{Code: tea.KeyEnter})...) {
		var cmd tea.Cmd
		tm, cmd = tm.Update(k)
		tm = run(b, tm, cmd)
	}
	name, id := typed("Nguyễn Thị Ngọc Ánh"), typed("096185000123")
	var keys []tea.KeyPressMsg
	keys = append(keys, name...)
	keys = append(keys, tea.KeyPressMsg{Code: tea.KeyTab})
	keys = append(keys, id...)
	for range id {
		keys = append(keys, tea.KeyPressMsg{Code: tea.KeyBackspace})
	}
	keys = append(keys, tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift})
	for range name {
		keys = append(keys, tea.KeyPressMsg{Code: tea.KeyBackspace})
	}
	tm, lat := timeKeys(b, tm, keys, nil)
	if _, ok := tm.(Model).active().(receiveScreen); !ok {
		b.Fatalf("left the form: %T", tm.(Model).active())
	}
	lat.report(b)
}

// timeKeys sends keys in turn, b.N of them, each through Update, its Cmds
// and a redraw, and times each; after sees the model after each key,
// outside the timing.
func timeKeys(b *testing.B, tm tea.Model, keys []tea.KeyPressMsg, after func(tea.Model)) (tea.Model, pct) {
	b.Helper()
	lat := make(pct, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		var cmd tea.Cmd
		tm, cmd = tm.Update(keys[i%len(keys)])
		tm = run(b, tm, cmd)
		_ = tm.View()
		lat = append(lat, time.Since(start))
		if after != nil {
			b.StopTimer()
			after(tm)
			b.StartTimer()
		}
	}
	b.StopTimer()
	return tm, lat
}

func typed(s string) []tea.KeyPressMsg {
	var out []tea.KeyPressMsg
	for _, r := range s {
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return out
}
