package faults

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/central"
	"github.com/motcua/motcua/client"
	"github.com/motcua/motcua/server"
	"github.com/motcua/motcua/store"
)

// Unit is the commune every scenario works in.
const (
	Unit     = "000.00.06.H56"
	UnitName = "UBND xã Tân Thành"
)

// Rig is a real server on a loopback port over a real bbolt file, in this
// process. A scenario can stop it, restart it on the same port and file,
// restore the file from a backup, and read the file raw when it is stopped.
type Rig struct {
	T    testing.TB
	Dir  string
	Addr string
	URL  string
	// Now, when set, is the server's clock (the central store's and the
	// handler's); it is read on every request.
	Now func() time.Time
	// Wrap, when set, wraps the API handler (failpoints).
	Wrap func(http.Handler) http.Handler
	// Options, when set, are the server's options (their Now is the rig's
	// clock); nil: the harness's, without rate limits.
	Options *server.Options
	// NoHold leaves the central store's HoldOrphanedRepush off, as
	// central.Open opens it; the harness turns it on, as motcua-server
	// runs it.
	NoHold bool

	stopping sync.Mutex // one Stop at a time
	mu       sync.Mutex
	c        *central.Store
	srv      *http.Server
	live     *inflight
}

// NewRig starts a server with the scenario's unit.
func NewRig(t testing.TB) *Rig {
	t.Helper()
	return StartRig(t, &Rig{})
}

// StartRig starts r (its Now, Wrap, Options and NoHold as the caller set
// them) over a new file in a new directory, with the scenario's unit; it
// stops when the test ends.
func StartRig(t testing.TB, r *Rig) *Rig {
	t.Helper()
	r.T, r.Dir = t, t.TempDir()
	r.Start()
	if _, err := r.Central().AddUnit(Unit, UnitName, ""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Stop)
	return r
}

// Path is the central bbolt file.
func (r *Rig) Path() string { return filepath.Join(r.Dir, "central.db") }

// Central is the open central store (nil while stopped).
func (r *Rig) Central() *central.Store {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.c
}

func (r *Rig) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

// Start opens the file and serves it on the rig's port (a new one the first time).
func (r *Rig) Start() {
	r.T.Helper()
	c, err := central.Open(r.Path())
	if err != nil {
		r.T.Fatal(err)
	}
	c.Now = r.now
	c.HoldOrphanedRepush = !r.NoHold // as motcua-server runs it (finding 2)
	addr := r.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := listen(addr, 100, 20*time.Millisecond)
	if err != nil {
		c.Close()
		r.T.Fatal(err)
	}
	r.Addr, r.URL = ln.Addr().String(), "http://"+ln.Addr().String()
	o := unlimited()
	if r.Options != nil {
		o = *r.Options
	}
	o.Now = r.now
	var h http.Handler = server.New(c, o).Handler()
	if r.Wrap != nil {
		h = r.Wrap(h)
	}
	live := newInflight()
	srv := &http.Server{Handler: live.wrap(h), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	r.mu.Lock()
	r.c, r.srv, r.live = c, srv, live
	r.mu.Unlock()
}

// Stop closes the listener and every connection, waits for the handlers
// still running to return, and closes the file; it checks the central
// store's integrity first, with no write beside the check (bbolt's page
// check in a read transaction can report pages a concurrent commit frees
// as "reachable freed").
func (r *Rig) Stop() {
	r.stopping.Lock()
	defer r.stopping.Unlock()
	r.mu.Lock()
	srv, live, c := r.srv, r.live, r.c
	r.mu.Unlock()
	if srv == nil {
		return
	}
	srv.Close()
	live.close() // the handlers still running may call Central meanwhile
	if err := c.CheckIntegrity(); err != nil {
		r.T.Errorf("server integrity: %v", err)
	}
	c.Close()
	r.mu.Lock()
	r.srv, r.c, r.live = nil, nil, nil
	r.mu.Unlock()
}

// Running reports whether the server is up.
func (r *Rig) Running() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.srv != nil
}

// Backup writes a hot copy of the running server's file.
func (r *Rig) Backup(path string) {
	r.T.Helper()
	if err := r.Central().Backup(path); err != nil {
		r.T.Fatal(err)
	}
}

// Restore stops the server, puts backup in place of its file the way the
// admin's `motcua-server restore` does (which opens the restore hold), and
// starts it.
func (r *Rig) Restore(backup string) {
	r.T.Helper()
	r.Stop()
	if _, _, err := central.Restore(backup, r.Path(), time.Now()); err != nil {
		r.T.Fatal(err)
	}
	r.Start()
}

// Code makes a one-time enrollment code (the server may be stopped: the
// file is opened for the moment).
func (r *Rig) Code(role motcua.Role) string {
	r.T.Helper()
	c := r.Central()
	if c == nil {
		var err error
		if c, err = central.Open(r.Path()); err != nil {
			r.T.Fatal(err)
		}
		defer c.Close()
	}
	e, err := c.CreateEnrollment(Unit, role)
	if err != nil {
		r.T.Fatal(err)
	}
	return e.Code
}

// inflight counts the requests a server's handler is serving; once closed
// it refuses new ones (503) and close waits for the others to return.
type inflight struct {
	mu     sync.Mutex
	idle   *sync.Cond
	n      int
	closed bool
}

func newInflight() *inflight {
	f := &inflight{}
	f.idle = sync.NewCond(&f.mu)
	return f
}

func (f *inflight) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		f.mu.Lock()
		if f.closed {
			f.mu.Unlock()
			http.Error(w, "stopping", http.StatusServiceUnavailable)
			return
		}
		f.n++
		f.mu.Unlock()
		defer func() {
			f.mu.Lock()
			if f.n--; f.n == 0 {
				f.idle.Broadcast()
			}
			f.mu.Unlock()
		}()
		h.ServeHTTP(w, req)
	})
}

