package ui

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/motcua/motcua"
	"github.com/motcua/motcua/store"
)

// Blocker 2: esc inside a form with typed data asks first; "leave" keeps
// the draft, which is offered again and restores what was typed.
func TestEscAsksAndTheDraftComesBack(t *testing.T) {
	st, clock := newTestStore(t)
	var m tea.Model = newTestModel(t, st, clock, 80, 24, motcua.VI)
	m = press(t, m, keyF2, "khai sinh", keyEnter, "Lê Văn Cường", keyTab, "096085000123")
	if d, ok, err := st.Draft(draftReceive); err != nil || !ok || !strings.Contains(string(d.Data), "Lê Văn Cường") {
		t.Fatalf("no draft after typing: %+v %v %v", d, ok, err)
	}
	m = press(t, m, keyEsc)
	if _, ok := active(m).(receiveScreen); !ok {
		t.Fatal("esc threw the typed form away without asking")
	}
	mustContain(t, m, "Rời phiếu đang nhập?")
	m = press(t, m, keyEsc) // stay
	mustNotContain(t, m, "Rời phiếu đang nhập?")
	m = press(t, m, "4", keyEsc, keyEnter) // one more digit, then leave keeping the draft
	if _, ok := active(m).(homeScreen); !ok {
		t.Fatalf("leave did not go home: %T", active(m))
	}
	m = press(t, m, keyF2)
	mustContain(t, m, "Có một phiếu tiếp nhận đang nhập dở", "Đăng ký khai sinh · Lê Văn Cường", "Trần Văn Bình")
	checkFrame(t, m, 80, 24)
	m = press(t, m, keyEnter)
	r := receiveOf(t, m)
	if r.proc == nil || r.proc.Code != "1.001193" || r.get("name") != "Lê Văn Cường" || r.get("id") != "0960850001234" {
		t.Fatalf("restored: proc %v name %q id %q", r.proc, r.get("name"), r.get("id"))
	}
	m = press(t, m, keyBackspace, keyCtrlS)
	if _, ok := active(m).(receiptScreen); !ok {
		t.Fatalf("not received: %T\n%s", active(m), screenText(m))
	}
	if _, ok, _ := st.Draft(draftReceive); ok {
		t.Fatal("the draft outlived its reception")
	}
	if m.(Model).c.draft != nil {
		t.Fatal("the UI still holds the received draft")
	}
}

// x discards: on the offer, and when leaving.
func TestDraftDiscard(t *testing.T) {
	st, clock := newTestStore(t)
	var m tea.Model = newTestModel(t, st, clock, 80, 24, motcua.VI)
	m = press(t, m, keyF2, "khai sinh", keyEnter, "Lê Văn Cường", keyEsc, keyEnter, keyF2)
	mustContain(t, m, "đang nhập dở")
	m = press(t, m, tea.KeyPressMsg{Code: 'x', Text: "x"})
	r := receiveOf(t, m)
	if r.offer != nil || r.proc != nil {
		t.Fatal("x did not start a new form")
	}
	if _, ok, _ := st.Draft(draftReceive); ok {
		t.Fatal("x kept the draft")
	}
	m = press(t, m, "khai sinh", keyEnter, "Ngô Thị Lan", keyEsc, tea.KeyPressMsg{Code: 'x', Text: "x"})
	if _, ok := active(m).(homeScreen); !ok {
		t.Fatalf("leave and discard did not go home: %T", active(m))
	}
	if _, ok, _ := st.Draft(draftReceive); ok {
		t.Fatal("leave and discard kept the draft")
	}
	m = press(t, m, keyF2)
	if receiveOf(t, m).offer != nil {
		t.Fatal("a discarded draft was offered")
	}
}

// Ctrl+C never quits from inside a form without asking; asked, it quits
// with the draft saved.
func TestCtrlCInsideAFormAsks(t *testing.T) {
	st, clock := newTestStore(t)
	var m tea.Model = newTestModel(t, st, clock, 80, 24, motcua.VI)
	m = press(t, m, keyF2)
	m, cmd := m.Update(keyCtrlC)
	if cmd != nil {
		if _, quit := cmd().(tea.QuitMsg); quit {
			t.Fatal("ctrl+c quit from inside the reception form")
		}
	}
	mustContain(t, m, "Thoát motcua?", "giữ làm nháp")
	checkFrame(t, m, 80, 24)
	m = press(t, m, keyEsc)
	if _, ok := active(m).(receiveScreen); !ok || m.(Model).quitAsk {
		t.Fatal("esc did not stay in the form")
	}
	m = press(t, m, "khai sinh", keyEnter, "Lê Văn Cường")
	m, _ = m.Update(keyCtrlC)
	_, cmd = m.Update(keyEnter)
	if !quits(t, cmd) {
		t.Fatal("enter on the question did not quit")
	}
	if d, ok, _ := st.Draft(draftReceive); !ok || !strings.Contains(string(d.Data), "Lê Văn Cường") {
		t.Fatal("quitting lost the draft")
	}
	// From home, ctrl+c quits at once as before.
	var h tea.Model = newTestModel(t, st, clock, 80, 24, motcua.VI)
	if _, cmd := h.Update(keyCtrlC); !quits(t, cmd) {
		t.Fatal("ctrl+c on the home screen did not quit")
	}
}

