package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/web"
)

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// form GETs a page with a form and returns its CSRF token (the cookie is
// in the client's jar).
func form(t *testing.T, c *http.Client, u string) string {
	t.Helper()
	_, page := get(t, c, u)
	m := csrfRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no CSRF field on %s:\n%s", u, page)
	}
	return m[1]
}

func post(t *testing.T, c *http.Client, u string, v url.Values, hdr ...string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", u, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body(t, resp)
}

// The first finding: 20 addresses made 600 key-less lookups in
// 0.19 s and listed 23 dossiers of a commune with the applicants' initials.
// Now a key-less answer names nobody, and the unit's codes answer at most
// LookupPerUnitBurst key-less lookups before the refill (one a minute),
// whatever the number of addresses; the citizen with the key still gets in.
func TestKeylessLookupFloodListsNothing(t *testing.T) {
	h := newHarness(t, web.Limits{})
	tm := h.terminal("Trần Văn Bình")
	var codes []string
	var names []string
	for i := range 23 {
		name := fmt.Sprintf("Nguyễn Văn Thử %c", 'A'+i)
		if _, err := tm.st.Receive(motcua.ReceiveInput{ProcedureCode: "1.001193", Applicant: motcua.Person{Name: name}}); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
	}
	tm.sync(t)
	dossiers, err := h.c.Dossiers(unitCode)
	if err != nil || len(dossiers) != 23 {
		t.Fatalf("%d dossiers, %v", len(dossiers), err)
	}
	for _, d := range dossiers {
		codes = append(codes, d.Code)
	}
	c := h.browser()
	answered, limited := 0, 0
	for i := range 600 {
		addr := fmt.Sprintf("203.0.113.%d", i%20)
		st, page := get(t, c, h.ts.URL+"/tra-cuu/"+codes[i%len(codes)], "X-Test-Addr", addr)
		switch st {
		case 200:
			answered++
			for _, n := range names {
				if strings.Contains(page, n) || strings.Contains(page, motcua.Initials(n)) {
					t.Fatalf("a key-less answer names %q", n)
				}
			}
		case 429:
			limited++
		default:
			t.Fatalf("status %d", st)
		}
	}
	if answered > 30 || answered+limited != 600 {
		t.Fatalf("600 key-less lookups from 20 addresses: %d answered, %d limited", answered, limited)
	}
	t.Logf("600 key-less lookups from 20 addresses: %d answered (no names), %d refused", answered, limited)
	key, _ := tm.st.LookupKey(dossiers[0].ID)
	if st, page := get(t, c, h.ts.URL+"/tra-cuu/"+dossiers[0].Code+"?k="+key, "X-Test-Addr", "203.0.113.1"); st != 200 || !strings.Contains(page, "Quá trình xử lý") {
		t.Fatalf("the citizen with the key is locked out by the flood: %d", st)
	}
}

// The second finding: 40 addresses × 5 posts put 200 questions
// into one unit's inbox in 1.6 s. Now each address gets QuestionPerAddrBurst
// through, and beyond the unit's hourly limit questions are held for review:
// kept, not delivered, not dropped.
func TestQuestionFloodIsHeldNotDelivered(t *testing.T) {
	h := newHarness(t, web.Limits{})
	tm := h.terminal("Trần Văn Bình")
	accepted, held, refused := 0, 0, 0
	for a := range 40 {
		c := h.browser()
		addr := fmt.Sprintf("198.51.100.%d", a)
		tok := form(t, c, h.ts.URL+"/hoi-dap")
		for i := range 5 {
			st, page := post(t, c, h.ts.URL+"/hoi-dap", url.Values{"csrf": {tok}, "unit": {unitCode},
				"name": {"Lê Văn Cường"}, "contact": {"0912345678"}, "text": {fmt.Sprintf("Câu hỏi %d-%d", a, i)}}, "X-Test-Addr", addr)
			switch {
			case st == 200 && strings.Contains(page, "sau khi kiểm tra"):
				held++
				accepted++
			case st == 200:
				accepted++
			case st == 429:
				refused++
			default:
				t.Fatalf("status %d:\n%s", st, page)
			}
		}
	}
	tm.sync(t)
	inbox, err := tm.st.Questions()
	if err != nil {
		t.Fatal(err)
	}
	kept, err := h.c.HeldQuestions(unitCode)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("200 questions from 40 addresses: %d taken (%d delivered to the inbox, %d held for review), %d refused", accepted, len(inbox), len(kept), refused)
	if len(inbox) > 30 || len(kept) != held || len(inbox)+len(kept) != accepted || accepted+refused != 200 {
		t.Fatalf("taken %d, held %d (server %d), inbox %d, refused %d", accepted, held, len(kept), len(inbox), refused)
	}
	// Released by the admin, a held question reaches the terminals.
	if err := h.c.ReleaseHeld(kept[0].ID, false); err != nil {
		t.Fatal(err)
	}
	tm.sync(t)
	if after, _ := tm.st.Questions(); len(after) != len(inbox)+1 {
		t.Fatalf("released question not delivered: %d", len(after))
	}
}

func TestFormsNeedTheCSRFToken(t *testing.T) {
	h := newHarness(t, web.Limits{})
	c := h.browser()
	form(t, c, h.ts.URL+"/hoi-dap")
	v := url.Values{"unit": {unitCode}, "name": {"Lê Văn Cường"}, "contact": {"0912345678"}, "text": {"?"}}
	if st, _ := post(t, c, h.ts.URL+"/hoi-dap", v); st != 403 {
		t.Fatalf("no token: %d", st)
	}
	v.Set("csrf", strings.Repeat("A", 43))
	if st, _ := post(t, c, h.ts.URL+"/hoi-dap", v); st != 403 {
		t.Fatalf("wrong token: %d", st)
	}
	tok := form(t, c, h.ts.URL+"/hoi-dap")
	v.Set("csrf", tok)
	if st, _ := post(t, c, h.ts.URL+"/hoi-dap", v, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"); st != 403 {
		t.Fatalf("cross-site post: %d", st)
	}
	if qs, _ := h.c.Questions(unitCode); len(qs) != 0 {
		t.Fatalf("%d questions got in", len(qs))
	}
}
