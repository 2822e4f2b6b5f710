package server

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	kgzip "github.com/klauspost/compress/gzip"

	"github.com/motcua/motcua"
)

// gzip state is large (a compressor holds hundreds of KiB): reuse it.
// Requests are inflated by the standard library's reader (its errors are
// the ones classify knows), answers compressed by klauspost/compress's.
var (
	gzipWriters sync.Pool
	gzipReaders sync.Pool
	byteReaders sync.Pool // *bufio.Reader under a gzipReader
)

// errTooLarge marks a body over its limit, compressed or not.
var errTooLarge = errors.New("request body too large")

// Reasons a body is refused, each with a sentence for the client; none
// repeats the input or names the decoder.
var (
	errEncoding  = errors.New("unsupported Content-Encoding")
	errNotObject = errors.New("the body is not a JSON object or array")
	errTruncated = errors.New("truncated or corrupt body")
	errTrailing  = errors.New("trailing data after the JSON body")
)

// bodyProblem is the client's sentence, in each language, for a body that
// could not be read.
func bodyProblem(err error) (en, vi string) {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, errEncoding):
		return "Unsupported Content-Encoding: send gzip or nothing.", "Content-Encoding không hỗ trợ: hãy gửi gzip hoặc không nén."
	case errors.Is(err, errNotObject):
		return "The body must be a JSON object.", "Nội dung yêu cầu phải là một đối tượng JSON."
	case errors.Is(err, errTruncated):
		return "The body is truncated or corrupt: send it again.", "Nội dung yêu cầu bị cắt cụt hoặc hỏng: hãy gửi lại."
	case errors.Is(err, errTrailing):
		return "The body has data after its JSON value.", "Nội dung yêu cầu có dữ liệu thừa sau JSON."
	case errors.Is(err, errSchemaNewer):
		return "The terminal speaks a newer protocol than this server: update the server.", "Máy trạm dùng giao thức mới hơn máy chủ: hãy cập nhật máy chủ."
	case errors.As(err, &syn):
		return "The body is not valid JSON.", "Nội dung yêu cầu không phải JSON hợp lệ."
	case errors.As(err, &typ) && typ.Field != "":
		return fmt.Sprintf("Field %s has the wrong type.", typ.Field), fmt.Sprintf("Trường %s sai kiểu dữ liệu.", typ.Field)
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		return "The body has a field this server does not know.", "Nội dung yêu cầu có trường máy chủ không biết."
	}
	return "Malformed request body.", "Nội dung yêu cầu không hợp lệ."
}

// readBody decodes a JSON request body strictly: gzip when the client says
// so, at most limit bytes on the wire and rawLimit once decompressed,
// unknown fields and trailing data refused. Reading to the end also checks
// the gzip trailer, so a truncated request is refused whole, before
// anything is committed.
func readBody(w http.ResponseWriter, r *http.Request, limit, rawLimit int64, v any) error {
	var body io.Reader = http.MaxBytesReader(w, r.Body, limit)
	switch enc := strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip":
		// The gzip reader wants a byte reader: given the body as it is,
		// it would make a new 4 KiB buffer for each request.
		br, _ := byteReaders.Get().(*bufio.Reader)
		if br == nil {
			br = bufio.NewReader(body)
		} else {
			br.Reset(body)
		}
		defer func() { br.Reset(nil); byteReaders.Put(br) }()
		zr, _ := gzipReaders.Get().(*gzip.Reader)
		var err error
		if zr == nil {
			zr, err = gzip.NewReader(br)
		} else {
			err = zr.Reset(br)
		}
		if err != nil {
			return classify(err)
		}
		defer gzipReaders.Put(zr)
		body = zr
	default:
		return errEncoding
	}
	buf := getBuffer()
	defer putBuffer(buf)
	if _, err := buf.ReadFrom(&limitedReader{r: body, n: rawLimit}); err != nil {
		return classify(err)
	}
	raw := buf.Bytes()
	if first := bytes.TrimLeft(raw, " \t\r\n"); len(first) == 0 || first[0] != '{' && first[0] != '[' {
		return decodeOther(raw)
	}
	// A sync request in its usual form is decoded by hand (it copies what
	// it keeps, so the pooled buffer can go back); in any other form, or
	// another request, the standard decoder gives the value or the error.
	if u, ok := v.(usualDecoder); ok && u.DecodeUsual(raw) {
		return nil
	}
	// An object or an array: decoded once, straight into v (the decoder
	// copies what it keeps, so the pooled buffer can go back).
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return classify(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			return errTrailing
		}
		return classify(err)
	}
	return nil
}

