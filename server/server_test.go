package server_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/central"
	"github.com/motcua/motcua/central/centraltest"
	"github.com/motcua/motcua/internal/kvpg/pgtest"
	"github.com/motcua/motcua/server"
)

// TestMain runs the tests on a bbolt file, then on PostgreSQL (pgtest.Main).
func TestMain(m *testing.M) { pgtest.Main(m) }

var _ server.Backend = (*central.Store)(nil)

const unit = "000.00.06.H56"

type fixture struct {
	c   *central.Store
	ts  *httptest.Server
	log *bytes.Buffer
}

func newFixture(t *testing.T, o server.Options) *fixture {
	t.Helper()
	c := centraltest.Open(t)
	if _, err := c.AddUnit(unit, "UBND xã Tân Thành", ""); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	o.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	ts := httptest.NewServer(checkedAgainstContract(t, server.New(c, o).Handler()))
	t.Cleanup(func() {
		ts.Close()
		if err := c.CheckIntegrity(); err != nil {
			t.Errorf("integrity: %v", err)
		}
		c.Close()
	})
	return &fixture{c: c, ts: ts, log: &logs}
}

type term struct {
	motcua.EnrollResponse
	nonce string
}

// terminal enrolls a terminal through the API.
func (f *fixture) terminal(t *testing.T, u string, role motcua.Role) term {
	t.Helper()
	e, err := f.c.CreateEnrollment(u, role)
	if err != nil {
		t.Fatal(err)
	}
	tm := term{nonce: motcua.NewID(time.Now())}
	status, body := f.post(t, "/v1/enroll", "", false, motcua.EnrollRequest{Code: e.Code, InstallNonce: tm.nonce, Schema: 1})
	if status != 200 {
		t.Fatalf("enroll: %d %s", status, body)
	}
	json.Unmarshal(body, &tm.EnrollResponse)
	return tm
}

func (f *fixture) post(t *testing.T, path, token string, gz bool, v any) (int, []byte) {
	t.Helper()
	raw, ok := v.([]byte)
	if !ok {
		var err error
		if raw, err = json.Marshal(v); err != nil {
			t.Fatal(err)
		}
	}
	return f.do(t, http.MethodPost, path, token, gz, raw)
}

