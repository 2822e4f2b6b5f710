package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/motcua/motcua"
	"github.com/motcua/motcua/web"
)

// A receipt's QR address opens the dossier with its timeline; a wrong key
// shows the key-less view only; a code that does not exist answers the same
// way.
func TestBrowserLookupFromTheReceipt(t *testing.T) {
	h := newHarness(t, web.Limits{})
	tm := h.terminal("Trần Văn Bình")
	d, lookupURL := tm.receive(t, "Nguyễn Thị Ánh")
	tm.transition(t, d.ID, motcua.TransitionArgs{To: motcua.StatusProcessing})
	tm.transition(t, d.ID, motcua.TransitionArgs{To: motcua.StatusSupplement, Reason: "Thiếu giấy tờ",
		Documents: []string{"Giấy chứng sinh (bản chính)", "Giấy xác nhận tình trạng hôn nhân"}})
	tm.sync(t)
	ctx := newTab(t)
	page := open(t, ctx, lookupURL)
	for _, want := range []string{"Yêu cầu bổ sung giấy tờ", "Quá trình xử lý", "Giấy chứng sinh (bản chính)",
		"Giấy xác nhận tình trạng hôn nhân", "0290 3831 234", "Được tiếp nhận", "Đang xử lý"} {
		if !strings.Contains(page, want) {
			t.Fatalf("the lookup page lacks %q:\n%s", want, page)
		}
	}
	if n := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("ol.timeline li").length`)); n != 3 {
		t.Fatalf("timeline has %d steps, want 3", n)
	}
	screenshots(t, ctx, "lookup-keyed")
	u, _ := url.Parse(lookupURL)
	keyless := open(t, ctx, h.ts.URL+u.Path+"?k="+motcua.NewLookupKey())
	if strings.Contains(keyless, "Quá trình xử lý") || strings.Contains(keyless, "Giấy chứng sinh") || !strings.Contains(keyless, "Yêu cầu bổ sung giấy tờ") {
		t.Fatalf("wrong key:\n%s", keyless)
	}
	screenshots(t, ctx, "lookup-keyless")
	absent := open(t, ctx, h.ts.URL+strings.Replace(u.Path, d.Code, d.Code[:len(d.Code)-4]+"0999", 1))
	if !strings.Contains(absent, "Chưa có thông tin cho mã này") || strings.Contains(absent, "Quá trình") {
		t.Fatalf("absent code:\n%s", absent)
	}
	open(t, ctx, lookupURL+"&lang=en")
	screenshots(t, ctx, "lookup-keyed-en")
}

// A question asked on the page reaches the terminal by sync; the officer's
// answer comes back by sync and shows on the page.
func TestBrowserQuestionAndAnswer(t *testing.T) {
	h := newHarness(t, web.Limits{})
	tm := h.terminal("Trần Văn Bình")
	_, lookupURL := tm.receive(t, "Nguyễn Thị Ánh")
	ctx := newTab(t)
	open(t, ctx, lookupURL)
	do(t, ctx, chromedp.SendKeys(chromedp.ID("name"), "Nguyễn Thị Ánh"),
		chromedp.SendKeys(chromedp.ID("text"), "Tôi có cần mang bản chính CCCD khi nhận không?"))
	if page := submit(t, ctx, `form[action$="/hoi"] button`); !strings.Contains(page, "Câu hỏi đã được gửi") {
		t.Fatalf("after asking (%s):\n%s", run(t, ctx, chromedp.Location()), page)
	}
	tm.sync(t)
	qs, err := tm.st.Questions()
	if err != nil || len(qs) != 1 || qs[0].DossierCode == "" {
		t.Fatalf("terminal inbox: %+v %v", qs, err)
	}
	if _, err := tm.st.AnswerQuestion(qs[0].ID, "Có, ông/bà mang theo CCCD bản chính.", false); err != nil {
		t.Fatal(err)
	}
	tm.sync(t)
	page := open(t, ctx, lookupURL)
	if !strings.Contains(page, "Có, ông/bà mang theo CCCD bản chính.") || !strings.Contains(page, "Tôi có cần mang bản chính CCCD") {
		t.Fatalf("the answer is not on the page:\n%s", page)
	}
	screenshots(t, ctx, "lookup-question")
}

// Submitted online: the terminal pulls it, the officer accepts it, and the
// page says "Được tiếp nhận" with the appointment; another is refused and
// the page gives the reason.
func TestBrowserOnlineSubmission(t *testing.T) {
	h := newHarness(t, web.Limits{})
	tm := h.terminal("Trần Văn Bình")
	ctx := newTab(t)
	submitOne := func(name string) (code, key string) {
		open(t, ctx, h.ts.URL+"/nop-ho-so")
		do(t, ctx, chromedp.SendKeys(chromedp.ID("q"), "dang ky khai sinh"))
		page := submit(t, ctx, `form button`)
		if !strings.Contains(page, "Đăng ký khai sinh") {
			t.Fatalf("accent-free search found nothing:\n%s", page)
		}
		submit(t, ctx, `ul.list-links a`)
		do(t, ctx, chromedp.SendKeys(chromedp.ID("name"), name), chromedp.SendKeys(chromedp.ID("phone"), "0912 345 678"))
		page = submit(t, ctx, `form button`)
		if !strings.Contains(page, "Đã nộp hồ sơ") {
			t.Fatalf("after submitting:\n%s", page)
		}
		screenshots(t, ctx, "submit-done")
		codeText := run(t, ctx, chromedp.Text(chromedp.CSS(".panel strong.code")))
		keyText := run(t, ctx, chromedp.Text(chromedp.CSS(".panel p:nth-of-type(2) strong")))
		pc, err := motcua.ParseCode(codeText)
		if err != nil || pc.Number > 999 {
			t.Fatalf("code %q from the server's lane: %v", codeText, err)
		}
		return pc.String(), motcua.NormalizeLookupKey(keyText)
	}
	code, key := submitOne("Lê Thị Bình")
	refusedCode, refusedKey := submitOne("Phạm Văn Công")
	if page := open(t, ctx, h.ts.URL+"/tra-cuu/"+code+"?k="+key); !strings.Contains(page, "Mới đăng ký") {
		t.Fatalf("before acceptance:\n%s", page)
	}
	tm.sync(t)
	inbox, n, err := tm.st.OnlineInbox(10)
	if err != nil || n != 2 {
		t.Fatalf("online inbox %d: %v", n, err)
	}
	for _, d := range inbox {
		switch d.Code {
		case code:
			if _, err := tm.st.AcceptOnline(d.ID); err != nil {
				t.Fatal(err)
			}
		case refusedCode:
			if _, err := tm.st.RefuseOnline(d.ID, "Thủ tục này phải nộp tại UBND xã nơi cư trú của người mẹ."); err != nil {
				t.Fatal(err)
			}
		}
	}
	tm.sync(t)
	accepted, _ := tm.st.GetByCode(code)
	page := open(t, ctx, h.ts.URL+"/tra-cuu/"+code+"?k="+key)
	if !strings.Contains(page, "Được tiếp nhận") || !strings.Contains(page, motcua.FormatAppointment(accepted.Appointment, motcua.VI)) {
		t.Fatalf("after acceptance (appointment %v):\n%s", accepted.Appointment, page)
	}
	screenshots(t, ctx, "online-accepted")
	page = open(t, ctx, h.ts.URL+"/tra-cuu/"+refusedCode+"?k="+refusedKey)
	if !strings.Contains(page, "Không được tiếp nhận") || !strings.Contains(page, "phải nộp tại UBND xã nơi cư trú") {
		t.Fatalf("after refusal:\n%s", page)
	}
}

// A returned dossier is rated with its key; without it there is no form,
// and a post without the key is refused.
func TestBrowserRatingNeedsTheKey(t *testing.T) {
	h := newHarness(t, web.Limits{})
	tm := h.terminal("Trần Văn Bình")
	d, lookupURL := tm.receive(t, "Nguyễn Thị Ánh")
	for _, a := range []motcua.TransitionArgs{{To: motcua.StatusProcessing}, {To: motcua.StatusDone},
		{To: motcua.StatusReturned, Recipient: "Nguyễn Thị Ánh", Method: motcua.ReturnCounter}} {
		tm.transition(t, d.ID, a)
	}
	tm.sync(t)
	ctx := newTab(t)
	u, _ := url.Parse(lookupURL)
	if page := open(t, ctx, h.ts.URL+u.Path); strings.Contains(page, "Đánh giá sự hài lòng") {
		t.Fatalf("a rating form without the key:\n%s", page)
	}
	// A post made without the key (a forged form) is refused.
	c := h.browser()
	tok := form(t, c, lookupURL)
	st, _ := post(t, c, h.ts.URL+u.Path+"/danh-gia", url.Values{"csrf": {tok}, "convenience": {string(motcua.Satisfied)},
		"overall": {string(motcua.Satisfied)}})
	if dd, _ := h.c.CitizenLookup(d.Code, u.Query().Get("k")); st != 400 || dd.Rating != nil {
		t.Fatalf("rating without the key: %d, %+v", st, dd.Rating)
	}
	open(t, ctx, lookupURL)
	do(t, ctx, chromedp.Click(chromedp.CSS(`label[for="convenience-0"]`)), chromedp.Click(chromedp.CSS(`label[for="overall-1"]`)),
		chromedp.SendKeys(chromedp.ID("comment"), "Cán bộ hướng dẫn tận tình"))
	screenshots(t, ctx, "rating-form")
	if page := submit(t, ctx, `form[action$="/danh-gia"] button`); !strings.Contains(page, "Cảm ơn bạn đã đánh giá") || !strings.Contains(page, "Bạn đã đánh giá: thuận tiện “Rất hài lòng”, hài lòng chung “Hài lòng”") {
		t.Fatalf("after rating:\n%s", page)
	}
	tm.sync(t)
	got, _ := tm.st.Get(d.ID)
	if got.Rating == nil || got.Rating.Overall != motcua.Satisfied || got.Rating.Channel != "public" {
		t.Fatalf("terminal's rating %+v", got.Rating)
	}
}
