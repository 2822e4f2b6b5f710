package zalo_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/central"
	"github.com/motcua/motcua/client"
	"github.com/motcua/motcua/faults"
	"github.com/motcua/motcua/server"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/zalo"
)

// The tests run the real server on loopback over a real central store,
// real terminal stores syncing through the real client, and a stand-in for
// Zalo's API that checks every request as Zalo's documentation defines it.

const (
	unitCode  = "000.00.06.H56"
	unitName  = "UBND xã Tân Thành"
	appID     = "4318957290045732179"
	oaID      = "1923757439275632611"
	oaSecret  = "Xo1qWJkQmbyrT8fUaZ3d"
	appSecret = "Pn3Fq8rUwm2BcZkT9aLx"
)

// standIn plays Zalo: the customer-service message API, the conversation
// API and the token refresh. down makes every connection drop.
type standIn struct {
	t         *testing.T
	ts        *httptest.Server
	mu        sync.Mutex
	token     string              // the access token it accepts
	refresh   string              // the refresh token it accepts (single use)
	sent      map[string][]string // follower → texts received
	sentAt    map[string][]int64
	failWith  int // a Zalo error code to answer sends with (0: none)
	refreshes int
	down      atomic.Bool
}

func newStandIn(t *testing.T, token, refresh string) *standIn {
	z := &standIn{t: t, token: token, refresh: refresh, sent: map[string][]string{}, sentAt: map[string][]int64{}}
	z.ts = httptest.NewServer(http.HandlerFunc(z.serve))
	t.Cleanup(z.ts.Close)
	return z
}

func zaloJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func (z *standIn) serve(w http.ResponseWriter, r *http.Request) {
	if z.down.Load() {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
		return
	}
	z.mu.Lock()
	defer z.mu.Unlock()
	switch r.Method + " " + r.URL.Path {
	case "POST " + zalo.PathSendCS:
		z.serveSend(w, r)
	case "GET " + zalo.PathConversation:
		z.serveConversation(w, r)
	case "POST " + zalo.PathRefresh:
		z.serveRefresh(w, r)
	default:
		z.t.Errorf("stand-in: unexpected %s %s", r.Method, r.URL.Path)
		http.NotFound(w, r)
	}
}

func (z *standIn) serveSend(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("access_token") != z.token {
		zaloJSON(w, map[string]any{"error": zalo.ErrTokenInvalid, "message": "Access token is invalid"})
		return
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		z.t.Errorf("send: Content-Type %q", ct)
	}
	var body struct {
		Recipient map[string]string `json:"recipient"`
		Message   map[string]string `json:"message"`
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		z.t.Errorf("send: body is not {recipient, message}: %v", err)
	}
	user, text := body.Recipient["user_id"], body.Message["text"]
	if len(body.Recipient) != 1 || len(body.Message) != 1 || user == "" || text == "" {
		z.t.Errorf("send: body shape %+v", body)
	}
	if n := len([]rune(text)); n > motcua.ZaloMaxText {
		z.t.Errorf("send: text of %d characters", n)
	}
	if z.failWith != 0 {
		zaloJSON(w, map[string]any{"error": z.failWith, "message": "User has not interacted with the OA in the last 7 days"})
		return
	}
	z.sent[user] = append(z.sent[user], text)
	z.sentAt[user] = append(z.sentAt[user], time.Now().UnixMilli())
	zaloJSON(w, map[string]any{"error": 0, "message": "Success", "data": map[string]string{"message_id": fmt.Sprint("m", len(z.sent[user])), "user_id": user}})
}

func (z *standIn) serveConversation(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("access_token") != z.token {
		zaloJSON(w, map[string]any{"error": zalo.ErrTokenInvalid, "message": "Access token is invalid"})
		return
	}
	var q struct {
		UserID string `json:"user_id"`
		Offset int    `json:"offset"`
		Count  int    `json:"count"`
	}
	if err := json.Unmarshal([]byte(r.URL.Query().Get("data")), &q); err != nil || q.UserID == "" || q.Count <= 0 {
		z.t.Errorf("conversation: data %q", r.URL.Query().Get("data"))
	}
	var out []map[string]any
	texts := z.sent[q.UserID]
	for i := len(texts) - 1; i >= 0; i-- {
		out = append(out, map[string]any{"src": 0, "time": z.sentAt[q.UserID][i], "type": "text", "message": texts[i]})
	}
	zaloJSON(w, map[string]any{"error": 0, "message": "Success", "data": out})
}

func (z *standIn) serveRefresh(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		z.t.Errorf("refresh: form: %v", err)
	}
	if r.Header.Get("secret_key") != appSecret || r.PostForm.Get("app_id") != appID ||
		r.PostForm.Get("grant_type") != "refresh_token" || r.PostForm.Get("refresh_token") != z.refresh {
		zaloJSON(w, map[string]any{"error": -14014, "error_name": "Invalid refresh token", "error_description": "refresh token is invalid"})
		return
	}
	z.refreshes++
	z.token, z.refresh = fmt.Sprint("access-", z.refreshes), fmt.Sprint("refresh-", z.refreshes)
	zaloJSON(w, map[string]any{"access_token": z.token, "refresh_token": z.refresh, "expires_in": "90000"})
}

