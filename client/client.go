// Package client is the terminal's side of the network: a typed API client
// over resty and the Syncer, the background loop that drains the outbox and
// pulls changes (docs/DESIGN.md §4). Retries belong to the Syncer, never to
// resty: a request body is gzipped once, so a retry re-sends the same bytes.
package client

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-resty/resty/v2"
	"github.com/motcua/motcua"
)

// Version is sent in the User-Agent.
var Version = "dev"

// Client talks to one motcua server with one terminal's token.
type Client struct {
	r     *resty.Client
	base  string
	token string
}

// Options tune a Client; the zero value is usable.
type Options struct {
	// Transport replaces the HTTP transport (tests count bytes with it).
	Transport http.RoundTripper
	// MaxResponse caps a response body, decompressed (default 64 MiB).
	MaxResponse int
}

// New returns a client for the server at baseURL ("https://host:port").
func New(baseURL, token string, o Options) *Client {
	r := resty.New().
		SetBaseURL(strings.TrimRight(baseURL, "/")).
		SetRetryCount(0). // the Syncer owns retries
		SetHeader("User-Agent", "motcua/"+Version).
		SetDisableWarn(true)
	if o.Transport != nil {
		r.SetTransport(o.Transport)
	}
	if o.MaxResponse <= 0 {
		o.MaxResponse = 64 << 20
	}
	r.SetResponseBodyLimit(o.MaxResponse)
	return &Client{r: r, base: baseURL, token: token}
}

// Error is a failed call: an API error with its status and slug, or a
// network failure (Status 0).
type Error struct {
	Status     int    // HTTP status; 0 when the server was not reached
	Code       string // the API's error slug (seq_gap, revoked, …); "network" or "timeout" otherwise
	Message    string
	MessageVI  string
	Expected   uint64        // seq_gap: resend from this seq
	RetryAfter time.Duration // from the Retry-After header
	Err        error         // the transport error, when there is one
}

