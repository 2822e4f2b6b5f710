package central

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua"
)

// BenchmarkCentralSync10 is BenchmarkCentralSync at issue 15's batch of
// 10 ops (200 terminals of 50 units, 200 ops each, all at once), with what
// tells where a group commit's time goes: round trips per op (the writer's
// and the pulls'), syncs per commit, and the share of the wall clock the
// single writer spent inside its transactions, and how much of that was
// waiting for the database.
//
//	MOTCUA_TEST_ENGINE=postgres go test ./central -run '^$' -bench CentralSync10 -benchtime 1x
func BenchmarkCentralSync10(b *testing.B) {
	const units, perUnit, dossiers, batch = 50, 4, 40, 10
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		c, _ := mustCentral(b)
		now := time.Now()
		c.Now = func() time.Time { return now }
		type term struct {
			r     motcua.EnrollResponse
			nonce string
			ops   []motcua.Op
		}
		var terms []*term
		for u := 0; u < units; u++ {
			code := fmt.Sprintf("000.00.%02d.H%02d", u, 10+u)
			if _, err := c.AddUnit(code, "UBND xã", ""); err != nil {
				b.Fatal(err)
			}
			for k := 0; k < perUnit; k++ {
				e, _ := c.CreateEnrollment(code, motcua.RoleCounter)
				t := &term{nonce: motcua.NewID(now)}
				t.r, _ = c.Enroll(motcua.EnrollRequest{Code: e.Code, InstallNonce: t.nonce})
				t.ops = benchOps(b, t.r, dossiers, now, u*perUnit+k)
				terms = append(terms, t)
			}
		}
		var trips0, wtrips0 uint64
		var wait0 time.Duration
		if c.pg != nil {
			trips0, wtrips0, wait0 = c.pg.RoundTrips(), c.pg.QueuedRoundTrips(), c.pg.QueuedWait()
		}
		commits0, grouped0 := c.GroupStats()
		busy0 := c.writerBusy.Load()
		var wg sync.WaitGroup
		var lmu sync.Mutex
		var worst time.Duration
		b.StartTimer()
		start := time.Now()
		for _, t := range terms {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cursor, acked := "", uint64(0)
				for at := 0; at < len(t.ops); at += batch {
					t0 := time.Now()
					resp, err := c.Sync(t.r.TerminalID, motcua.SyncRequest{TerminalID: t.r.TerminalID, InstallNonce: t.nonce, Schema: 1,
						AckedSeq: acked, Ops: t.ops[at:min(at+batch, len(t.ops))], Pull: motcua.PullRequest{Cursor: cursor}})
					lmu.Lock()
					worst = max(worst, time.Since(t0))
					lmu.Unlock()
					if err != nil {
						b.Error(err)
						return
					}
					acked, cursor = resp.LastAppliedSeq, resp.Pull.Cursor
				}
			}()
		}
		wg.Wait()
		el := time.Since(start)
		b.StopTimer()
		ops := float64(len(terms) * dossiers * 5)
		commits, grouped := c.GroupStats()
		b.ReportMetric(ops/el.Seconds(), "ops/s")
		b.ReportMetric(float64(grouped-grouped0)/float64(max(commits-commits0, 1)), "syncs/commit")
		b.ReportMetric(float64(c.writerBusy.Load()-busy0)/float64(el), "writer_busy")
		b.ReportMetric(float64(worst.Milliseconds()), "max_ms")
		if c.pg != nil {
			b.ReportMetric(float64(c.pg.RoundTrips()-trips0)/ops, "roundtrips/op")
			wtrips := c.pg.QueuedRoundTrips() - wtrips0
			b.ReportMetric(float64(wtrips)/ops, "writer_trips/op")
			// Of the writer's time, the share spent waiting for answers, and
			// the mean wait of one round trip.
			wait := c.pg.QueuedWait() - wait0
			b.ReportMetric(float64(wait)/float64(c.writerBusy.Load()-busy0), "writer_db_share")
			b.ReportMetric(float64(wait.Microseconds())/float64(max(wtrips, 1)), "writer_trip_us")
		}
	}
}
