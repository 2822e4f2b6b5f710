package zalo_test

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/central"
	"github.com/motcua/motcua/zalo"
)

func TestBadOrStaleEventsAreRefusedAndChangeNothing(t *testing.T) {
	h := newHarness(t, unitCode)
	wrong := func(body []byte, ts string) string { return zalo.Sign(appID, body, ts, "not-the-secret") }
	for _, c := range []struct {
		name string
		at   time.Time
		sign func([]byte, string) string
	}{
		{"missing signature", time.Now(), nil},
		{"wrong key", time.Now(), wrong},
		{"tampered", time.Now(), func(b []byte, ts string) string { return zaloSign(append(b, ' '), ts) }},
		{"stale", time.Now().Add(-zalo.MaxEventAge - time.Minute), zaloSign},
	} {
		if code := h.event("u1", "msg-"+c.name, "xin hỏi giờ làm việc", c.at, c.sign); code != http.StatusUnauthorized {
			t.Errorf("%s: webhook answered %d, want 401", c.name, code)
		}
	}
	h.step()
	if qs, _ := h.c.Questions(""); len(qs) != 0 {
		t.Errorf("refused events made %d questions", len(qs))
	}
	if st, _ := h.c.ZaloStatus(); st.Outbox != 0 || st.Sent != 0 {
		t.Errorf("refused events queued messages: %+v", st)
	}
	if got := h.zalo.texts("u1"); len(got) != 0 {
		t.Errorf("Zalo received %q", got)
	}
}

func TestCodeGetsTheDossiersStatus(t *testing.T) {
	h := newHarness(t, unitCode)
	tm := h.terminal("A")
	d, key := tm.receive(t, "Trần Thị Bình")
	c, _ := motcua.ParseCode(d.Code)
	tail := c.Date + "-" + strings.TrimPrefix(d.Code, c.Unit+"-"+c.Date+"-")
	h.say("u1", "m1", "Cho tôi hỏi hồ sơ "+tail+" đến đâu rồi?")
	h.step()
	got := h.zalo.texts("u1")
	if len(got) != 1 || !strings.Contains(got[0], d.Code) || !strings.Contains(got[0], d.ProcedureName) ||
		!strings.Contains(got[0], motcua.StatusReceived.Label(motcua.VI)) || !strings.Contains(got[0], "Hẹn trả") {
		t.Fatalf("reply to the printed tail: %q", got)
	}
	if strings.Contains(got[0], "Trần") || strings.Contains(got[0], "/tra-cuu/") {
		t.Errorf("a key-less reply shows keyed things: %q", got[0])
	}
	// With the key: the citizen view and the lookup address.
	h.say("u1", "m2", c.WithCheck()+" "+motcua.FormatLookupKey(key))
	h.step()
	got = h.zalo.texts("u1")
	if len(got) != 2 || !strings.Contains(got[1], "/tra-cuu/"+d.Code) || !strings.Contains(got[1], unitName) {
		t.Fatalf("reply with the key: %q", got)
	}
	// A code that does not exist and one of another province read alike.
	h.say("u2", "m3", unitCode+"-"+c.Date+"-0999")
	h.say("u3", "m4", "000.00.01.H01-"+c.Date+"-0999")
	h.step()
	a, b := h.zalo.texts("u2"), h.zalo.texts("u3")
	if len(a) != 1 || len(b) != 1 || strings.Replace(a[0], unitCode+"-"+c.Date+"-0999", "X", 1) != strings.Replace(b[0], "000.00.01.H01-"+c.Date+"-0999", "X", 1) {
		t.Errorf("unknown code %q vs another province's %q", a, b)
	}
}