func (f *inflight) close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	for f.n > 0 {
		f.idle.Wait()
	}
}

// unlimited are the harness's server options: no rate limit gets in the
// way of terminals that sync as fast as they can.
func unlimited() server.Options {
	return server.Options{TerminalRate: 1e6, TerminalBurst: 1e6, EnrollRate: 1e6, EnrollBurst: 1e6}
}

// listen listens on addr, trying again every pause, tries times at most: a
// server restarted on its port may find the old socket not released yet.
func listen(addr string, tries int, pause time.Duration) (net.Listener, error) {
	var err error
	for i := 0; i < tries; i++ {
		var ln net.Listener
		if ln, err = net.Listen("tcp", addr); err == nil {
			return ln, nil
		}
		time.Sleep(pause)
	}
	return nil, err
}

// Terminal opens a new terminal store at dir/name.db, initialised for the
// unit, with the clock now (nil: the real clock).
func Terminal(t testing.TB, dir, name string, now func() time.Time) *store.Store {
	t.Helper()
	s, err := store.Open(filepath.Join(dir, name+".db"))
	if err != nil {
		t.Fatal(err)
	}
	if now != nil {
		s.Now = now
	}
	if _, err := s.Init(Unit, UnitName, "Trần Văn "+name); err != nil {
		t.Fatal(err)
	}
	return s
}

// NewTerminal opens a terminal at dir/name.db (Terminal) and enrolls it
// with the rig in role.
func (r *Rig) NewTerminal(dir, name string, role motcua.Role, now func() time.Time) *store.Store {
	r.T.Helper()
	s := Terminal(r.T, dir, name, now)
	Enroll(r.T, s, r.URL, r.URL, r.Code(role), nil)
	return s
}

// Enroll enrolls s through the API at apiURL; the terminal will sync with
// syncURL (a proxy in front of the server, or the server itself).
func Enroll(t testing.TB, s *store.Store, apiURL, syncURL, code string, prev *motcua.PreviousTerminal) motcua.TerminalInfo {
	t.Helper()
	m, err := s.SyncMeta()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp, err := client.New(apiURL, "", client.Options{}).Enroll(ctx, motcua.EnrollRequest{Code: code,
		InstallNonce: m.Terminal.InstallNonce, Schema: motcua.WireSchema, AckedSeq: m.AckedSeq, Previous: prev})
	if err != nil {
		t.Fatalf("enroll: %v", err)
	}
	info, err := s.SetEnrollment(store.Enrollment{Server: syncURL, Response: resp})
	if err != nil {
		t.Fatal(err)
	}
	return info
}

// FastSyncer is a Syncer tuned for tests: small batches (so a drain takes
// several round trips) and a short request timeout (so a black hole is
// found quickly).
func FastSyncer(t testing.TB, s *store.Store, timeout time.Duration) *client.Syncer {
	t.Helper()
	if timeout <= 0 {
		timeout = 5 * time.Second
	}
	sy, err := client.NewSyncer(s, client.SyncerOptions{StartBatch: 8, MinBatch: 2, MaxBatch: 32, PullLimit: 16,
		Timeout: func(int) time.Duration { return timeout }})
	if err != nil {
		t.Fatal(err)
	}
	return sy
}

// Drain syncs until the outbox is empty and the pull reached the end,
// retrying temporary failures (the network, 5xx, timeouts), at most tries
// times and for at most d. It returns the last error when it gives up.
func Drain(sy *client.Syncer, tries int, d time.Duration) (client.Summary, error) {
	var total client.Summary
	deadline := time.Now().Add(d)
	var err error
	for i := 0; i < tries && time.Now().Before(deadline); i++ {
		ctx, cancel := context.WithDeadline(context.Background(), deadline)
		var sum client.Summary
		sum, err = sy.Drain(ctx)
		cancel()
		total.RoundTrips += sum.RoundTrips
		total.Acked += sum.Acked
		total.Dossiers += sum.Dossiers
		total.Questions += sum.Questions
		if err == nil {
			total.Done = sum.Done
			return total, nil
		}
		if !Temporary(err) || Held(err) {
			return total, err
		}
		time.Sleep(time.Duration(5*(i+1)) * time.Millisecond)
	}
	return total, fmt.Errorf("drain gave up after %d tries: %w", tries, err)
}

// Held reports a server restored from a backup holding this terminal's
// re-pushed ops until another terminal has re-pushed its own (finding 2):
// the caller syncs the others and comes back.
func Held(err error) bool {
	var ae *motcua.Error
	return errors.As(err, &ae) && ae.Reason == motcua.ErrHeld
}

// Temporary reports an error a syncer retries by itself.
func Temporary(err error) bool {
	var ae *motcua.Error
	if errors.As(err, &ae) {
		return ae.Retryable() || ae.Reason == motcua.ErrTimeout || ae.Reason == motcua.ErrBadReply || ae.Reason == motcua.ErrBadRequest
	}
	return errors.Is(err, context.DeadlineExceeded)
}

// Expected reports an error an officer may meet and that writes nothing: a
// domain refusal (illegal move, clock backwards, lane expired, …).
func Expected(err error) bool {
	return err == nil || motcua.ErrorCode(err) == motcua.EINVALID || motcua.ErrorCode(err) == motcua.ENOTFOUND
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	if err := os.WriteFile(to+".tmp", b, 0o600); err != nil {
		return err
	}
	return os.Rename(to+".tmp", to)
}

// CopyFile copies a closed bbolt file (a laptop's disk image, a backup).
func CopyFile(t testing.TB, from, to string) {
	t.Helper()
	if err := copyFile(from, to); err != nil {
		t.Fatal(err)
	}
}
