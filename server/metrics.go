package server

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/common/expfmt"
)

// metrics are written by hand in the Prometheus text format (version
// 0.0.4): a few counters and one histogram do not need a client library.
// The Go runtime and process collectors come from client_golang and are
// appended after them.
type metrics struct {
	mu       sync.Mutex
	requests map[[2]string]uint64           // route, status code → count
	admin    map[[2]string]uint64           // the admin socket's calls, apart
	runtime  *prometheus.Registry           // go_* and process_* collectors
	syncs    map[string]uint64              // outcome → count
	ops      map[motcua.ResultStatus]uint64 // ops decided, by result
	replayed uint64                         // stored results answered again (a resent batch)
	held     uint64                         // ops held (a restore: waiting for their record)
	echoes   uint64                         // snapshots of a terminal's own writes not sent back
	bytesIn  uint64                         // sync request bodies, as on the wire
	bytesOut uint64                         // sync response bodies, as on the wire
	// holdUntil reads the end of the restore hold (Unix s, 0 = none).
	holdUntil func() int64
	latency   histogram // sync request duration
	started   time.Time
	refusedN  uint64 // connections closed at accept: over a connection cap
}

func (m *metrics) refused() {
	m.mu.Lock()
	m.refusedN++
	m.mu.Unlock()
}

var latencyBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

type histogram struct {
	counts []uint64 // per bucket, not cumulative
	sum    float64
	n      uint64
}

func newMetrics() *metrics {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return &metrics{requests: map[[2]string]uint64{}, admin: map[[2]string]uint64{}, runtime: reg, syncs: map[string]uint64{}, ops: map[motcua.ResultStatus]uint64{},
		latency: histogram{counts: make([]uint64, len(latencyBuckets))}, started: time.Now()}
}

func (m *metrics) request(admin bool, route string, status int, _ time.Duration) {
	m.mu.Lock()
	if admin {
		m.admin[[2]string{route, strconv.Itoa(status)}]++
	} else {
		m.requests[[2]string{route, strconv.Itoa(status)}]++
	}
	m.mu.Unlock()
}

// publicMetrics is GET /metrics on the public address: only with the
// configured token (compared in constant time); without one configured it
// does not exist there.
func (s *Server) publicMetrics(w http.ResponseWriter, r *http.Request) {
	if s.metricsToken == "" {
		writeError(w, r, motcua.Errorf(motcua.ENOTFOUND, motcua.ErrNotFound, "",
			"Địa chỉ này không cung cấp số liệu giám sát.", "Metrics are not served on this address."))
		return
	}
	if subtle.ConstantTimeCompare([]byte(bearer(r)), []byte(s.metricsToken)) != 1 {
		writeError(w, r, motcua.Errorf(motcua.EUNAUTHORIZED, motcua.ErrUnauthorized, "",
			"Cần mã truy cập số liệu giám sát.", "Metrics need the metrics token."))
		return
	}
	s.metrics.serve(w, r)
}

// syncBytes records the bytes of one sync exchange.
func (m *metrics) syncBytes(in, out int) {
	m.mu.Lock()
	m.bytesIn += uint64(in)
	m.bytesOut += uint64(out)
	m.mu.Unlock()
}

// sync records one sync request: its outcome, the ops it decided (a stored
// result answered again counts apart, as replayed, never as applied once
// more), its duration.
func (m *metrics) sync(err error, counts motcua.SyncCounts, d time.Duration) {
	outcome := "ok"
	var gap *motcua.GapError
	switch {
	case err == nil:
	case errors.As(err, &gap):
		outcome = motcua.ErrSeqGap
	case motcua.ErrorReason(err) != "":
		outcome = motcua.ErrorReason(err)
	default:
		outcome = "error"
	}
	secs := d.Seconds()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.syncs[outcome]++
	for st, n := range counts.Decided {
		m.ops[st] += uint64(n)
	}
	m.replayed += uint64(counts.Replayed)
	m.held += uint64(counts.Held)
	m.echoes += uint64(counts.Echoes)
	for i, b := range latencyBuckets {
		if secs <= b {
			m.latency.counts[i]++
			break
		}
	}
	m.latency.sum += secs
	m.latency.n++
}

