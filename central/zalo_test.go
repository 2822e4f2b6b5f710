package central

import (
	"testing"
	"time"

	"github.com/motcua/motcua"
)

// The Zalo state on both engines: an event has one effect; the tail queues
// an officer's answer once however often it reads the log; a sent message
// leaves the outbox and its question reads "sent"; an undeliverable one
// stays and says why.
func TestZaloStateRoundTrip(t *testing.T) {
	c, _ := mustCentral(t)
	if err := c.SetZaloSettings(motcua.ZaloSettings{OAID: "1923", AppID: "4318", DefaultUnit: testUnit}); err != nil {
		t.Fatal(err)
	}
	ask := motcua.AskArgs{Unit: testUnit, AskerName: "Người dùng Zalo", Contact: "Zalo", Text: "Làm khai sinh cần gì?"}
	rec, dup, err := c.ZaloAsk("m/1", "u1", ask)
	if err != nil || dup {
		t.Fatalf("ask: %v %v", dup, err)
	}
	if _, dup, err := c.ZaloAsk("m/1", "u1", ask); err != nil || !dup {
		t.Fatalf("second delivery: dup=%v %v", dup, err)
	}
	if qs, _ := c.Questions(testUnit); len(qs) != 1 || qs[0].Channel != motcua.AskZalo {
		t.Fatalf("questions %+v", qs)
	}
	s, _ := withTerminal(t, c, motcua.RoleCounter)
	pump(t, s, c, 50)
	if _, err := s.AnswerQuestion(rec.ID, "Tờ khai và giấy chứng sinh.", false); err != nil {
		t.Fatal(err)
	}
	pump(t, s, c, 50)
	for range 2 {
		if _, _, err := c.ZaloTail(); err != nil {
			t.Fatal(err)
		}
	}
	due, err := c.ZaloDue(c.Now())
	if err != nil || len(due) != 2 { // the acknowledgement and the answer
		t.Fatalf("due %+v %v", due, err)
	}
	settleZalo(t, c, due)
	st, err := c.ZaloStatus()
	if err != nil || st.Outbox != 0 || st.Undeliverable != 1 || st.Sent != 1 || !st.Configured {
		t.Fatalf("status %+v %v", st, err)
	}
	pump(t, s, c, 50)
	if q, err := s.Question(rec.ID); err != nil || q.Delivery != motcua.DeliveryUndeliverable || q.DeliveryNote != "Đã quá 7 ngày" {
		t.Fatalf("the terminal sees %+v %v", q, err)
	}
	if _, _, err := c.ZaloTail(); err != nil {
		t.Fatal(err)
	}
	if due, _ := c.ZaloDue(c.Now().Add(time.Hour)); len(due) != 0 {
		t.Errorf("the tail queued again: %+v", due)
	}
}

// settleZalo plays the Sender: the acknowledgement is sent, the answer
// refused for good.
func settleZalo(t *testing.T, c *Store, due []motcua.ZaloMessage) {
	t.Helper()
	for _, m := range due {
		if err := c.ZaloMarkInFlight(m.ID); err != nil {
			t.Fatal(err)
		}
		var err error
		if m.QuestionID == "" {
			err = c.ZaloMarkSent(m.ID)
		} else {
			err = c.ZaloMarkUndeliverable(m.ID, "Đã quá 7 ngày")
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}
