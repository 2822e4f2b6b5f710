package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/server"
	"github.com/motcua/motcua/web"
)

// With the Zalo channel on, the keyed lookup page tells how to ask for
// notices by Zalo: follow the OA, send the line with the code and the key.
// The key-less page says nothing of it (it would need the key).
func TestLookupPageOffersZaloNotices(t *testing.T) {
	h := newHarness(t, web.Limits{})
	tm := h.terminal("Trần Văn Bình")
	d, lookupURL := tm.receive(t, "Nguyễn Thị Ánh")
	site := web.New(h.c, web.Options{ZaloOA: func() string { return "1923757439275632611" },
		ClientIP: func(*http.Request) string { return "127.0.0.1" }})
	ts := httptest.NewServer(server.New(h.c, server.Options{Pages: site}).Handler())
	defer ts.Close()
	u, _ := url.Parse(lookupURL)
	get := func(path string) string {
		t.Helper()
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		return body(t, resp)
	}
	keyed := get(u.Path + "?" + u.RawQuery)
	key := motcua.NormalizeLookupKey(u.Query().Get("k"))
	for _, want := range []string{"Nhận tin qua Zalo", `href="https://zalo.me/1923757439275632611"`, d.Code + " " + key + " theo dõi"} {
		if !strings.Contains(keyed, want) {
			t.Fatalf("the keyed page lacks %q:\n%s", want, keyed)
		}
	}
	if keyless := get(u.Path); strings.Contains(keyless, "zalo.me") {
		t.Errorf("the key-less page offers Zalo notices:\n%s", keyless)
	}
	resp, err := http.Get(lookupURL) // the channel off: no offer
	if err != nil {
		t.Fatal(err)
	}
	if off := body(t, resp); strings.Contains(off, "zalo.me") || !strings.Contains(off, d.Code) {
		t.Errorf("with the channel off the page offers Zalo notices:\n%s", off)
	}
}
