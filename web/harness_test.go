package web_test

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/central"
	"github.com/motcua/motcua/central/centraltest"
	"github.com/motcua/motcua/client"
	"github.com/motcua/motcua/internal/kvpg/pgtest"
	"github.com/motcua/motcua/server"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/web"
)

// TestMain runs the tests on a bbolt file, then on PostgreSQL (pgtest.Main).
func TestMain(m *testing.M) { pgtest.Main(m) }

// The tests run the real server (package server with these pages, over
// HTTP on loopback) on a real central store, and real terminal stores that
// sync through the real client.

const unitCode = "000.00.06.H56"

type harness struct {
	t    testing.TB
	c    *central.Store
	ts   *httptest.Server
	site *web.Site
}

func newHarness(t testing.TB, limits web.Limits) *harness {
	t.Helper()
	c := centraltest.Open(t)
	if _, err := c.AddUnit(unitCode, "UBND xã Tân Thành", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SetUnitContact(unitCode, motcua.PublicInfo{Address: "Ấp 3, xã Tân Thành, Cà Mau",
		Phone: "0290 3831 234", Hours: "Thứ Hai–Thứ Sáu 7:00–11:00, 13:00–17:00; sáng Thứ Bảy"}); err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, c: c}
	var addr string
	h.site = web.New(c, web.Options{Limits: limits, PublicURL: func() string { return addr },
		// Tests speak for many addresses through one socket.
		ClientIP: func(r *http.Request) string {
			if ip := r.Header.Get("X-Test-Addr"); ip != "" {
				return ip
			}
			return "127.0.0.1"
		}})
	srv := server.New(c, server.Options{Pages: h.site})
	h.ts = httptest.NewServer(srv.Handler())
	addr = h.ts.URL
	if _, err := c.SetPublicURL(h.ts.URL); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		h.ts.Close()
		if err := c.CheckIntegrity(); err != nil {
			t.Errorf("central integrity: %v", err)
		}
		c.Close()
	})
	return h
}

type terminal struct {
	st *store.Store
	sy *client.Syncer
}

// terminal enrolls a new terminal store of the unit with the server.
func (h *harness) terminal(officer string) *terminal {
	t := h.t
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "motcua.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Init(unitCode, "UBND xã Tân Thành", officer); err != nil {
		t.Fatal(err)
	}
	e, err := h.c.CreateEnrollment(unitCode, motcua.RoleCounter)
	if err != nil {
		t.Fatal(err)
	}
	m, err := st.SyncMeta()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	resp, err := client.New(h.ts.URL, "", client.Options{}).Enroll(ctx, motcua.EnrollRequest{Code: e.Code,
		InstallNonce: m.Terminal.InstallNonce, Schema: motcua.WireSchema, AckedSeq: m.AckedSeq})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SetEnrollment(store.Enrollment{Server: h.ts.URL, Response: resp}); err != nil {
		t.Fatal(err)
	}
	sy, err := client.NewSyncer(st, client.SyncerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return &terminal{st: st, sy: sy}
}

func (tm *terminal) sync(t testing.TB) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if _, err := tm.sy.Drain(ctx); err != nil {
		t.Fatalf("sync: %v", err)
	}
}

// receive takes a dossier at the counter and returns it with the receipt's
// lookup address.
func (tm *terminal) receive(t testing.TB, name string) (motcua.Dossier, string) {
	t.Helper()
	done, err := tm.st.Receive(motcua.ReceiveInput{ProcedureCode: "1.001193", Applicant: motcua.Person{Name: name, Phone: "0912345678"}})
	if err != nil {
		t.Fatal(err)
	}
	tm.sync(t)
	u, err := tm.st.LookupURL(done.Dossier)
	if err != nil || u == "" {
		t.Fatalf("no lookup address after sync: %q %v", u, err)
	}
	return done.Dossier, u
}

func (tm *terminal) transition(t testing.TB, id string, a motcua.TransitionArgs) {
	t.Helper()
	if _, err := tm.st.Transition(id, a); err != nil {
		t.Fatal(err)
	}
}

// browser is a plain HTTP client with a cookie jar (the CSRF cookie).
func (h *harness) browser() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Timeout: 30 * time.Second}
}

func body(t testing.TB, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return b.String()
}
