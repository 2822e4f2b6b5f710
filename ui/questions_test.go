package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/motcua/motcua"
)

func questionsOf(t *testing.T, m tea.Model) questionsScreen {
	t.Helper()
	q, ok := active(m).(questionsScreen)
	if !ok {
		t.Fatalf("active screen is %T", active(m))
	}
	return q
}

func TestQuestionsInboxOpenFirst(t *testing.T) {
	m, _, _ := seededModel(t, 80, 24)
	m = press(t, m, keyF4)
	q := questionsOf(t, m)
	if len(q.qs) != 2 || !q.qs[0].Status.Open() || q.qs[1].Status.Open() {
		t.Fatalf("inbox order: %+v", q.qs)
	}
	mustContain(t, m, "Lý Thị Mai", "Làm giấy khai sinh cho con cần mang những giấy tờ gì?", "Chưa có câu trả lời")
	checkFrame(t, m, 80, 24)
	golden.RequireEqual(t, screenText(m))
	m = press(t, m, keyDown)
	mustContain(t, m, "2.000 đồng một trang")
}

func TestAnswerWithTemplate(t *testing.T) {
	m, st, _ := seededModel(t, 80, 24)
	m = press(t, m, keyF4, keyEnter)
	if questionsOf(t, m).mode != qAnswer {
		t.Fatal("enter did not open the editor")
	}
	m = press(t, m, keyCtrlT, "khai sinh")
	mustContain(t, m, "Mẫu trả lời", "1.001193")
	checkFrame(t, m, 80, 24)
	m = press(t, m, keyEnter)
	v := questionsOf(t, m).editor.Value()
	for _, want := range []string{"Chào Lý Thị Mai,", "Tờ khai đăng ký khai sinh (theo mẫu) (1 bản chính, bắt buộc)", "Lệ phí đăng ký khai sinh: miễn (Miễn lệ phí", "Thời hạn giải quyết: trong ngày"} {
		if !strings.Contains(v, want) {
			t.Fatalf("template lacks %q:\n%s", want, v)
		}
	}
	// Only the fee, for the copy certification: per page, with the cap.
	m = press(t, m, keyCtrlT, "2.000815", keyRight, keyRight, keyEnter)
	v = questionsOf(t, m).editor.Value()
	if !strings.Contains(v, "Phí chứng thực bản sao từ bản chính: 2.000 đ/trang, từ trang 3: 1.000 đ/trang, tối đa 200.000 đ/bản.") {
		t.Fatalf("fee template:\n%s", v)
	}
	m = press(t, m, tea.KeyPressMsg{Code: 'o', Mod: tea.ModCtrl}, keyCtrlS)
	mustContain(t, m, "Đã ghi câu trả lời cho Lý Thị Mai")
	qs, err := st.Questions()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs {
		if q.AskerName == "Lý Thị Mai" {
			if q.Status != motcua.QuestionClosed || len(q.Answers) != 1 || !strings.Contains(q.Answers[0].Text, "Tờ khai đăng ký khai sinh") {
				t.Fatalf("saved question: %+v", q)
			}
			return
		}
	}
	t.Fatal("question not found")
}

func TestLogWalkInQuestion(t *testing.T) {
	m, st, clock := seededModel(t, 80, 24)
	clock.t = fixedNow.Add(time.Minute)
	m = press(t, m, keyF4, tea.KeyPressMsg{Code: 'm', Text: "m"})
	mustContain(t, m, "Ghi câu hỏi tại quầy")
	m = press(t, m, keyCtrlS)
	mustContain(t, m, "Thiếu thông tin bắt buộc")
	m = press(t, m, "Đỗ Thị Lan", keyTab, "0905111222", keyTab, "231027", keyTab)
	mustContain(t, m, "không đúng dạng")
	m = press(t, m, keyShiftTab)
	for i := 0; i < 6; i++ {
		m = press(t, m, keyBackspace)
	}
	m = press(t, m, keyTab, "Đăng ký tạm trú", keyTab, "Tôi ở trọ thì đăng ký tạm trú ở đâu?", keyCtrlS)
	mustContain(t, m, "Đã ghi câu hỏi của Đỗ Thị Lan")
	qs, _ := st.Questions()
	found := false
	for _, q := range qs {
		if q.AskerName == "Đỗ Thị Lan" && q.Channel == motcua.AskCounter && q.Contact == "0905111222" {
			found = true
		}
	}
	if !found {
		t.Fatalf("walk-in question not stored: %+v", qs)
	}
	if questionsOf(t, m).mode != qList {
		t.Fatal("the form stayed open")
	}
}

