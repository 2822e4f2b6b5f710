package ui

import (
	"errors"
	"github.com/charmbracelet/x/ansi"
	"image/color"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/motcua/motcua"
)

func TestHomeShowsTodaysCounts(t *testing.T) {
	st, clock := newTestStore(t)
	seed(t, st, clock)
	m := newTestModel(t, st, clock, 80, 24, motcua.VI)
	checkFrame(t, m, 80, 24)
	mustContain(t, m, "Trang chủ", "Thứ Sáu, 27/10/2023", "UBND xã Tân Thành · Thứ Sáu", " Trần Văn Bình ", "Máy độc lập (không có máy chủ)")
	h := active(m).(homeScreen)
	want := map[string]int{"received": 3, "overdue": 1, "today": 1, "soon": 1, "questions": 1}
	got := map[string]int{"received": h.stats.ReceivedToday, "overdue": h.stats.Overdue, "today": h.stats.DueToday,
		"soon": h.stats.DueSoon, "questions": h.stats.OpenQuestions}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("counts %v, want %v", got, want)
	}
	golden.RequireEqual(t, screenText(m))
}

func TestHomeNumbersOpenTheirLists(t *testing.T) {
	st, clock := newTestStore(t)
	seed(t, st, clock)
	m := newTestModel(t, st, clock, 80, 24, motcua.VI)
	m2 := press(t, m, keyDown, keyEnter) // overdue
	d, ok := active(m2).(dossiersScreen)
	if !ok {
		t.Fatalf("Enter on overdue opened %T", active(m2))
	}
	if len(d.rows) != 1 || d.rows[0].Applicant.Name != "Võ Thị Hồng" {
		t.Fatalf("overdue list: %+v", d.rows)
	}
	m3 := press(t, m2, keyEsc)
	if _, ok := active(m3).(homeScreen); !ok {
		t.Fatalf("esc went to %T", active(m3))
	}
	m4 := press(t, m3, keyDown, keyDown, keyDown, keyEnter) // questions
	if _, ok := active(m4).(questionsScreen); !ok {
		t.Fatalf("Enter on questions opened %T", active(m4))
	}
}

func TestTooSmallWindowSaysSo(t *testing.T) {
	st, clock := newTestStore(t)
	m := newTestModel(t, st, clock, 50, 15, motcua.VI)
	mustContain(t, m, "Cửa sổ quá nhỏ", "60×18", "50×15")
	checkFrame(t, m, 50, 15)
	var tm tea.Model = m
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	mustContain(t, tm, "Trang chủ")
}

func TestHelpListsEveryKeyOfTheScreen(t *testing.T) {
	st, clock := newTestStore(t)
	m := newTestModel(t, st, clock, 80, 24, motcua.VI)
	m2 := press(t, m, "?")
	mustContain(t, m2, "Màn hình Trang chủ", "tiếp nhận", "tra cứu", "hỏi đáp", "xung đột", "Mọi màn hình", "F5", "đồng bộ ngay", "ctrl+c")
	checkFrame(t, m2, 80, 24)
	golden.RequireEqual(t, screenText(m2))
	m3 := press(t, m2, keyEsc)
	mustNotContain(t, m3, "Mọi màn hình")
	m4 := press(t, m3, keyF1)
	mustContain(t, m4, "Mọi màn hình")
}

func TestQuitFromHome(t *testing.T) {
	st, clock := newTestStore(t)
	m := newTestModel(t, st, clock, 80, 24, motcua.VI)
	_, cmd := m.Update(tea.KeyPressMsg{Code: 'q', Text: "q"})
	if cmd == nil {
		t.Fatal("q on home did nothing")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("q on home did not quit")
	}
}

func TestStatusBarOfflineUntilSyncSays(t *testing.T) {
	st, clock := newTestStore(t)
	seed(t, st, clock)
	m := newTestModel(t, st, clock, 80, 24, motcua.VI)
	// A terminal with no server says so, and counts nothing as waiting.
	mustContain(t, m, "◇ Máy độc lập (không có máy chủ)")
	mustNotContain(t, m, "Chờ gửi", "Ngoại tuyến")
	var tm tea.Model = m
	// Enrolled: the seed committed 12 ops, the oldest on Wednesday at 08:15.
	tm, _ = tm.Update(SyncStateMsg{Enrolled: true})
	mustContain(t, tm, "○ Ngoại tuyến", "Chờ gửi 12 (2 ngày)", "Xung đột 0")
	tm, _ = tm.Update(SyncStateMsg{Enrolled: true, Online: true})
	mustContain(t, tm, "● Trực tuyến")
	tm, _ = tm.Update(SyncStateMsg{Enrolled: true, Syncing: true})
	mustContain(t, tm, "Đang đồng bộ")
	// On a wide terminal, the age of the last sync too.
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	tm, _ = tm.Update(SyncStateMsg{Enrolled: true, Online: true, LastSync: fixedNow.Add(-5 * time.Minute)})
	mustContain(t, tm, "● Trực tuyến (đồng bộ 5 phút trước)")
}

