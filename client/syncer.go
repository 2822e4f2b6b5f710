package client

import (
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

	// Timeout is a request's deadline for a body of n bytes: 20 s plus the
	// time to send it at 2 KB/s, so a big batch on GPRS is not cut short.
	Timeout func(n int) time.Duration

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
	if o.Timeout == nil {
		o.Timeout = func(n int) time.Duration { return 20*time.Second + time.Duration(n)*time.Second/2048 }
	}
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
	return &Syncer{st: st, o: o, kick: make(chan struct{}, 1), now: make(chan struct{}, 1), batch: o.StartBatch, maxBytes: o.MaxBatchBytes, c: o.Client}, nil
}

// ErrNotEnrolled: the terminal works standalone until `motcua enroll`.
var ErrNotEnrolled = motcua.Errorf(motcua.EINVALID, "not_enrolled", "",
	"Máy chưa đăng ký với máy chủ: hãy chạy “motcua enroll --server ĐỊA_CHỈ --code MÃ”.",
	"This terminal is not enrolled with a server: run “motcua enroll --server URL --code CODE”.")

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
	sum := Summary{Results: map[motcua.ResultStatus]int{}}
	var next uint64 // the seq the server expects next, once known
	gaps := 0
	for {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		if sum.RoundTrips >= maxRoundTrips {
			return sum, fmt.Errorf("sync did not finish after %d round trips", sum.RoundTrips)
		}
		m, err := s.st.SyncMeta()
		if err != nil {
			return sum, err
		}
		if m.Stopped != "" {
			return sum, motcua.SyncStopped(m.Stopped)
		}
		if !m.Terminal.Enrolled() && s.o.Client == nil {
			return sum, ErrNotEnrolled
		}
		c := s.client(m.Terminal)
		from := m.AckedSeq + 1
		if next != 0 {
			from = next
		}
		s.mu.Lock()
		batch, maxBytes := s.batch, s.maxBytes
		s.mu.Unlock()
		var ops []motcua.Op
		var body []byte
		for {
			if ops, err = s.st.SyncBatch(from, batch); err != nil {
				return sum, err
			}
			req := motcua.SyncRequest{TerminalID: m.Terminal.ID, InstallNonce: m.Terminal.InstallNonce, Schema: motcua.WireSchema,
				AckedSeq: m.AckedSeq, Ops: ops, Pull: motcua.PullRequest{Cursor: m.Cursor, Limit: s.o.PullLimit}}
			if req.Ops == nil {
				req.Ops = []motcua.Op{}
			}
			if body, err = EncodeSync(req); err != nil {
				return sum, err
			}
			if len(body) <= maxBytes || batch <= s.o.MinBatch || len(ops) <= 1 {
				break
			}
			batch = max(s.o.MinBatch, batch/2)
			s.setBatch(batch)
		}
		rctx, cancel := context.WithTimeout(ctx, s.o.Timeout(len(body)))
		sent := s.st.LocalNow()
		resp, err := c.Sync(rctx, body)
		rtt := s.st.LocalNow().Sub(sent)
		cancel()
		sum.RoundTrips++
		sum.BytesUp += len(body)
		if err != nil {
			var ae *motcua.Error
			if !errors.As(err, &ae) {
				return sum, err
			}
			s.setOnline(ae.Status != 0)
			switch {
			case ae.Reason == motcua.ErrSeqGap && ae.Expected > 0:
				if gaps++; gaps > 3 {
					return sum, err
				}
				next = ae.Expected
				continue
			case ae.Status == http.StatusRequestEntityTooLarge:
				if batch <= s.o.MinBatch || len(ops) <= 1 {
					return sum, err
				}
				s.mu.Lock()
				s.batch, s.maxBytes = max(s.o.MinBatch, batch/2), min(s.maxBytes, len(body)-1)
				s.mu.Unlock()
				continue
			case ae.Reason == motcua.ErrTimeout:
				s.setBatch(max(s.o.MinBatch, batch/2))
			case ae.StopReason() != "":
				reason := ae.StopReason()
				if serr := s.st.StopSync(reason); serr != nil {
					return sum, serr
				}
				return sum, motcua.SyncStopped(reason)
			}
			return sum, err
		}
		s.setOnline(true)
		sum.Answered++
		sum.OpsSent += len(ops)
		gaps = 0
		if !resp.ServerTime.IsZero() {
			if err := s.st.SetClockOffset(resp.ServerTime.Sub(sent.Add(rtt / 2))); err != nil {
				return sum, err
			}
		}
		got, err := s.st.ApplySync(resp)
		if err != nil {
			return sum, err
		}
		// Go on after what the server applied, or after what this terminal
		// could acknowledge (an op whose verdict did not come back is sent
		// again, and the server answers with its stored result).
		next = min(resp.LastAppliedSeq, got.AckedSeq) + 1
		if resp.LastAppliedSeq < m.AckedSeq {
			next = resp.LastAppliedSeq + 1 // re-pushing to a restored server
		}
		sum.Acked += got.Acked
		for st, n := range got.Results {
			sum.Results[st] += n
		}
		sum.Parked += got.Parked
		sum.Dossiers += got.Dossiers
		sum.Questions += got.Questions
		sum.Reset = sum.Reset || got.Reset
		if len(ops) >= batch {
			s.setBatch(min(s.o.MaxBatch, batch*2))
		}
		if resp.Held != 0 {
			// The server was restored and waits for another terminal to
			// re-push first: come back later.
			return sum, errHeld
		}
		if got.ServerAhead {
			s.o.Logger.Warn("the server acknowledged ops this file does not hold: was it restored from a copy?")
		}
		// Queue and SyncMeta are O(1); State() walks the dossiers.
		q, err := s.st.Queue()
		if err != nil {
			return sum, err
		}
		meta, err := s.st.SyncMeta()
		if err != nil {
			return sum, err
		}
		st := struct {
			Waiting int
			LastSeq uint64
		}{q.Waiting, meta.LastSeq}
		if st.Waiting == 0 && !resp.Pull.HasMore && (len(ops) == 0 || next > st.LastSeq) {
			sum.Done = true
			return sum, nil
		}
		if len(ops) == 0 && !resp.Pull.HasMore && st.Waiting > 0 && next > st.LastSeq {
			return sum, fmt.Errorf("outbox holds %d ops the server does not expect", st.Waiting)
		}
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
		_, err := s.Drain(ctx)
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
			wait := s.backoff(attempt)
			var ae *motcua.Error
			if errors.As(err, &ae) && ae.RetryAfter > wait {
				wait = ae.RetryAfter
			}
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
