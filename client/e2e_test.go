package client_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/central"
	"github.com/motcua/motcua/client"
	"github.com/motcua/motcua/faults"
	"github.com/motcua/motcua/server"
	"github.com/motcua/motcua/store"
)

const unit = faults.Unit

// rig is the fault harness's server (a real server on a loopback port over
// a real bbolt file, which a test can stop, restart on the same port and
// file, and restore from a backup) with the server's own options and the
// central store as central.Open opens it, and a way to lose answers.
type rig struct {
	*faults.Rig
	drop atomic.Int32 // drop this many sync answers after their commit
}

func newRig(t testing.TB, opts server.Options) *rig {
	t.Helper()
	r := &rig{}
	r.Rig = faults.StartRig(t, &faults.Rig{Options: &opts, NoHold: true, Wrap: r.dropAnswers})
	return r
}

// dropAnswers: while drop is above zero, a sync request is served, so the
// server commits, then the answer is lost on the way back.
func (r *rig) dropAnswers(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.URL.Path == "/v1/sync" && r.drop.Load() > 0 && r.drop.Add(-1) >= 0 {
			h.ServeHTTP(httptest.NewRecorder(), req)
			if hj, ok := w.(http.Hijacker); ok {
				conn, _, _ := hj.Hijack()
				conn.Close()
			}
			return
		}
		h.ServeHTTP(w, req)
	})
}

// restart stops and starts a running server; a stopped one stays down.
func (r *rig) restart() {
	if r.Running() {
		r.Stop()
		r.Start()
	}
}

// terminal opens a new terminal store and enrolls it through the API; its
// integrity is checked when the test ends.
func (r *rig) terminal(name string, role motcua.Role) *store.Store {
	r.T.Helper()
	s := r.NewTerminal(r.T.TempDir(), name, role, nil)
	r.T.Cleanup(func() {
		if err := s.CheckIntegrity(); err != nil {
			r.T.Errorf("%s integrity: %v", name, err)
		}
		s.Close()
	})
	return s
}

func syncer(t testing.TB, s *store.Store, o client.SyncerOptions) *client.Syncer {
	t.Helper()
	sy, err := client.NewSyncer(s, o)
	if err != nil {
		t.Fatal(err)
	}
	return sy
}

// drain syncs until done, retrying transient failures as Run would.
func drain(t testing.TB, sy *client.Syncer) client.Summary {
	t.Helper()
	var total client.Summary
	for i := 0; i < 20; i++ {
		sum, err := sy.Drain(context.Background())
		total.RoundTrips += sum.RoundTrips
		total.OpsSent += sum.OpsSent
		total.Dossiers += sum.Dossiers
		if err == nil {
			return total
		}
		var ae *motcua.Error
		if !errors.As(err, &ae) || !ae.Retryable() {
			t.Fatalf("drain: %v", err)
		}
	}
	t.Fatal("drain never finished")
	return total
}

func receive(t testing.TB, s *store.Store, name string) motcua.Dossier {
	t.Helper()
	d, err := s.Receive(motcua.ReceiveInput{ProcedureCode: "1.001193", Applicant: motcua.Person{Name: name}})
	if err != nil {
		t.Fatalf("receive: %v", err)
	}
	return d.Dossier
}

var codeRE = regexp.MustCompile(`^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4}$`)

// converged checks the server and every terminal hold the same dossiers,
// with unique valid codes.
func converged(t *testing.T, c *central.Store, want int, terms ...*store.Store) {
	t.Helper()
	all, err := c.Dossiers(unit)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != want {
		t.Fatalf("server holds %d dossiers, want %d", len(all), want)
	}
	codes := map[string]bool{}
	for _, d := range all {
		if !codeRE.MatchString(d.Code) || codes[d.Code] {
			t.Fatalf("code %q invalid or repeated", d.Code)
		}
		if _, err := motcua.ParseCode(d.Code); err != nil {
			t.Fatal(err)
		}
		codes[d.Code] = true
	}
	for i, s := range terms {
		st, _ := s.State()
		if st.Dossiers != want || st.Waiting != 0 {
			t.Fatalf("terminal %d: %d dossiers, %d waiting", i, st.Dossiers, st.Waiting)
		}
		for _, d := range all {
			got, err := s.Get(d.ID)
			if err != nil || got.Version != d.Version || got.Status != d.Status || got.Code != d.Code || len(got.History) != len(d.History) {
				t.Fatalf("terminal %d copy of %s differs: v%d/%d st%d/%d %v", i, d.Code, got.Version, d.Version, got.Status, d.Status, err)
			}
		}
	}
}