// Text from the network is stripped of escape sequences before rendering.
func TestSyncErrorIsSanitized(t *testing.T) {
	st, clock := newTestStore(t)
	m := newTestModel(t, st, clock, 80, 24, motcua.VI)
	tm, _ := m.Update(SyncStateMsg{Enrolled: true, Stopped: true, ErrorVI: "\x1b]0;pwned\x07Máy bị thu hồi\x1b[2J"})
	raw := tm.View().Content
	if strings.Contains(raw, "pwned") || strings.Contains(raw, "\x1b]0") || strings.Contains(raw, "\x1b[2J") {
		t.Fatalf("escape sequence reached the screen: %q", raw)
	}
	mustContain(t, tm, "Máy bị thu hồi", "Đồng bộ đã dừng")
}

func TestErrorsShowAsSentencesThatFade(t *testing.T) {
	st, clock := newTestStore(t)
	m := newTestModel(t, st, clock, 80, 24, motcua.VI)
	tm := drain(t, m, m.c.flashErr(errors.New("open /secret/path: permission denied")))
	mustContain(t, tm, "Lỗi nội bộ")
	mustNotContain(t, tm, "/secret/path", "permission denied")
	id := tm.(Model).flashID
	tm, _ = tm.Update(flashDoneMsg{id: id})
	mustNotContain(t, tm, "Lỗi nội bộ")
}

func TestEnglish(t *testing.T) {
	st, clock := newTestStore(t)
	seed(t, st, clock)
	m := newTestModel(t, st, clock, 80, 24, motcua.EN)
	mustContain(t, m, "Home", "Received today", "Overdue", "Standalone (no server)", "Friday, 27/10/2023")
	checkFrame(t, m, 80, 24)
}

var colourSGR = regexp.MustCompile(`\x1b\[[0-9;]*(38|48);`)

func TestNoColorHasNoColours(t *testing.T) {
	st, clock := newTestStore(t)
	seed(t, st, clock)
	m := New(Config{Store: st, Now: clock.Now, NoColor: true})
	m.pollEvery, m.fade = 0, 0
	var tm tea.Model = m
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	tm = drain(t, tm, tm.Init())
	for _, keys := range [][]any{nil, {keyF2}, {keyEsc, keyF3}, {keyEsc, keyF4}} {
		tm = press(t, tm, keys...)
		if raw := tm.View().Content; colourSGR.MatchString(raw) {
			t.Fatalf("colour with NO_COLOR on %s: %q", active(tm).title(), raw)
		}
	}
	// With colours, the same frames do use them (the test can fail).
	m = newTestModel(t, st, clock, 80, 24, motcua.VI)
	if !colourSGR.MatchString(m.View().Content) {
		t.Fatal("no colour without NO_COLOR either: the check is broken")
	}
}

func TestBackgroundAnswerRestyles(t *testing.T) {
	st, clock := newTestStore(t)
	m := newTestModel(t, st, clock, 80, 24, motcua.VI)
	tm, _ := m.Update(tea.BackgroundColorMsg{Color: color.White})
	if tm.(Model).c.isDark {
		t.Fatal("a white background should give light styles")
	}
	tm, _ = tm.Update(tea.BackgroundColorMsg{Color: color.Black})
	if !tm.(Model).c.isDark {
		t.Fatal("a black background should give dark styles")
	}
}

