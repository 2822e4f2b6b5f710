package ui

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/motcua/motcua"
	"github.com/motcua/motcua/store"
)

// fixedNow is the clock of every UI test: Friday 27/10/2023 09:32, the
// worked example of docs/DOMAIN.md.
var fixedNow = time.Date(2023, 10, 27, 9, 32, 0, 0, motcua.VNZone)

type testClock struct{ t time.Time }

func (c *testClock) Now() time.Time { return c.t }

// newTestStore opens a set-up store in a temp dir on the fixed clock.
func newTestStore(tb testing.TB) (*store.Store, *testClock) {
	tb.Helper()
	return newTestStoreAt(tb, filepath.Join(tb.TempDir(), "motcua.db"), true)
}

func newTestStoreAt(tb testing.TB, path string, initialise bool) (*store.Store, *testClock) {
	tb.Helper()
	s, err := store.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	clock := &testClock{t: fixedNow}
	s.Now = clock.Now
	if initialise {
		if _, err := s.Init("000.00.06.H56", "UBND xã Tân Thành", "Trần Văn Bình"); err != nil {
			tb.Fatal(err)
		}
	}
	tb.Cleanup(func() { s.Close() })
	return s, clock
}

// newTestModel builds a model on st with the same clock, no polling and no
// fading, sized w×h, with its first loads done.
func newTestModel(tb testing.TB, st *store.Store, clock *testClock, w, h int, lang motcua.Lang) Model {
	tb.Helper()
	m := New(Config{Store: st, Now: clock.Now, Lang: lang})
	m.pollEvery, m.fade, m.c.draftDelay = 0, 0, 0
	var tm tea.Model = m
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: w, Height: h})
	tm = drain(tb, tm, tm.Init())
	return tm.(Model)
}

// drain runs cmd and every command its messages lead to, feeding each
// message back into Update, until nothing is left (glow's habit). A
// command that blocks (a timer) fails the test. The wait is generous: a
// receipt's PDF under -race on a loaded CI machine takes seconds, and no
// passing test ever reaches it.
func drain(tb testing.TB, m tea.Model, cmd tea.Cmd) tea.Model {
	tb.Helper()
	queue := []tea.Cmd{cmd}
	cmdType := reflect.TypeOf((tea.Cmd)(nil))
	for n := 0; len(queue) > 0; n++ {
		if n > 2000 {
			tb.Fatal("drain: too many commands (a loop?)")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		done := make(chan tea.Msg, 1)
		go func() { done <- c() }()
		var msg tea.Msg
		select {
		case msg = <-done:
		case <-time.After(20 * time.Second):
			tb.Fatal("drain: a command blocked (a timer left on?)")
		}
		if msg == nil {
			continue
		}
		if _, ok := msg.(tea.QuitMsg); ok {
			return m
		}
		// tea.BatchMsg and tea's unexported sequenceMsg are both []tea.Cmd.
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == cmdType {
			for i := 0; i < v.Len(); i++ {
				queue = append(queue, v.Index(i).Interface().(tea.Cmd))
			}
			continue
		}
		var next tea.Cmd
		m, next = m.Update(msg)
		queue = append(queue, next)
	}
	return m
}

// press sends keys to the model and drains what they cause. A string is
// typed rune by rune; a tea.KeyPressMsg is sent as is.
func press(tb testing.TB, m tea.Model, keys ...any) tea.Model {
	tb.Helper()
	for _, k := range keys {
		switch k := k.(type) {
		case string:
			for _, r := range k {
				var cmd tea.Cmd
				m, cmd = m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
				m = drain(tb, m, cmd)
			}
		case tea.KeyPressMsg:
			var cmd tea.Cmd
			m, cmd = m.Update(k)
			m = drain(tb, m, cmd)
		default:
			tb.Fatalf("press: %T", k)
		}
	}
	return m
}

var (
	keyEnter     = tea.KeyPressMsg{Code: tea.KeyEnter}
	keyEsc       = tea.KeyPressMsg{Code: tea.KeyEscape}
	keyTab       = tea.KeyPressMsg{Code: tea.KeyTab}
	keyShiftTab  = tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	keyUp        = tea.KeyPressMsg{Code: tea.KeyUp}
	keyDown      = tea.KeyPressMsg{Code: tea.KeyDown}
	keyRight     = tea.KeyPressMsg{Code: tea.KeyRight}
	keySpace     = tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	keyBackspace = tea.KeyPressMsg{Code: tea.KeyBackspace}
	keyCtrlS     = tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}
	keyCtrlT     = tea.KeyPressMsg{Code: 't', Mod: tea.ModCtrl}
	keyCtrlC     = tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	keyF1        = tea.KeyPressMsg{Code: tea.KeyF1}
	keyF2        = tea.KeyPressMsg{Code: tea.KeyF2}
	keyF3        = tea.KeyPressMsg{Code: tea.KeyF3}
	keyF4        = tea.KeyPressMsg{Code: tea.KeyF4}
)