func (m *metrics) serve(w http.ResponseWriter, _ *http.Request) {
	var b strings.Builder
	m.mu.Lock()
	fmt.Fprintln(&b, "# HELP motcua_http_requests_total HTTP requests by route pattern and status code.")
	fmt.Fprintln(&b, "# TYPE motcua_http_requests_total counter")
	writeCounts(&b, "motcua_http_requests_total", m.requests)
	fmt.Fprintln(&b, "# HELP motcua_admin_requests_total Admin socket requests by route pattern and status code.")
	fmt.Fprintln(&b, "# TYPE motcua_admin_requests_total counter")
	writeCounts(&b, "motcua_admin_requests_total", m.admin)
	fmt.Fprintln(&b, "# HELP motcua_sync_requests_total Sync requests by outcome (ok, seq_gap, terminal_fork, revoked, …).")
	fmt.Fprintln(&b, "# TYPE motcua_sync_requests_total counter")
	for _, k := range sortedKeys(m.syncs) {
		fmt.Fprintf(&b, "motcua_sync_requests_total{outcome=%q} %d\n", k, m.syncs[k])
	}
	fmt.Fprintln(&b, "# HELP motcua_ops_total Ops decided, by result (each op once: a resent op answered with its stored result is in motcua_ops_replayed_total).")
	fmt.Fprintln(&b, "# TYPE motcua_ops_total counter")
	for _, st := range []motcua.ResultStatus{motcua.Applied, motcua.Superseded, motcua.Conflicted, motcua.Rejected} {
		fmt.Fprintf(&b, "motcua_ops_total{result=%q} %d\n", st, m.ops[st])
	}
	m.counter(&b, "motcua_ops_replayed_total", "Ops sent again and answered with the result stored when they were decided.", m.replayed)
	m.counter(&b, "motcua_ops_held_total", "Ops held after a restore from a backup, waiting for the record they act on.", m.held)
	m.counter(&b, "motcua_sync_echoes_skipped_total", "Snapshots of a terminal's own writes left out of its pull.", m.echoes)
	fmt.Fprintln(&b, "# HELP motcua_sync_bytes_total Bytes of sync request and response bodies, as on the wire (gzipped when they were).")
	fmt.Fprintln(&b, "# TYPE motcua_sync_bytes_total counter")
	fmt.Fprintf(&b, "motcua_sync_bytes_total{direction=\"in\"} %d\n", m.bytesIn)
	fmt.Fprintf(&b, "motcua_sync_bytes_total{direction=\"out\"} %d\n", m.bytesOut)
	fmt.Fprintln(&b, "# HELP motcua_sync_duration_seconds Time to answer a sync request.")
	fmt.Fprintln(&b, "# TYPE motcua_sync_duration_seconds histogram")
	var cum uint64
	for i, le := range latencyBuckets {
		cum += m.latency.counts[i]
		fmt.Fprintf(&b, "motcua_sync_duration_seconds_bucket{le=\"%g\"} %d\n", le, cum)
	}
	fmt.Fprintf(&b, "motcua_sync_duration_seconds_bucket{le=\"+Inf\"} %d\n", m.latency.n)
	fmt.Fprintf(&b, "motcua_sync_duration_seconds_sum %g\n", m.latency.sum)
	fmt.Fprintf(&b, "motcua_sync_duration_seconds_count %d\n", m.latency.n)
	fmt.Fprintln(&b, "# HELP motcua_connections_refused_total Connections closed at accept because a connection cap was reached.")
	fmt.Fprintln(&b, "# TYPE motcua_connections_refused_total counter")
	fmt.Fprintf(&b, "motcua_connections_refused_total %d\n", m.refusedN)
	fmt.Fprintln(&b, "# HELP motcua_process_start_time_seconds When the server started, Unix time.")
	fmt.Fprintln(&b, "# TYPE motcua_process_start_time_seconds gauge")
	fmt.Fprintf(&b, "motcua_process_start_time_seconds %d\n", m.started.Unix())
	m.mu.Unlock()
	if m.holdUntil != nil {
		fmt.Fprintln(&b, "# HELP motcua_restore_hold_until_seconds When the restore hold opened by motcua-server restore ends, Unix time; 0 when none is open.")
		fmt.Fprintln(&b, "# TYPE motcua_restore_hold_until_seconds gauge")
		fmt.Fprintf(&b, "motcua_restore_hold_until_seconds %d\n", m.holdUntil())
	}
	if families, err := m.runtime.Gather(); err == nil {
		enc := expfmt.NewEncoder(&b, expfmt.NewFormat(expfmt.TypeTextPlain))
		for _, f := range families {
			enc.Encode(f)
		}
	}
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	w.Write([]byte(b.String()))
}

func (m *metrics) counter(b *strings.Builder, name, help string, v uint64) {
	fmt.Fprintf(b, "# HELP %s %s\n# TYPE %s counter\n%s %d\n", name, help, name, name, v)
}

// countingBody counts the bytes read from a request body.
type countingBody struct {
	io.ReadCloser
	n int
}

func (c *countingBody) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	c.n += n
	return n, err
}

// countingWriter counts the bytes of a response body.
type countingWriter struct {
	http.ResponseWriter
	n int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.ResponseWriter.Write(p)
	c.n += n
	return n, err
}

func writeCounts(b *strings.Builder, name string, counts map[[2]string]uint64) {
	keys := make([][2]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][0] != keys[j][0] {
			return keys[i][0] < keys[j][0]
		}
		return keys[i][1] < keys[j][1]
	})
	for _, k := range keys {
		fmt.Fprintf(b, "%s{route=%q,code=%q} %d\n", name, k[0], k[1], counts[k])
	}
}

func sortedKeys(m map[string]uint64) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