func TestQuestionReachesTheOfficerAndTheAnswerComesBackOnce(t *testing.T) {
	h := newHarness(t, "")
	tm := h.terminal("A")
	h.say("u1", "m1", "Xin hỏi xã tan thanh làm khai sinh cần giấy gì?")
	h.step()
	if got := h.zalo.texts("u1"); len(got) != 1 || !strings.Contains(got[0], unitName) {
		t.Fatalf("acknowledgement: %q", got)
	}
	tm.sync(t)
	qs, err := tm.st.Questions()
	if err != nil || len(qs) != 1 || qs[0].Channel != motcua.AskZalo || !strings.Contains(qs[0].Text, "khai sinh") {
		t.Fatalf("the terminal sees %+v (%v)", qs, err)
	}
	if _, err := tm.st.AnswerQuestion(qs[0].ID, "Cần tờ khai và giấy chứng sinh.", false); err != nil {
		t.Fatal(err)
	}
	tm.sync(t)
	for range 3 {
		h.step()
	}
	got := h.zalo.texts("u1")
	if len(got) != 2 || !strings.Contains(got[1], "Cần tờ khai và giấy chứng sinh.") {
		t.Fatalf("Zalo received %q, want the acknowledgement and the answer once", got)
	}
	tm.sync(t)
	qs, _ = tm.st.Questions()
	if qs[0].Delivery != motcua.DeliverySent {
		t.Errorf("the officer sees delivery %q, want sent", qs[0].Delivery)
	}
	// The follower's next question goes to the unit they chose before.
	h.say("u1", "m2", "Lệ phí bao nhiêu?")
	all, _ := h.c.Questions(unitCode)
	if len(all) != 2 {
		t.Errorf("the second question did not reach %s: %d questions", unitCode, len(all))
	}
}

func TestTheSameEventTwiceIsOneQuestion(t *testing.T) {
	h := newHarness(t, unitCode)
	h.say("u1", "m1", "Cho hỏi thủ tục đăng ký kết hôn")
	h.say("u1", "m1", "Cho hỏi thủ tục đăng ký kết hôn")
	h.step()
	if qs, _ := h.c.Questions(""); len(qs) != 1 {
		t.Errorf("two deliveries of one event made %d questions", len(qs))
	}
	if got := h.zalo.texts("u1"); len(got) != 1 {
		t.Errorf("Zalo received %d acknowledgements", len(got))
	}
}

func TestNoUnitKnownAsksWhichCommuneAndKeepsTheText(t *testing.T) {
	h := newHarness(t, "")
	h.say("u1", "m1", "Làm căn cước ở đâu?")
	h.step()
	if got := h.zalo.texts("u1"); len(got) != 1 || !strings.Contains(got[0], "xã, phường nào") {
		t.Fatalf("reply: %q", got)
	}
	h.say("u1", "m2", "Xã Hòa Thành")
	qs, _ := h.c.Questions("000.00.07.H56")
	if len(qs) != 1 || !strings.Contains(qs[0].Text, "Làm căn cước ở đâu?") {
		t.Fatalf("questions of the named commune: %+v", qs)
	}
}

func TestAnUndeliverableAnswerIsShownToTheOfficer(t *testing.T) {
	h := newHarness(t, unitCode)
	tm := h.terminal("A")
	h.say("u1", "m1", "Xin hỏi giờ làm việc thứ bảy")
	h.step()
	tm.sync(t)
	qs, _ := tm.st.Questions()
	if len(qs) != 1 {
		t.Fatalf("questions: %d", len(qs))
	}
	h.zalo.mu.Lock()
	h.zalo.failWith = zalo.ErrWindowClosed
	h.zalo.mu.Unlock()
	if _, err := tm.st.AnswerQuestion(qs[0].ID, "Sáng thứ bảy làm việc.", false); err != nil {
		t.Fatal(err)
	}
	tm.sync(t)
	h.step()
	tm.sync(t)
	qs, _ = tm.st.Questions()
	if qs[0].Delivery != motcua.DeliveryUndeliverable || !strings.Contains(qs[0].DeliveryNote, "7 ngày") {
		t.Errorf("the officer sees %q %q", qs[0].Delivery, qs[0].DeliveryNote)
	}
	if st, _ := h.c.ZaloStatus(); st.Undeliverable != 1 || st.Outbox != 0 {
		t.Errorf("status %+v", st)
	}
}