// TestTwoTerminalsOfflineConverge is the first "done means": two
// terminals of one unit, both offline, each receive 50 dossiers and move
// shared ones; after both sync, all three hold the same 100, and each losing
// move is a conflict on its terminal. The second run restarts the server
// between round trips and loses answers after their commit.
func TestTwoTerminalsOfflineConverge(t *testing.T) {
	for _, restart := range []bool{false, true} {
		t.Run(fmt.Sprintf("restart=%v", restart), func(t *testing.T) {
			r := newRig(t, server.Options{})
			a, b := r.terminal("A", motcua.RoleCounter), r.terminal("B", motcua.RoleCounter)
			var requests atomic.Int32
			opts := client.SyncerOptions{StartBatch: 10, MaxBatch: 20}
			if restart {
				opts.Transport = hook(func() {
					if n := requests.Add(1); n == 3 || n == 7 {
						r.restart()
					} else if n == 5 || n == 9 {
						r.drop.Store(1)
					}
				})
			}
			sa, sb := syncer(t, a, opts), syncer(t, b, opts)
			// Ten shared dossiers, received at A and known to B.
			var shared []motcua.Dossier
			for i := 0; i < 10; i++ {
				shared = append(shared, receive(t, a, fmt.Sprintf("Người Chung %c", 'A'+i)))
			}
			drain(t, sa)
			drain(t, sb)
			// Offline: the server is down.
			r.Stop()
			for i := 0; i < 40; i++ {
				receive(t, a, "Nguyễn Thị Ánh")
			}
			for i := 0; i < 50; i++ {
				receive(t, b, "Lê Văn Cường")
			}
			for i, d := range shared {
				if _, err := a.Transition(d.ID, motcua.TransitionArgs{To: motcua.StatusProcessing}); err != nil {
					t.Fatal(err)
				}
				to := motcua.TransitionArgs{To: motcua.StatusProcessing}
				if i%2 == 1 {
					to = motcua.TransitionArgs{To: motcua.StatusWithdrawn, Recipient: d.Applicant.Name, Method: motcua.ReturnCounter}
				}
				if _, err := b.Transition(d.ID, to); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := sa.Drain(context.Background()); err == nil {
				t.Fatal("sync with the server down succeeded")
			}
			r.Start()
			drain(t, sa)
			drain(t, sb)
			drain(t, sa)
			converged(t, r.Central(), 100, a, b)
			if restart && requests.Load() < 10 {
				t.Fatalf("only %d requests: the restarts and lost answers did not all happen", requests.Load())
			}
			res, _ := b.Results()
			if len(res) != 5 {
				t.Fatalf("b has %d results, want 5 conflicts: %+v", len(res), res)
			}
			for _, x := range res {
				if x.Status != motcua.Conflicted || x.MessageVI == "" {
					t.Fatalf("result %+v", x)
				}
			}
			if res, _ := a.Results(); len(res) != 0 {
				t.Fatalf("a has results %+v", res)
			}
		})
	}
}

// hook runs fn before each request, then forwards it.
type hookTransport struct {
	fn func()
	rt http.RoundTripper
}

func hook(fn func()) http.RoundTripper {
	return &hookTransport{fn: fn, rt: &http.Transport{DisableKeepAlives: true}}
}

func (h *hookTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	h.fn()
	return h.rt.RoundTrip(req)
}

func TestLostAnswerIsNotAppliedTwice(t *testing.T) {
	r := newRig(t, server.Options{})
	s := r.terminal("A", motcua.RoleCounter)
	d := receive(t, s, "Nguyễn Thị Ánh")
	if _, err := s.Do(motcua.Action{Kind: motcua.OpNote, DossierID: d.ID, Args: motcua.NoteArgs{Text: "gọi lại"}}); err != nil {
		t.Fatal(err)
	}
	sy := syncer(t, s, client.SyncerOptions{})
	r.drop.Store(1)
	_, err := sy.Drain(context.Background())
	var ae *motcua.Error
	if !errors.As(err, &ae) || !ae.Retryable() {
		t.Fatalf("lost answer: %v", err)
	}
	if st, _ := s.State(); st.Waiting != 2 {
		t.Fatalf("outbox %d after a lost answer", st.Waiting)
	}
	drain(t, sy)
	srv, _ := r.Central().DossierByCode(unit, d.Code)
	if len(srv.History) != 2 {
		t.Fatalf("history %d events", len(srv.History))
	}
	converged(t, r.Central(), 1, s)
}

// TestServerRestoredFromBackup: the server loses its latest ops; the
// terminal gets 409 seq_gap, re-pushes from its retained acknowledged ops,
// its cursor is unknown so its copy is reset, and its unsent work survives.
func TestServerRestoredFromBackup(t *testing.T) {
	r := newRig(t, server.Options{})
	s := r.terminal("A", motcua.RoleCounter)
	receive(t, s, "Nguyễn Thị Ánh")
	sy := syncer(t, s, client.SyncerOptions{StartBatch: 2})
	drain(t, sy)
	backup := filepath.Join(t.TempDir(), "backup.db")
	r.Backup(backup)
	var moved motcua.Dossier
	for i := 0; i < 5; i++ {
		moved = receive(t, s, "Lê Văn Cường")
	}
	drain(t, sy)
	// Restore: stop, copy the backup over the file, start.
	r.Restore(backup)
	// Unsent work made meanwhile.
	if _, err := s.Transition(moved.ID, motcua.TransitionArgs{To: motcua.StatusProcessing}); err != nil {
		t.Fatal(err)
	}
	fresh := receive(t, s, "Trần Thị Hoa")
	sum := drain(t, sy)
	if sum.RoundTrips < 3 {
		t.Fatalf("round trips %d", sum.RoundTrips)
	}
	converged(t, r.Central(), 7, s)
	got, _ := s.Get(moved.ID)
	if got.Status != motcua.StatusProcessing {
		t.Fatal("the unsent move was lost")
	}
	if _, err := s.Get(fresh.ID); err != nil {
		t.Fatal("the unsent reception was lost")
	}
}

// forked is a server, terminal A with one dossier synced, and B, a copy of
// A's file opened on a second laptop (the caller closes it).
func forked(t *testing.T) (r *rig, a, b *store.Store) {
	t.Helper()
	r = newRig(t, server.Options{})
	a = r.terminal("A", motcua.RoleCounter)
	receive(t, a, "Nguyễn Thị Ánh")
	drain(t, syncer(t, a, client.SyncerOptions{}))
	clone := filepath.Join(t.TempDir(), "clone.db")
	if err := a.BackupTo(clone); err != nil {
		t.Fatal(err)
	}
	b, err := store.Open(clone)
	if err != nil {
		t.Fatal(err)
	}
	return r, a, b
}

func TestForkedTerminalStops(t *testing.T) {
	r, a, b := forked(t)
	defer b.Close()
	receive(t, a, "Lê Văn Cường")
	receive(t, b, "Trần Văn Bình")
	drain(t, syncer(t, a, client.SyncerOptions{}))
	sb := syncer(t, b, client.SyncerOptions{})
	_, err := sb.Drain(context.Background())
	if motcua.ErrorCode(err) != motcua.ESTOPPED || motcua.ErrorReason(err) != motcua.ErrTerminalFork {
		t.Fatalf("clone: %v", err)
	}
	if _, err := b.Receive(motcua.ReceiveInput{ProcedureCode: "1.001193", Applicant: motcua.Person{Name: "Lê Thị Hoa"}}); motcua.ErrorReason(err) != "lane_expired" {
		t.Fatalf("the clone still issues codes: %v", err)
	}
	st, _ := b.SyncState()
	if !st.Stopped || st.Waiting != 1 {
		t.Fatalf("clone state %+v", st)
	}
	if rec, _ := r.Central().Terminal(st2id(t, b)); !rec.Quarantined {
		t.Fatal("not quarantined")
	}
}

func st2id(t *testing.T, s *store.Store) string {
	info, err := s.Terminal()
	if err != nil {
		t.Fatal(err)
	}
	return info.ID
}

func TestRevokedTerminalStopsAndKeepsData(t *testing.T) {
	r := newRig(t, server.Options{})
	s := r.terminal("A", motcua.RoleCounter)
	receive(t, s, "Nguyễn Thị Ánh")
	sy := syncer(t, s, client.SyncerOptions{Debounce: 10 * time.Millisecond, Interval: time.Hour})
	drain(t, sy)
	if _, err := r.Central().Revoke(st2id(t, s)); err != nil {
		t.Fatal(err)
	}
	receive(t, s, "Lê Văn Cường")
	states := make(chan motcua.SyncState, 100)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- sy.Run(ctx, func(st motcua.SyncState) { states <- st }) }()
	sy.Kick()
	var last motcua.SyncState
	for deadline := time.After(30 * time.Second); !last.Stopped; {
		select {
		case last = <-states:
		case <-deadline:
			t.Fatalf("never stopped: %+v", last)
		}
	}
	cancel()
	<-done
	if last.ErrorVI == "" || last.Waiting != 1 {
		t.Fatalf("state %+v", last)
	}
	st, _ := s.State()
	if st.Dossiers != 2 || st.Waiting != 1 {
		t.Fatalf("data lost on revocation: %+v", st)
	}
}

