package client

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/motcua/motcua"
)

// SyncerOptions tune a Syncer; zero values take docs/DESIGN.md §4's defaults.
type SyncerOptions struct {
	Debounce    time.Duration // after a local commit (2 s)
	Interval    time.Duration // while online (60 s)
	BackoffBase time.Duration // first retry delay bound (2 s)
	BackoffCap  time.Duration // largest retry delay bound (5 min)

	StartBatch    int // ops in the first batch (100)
	MinBatch      int // never below (10)
	MaxBatch      int // never above (500)
	MaxBatchBytes int // gzipped request bytes (256 KiB)
	PullLimit     int // snapshots per page (500)

	// A pull page is bounded by bytes too (its snapshots' stored JSON):
	// it starts at StartPullBytes (16 KiB) and adapts within
	// [MinPullBytes, MaxPullBytes] (4 KiB, 2 MiB).
	StartPullBytes, MinPullBytes, MaxPullBytes int
	// Target is the round trip the batch and the page adapt to (8 s): a
	// faster full one grows them in proportion (at most ×2), a slower one
	// shrinks them (at most ÷2), a stalled one halves them.
	Target time.Duration

	// Timeout, when set, caps a request holding a body of n bytes (tests
	// use it to notice a black hole quickly). Unset, a request ends only
	// when the link stalls (Options.Stall), never for being slow.
	Timeout func(n int) time.Duration

	// Progress, when set, hears after every answered round trip what the
	// current Drain moved so far (motcua sync prints it).
	Progress func(Summary)

	// Schema is the wire schema spoken (0: motcua.WireSchema). An older
	// one is for measuring the old answers beside the new and for
	// compatibility tests.
	Schema int

	Client *Client // nil: built from the store's enrollment
	Options
	Logger *slog.Logger
}

func (o *SyncerOptions) defaults() {
	d := func(v *time.Duration, x time.Duration) {
		if *v <= 0 {
			*v = x
		}
	}
	n := func(v *int, x int) {
		if *v <= 0 {
			*v = x
		}
	}
	d(&o.Debounce, 2*time.Second)
	d(&o.Interval, 60*time.Second)
	d(&o.BackoffBase, 2*time.Second)
	d(&o.BackoffCap, 5*time.Minute)
	n(&o.StartBatch, 100)
	n(&o.MinBatch, 10)
	n(&o.MaxBatch, motcua.MaxSyncOps)
	n(&o.MaxBatchBytes, 256<<10)
	n(&o.PullLimit, motcua.DefaultPullLimit)
	n(&o.StartPullBytes, 16<<10)
	n(&o.MinPullBytes, motcua.MinPullBytes)
	n(&o.MaxPullBytes, 2<<20)
	d(&o.Target, 8*time.Second)
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
}

// Store is what the syncer needs of a terminal's store (a *store.Store;
// the commands wire it), declared here so the client imports only the root.
type Store interface {
	Terminal() (motcua.TerminalInfo, error)
	SyncMeta() (motcua.SyncMeta, error)
	SyncBatch(from uint64, limit int) ([]motcua.Op, error)
	ApplySync(motcua.SyncResponse) (motcua.SyncApplied, error)
	SetClockOffset(time.Duration) error
	StopSync(reason string) error
	ResumeSync() error
	SyncState() (motcua.SyncState, error)
	Queue() (motcua.Queue, error)
	// LocalNow is the store's own clock (the one its ops are stamped
	// with), which measures the round trip for the clock offset.
	LocalNow() time.Time
}

// Syncer drains a terminal's outbox and pulls changes. Run it in its own
// goroutine; Kick and SyncNow never block.
type Syncer struct {
	st Store
	o  SyncerOptions

	kick, now chan struct{}

	mu       sync.Mutex // guards the fields below (Drain may run beside Run in tests)
	c        *Client
	batch    int
	maxBytes int // lowered when the server answers 413: never send that much again
	page     int // the pull page's byte bound
	online   bool
	last     error
}

// NewSyncer makes a syncer for an enrolled store.
func NewSyncer(st Store, o SyncerOptions) (*Syncer, error) {
	o.defaults()
	info, err := st.Terminal()
	if err != nil {
		return nil, err
	}
	if !info.Enrolled() && o.Client == nil {
		return nil, ErrNotEnrolled
	}
	return &Syncer{st: st, o: o, kick: make(chan struct{}, 1), now: make(chan struct{}, 1), batch: o.StartBatch, maxBytes: o.MaxBatchBytes, page: o.StartPullBytes, c: o.Client}, nil
}

