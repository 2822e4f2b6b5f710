package ui

import (
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/motcua/motcua"
)

// msgsOf runs cmd and every Cmd it batches, and returns what they answer.
// A Cmd still running after wait is a timer (a cursor blink) and counts as
// its package name.
func msgsOf(cmd tea.Cmd, wait time.Duration) []string {
	var out []string
	queue := []tea.Cmd{cmd}
	cmdType := reflect.TypeOf((tea.Cmd)(nil))
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		done := make(chan tea.Msg, 1)
		go func() { done <- c() }()
		select {
		case msg := <-done:
			if msg == nil {
				continue
			}
			if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == cmdType {
				for i := 0; i < v.Len(); i++ {
					queue = append(queue, v.Index(i).Interface().(tea.Cmd))
				}
				continue
			}
			out = append(out, reflect.TypeOf(msg).String())
		case <-time.After(wait):
			out = append(out, "timer")
		}
	}
	return out
}

// The form drops what huh's fields return (form.go, field.update). That is
// safe only while a huh field, with huhKeyMap, answers a key with nothing
// but a cursor blink: no move to another field, no submit, no quit. This
// checks it for every key an officer uses in a form, on each kind of field.
func TestHuhFieldsAnswerKeysWithNoMove(t *testing.T) {
	c := &common{t: textFor(motcua.VI), lang: motcua.VI, st: newStyles(true, false), keys: newKeyMap(textFor(motcua.VI)), now: func() time.Time { return fixedNow }}
	fields := []field{
		newTextField(c, "t", "t", "", 20, nil),
		newAreaField(c, "a", "a", "", 200),
		newChoiceField(c, "s", "s", []string{"một", "hai", "ba"}, 0),
		newToggleField(c, "b", "b", false),
	}
	keys := []tea.KeyPressMsg{
		keyEnter, keyTab, keyShiftTab, keyCtrlC, keyCtrlS, keyEsc,
		{Code: tea.KeyUp}, {Code: tea.KeyDown}, {Code: tea.KeyLeft}, {Code: tea.KeyRight},
		{Code: tea.KeySpace, Text: " "}, {Code: 'y', Text: "y"}, {Code: 'n', Text: "n"}, {Code: '/', Text: "/"},
		{Code: 'e', Mod: tea.ModCtrl}, {Code: 'g', Text: "g"},
	}
	forbidden := map[string]bool{
		reflect.TypeOf(huh.NextField()).String(): true,
		reflect.TypeOf(huh.PrevField()).String(): true,
		reflect.TypeOf(tea.Quit()).String():      true,
	}
	for _, f := range fields {
		hf := f.huhField()
		hf.Focus()
		for _, k := range keys {
			_, cmd := hf.Update(k)
			for _, m := range msgsOf(cmd, 50*time.Millisecond) {
				if forbidden[m] || strings.Contains(m, "Group") || (m != "timer" && !strings.HasPrefix(m, "cursor.")) {
					t.Errorf("%s field, key %q: huh answered %s", f.id, k.String(), m)
				}
			}
		}
	}
}

// A barcode reader or a fast typist sends the whole set-up at once: no
// key may land in the wrong field.
func TestFlowSetupTypedInOneBurst(t *testing.T) {
	st, clock := newTestStoreAt(t, t.TempDir()+"/motcua.db", false)
	f := startFlow(t, st, clock)
	f.wait("Cài đặt ban đầu", "Mã đơn vị")
	f.keys("000.00.06.h56", keyEnter, "UBND xã Tân Thành", keyEnter, "Trần Văn Bình", keyEnter)
	f.wait("Trang chủ")
	f.tm.Send(keyCtrlC)
	f.tm.WaitFinished(t, teatest.WithFinalTimeout(3*time.Second))
	info, err := st.Terminal()
	if err != nil || info.Unit != "000.00.06.H56" || info.UnitName != "UBND xã Tân Thành" || info.Officer != "Trần Văn Bình" {
		t.Fatalf("terminal %+v, %v", info, err)
	}
}

// A paste (the terminal's bracketed paste) lands whole in the focused huh
// field; a pasted escape sequence or line break cannot reach the screen.
func TestPasteIntoHuhFields(t *testing.T) {
	m, _ := openReceive(t)
	m = press(t, m, "khai sinh", keyEnter)
	m, cmd := m.Update(tea.PasteMsg{Content: "Lê Văn\x1b[31m Cường\r\n"})
	m = drain(t, m, cmd)
	m = press(t, m, keyTab)
	m, cmd = m.Update(tea.PasteMsg{Content: "096085000123"})
	m = drain(t, m, cmd)
	r := receiveOf(t, m)
	name := r.form.get("name").value()
	if strings.ContainsAny(name, "\x1b\r\n") || !strings.Contains(name, "Cường") {
		t.Fatalf("name field holds %q", name)
	}
	if v := r.form.get("id").value(); v != "096085000123" {
		t.Fatalf("id field holds %q", v)
	}
	mustContain(t, m, "CCCD: Nam, sinh năm 1985")
	for _, l := range strings.Split(active(m).view(80, 21), "\n") {
		if strings.Contains(l, "\x1b[31m") {
			t.Fatalf("the pasted colour reached the screen: %q", l)
		}
	}
}

// A value longer than its field allows is an error the officer sees, never
// cut without a word (a barcode or a paste that ran on).
func TestTooLongIsAnErrorNotACut(t *testing.T) {
	m, _ := openReceive(t)
	m = press(t, m, "khai sinh", keyEnter)
	long := strings.Repeat("Nguyễn ", 12) + "An" // 86 characters; the name takes 80
	m, cmd := m.Update(tea.PasteMsg{Content: long})
	m = drain(t, m, cmd)
	r := receiveOf(t, m)
	if v := r.form.get("name").value(); v != long {
		t.Fatalf("the field holds %d of %d characters", len([]rune(v)), len([]rune(long)))
	}
	mustContain(t, m, "Tối đa 80 ký tự (đang có 86)")
	m = press(t, m, keyCtrlS)
	if _, ok := active(m).(receiveScreen); !ok {
		t.Fatal("a too-long name was saved")
	}
}