func TestOversizedBatchIsHalved(t *testing.T) {
	r := newRig(t, server.Options{MaxSyncBody: 3 << 10})
	s := r.terminal("A", motcua.RoleCounter)
	for i := 0; i < 60; i++ {
		receive(t, s, fmt.Sprintf("Nguyễn Văn %c%c", 'A'+i%26, 'A'+i/26))
	}
	sy := syncer(t, s, client.SyncerOptions{StartBatch: 40})
	drain(t, sy)
	if _, max := sy.Batch(); max >= 256<<10 {
		t.Fatalf("byte bound %d after 413s", max)
	}
	converged(t, r.Central(), 60, s)
}

func TestRunDebouncesBacksOffAndRecovers(t *testing.T) {
	r := newRig(t, server.Options{})
	s := r.terminal("A", motcua.RoleCounter)
	sy := syncer(t, s, client.SyncerOptions{Debounce: 20 * time.Millisecond, Interval: time.Hour,
		BackoffBase: 20 * time.Millisecond, BackoffCap: 50 * time.Millisecond})
	var mu sync.Mutex
	var states []motcua.SyncState
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go sy.Run(ctx, func(st motcua.SyncState) {
		mu.Lock()
		states = append(states, st)
		mu.Unlock()
	})
	waitFor := func(what string, ok func(motcua.SyncState) bool) {
		t.Helper()
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			mu.Lock()
			n := len(states)
			var last motcua.SyncState
			if n > 0 {
				last = states[n-1]
			}
			mu.Unlock()
			if n > 0 && ok(last) {
				return
			}
		}
		t.Fatalf("never %s", what)
	}
	waitFor("online", func(st motcua.SyncState) bool { return st.Online && !st.LastSync.IsZero() })
	r.Stop()
	receive(t, s, "Nguyễn Thị Ánh")
	sy.Kick()
	waitFor("offline", func(st motcua.SyncState) bool { return !st.Online && st.Error != "" && st.Waiting == 1 })
	r.Start()
	sy.SyncNow()
	waitFor("drained", func(st motcua.SyncState) bool { return st.Online && st.Waiting == 0 && st.Error == "" })
	converged(t, r.Central(), 1, s)
}

