package web_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The browser tests drive Debian's chromium headless, as a citizen's phone
// would open the pages: no JavaScript of ours runs (the pages have none);
// the test reads the page through the DevTools protocol.

// chromiumPath finds the browser; outside CI a machine without it skips the
// browser tests with a clear message, in CI it is a failure (.ci/run
// installs it).
func chromiumPath(t testing.TB) string {
	t.Helper()
	for _, n := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" || os.Getenv("MOTCUA_REQUIRE_TOOLS") != "" {
		t.Fatal("chromium is not installed: .ci/run installs Debian's chromium; the browser tests cannot be skipped in CI")
	}
	t.Skip("chromium is not installed (apt-get install chromium): the browser tests are skipped")
	return ""
}

// newTab starts a fresh headless chromium (its own profile directory) and
// returns a tab's context.
func newTab(t testing.TB) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 800),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelTime(); cancelTab(); cancelAlloc() })
	return ctx
}

func do(t testing.TB, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

func run[T any](t testing.TB, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// open navigates and returns the main text of the page.
func open(t testing.TB, ctx context.Context, u string) string {
	t.Helper()
	do(t, ctx, chromedp.Navigate(u), chromedp.WaitVisible(chromedp.CSS("main")))
	return mainText(t, ctx)
}

func mainText(t testing.TB, ctx context.Context) string {
	t.Helper()
	return run(t, ctx, chromedp.Text(chromedp.CSS("main")))
}

// submit clicks a form's button and waits for the page it leads to.
func submit(t testing.TB, ctx context.Context, button string) string {
	t.Helper()
	before := run(t, ctx, chromedp.Evaluate[float64](`performance.timeOrigin`))
	do(t, ctx, chromedp.Click(chromedp.CSS(button), chromedp.NodeVisible))
	waitNavigation(t, ctx, before)
	return mainText(t, ctx)
}

// waitNavigation waits until a new document (another time origin) has loaded.
func waitNavigation(t testing.TB, ctx context.Context, before float64) {
	t.Helper()
	for range 400 {
		now, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.readyState === "complete" ? performance.timeOrigin : 0`))
		if err == nil && now != 0 && now != before {
			break
		}
		time.Sleep(25 * time.Millisecond)
	}
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS("main")))
}

// artefactDir is where screenshots go for a person to look at: under
// $MOTCUA_ARTEFACTS when set, else web/testdata/artefacts (ignored by git).
func artefactDir(t testing.TB) string {
	dir := os.Getenv("MOTCUA_ARTEFACTS")
	if dir == "" {
		dir = filepath.Join("testdata", "artefacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// screenshots saves the current page at a phone's 360×640 and a desktop's
// 1280×800, whole pages.
func screenshots(t testing.TB, ctx context.Context, name string) {
	t.Helper()
	for _, s := range []struct{ w, h int64 }{{360, 640}, {1280, 800}} {
		do(t, ctx, chromedp.EmulateViewport(s.w, s.h))
		png := run(t, ctx, chromedp.FullScreenshot(100))
		file := filepath.Join(artefactDir(t), fmt.Sprintf("%s-%dx%d.png", name, s.w, s.h))
		if err := os.WriteFile(file, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	do(t, ctx, chromedp.EmulateViewport(1280, 800))
}

// screenshotAt saves the whole page at one width and height and leaves the
// viewport there.
func screenshotAt(t testing.TB, ctx context.Context, name string, w, h int64) {
	t.Helper()
	do(t, ctx, chromedp.EmulateViewport(w, h))
	png := run(t, ctx, chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(artefactDir(t), fmt.Sprintf("%s-%dx%d.png", name, w, h)), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
