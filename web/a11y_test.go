package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/motcua/motcua"
	"github.com/motcua/motcua/web"
)

// audit is run in the page by the test (the pages themselves carry no
// script): the document's language, a label for every input, and the
// contrast of every piece of text against the background it is drawn on
// (WCAG 2 relative luminance), in the page's current state.
const audit = `(() => {
  const out = {lang: document.documentElement.lang, unlabelled: [], lowContrast: []};
  for (const el of document.querySelectorAll("input, select, textarea")) {
    if (el.type === "hidden") continue;
    const ok = el.id && document.querySelector('label[for="' + el.id + '"]');
    if (!ok) out.unlabelled.push(el.name || el.outerHTML.slice(0, 60));
  }
  const rgb = s => { const m = s.match(/[\d.]+/g).map(Number); return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const bgOf = el => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.a > 0) return c; } return {r: 255, g: 255, b: 255, a: 1}; };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.textContent.trim()) continue;
    const el = n.parentElement, st = getComputedStyle(el);
    if (st.visibility === "hidden" || st.display === "none" || el.getClientRects().length === 0) continue;
    const rect = el.getBoundingClientRect();
    if (rect.right < 0 || rect.bottom < 0) continue; // the skip link, off screen until focused
    const fg = lum(rgb(st.color)), bg = lum(bgOf(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < 4.5) out.lowContrast.push(n.textContent.trim().slice(0, 40) + " " + ratio.toFixed(2));
  }
  return out;
})()`

type auditResult struct {
	Lang        string   `json:"lang"`
	Unlabelled  []string `json:"unlabelled"`
	LowContrast []string `json:"lowContrast"`
}

