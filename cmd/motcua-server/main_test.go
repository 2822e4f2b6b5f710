package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/central"
	"github.com/motcua/motcua/client"
)

func runCmd(t *testing.T, ctx context.Context, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(ctx, args, &out, &errb)
	return code, out.String(), errb.String()
}

func shortDir(t *testing.T) string {
	// Unix socket paths are limited to about 100 bytes: keep the data
	// directory short.
	dir, err := os.MkdirTemp("", "msrv")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

func TestAdminWithoutServerAndBadInput(t *testing.T) {
	t.Setenv("LANG", "C")
	data := shortDir(t)
	ctx := context.Background()
	cases := []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"unit", "add", "000.00.06.H56", "UBND", "xã", "Tân", "Thành"}, 0, "UBND xã Tân Thành"},
		{[]string{"unit", "add", "bad", "x"}, 2, ""},
		{[]string{"unit", "add", "000.00.07.H57", "Tân Lộc", "--parent", "000.00.09.H99"}, 2, ""}, // not found: exit 2
		{[]string{"enroll", "--unit", "000.00.06.H56", "--role", "boss"}, 2, ""},
		{[]string{"enroll", "--unit", "000.00.06.H56", "--role", "hamlet"}, 0, "-"},
		{[]string{"terminals"}, 0, "TERMINAL"},
		{[]string{"revoke", "nope"}, 2, ""},
		{[]string{"revoke", motcua.NewID(time.Now())}, 2, ""},
		{[]string{"release", motcua.NewID(time.Now())}, 2, ""},
		{[]string{"unit", "add", "000.00.06.H56", "Tên", "khác"}, 2, ""}, // no silent rename
		{[]string{"unit", "add", "000.00.06.H56", "Tên", "khác", "--rename"}, 0, "renamed"},
		{[]string{"unit", "list", "--json"}, 0, `"Tên khác"`},
		{[]string{"backup", "--out", filepath.Join(data, "b.db")}, 0, "b.db"},
		{[]string{"backup", "--out", filepath.Join(data, "b.db")}, 2, ""},
		{[]string{"bogus"}, 2, ""},
		{[]string{"--addr", "nonsense"}, 2, ""},
	}
	for _, tc := range cases {
		code, out, errs := runCmd(t, ctx, append([]string{"--lang", "en", "--data", data}, tc.args...)...)
		if code != tc.code || !strings.Contains(out, tc.out) {
			t.Fatalf("%v: exit %d, out %q, err %q", tc.args, code, out, errs)
		}
		if code != 0 && strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Fatalf("%v: not one line: %q", tc.args, errs)
		}
	}
	if code, _, errs := runCmd(t, ctx, "unit", "list"); code != 2 || !strings.Contains(errs, "--data") {
		t.Fatalf("no --data: %d %q", code, errs)
	}
}