func TestSubscribedDossierNotifiesAtFiveAndNine(t *testing.T) {
	h := newHarness(t, unitCode)
	tm := h.terminal("A")
	d, key := tm.receive(t, "Trần Thị Bình")
	h.say("u1", "m1", d.Code+" khóa "+key+" theo dõi")
	h.step()
	if got := h.zalo.texts("u1"); len(got) != 1 || !strings.Contains(got[0], "Bạn sẽ nhận tin") {
		t.Fatalf("subscription reply: %q", got)
	}
	move := func(from, to motcua.Status, docs ...string) {
		if _, err := tm.st.Transition(d.ID, motcua.TransitionArgs{From: from, To: to, Documents: docs, Reason: "Thiếu giấy"}); err != nil {
			t.Fatal(err)
		}
	}
	move(motcua.StatusReceived, motcua.StatusProcessing)
	move(motcua.StatusProcessing, motcua.StatusSupplement, "Bản sao giấy khai sinh")
	tm.sync(t)
	h.step()
	got := h.zalo.texts("u1")
	if len(got) != 2 || !strings.Contains(got[1], "cần bổ sung") || !strings.Contains(got[1], "Bản sao giấy khai sinh") {
		t.Fatalf("notice at 5: %q", got)
	}
	move(motcua.StatusSupplement, motcua.StatusProcessing)
	move(motcua.StatusProcessing, motcua.StatusDone)
	tm.sync(t)
	h.step()
	h.step()
	got = h.zalo.texts("u1")
	if len(got) != 3 || !strings.Contains(got[2], "đã có kết quả") {
		t.Fatalf("notice at 9: %q", got)
	}
}

func TestAnExpiredTokenIsRefreshedAndTheNewRefreshTokenKept(t *testing.T) {
	h := newHarness(t, unitCode)
	h.zalo.mu.Lock()
	h.zalo.token = "rotated-by-zalo" // the stored access token is now invalid
	h.zalo.mu.Unlock()
	h.say("u1", "m1", "Xin hỏi")
	h.step()
	if got := h.zalo.texts("u1"); len(got) != 1 {
		t.Fatalf("after the refresh Zalo received %q", got)
	}
	for name, want := range map[string]string{zalo.RefreshTokenFile: "refresh-1", zalo.AccessTokenFile: "access-1"} {
		v, _ := zalo.ReadSecret(h.dir, name)
		fi, err := os.Stat(filepath.Join(h.dir, name))
		if v != want || err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: %q mode %v (%v)", name, v, fi.Mode().Perm(), err)
		}
	}
	if s, _ := h.c.ZaloSettings(); s.TokenExpiry.IsZero() {
		t.Error("the new token's expiry was not kept")
	}
}

// A message left in flight by a process that died: sent once, whether the
// dead process's call had reached Zalo or not.
func TestInFlightMessagesAreSettledByTheConversation(t *testing.T) {
	h := newHarness(t, unitCode)
	h.say("u1", "m1", "Câu hỏi thứ nhất")
	h.say("u2", "m2", "Câu hỏi thứ hai")
	due, err := h.c.ZaloDue(time.Now())
	if err != nil || len(due) != 2 {
		t.Fatalf("due %v %v", due, err)
	}
	// Both went in flight; only u1's reached Zalo before the "crash".
	for _, m := range due {
		if err := h.c.ZaloMarkInFlight(m.ID); err != nil {
			t.Fatal(err)
		}
	}
	first := due[0]
	if _, err := zalo.NewClient(h.zalo.ts.URL, "").SendText("access-0", first.UserID, first.Text); err != nil {
		t.Fatal(err)
	}
	fresh := zalo.NewSender(h.c, h.dir, nil, nil) // the restarted process
	for range 2 {
		if err := fresh.Step(); err != nil {
			t.Fatal(err)
		}
	}
	if a, b := h.zalo.texts("u1"), h.zalo.texts("u2"); len(a) != 1 || len(b) != 1 {
		t.Errorf("after recovery u1 got %q, u2 got %q: want one each", a, b)
	}
	if st, _ := h.c.ZaloStatus(); st.Outbox != 0 {
		t.Errorf("outbox %d after recovery", st.Outbox)
	}
}

func TestRescheduleNoticeCarriesTheNewDateAndReason(t *testing.T) {
	h := newHarness(t, unitCode)
	tm := h.terminal("A")
	d, key := tm.receive(t, "Trần Thị Bình")
	h.say("u1", "m1", d.Code+" "+key+" theo doi")
	h.step()
	newAppt := d.Appointment.AddDate(0, 0, 7)
	if _, err := tm.st.Do(motcua.Action{Kind: motcua.OpReschedule, DossierID: d.ID,
		Args: motcua.RescheduleArgs{Reason: "Chờ xác minh của xã bạn", Old: d.Appointment, New: newAppt}}); err != nil {
		t.Fatal(err)
	}
	tm.sync(t)
	h.step()
	got := h.zalo.texts("u1")
	if len(got) != 2 || !strings.Contains(got[1], motcua.FormatAppointment(newAppt, motcua.VI)) || !strings.Contains(got[1], "Lý do: Chờ xác minh của xã bạn") {
		t.Fatalf("reschedule notice: %q", got)
	}
	// A key-less "theo dõi" subscribes nobody: the notices carry keyed things.
	h.say("u2", "m2", d.Code+" theo dõi")
	h.step()
	if got := h.zalo.texts("u2"); len(got) != 1 || strings.Contains(got[0], "Bạn sẽ nhận tin") {
		t.Errorf("a key-less subscription: %q", got)
	}
}