// usualDecoder is a request that decodes its usual form itself, exactly as
// the strict standard decoding would, and says when it did not
// (motcua.SyncRequest.DecodeUsual).
type usualDecoder interface {
	DecodeUsual(raw []byte) bool
}

// decodeOther is readBody's answer for a body that does not start with an
// object or an array: the decoder's own error when it is not JSON at all
// (or is empty), errNotObject when it is some other JSON value. A JSON
// null decodes into any value without an error and leaves it zero: it is
// no request at all.
func decodeOther(raw []byte) error {
	var v json.RawMessage
	if err := json.NewDecoder(bytes.NewReader(raw)).Decode(&v); err != nil {
		return classify(err)
	}
	return errNotObject
}

// bodyBuffers hold request bodies and answers while they are decoded or
// encoded; a buffer grown past maxPooledBuffer is left to the collector.
var bodyBuffers sync.Pool

const maxPooledBuffer = 1 << 20

func getBuffer() *bytes.Buffer {
	if b, ok := bodyBuffers.Get().(*bytes.Buffer); ok {
		b.Reset()
		return b
	}
	return new(bytes.Buffer)
}

func putBuffer(b *bytes.Buffer) {
	if b.Cap() <= maxPooledBuffer {
		bodyBuffers.Put(b)
	}
}

// limitedReader fails with errTooLarge instead of stopping silently.
type limitedReader struct {
	r io.Reader
	n int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, errTooLarge
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

func classify(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) || errors.Is(err, errTooLarge) {
		return errTooLarge
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) {
		return errTruncated
	}
	return err
}

// writeJSON answers with v, gzipped when the client accepts it and the
// body is over 512 bytes. The level is gzip's fastest (BestSpeed): on the
// answers terminals get it costs a few percent more bytes than the default
// level for a fraction of its CPU (BENCHMARKS.md, "Sync beside raw bbolt").
// The compressor is klauspost/compress's: a standard gzip stream, 1.8 times
// as fast as the standard library's at that level on sync answers, and a
// little smaller (BENCHMARKS.md, "The API path, second pass"). The answer
// is sent whole, with its Content-Length.
func writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	buf := getBuffer()
	defer putBuffer(buf)
	if err := encodeJSON(buf, v); err != nil {
		http.Error(w, "encode error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Add("Vary", "Accept-Encoding")
	out := buf.Bytes()
	if len(out) > 512 && acceptsGzip(r) {
		gz := getBuffer()
		defer putBuffer(gz)
		zw, _ := gzipWriters.Get().(*kgzip.Writer)
		if zw == nil {
			zw, _ = kgzip.NewWriterLevel(gz, kgzip.BestSpeed)
		} else {
			zw.Reset(gz)
		}
		zw.Write(out)
		zw.Close()
		gzipWriters.Put(zw)
		h.Set("Content-Encoding", "gzip")
		out = gz.Bytes()
	}
	h.Set("Content-Length", strconv.Itoa(len(out)))
	w.WriteHeader(status)
	w.Write(out)
}

// jsonAppender is a value that writes its own JSON, the bytes json.Marshal
// would give (motcua.RawSyncResponse: the sync answer).
type jsonAppender interface {
	AppendJSON([]byte) ([]byte, error)
}

// encodeJSON writes v's JSON to buf: json.Marshal's bytes.
func encodeJSON(buf *bytes.Buffer, v any) error {
	if a, ok := v.(jsonAppender); ok {
		out, err := a.AppendJSON(buf.AvailableBuffer())
		if err == nil {
			buf.Write(out)
		}
		return err
	}
	if err := json.NewEncoder(buf).Encode(v); err != nil {
		return err
	}
	buf.Truncate(buf.Len() - 1) // Encode's newline: the bytes json.Marshal gives
	return nil
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") && strings.ReplaceAll(q, " ", "") != "q=0" {
			return true
		}
	}
	return false
}