// texts returns what follower received so far.
func (z *standIn) texts(user string) []string {
	z.mu.Lock()
	defer z.mu.Unlock()
	return append([]string(nil), z.sent[user]...)
}

type harness struct {
	t      *testing.T
	c      *central.Store
	ts     *httptest.Server
	zalo   *standIn
	dir    string
	sender *zalo.Sender
}

func newHarness(t *testing.T, defaultUnit string) *harness {
	t.Helper()
	data := t.TempDir()
	c, err := central.Open(filepath.Join(data, "central.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.AddUnit(unitCode, unitName, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AddUnit("000.00.07.H56", "UBND xã Hòa Thành", ""); err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, c: c, zalo: newStandIn(t, "access-0", "refresh-0"), dir: zalo.SecretsDir(data)}
	for name, v := range map[string]string{zalo.SecretKeyFile: oaSecret, zalo.AccessTokenFile: "access-0",
		zalo.RefreshTokenFile: "refresh-0", zalo.AppSecretFile: appSecret} {
		if err := zalo.WriteSecret(h.dir, name, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.SetZaloSettings(motcua.ZaloSettings{OAID: oaID, AppID: appID, DefaultUnit: defaultUnit,
		APIURL: h.zalo.ts.URL, OAuthURL: h.zalo.ts.URL}); err != nil {
		t.Fatal(err)
	}
	wh := zalo.NewHandler(c, h.dir, nil, nil)
	srv := server.New(c, server.Options{Zalo: wh})
	h.ts = httptest.NewServer(srv.Handler())
	if _, err := c.SetPublicURL(h.ts.URL); err != nil {
		t.Fatal(err)
	}
	h.sender = zalo.NewSender(c, h.dir, nil, nil)
	h.sender.Backoff = func(int) time.Duration { return 0 }
	t.Cleanup(func() {
		h.ts.Close()
		if err := c.CheckIntegrity(); err != nil {
			t.Errorf("central integrity: %v", err)
		}
		c.Close()
	})
	return h
}

// event posts a follower's text as Zalo does, signed, and returns the status.
func (h *harness) event(user, msgID, text string, at time.Time, sign func(body []byte, ts string) string) int {
	h.t.Helper()
	ts := fmt.Sprint(at.UnixMilli())
	ev := map[string]any{"app_id": appID, "user_id_by_app": "8410000" + user, "event_name": "user_send_text",
		"timestamp": ts, "sender": map[string]string{"id": user}, "recipient": map[string]string{"id": oaID},
		"message": map[string]string{"text": text, "msg_id": msgID}}
	body, _ := json.Marshal(ev)
	req, _ := http.NewRequest("POST", h.ts.URL+"/zalo/webhook", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	if sign != nil {
		req.Header.Set(zalo.SignatureHeader, sign(body, ts))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func zaloSign(body []byte, ts string) string { return zalo.Sign(appID, body, ts, oaSecret) }

// say posts a signed, fresh event and expects it taken.
func (h *harness) say(user, msgID, text string) {
	h.t.Helper()
	if code := h.event(user, msgID, text, time.Now(), zaloSign); code != http.StatusOK {
		h.t.Fatalf("webhook answered %d to %q", code, text)
	}
}

func (h *harness) step() {
	h.t.Helper()
	if err := h.sender.Step(); err != nil {
		h.t.Fatalf("sender step: %v", err)
	}
}

type terminal struct {
	st *store.Store
	sy *client.Syncer
}

// terminal opens a terminal store of the unit (faults' helpers) and
// enrolls it with the server.
func (h *harness) terminal(name string) *terminal {
	t := h.t
	t.Helper()
	st := faults.Terminal(t, t.TempDir(), name, nil)
	t.Cleanup(func() { st.Close() })
	e, err := h.c.CreateEnrollment(unitCode, motcua.RoleCounter)
	if err != nil {
		t.Fatal(err)
	}
	faults.Enroll(t, st, h.ts.URL, h.ts.URL, e.Code, nil)
	sy, err := client.NewSyncer(st, client.SyncerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return &terminal{st: st, sy: sy}
}

func (tm *terminal) sync(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if _, err := tm.sy.Drain(ctx); err != nil {
		t.Fatalf("sync: %v", err)
	}
}

// receive takes a dossier at the counter and returns it with its key.
func (tm *terminal) receive(t *testing.T, name string) (motcua.Dossier, string) {
	t.Helper()
	done, err := tm.st.Receive(motcua.ReceiveInput{ProcedureCode: "1.001193", Applicant: motcua.Person{Name: name, Phone: "0912345678"}})
	if err != nil {
		t.Fatal(err)
	}
	tm.sync(t)
	u, err := tm.st.LookupURL(done.Dossier)
	if err != nil || u == "" {
		t.Fatalf("no lookup address after sync: %q %v", u, err)
	}
	pu, _ := url.Parse(u)
	return done.Dossier, pu.Query().Get("k")
}
