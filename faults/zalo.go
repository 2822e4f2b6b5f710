package faults

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/central"
	"github.com/motcua/motcua/zalo"
)

// The Zalo channel in the random mix (docs/DESIGN.md §14): followers ask
// the OA while the server is being killed, officers answer those questions
// among the others, and a stand-in for Zalo's API receives what the
// server's outbox sends. Each ask carries a history token and comes from a
// follower of its own, so the checker can count, per ask, the question on
// the server and the acknowledgement received, and per answer the message
// received: each exactly once.

// ZaloTerminal is the history's name for the followers' side.
const ZaloTerminal = "zalo"

// EnvChildZalo, set for a server child, runs the Zalo webhook and sender.
const EnvChildZalo = "MOTCUA_FAULT_CHILD_ZALO"

const (
	zaloAppID  = "4318957290045732179"
	zaloSecret = "fault-oa-secret"
	zaloToken  = "fault-access-token"
)

// ZaloStandIn plays Zalo's customer-service message API and conversation
// API, and keeps every text it accepted, by follower.
type ZaloStandIn struct {
	URL  string
	mu   sync.Mutex
	sent map[string][]string
	at   map[string][]int64
}

// NewZaloStandIn starts the stand-in for the test's life.
func NewZaloStandIn(t testing.TB) *ZaloStandIn {
	z := &ZaloStandIn{sent: map[string][]string{}, at: map[string][]int64{}}
	ts := httptest.NewServer(z)
	t.Cleanup(ts.Close)
	z.URL = ts.URL
	return z
}

