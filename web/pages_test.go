package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/web"
)

var tagRE = regexp.MustCompile(`<(/?[a-z0-9]+)((?:\s+[a-z-]+(?:="[^"]*")?)*)\s*/?>`)
var attrRE = regexp.MustCompile(`\s(class|id|for|name|type)="([^"]*)"`)

// shape is a page's structure: its tags with their class, id, for, name
// and type, without any text, so two answers can be compared.
func shape(html string) string {
	var b strings.Builder
	for _, m := range tagRE.FindAllStringSubmatch(html, -1) {
		b.WriteString(m[1])
		for _, a := range attrRE.FindAllStringSubmatch(m[2], -1) {
			if a[1] == "class" {
				a[2] = regexp.MustCompile(`status-\d+`).ReplaceAllString(a[2], "status")
			}
			b.WriteString(" " + a[1] + "=" + a[2])
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func get(t *testing.T, c *http.Client, u string, hdr ...string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body(t, resp)
}

func TestLookupWithAndWithoutTheKey(t *testing.T) {
	h := newHarness(t, web.Limits{})
	tm := h.terminal("Trần Văn Bình")
	d, lookupURL := tm.receive(t, "Nguyễn Thị Ánh")
	if !strings.HasPrefix(lookupURL, h.ts.URL+"/tra-cuu/"+d.Code+"?k=") {
		t.Fatalf("lookup address %q", lookupURL)
	}
	c := h.browser()
	st, keyed := get(t, c, lookupURL)
	for _, want := range []string{"Được tiếp nhận", "Quá trình xử lý", "Đăng ký khai sinh", "0290 3831 234", "Ấp 3, xã Tân Thành", "N. T. Á.", `lang="vi"`} {
		if st != 200 || !strings.Contains(keyed, want) {
			t.Fatalf("keyed page (%d) lacks %q:\n%s", st, want, keyed)
		}
	}
	u, _ := url.Parse(lookupURL)
	wrong := h.ts.URL + u.Path + "?k=" + motcua.NewLookupKey()
	_, keyless := get(t, c, wrong)
	_, bare := get(t, c, h.ts.URL+u.Path)
	missing := strings.Replace(u.Path, d.Code, d.Code[:len(d.Code)-4]+"0999", 1)
	_, absent := get(t, c, h.ts.URL+missing+"?k="+motcua.NewLookupKey())
	for name, page := range map[string]string{"wrong key": keyless, "no key": bare, "absent": absent} {
		for _, secret := range []string{"Quá trình xử lý", "0290 3831 234", "N. T. Á.", "Nguyễn", "Hỏi về hồ sơ", "csrf"} {
			if strings.Contains(page, secret) {
				t.Errorf("%s page shows %q", name, secret)
			}
		}
	}
	if !strings.Contains(keyless, "Đăng ký khai sinh") || !strings.Contains(keyless, "Được tiếp nhận") {
		t.Fatalf("key-less page lacks the procedure or status:\n%s", keyless)
	}
	if shape(keyless) != shape(absent) {
		t.Fatalf("a code that does not exist answers in another shape:\n%s\n---\n%s", shape(keyless), shape(absent))
	}
	if st, page := get(t, c, h.ts.URL+"/tra-cuu/abc"); st != 400 || !strings.Contains(page, `href="#ma"`) {
		t.Fatalf("malformed code: %d\n%s", st, page)
	}
	if _, page := get(t, c, lookupURL+"&lang=en"); !strings.Contains(page, `lang="en"`) || !strings.Contains(page, "Progress") {
		t.Fatalf("English page:\n%s", page)
	}
}

func TestPagesHeaders(t *testing.T) {
	h := newHarness(t, web.Limits{})
	resp, err := http.Get(h.ts.URL + "/tra-cuu")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "unsafe") || resp.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("headers %v", resp.Header)
	}
	if len(resp.Cookies()) != 0 {
		t.Fatalf("a page without a form set a cookie: %v", resp.Cookies())
	}
}
