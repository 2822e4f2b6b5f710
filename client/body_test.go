package client

import (
	"compress/gzip"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/motcua/motcua"
)

// The client does by hand what resty did for it: the headers every request
// carries, a gzipped answer inflated, an answer over MaxResponse refused
// (counted decompressed), a path after a base URL with a trailing slash.
func TestClientHeadersGzipAndLimit(t *testing.T) {
	var got http.Header
	body := `{"server_time":"2026-12-06T10:00:00+07:00","schema":7,"pad":"` + strings.Repeat("x", 4000) + `"}`
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		if r.URL.Path != "/v1/ping" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		zw.Write([]byte(body))
		zw.Close()
	}))
	defer ts.Close()

	ping, err := New(ts.URL+"/", "tok", Options{}).Ping(context.Background())
	if err != nil || ping.Schema != 7 {
		t.Fatalf("Ping = %+v, %v", ping, err)
	}
	for k, want := range map[string]string{"User-Agent": "motcua/" + Version, "Accept-Encoding": "gzip",
		"Accept": "application/json", "Authorization": "Bearer tok"} {
		if got.Get(k) != want {
			t.Errorf("header %s = %q, want %q", k, got.Get(k), want)
		}
	}

	// The gzipped answer is far smaller than the limit; inflated, it is not.
	_, err = New(ts.URL, "", Options{MaxResponse: 1000}).Ping(context.Background())
	if !errors.Is(err, errResponseTooLarge) || motcua.ErrorCode(err) != motcua.EUNAVAILABLE {
		t.Fatalf("answer over MaxResponse: %v (code %s)", err, motcua.ErrorCode(err))
	}
	if _, err := New(ts.URL, "", Options{MaxResponse: len(body)}).Ping(context.Background()); err != nil {
		t.Fatalf("answer of exactly MaxResponse bytes: %v", err)
	}
}
