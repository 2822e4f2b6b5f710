package web_test

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/motcua/motcua"
	"github.com/motcua/motcua/paper"
	"github.com/motcua/motcua/web"
)

// The unit's results page shows the figures of the period's report (the
// paper package's, computed here from the same central dossiers), as text
// and as an inline SVG chart with a title, in headless chromium.
func TestBrowserResultsPage(t *testing.T) {
	h, rep := resultsFixture(t)
	now := time.Now().In(motcua.VNZone)
	ctx := newTab(t)
	checkResultsPage(t, h, ctx, rep, now)
	screenshots(t, ctx, "results")
	en := open(t, ctx, h.ts.URL+"/ket-qua/"+unitCode+"?lang=en")
	if !strings.Contains(en, "Share rated") || !strings.Contains(en, "50.0%") {
		t.Fatalf("English page:\n%s", en)
	}
	screenshotAt(t, ctx, "results-en", 320, 640)
	if _, err := os.Stat(filepath.Join(artefactDir(t), "results-360x640.png")); err != nil {
		t.Fatal(err)
	}
}

// resultsFixture receives three dossiers at a terminal, returns two and
// rates both on the public side (very satisfied, neither satisfied nor
// dissatisfied); it gives the period's report over them.
func resultsFixture(t *testing.T) (*harness, paper.Counts) {
	h := newHarness(t, web.Limits{})
	tm := h.terminal("Trần Văn Bình")
	var keys []string
	var ids []string
	for _, n := range []string{"Nguyễn Thị Ánh", "Lê Văn Cường", "Phạm Thị Dung"} {
		d, u := tm.receive(t, n)
		lu, _ := url.Parse(u)
		keys, ids = append(keys, lu.Query().Get("k")), append(ids, d.ID)
	}
	for _, id := range ids[:2] {
		for _, a := range []motcua.TransitionArgs{{To: motcua.StatusProcessing}, {To: motcua.StatusDone},
			{To: motcua.StatusReturned, Recipient: "Nguyễn Thị Ánh", Method: motcua.ReturnCounter}} {
			tm.transition(t, id, a)
		}
	}
	tm.sync(t)
	d0, _ := tm.st.Get(ids[0])
	if _, err := h.c.AddPublicRating(motcua.PublicRating{Code: d0.Code, Key: keys[0], Convenience: motcua.Satisfied,
		Overall: motcua.VerySatisfied}); err != nil {
		t.Fatal(err)
	}
	d1, _ := tm.st.Get(ids[1])
	if _, err := h.c.AddPublicRating(motcua.PublicRating{Code: d1.Code, Key: keys[1], Convenience: motcua.VeryDissatisfied,
		Overall: motcua.Neutral}); err != nil {
		t.Fatal(err)
	}

	// The period's report over the same dossiers, this month.
	ds, err := h.c.Dossiers(unitCode)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().In(motcua.VNZone)
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, motcua.VNZone)
	tally := paper.NewUnitTally(unitCode, "", paper.Period{From: month, To: now}, motcua.DefaultCalendar(), now)
	for _, d := range ds {
		tally.Add(d)
	}
	rep := tally.Report().Counts
	if rep.Received != 3 || rep.ResolvedEarly+rep.ResolvedOnTime != 2 || rep.Returned != 2 || rep.Rated != 2 {
		t.Fatalf("report counts %+v", rep)
	}
	return h, rep
}

