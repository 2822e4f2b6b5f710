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

// TestZaloAnswerSurvivesOutageAndSIGKILL: a follower's question reaches a
// terminal; the officer answers while Zalo is down; the server, still
// retrying, is killed with SIGKILL and started again; when Zalo is back the
// answer reaches the follower exactly once.
func TestZaloAnswerSurvivesOutageAndSIGKILL(t *testing.T) {
	if testing.Short() || runtime.GOOS == "windows" {
		t.Skip("builds the server and kills it with SIGKILL")
	}
	bin := filepath.Join(t.TempDir(), "motcua-server")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/motcua/motcua/cmd/motcua-server").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	z := &zaloStandIn{t: t, sent: map[string][]string{}}
	zs := httptest.NewServer(z)
	defer zs.Close()
	dir := shortDir(t)
	data := filepath.Join(dir, "srv")
	sh := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, append([]string{"--data", data}, args...)...)
		cmd.Env = append(os.Environ(), "MOTCUA_SERVER_DATA=")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("motcua-server %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	addr := freeAddr(t)
	start := func() *exec.Cmd {
		t.Helper()
		os.Remove(filepath.Join(data, "admin.sock")) // a killed server leaves it behind
		cmd := exec.Command(bin, "--data", data, "--addr", addr)
		cmd.Env = append(os.Environ(), "MOTCUA_ZALO_MAX_BACKOFF=100ms")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "the server", func() bool {
			resp, err := http.Get("http://" + addr + "/healthz")
			if err == nil {
				resp.Body.Close()
			}
			return err == nil
		})
		return cmd
	}
	srv := start()
	defer func() { srv.Process.Kill(); srv.Wait() }()
	sh("unit", "add", "000.00.06.H56", "UBND xã Tân Thành")
	files := map[string]string{"secret": "oa-secret", "app": "app-secret", "access": "tok-1"}
	for name, v := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(v+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	sh("zalo", "set", "--oa-id", "1923", "--app-id", "4318", "--secret-key-file", filepath.Join(dir, "secret"),
		"--access-token-file", filepath.Join(dir, "access"), "--default-unit", "000.00.06.H56", "--api-url", zs.URL)
	if fi, err := os.Stat(filepath.Join(data, "zalo", zalo.AccessTokenFile)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("access token file: %v %v", fi, err)
	}

	// The follower asks; the acknowledgement comes back.
	post := func(msgID, text string) {
		t.Helper()
		ts := fmt.Sprint(time.Now().UnixMilli())
		body, _ := json.Marshal(map[string]any{"app_id": "4318", "event_name": "user_send_text", "timestamp": ts,
			"sender": map[string]string{"id": "u1"}, "recipient": map[string]string{"id": "1923"},
			"message": map[string]string{"text": text, "msg_id": msgID}})
		req, _ := http.NewRequest("POST", "http://"+addr+"/zalo/webhook", strings.NewReader(string(body)))
		req.Header.Set(zalo.SignatureHeader, zalo.Sign("4318", body, ts, "oa-secret"))
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("webhook: %v %v", resp, err)
		}
		resp.Body.Close()
	}
	post("m1", "Xin hỏi làm giấy khai sinh cần gì?")
	waitFor(t, "the acknowledgement", func() bool { return len(z.texts("u1")) == 1 })

	// A terminal syncs, sees the question, the officer answers while Zalo is down.
	st, sy := enrollTerminal(t, sh, addr, filepath.Join(dir, "t1"))
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
	z.down.Store(true)
	if _, err := st.AnswerQuestion(qs[0].ID, "Cần tờ khai và giấy chứng sinh.", false); err != nil {
		t.Fatal(err)
	}
	drain()
	waitFor(t, "a failed attempt", func() bool {
		return strings.Contains(sh("zalo", "status", "--json"), `"last_error"`)
	})
	srv.Process.Kill() // SIGKILL, mid-retry
	srv.Wait()
	srv = start()
	time.Sleep(300 * time.Millisecond) // a few attempts against the dead stand-in
	z.down.Store(false)
	waitFor(t, "the answer", func() bool { return len(z.texts("u1")) >= 2 })
	// Sent messages leave the outbox: once it is empty nothing more can go.
	waitFor(t, "an empty outbox", func() bool { return strings.Contains(sh("zalo", "status", "--json"), `"outbox":0`) })
	got := z.texts("u1")
	if len(got) != 2 || !strings.Contains(got[1], "Cần tờ khai và giấy chứng sinh.") {
		t.Fatalf("the follower received %q, want the acknowledgement and the answer once", got)
	}
	var status motcua.ZaloStatus
	if err := json.Unmarshal([]byte(sh("zalo", "status", "--json")), &status); err != nil || status.Outbox != 0 || status.Sent != 2 {
		t.Fatalf("status %+v %v", status, err)
	}
	if out := sh("zalo", "status"); strings.Contains(out, "tok-1") || strings.Contains(out, "oa-secret") {
		t.Fatalf("a secret in zalo status: %s", out)
	}
	drain()
	if qs, _ = st.Questions(); qs[0].Delivery != motcua.DeliverySent {
		t.Errorf("the officer sees delivery %q", qs[0].Delivery)
	}
	sh("zalo", "off")
	if out := sh("zalo", "status"); !strings.Contains(out, "tắt") && !strings.Contains(out, "off") {
		t.Errorf("status after off: %s", out)
	}
}

func enrollTerminal(t *testing.T, sh func(...string) string, addr, path string) (*store.Store, *client.Syncer) {
	t.Helper()
	st, err := store.Open(filepath.Join(path, "motcua.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Init("000.00.06.H56", "UBND xã Tân Thành", "Nguyễn Văn An"); err != nil {
		t.Fatal(err)
	}
	code := strings.Fields(sh("enroll", "--unit", "000.00.06.H56", "--role", "counter"))[0]
	m, err := st.SyncMeta()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.New("http://"+addr, "", client.Options{}).Enroll(context.Background(), motcua.EnrollRequest{Code: code,
		InstallNonce: m.Terminal.InstallNonce, Schema: motcua.WireSchema, AckedSeq: m.AckedSeq})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SetEnrollment(store.Enrollment{Server: "http://" + addr, Response: resp}); err != nil {
		t.Fatal(err)
	}
	sy, err := client.NewSyncer(st, client.SyncerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return st, sy
}
