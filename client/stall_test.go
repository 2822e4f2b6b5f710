package client

import (
	"bytes"
	"compress/gzip"
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua/motcua"
)

// slowAnswer is a gzipped sync answer, which the test server sends a byte
// at a time.
func slowAnswer(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(`{"last_applied_seq":0,"results":[],"pull":{"cursor":"","has_more":false},"server_time":"2023-10-27T09:00:00Z"}`))
	zw.Close()
	return buf.Bytes()
}

// A slow answer that keeps moving is never cut, however long it takes
// beside the stall bound; one that stops moving is cut and named for what
// it is: a stalled link.
func TestStallWatchCutsOnlyAStalledLink(t *testing.T) {
	body := slowAnswer(t)
	var silent atomic.Bool
	hang := make(chan struct{})
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Encoding", "gzip")
		w.WriteHeader(http.StatusOK)
		for i, b := range body {
			w.Write([]byte{b})
			w.(http.Flusher).Flush()
			if silent.Load() && i == len(body)/2 {
				<-hang // the link goes silent mid-answer
			}
			time.Sleep(15 * time.Millisecond) // the whole answer takes several stall bounds
		}
	}))
	defer ts.Close()
	defer close(hang) // before Close, which waits for the handler
	// The bound leaves room for a scheduler on a loaded machine (CI runs
	// beside other work): a byte every 15 ms never comes near 400 ms.
	c := New(ts.URL, "tok", Options{Stall: 400 * time.Millisecond})
	gz, err := EncodeSync(motcua.SyncRequest{TerminalID: "t", Schema: motcua.WireSchema})
	if err != nil {
		t.Fatal(err)
	}
	_, tr, err := c.SyncMeasured(context.Background(), gz)
	if err != nil {
		t.Fatalf("a slow but moving answer was cut: %v", err)
	}
	if tr.Down != len(body) || tr.Elapsed < 400*time.Millisecond {
		t.Fatalf("moved %+v, want %d bytes down over more than one stall bound", tr, len(body))
	}
	silent.Store(true)
	_, _, err = c.SyncMeasured(context.Background(), gz)
	if motcua.ErrorReason(err) != motcua.ErrStalled {
		t.Fatalf("a silent link gave %v, want %s", err, motcua.ErrStalled)
	}
}
