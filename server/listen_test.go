package server

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/central/centraltest"
)

// liveServer runs the public handler behind Listen on loopback.
func liveServer(t *testing.T, l Limits) (addr string, ll *limitListener) {
	t.Helper()
	c := centraltest.Open(t)
	if _, err := c.AddUnit("000.00.06.H56", "UBND xã Tân Thành", ""); err != nil {
		t.Fatal(err)
	}
	s := New(c, Options{QuestionBurst: 1000})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	wrapped := s.Listen(ln, l)
	hs := NewHTTPServer(s.Handler(), nil)
	go hs.Serve(wrapped)
	t.Cleanup(func() { hs.Close(); c.Close() })
	return ln.Addr().String(), wrapped.(*limitListener)
}

// slowBody opens a connection from local address from and starts a POST
// whose body never completes.
func slowBody(t *testing.T, from, addr string) net.Conn {
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 2 * time.Second}
	c, err := d.Dial("tcp", addr)
	if err != nil {
		return nil
	}
	fmt.Fprintf(c, "POST /v1/public/questions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
	return c
}

// TestSlowBodiesLeavePingAnswering: 1,000 connections that send a body one
// byte at a time from one address hold at most the per-address cap, and
// /v1/ping from another address answers within a second.
func TestSlowBodiesLeavePingAnswering(t *testing.T) {
	if testing.Short() {
		t.Skip("opens 1,000 connections")
	}
	addr, ll := liveServer(t, Limits{MaxConnsPerIP: 32})
	var conns []net.Conn
	for range 1000 {
		if c := slowBody(t, "127.0.0.2", addr); c != nil {
			conns = append(conns, c)
		}
	}
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	if len(conns) < 900 {
		t.Skipf("only %d connections could be opened here", len(conns))
	}
	// Give the accept loop the time to see them all: it is quick, but it
	// runs beside this goroutine.
	deadline := time.Now().Add(5 * time.Second)
	for ll.open() < 32 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	hc := &http.Client{Timeout: time.Second}
	resp, err := hc.Get("http://" + addr + "/v1/ping")
	if err != nil {
		t.Fatalf("ping under 1,000 slow connections: %v", err)
	}
	resp.Body.Close()
	ll.mu.Lock()
	held := ll.perIP["127.0.0.2"]
	ll.mu.Unlock()
	if held > 32 {
		t.Fatalf("the server holds %d connections from one address; the cap is 32", held)
	}
}

// TestTotalConnectionCap: connections from many addresses stop at the
// total cap.
func TestTotalConnectionCap(t *testing.T) {
	addr, ll := liveServer(t, Limits{MaxConns: 50, MaxConnsPerIP: 10})
	var conns []net.Conn
	for i := range 200 {
		if c := slowBody(t, fmt.Sprintf("127.0.1.%d", 1+i%20), addr); c != nil {
			conns = append(conns, c)
		}
	}
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	deadline := time.Now().Add(5 * time.Second)
	for ll.open() < 50 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // let any connection past the cap show
	if held := ll.open(); held != 50 {
		t.Fatalf("held %d connections; the total cap is 50", held)
	}
}

// TestStalledBodyIsCutMovingBodyIsServed: a body that keeps moving is read
// to the end even though it takes many stall timeouts in all; one that
// stops is cut after the stall timeout, long before the read timeout.
func TestStalledBodyIsCutMovingBodyIsServed(t *testing.T) {
	addr, ll := liveServer(t, Limits{StallTimeout: 300 * time.Millisecond})
	body := `{"unit":"000.00.06.H56","name":"Nguyễn Văn An","text":"Hồ sơ của tôi đã xong chưa? ` + strings.Repeat("x", 30) + `"}`
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "POST /v1/public/questions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", len(body))
	for i := 0; i < len(body); i += 8 { // ~12 chunks, 100 ms apart: four stall timeouts in all
		end := min(i+8, len(body))
		if _, err := io.WriteString(c, body[i:end]); err != nil {
			t.Fatalf("the moving body was cut after %d bytes: %v", i, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("no answer to a moving body: %v", err)
	}
	if resp.StatusCode != http.StatusCreated {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("moving body: %d %s", resp.StatusCode, b)
	}

	stalled := slowBody(t, "127.0.0.1", addr)
	defer stalled.Close()
	stalled.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.ReadAll(stalled); err != nil {
		t.Fatalf("the stalled body was not cut within 5 s: %v", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for ll.open() > 1 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := ll.open(); n > 1 {
		t.Fatalf("%d connections still held", n)
	}
}