// TestServeWithAdminSocket: while the server runs (and holds the file),
// admin commands go through its socket; a terminal enrolls and syncs.
// long: one scenario, step by step, against the real process.
func TestServeWithAdminSocket(t *testing.T) {
	data := shortDir(t)
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	done := make(chan int)
	var logs bytes.Buffer
	go func() {
		e := &env{stdout: &bytes.Buffer{}, stderr: &logs, lang: motcua.EN, ctx: ctx, dataDir: data, ready: func(a string) { addrc <- a }}
		done <- e.report(e.serve([]string{"--addr", "127.0.0.1:0"}))
	}()
	var addr string
	select {
	case addr = <-addrc:
	case <-time.After(5 * time.Second):
		t.Fatal("server did not start")
	}
	if code, out, errs := runCmd(t, ctx, "--data", data, "unit", "add", "000.00.06.H56", "UBND xã Tân Thành"); code != 0 {
		t.Fatalf("unit add through the socket: %d %s %s", code, out, errs)
	}
	code, out, _ := runCmd(t, ctx, "--data", data, "enroll", "--unit", "000.00.06.H56", "--role", "counter")
	if code != 0 {
		t.Fatalf("enroll: %d %s", code, out)
	}
	enrollCode := strings.SplitN(out, "\n", 2)[0]
	c := client.New("http://"+addr, "", client.Options{})
	resp, err := c.Enroll(context.Background(), motcua.EnrollRequest{Code: enrollCode, InstallNonce: motcua.NewID(time.Now()), Schema: 1})
	if err != nil {
		t.Fatal(err)
	}
	code, out, _ = runCmd(t, ctx, "--data", data, "--lang", "en", "terminals")
	if code != 0 || !strings.Contains(out, resp.TerminalID) || !strings.Contains(out, "1000–2499") {
		t.Fatalf("terminals: %d %s", code, out)
	}
	if code, _, errs := runCmd(t, ctx, "--data", data, "revoke", resp.TerminalID); code != 0 {
		t.Fatalf("revoke: %d %s", code, errs)
	}
	if _, err := client.New("http://"+addr, resp.Token, client.Options{}).Dossier(context.Background(), "000.00.06.H56-231027-1000"); motcua.HTTPStatus(err) != 403 || motcua.ErrorReason(err) != motcua.ErrRevoked {
		t.Fatalf("revoked token: %v", err)
	}
	// Releasing a revoked terminal would do nothing: it is refused.
	if code, _, errs := runCmd(t, ctx, "--data", data, "--lang", "en", "release", resp.TerminalID); code != 2 || !strings.Contains(errs, "revoked") {
		t.Fatalf("release of a revoked terminal: %d %q", code, errs)
	}
	// An on-demand backup goes through the running server.
	if code, out, errs := runCmd(t, ctx, "--data", data, "backup"); code != 0 || !strings.Contains(out, "backups") {
		t.Fatalf("backup through the socket: %d %s %s", code, out, errs)
	} else if _, err := os.Stat(strings.TrimSpace(out)); err != nil {
		t.Fatalf("backup file: %v", err)
	}
	// A port another program holds is the machine's state: exit 1, said so.
	if code, _, errs := runCmd(t, ctx, "--data", shortDir(t), "--lang", "en", "--addr", addr); code != 1 || !strings.Contains(errs, "in use") {
		t.Fatalf("port in use: %d %q", code, errs)
	}
	// A second server on the same data is refused clearly.
	if code, _, errs := runCmd(t, ctx, "--data", data, "--addr", "127.0.0.1:0"); code != 1 || !strings.Contains(errs, "already") && !strings.Contains(errs, "đã chạy") {
		t.Fatalf("second server: %d %q", code, errs)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("server exit %d: %s", code, logs.String())
	}
	if _, err := os.Stat(filepath.Join(data, "admin.sock")); !os.IsNotExist(err) {
		t.Fatal("admin socket left behind")
	}
	if strings.Contains(logs.String(), resp.Token) || strings.Contains(logs.String(), enrollCode) {
		t.Fatal("a secret reached the log")
	}
	// Stopped: the same commands work on the file.
	if code, out, _ := runCmd(t, context.Background(), "--data", data, "--lang", "en", "terminals"); code != 0 || !strings.Contains(out, "revoked") {
		t.Fatalf("terminals offline: %d %s", code, out)
	}
}