func TestConflictsListAndDismiss(t *testing.T) {
	st, clock := newTestStore(t)
	seed(t, st, clock)
	// The server answered: seq 2 (a move of Võ Thị Hồng's dossier) lost
	// to a change elsewhere.
	hits, err := st.ReceivedOn(time.Date(2023, 10, 25, 12, 0, 0, 0, motcua.VNZone), 1)
	if err != nil || len(hits) != 1 {
		t.Fatal(hits, err)
	}
	_, err = st.ApplySync(motcua.SyncResponse{LastAppliedSeq: 2, Results: []motcua.Result{
		{Seq: 1, Status: motcua.Applied},
		{Seq: 2, Status: motcua.Conflicted, DossierID: hits[0].ID,
			MessageVI: "Xung đột: hồ sơ đã ở trạng thái “Dừng xử lý” do thay đổi ở nơi khác.\x1b[2J",
			MessageEN: "Conflict: the dossier is already “Stopped”."},
	}})
	if err != nil {
		t.Fatal(err)
	}
	var m tea.Model = newTestModel(t, st, clock, 80, 24, motcua.VI)
	mustContain(t, m, "Xung đột 1")
	m = press(t, m, tea.KeyPressMsg{Code: 'x', Text: "x"})
	mustContain(t, m, "Thao tác số 2", "231025-9000", "Dừng xử lý", "Việc cần làm", "Mở hồ sơ")
	if strings.Contains(m.View().Content, "\x1b[2J") {
		t.Fatal("an escape sequence from the server reached the screen")
	}
	checkFrame(t, m, 80, 24)
	golden.RequireEqual(t, screenText(m))
	m2 := press(t, m, keyEnter)
	if d := detailOf(t, m2); d.id != hits[0].ID {
		t.Fatalf("opened %s", d.id)
	}
	m = press(t, m, tea.KeyPressMsg{Code: 'd', Text: "d"})
	mustContain(t, m, "Không có xung đột nào")
	mustNotContain(t, m, "Xung đột 1")
	if rs, _ := st.Results(); len(rs) != 0 {
		t.Fatalf("results left: %+v", rs)
	}
}

// An answer longer than the store takes is kept whole in the editor and
// refused with a sentence, never cut at the limit without a word.
func TestOverlongAnswerIsRefusedNotCut(t *testing.T) {
	m, st, _ := seededModel(t, 80, 24)
	m = press(t, m, keyF4, keyEnter)
	long := strings.Repeat("Giấy khai sinh cần bản chính. ", 140) // 4,200 characters
	m, cmd := m.Update(tea.PasteMsg{Content: long})
	m = drain(t, m, cmd)
	if got := len([]rune(questionsOf(t, m).editor.Value())); got != len([]rune(long)) {
		t.Fatalf("the editor holds %d of %d characters", got, len([]rune(long)))
	}
	m = press(t, m, keyCtrlS)
	if q := questionsOf(t, m); q.mode != qAnswer || len([]rune(q.editor.Value())) != len([]rune(long)) {
		t.Fatalf("after a refused send: mode %v, %d characters", q.mode, len([]rune(q.editor.Value())))
	}
	mustContain(t, m, "4000")
	qs, _ := st.Questions()
	for _, q := range qs {
		if len(q.Answers) > 0 && strings.Contains(q.Answers[0].Text, "Giấy khai sinh cần bản chính.") {
			t.Fatalf("an overlong answer was stored: %d characters", len([]rune(q.Answers[0].Text)))
		}
	}
}

// A long answer of many short lines (a list of documents) is kept whole.
func TestManyLineAnswerIsKeptWhole(t *testing.T) {
	m, _, _ := seededModel(t, 80, 24)
	m = press(t, m, keyF4, keyEnter)
	var lines []string
	for i := 1; i <= 150; i++ {
		lines = append(lines, fmt.Sprintf("%d. Giấy tờ", i))
	}
	long := strings.Join(lines, "\n")
	m, cmd := m.Update(tea.PasteMsg{Content: long})
	m = drain(t, m, cmd)
	if got := questionsOf(t, m).editor.Value(); got != long {
		t.Fatalf("the editor holds %d of 150 lines", strings.Count(got, "\n")+1)
	}
	checkFrame(t, m, 80, 24)
}