func TestZaloQuestionsBeyondTheHourlyLimitAreHeld(t *testing.T) {
	h := newHarness(t, unitCode)
	h.c.UnitInboxPerHour = 1
	h.say("u1", "m1", "Câu hỏi thứ nhất")
	h.say("u2", "m2", "Câu hỏi thứ hai")
	qs, _ := h.c.Questions(unitCode)
	held, _ := h.c.HeldQuestions(unitCode)
	if len(qs) != 1 || len(held) != 1 || held[0].Channel != motcua.AskZalo {
		t.Fatalf("delivered %d, held %+v", len(qs), held)
	}
	// Released by the operator, it reaches the terminals; its answer goes back.
	if err := h.c.ReleaseHeld(held[0].ID, false); err != nil {
		t.Fatal(err)
	}
	tm := h.terminal("A")
	tm.sync(t)
	all, _ := tm.st.Questions()
	for _, q := range all {
		if _, err := tm.st.AnswerQuestion(q.ID, "Trả lời "+q.Text, false); err != nil {
			t.Fatal(err)
		}
	}
	tm.sync(t)
	h.step()
	if a, b := h.zalo.texts("u1"), h.zalo.texts("u2"); len(a) != 2 || len(b) != 2 || !strings.Contains(b[1], "Trả lời Câu hỏi thứ hai") {
		t.Errorf("u1 got %q, u2 got %q", a, b)
	}
}

// Every spelling the terminal's search takes finds the dossier; a wrong
// check digit is said, not guessed.
func TestCodeSpellings(t *testing.T) {
	h := newHarness(t, unitCode)
	tm := h.terminal("A")
	d, key := tm.receive(t, "Trần Thị Bình")
	c, _ := motcua.ParseCode(d.Code)
	num := fmt.Sprintf("%04d", c.Number)
	check := fmt.Sprint(c.Check())
	for i, s := range []string{
		d.Code, c.WithCheck(), d.Code + check, strings.ToLower(d.Code), c.Date + "-" + num, c.Date + " " + num + " " + check,
		"hồ sơ " + c.Date + "-" + num + "-" + check + " của tôi?", d.Code + " " + key, d.Code + "-" + check + " " + motcua.FormatLookupKey(key),
	} {
		user := fmt.Sprint("s", i)
		h.say(user, "m"+user, s)
		h.step()
		if got := h.zalo.texts(user); len(got) != 1 || !strings.Contains(got[0], "Hồ sơ "+d.Code) {
			t.Errorf("%q: reply %q", s, got)
		}
	}
	wrong := fmt.Sprint((c.Check() + 1) % 10)
	h.say("w", "mw", c.Date+"-"+num+"-"+wrong)
	h.step()
	if got := h.zalo.texts("w"); len(got) != 1 || !strings.Contains(got[0], "kiểm tra") || strings.Contains(got[0], d.ProcedureName) {
		t.Errorf("wrong check digit: %q", got)
	}
	if qs, _ := h.c.Questions(""); len(qs) != 0 {
		t.Errorf("lookups made %d questions", len(qs))
	}
}

// A question after a lookup goes to the dossier's unit; it says which
// dossier only when the follower showed the key.
func TestQuestionAfterALookupNamesTheDossierOnlyWithTheKey(t *testing.T) {
	h := newHarness(t, "000.00.07.H56")
	tm := h.terminal("A")
	d, key := tm.receive(t, "Trần Thị Bình")
	h.say("stranger", "m1", d.Code)
	h.say("stranger", "m2", "Hồ sơ này của ai vậy?")
	h.say("owner", "m3", d.Code+" "+key)
	h.say("owner", "m4", "Khi nào tôi nhận được?")
	qs, _ := h.c.Questions(unitCode)
	if len(qs) != 2 {
		t.Fatalf("questions of the dossier's unit: %+v", qs)
	}
	for _, q := range qs {
		owner := strings.Contains(q.Text, "Khi nào")
		if (q.DossierCode == d.Code) != owner {
			t.Errorf("%q carries dossier %q", q.Text, q.DossierCode)
		}
	}
}