// checkResultsPage follows the home page's link to the unit's page and
// compares this month's table and chart with the report.
func checkResultsPage(t *testing.T, h *harness, ctx context.Context, rep paper.Counts, now time.Time) {
	home := open(t, ctx, h.ts.URL+"/")
	if !strings.Contains(home, "Kết quả giải quyết") {
		t.Fatalf("home page lacks the results link:\n%s", home)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`main a[href="/ket-qua"]`), chromedp.NodeVisible), chromedp.WaitVisible(chromedp.CSS("ul.cards a")))
	do(t, ctx, chromedp.Click(chromedp.CSS(`ul.cards a`), chromedp.NodeVisible), chromedp.WaitVisible(chromedp.CSS("table.figures")))
	page := mainText(t, ctx)
	rows := run(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("section:first-of-type table.figures tr")].map(r => r.innerText.replace(/\s+/g, " ").trim())`))
	want := []string{
		"Tiếp nhận " + strconv.Itoa(rep.Received),
		"Giải quyết đúng hạn " + strconv.Itoa(rep.ResolvedEarly+rep.ResolvedOnTime),
		"Giải quyết trễ hạn " + strconv.Itoa(rep.ResolvedLate),
		"Đã trả kết quả " + strconv.Itoa(rep.Returned),
		"Số được đánh giá " + strconv.Itoa(rep.Rated),
		"Tỷ lệ được đánh giá 100,0 %",
		"Tỷ lệ hài lòng 50,0 %",
	}
	for _, s := range motcua.Satisfactions {
		want = append(want, s.Label(motcua.VI)+" "+strconv.Itoa(rep.Satisfaction[s]))
	}
	if rep.Satisfaction[motcua.VerySatisfied] != 1 || rep.Satisfaction[motcua.Neutral] != 1 {
		t.Fatalf("report's satisfaction %v", rep.Satisfaction)
	}
	joined := strings.Join(rows, "\n")
	for _, w := range want {
		if !strings.Contains(joined, w) {
			t.Fatalf("this month's table lacks %q:\n%s\npage:\n%s", w, joined, page)
		}
	}
	if !strings.Contains(page, "UBND xã Tân Thành") || !strings.Contains(page, "Năm "+strconv.Itoa(now.Year())) {
		t.Fatalf("page lacks the unit or the year:\n%s", page)
	}
	// The chart: an accessible SVG image with a title, one bar per figure,
	// the received bar full length, the late bar empty.
	svg := run(t, ctx, chromedp.Evaluate[map[string]any](`(() => {
		const s = document.querySelector("section svg");
		const bars = [...s.querySelectorAll("rect:nth-of-type(even)")].map(r => +r.getAttribute("width"));
		return {role: s.getAttribute("role"), title: s.querySelector("title").textContent, bars: bars};
	})()`))
	bars, _ := svg["bars"].([]any)
	if svg["role"] != "img" || !strings.HasPrefix(svg["title"].(string), "Biểu đồ: Tháng") || len(bars) != 5 ||
		bars[0].(float64) != 300 || bars[2].(float64) != 0 || bars[1].(float64) != 200 {
		t.Fatalf("chart %+v", svg)
	}
	// The five answers' chart: one bar per level, as shares of the ratings.
	levels := run(t, ctx, chromedp.Evaluate[map[string]any](`(() => {
		const s = document.querySelectorAll("section:first-of-type svg")[1];
		const bars = [...s.querySelectorAll("rect:nth-of-type(even)")].map(r => +r.getAttribute("width"));
		return {title: s.querySelector("title").textContent, bars: bars, text: s.querySelector("desc").textContent};
	})()`))
	lb, _ := levels["bars"].([]any)
	if len(lb) != 5 || lb[0].(float64) != 150 || lb[2].(float64) != 150 || lb[1].(float64) != 0 || lb[4].(float64) != 0 ||
		!strings.Contains(levels["title"].(string), "Mức độ hài lòng chung") || !strings.Contains(levels["text"].(string), "Bình thường: 1 (50,0 %)") {
		t.Fatalf("levels chart %+v", levels)
	}
}

// An unknown unit answers 404 in words, not a stack trace.
func TestResultsUnknownUnit(t *testing.T) {
	h := newHarness(t, web.Limits{})
	st, page := get(t, h.browser(), h.ts.URL+"/ket-qua/000.00.99.X99")
	if st != 404 || !strings.Contains(page, "Không có đơn vị này") {
		t.Fatalf("%d\n%s", st, page)
	}
}