func (f *fixture) do(t *testing.T, method, path, token string, gz bool, raw []byte) (int, []byte) {
	t.Helper()
	body := raw
	if gz {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write(raw)
		zw.Close()
		body = b.Bytes()
	}
	req, _ := http.NewRequest(method, f.ts.URL+path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json") // as the client sends it
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if gz {
		req.Header.Set("Content-Encoding", "gzip")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body) // the transport un-gzips what it asked for
	return resp.StatusCode, out
}

func apiErr(t *testing.T, body []byte) motcua.APIError {
	t.Helper()
	var e motcua.APIError
	if err := json.Unmarshal(body, &e); err != nil || e.Error == "" || e.MessageVI == "" || e.Message == "" {
		t.Fatalf("error body %s", body)
	}
	return e
}

func syncReq(r term, ops ...motcua.Op) motcua.SyncRequest {
	if ops == nil {
		ops = []motcua.Op{}
	}
	return motcua.SyncRequest{TerminalID: r.TerminalID, InstallNonce: r.nonce, Schema: 1, Ops: ops}
}

func TestSyncRequestValidation(t *testing.T) {
	f := newFixture(t, server.Options{MaxSyncBody: 4096})
	term := f.terminal(t, unit, motcua.RoleCounter)
	good, _ := json.Marshal(syncReq(term))
	if status, body := f.do(t, "POST", "/v1/sync", term.Token, true, good); status != 200 {
		t.Fatalf("good request: %d %s", status, body)
	}
	cases := []struct {
		name   string
		raw    []byte
		gz     bool
		status int
		slug   string
		text   string
	}{
		{"malformed", []byte(`{"terminal_id":`), true, 400, "bad_request", "truncated"},
		{"null body", []byte(`null`), false, 400, "bad_request", "JSON object"},
		{"not an object", []byte(` "x" `), false, 400, "bad_request", "JSON object"},
		{"not JSON", []byte(`garbage`), false, 400, "bad_request", "not valid JSON"},
		{"empty", []byte(``), true, 400, "bad_request", "Malformed"},
		{"wrong type", []byte(strings.Replace(string(good), `"schema":1`, `"schema":"1"`, 1)), true, 400, "bad_request", "wrong type"},
		{"unknown field", []byte(strings.Replace(string(good), `"schema"`, `"sneaky":1,"schema"`, 1)), true, 400, "bad_request", "field this server does not know"},
		{"trailing data", append(append([]byte(nil), good...), []byte(` {}`)...), false, 400, "bad_request", "after its JSON value"},
		{"oversized", bytes.Repeat([]byte(" "), 5000), false, 413, "too_large", ""},
		{"gzip bomb", append([]byte(`{"terminal_id":"`), append(bytes.Repeat([]byte("a"), 9<<20), '"', '}')...), true, 413, "too_large", ""},
		{"old client", []byte(strings.Replace(string(good), `"schema":1`, `"schema":0`, 1)), true, 426, "upgrade_required", ""},
		{"another terminal", []byte(strings.Replace(string(good), term.TerminalID, motcua.NewID(time.Now()), 1)), true, 403, "forbidden", ""},
		{"non-contiguous", mustJSON(syncReq(term, motcua.Op{Seq: 1, ID: motcua.NewID(time.Now()), Kind: "note"},
			motcua.Op{Seq: 3, ID: motcua.NewID(time.Now()), Kind: "note"})), true, 400, "bad_batch", "contiguous"},
	}
	for _, tc := range cases {
		status, body := f.do(t, "POST", "/v1/sync", term.Token, tc.gz, tc.raw)
		if status != tc.status {
			t.Fatalf("%s: %d %s", tc.name, status, body)
		}
		e := apiErr(t, body)
		if e.Error != tc.slug || !strings.Contains(e.Message, tc.text) {
			t.Fatalf("%s: %+v", tc.name, e)
		}
		// Error bodies neither echo the input nor name Go internals.
		for _, leak := range []string{"sneaky", "json:", "Go struct", "motcua.", "unexpected EOF"} {
			if strings.Contains(e.Message+e.MessageVI, leak) {
				t.Fatalf("%s: the error says %q: %+v", tc.name, leak, e)
			}
		}
	}
	// Truncated gzip: nothing committed, 400.
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(mustJSON(syncReq(term, motcua.Op{Seq: 1, ID: motcua.NewID(time.Now()), Kind: "note", Args: json.RawMessage(`{}`)})))
	zw.Close()
	cut := b.Bytes()[:b.Len()-6]
	req, _ := http.NewRequest("POST", f.ts.URL+"/v1/sync", bytes.NewReader(cut))
	req.Header.Set("Authorization", "Bearer "+term.Token)
	req.Header.Set("Content-Encoding", "gzip")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Fatalf("truncated gzip: %d", resp.StatusCode)
	}
	if rec, _ := f.c.Terminal(term.TerminalID); rec.LastAppliedSeq != 0 {
		t.Fatal("a truncated request committed an op")
	}
}

