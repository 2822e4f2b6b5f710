package client

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua/motcua"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2023, 10, 27, 9, 0, 0, 0, time.UTC)
	cases := map[string]time.Duration{
		"":                              0,
		"120":                           2 * time.Minute,
		"-3":                            0,
		"soon":                          0,
		"Fri, 27 Oct 2023 09:00:30 GMT": 30 * time.Second,
		"Fri, 27 Oct 2023 08:00:00 GMT": 0,
	}
	for in, want := range cases {
		if got := retryAfter(in, now); got != want {
			t.Errorf("retryAfter(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestBackoffIsFullJitterWithinBounds(t *testing.T) {
	s := &Syncer{o: SyncerOptions{BackoffBase: 2 * time.Second, BackoffCap: 5 * time.Minute}}
	for attempt, bound := range map[int]time.Duration{1: 2 * time.Second, 2: 4 * time.Second, 5: 32 * time.Second, 9: 5 * time.Minute, 60: 5 * time.Minute} {
		var hi time.Duration
		for i := 0; i < 2000; i++ {
			d := s.backoff(attempt)
			if d < 0 || d > bound {
				t.Fatalf("attempt %d: %v outside [0, %v]", attempt, d, bound)
			}
			hi = max(hi, d)
		}
		if hi < bound/2 {
			t.Fatalf("attempt %d: never above %v of %v: not full jitter", attempt, hi, bound)
		}
	}
}

// A hostile or broken server cannot put terminal escapes on the officer's screen.
func TestAPIErrorsAreTypedAndSanitized(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "7")
		w.WriteHeader(http.StatusTooManyRequests)
		w.Write([]byte(`{"error":"rate_limited","message":"slow \u001b]0;pwned\u0007down","message_vi":"chậm \u001b[2J lại"}`))
	}))
	defer ts.Close()
	_, err := New(ts.URL, "tok", Options{}).Ping(context.Background())
	e, ok := err.(*motcua.Error)
	if !ok || e.Status != 429 || e.Reason != "rate_limited" || e.Code != motcua.EUNAVAILABLE || e.RetryAfter != 7*time.Second ||
		!e.Retryable() || e.StopReason() != "" {
		t.Fatalf("error %#v", err)
	}
	if strings.ContainsRune(e.EN+e.VI, 0x1b) || strings.ContainsRune(e.EN, 0x07) {
		t.Fatalf("escape kept: %q %q", e.EN, e.VI)
	}
	_, err = New("http://127.0.0.1:1", "", Options{}).Ping(context.Background())
	if e, ok := err.(*motcua.Error); !ok || e.Status != 0 || !e.Retryable() || e.Reason != motcua.ErrNetwork {
		t.Fatalf("unreachable: %#v", err)
	}
}

// A server that hangs up a kept-alive connection just as a sync goes out on
// it (a restart, a keep-alive timeout, a NAT dropping the flow) costs the
// officer nothing: the sync is safe to resend, so it goes again on a new
// connection at once instead of failing into the syncer's backoff.
func TestSyncResentWhenAKeptAliveConnectionIsDropped(t *testing.T) {
	var calls atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 2 {
			// The second request arrives on the first one's connection:
			// close it without a word, as a restarting server does.
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"last_applied_seq":0,"results":[],"pull":{"cursor":"","items":[],"has_more":false},"server_time":"2023-10-27T09:00:00Z"}`))
	}))
	defer ts.Close()
	c := New(ts.URL, "tok", Options{})
	body, err := EncodeSync(motcua.SyncRequest{TerminalID: "t", Schema: motcua.WireSchema})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if _, err := c.Sync(context.Background(), body); err != nil {
			t.Fatalf("sync %d: %v", i+1, err)
		}
	}
	if n := calls.Load(); n != 3 {
		t.Fatalf("the server saw %d requests, want 3 (the dropped one sent again)", n)
	}
}