// ErrNotEnrolled: the terminal works standalone until `motcua enroll`.
var ErrNotEnrolled = &motcua.Error{Code: motcua.EINVALID, Reason: "not_enrolled",
	VI: "Máy chưa đăng ký với máy chủ: hãy chạy “motcua enroll --server ĐỊA_CHỈ --code MÃ”.",
	EN: "This terminal is not enrolled with a server: run “motcua enroll --server URL --code CODE”."}

// Kick tells the syncer a local commit happened: it syncs after the
// debounce delay. It never blocks.
func (s *Syncer) Kick() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// SyncNow asks for a sync at once, cutting any backoff, and tries a stopped
// terminal once more: the officer's "Đồng bộ ngay" key. It never blocks.
func (s *Syncer) SyncNow() {
	select {
	case s.now <- struct{}{}:
	default:
	}
}

// Summary is what one drain moved.
type Summary struct {
	RoundTrips int // requests made
	Answered   int // requests the server answered with 200
	OpsSent    int // ops in answered requests (a resend counts again)
	Acked      int // ops that left the outbox
	Results    map[motcua.ResultStatus]int
	Parked     int
	Dossiers   int // snapshots pulled
	Questions  int
	BytesUp    int // gzipped request bodies
	BytesDown  int // gzipped response bodies
	Reset      bool
	Done       bool // the outbox is empty and the pull reached the end
}

func (s *Syncer) client(info motcua.TerminalInfo) *Client {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.c == nil || s.c.base != info.Server || s.c.token != info.Token {
		if s.o.Client != nil {
			s.c = s.o.Client
		} else {
			s.c = New(info.Server, info.Token, s.o.Options)
		}
	}
	return s.c
}

// errHeld: the server, restored from a backup, keeps this terminal's
// re-pushed op until the terminal that created its dossier re-pushes.
var errHeld = &motcua.Error{Status: http.StatusOK, Code: motcua.EUNAVAILABLE, Reason: motcua.ErrHeld,
	EN: "The server was restored from a backup and waits for another terminal to send its data again first; syncing resumes by itself.",
	VI: "Máy chủ vừa được khôi phục từ bản sao lưu và đang chờ máy khác gửi lại dữ liệu trước; việc đồng bộ sẽ tự tiếp tục."}

// maxRoundTrips bounds one Drain: a server that always has more is a bug,
// and the loop must come back to Run's backoff.
const maxRoundTrips = 10000

// Drain syncs until the outbox is empty and the pull has reached the end,
// or an error stops it. It is `motcua sync`, and one attempt of Run.
func (s *Syncer) Drain(ctx context.Context) (Summary, error) {
	return s.drain(ctx, nil)
}

func (s *Syncer) drain(ctx context.Context, onRound func(Summary)) (Summary, error) {
	d := &drain{s: s, sum: Summary{Results: map[motcua.ResultStatus]int{}}, onRound: onRound}
	for {
		if err := ctx.Err(); err != nil {
			return d.sum, err
		}
		if d.sum.RoundTrips >= maxRoundTrips {
			return d.sum, fmt.Errorf("sync did not finish after %d round trips", d.sum.RoundTrips)
		}
		if done, err := d.round(ctx); done || err != nil {
			return d.sum, err
		}
	}
}

// drain is one Drain's state across its round trips.
type drain struct {
	s    *Syncer
	sum  Summary
	next uint64 // the seq the server expects next, once known
	gaps int    // seq gaps answered in a row
	// onRound hears the running totals after each answer (Run shows them
	// in the status bar).
	onRound func(Summary)
}

// exchange is one round trip: what was sent and when.
type exchange struct {
	meta  motcua.SyncMeta
	ops   []motcua.Op
	body  []byte
	batch int
	page  int
	sent  time.Time
	rtt   time.Duration
	moved Transfer
}