func TestHamletCannotMoveAndCrossUnitIsForbidden(t *testing.T) {
	r := newRig(t, server.Options{})
	a := r.terminal("A", motcua.RoleCounter)
	h := r.terminal("H", motcua.RoleHamlet)
	d := receive(t, a, "Nguyễn Thị Ánh")
	drain(t, syncer(t, a, client.SyncerOptions{}))
	drain(t, syncer(t, h, client.SyncerOptions{}))
	// The hamlet laptop's own Apply refuses the move before it is written.
	if _, err := h.Transition(d.ID, motcua.TransitionArgs{To: motcua.StatusProcessing}); motcua.ErrorReason(err) != "role_hamlet" {
		t.Fatalf("hamlet move: %v", err)
	}
	// Another unit's terminal cannot read this unit's dossier.
	if _, err := r.Central().AddUnit("000.00.07.H57", "UBND xã Tân Lộc", ""); err != nil {
		t.Fatal(err)
	}
	e, _ := r.Central().CreateEnrollment("000.00.07.H57", motcua.RoleCounter)
	other, err := client.New(r.URL, "", client.Options{}).Enroll(context.Background(), motcua.EnrollRequest{Code: e.Code, InstallNonce: motcua.NewID(time.Now())})
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.New(r.URL, other.Token, client.Options{}).Dossier(context.Background(), d.Code)
	var ae *motcua.Error
	if !errors.As(err, &ae) || ae.Status != 403 {
		t.Fatalf("cross-unit: %v", err)
	}
}