func (z *ZaloStandIn) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if r.Header.Get("access_token") != zaloToken {
		fmt.Fprint(w, `{"error":-216,"message":"Access token is invalid"}`)
		return
	}
	z.mu.Lock()
	defer z.mu.Unlock()
	switch r.Method + " " + r.URL.Path {
	case "POST " + zalo.PathSendCS:
		var body struct {
			Recipient struct {
				UserID string `json:"user_id"`
			} `json:"recipient"`
			Message struct {
				Text string `json:"text"`
			} `json:"message"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.Recipient.UserID == "" {
			fmt.Fprint(w, `{"error":-201,"message":"Parameter invalid"}`)
			return
		}
		u := body.Recipient.UserID
		z.sent[u] = append(z.sent[u], body.Message.Text)
		z.at[u] = append(z.at[u], time.Now().UnixMilli())
		fmt.Fprint(w, `{"error":0,"message":"Success","data":{"message_id":"x"}}`)
	case "GET " + zalo.PathConversation:
		var q struct {
			UserID string `json:"user_id"`
		}
		_ = json.Unmarshal([]byte(r.URL.Query().Get("data")), &q)
		out := []map[string]any{}
		for i := len(z.sent[q.UserID]) - 1; i >= 0; i-- {
			out = append(out, map[string]any{"src": 0, "time": z.at[q.UserID][i], "type": "text", "message": z.sent[q.UserID][i]})
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"error": 0, "message": "Success", "data": out})
	default:
		http.NotFound(w, r)
	}
}

// Received is every text accepted, by follower.
func (z *ZaloStandIn) Received() map[string][]string {
	z.mu.Lock()
	defer z.mu.Unlock()
	out := map[string][]string{}
	for u, l := range z.sent {
		out[u] = append([]string(nil), l...)
	}
	return out
}

// EnableZalo turns the channel on in a stopped server's file, towards the
// stand-in, and makes its children run the webhook and the sender.
func (sp *ServerProc) EnableZalo(apiURL string) {
	sp.T.Helper()
	c, err := central.Open(sp.Path())
	if err != nil {
		sp.T.Fatal(err)
	}
	defer c.Close()
	if err := c.SetZaloSettings(motcua.ZaloSettings{OAID: "1923757439275632611", AppID: zaloAppID, DefaultUnit: Unit, APIURL: apiURL}); err != nil {
		sp.T.Fatal(err)
	}
	dir := zalo.SecretsDir(sp.Dir)
	for name, v := range map[string]string{zalo.SecretKeyFile: zaloSecret, zalo.AccessTokenFile: zaloToken} {
		if err := zalo.WriteSecret(dir, name, v); err != nil {
			sp.T.Fatal(err)
		}
	}
	sp.zalo = true
}

// ZaloAsk is one follower's question: an event the follower's Zalo keeps
// posting (the same msg_id and timestamp) until the webhook answers 200.
type ZaloAsk struct {
	A    *Action
	body []byte
	ts   string
}

// Follower returns the Zalo id of the follower who asked a.
func Follower(a *Action) string { return "f-" + a.Token }

// NewZaloAsk records a follower's question in the history.
func NewZaloAsk(h *History) *ZaloAsk {
	a := h.Invoke(ZaloTerminal, motcua.OpAsk, "", 0)
	ts := fmt.Sprint(time.Now().UnixMilli())
	body, _ := json.Marshal(map[string]any{"app_id": zaloAppID, "event_name": "user_send_text", "timestamp": ts,
		"sender": map[string]string{"id": Follower(a)}, "recipient": map[string]string{"id": "1923757439275632611"},
		"message": map[string]string{"text": "Cho tôi hỏi thủ tục cấp bản sao " + a.Token, "msg_id": "m-" + a.Token}})
	return &ZaloAsk{A: a, body: body, ts: ts}
}

// Post delivers the event once; true when the webhook took it (200), which
// acknowledges the ask in the history.
func (q *ZaloAsk) Post(h *History, base string) bool {
	req, err := http.NewRequest("POST", base+"/zalo/webhook", strings.NewReader(string(q.body)))
	if err != nil {
		return false
	}
	req.Header.Set(zalo.SignatureHeader, zalo.Sign(zaloAppID, q.body, q.ts, zaloSecret))
	resp, err := (&http.Client{Timeout: 3 * time.Second}).Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return false
	}
	h.AckZalo(q.A)
	return true
}

// AckZalo records that the webhook took a follower's question (the
// question's id is the server's, unknown to the follower).
func (h *History) AckZalo(a *Action) {
	h.mu.Lock()
	defer h.mu.Unlock()
	a.State = Acknowledged
}

// zaloChild wires the Zalo channel into a server child: fast retries, so a
// run drains its outbox in a moment.
func zaloChild(c *central.Store, dir string) *zalo.Handler {
	if os.Getenv(EnvChildZalo) == "" {
		return nil
	}
	secrets := zalo.SecretsDir(dir)
	h := zalo.NewHandler(c, secrets, nil, nil)
	s := zalo.NewSender(c, secrets, nil, nil)
	s.Interval = 20 * time.Millisecond
	s.Backoff = func(int) time.Duration { return 20 * time.Millisecond }
	h.Wake = s.Wake
	go s.Run(context.Background())
	return h
}

// checkZalo: every follower whose question is on the server received one
// acknowledgement, and every answer to a Zalo question reached its
// follower once.
func checkZalo(rep *Report, srv *ServerState, acts []Action, seen map[string]int, got map[string][]string) {
	count := func(user, needle string) int {
		n := 0
		for _, t := range got[user] {
			if strings.Contains(t, needle) {
				n++
			}
		}
		return n
	}
	for _, a := range acts {
		if a.Terminal != ZaloTerminal || seen[a.Token] == 0 {
			continue
		}
		switch n := count(Follower(&a), "Câu hỏi của bạn đã được chuyển"); {
		case n == 0:
			rep.errorf(&rep.Lost, "zalo question %s: the follower never got the acknowledgement", a.Token)
		case n > 1:
			rep.errorf(&rep.Duplicated, "zalo question %s: the follower got the acknowledgement %d times", a.Token, n)
		}
	}
	for id, q := range srv.Questions {
		if q.Channel != motcua.AskZalo {
			continue
		}
		user := "f-" + tokenOf(q.Text)
		for _, ans := range q.Answers {
			tok := tokenOf(ans.Text)
			switch n := count(user, tok); {
			case n == 0:
				rep.errorf(&rep.Lost, "zalo question %s: answer %s never reached the follower", id, tok)
			case n > 1:
				rep.errorf(&rep.Duplicated, "zalo question %s: answer %s reached the follower %d times", id, tok, n)
			}
		}
	}
	for _, l := range got {
		rep.ZaloDelivered += len(l)
	}
}

// MaxZaloAsks bounds a run's Zalo questions below the unit's hourly inbox
// limit, beyond which a question is held for review (not what this checks).
const MaxZaloAsks = 20

// PostAll posts each ask once and returns those the webhook did not take.
func PostAll(h *History, base string, asks []*ZaloAsk) []*ZaloAsk {
	var left []*ZaloAsk
	for _, q := range asks {
		if !q.Post(h, base) {
			left = append(left, q)
		}
	}
	return left
}

// DrainZalo runs the server until its outbox is empty, with the tail
// caught up, and leaves it stopped: each stop is a SIGKILL, maybe in the
// middle of a send, which the restarted sender settles.
func (sp *ServerProc) DrainZalo(seed uint64) {
	sp.T.Helper()
	for i := 0; ; i++ {
		sp.Kill()
		c, err := central.Open(sp.Path())
		if err != nil {
			sp.T.Fatal(err)
		}
		more := true
		for more && err == nil {
			_, more, err = c.ZaloTail()
		}
		st, serr := c.ZaloStatus()
		c.Close()
		if err != nil || serr != nil {
			sp.T.Fatalf("zalo outbox: %v %v", err, serr)
		}
		if st.Outbox == 0 {
			return
		}
		if i == 100 {
			sp.T.Fatalf("the zalo outbox keeps %d messages: %s", st.Outbox, st.LastError)
		}
		sp.Start("", seed)
		time.Sleep(100 * time.Millisecond)
	}
}
