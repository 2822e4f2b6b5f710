package web

import (
	"net/http/httptest"
	"testing"
)

func TestProxyClientIP(t *testing.T) {
	ip := ProxyClientIP([]string{"10.0.0.1"})
	r := httptest.NewRequest("GET", "/tra-cuu", nil)
	r.RemoteAddr = "10.0.0.1:5555"
	r.Header.Set("X-Forwarded-For", "1.2.3.4, 203.0.113.9")
	if got := ip(r); got != "203.0.113.9" {
		t.Fatalf("behind the proxy: %q", got)
	}
	r.RemoteAddr = "198.51.100.7:5555" // not the proxy: the header is the client's own claim
	if got := ip(r); got != "198.51.100.7" {
		t.Fatalf("a direct client choosing its address: %q", got)
	}
}
