package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/motcua/motcua"
)

// A question this officer closed and another terminal answered afterwards
// stays closed; the inbox flags it and the late answer reads "trả lời sau
// khi đã đóng".
func TestLateAnswerShownToTheCloser(t *testing.T) {
	st, clock := newTestStore(t)
	seed(t, st, clock)
	qs, err := st.Questions()
	if err != nil {
		t.Fatal(err)
	}
	var id string
	for _, q := range qs {
		if q.Status.Open() {
			id = q.ID
		}
	}
	if _, err := st.AnswerQuestion(id, "Mang giấy chứng sinh bản chính.", true); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AnswerQuestion(id, "Mang thêm CCCD của cha mẹ.", false); err != nil {
		t.Fatal(err)
	}
	if q, _ := st.Question(id); q.Status != motcua.QuestionClosed || q.LateAnswers() != 1 {
		t.Fatalf("question %s with %d late answers", q.Status, q.LateAnswers())
	}
	var m tea.Model = newTestModel(t, st, clock, 80, 24, motcua.VI)
	m = press(t, m, keyF4)
	q := questionsOf(t, m)
	for i := 0; i < 5 && (q.current() == nil || q.current().ID != id); i++ {
		m = press(t, m, keyDown)
		q = questionsOf(t, m)
	}
	mustContain(t, m, "trả lời sau khi đã đóng", "Mang thêm CCCD của cha mẹ.")
	if !strings.Contains(screenText(m), "! Đã đóng") {
		t.Errorf("the inbox does not flag the late answer:\n%s", screenText(m))
	}
	checkFrame(t, m, 80, 24)
}
