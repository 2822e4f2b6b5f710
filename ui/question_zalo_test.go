package ui

import (
	"strings"
	"testing"

	"github.com/motcua/motcua"
)

// A question asked by Zalo whose answer Zalo refused (the follower's
// reply window had closed) comes down by sync with its delivery state: the
// inbox marks it ✗ (and Z, asked by Zalo) and the detail says why, in the
// officer's language.
func TestUndeliverableZaloAnswerIsShown(t *testing.T) {
	for _, c := range []struct {
		lang       motcua.Lang
		want, note string
	}{
		{motcua.VI, "KHÔNG gửi được", "Đã quá 7 ngày"},
		{motcua.EN, "NOT delivered", "Đã quá 7 ngày"},
	} {
		st, clock := newTestStore(t)
		seed(t, st, clock)
		q := motcua.Question{ID: motcua.NewID(clock.Now()), Unit: "000.00.06.H56", Channel: motcua.AskZalo, AskerName: "Người dùng Zalo",
			Contact: "Zalo", Text: "Xin hỏi giờ làm việc thứ bảy", ReceivedAt: clock.Now(), Status: motcua.QuestionAnswered,
			Answers:  []motcua.Answer{{At: clock.Now(), Officer: "Nguyễn Văn An", Text: "Sáng thứ bảy làm việc."}},
			Delivery: motcua.DeliveryUndeliverable, DeliveryNote: "Đã quá 7 ngày kể từ lần cuối người dân nhắn OA: Zalo không cho gửi tin tư vấn.",
			Version: 2}
		if _, err := st.ApplySync(motcua.SyncResponse{Pull: motcua.PullPage{Cursor: "1-a", Questions: []motcua.Question{q}}}); err != nil {
			t.Fatal(err)
		}
		m := press(t, newTestModel(t, st, clock, 100, 30, c.lang), keyF4)
		for i := 0; i < 8 && (questionsOf(t, m).current() == nil || questionsOf(t, m).current().ID != q.ID); i++ {
			m = press(t, m, keyDown)
		}
		mustContain(t, m, c.want, c.note, "Sáng thứ bảy làm việc.")
		if !strings.Contains(screenText(m), "✗Z") {
			t.Errorf("%s: the inbox does not mark the undelivered answer:\n%s", c.lang, screenText(m))
		}
		checkFrame(t, m, 100, 30)
	}
}