// An event's id is remembered for a week: a second delivery within it has
// no effect; after it the id is forgotten (Zalo never retries that late).
func TestEventIDsAreForgottenAfterAWeek(t *testing.T) {
	h := newHarness(t, unitCode)
	h.say("u1", "m1", "Câu hỏi")
	if n, err := h.c.ZaloForgetEvents(); err != nil || n != 0 {
		t.Fatalf("forgot %d fresh ids (%v)", n, err)
	}
	h.c.Now = func() time.Time { return time.Now().Add(central.ZaloEventMemory + time.Hour) }
	if n, err := h.c.ZaloForgetEvents(); err != nil || n != 1 {
		t.Fatalf("forgot %d week-old ids (%v)", n, err)
	}
}

// Six digits that are not a date, then four, are no code: a phone number
// in a question stays a question. An unknown tail reads as typed.
func TestDigitsThatAreNotATailMakeAQuestion(t *testing.T) {
	h := newHarness(t, unitCode)
	h.say("u1", "m1", "Gọi lại cho tôi số 091234 5678 nhé")
	if qs, _ := h.c.Questions(unitCode); len(qs) != 1 {
		t.Fatalf("questions: %d", len(qs))
	}
	h.say("u2", "m2", "261206-0999")
	h.step()
	if got := h.zalo.texts("u2"); len(got) != 1 || !strings.Contains(got[0], "mã 261206-0999 ") {
		t.Errorf("unknown tail: %q", got)
	}
}

// A new follower is greeted once, however often Zalo posts the follow.
func TestANewFollowerIsGreetedOnce(t *testing.T) {
	h := newHarness(t, unitCode)
	ts := fmt.Sprint(time.Now().UnixMilli())
	body := []byte(`{"app_id":"` + appID + `","event_name":"follow","timestamp":"` + ts + `","oa_id":"` + oaID +
		`","source":"oa_profile","follower":{"id":"u9"},"user_id_by_app":"841"}`)
	for range 2 {
		req, _ := http.NewRequest("POST", h.ts.URL+"/zalo/webhook", strings.NewReader(string(body)))
		req.Header.Set(zalo.SignatureHeader, zaloSign(body, ts))
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("follow: %v %v", resp, err)
		}
		resp.Body.Close()
	}
	h.step()
	if got := h.zalo.texts("u9"); len(got) != 1 || !strings.Contains(got[0], "Nhắn mã hồ sơ") {
		t.Errorf("greeting: %q", got)
	}
}

// Several API processes on one database: one sender at a time holds the
// outbox, and a message can be taken once.
func TestTwoSendersOnOneStoreSendOnce(t *testing.T) {
	h := newHarness(t, unitCode)
	a, b := zalo.NewSender(h.c, h.dir, nil, nil), zalo.NewSender(h.c, h.dir, nil, nil)
	a.Shared, b.Shared = true, true
	if err := a.Step(); err != nil { // a takes the outbox's lease
		t.Fatal(err)
	}
	h.say("u1", "m1", "Câu hỏi thứ nhất")
	if err := b.Step(); err != nil {
		t.Fatal(err)
	}
	if x := h.zalo.texts("u1"); len(x) != 0 {
		t.Fatalf("the sender without the lease sent %q", x)
	}
	for range 2 {
		if err := a.Step(); err != nil {
			t.Fatal(err)
		}
	}
	if x := h.zalo.texts("u1"); len(x) != 1 {
		t.Errorf("u1 got %q", x)
	}
	h.say("u3", "m3", "Câu hỏi thứ ba")
	due, _ := h.c.ZaloDue(time.Now())
	if len(due) != 1 {
		t.Fatalf("due %d", len(due))
	}
	if err := h.c.ZaloMarkInFlight(due[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := h.c.ZaloMarkInFlight(due[0].ID); motcua.ErrorCode(err) != motcua.ECONFLICT {
		t.Errorf("a message taken twice: %v", err)
	}
}