// screenText is the model's frame without colours.
func screenText(m tea.Model) string { return ansi.Strip(m.View().Content) }

func mustContain(tb testing.TB, m tea.Model, want ...string) {
	tb.Helper()
	s := screenText(m)
	for _, w := range want {
		if !strings.Contains(s, w) {
			tb.Fatalf("screen lacks %q:\n%s", w, s)
		}
	}
}

func mustNotContain(tb testing.TB, m tea.Model, bad ...string) {
	tb.Helper()
	s := screenText(m)
	for _, w := range bad {
		if strings.Contains(s, w) {
			tb.Fatalf("screen shows %q:\n%s", w, s)
		}
	}
}

// checkFrame asserts the frame is exactly w×h cells: no line wider than the
// terminal (it would wrap and push the status bar off) and h lines.
func checkFrame(tb testing.TB, m tea.Model, w, h int) {
	tb.Helper()
	lines := strings.Split(m.View().Content, "\n")
	if len(lines) != h {
		tb.Fatalf("frame has %d lines, want %d:\n%s", len(lines), h, screenText(m))
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			tb.Fatalf("line %d is %d cells wide, over %d: %q", i+1, lw, w, ansi.Strip(l))
		}
	}
}

func active(m tea.Model) screen { return m.(Model).active() }

// seed fills st with a small, fixed office day: receptions on Wednesday
// (one overdue now) and today, a dossier in processing, one returned, and
// two questions. Everything is at fixed clock times, so views are stable.
func seed(tb testing.TB, st *store.Store, clock *testClock) {
	tb.Helper()
	recv := func(proc, name, id, phone string) motcua.Done {
		tb.Helper()
		p := motcua.Person{Name: name, Phone: phone}
		if id != "" {
			p.IDKind, p.IDNumber = motcua.IDCCCD, id
		}
		in := motcua.ReceiveInput{ProcedureCode: proc, Applicant: p}
		if proc == "2.000815" {
			in.Fee = motcua.FeeInput{Pages: 4, Copies: 2}
		}
		d, err := st.Receive(in)
		if err != nil {
			tb.Fatalf("receive %s: %v", name, err)
		}
		return d
	}
	move := func(id string, to motcua.Status) {
		tb.Helper()
		a := motcua.TransitionArgs{To: to}
		if to == motcua.StatusReturned {
			a.Recipient, a.Method = "Phạm Văn Đức", motcua.ReturnCounter
		}
		if _, err := st.Transition(id, a); err != nil {
			tb.Fatal(err)
		}
	}
	clock.t = time.Date(2023, 10, 25, 8, 15, 0, 0, motcua.VNZone)
	late := recv("1.001193", "Võ Thị Hồng", "096185000123", "0912345678")
	move(late.Dossier.ID, motcua.StatusProcessing)
	clock.t = time.Date(2023, 10, 26, 14, 0, 0, 0, motcua.VNZone)
	recv("1.004873", "Đặng Minh Khoa", "", "")
	clock.t = time.Date(2023, 10, 27, 7, 45, 0, 0, motcua.VNZone)
	recv("1.001193", "Nguyễn Thị Ánh", "", "0987654321")
	clock.t = time.Date(2023, 10, 27, 8, 5, 0, 0, motcua.VNZone)
	recv("CM.CT.002", "Huỳnh Văn Tâm", "", "")
	clock.t = time.Date(2023, 10, 27, 8, 40, 0, 0, motcua.VNZone)
	ret := recv("2.000815", "Phạm Văn Đức", "", "")
	move(ret.Dossier.ID, motcua.StatusProcessing)
	move(ret.Dossier.ID, motcua.StatusDone)
	move(ret.Dossier.ID, motcua.StatusReturned)
	clock.t = time.Date(2023, 10, 27, 9, 0, 0, 0, motcua.VNZone)
	if _, err := st.Ask(motcua.AskArgs{AskerName: "Lý Thị Mai", Contact: "0911222333", Title: "Làm giấy khai sinh", Text: "Làm giấy khai sinh cho con cần mang những giấy tờ gì?"}); err != nil {
		tb.Fatal(err)
	}
	q, err := st.Ask(motcua.AskArgs{AskerName: "Trương Văn Sang", Text: "Chứng thực bản sao mất bao nhiêu tiền?"})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := st.AnswerQuestion(q.Question.ID, "2.000 đồng một trang, từ trang thứ ba 1.000 đồng.", false); err != nil {
		tb.Fatal(err)
	}
	clock.t = fixedNow
}
