package server

import (
	"log"
	"net"
	"net/http"
	"sync"
	"time"
)

// Limits bound what the network can hold of the server: a phone on GPRS
// may send its body slowly, but nobody may hold connections without
// sending, or hold them all.
type Limits struct {
	MaxConns      int           // open connections in all; default 1024
	MaxConnsPerIP int           // open connections from one address; default 32
	StallTimeout  time.Duration // longest wait for the next byte while reading; default 30 s
}

func (l *Limits) defaults() {
	if l.MaxConns <= 0 {
		l.MaxConns = 1024
	}
	if l.MaxConnsPerIP <= 0 {
		l.MaxConnsPerIP = 32
	}
	if l.StallTimeout <= 0 {
		l.StallTimeout = 30 * time.Second
	}
}

// NewHTTPServer is the http.Server for the public listener: headers must
// arrive within 20 s; a body may take up to 10 minutes in all (a 1 MiB
// batch over GPRS) as long as it keeps moving (Listen cuts a read that
// waits longer than the stall timeout); an idle keep-alive connection is
// closed after 30 s.
func NewHTTPServer(h http.Handler, errLog *log.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 20 * time.Second,
		ReadTimeout:       10 * time.Minute,
		WriteTimeout:      10 * time.Minute,
		IdleTimeout:       30 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          errLog,
	}
}

// Listen wraps ln so that it holds at most l.MaxConns connections, at most
// l.MaxConnsPerIP from one address (a connection over either is closed at
// once, before a byte is read), and so that every read waits at most
// l.StallTimeout for its next byte: a slow but moving body is served, a
// stalled one is cut.
func (s *Server) Listen(ln net.Listener, l Limits) net.Listener {
	l.defaults()
	return &limitListener{Listener: ln, limits: l, perIP: map[string]int{}, m: s.metrics}
}

type limitListener struct {
	net.Listener
	limits Limits
	m      *metrics

	mu    sync.Mutex
	total int
	perIP map[string]int
}

func (ll *limitListener) Accept() (net.Conn, error) {
	for {
		c, err := ll.Listener.Accept()
		if err != nil {
			return nil, err
		}
		ip := hostOf(c.RemoteAddr())
		ll.mu.Lock()
		ok := ll.total < ll.limits.MaxConns && ll.perIP[ip] < ll.limits.MaxConnsPerIP
		if ok {
			ll.total++
			ll.perIP[ip]++
		}
		ll.mu.Unlock()
		if !ok {
			c.Close()
			ll.m.refused()
			continue
		}
		return &stallConn{Conn: c, stall: ll.limits.StallTimeout, release: func() { ll.release(ip) }}, nil
	}
}

func (ll *limitListener) release(ip string) {
	ll.mu.Lock()
	ll.total--
	if ll.perIP[ip]--; ll.perIP[ip] <= 0 {
		delete(ll.perIP, ip)
	}
	ll.mu.Unlock()
}

// open is how many connections the listener holds now.
func (ll *limitListener) open() int {
	ll.mu.Lock()
	defer ll.mu.Unlock()
	return ll.total
}

func hostOf(a net.Addr) string {
	host, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	return host
}

// stallConn gives each Read a deadline of now+stall, or the deadline the
// HTTP server set if that comes first. The server's own deadlines are
// remembered, so its aborts (a deadline in the past) still win.
type stallConn struct {
	net.Conn
	stall   time.Duration
	release func()
	once    sync.Once

	mu    sync.Mutex
	outer time.Time // the read deadline the HTTP server asked for
}

func (c *stallConn) Read(p []byte) (int, error) {
	c.mu.Lock()
	d := time.Now().Add(c.stall)
	if !c.outer.IsZero() && c.outer.Before(d) {
		d = c.outer
	}
	err := c.Conn.SetReadDeadline(d)
	c.mu.Unlock()
	if err != nil {
		return 0, err
	}
	return c.Conn.Read(p)
}

func (c *stallConn) SetReadDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.outer = t
	return c.Conn.SetReadDeadline(t)
}

func (c *stallConn) SetDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.outer = t
	return c.Conn.SetDeadline(t)
}

func (c *stallConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
