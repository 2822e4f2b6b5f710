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
	stall time.Duration
	// sendRate: see Options.SendRate.
	sendRate int
}

// Options tune a Client; the zero value is usable.
type Options struct {
	// Transport replaces the HTTP transport (tests count bytes with it).
	Transport http.RoundTripper
	// MaxResponse caps a response body, decompressed (default 64 MiB).
	MaxResponse int
	// Stall ends a sync request when no byte moved either way for this
	// long (default 45 s); a slow link that keeps moving is never cut.
	Stall time.Duration
	// SendRate is the slowest upload, in bytes a second, the stall watch
	// allows for bytes still in buffers once a request body is written
	// (default 256: about 2 kbit/s).
	SendRate int
}

// New returns a client for the server at baseURL ("https://host:port").
func New(baseURL, token string, o Options) *Client {
	r := resty.New().
		SetBaseURL(strings.TrimRight(baseURL, "/")).
		SetRetryCount(0). // the Syncer owns retries
		SetHeader("User-Agent", "motcua/"+Version).
		SetDisableWarn(true)
	base := o.Transport
	if base == nil {
		base = r.GetClient().Transport // resty's own
	}
	r.SetTransport(countingTransport{base: base})
	if o.MaxResponse <= 0 {
		o.MaxResponse = 64 << 20
	}
	if o.Stall <= 0 {
		o.Stall = 45 * time.Second
	}
	if o.SendRate <= 0 {
		o.SendRate = 256
	}
	r.SetResponseBodyLimit(o.MaxResponse)
	return &Client{r: r, base: baseURL, token: token, stall: o.Stall, sendRate: o.SendRate}
}

// A failed call is a *motcua.Error: an API error with its status, slug and
// sentences (motcua.ErrorFromHTTP), or motcua.Unreachable when no answer
// came (Status 0). Retries belong to the Syncer (Error.Retryable).

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
	out, _, err := c.SyncMeasured(ctx, gz)
	return out, err
}

// Transfer is what one request moved: body bytes each way (as on the wire,
// gzipped) and how long it took.
type Transfer struct {
	Up, Down int
	Elapsed  time.Duration
}

// SyncMeasured is Sync that also says what moved. The request ends only
// when the link stalls (Options.Stall) or ctx ends, never for being slow.
func (c *Client) SyncMeasured(ctx context.Context, gz []byte) (motcua.SyncResponse, Transfer, error) {
	var out motcua.SyncResponse
	start := time.Now()
	wctx, a, stop := watch(ctx, c.stall, c.sendRate)
	err := c.doIdempotent(wctx, http.MethodPost, "/v1/sync", gz, true, &out)
	stop()
	tr := Transfer{Up: int(a.up.Load()), Down: int(a.down.Load()), Elapsed: time.Since(start)}
	if err != nil && errors.Is(context.Cause(wctx), errStalled) && ctx.Err() == nil {
		err = motcua.LinkStalled(c.stall, err)
	}
	return out, tr, err
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
		e := motcua.Errorf(motcua.EINTERNAL, motcua.ErrBadReply, "", "Không đọc được trả lời của máy chủ.",
			"The server's answer could not be read: %v", err)
		e.Status, e.Err = resp.StatusCode(), err
		return e
	}
	return nil
}

func netError(ctx context.Context, err error) error {
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return motcua.Unreachable(motcua.ErrTimeout, err)
	}
	if ctx.Err() == context.Canceled {
		return motcua.Unreachable(motcua.ErrCanceled, err)
	}
	return motcua.Unreachable(motcua.ErrNetwork, err)
}

func apiError(resp *resty.Response) error {
	status := resp.StatusCode()
	var body motcua.APIError
	if json.Unmarshal(resp.Body(), &body) != nil || body.Error == "" {
		// Not our body (a proxy's page): the status's own words.
		body = motcua.APIError{Error: strings.ToLower(strings.ReplaceAll(http.StatusText(status), " ", "_")),
			Message: http.StatusText(status), MessageVI: fmt.Sprintf("Máy chủ trả lỗi %d.", status)}
	}
	return motcua.ErrorFromHTTP(status, body, retryAfter(resp.Header().Get("Retry-After"), time.Now()))
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