// TestStandaloneTerminalEnrollsLater: codes a standalone laptop issued from
// the standalone lane stay valid and go up like any op; from then on it
// issues from its leased lane.
func TestStandaloneTerminalEnrollsLater(t *testing.T) {
	r := newRig(t, server.Options{})
	s := faults.Terminal(t, t.TempDir(), "Bình", nil) // standalone: not enrolled
	defer s.Close()
	var solo []motcua.Dossier
	for i := 0; i < 3; i++ {
		solo = append(solo, receive(t, s, "Nguyễn Thị Ánh"))
	}
	if _, err := s.Transition(solo[0].ID, motcua.TransitionArgs{To: motcua.StatusProcessing}); err != nil {
		t.Fatal(err)
	}
	faults.Enroll(t, s, r.URL, r.URL, r.Code(motcua.RoleCounter), nil)
	next := receive(t, s, "Lê Văn Cường")
	if c, _ := motcua.ParseCode(next.Code); c.Number != 1000 {
		t.Fatalf("after enrolment the code is %s", next.Code)
	}
	drain(t, syncer(t, s, client.SyncerOptions{}))
	converged(t, r.Central(), 4, s)
	for _, d := range solo {
		got, err := r.Central().DossierByCode(unit, d.Code)
		if err != nil || got.ID != d.ID {
			t.Fatalf("standalone code %s: %v", d.Code, err)
		}
	}
	if res, _ := s.Results(); len(res) != 0 {
		t.Fatalf("results %+v", res)
	}
}

// TestReleasedTerminalResumes: once the copy is dealt with and the admin
// releases the quarantine, the original syncs and issues codes again.
func TestReleasedTerminalResumes(t *testing.T) {
	r, a, b := forked(t)
	receive(t, b, "Trần Văn Bình")
	receive(t, a, "Lê Văn Cường")
	sa := syncer(t, a, client.SyncerOptions{})
	drain(t, sa) // the original's second op is the one the server holds
	if _, err := syncer(t, b, client.SyncerOptions{}).Drain(context.Background()); err == nil {
		t.Fatal("the clone synced")
	}
	b.Close() // the copy is wiped
	receive(t, a, "Võ Văn Tám")
	if _, err := sa.Drain(context.Background()); motcua.ErrorCode(err) != motcua.ESTOPPED {
		t.Fatalf("original while quarantined: %v", err)
	}
	if _, err := a.Receive(motcua.ReceiveInput{ProcedureCode: "1.001193", Applicant: motcua.Person{Name: "Lê Thị Hoa"}}); motcua.ErrorReason(err) != "lane_expired" {
		t.Fatalf("quarantined terminal issued a code: %v", err)
	}
	if _, err := r.Central().Release(st2id(t, a)); err != nil {
		t.Fatal(err)
	}
	if err := a.ResumeSync(); err != nil {
		t.Fatal(err)
	}
	drain(t, sa)
	receive(t, a, "Lê Thị Hoa")
	drain(t, sa)
	converged(t, r.Central(), 4, a)
}

