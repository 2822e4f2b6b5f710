package motcua

import (
	"strings"
	"testing"
	"time"
)

// A question closed by one officer stays closed: an answer that arrives
// later (an offline terminal's) is kept, marked, and reported to its author.
func TestClosedQuestionStaysClosed(t *testing.T) {
	ask := mustOp(t, OpAsk, "", AskArgs{Unit: "000.00.06.H56", Channel: AskCounter, AskerName: "Lý Thị Mai", Text: "Cần giấy tờ gì?"})
	ask.QuestionID = NewID(t0)
	q, res := ApplyQuestion(nil, ask)
	if res.Status != Applied {
		t.Fatal(res)
	}
	answer := func(q Question, officer, text string, close bool, at time.Time) (Question, Result) {
		op := mustOp(t, OpAnswer, "", AnswerArgs{Text: text, Close: close})
		op.QuestionID, op.Officer, op.ClientTime, op.ID = q.ID, officer, at, NewID(at)
		return ApplyQuestion(&q, op)
	}
	steps := []struct {
		officer, text string
		close         bool
		status        QuestionStatus
		afterClose    bool
		closedBy      string
	}{
		{"Trần Văn Bình", "Mang giấy chứng sinh.", false, QuestionAnswered, false, ""},
		{"Trần Văn Bình", "Đã hướng dẫn xong.", true, QuestionClosed, false, "Trần Văn Bình"},
		{"Lê Thị Hoa", "Mang thêm CCCD của cha mẹ.", false, QuestionClosed, true, "Trần Văn Bình"},
		{"Lê Thị Hoa", "Đóng lại.", true, QuestionClosed, true, "Trần Văn Bình"},
	}
	for i, s := range steps {
		before := q
		var res Result
		q, res = answer(q, s.officer, s.text, s.close, t0.Add(time.Duration(i+1)*time.Hour))
		if res.Status != Applied || q.Status != s.status || q.ClosedBy != s.closedBy || len(q.Answers) != len(before.Answers)+1 {
			t.Fatalf("step %d: %s, status %s closed by %q, %d answers", i, res.Status, q.Status, q.ClosedBy, len(q.Answers))
		}
		last := q.Answers[len(q.Answers)-1]
		if last.AfterClose != s.afterClose || last.Text != s.text {
			t.Errorf("step %d: answer %+v", i, last)
		}
		if s.afterClose && (!strings.Contains(res.MessageVI, "Trần Văn Bình đóng trước đó") || !strings.Contains(res.MessageEN, "closed by Trần Văn Bình")) {
			t.Errorf("step %d: the late answerer is not told: %q / %q", i, res.MessageVI, res.MessageEN)
		}
		if !before.ClosedAt.IsZero() && !q.ClosedAt.Equal(before.ClosedAt) {
			t.Errorf("step %d: ClosedAt moved", i)
		}
	}
	if q.LateAnswers() != 2 {
		t.Errorf("LateAnswers = %d", q.LateAnswers())
	}
}
