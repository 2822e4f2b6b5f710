package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/motcua/motcua"
	"github.com/motcua/motcua/store"
)

var (
	keyCtrlU = tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	keyF6    = tea.KeyPressMsg{Code: tea.KeyF6}
)

// A change of shift and of language, from the settings screen; the
// about-the-terminal part is what IT staff ask for on the phone.
func TestSettingsChangeOfficerAndLanguage(t *testing.T) {
	st, clock := newTestStore(t)
	m := press(t, newTestModel(t, st, clock, 80, 24, motcua.VI), "c")
	if _, ok := active(m).(settingsScreen); !ok {
		t.Fatalf("c opened %T", active(m))
	}
	mustContain(t, m, "Cán bộ một cửa", "Ngôn ngữ", "Máy in biên nhận", "Thông tin máy", "000.00.06.H56",
		"chưa đăng ký", "9000–9999", "motcua.db")
	checkFrame(t, m, 80, 24)
	m = press(t, m, keyCtrlU, keyCtrlS)
	mustContain(t, m, "Thiếu")
	m = press(t, m, "Phạm Thu Hà", keyTab, keyCtrlU, "UBND xã Tân Thành (mới)", keyTab, keyRight, keyTab, "máy in 1", keyCtrlS)
	if _, ok := active(m).(settingsScreen); !ok {
		t.Fatalf("a printer name with spaces was saved: %T", active(m))
	}
	m = press(t, m, keyCtrlU, "HP_M15", keyTab, keyRight, keyEnter) // the receipt on A5
	if _, ok := active(m).(homeScreen); !ok {
		t.Fatalf("after save: %T\n%s", active(m), screenText(m))
	}
	mustContain(t, m, "Home", "Settings saved.")
	if got := m.(Model).c.info.Officer; got != "Phạm Thu Hà" {
		t.Fatalf("the status bar's officer is %q", got)
	}
	checkFrame(t, m, 80, 24)
	p, _ := st.Prefs()
	info, _ := st.Terminal()
	if p.Lang != motcua.EN || p.Printer != "HP_M15" || p.Paper != "A5" || info.Officer != "Phạm Thu Hà" || info.UnitName != "UBND xã Tân Thành (mới)" {
		t.Fatalf("stored prefs %+v, officer %q", p, info.Officer)
	}
	// F6 reopens it, now in English, with the saved values.
	m = press(t, m, keyF6)
	mustContain(t, m, "Language", "English", "HP_M15", "A5 (one copy a sheet)")
}

func TestSettingsFitEverySize(t *testing.T) {
	for _, sz := range [][2]int{{60, 18}, {80, 24}, {160, 48}} {
		st, clock := newTestStore(t)
		m := press(t, newTestModel(t, st, clock, sz[0], sz[1], motcua.EN), keyF6)
		checkFrame(t, m, sz[0], sz[1])
		mustContain(t, m, "Counter officer", "Number range")
	}
}

// fakeLp puts an lp on PATH that records its arguments and the file it was
// given, and answers as CUPS does (or fails, with fail set).
func fakeLp(t *testing.T, fail bool) (log string) {
	t.Helper()
	dir := t.TempDir()
	log = filepath.Join(dir, "lp.log")
	script := "#!/bin/sh\necho \"$@\" > " + log + "\n"
	if fail {
		script += "echo 'lp: The printer or class does not exist.' >&2\nexit 1\n"
	} else {
		script += "echo 'request id is HP_M15-42 (1 file(s))'\n"
	}
	if err := os.WriteFile(filepath.Join(dir, "lp"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return log
}

func receiptFor(t *testing.T, st *store.Store, clock *testClock) tea.Model {
	t.Helper()
	m := press(t, newTestModel(t, st, clock, 80, 24, motcua.VI), keyF2, "khai sinh", keyEnter, "Lê Văn Cường", keyCtrlS)
	if _, ok := active(m).(receiptScreen); !ok {
		t.Fatalf("no receipt: %T", active(m))
	}
	return m
}

func TestPrintReceiptThroughLp(t *testing.T) {
	log := fakeLp(t, false)
	st, clock := newTestStore(t)
	if err := st.SetPrefs(motcua.Prefs{Printer: "HP_M15"}); err != nil {
		t.Fatal(err)
	}
	m := receiptFor(t, st, clock)
	code := active(m).(receiptScreen).d.Code
	m = press(t, m, tea.KeyPressMsg{Code: 'p', Text: "p"})
	mustContain(t, m, "Đã gửi biên nhận đến máy in (HP_M15-42)")
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	saved := active(m).(receiptScreen).saved
	if strings.TrimSpace(got) != "-t "+code+" -d HP_M15 -- "+saved {
		t.Fatalf("lp was given:\n%s", got)
	}
	wantPDFText(t, saved, "GIẤY TIẾP NHẬN", "Lê Văn Cường")
	if _, err := os.Stat(active(m).(receiptScreen).saved); err != nil {
		t.Fatalf("the printed receipt is not kept as a file: %v", err)
	}
}

func TestPrintFailureKeepsTheFile(t *testing.T) {
	fakeLp(t, true)
	st, clock := newTestStore(t)
	m := press(t, receiptFor(t, st, clock), tea.KeyPressMsg{Code: 'p', Text: "p"})
	mustContain(t, m, "chưa có máy in mặc định")
	if _, err := os.Stat(active(m).(receiptScreen).saved); err != nil {
		t.Fatalf("no file after a failed print: %v", err)
	}
}

func TestPrintWithoutLpSaysWhereTheFileIs(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	st, clock := newTestStore(t)
	m := press(t, receiptFor(t, st, clock), tea.KeyPressMsg{Code: 'p', Text: "p"})
	mustContain(t, m, "chưa cài phần mềm in")
	// The sentence is on the receipt screen whole, path included, not only
	// in the status bar where 80 columns cut it.
	saved := active(m).(receiptScreen).saved
	if flat := strings.Join(strings.Fields(screenText(m)), ""); !strings.Contains(flat, saved) {
		t.Fatalf("the screen does not say where the receipt is:\n%s", screenText(m))
	}
	checkFrame(t, m, 80, 24)
	if _, err := os.Stat(saved); err != nil {
		t.Fatalf("no file without lp: %v", err)
	}
}
