package client_test

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/client"
	"github.com/motcua/motcua/faults"
	"github.com/motcua/motcua/server"
)

// mobileLink is an emulated mobile link: toxiproxy's bandwidth toxic each
// way (KB/s, toxiproxy's unit) and half the round trip of latency each way.
type mobileLink struct {
	name     string
	up, down int // KB/s
	rtt      time.Duration
	pullOnly bool
}

// The links: GPRS (50 kbit/s up, 80 kbit/s down, 600 ms RTT),
// Chromium's Regular 3G (250/750 kbit/s, 200 ms RTT), and the bottom end a
// fresh terminal must still pull over (20 kbit/s). toxiproxy counts whole
// KB/s: 6/10 KB/s is 48/80 kbit/s, 31/94 KB/s is 248/752 kbit/s, 2 KB/s is
// 16 kbit/s (below 20).
var mobileLinks = []mobileLink{
	{"gprs", 6, 10, 600 * time.Millisecond, false},
	{"3g", 31, 94, 200 * time.Millisecond, false},
	{"16kbit", 2, 2, 600 * time.Millisecond, true},
}

func (l mobileLink) proxy(tb testing.TB, upstream string) string {
	p := faults.NewProxy(tb, upstream)
	half := (l.rtt / 2).Milliseconds()
	p.Add(faults.Toxic{Name: "rate-up", Type: "bandwidth", Stream: "upstream", Toxicity: 1, Attributes: map[string]any{"rate": l.up}})
	p.Add(faults.Toxic{Name: "rate-down", Type: "bandwidth", Stream: "downstream", Toxicity: 1, Attributes: map[string]any{"rate": l.down}})
	p.Add(faults.Toxic{Name: "latency-up", Type: "latency", Stream: "upstream", Toxicity: 1, Attributes: map[string]any{"latency": half}})
	p.Add(faults.Toxic{Name: "latency-down", Type: "latency", Stream: "downstream", Toxicity: 1, Attributes: map[string]any{"latency": half}})
	return p.URL
}

// floor is the time an ideal protocol needs to move up and down bytes of
// bodies over l, plus one round trip per exchange.
func (l mobileLink) floor(up, down, exchanges int) time.Duration {
	secs := float64(up)/float64(l.up*1024) + float64(down)/float64(l.down*1024)
	return time.Duration(secs*float64(time.Second)) + time.Duration(exchanges)*l.rtt
}

// BenchmarkMobileLink measures, over toxiproxy emulating GPRS and 3G, a
// fresh terminal's first pull of a 500-dossier unit and a 1,400-op push
// (280 receptions, 1,120 moves and notes) when no other terminal changed
// anything, each in one syncer run. Reported beside the floor: the gzipped
// bodies each way over the link's rates plus one round trip per exchange
// (for the push, the ideal exchanges are its 500-op batches: 3).
//
//	go test ./client -run '^$' -bench MobileLink -benchtime 1x -timeout 30m
func BenchmarkMobileLink(b *testing.B) {
	for _, l := range mobileLinks {
		b.Run(l.name+"/pull500", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				r := newRig(b, server.Options{TerminalRate: 1000, TerminalBurst: 1000})
				a := r.terminal("A", motcua.RoleCounter)
				backlog(b, a, 500*5, 5)
				drain(b, syncer(b, a, client.SyncerOptions{}))
				url := l.proxy(b, r.Addr)
				fresh := r.terminal("B", motcua.RoleCounter)
				info, _ := fresh.Terminal()
				sy := syncer(b, fresh, client.SyncerOptions{Client: client.New(url, info.Token, client.Options{})})
				b.StartTimer()
				start := time.Now()
				sum, err := sy.Drain(context.Background())
				took := time.Since(start)
				b.StopTimer()
				if err != nil || !sum.Done || sum.Dossiers != 500 {
					b.Fatalf("pull: %+v %v", sum, err)
				}
				report(b, l, sum, took, l.floor(0, sum.BytesDown, 1))
			}
		})
		if l.pullOnly {
			continue
		}
		b.Run(l.name+"/push1400", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				r := newRig(b, server.Options{TerminalRate: 1000, TerminalBurst: 1000})
				a := r.terminal("A", motcua.RoleCounter)
				drain(b, syncer(b, a, client.SyncerOptions{}))
				backlog(b, a, 1400, 11)
				url := l.proxy(b, r.Addr)
				info, _ := a.Terminal()
				sy := syncer(b, a, client.SyncerOptions{Client: client.New(url, info.Token, client.Options{})})
				b.StartTimer()
				start := time.Now()
				sum, err := sy.Drain(context.Background())
				took := time.Since(start)
				b.StopTimer()
				if err != nil || !sum.Done || sum.Acked != 1400 {
					b.Fatalf("push: %+v %v", sum, err)
				}
				// The ideal down: one verdict per batch, about 100 bytes.
				report(b, l, sum, took, l.floor(sum.BytesUp, 3*100, 3))
			}
		})
	}
}

func report(b *testing.B, l mobileLink, sum client.Summary, took, floor time.Duration) {
	b.ReportMetric(took.Seconds(), "s")
	b.ReportMetric(floor.Seconds(), "floor_s")
	b.ReportMetric(took.Seconds()/floor.Seconds(), "x_floor")
	b.ReportMetric(float64(sum.RoundTrips), "round_trips")
	b.ReportMetric(float64(sum.BytesUp)/1024, "body_up_KiB")
	b.ReportMetric(float64(sum.BytesDown)/1024, "body_down_KiB")
	b.Logf("%s: %d round trips, %.1f KiB up, %.1f KiB down, %.1f s (floor %.1f s)", l.name, sum.RoundTrips,
		float64(sum.BytesUp)/1024, float64(sum.BytesDown)/1024, took.Seconds(), floor.Seconds())
}
