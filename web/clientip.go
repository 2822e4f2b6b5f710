package web

import (
	"net"
	"net/http"
	"strings"
)

// ProxyClientIP returns a ClientIP for pages served behind reverse proxies
// at the given addresses: a request from one of them counts against the
// address the proxy saw (the last X-Forwarded-For hop not itself a proxy);
// any other request, against its connection's address, so a client cannot
// choose its own by sending the header.
func ProxyClientIP(proxies []string) func(*http.Request) string {
	trusted := map[string]bool{}
	for _, p := range proxies {
		if p = strings.TrimSpace(p); p != "" {
			trusted[p] = true
		}
	}
	return func(r *http.Request) string {
		ip := remoteIP(r)
		if !trusted[ip] {
			return ip
		}
		hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
		for i := len(hops) - 1; i >= 0; i-- {
			h := strings.TrimSpace(hops[i])
			if net.ParseIP(h) != nil && !trusted[h] {
				return h
			}
		}
		return ip
	}
}
