package web_test

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/motcua/motcua"
	"github.com/motcua/motcua/web"
)

// Regular 3G as Chromium's DevTools defines it: 750 kbit/s down, 250 kbit/s
// up, 200 ms round trip.
var regular3G = &network.Conditions{Latency: 200, DownloadThroughput: 750 * 1000 / 8, UploadThroughput: 250 * 1000 / 8}

type loadFigures struct {
	Bytes  float64 `json:"bytes"`  // transferred: the page and everything it loads, compressed
	LoadMS float64 `json:"loadMs"` // navigation start to the load event
}

const figuresJS = `(() => {
  const nav = performance.getEntriesByType("navigation")[0];
  let bytes = nav.transferSize;
  for (const r of performance.getEntriesByType("resource")) bytes += r.transferSize;
  return {bytes, loadMs: nav.loadEventEnd};
})()`

// loadCold opens u with the cache off over the emulated link.
func loadCold(t testing.TB, ctx context.Context, u string) loadFigures {
	t.Helper()
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule,
		network.EmulateNetworkConditionsByRuleParams{MatchedNetworkConditions: []*network.Conditions{regular3G}}); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.Navigate(u), chromedp.WaitVisible(chromedp.CSS("footer")))
	for range 100 {
		f := run(t, ctx, chromedp.Evaluate[loadFigures](figuresJS))
		if f.LoadMS > 0 {
			return f
		}
		do(t, ctx, chromedp.Sleep(20e6))
	}
	t.Fatal("the load event never came")
	return loadFigures{}
}

// The lookup page with everything it loads weighs at most 30 KB compressed
// (the budget): a size, not a time, so it is a test.
func TestBrowserLookupPageWeight(t *testing.T) {
	h := newHarness(t, web.Limits{})
	tm := h.terminal("Trần Văn Bình")
	d, lookupURL := tm.receive(t, "Nguyễn Thị Ánh")
	tm.transition(t, d.ID, motcua.TransitionArgs{To: motcua.StatusProcessing})
	tm.sync(t)
	f := loadCold(t, newTab(t), lookupURL)
	t.Logf("lookup page, cold, Regular 3G: %.0f bytes transferred, load event at %.0f ms", f.Bytes, f.LoadMS)
	if f.Bytes <= 0 || f.Bytes > 30*1024 {
		t.Fatalf("the lookup page transfers %.0f bytes (budget 30 KB)", f.Bytes)
	}
}

// BenchmarkLookupPageRegular3G loads the keyed lookup page cold over
// emulated Regular 3G and reports the bytes and the time to the load event
// (the target: 2 s). BENCHMARKS.md has the figures.
func BenchmarkLookupPageRegular3G(b *testing.B) {
	h := newHarness(b, web.Limits{})
	tm := h.terminal("Trần Văn Bình")
	_, lookupURL := tm.receive(b, "Nguyễn Thị Ánh")
	ctx := newTab(b)
	var total loadFigures
	for b.Loop() {
		f := loadCold(b, ctx, lookupURL)
		total.Bytes, total.LoadMS = f.Bytes, total.LoadMS+f.LoadMS
	}
	b.ReportMetric(total.Bytes, "bytes/page")
	b.ReportMetric(total.LoadMS/float64(b.N), "ms/load")
}