// round makes one round trip: the batch, the request, then the answer or
// the failure. done: nothing is left either way.
func (d *drain) round(ctx context.Context) (done bool, err error) {
	s := d.s
	m, err := s.st.SyncMeta()
	if err != nil {
		return false, err
	}
	if m.Stopped != "" {
		return false, motcua.SyncStopped(m.Stopped)
	}
	if !m.Terminal.Enrolled() && s.o.Client == nil {
		return false, ErrNotEnrolled
	}
	c := s.client(m.Terminal)
	from := m.AckedSeq + 1
	if d.next != 0 {
		from = d.next
	}
	x := &exchange{meta: m}
	if err := d.fill(x, from); err != nil {
		return false, err
	}
	rctx, cancel := ctx, context.CancelFunc(func() {})
	if s.o.Timeout != nil {
		rctx, cancel = context.WithTimeout(ctx, s.o.Timeout(len(x.body)))
	}
	x.sent = s.st.LocalNow()
	resp, moved, err := c.SyncMeasured(rctx, x.body)
	x.rtt, x.moved = s.st.LocalNow().Sub(x.sent), moved
	cancel()
	d.sum.RoundTrips++
	d.sum.BytesUp += len(x.body)
	d.sum.BytesDown += moved.Down
	if err != nil {
		return false, d.failed(x, err)
	}
	return d.answered(x, resp)
}

// fill takes the ops from seq from on and encodes the request, halving the
// batch until the body fits the size the server accepts.
func (d *drain) fill(x *exchange, from uint64) error {
	s := d.s
	s.mu.Lock()
	batch, maxBytes, page := s.batch, s.maxBytes, s.page
	s.mu.Unlock()
	for {
		ops, err := s.st.SyncBatch(from, batch)
		if err != nil {
			return err
		}
		m := x.meta
		req := motcua.SyncRequest{TerminalID: m.Terminal.ID, InstallNonce: m.Terminal.InstallNonce, Schema: cmp.Or(s.o.Schema, motcua.WireSchema),
			AckedSeq: m.AckedSeq, Ops: ops, Pull: motcua.PullRequest{Cursor: m.Cursor, Limit: s.o.PullLimit, MaxBytes: page, Full: m.Resetting}}
		if req.Ops == nil {
			req.Ops = []motcua.Op{}
		}
		body, err := EncodeSync(req)
		if err != nil {
			return err
		}
		x.ops, x.body, x.batch, x.page = ops, body, batch, page
		if len(body) <= maxBytes || batch <= s.o.MinBatch || len(ops) <= 1 {
			return nil
		}
		batch = max(s.o.MinBatch, batch/2)
		s.setBatch(batch)
	}
}

// failed decides what a failed round trip means: nil to go on at once (a
// seq gap, a body too large), else the error that ends the Drain (after
// stopping syncing when the answer says a person must act).
func (d *drain) failed(x *exchange, err error) error {
	s := d.s
	var ae *motcua.Error
	if !errors.As(err, &ae) {
		return err
	}
	s.setOnline(ae.Status != 0)
	switch {
	case ae.Reason == motcua.ErrSeqGap && ae.Expected > 0:
		if d.gaps++; d.gaps > 3 {
			return err
		}
		d.next = ae.Expected
		return nil
	case ae.Status == http.StatusRequestEntityTooLarge:
		if x.batch <= s.o.MinBatch || len(x.ops) <= 1 {
			return err
		}
		s.mu.Lock()
		s.batch, s.maxBytes = max(s.o.MinBatch, x.batch/2), min(s.maxBytes, len(x.body)-1)
		s.mu.Unlock()
		return nil
	case ae.Reason == motcua.ErrTimeout || ae.Reason == motcua.ErrStalled:
		s.adapt(x, 0.5, true, true)
	case ae.StopReason() != "":
		reason := ae.StopReason()
		if serr := s.st.StopSync(reason); serr != nil {
			return serr
		}
		return motcua.SyncStopped(reason)
	}
	return err
}