func (e *Error) Error() string {
	if e.Status == 0 {
		return fmt.Sprintf("motcua server unreachable: %v", e.Err)
	}
	return fmt.Sprintf("motcua server: %d %s: %s", e.Status, e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Timeout reports a request that ran out of time: the batch is halved.
func (e *Error) Timeout() bool { return e.Code == "timeout" }

// Temporary reports an error worth retrying after a backoff: the network,
// a timeout, 429, 5xx.
func (e *Error) Temporary() bool {
	return e.Status == 0 || e.Status == http.StatusTooManyRequests || e.Status >= 500 || e.Code == "held"
}

// Stops reports an error that must stop syncing until a person acts:
// 401 (enroll again), 403 (revoked), 426 (update motcua), a fork. The
// terminal keeps its data.
func (e *Error) Stops() bool {
	return e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden ||
		e.Status == http.StatusUpgradeRequired || e.Code == motcua.ErrTerminalFork
}

// A gzip compressor is large: reuse them.
var gzipWriters sync.Pool

// EncodeSync marshals and gzips a sync request once.
func EncodeSync(req motcua.SyncRequest) ([]byte, error) {
	raw, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.Grow(len(raw) / 4)
	zw, _ := gzipWriters.Get().(*gzip.Writer)
	if zw == nil {
		zw, _ = gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	} else {
		zw.Reset(&buf)
	}
	defer gzipWriters.Put(zw)
	if _, err := zw.Write(raw); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Sync posts a body made by EncodeSync.
func (c *Client) Sync(ctx context.Context, gz []byte) (motcua.SyncResponse, error) {
	var out motcua.SyncResponse
	err := c.doIdempotent(ctx, http.MethodPost, "/v1/sync", gz, true, &out)
	return out, err
}

// Enroll exchanges a one-time code for a terminal identity.
func (c *Client) Enroll(ctx context.Context, req motcua.EnrollRequest) (motcua.EnrollResponse, error) {
	body, err := json.Marshal(req)
	if err != nil {
		return motcua.EnrollResponse{}, err
	}
	var out motcua.EnrollResponse
	err = c.do(ctx, http.MethodPost, "/v1/enroll", body, false, &out)
	return out, err
}

// Ping reads the server's clock.
func (c *Client) Ping(ctx context.Context) (motcua.PingResponse, error) {
	var out motcua.PingResponse
	err := c.do(ctx, http.MethodGet, "/v1/ping", nil, false, &out)
	return out, err
}

// Dossier looks up a dossier of the terminal's unit on the server.
func (c *Client) Dossier(ctx context.Context, code string) (motcua.Dossier, error) {
	var out motcua.Dossier
	err := c.do(ctx, http.MethodGet, "/v1/dossiers/"+url.PathEscape(code), nil, false, &out)
	return out, err
}

func (c *Client) do(ctx context.Context, method, path string, body []byte, gzipped bool, out any) error {
	return c.send(ctx, c.r.R(), method, path, body, gzipped, out)
}

// doIdempotent is do for a request the server applies at most once however
// often it arrives (a sync batch: ops are deduplicated by seq). The
// Idempotency-Key header lets Go's transport send it again on a new
// connection when a kept-alive one was closed under it, which a restarted
// server or a keep-alive timeout does.
func (c *Client) doIdempotent(ctx context.Context, method, path string, body []byte, gzipped bool, out any) error {
	return c.send(ctx, c.r.R().SetHeader("Idempotency-Key", motcua.NewID(time.Now())), method, path, body, gzipped, out)
}

func (c *Client) send(ctx context.Context, req *resty.Request, method, path string, body []byte, gzipped bool, out any) error {
	req.SetContext(ctx).SetHeader("Accept-Encoding", "gzip").SetHeader("Accept", "application/json")
	if c.token != "" {
		req.SetHeader("Authorization", "Bearer "+c.token)
	}
	if body != nil {
		req.SetHeader("Content-Type", "application/json").SetBody(body)
		if gzipped {
			req.SetHeader("Content-Encoding", "gzip")
		}
	}
	resp, err := req.Execute(method, path)
	if err != nil {
		return netError(ctx, err)
	}
	if resp.StatusCode() >= 300 {
		return apiError(resp)
	}
	if err := json.Unmarshal(resp.Body(), out); err != nil {
		return &Error{Status: resp.StatusCode(), Code: "bad_response", Message: "the server's answer could not be read: " + err.Error(),
			MessageVI: "Không đọc được trả lời của máy chủ.", Err: err}
	}
	return nil
}

func netError(ctx context.Context, err error) error {
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return &Error{Code: "timeout", Message: "the request timed out", MessageVI: "Hết thời gian chờ máy chủ.", Err: err}
	}
	if ctx.Err() == context.Canceled {
		return &Error{Code: "canceled", Message: "canceled", MessageVI: "Đã hủy.", Err: err}
	}
	return &Error{Code: "network", Message: err.Error(), MessageVI: "Không kết nối được máy chủ.", Err: err}
}

func apiError(resp *resty.Response) error {
	e := &Error{Status: resp.StatusCode()}
	var body motcua.APIError
	if json.Unmarshal(resp.Body(), &body) == nil && body.Error != "" {
		// The server's words reach the officer's terminal: no escapes.
		e.Code, e.Message, e.MessageVI, e.Expected = motcua.SanitizeLine(body.Error), motcua.SanitizeLine(body.Message),
			motcua.SanitizeLine(body.MessageVI), body.Expected
	} else {
		e.Code, e.Message = strings.ToLower(strings.ReplaceAll(http.StatusText(e.Status), " ", "_")), http.StatusText(e.Status)
		e.MessageVI = fmt.Sprintf("Máy chủ trả lỗi %d.", e.Status)
	}
	e.RetryAfter = retryAfter(resp.Header().Get("Retry-After"), time.Now())
	if e.RetryAfter == 0 && body.RetryAfter > 0 {
		e.RetryAfter = time.Duration(body.RetryAfter) * time.Second
	}
	return e
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