// TestNewUserFlow is the manual try with the real binaries on a
// real port: start the server, add a unit, enroll a terminal, receive with
// the server stopped, start it again, sync; a second terminal sees it.
func TestNewUserFlow(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binaries")
	}
	bin := t.TempDir()
	for _, p := range []string{"motcua", "motcua-server"} {
		out, err := exec.Command("go", "build", "-o", filepath.Join(bin, p), "github.com/motcua/motcua/cmd/"+p).CombinedOutput()
		if err != nil {
			t.Fatalf("build %s: %v\n%s", p, err, out)
		}
	}
	dir := shortDir(t)
	srvData, t1, t2 := filepath.Join(dir, "srv"), filepath.Join(dir, "t1"), filepath.Join(dir, "t2")
	sh := func(name string, args ...string) (string, int) {
		t.Helper()
		cmd := exec.Command(filepath.Join(bin, name), args...)
		cmd.Env = append(os.Environ(), "LANG=C.UTF-8", "MOTCUA_DATA=", "MOTCUA_SERVER_DATA=")
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return string(out), code
	}
	must := func(name string, args ...string) string {
		t.Helper()
		out, code := sh(name, args...)
		if code != 0 {
			t.Fatalf("%s %v: exit %d\n%s", name, args, code, out)
		}
		return out
	}
	addr := freeAddr(t)
	start := func() *exec.Cmd {
		cmd := exec.Command(filepath.Join(bin, "motcua-server"), "--data", srvData, "--addr", addr)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 100; i++ {
			if _, err := os.Stat(filepath.Join(srvData, "admin.sock")); err == nil {
				return cmd
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Fatal("server did not start")
		return nil
	}
	stop := func(cmd *exec.Cmd) {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	}
	srv := start()
	defer func() { stop(srv) }()
	must("motcua-server", "--data", srvData, "unit", "add", "000.00.06.H56", "UBND xã Tân Thành")
	code1 := strings.Fields(must("motcua-server", "--data", srvData, "enroll", "--unit", "000.00.06.H56", "--role", "counter"))[0]
	must("motcua", "--data", t1, "enroll", "--server", "http://"+addr, "--code", code1, "--officer", "Trần Văn Bình")
	stop(srv)
	receipt := must("motcua", "--data", t1, "receive", "--procedure", "1.001193", "--name", "Nguyễn Thị Ánh", "--outside-hours")
	dossier := codeLine(receipt)
	if out, code := sh("motcua", "--data", t1, "sync", "--timeout", "3s"); code != 1 {
		t.Fatalf("sync with the server down: exit %d\n%s", code, out)
	}
	srv = start()
	if out := must("motcua", "--data", t1, "sync"); !strings.Contains(out, "1 áp dụng") {
		t.Fatalf("sync: %s", out)
	}
	code2 := strings.Fields(must("motcua-server", "--data", srvData, "enroll", "--unit", "000.00.06.H56", "--role", "counter"))[0]
	must("motcua", "--data", t2, "enroll", "--server", "http://"+addr, "--code", code2, "--officer", "Lê Thị Hoa")
	must("motcua", "--data", t2, "sync")
	if out := must("motcua", "--data", t2, "show", dossier); !strings.Contains(out, "Nguyễn Thị Ánh") {
		t.Fatalf("second terminal: %s", out)
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := netListen()
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func netListen() (net.Listener, error) { return net.Listen("tcp", "127.0.0.1:0") }

// TestServeTLS: with --tls-cert and --tls-key the API answers over HTTPS.
func TestServeTLS(t *testing.T) {
	data := shortDir(t)
	certFile, keyFile, pool := selfSigned(t, data)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addrc := make(chan string, 1)
	done := make(chan int)
	go func() {
		e := &env{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, lang: motcua.EN, ctx: ctx, dataDir: data, ready: func(a string) { addrc <- a }}
		done <- e.report(e.serve([]string{"--addr", "127.0.0.1:0", "--tls-cert", certFile, "--tls-key", keyFile}))
	}()
	addr := <-addrc
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := hc.Get("https://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("healthz over TLS: %d", resp.StatusCode)
	}
	ping, err := client.New("https://"+addr, "", client.Options{Transport: hc.Transport}).Ping(context.Background())
	if err != nil || ping.ServerTime.IsZero() {
		t.Fatalf("ping: %+v %v", ping, err)
	}
	cancel()
	<-done
	if code, _, _ := runCmd(t, context.Background(), "--data", data, "--tls-cert", certFile); code != 2 {
		t.Fatalf("cert without key: exit %d", code)
	}
}

func selfSigned(t *testing.T, dir string) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "motcua test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(key)
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

// TestPlainHTTPOnNetworkAddressWarns: plain http on an address other
// machines reach says so at start; on loopback it does not. The private
// metrics address answers without a token.
func TestPlainHTTPOnNetworkAddressWarns(t *testing.T) {
	for _, tc := range []struct {
		addr string
		warn bool
	}{{"0.0.0.0:0", true}, {"127.0.0.1:0", false}} {
		data := shortDir(t)
		ctx, cancel := context.WithCancel(context.Background())
		var out, errb bytes.Buffer
		ready := make(chan string, 1)
		done := make(chan int)
		go func() {
			e := &env{stdout: &out, stderr: &errb, lang: motcua.EN, ctx: ctx, dataDir: data, ready: func(a string) { ready <- a }}
			done <- e.report(e.serve([]string{"--addr", tc.addr, "--metrics-addr", "127.0.0.1:0", "--log-level", "error"}))
		}()
		select {
		case <-ready:
		case <-time.After(5 * time.Second):
			t.Fatal("server did not start")
		}
		cancel()
		<-done
		if got := strings.Contains(errb.String(), "Warning: plain http"); got != tc.warn {
			t.Errorf("%s: warning %v, stderr %q", tc.addr, got, errb.String())
		}
	}
}

func TestPublicURLAndUnitContact(t *testing.T) {
	dir := t.TempDir()
	var out, errb strings.Builder
	if code := run(context.Background(), []string{"--data", dir, "unit", "add", "000.00.06.H56", "UBND xã Tân Thành"}, &out, &errb); code != 0 {
		t.Fatalf("unit add: %d %s", code, errb.String())
	}
	if code := run(context.Background(), []string{"--data", dir, "public-url", "ftp://x"}, &out, &errb); code != exitInput {
		t.Fatalf("a bad address: exit %d", code)
	}
	if code := run(context.Background(), []string{"--data", dir, "public-url", "https://tracuu.camau.gov.vn/"}, &out, &errb); code != 0 {
		t.Fatalf("public-url: %d %s", code, errb.String())
	}
	if code := run(context.Background(), []string{"--data", dir, "unit", "contact", "000.00.06.H56", "--phone", "0290 3831 234", "--hours", "7:00–17:00"}, &out, &errb); code != 0 {
		t.Fatalf("unit contact: %d %s", code, errb.String())
	}
	c, err := central.Open(filepath.Join(dir, "central.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if u, _ := c.PublicURL(); u != "https://tracuu.camau.gov.vn" {
		t.Fatalf("public url %q", u)
	}
	if u, _ := c.Unit("000.00.06.H56"); u.Phone != "0290 3831 234" || u.OpenHours != "7:00–17:00" {
		t.Fatalf("unit %+v", u)
	}
}

// codeLine is the line of motcua receive's output that holds the code (a
// note on stderr, out of office hours, may come first).
func codeLine(out string) string {
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "000.") {
			return strings.TrimSpace(l)
		}
	}
	return ""
}