// Every field of both tables is filled and the formats agree.
func TestStringTablesAreComplete(t *testing.T) {
	vi, en := reflect.ValueOf(viText), reflect.ValueOf(enText)
	verbs := regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z]`)
	for i := 0; i < vi.NumField(); i++ {
		name := vi.Type().Field(i).Name
		fv, fe := vi.Field(i), en.Field(i)
		if fv.Kind() == reflect.Array {
			for j := 0; j < fv.Len(); j++ {
				if fv.Index(j).String() == "" || fe.Index(j).String() == "" {
					t.Errorf("%s[%d] is empty", name, j)
				}
			}
			continue
		}
		sv, se := fv.String(), fe.String()
		if sv == "" || se == "" {
			t.Errorf("%s is empty (vi %q, en %q)", name, sv, se)
		}
		if strings.HasSuffix(name, "F") {
			if a, b := verbs.FindAllString(sv, -1), verbs.FindAllString(se, -1); !reflect.DeepEqual(a, b) || len(a) == 0 {
				t.Errorf("%s: verbs %v (vi) vs %v (en)", name, a, b)
			}
		}
	}
}

// Navigation happens inside Update: a key typed right after "n" reaches
// the reception form, it does not act on the home screen ("h" would open
// the questions).
func TestKeysAfterNavigationReachTheNewScreen(t *testing.T) {
	st, clock := newTestStore(t)
	var m tea.Model = newTestModel(t, st, clock, 80, 24, motcua.VI)
	for _, r := range "nhai" {
		m, _ = m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	r, ok := active(m).(receiveScreen)
	if !ok {
		t.Fatalf("active screen is %T", active(m))
	}
	if v := r.procInput.Value(); v != "hai" {
		t.Fatalf("picker holds %q", v)
	}
}

func TestSetupFormInitialisesTheStore(t *testing.T) {
	st, clock := newTestStoreAt(t, t.TempDir()+"/motcua.db", false)
	var m tea.Model = newTestModel(t, st, clock, 80, 24, motcua.VI)
	mustContain(t, m, "Cài đặt ban đầu", "Mã đơn vị")
	checkFrame(t, m, 80, 24)
	golden.RequireEqual(t, screenText(m))
	m = press(t, m, "000.00.06", keyEnter)
	mustContain(t, m, "không đúng dạng")
	if s := active(m).(setupScreen); s.form.focus != 0 {
		t.Fatal("Enter left an invalid unit code")
	}
	m = press(t, m, ".h56", keyEnter, "UBND xã Tân Thành", keyEnter, "Trần Văn Bình", keyEnter)
	if _, ok := active(m).(homeScreen); !ok {
		t.Fatalf("after setup: %T\n%s", active(m), screenText(m))
	}
	if info, err := st.Terminal(); err != nil || info.Unit != "000.00.06.H56" {
		t.Fatalf("terminal %+v %v", info, err)
	}
}

func TestHomeWideListsUrgentDossiers(t *testing.T) {
	st, clock := newTestStore(t)
	seed(t, st, clock)
	m := newTestModel(t, st, clock, 160, 48, motcua.VI)
	checkFrame(t, m, 160, 48)
	mustContain(t, m, "Hồ sơ cần trả sớm nhất", "231025-9000", "Võ Thị Hồng", "Nguyễn Thị Ánh", "Huỳnh Văn Tâm")
	mustNotContain(t, m, "Đặng Minh Khoa") // due Tuesday: not urgent on Friday
}

// Item 5: F5 on a standalone terminal says why nothing happens and how to
// get a server; the detail screen does not call its dossiers unsynced.
func TestStandaloneF5SaysWhy(t *testing.T) {
	st, clock := newTestStore(t)
	seed(t, st, clock)
	for _, size := range [][2]int{{80, 24}, {60, 18}} {
		var m tea.Model = newTestModel(t, st, clock, size[0], size[1], motcua.VI)
		m = press(t, m, tea.KeyPressMsg{Code: tea.KeyF5})
		mustContain(t, m, "Máy độc lập, không có máy chủ để đồng bộ", "motcua enroll.")
		checkFrame(t, m, size[0], size[1])
		m = press(t, m, keyF3, "nguyen", keyEnter)
		mustNotContain(t, m, "chưa đồng bộ")
	}
}

// Item 15: at 60 columns the status bar keeps the link state; the help
// screen scrolls to its last line.
func TestSixtyColumnsKeepSyncStateAndHelpScrolls(t *testing.T) {
	st, clock := newTestStore(t)
	seed(t, st, clock)
	var m tea.Model = newTestModel(t, st, clock, 60, 18, motcua.VI)
	m, _ = m.Update(SyncStateMsg{Enrolled: true})
	mustContain(t, m, "○ Ngoại tuyến")
	m, _ = m.Update(flashMsg{text: "Đã lưu biên nhận vào tệp rất dài để xem thanh trạng thái"})
	mustContain(t, m, "Ngoại tuyến")
	checkFrame(t, m, 60, 18)

	m = press(t, m, keyF3, keyTab, keyF1)
	full := m.(Model).helpLines(60, 15)
	if len(full) <= 15 {
		t.Skipf("the help fits (%d lines): nothing to scroll", len(full))
	}
	mustContain(t, m, "còn")
	last := strings.TrimSpace(ansi.Strip(full[len(full)-1]))
	mustNotContain(t, m, last)
	for range 5 {
		m = press(t, m, tea.KeyPressMsg{Code: tea.KeyPgDown})
	}
	mustContain(t, m, last)
	checkFrame(t, m, 60, 18)
}
