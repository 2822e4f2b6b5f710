package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/client"
	"github.com/motcua/motcua/faults"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/zalo"
)

// zaloStandIn plays Zalo's customer-service message API and conversation
// API, checking each request's path, access_token header and body shape;
// down drops every connection.
type zaloStandIn struct {
	t    *testing.T
	mu   sync.Mutex
	sent map[string][]string
	down atomic.Bool
}

func (z *zaloStandIn) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if z.down.Load() {
		if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
			conn.Close()
		}
		return
	}
	z.mu.Lock()
	defer z.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if r.Header.Get("access_token") != "tok-1" {
		z.t.Errorf("stand-in: access_token %q", r.Header.Get("access_token"))
	}
	switch r.Method + " " + r.URL.Path {
	case "POST /v3.0/oa/message/cs":
		var body struct {
			Recipient struct {
				UserID string `json:"user_id"`
			} `json:"recipient"`
			Message struct {
				Text string `json:"text"`
			} `json:"message"`
		}
		dec := json.NewDecoder(r.Body)
		dec.DisallowUnknownFields()
		if err := dec.Decode(&body); err != nil || body.Recipient.UserID == "" || body.Message.Text == "" {
			z.t.Errorf("stand-in: send body %+v (%v)", body, err)
		}
		z.sent[body.Recipient.UserID] = append(z.sent[body.Recipient.UserID], body.Message.Text)
		fmt.Fprint(w, `{"error":0,"message":"Success","data":{"message_id":"x"}}`)
	case "GET /v2.0/oa/conversation":
		var q struct {
			UserID string `json:"user_id"`
		}
		_ = json.Unmarshal([]byte(r.URL.Query().Get("data")), &q)
		var out []map[string]any
		for _, s := range z.sent[q.UserID] {
			out = append(out, map[string]any{"src": 0, "time": time.Now().UnixMilli(), "type": "text", "message": s})
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"error": 0, "message": "Success", "data": out})
	default:
		z.t.Errorf("stand-in: unexpected %s %s", r.Method, r.URL.Path)
	}
}