// answered records an answer: the clock offset, the acknowledgements and
// the pulled page, where the next batch starts, and whether anything is
// left.
func (d *drain) answered(x *exchange, resp motcua.SyncResponse) (done bool, err error) {
	s := d.s
	s.setOnline(true)
	d.sum.Answered++
	d.sum.OpsSent += len(x.ops)
	d.gaps = 0
	if !resp.ServerTime.IsZero() {
		if err := s.st.SetClockOffset(resp.ServerTime.Sub(x.sent.Add(x.rtt / 2))); err != nil {
			return false, err
		}
	}
	got, err := s.st.ApplySync(resp)
	if err != nil {
		return false, err
	}
	// Go on after what the server applied, or after what this terminal
	// could acknowledge (an op whose verdict did not come back is sent
	// again, and the server answers with its stored result).
	d.next = min(resp.LastAppliedSeq, got.AckedSeq) + 1
	if resp.LastAppliedSeq < x.meta.AckedSeq {
		d.next = resp.LastAppliedSeq + 1 // re-pushing to a restored server
	}
	d.count(got)
	s.adaptTo(x, resp.Pull.HasMore)
	if s.o.Progress != nil {
		s.o.Progress(d.sum)
	}
	if d.onRound != nil {
		d.onRound(d.sum)
	}
	if resp.Held != 0 {
		// The server was restored and waits for another terminal to
		// re-push first: come back later.
		return false, errHeld
	}
	if got.ServerAhead {
		s.o.Logger.Warn("the server acknowledged ops this file does not hold: was it restored from a copy?")
	}
	return d.finished(x, resp)
}

func (d *drain) count(got motcua.SyncApplied) {
	d.sum.Acked += got.Acked
	for st, n := range got.Results {
		d.sum.Results[st] += n
	}
	d.sum.Parked += got.Parked
	d.sum.Dossiers += got.Dossiers
	d.sum.Questions += got.Questions
	d.sum.Reset = d.sum.Reset || got.Reset
}

// finished: nothing waits and the pull reached its end. An outbox the
// server does not expect is an error, not a loop.
func (d *drain) finished(x *exchange, resp motcua.SyncResponse) (bool, error) {
	// Queue and SyncMeta are O(1); State() walks the dossiers.
	q, err := d.s.st.Queue()
	if err != nil {
		return false, err
	}
	meta, err := d.s.st.SyncMeta()
	if err != nil {
		return false, err
	}
	if q.Waiting == 0 && !resp.Pull.HasMore && (len(x.ops) == 0 || d.next > meta.LastSeq) {
		d.sum.Done = true
		return true, nil
	}
	if len(x.ops) == 0 && !resp.Pull.HasMore && q.Waiting > 0 && d.next > meta.LastSeq {
		return false, fmt.Errorf("outbox holds %d ops the server does not expect", q.Waiting)
	}
	return false, nil
}

// adaptTo scales the batch and the page to the measured round trip: by
// Target/elapsed, within [½, 2]. Only a full batch (or a page that left
// more behind) grows: a small one says nothing of what the link can carry.
func (s *Syncer) adaptTo(x *exchange, pageFull bool) {
	f := 2.0
	if e := x.moved.Elapsed; e > 0 {
		f = min(2, max(0.5, float64(s.o.Target)/float64(e)))
	}
	s.adapt(x, f, len(x.ops) >= x.batch || f < 1, pageFull || f < 1)
}

// adapt scales the batch and the page that x carried by f: growing, up to
// their maximum; shrinking, down to their minimum (never below where they
// already were: a small configured start is kept).
func (s *Syncer) adapt(x *exchange, f float64, batch, page bool) {
	scale := func(v, lo, hi int) int {
		n := int(float64(v) * f)
		if f >= 1 {
			return max(v, min(hi, n))
		}
		return min(v, max(lo, n))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if batch {
		s.batch = scale(x.batch, s.o.MinBatch, s.o.MaxBatch)
	}
	if page {
		s.page = scale(x.page, s.o.MinPullBytes, s.o.MaxPullBytes)
	}
}

func (s *Syncer) setBatch(n int) {
	s.mu.Lock()
	s.batch = n
	s.mu.Unlock()
}

func (s *Syncer) setOnline(v bool) {
	s.mu.Lock()
	s.online = v
	s.mu.Unlock()
}

// Batch is the current batch size in ops and the byte bound (both adapt).
func (s *Syncer) Batch() (ops, bytes int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.batch, s.maxBytes
}

// PullPage is the current byte bound of a pull page (it adapts).
func (s *Syncer) PullPage() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.page
}