// A gzip body of several members (RFC 1952 §2.2) is one body: the
// benchmarks' simulated terminals send their prepared ops so, with the
// acked seq and cursor in a second member.
func TestSyncBodyOfTwoGzipMembers(t *testing.T) {
	f := newFixture(t, server.Options{})
	term := f.terminal(t, unit, motcua.RoleCounter)
	raw := mustJSON(syncReq(term, motcua.Op{Seq: 1, ID: motcua.NewID(time.Now()), Kind: "note", Args: json.RawMessage(`{}`)}))
	var b bytes.Buffer
	for _, part := range [][]byte{raw[:len(raw)/2], raw[len(raw)/2:]} {
		zw := gzip.NewWriter(&b)
		zw.Write(part)
		zw.Close()
	}
	req, _ := http.NewRequest("POST", f.ts.URL+"/v1/sync", &b)
	req.Header.Set("Authorization", "Bearer "+term.Token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Content-Encoding", "gzip")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("two members: %d %s", resp.StatusCode, body)
	}
	if rec, _ := f.c.Terminal(term.TerminalID); rec.LastAppliedSeq != 1 {
		t.Fatalf("the op was not applied: last applied %d", rec.LastAppliedSeq)
	}
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

func TestAuthRevokedAndCrossUnit(t *testing.T) {
	f := newFixture(t, server.Options{})
	if _, err := f.c.AddUnit("000.00.07.H57", "UBND xã Tân Lộc", ""); err != nil {
		t.Fatal(err)
	}
	a := f.terminal(t, unit, motcua.RoleCounter)
	b := f.terminal(t, "000.00.07.H57", motcua.RoleCounter)
	if status, body := f.post(t, "/v1/sync", "", true, syncReq(a)); status != 401 || apiErr(t, body).Error != "unauthorized" {
		t.Fatalf("no token: %d %s", status, body)
	}
	if status, _ := f.post(t, "/v1/sync", "not-a-token", true, syncReq(a)); status != 401 {
		t.Fatalf("bad token: %d", status)
	}
	// Unit B's terminal cannot read unit A's dossier.
	code := receiveViaCentral(t, f, a)
	if status, body := f.do(t, "GET", "/v1/dossiers/"+code, b.Token, false, nil); status != 403 || apiErr(t, body).Error != "cross_unit" {
		t.Fatalf("cross-unit: %d %s", status, body)
	}
	if status, _ := f.do(t, "GET", "/v1/dossiers/"+code, a.Token, false, nil); status != 200 {
		t.Fatalf("own unit: %d", status)
	}
	// Revoked: 403 on every call.
	if _, err := f.c.Revoke(a.TerminalID); err != nil {
		t.Fatal(err)
	}
	if status, body := f.post(t, "/v1/sync", a.Token, true, syncReq(a)); status != 403 || apiErr(t, body).Error != "revoked" {
		t.Fatalf("revoked: %d %s", status, body)
	}
	// The log never holds a token.
	if strings.Contains(f.log.String(), a.Token) || strings.Contains(f.log.String(), code) {
		t.Fatal("a token or a code reached the log")
	}
}

// receiveViaCentral pushes one reception through the HTTP API and returns its code.
// testKey is the lookup key receiveViaCentral's dossier carries.
const testKey = "7KQ2M9XD4HTBR3W"

func receiveViaCentral(t *testing.T, f *fixture, term term) string {
	t.Helper()
	now := time.Now()
	code, _ := motcua.NewCode(term.Unit, now, term.Lanes[0].First)
	op, _ := motcua.NewOp(motcua.OpReceive, motcua.NewID(now), motcua.ReceiveArgs{Code: code.String(), Unit: term.Unit,
		ProcedureCode: "1.001193", Applicant: motcua.Person{Name: "Nguyễn Thị Ánh", Phone: "0912345678", IDKind: motcua.IDCCCD, IDNumber: "096187000123"},
		ReceivedAt: now, Appointment: now.Add(time.Hour), LookupKey: testKey})
	op.Seq, op.ID, op.ClientTime = 1, motcua.NewID(now), now
	status, body := f.post(t, "/v1/sync", term.Token, true, syncReq(term, op))
	if status != 200 {
		t.Fatalf("receive: %d %s", status, body)
	}
	var resp motcua.SyncResponse
	json.Unmarshal(body, &resp)
	if resp.Results[0].Status != motcua.Applied {
		t.Fatalf("receive result %+v", resp.Results[0])
	}
	return code.String()
}

func TestGapAndForkAnswers(t *testing.T) {
	f := newFixture(t, server.Options{MetricsToken: "m3tr1cs"})
	a := f.terminal(t, unit, motcua.RoleCounter)
	note := func(seq uint64, text string) motcua.Op {
		op, _ := motcua.NewOp(motcua.OpNote, motcua.NewID(time.Now()), motcua.NoteArgs{Text: text})
		op.Seq, op.ID = seq, motcua.NewID(time.Now())
		return op
	}
	status, body := f.post(t, "/v1/sync", a.Token, true, syncReq(a, note(3, "x")))
	if e := apiErr(t, body); status != 409 || e.Error != "seq_gap" || e.Expected != 1 {
		t.Fatalf("gap: %d %s", status, body)
	}
	// A note on a missing dossier is rejected, and still advances last.
	first := note(1, "x")
	status, body = f.post(t, "/v1/sync", a.Token, true, syncReq(a, first))
	var resp motcua.SyncResponse
	json.Unmarshal(body, &resp)
	if status != 200 || resp.LastAppliedSeq != 1 || resp.Results[0].Status != motcua.Rejected || resp.Results[0].MessageVI == "" {
		t.Fatalf("rejected op: %d %s", status, body)
	}
	// The same seq with other content: a fork.
	status, body = f.post(t, "/v1/sync", a.Token, true, syncReq(a, note(1, "y")))
	if e := apiErr(t, body); status != 409 || e.Error != "terminal_fork" {
		t.Fatalf("fork: %d %s", status, body)
	}
	status, body = f.post(t, "/v1/sync", a.Token, true, syncReq(a, first))
	if status != 409 {
		t.Fatalf("quarantined terminal: %d %s", status, body)
	}
	// /metrics is behind its token: none or a wrong one is 401.
	for _, tok := range []string{"", "wrong", a.Token} {
		if status, body := f.do(t, "GET", "/metrics", tok, false, nil); status != 401 {
			t.Fatalf("metrics with token %q: %d %s", tok, status, body)
		}
	}
	status, body = f.do(t, "GET", "/metrics", "m3tr1cs", false, nil)
	if status != 200 {
		t.Fatalf("metrics: %d %s", status, body)
	}
	m := string(body)
	for _, want := range []string{"go_goroutines ", "go_memstats_heap_alloc_bytes ", "process_open_fds ", `motcua_sync_requests_total{outcome="terminal_fork"} 2`, `motcua_sync_requests_total{outcome="seq_gap"} 1`,
		`motcua_ops_total{result="rejected"} 1`, `motcua_sync_duration_seconds_count 4`, `motcua_sync_duration_seconds_bucket{le="+Inf"} 4`,
		`motcua_http_requests_total{route="POST /v1/sync",code="409"} 3`} {
		if !strings.Contains(m, want) {
			t.Fatalf("metrics lack %s:\n%s", want, m)
		}
	}
}

func TestPublicEndpoints(t *testing.T) {
	f := newFixture(t, server.Options{PublicRate: 0.001, PublicBurst: 3, QuestionRate: 0.001, QuestionBurst: 2})
	a := f.terminal(t, unit, motcua.RoleCounter)
	code := receiveViaCentral(t, f, a)
	pc, _ := motcua.ParseCode(code)
	for _, q := range []string{code, pc.WithCheck()} {
		status, body := f.do(t, "GET", "/v1/public/dossiers/"+q, "", false, nil)
		if status != 200 {
			t.Fatalf("lookup %s: %d %s", q, status, body)
		}
		s := string(body)
		if !strings.Contains(s, `"applicant":""`) || strings.Contains(s, "0912345678") || strings.Contains(s, "096187000123") || strings.Contains(s, "Nguyễn") {
			t.Fatalf("not masked: %s", s)
		}
	}
	status, body := f.do(t, "GET", "/v1/public/dossiers/"+code[:len(code)-1]+"9-0", "", false, nil)
	if status != 400 && status != 404 {
		t.Fatalf("bad check digit: %d %s", status, body)
	}
	status, _ = f.do(t, "GET", "/v1/public/dossiers/"+code, "", false, nil)
	if status != 429 {
		t.Fatalf("rate limit: %d", status)
	}
	q := motcua.PublicQuestion{Unit: unit, Name: "Lê Văn Cường", Contact: "0912345678", Text: "Khi nào có kết quả?"}
	if status, body := f.post(t, "/v1/public/questions", "", false, q); status != 201 {
		t.Fatalf("question: %d %s", status, body)
	}
	bad := q
	bad.Text = ""
	if status, body := f.post(t, "/v1/public/questions", "", false, bad); status != 400 || apiErr(t, body).Error != "question_empty" {
		t.Fatalf("empty question: %d %s", status, body)
	}
	req, _ := http.NewRequest("POST", f.ts.URL+"/v1/public/questions", strings.NewReader(`{}`))
	resp, _ := http.DefaultClient.Do(req)
	resp.Body.Close()
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("question rate limit: %d %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if qs, _ := f.c.Questions(unit); len(qs) != 1 {
		t.Fatalf("%d questions", len(qs))
	}
	health := `"database":"` + f.c.Engine() + `","status":"ok"` // the engine of this run: bbolt, then postgres
	for path, want := range map[string]string{"/healthz": health, "/openapi.yaml": "openapi: 3.0.3", "/v1/ping": "server_time"} {
		if status, body := f.do(t, "GET", path, "", false, nil); status != 200 || !strings.Contains(string(body), want) {
			t.Fatalf("%s: %d %.80s", path, status, body)
		}
	}
	if strings.Contains(f.log.String(), "Lê Văn Cường") || strings.Contains(f.log.String(), "0912345678") {
		t.Fatal("personal data in the log")
	}
}

func TestAdminHandler(t *testing.T) {
	f := newFixture(t, server.Options{})
	admin := httptest.NewServer(checkedAgainstContract(t, server.New(f.c, server.Options{}).AdminHandler()))
	defer admin.Close()
	post := func(path string, v any) (int, []byte) {
		resp, err := http.Post(admin.URL+path, "application/json", bytes.NewReader(mustJSON(v)))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	if status, body := post("/admin/units", server.AddUnitRequest{Code: "000.00.07.H57", Name: "Tân Lộc", Parent: unit}); status != 200 {
		t.Fatalf("unit add: %d %s", status, body)
	}
	if status, body := post("/admin/units", server.AddUnitRequest{Code: "bad", Name: "x"}); status != 400 || apiErr(t, body).Error != "unit_code" {
		t.Fatalf("bad unit: %d %s", status, body)
	}
	status, body := post("/admin/enrollments", server.EnrollmentRequest{Unit: "000.00.07.H57", Role: motcua.RoleHamlet})
	var e motcua.Enrollment
	json.Unmarshal(body, &e)
	if status != 200 || len(e.Code) != 14 {
		t.Fatalf("enrollment: %d %s", status, body)
	}
	a := f.terminal(t, unit, motcua.RoleCounter)
	if status, body := post("/admin/terminals/"+a.TerminalID+"/revoke", nil); status != 200 || !strings.Contains(string(body), "revoked_at") {
		t.Fatalf("revoke: %d %s", status, body)
	}
	if status, _ := post("/admin/terminals/nope/revoke", nil); status != 404 {
		t.Fatalf("unknown terminal: %d", status)
	}
	// Admin calls are counted apart from public traffic.
	resp, err := http.Get(admin.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	m, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(m), `motcua_admin_requests_total{route="POST /admin/units",code="200"} 1`) ||
		strings.Contains(string(m), `motcua_http_requests_total{route="POST /admin`) {
		t.Fatalf("admin metrics:\n%s", m)
	}
}

func TestPublicRatingEndpoint(t *testing.T) {
	f := newFixture(t, server.Options{QuestionRate: 0.001, QuestionBurst: 4})
	a := f.terminal(t, unit, motcua.RoleCounter)
	code := receiveViaCentral(t, f, a)
	rate := motcua.PublicRating{Code: code, Convenience: motcua.Satisfied, Overall: motcua.Satisfied}
	// Without the dossier's key, refused (the code alone is not enough).
	if status, body := f.post(t, "/v1/public/ratings", "", false, rate); status != 403 || apiErr(t, body).Error != "key_required" {
		t.Fatalf("rating without the key: %d %s", status, body)
	}
	rate.Key = testKey
	// Not returned yet: refused with the rule, in both languages.
	if status, body := f.post(t, "/v1/public/ratings", "", false, rate); status != 400 || apiErr(t, body).Error != "rate_not_returned" {
		t.Fatalf("rating a dossier in progress: %d %s", status, body)
	}
	req, _ := http.NewRequest("POST", f.ts.URL+"/v1/public/ratings", strings.NewReader(`{"code":"`+code+`","surprise":1}`))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Fatalf("unknown field: %d", resp.StatusCode)
	}
	unknown := rate
	unknown.Code = "000.00.06.H56-231027-0001"
	if status, body := f.post(t, "/v1/public/ratings", "", false, unknown); status != 403 {
		t.Fatalf("unknown code: %d %s", status, body)
	}
	if status, _ := f.post(t, "/v1/public/ratings", "", false, rate); status != 429 {
		t.Fatalf("rate limit: %d", status)
	}
}

// The flood through the JSON API: however many addresses ask, one
// unit's codes answer at most 30 key-less lookups before the refill.
func TestPublicLookupsPerUnit(t *testing.T) {
	frozen := time.Now() // the limits' clock stands still: no refill during the test
	f := newFixture(t, server.Options{PublicRate: 1000, PublicBurst: 1000, Now: func() time.Time { return frozen }})
	a := f.terminal(t, unit, motcua.RoleCounter)
	code := receiveViaCentral(t, f, a)
	answered := 0
	for range 600 {
		status, _ := f.do(t, "GET", "/v1/public/dossiers/"+code, "", false, nil)
		if status == 200 {
			answered++
		} else if status != 429 {
			t.Fatalf("status %d", status)
		}
	}
	if answered != 30 {
		t.Fatalf("600 key-less lookups of one unit: %d answered, want 30", answered)
	}
}