func TestBrowserAccessibility(t *testing.T) {
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
	pages := map[string]string{
		"lookup keyed":    lookupURL,
		"lookup keyed en": lookupURL + "&lang=en",
		"lookup key-less": h.ts.URL + u.Path,
		"lookup form":     h.ts.URL + "/tra-cuu",
		"lookup form bad": h.ts.URL + "/tra-cuu?ma=abc&k=xyz",
		"ask":             h.ts.URL + "/hoi-dap",
		"submit search":   h.ts.URL + "/nop-ho-so?q=khai+sinh",
		"submit form":     h.ts.URL + "/nop-ho-so/" + unitCode + "/1.001193",
		"home":            h.ts.URL + "/",
		"home en":         h.ts.URL + "/?lang=en",
		"bad code":        h.ts.URL + "/tra-cuu/abc",
		"results index":   h.ts.URL + "/ket-qua",
		"results":         h.ts.URL + "/ket-qua/" + unitCode,
		"results en":      h.ts.URL + "/ket-qua/" + unitCode + "?lang=en",
	}
	for name, u := range pages {
		open(t, ctx, u)
		for _, width := range []int64{1280, 320} {
			do(t, ctx, chromedp.EmulateViewport(width, 800))
			r := run(t, ctx, chromedp.Evaluate[auditResult](audit))
			want := "vi"
			if strings.Contains(u, "lang=en") {
				want = "en"
			}
			if r.Lang != want || len(r.Unlabelled) > 0 || len(r.LowContrast) > 0 {
				t.Errorf("%s at %d px: lang %q, unlabelled %v, low contrast %v", name, width, r.Lang, r.Unlabelled, r.LowContrast)
			}
			// At 320 px nothing may need a sideways scroll.
			if over := run(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`)); over {
				t.Errorf("%s at %d px scrolls sideways", name, width)
			}
		}
		do(t, ctx, chromedp.EmulateViewport(1280, 800))
	}
	// 200 % text zoom: the root font size doubled, still no sideways scroll at 320 px.
	open(t, ctx, lookupURL)
	do(t, ctx, chromedp.EmulateViewport(320, 640))
	run(t, ctx, chromedp.Evaluate[chromedp.Void](`document.documentElement.style.fontSize = "200%"`))
	if over := run(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`)); over {
		t.Error("at 200 % text and 320 px the lookup page scrolls sideways")
	}
	screenshots(t, ctx, "lookup-zoom200")
}

// The lookup works by keyboard alone: Tab reaches the fields in order,
// typing fills them, Enter submits, and the rating's radios answer to the
// arrow keys.
func TestBrowserKeyboardOnly(t *testing.T) {
	h := newHarness(t, web.Limits{})
	tm := h.terminal("Trần Văn Bình")
	d, lookupURL := tm.receive(t, "Nguyễn Thị Ánh")
	key, _ := tm.st.LookupKey(d.ID)
	ctx := newTab(t)
	open(t, ctx, h.ts.URL+"/tra-cuu")
	focused := func() string {
		return run(t, ctx, chromedp.Evaluate[string](`document.activeElement.id || document.activeElement.tagName + ":" + document.activeElement.textContent.trim()`))
	}
	var order []string
	for range 12 {
		do(t, ctx, chromedp.KeyEvent(kb.Tab))
		f := focused()
		order = append(order, f)
		if f == "ma" {
			break
		}
	}
	if order[0] != "A:Bỏ qua, đến nội dung chính" || order[len(order)-1] != "ma" {
		t.Fatalf("tab order %q", order)
	}
	do(t, ctx, chromedp.KeyEvent(d.Code), chromedp.KeyEvent(kb.Tab))
	if f := focused(); f != "k" {
		t.Fatalf("after the code, focus is on %q", f)
	}
	do(t, ctx, chromedp.KeyEvent(strings.ToLower(motcua.FormatLookupKey(key))))
	before := run(t, ctx, chromedp.Evaluate[float64](`performance.timeOrigin`))
	do(t, ctx, chromedp.KeyEvent(kb.Enter))
	waitNavigation(t, ctx, before)
	if page := mainText(t, ctx); !strings.Contains(page, "Quá trình xử lý") {
		t.Fatalf("keyboard lookup did not open the dossier:\n%s", page)
	}
	if loc := run(t, ctx, chromedp.Location()); !strings.Contains(lookupURL, strings.SplitN(loc, "/tra-cuu/", 2)[1]) {
		t.Fatalf("landed on %s, the receipt says %s", loc, lookupURL)
	}
}

// The five-level rating is answered by keyboard alone: Tab reaches each
// question's radio group, Space and the arrow keys choose within it (Up from
// the first wraps to the last), Tab moves on, Enter on the button sends it.
// At 320 px the two groups' ten answers stack without a sideways scroll.
func TestBrowserRatingKeyboardOnly(t *testing.T) {
	h := newHarness(t, web.Limits{})
	tm := h.terminal("Trần Văn Bình")
	d, lookupURL := tm.receive(t, "Nguyễn Thị Ánh")
	for _, a := range []motcua.TransitionArgs{{To: motcua.StatusProcessing}, {To: motcua.StatusDone},
		{To: motcua.StatusReturned, Recipient: "Nguyễn Thị Ánh", Method: motcua.ReturnCounter}} {
		tm.transition(t, d.ID, a)
	}
	tm.sync(t)
	ctx := newTab(t)
	open(t, ctx, lookupURL)
	do(t, ctx, chromedp.EmulateViewport(320, 640))
	if n := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('fieldset input[type=radio]').length`)); n != 10 {
		t.Fatalf("%d radios, want 5 per question", n)
	}
	if over := run(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`)); over {
		t.Fatal("the rating form scrolls sideways at 320 px")
	}
	screenshotAt(t, ctx, "rating-form", 320, 640)
	focused := func() string {
		return run(t, ctx, chromedp.Evaluate[string](`document.activeElement.id || document.activeElement.tagName`))
	}
	for i := 0; focused() != "convenience-0"; i++ {
		if i > 40 {
			t.Fatalf("Tab never reached the first question; focus on %q", focused())
		}
		do(t, ctx, chromedp.KeyEvent(kb.Tab))
	}
	do(t, ctx, chromedp.KeyEvent(" "), chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown))
	if f := focused(); f != "convenience-2" {
		t.Fatalf("arrows in the first group: focus on %q", f)
	}
	do(t, ctx, chromedp.KeyEvent(kb.Tab))
	if f := focused(); f != "overall-0" {
		t.Fatalf("Tab from the first group: focus on %q", f)
	}
	do(t, ctx, chromedp.KeyEvent(kb.ArrowUp), chromedp.KeyEvent(kb.Tab))
	if f := focused(); f != "comment" {
		t.Fatalf("Tab from the second group: focus on %q", f)
	}
	do(t, ctx, chromedp.KeyEvent("Chờ hơi lâu"), chromedp.KeyEvent(kb.Tab))
	screenshotAt(t, ctx, "rating-form-keyboard", 320, 640)
	before := run(t, ctx, chromedp.Evaluate[float64](`performance.timeOrigin`))
	do(t, ctx, chromedp.KeyEvent(kb.Enter))
	waitNavigation(t, ctx, before)
	if page := mainText(t, ctx); !strings.Contains(page, "Bạn đã đánh giá: thuận tiện “Bình thường”, hài lòng chung “Rất không hài lòng”") {
		t.Fatalf("after the keyboard rating:\n%s", page)
	}
	// The form to change it starts from the answers given.
	if checked := run(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("input[type=radio]:checked")].map(e => e.id)`)); strings.Join(checked, " ") != "convenience-2 overall-4" {
		t.Fatalf("checked after rating: %v", checked)
	}
	screenshotAt(t, ctx, "rating-done", 320, 640)
	u, _ := url.Parse(lookupURL)
	got, err := h.c.CitizenLookup(d.Code, u.Query().Get("k"))
	if err != nil || got.Rating == nil || got.Rating.Convenience != motcua.Neutral || got.Rating.Overall != motcua.VeryDissatisfied ||
		got.Rating.Levels() != 5 || got.Rating.Comment != "Chờ hơi lâu" {
		t.Fatalf("stored rating %+v %v", got.Rating, err)
	}
}
