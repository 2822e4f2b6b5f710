package faults

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// ToxiproxyServer is the toxiproxy the network scenario puts between the
// terminals and the server. It runs as its own process, built by `go install
// PKG@VERSION` like a tool, so its dependencies (a metrics library, a logger,
// a router) never enter motcua's go.mod.
const ToxiproxyServer = "github.com/Shopify/toxiproxy/v2/cmd/server@v2.12.0"

var toxiBin = sync.OnceValues(func() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	dir = filepath.Join(dir, "motcua-test", "toxiproxy-"+ToxiproxyServer[strings.LastIndex(ToxiproxyServer, "@")+1:])
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	// go install is quick when the build cache already holds it.
	cmd := exec.Command("go", "install", ToxiproxyServer)
	cmd.Env = append(os.Environ(), "GOBIN="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go install %s: %v\n%s", ToxiproxyServer, err, out)
	}
	return filepath.Join(dir, "server"), nil
})

// Proxy is a toxiproxy, in its own process, listening on a loopback port in
// front of an upstream address.
type Proxy struct {
	t   testing.TB
	api string // the toxiproxy API, http://127.0.0.1:PORT
	// URL is what terminals sync with.
	URL string
}

// NewProxy starts a toxiproxy process and a proxy on 127.0.0.1:0 in front of
// upstream (host:port). Both stop when the test ends.
func NewProxy(t testing.TB, upstream string) *Proxy {
	t.Helper()
	bin, err := toxiBin()
	if err != nil {
		t.Fatal(err)
	}
	var api string
	for attempt := 0; api == "" && attempt < 3; attempt++ {
		api = startToxiproxy(t, bin) // "" when another process took the port first
	}
	if api == "" {
		t.Fatal("toxiproxy did not start")
	}
	p := &Proxy{t: t, api: api}
	var created struct {
		Listen string `json:"listen"`
	}
	p.call("POST", "/proxies", map[string]any{"name": "motcua", "listen": "127.0.0.1:0", "upstream": upstream, "enabled": true}, &created)
	p.URL = "http://" + created.Listen
	return p
}

// startToxiproxy runs the server on a free loopback port and waits until its
// API answers; it returns the API's URL, or "" when the port was taken.
func startToxiproxy(t testing.TB, bin string) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	l.Close()
	logs := &syncBuffer{}
	cmd := exec.Command(bin, "-host", "127.0.0.1", "-port", port, "-proxy-metrics")
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	stop := func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
	}
	api := "http://127.0.0.1:" + port
	deadline := time.Now().Add(30 * time.Second)
	for {
		if resp, err := http.Get(api + "/version"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				t.Cleanup(stop)
				return api
			}
		}
		if strings.Contains(logs.String(), "finished with error") {
			stop() // the port was taken between Close and the server's listen
			return ""
		}
		select {
		case <-exited:
			t.Fatalf("toxiproxy exited:\n%s", logs.String())
		default:
		}
		if time.Now().After(deadline) {
			stop()
			t.Fatalf("toxiproxy's API did not answer on %s:\n%s", api, logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// call sends one request to toxiproxy's API and decodes its answer into out
// (when not nil); any status of 300 or more fails the test.
func (p *Proxy) call(method, path string, in, out any) {
	p.t.Helper()
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			p.t.Fatal(err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, p.api+path, body)
	if err != nil {
		p.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatalf("toxiproxy %s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		p.t.Fatalf("toxiproxy %s %s: %d %s", method, path, resp.StatusCode, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			p.t.Fatalf("toxiproxy %s %s: %v: %s", method, path, err, b)
		}
	}
}

// Toxic is one toxic as toxiproxy's API takes it.
type Toxic struct {
	Name       string         `json:"name"`
	Type       string         `json:"type"`
	Stream     string         `json:"stream"`
	Toxicity   float32        `json:"toxicity"`
	Attributes map[string]any `json:"attributes"`
}

// Add adds a toxic.
func (p *Proxy) Add(x Toxic) {
	p.t.Helper()
	p.call("POST", "/proxies/motcua/toxics", x, nil)
}

// Remove removes a toxic by name (the fault heals).
func (p *Proxy) Remove(name string) {
	p.t.Helper()
	p.heal("DELETE", "/proxies/motcua/toxics/"+url.PathEscape(name))
}

// Clear removes every toxic.
func (p *Proxy) Clear() {
	p.t.Helper()
	p.heal("POST", "/reset")
}

// healWait is how long heal asks again while toxiproxy answers 503.
const healWait = 60 * time.Second

// heal removes toxics, waiting out a known toxiproxy hang (its issue 558):
// removing a toxic waits for each link's reader, and a link whose upstream
// is an idle keep-alive connection of the server reads until the server
// closes it (server.NewHTTPServer's IdleTimeout, 30 s), past the API's own
// timeout, which answers 503 meanwhile. The removal goes on in toxiproxy, so
// asking again (404: the toxic is already gone) ends it. It asks again for
// up to healWait, twice that idle timeout: a count of attempts (there were
// 4) ran out before the idle connection closed on a loaded machine.
func (p *Proxy) heal(method, path string) {
	p.t.Helper()
	start := time.Now()
	for attempt := 0; ; attempt++ {
		status, body := p.try(method, path)
		switch {
		case status < 300 || (attempt > 0 && status == http.StatusNotFound):
			return
		case status == http.StatusServiceUnavailable && time.Since(start) < healWait:
			continue
		}
		p.t.Fatalf("toxiproxy %s %s: %d %s", method, path, status, body)
	}
}

// try sends one bodiless request to toxiproxy's API and gives its status.
func (p *Proxy) try(method, path string) (int, []byte) {
	p.t.Helper()
	req, err := http.NewRequest(method, p.api+path, nil)
	if err != nil {
		p.t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatalf("toxiproxy %s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// BytesUp is how many bytes the proxy has read from its clients (toxiproxy's
// received_bytes_total, direction upstream: HTTP headers and bodies as on
// the wire, a resent request counted again). toxiproxy adds a connection's
// bytes when it closes.
func (p *Proxy) BytesUp() int64 {
	p.t.Helper()
	resp, err := http.Get(p.api + "/metrics")
	if err != nil {
		p.t.Fatalf("toxiproxy metrics: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var n float64
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "toxiproxy_proxy_received_bytes_total{") && strings.Contains(line, `direction="upstream"`) {
			v, err := strconv.ParseFloat(line[strings.LastIndexByte(line, ' ')+1:], 64)
			if err != nil {
				p.t.Fatalf("toxiproxy metrics: %q: %v", line, err)
			}
			n += v
		}
	}
	return int64(n)
}

// syncBuffer collects a process's output while it runs.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.buf.Len() > 1<<20 { // keep the start (how it started) and drop the request log beyond
		return len(p), nil
	}
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
