package client

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sync/atomic"
	"time"
)

// A request on a slow link is never cut for being slow: what ends it is a
// stalled link, no byte moving in either direction for Stall. The transport
// counts the bytes of the request and response bodies as they move (after
// gzip, as on the wire) and a watchdog cancels the request's context when
// nothing moved for too long (docs/DESIGN.md §4).

// activity is one request's record of bytes moving.
type activity struct {
	last     atomic.Int64 // unix nanoseconds of the last byte moved
	up, down atomic.Int64 // body bytes sent, read
	sentAt   atomic.Int64 // when the request body was handed over
	now      func() time.Time
}

func newActivity(now func() time.Time) *activity {
	a := &activity{now: now}
	a.touch()
	return a
}

func (a *activity) touch() { a.last.Store(a.now().UnixNano()) }

type activityKey struct{}

// errStalled is the cancellation cause the watchdog gives.
var errStalled = errors.New("link stalled")

// watch runs the watchdog of one request: ctx is cancelled with errStalled
// when no byte moved for stall. Bytes handed to the kernel may still be on
// their way out when the body is "written" (socket and link buffers), so
// once the body is out the watchdog also waits for them at sendRate bytes a
// second. stop ends the watchdog.
func watch(ctx context.Context, stall time.Duration, sendRate int) (context.Context, *activity, func()) {
	a := newActivity(time.Now)
	ctx, cancel := context.WithCancelCause(context.WithValue(ctx, activityKey{}, a))
	done := make(chan struct{})
	tick := max(stall/20, 10*time.Millisecond)
	go func() {
		t := time.NewTicker(tick)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
			}
			quiet := time.Duration(a.now().UnixNano() - a.last.Load())
			grace := stall
			if a.sentAt.Load() != 0 && sendRate > 0 && a.down.Load() == 0 {
				// The body's bytes may still sit in buffers on the way.
				grace += time.Duration(a.up.Load()) * time.Second / time.Duration(sendRate)
			}
			if quiet > grace {
				cancel(errStalled)
				return
			}
		}
	}()
	return ctx, a, func() { close(done); cancel(nil) }
}

// countingTransport counts the body bytes of requests carrying an activity.
type countingTransport struct{ base http.RoundTripper }

func (t countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	a, _ := r.Context().Value(activityKey{}).(*activity)
	if a == nil {
		return t.base.RoundTrip(r)
	}
	// The request body is not wrapped: the transport sends an in-memory
	// body with its headers in one write (and resends it on a new
	// connection when a kept-alive one was closed under it), which a
	// wrapped body would prevent. It is handed over at once; the watchdog
	// allows for it at the slowest send rate until the answer starts.
	if r.ContentLength > 0 {
		a.up.Store(r.ContentLength)
		a.sentAt.Store(a.now().UnixNano())
	}
	resp, err := t.base.RoundTrip(r)
	a.touch()
	if err != nil {
		return nil, err
	}
	resp.Body = &countingBody{ReadCloser: resp.Body, a: a, n: &a.down}
	return resp, nil
}

// countingBody counts the bytes read through it.
type countingBody struct {
	io.ReadCloser
	a *activity
	n *atomic.Int64
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if n > 0 {
		b.n.Add(int64(n))
		b.a.touch()
	}
	return n, err
}
