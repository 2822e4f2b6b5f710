package faults

import (
	"context"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync/atomic"
	"testing"
	"time"
)

// Balancer is a load balancer in front of several API processes, as a
// province puts one (nginx, HAProxy) in front of its motcua-servers: each
// request goes to the next process in turn, on a new connection; a
// process that refuses the connection (killed, restarting) is passed over
// for the next one, since nothing of the request reached it. A request cut
// while a process had it is answered 502, and the terminal tries again.
type Balancer struct {
	URL      string
	backends []string // host:port
	next     atomic.Uint64
	// Served counts the requests each backend answered.
	Served []atomic.Int64
}

// NewBalancer serves on a loopback port in front of the backends (their
// URLs); it stops when the test ends. wrap, when not nil, wraps its
// handler (the network scenario watches truncated requests there).
func NewBalancer(t testing.TB, backends []string, wrap func(http.Handler) http.Handler) *Balancer {
	t.Helper()
	b := &Balancer{Served: make([]atomic.Int64, len(backends))}
	for _, u := range backends {
		pu, err := url.Parse(u)
		if err != nil {
			t.Fatal(err)
		}
		b.backends = append(b.backends, pu.Host)
	}
	tr := &http.Transport{DisableKeepAlives: true, DialContext: b.dial, ResponseHeaderTimeout: time.Minute}
	rp := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.Out.URL.Scheme, pr.Out.URL.Host = "http", "balanced"
			pr.Out.Host = pr.In.Host
		},
		Transport: tr,
		ErrorLog:  log.New(io.Discard, "", 0),
	}
	var h http.Handler = rp
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	t.Cleanup(tr.CloseIdleConnections)
	b.URL = srv.URL
	return b
}

// dial connects to the next backend in turn, or to the ones after it
// when it refuses.
func (b *Balancer) dial(ctx context.Context, network, _ string) (net.Conn, error) {
	first := int(b.next.Add(1) % uint64(len(b.backends)))
	var err error
	for k := range b.backends {
		i := (first + k) % len(b.backends)
		var d net.Dialer
		var c net.Conn
		if c, err = d.DialContext(ctx, network, b.backends[i]); err == nil {
			b.Served[i].Add(1)
			return c, nil
		}
	}
	return nil, err
}