// writeError answers err with the status and body the wire layer gives it
// (motcua.HTTPStatus, motcua.APIErrorOf), the body every endpoint shares.
// The sentences are kept to one clean, bounded line.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	status, e := motcua.HTTPStatus(err), motcua.APIErrorOf(err)
	e.Message, e.MessageVI = safeMessage(e.Message), safeMessage(e.MessageVI)
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(e.RetryAfter))
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="motcua"`)
	}
	setOutcome(r, e.Error)
	writeJSON(w, r, status, e)
}

// badRequest answers 400 (or 413 for a body over its limit) for a body that
// could not be read.
func badRequest(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, errTooLarge) {
		writeError(w, r, motcua.Errorf(motcua.EINVALID, motcua.ErrTooLarge, "",
			"Yêu cầu quá lớn: hãy gửi ít thao tác hơn mỗi lần.", "The request body is too large: send fewer ops per request."))
		return
	}
	en, vi := bodyProblem(err)
	writeError(w, r, &motcua.Error{Code: motcua.EINVALID, Reason: motcua.ErrBadRequest, VI: vi, EN: en})
}

// domainError answers an error from the backend. An internal one is
// logged and answered with a sentence that tells nothing of it; a locked
// file asks the terminal to come back in 5 s.
func (s *Server) domainError(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case motcua.HTTPStatus(err) == http.StatusInternalServerError:
		s.log.Error("internal error", "route", r.Pattern, "err", err.Error())
		err = &motcua.Error{Code: motcua.EINTERNAL, Reason: "internal", EN: "Internal server error; try again later.",
			VI: "Lỗi máy chủ; hãy thử lại sau.", RetryAfter: 10 * time.Second}
	case motcua.ErrorCode(err) == motcua.ELOCKED:
		e := *motcua.AsError(err)
		e.RetryAfter = 5 * time.Second
		err = &e
	}
	writeError(w, r, err)
}

// clientIP is the peer address; rate limits are per IP.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// requestInfo collects what the access log may say about a request: never
// a token, a name, an ID number or a tracking code.
type requestInfo struct {
	terminal string
	outcome  string
	attrs    []slog.Attr
}

type infoKey struct{}

func info(r *http.Request) *requestInfo {
	if ri, ok := r.Context().Value(infoKey{}).(*requestInfo); ok {
		return ri
	}
	return &requestInfo{}
}

func setOutcome(r *http.Request, o string) { info(r).outcome = o }

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(p)
	w.bytes += n
	return n, err
}

// logged writes one JSON log line per request, by route pattern (never the
// raw path, which may hold a tracking code), and feeds the metrics.
func (s *Server) logged(next http.Handler, admin bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ri := &requestInfo{}
		sw := &statusWriter{ResponseWriter: w}
		r = r.WithContext(contextWith(r.Context(), ri))
		next.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		dur := time.Since(start)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		s.metrics.request(admin, route, sw.status, dur)
		attrs := []slog.Attr{slog.String("route", route), slog.Int("status", sw.status),
			slog.Float64("ms", float64(dur.Microseconds())/1000), slog.Int("bytes_out", sw.bytes)}
		if ri.terminal != "" {
			attrs = append(attrs, slog.String("terminal", ri.terminal))
		}
		if ri.outcome != "" {
			attrs = append(attrs, slog.String("outcome", ri.outcome))
		}
		attrs = append(attrs, ri.attrs...)
		level := slog.LevelInfo
		if sw.status >= 500 {
			level = slog.LevelError
		}
		s.log.LogAttrs(r.Context(), level, "request", attrs...)
	})
}

// maxMessageRunes bounds an error sentence: a domain message that quotes
// the input (a name, a code) cannot carry a whole request back.
const maxMessageRunes = 300

// safeMessage keeps an error sentence to one clean line of bounded length:
// a browser or terminal showing it must not be driven by what it quotes.
func safeMessage(s string) string {
	s = motcua.SanitizeLine(s)
	if utf8.RuneCountInString(s) > maxMessageRunes {
		s = string([]rune(s)[:maxMessageRunes-1]) + "…"
	}
	return s
}