// quits runs cmd (a Sequence or Batch included) and reports whether it ends
// in tea.Quit.
func quits(t *testing.T, cmd tea.Cmd) bool {
	t.Helper()
	if cmd == nil {
		return false
	}
	switch msg := cmd().(type) {
	case tea.QuitMsg:
		return true
	case tea.BatchMsg:
		for _, c := range msg {
			if quits(t, c) {
				return true
			}
		}
	default:
		if cmds, ok := asCmds(msg); ok {
			for _, c := range cmds {
				if quits(t, c) {
					return true
				}
			}
		}
	}
	return false
}

func TestDraftOfferGolden(t *testing.T) {
	for _, lang := range []motcua.Lang{motcua.VI, motcua.EN} {
		for _, size := range [][2]int{{60, 18}, {80, 24}, {160, 48}} {
			t.Run(fmt.Sprintf("%s_%dx%d", lang, size[0], size[1]), func(t *testing.T) {
				st, clock := newTestStore(t)
				var m tea.Model = newTestModel(t, st, clock, size[0], size[1], lang)
				m = press(t, m, keyF2, "khai sinh", keyEnter, "Lê Văn Cường", keyEsc, keyEnter, keyF2)
				checkFrame(t, m, size[0], size[1])
				golden.RequireEqual(t, screenText(m))
			})
		}
	}
}

// draftHelperEnv runs the UI on a store in a child process (the test
// binary itself), reading keys from stdin: the parent kills it with
// SIGKILL, as a crash or a power cut would.
const draftHelperEnv = "MOTCUA_UI_DRAFT_HELPER"

// announcer reports each saved draft on stderr, so the parent knows when
// to kill.
type announcer struct{ Model }

func (a announcer) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(terminalMsg); ok {
		defer fmt.Fprintln(os.Stderr, "READY") // the home screen takes keys
	}
	if d, ok := msg.(draftSavedMsg); ok && d.err == nil && d.d != nil {
		fmt.Fprintf(os.Stderr, "DRAFT-SAVED %s\n", d.d.Data)
	}
	m, cmd := a.Model.Update(msg)
	a.Model = m.(Model)
	return a, cmd
}

func TestDraftHelperProcess(t *testing.T) {
	path := os.Getenv(draftHelperEnv)
	if path == "" {
		t.Skip("run by TestDraftSurvivesKill")
	}
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	m := New(Config{Store: st, Now: func() time.Time { return fixedNow }, Lang: motcua.VI})
	m.pollEvery, m.fade = 0, 0
	p := tea.NewProgram(announcer{m}, tea.WithInput(os.Stdin), tea.WithOutput(os.Stdout), tea.WithWindowSize(80, 24))
	_, _ = p.Run()
}

// Blocker 2, the hard way: a real process is killed (SIGKILL) while the
// officer types; the store holds the draft, and the next start offers it.
// long: one scenario, step by step, against a real killed process.
func TestDraftSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	path := filepath.Join(t.TempDir(), "motcua.db")
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	st.Now = func() time.Time { return fixedNow }
	if _, err := st.Init("000.00.06.H56", "UBND xã Tân Thành", "Trần Văn Bình"); err != nil {
		t.Fatal(err)
	}
	st.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestDraftHelperProcess$")
	cmd.Env = append(os.Environ(), draftHelperEnv+"="+path)
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout = nil
	errs, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	saved, ready := make(chan string, 100), make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(errs)
		for sc.Scan() {
			switch line := sc.Text(); {
			case line == "READY":
				ready <- true
			case strings.HasPrefix(line, "DRAFT-SAVED "):
				saved <- line
			}
		}
		close(saved)
	}()
	select {
	case <-ready:
	case <-time.After(10 * time.Second):
		t.Fatal("the UI did not start")
	}
	// F2, the procedure, Enter, the name: as a terminal sends them.
	for _, k := range []string{"\x1bOQ", "khai sinh", "\r", "Lê Văn Cường"} {
		if _, err := in.Write([]byte(k)); err != nil {
			t.Fatal(err)
		}
		time.Sleep(50 * time.Millisecond) // let the program read each key on its own
	}
	deadline := time.After(10 * time.Second)
	for done := false; !done; {
		select {
		case line, ok := <-saved:
			if !ok {
				t.Fatal("the child ended before saving the draft")
			}
			done = strings.Contains(line, "Lê Văn Cường")
		case <-deadline:
			t.Fatal("no draft with the whole name was saved")
		}
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no defer, no flush runs
		t.Fatal(err)
	}
	_ = cmd.Wait()

	st2, clock := newTestStoreAt(t, path, false)
	if _, ok, err := st2.Draft(draftReceive); !ok || err != nil {
		t.Fatalf("after the kill: no draft (%v)", err)
	}
	var m tea.Model = newTestModel(t, st2, clock, 80, 24, motcua.VI)
	m = press(t, m, keyF2)
	mustContain(t, m, "đang nhập dở", "Đăng ký khai sinh · Lê Văn")
	m = press(t, m, keyEnter)
	if r := receiveOf(t, m); r.proc == nil || r.proc.Code != "1.001193" || r.get("name") != "Lê Văn Cường" {
		t.Fatalf("restored after the kill: %+v %q", r.proc, r.get("name"))
	}
}

// asCmds opens tea's sequence message (unexported, a []tea.Cmd).
func asCmds(msg tea.Msg) ([]tea.Cmd, bool) {
	v := reflect.ValueOf(msg)
	if !v.IsValid() || v.Kind() != reflect.Slice || v.Type().Elem() != reflect.TypeOf((tea.Cmd)(nil)) {
		return nil, false
	}
	out := make([]tea.Cmd, v.Len())
	for i := range out {
		out[i] = v.Index(i).Interface().(tea.Cmd)
	}
	return out, true
}