func (z *zaloStandIn) texts(user string) []string {
	z.mu.Lock()
	defer z.mu.Unlock()
	return append([]string(nil), z.sent[user]...)
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for i := 0; i < 400; i++ {
		if cond() {
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

// zaloRig is motcua-server built and run as a real process over a data
// directory, with a stand-in for Zalo in this process.
type zaloRig struct {
	t        *testing.T
	bin, dir string
	data     string
	addr     string
	z        *zaloStandIn
	zs       *httptest.Server
	srv      *exec.Cmd
}

func newZaloRig(t *testing.T) *zaloRig {
	bin := filepath.Join(t.TempDir(), "motcua-server")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/motcua/motcua/cmd/motcua-server").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	z := &zaloStandIn{t: t, sent: map[string][]string{}}
	zs := httptest.NewServer(z)
	t.Cleanup(zs.Close)
	dir := shortDir(t)
	r := &zaloRig{t: t, bin: bin, dir: dir, data: filepath.Join(dir, "srv"), addr: freeAddr(t), z: z, zs: zs}
	t.Cleanup(func() {
		if r.srv != nil {
			r.srv.Process.Kill()
			r.srv.Wait()
		}
	})
	return r
}

// sh runs an admin command and fails the test on a non-zero exit.
func (r *zaloRig) sh(args ...string) string {
	r.t.Helper()
	cmd := exec.Command(r.bin, append([]string{"--data", r.data}, args...)...)
	cmd.Env = append(os.Environ(), "MOTCUA_SERVER_DATA=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("motcua-server %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// start runs the server and waits until it answers.
func (r *zaloRig) start() {
	r.t.Helper()
	os.Remove(filepath.Join(r.data, "admin.sock")) // a killed server leaves it behind
	r.srv = exec.Command(r.bin, "--data", r.data, "--addr", r.addr)
	r.srv.Env = append(os.Environ(), "MOTCUA_ZALO_MAX_BACKOFF=100ms")
	if err := r.srv.Start(); err != nil {
		r.t.Fatal(err)
	}
	waitFor(r.t, "the server", func() bool {
		resp, err := http.Get("http://" + r.addr + "/healthz")
		if err == nil {
			resp.Body.Close()
		}
		return err == nil
	})
}

// kill sends SIGKILL.
func (r *zaloRig) kill() {
	r.srv.Process.Kill()
	r.srv.Wait()
	r.srv = nil
}

// setUp adds the unit and turns the channel on towards the stand-in.
func (r *zaloRig) setUp() {
	r.t.Helper()
	r.sh("unit", "add", "000.00.06.H56", "UBND xã Tân Thành")
	for name, v := range map[string]string{"secret": "oa-secret", "access": "tok-1"} {
		if err := os.WriteFile(filepath.Join(r.dir, name), []byte(v+"\n"), 0o600); err != nil {
			r.t.Fatal(err)
		}
	}
	r.sh("zalo", "set", "--oa-id", "1923", "--app-id", "4318", "--secret-key-file", filepath.Join(r.dir, "secret"),
		"--access-token-file", filepath.Join(r.dir, "access"), "--default-unit", "000.00.06.H56", "--api-url", r.zs.URL)
	if fi, err := os.Stat(filepath.Join(r.data, "zalo", zalo.AccessTokenFile)); err != nil || fi.Mode().Perm() != 0o600 {
		r.t.Fatalf("access token file: %v %v", fi, err)
	}
}

// post sends a follower's text as Zalo does, signed.
func (r *zaloRig) post(msgID, text string) {
	r.t.Helper()
	ts := fmt.Sprint(time.Now().UnixMilli())
	body, _ := json.Marshal(map[string]any{"app_id": "4318", "event_name": "user_send_text", "timestamp": ts,
		"sender": map[string]string{"id": "u1"}, "recipient": map[string]string{"id": "1923"},
		"message": map[string]string{"text": text, "msg_id": msgID}})
	req, _ := http.NewRequest("POST", "http://"+r.addr+"/zalo/webhook", strings.NewReader(string(body)))
	req.Header.Set(zalo.SignatureHeader, zalo.Sign("4318", body, ts, "oa-secret"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		r.t.Fatalf("webhook: %v %v", resp, err)
	}
	resp.Body.Close()
}

func (r *zaloRig) status() motcua.ZaloStatus {
	r.t.Helper()
	var st motcua.ZaloStatus
	if err := json.Unmarshal([]byte(r.sh("zalo", "status", "--json")), &st); err != nil {
		r.t.Fatal(err)
	}
	return st
}

// TestZaloAnswerSurvivesOutageAndSIGKILL: a follower's question reaches a
// terminal; the officer answers while Zalo is down; the server, still
// retrying, is killed with SIGKILL and started again; when Zalo is back the
// answer reaches the follower exactly once.
func TestZaloAnswerSurvivesOutageAndSIGKILL(t *testing.T) {
	if testing.Short() || runtime.GOOS == "windows" {
		t.Skip("builds the server and kills it with SIGKILL")
	}
	r := newZaloRig(t)
	r.start()
	r.setUp()
	r.post("m1", "Xin hỏi làm giấy khai sinh cần gì?")
	waitFor(t, "the acknowledgement", func() bool { return len(r.z.texts("u1")) == 1 })

	// A terminal syncs, sees the question, the officer answers while Zalo is down.
	st, sy := enrollTerminal(t, r.sh, r.addr, filepath.Join(r.dir, "t1"))
	drain := func() {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := sy.Drain(ctx); err != nil {
			t.Fatalf("sync: %v", err)
		}
	}
	drain()
	qs, err := st.Questions()
	if err != nil || len(qs) != 1 || qs[0].Channel != motcua.AskZalo {
		t.Fatalf("terminal questions %+v %v", qs, err)
	}
	r.z.down.Store(true)
	if _, err := st.AnswerQuestion(qs[0].ID, "Cần tờ khai và giấy chứng sinh.", false); err != nil {
		t.Fatal(err)
	}
	drain()
	waitFor(t, "a failed attempt", func() bool { return r.status().LastError != "" })
	r.kill() // SIGKILL, mid-retry
	r.start()
	time.Sleep(300 * time.Millisecond) // a few attempts against the dead stand-in
	r.z.down.Store(false)
	waitFor(t, "the answer", func() bool { return len(r.z.texts("u1")) >= 2 })
	// Sent messages leave the outbox: once it is empty nothing more can go.
	waitFor(t, "an empty outbox", func() bool { return r.status().Outbox == 0 })
	if got := r.z.texts("u1"); len(got) != 2 || !strings.Contains(got[1], "Cần tờ khai và giấy chứng sinh.") {
		t.Fatalf("the follower received %q, want the acknowledgement and the answer once", got)
	}
	if s := r.status(); s.Sent != 2 {
		t.Fatalf("status %+v", s)
	}
	if out := r.sh("zalo", "status"); strings.Contains(out, "tok-1") || strings.Contains(out, "oa-secret") {
		t.Fatalf("a secret in zalo status: %s", out)
	}
	drain()
	if qs, _ = st.Questions(); qs[0].Delivery != motcua.DeliverySent {
		t.Errorf("the officer sees delivery %q", qs[0].Delivery)
	}
	r.sh("zalo", "off")
	if s := r.status(); s.Settings.On {
		t.Error("zalo off left the channel on")
	}
}

func enrollTerminal(t *testing.T, sh func(...string) string, addr, path string) (*store.Store, *client.Syncer) {
	t.Helper()
	st := faults.Terminal(t, path, "A", nil)
	t.Cleanup(func() { st.Close() })
	faults.Enroll(t, st, "http://"+addr, "http://"+addr, strings.Fields(sh("enroll", "--unit", faults.Unit, "--role", "counter"))[0], nil)
	sy, err := client.NewSyncer(st, client.SyncerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return st, sy
}

// With the server stopped, zalo set|status|off work on the file; bad input
// exits 2 and changes nothing.
func TestZaloCommandsOnTheStoppedServer(t *testing.T) {
	ctx := context.Background()
	data := shortDir(t)
	dir := t.TempDir()
	if code, out, errs := runCmd(t, ctx, "--data", data, "--lang", "en", "zalo", "status"); code != 0 || !strings.Contains(out, "not set up") {
		t.Fatalf("status before set: %d %q %q", code, out, errs)
	}
	if code, _, _ := runCmd(t, ctx, "--data", data, "unit", "add", "000.00.06.H56", "UBND xã Tân Thành"); code != 0 {
		t.Fatal("unit add")
	}
	key, tok, empty := filepath.Join(dir, "key"), filepath.Join(dir, "tok"), filepath.Join(dir, "empty")
	for p, v := range map[string]string{key: "oa-secret\n", tok: "tok-1\n", empty: "\n"} {
		if err := os.WriteFile(p, []byte(v), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	base := []string{"--data", data, "--lang", "en", "zalo", "set", "--oa-id", "1923", "--app-id", "4318"}
	for _, bad := range [][]string{
		{"--access-token-file", tok},                                                              // no secret key
		{"--secret-key-file", empty, "--access-token-file", tok},                                  // an empty key file
		{"--secret-key-file", key, "--access-token-file", filepath.Join(dir, "absent")},           // a missing file
		{"--secret-key-file", key, "--access-token-file", tok, "--default-unit", "000.00.09.H56"}, // an unknown unit
	} {
		if code, _, errs := runCmd(t, ctx, append(base, bad...)...); code != 2 || errs == "" {
			t.Errorf("zalo set %v: exit %d %q, want 2 and a sentence", bad, code, errs)
		}
	}
	if code, out, _ := runCmd(t, ctx, "--data", data, "zalo", "status", "--json"); code != 0 || !strings.Contains(out, `"configured":false`) {
		t.Fatalf("refused sets changed the status: %s", out)
	}
	if _, err := os.Stat(zalo.SecretsDir(data)); !os.IsNotExist(err) {
		t.Errorf("refused sets wrote secrets: %v", err)
	}
	if code, out, errs := runCmd(t, ctx, append(base, "--secret-key-file", key, "--access-token-file", tok, "--default-unit", "000.00.06.H56")...); code != 0 {
		t.Fatalf("zalo set: %d %s %s", code, out, errs)
	}
	code, out, _ := runCmd(t, ctx, "--data", data, "--lang", "en", "zalo", "status")
	if code != 0 || !strings.Contains(out, "1923 channel: on") || !strings.Contains(out, "0 waiting") || strings.Contains(out, "tok-1") {
		t.Fatalf("status: %d %s", code, out)
	}
	if v, _ := zalo.ReadSecret(zalo.SecretsDir(data), zalo.SecretKeyFile); v != "oa-secret" {
		t.Errorf("secret key file holds %q", v)
	}
	if code, _, _ := runCmd(t, ctx, "--data", data, "zalo", "off"); code != 0 {
		t.Fatal("zalo off")
	}
	if _, out, _ := runCmd(t, ctx, "--data", data, "--lang", "en", "zalo", "status"); !strings.Contains(out, "channel: off") {
		t.Errorf("status after off: %s", out)
	}
}