// state builds the status bar's view.
func (s *Syncer) state(syncing bool, err error) motcua.SyncState {
	st, serr := s.st.SyncState()
	if serr != nil {
		st.Error, st.ErrorVI = serr.Error(), motcua.ErrorMessage(serr, motcua.VI)
	}
	s.mu.Lock()
	st.Online = s.online
	s.mu.Unlock()
	st.Syncing = syncing
	if err != nil {
		var e *motcua.Error
		switch {
		case !errors.As(err, &e):
			st.Error, st.ErrorVI = err.Error(), motcua.ErrorMessage(err, motcua.VI)
		case e.Code == motcua.ESTOPPED:
			st.Stopped = true
			st.ErrorVI, st.Error = e.VI, e.EN
		case e.Code == motcua.EUNAVAILABLE && e.Status == 0:
			st.ErrorVI = "Mất kết nối máy chủ; dữ liệu vẫn lưu trên máy và sẽ gửi khi có mạng."
			st.Error = "Server unreachable; the data is saved on this laptop and goes up when the link is back."
		default:
			st.Error, st.ErrorVI = e.EN, e.VI
		}
	}
	return st
}

// Run syncs in the background until ctx ends: at start, Debounce after a
// Kick, every Interval while online, at once on SyncNow; after a failure it
// waits a full-jitter exponential backoff (or the server's Retry-After).
// Every change of state goes to report, from Run's goroutine. An error that
// needs a person (revoked, fork, too old, unknown token) stops attempts
// until SyncNow.
func (s *Syncer) Run(ctx context.Context, report func(motcua.SyncState)) error {
	if report == nil {
		report = func(motcua.SyncState) {}
	}
	timer := time.NewTimer(0)
	defer timer.Stop()
	next := time.Now()
	attempt := 0
	stopped := false
	report(s.state(false, nil))
	for {
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
		if !stopped {
			timer.Reset(max(0, time.Until(next)))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-s.kick:
			report(s.state(false, s.lastErr()))
			if attempt == 0 && !stopped {
				if d := time.Now().Add(s.o.Debounce); d.Before(next) {
					next = d
				}
			}
			continue
		case <-s.now:
			// The officer asks: try even a stopped terminal once more.
			stopped = false
			if err := s.st.ResumeSync(); err != nil {
				s.o.Logger.Warn("resume sync", "err", err.Error())
			}
		case <-timer.C:
		}
		report(s.state(true, nil))
		toSend := 0
		if q, qerr := s.st.Queue(); qerr == nil {
			toSend = q.Waiting
		}
		_, err := s.drain(ctx, func(sum Summary) {
			st := s.state(true, nil)
			st.Sent, st.ToSend, st.Pulled = min(sum.Acked, toSend), toSend, sum.Dossiers
			report(st)
		})
		if ctx.Err() != nil {
			return ctx.Err()
		}
		s.mu.Lock()
		s.last = err
		s.mu.Unlock()
		report(s.state(false, err))
		switch {
		case err == nil:
			attempt = 0
			next = time.Now().Add(s.o.Interval)
		case motcua.ErrorCode(err) == motcua.ESTOPPED || errors.Is(err, ErrNotEnrolled):
			stopped = true
			s.o.Logger.Warn("sync stopped", "reason", err.Error())
		default:
			attempt++
			wait := s.Backoff(attempt, err)
			next = time.Now().Add(wait)
			s.o.Logger.Info("sync failed, retrying", "attempt", attempt, "wait", wait.String(), "err", err.Error())
		}
	}
}

func (s *Syncer) lastErr() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last
}

// Backoff is the wait before retry number attempt (from 1) after err: the
// background loop's full-jitter backoff, or the server's Retry-After when
// longer. motcua sync waits the same.
func (s *Syncer) Backoff(attempt int, err error) time.Duration {
	wait := s.backoff(attempt)
	var ae *motcua.Error
	if errors.As(err, &ae) && ae.RetryAfter > wait {
		wait = ae.RetryAfter
	}
	return wait
}

// backoff is full jitter: uniform in [0, min(cap, base·2^attempt)).
func (s *Syncer) backoff(attempt int) time.Duration {
	bound := s.o.BackoffCap
	if attempt < 30 {
		if b := s.o.BackoffBase << (attempt - 1); b > 0 && b < bound {
			bound = b
		}
	}
	return time.Duration(rand.Int64N(int64(bound) + 1))
}
