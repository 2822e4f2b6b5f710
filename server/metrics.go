package server

import (
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua"
)

// metrics are written by hand in the Prometheus text format (version
// 0.0.4): a few counters and one histogram do not need a client library.
type metrics struct {
	mu       sync.Mutex
	requests map[[2]string]uint64           // route, status code → count
	syncs    map[string]uint64              // outcome → count
	ops      map[motcua.ResultStatus]uint64 // result → count
	latency  histogram                      // sync request duration
	started  time.Time
}

var latencyBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

type histogram struct {
	counts []uint64 // per bucket, not cumulative
	sum    float64
	n      uint64
}

func newMetrics() *metrics {
	return &metrics{requests: map[[2]string]uint64{}, syncs: map[string]uint64{}, ops: map[motcua.ResultStatus]uint64{},
		latency: histogram{counts: make([]uint64, len(latencyBuckets))}, started: time.Now()}
}

func (m *metrics) request(route string, status int, _ time.Duration) {
	m.mu.Lock()
	m.requests[[2]string{route, strconv.Itoa(status)}]++
	m.mu.Unlock()
}

// sync records one sync request: its outcome, the verdicts on its ops, its
// duration.
func (m *metrics) sync(err error, counts map[motcua.ResultStatus]int, d time.Duration) {
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
	for st, n := range counts {
		m.ops[st] += uint64(n)
	}
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
	keys := make([][2]string, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][0] != keys[j][0] {
			return keys[i][0] < keys[j][0]
		}
		return keys[i][1] < keys[j][1]
	})
	for _, k := range keys {
		fmt.Fprintf(&b, "motcua_http_requests_total{route=%q,code=%q} %d\n", k[0], k[1], m.requests[k])
	}
	fmt.Fprintln(&b, "# HELP motcua_sync_requests_total Sync requests by outcome (ok, seq_gap, terminal_fork, revoked, …).")
	fmt.Fprintln(&b, "# TYPE motcua_sync_requests_total counter")
	for _, k := range sortedKeys(m.syncs) {
		fmt.Fprintf(&b, "motcua_sync_requests_total{outcome=%q} %d\n", k, m.syncs[k])
	}
	fmt.Fprintln(&b, "# HELP motcua_ops_total Ops decided, by result.")
	fmt.Fprintln(&b, "# TYPE motcua_ops_total counter")
	for _, st := range []motcua.ResultStatus{motcua.Applied, motcua.Superseded, motcua.Conflicted, motcua.Rejected} {
		fmt.Fprintf(&b, "motcua_ops_total{result=%q} %d\n", st, m.ops[st])
	}
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
	fmt.Fprintln(&b, "# HELP motcua_process_start_time_seconds When the server started, Unix time.")
	fmt.Fprintln(&b, "# TYPE motcua_process_start_time_seconds gauge")
	fmt.Fprintf(&b, "motcua_process_start_time_seconds %d\n", m.started.Unix())
	m.mu.Unlock()
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	w.Write([]byte(b.String()))
}

func sortedKeys(m map[string]uint64) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