// TestRestoredServerHoldsOrphanedRepush: after a restore, a move re-pushed
// by B on a dossier that A received after the backup waits for A's
// re-push instead of being refused; nothing acknowledged is lost.
func TestRestoredServerHoldsOrphanedRepush(t *testing.T) {
	r := newRig(t, server.Options{})
	a, b := r.terminal("A", motcua.RoleCounter), r.terminal("B", motcua.RoleCounter)
	sa, sb := syncer(t, a, client.SyncerOptions{}), syncer(t, b, client.SyncerOptions{})
	drain(t, sa)
	drain(t, sb)
	backup := filepath.Join(t.TempDir(), "backup.db")
	r.Backup(backup)
	x := receive(t, a, "Nguyễn Thị Ánh")
	drain(t, sa)
	drain(t, sb)
	if _, err := b.Transition(x.ID, motcua.TransitionArgs{To: motcua.StatusProcessing}); err != nil {
		t.Fatal(err)
	}
	drain(t, sb)
	r.Restore(backup)
	r.Central().HoldOrphanedRepush = true
	// B comes back first: its move waits.
	// Its first request may go out on a kept-alive connection of the
	// stopped server: the client sends a sync again by itself then.
	_, err := sb.Drain(context.Background())
	var ae *motcua.Error
	if !errors.As(err, &ae) || ae.Reason != motcua.ErrHeld || !ae.Retryable() {
		t.Fatalf("B before A: %v", err)
	}
	drain(t, sa)
	drain(t, sb)
	drain(t, sa)
	converged(t, r.Central(), 1, a, b)
	got, _ := r.Central().DossierByCode(unit, x.Code)
	if got.Status != motcua.StatusProcessing {
		t.Fatalf("B's move was lost: status %d", got.Status)
	}
	if res, _ := b.Results(); len(res) != 0 {
		t.Fatalf("B results %+v", res)
	}
}

// TestServerCopiedBackWithoutRestoreStopsTheTerminal: a backup copied over
// the server's file by hand (not `motcua-server restore`) leaves the server
// without the hold; a terminal that synced after the backup is told so on
// its own (ahead_of_server: it stops, its data stays) until the admin runs
// the restore, after which it re-pushes and converges.
func TestServerCopiedBackWithoutRestoreStopsTheTerminal(t *testing.T) {
	r := newRig(t, server.Options{})
	s := r.terminal("A", motcua.RoleCounter)
	receive(t, s, "Nguyễn Thị Ánh")
	sy := syncer(t, s, client.SyncerOptions{})
	drain(t, sy)
	backup := filepath.Join(t.TempDir(), "backup.db")
	r.Backup(backup)
	receive(t, s, "Lê Văn Cường")
	drain(t, sy)
	r.Stop()
	faults.CopyFile(t, backup, r.Path())
	r.Start()
	_, err := sy.Drain(context.Background())
	if motcua.ErrorCode(err) != motcua.ESTOPPED || motcua.ErrorReason(err) != motcua.ErrAheadOfServer {
		t.Fatalf("after a copy by hand: %v, want the terminal stopped with ahead_of_server", err)
	}
	if m, _ := s.SyncMeta(); m.Stopped != motcua.ErrAheadOfServer {
		t.Fatalf("stop not recorded: %q", m.Stopped)
	}
	// The admin's restore, then the officer's F5.
	if _, err := r.Central().BeginRestoreHold(); err != nil {
		t.Fatal(err)
	}
	if err := s.ResumeSync(); err != nil {
		t.Fatal(err)
	}
	drain(t, sy)
	converged(t, r.Central(), 2, s)
}
