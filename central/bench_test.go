package central

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/gen"
)

// BenchmarkCentralSync measures the central store alone (no HTTP): 200
// terminals of 50 units push 200 ops each, in batches of 50, concurrently.
//
//	go test ./central -run '^$' -bench CentralSync -benchtime 1x
func BenchmarkCentralSync(b *testing.B) { benchCentralSync(b, 50) }

// benchTerminal is one terminal of benchCentralSync with the ops it pushes.
type benchTerminal struct {
	r     motcua.EnrollResponse
	nonce string
	ops   []motcua.Op
}

// benchCentralSync runs BenchmarkCentralSync's 200 terminals at batch
// ops a request, and reports what tells where a group commit's time goes:
// syncs per commit, the share of the wall clock the single writer spent in
// its transactions, the slowest sync, and on PostgreSQL the round trips
// per op (the writer's and the pulls'), retries, and how much of the
// writer's time was waiting for the database.
func benchCentralSync(b *testing.B, batch int) {
	const units, perUnit, dossiers = 50, 4, 40
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		c, _ := mustCentral(b)
		now := time.Now()
		c.Now = func() time.Time { return now }
		var terms []*benchTerminal
		for u := 0; u < units; u++ {
			code := fmt.Sprintf("000.00.%02d.H%02d", u, 10+u)
			if _, err := c.AddUnit(code, "UBND xã", ""); err != nil {
				b.Fatal(err)
			}
			for k := 0; k < perUnit; k++ {
				e, _ := c.CreateEnrollment(code, motcua.RoleCounter)
				t := &benchTerminal{nonce: motcua.NewID(now)}
				t.r, _ = c.Enroll(motcua.EnrollRequest{Code: e.Code, InstallNonce: t.nonce})
				t.ops = benchOps(b, t.r, dossiers, now, u*perUnit+k)
				terms = append(terms, t)
			}
		}
		reportCentralSync(b, c, float64(len(terms)*dossiers*5), func() time.Duration { return syncAll(b, c, terms, batch) })
	}
}

// syncAll syncs every terminal's ops at batch a request, all terminals at
// once, and returns the slowest sync.
func syncAll(b *testing.B, c *Store, terms []*benchTerminal, batch int) time.Duration {
	var (
		wg    sync.WaitGroup
		lmu   sync.Mutex
		worst time.Duration
	)
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
	return worst
}

// reportCentralSync times push (ops ops) and reports its figures, each
// counted from just before it.
func reportCentralSync(b *testing.B, c *Store, ops float64, push func() time.Duration) {
	var trips0, wtrips0, txs0, retries0 uint64
	var wait0 time.Duration
	if c.pg != nil {
		trips0, wtrips0, wait0 = c.pg.RoundTrips(), c.pg.QueuedRoundTrips(), c.pg.QueuedWait()
		txs0, retries0 = c.pg.Stats()
	}
	commits0, grouped0 := c.GroupStats()
	busy0 := c.writerBusy.Load()
	b.StartTimer()
	start := time.Now()
	worst := push()
	el := time.Since(start)
	b.StopTimer()
	commits, grouped := c.GroupStats()
	b.ReportMetric(ops/el.Seconds(), "ops/s")
	b.ReportMetric(float64(grouped-grouped0)/float64(max(commits-commits0, 1)), "syncs/commit")
	b.ReportMetric(float64(c.writerBusy.Load()-busy0)/float64(el), "writer_busy")
	b.ReportMetric(float64(worst.Milliseconds()), "max_ms")
	if c.pg == nil {
		return
	}
	txs, retries := c.pg.Stats()
	b.ReportMetric(float64(retries-retries0)/float64(max(txs-txs0, 1)), "retries/tx")
	b.ReportMetric(float64(c.pg.RoundTrips()-trips0)/ops, "roundtrips/op")
	wtrips := c.pg.QueuedRoundTrips() - wtrips0
	b.ReportMetric(float64(wtrips)/ops, "writer_trips/op")
	// Of the writer's time, the share spent waiting for answers, and the
	// mean wait of one round trip.
	wait := c.pg.QueuedWait() - wait0
	b.ReportMetric(float64(wait)/float64(c.writerBusy.Load()-busy0), "writer_db_share")
	b.ReportMetric(float64(wait.Microseconds())/float64(max(wtrips, 1)), "writer_trip_us")
}

func benchOps(tb testing.TB, r motcua.EnrollResponse, n int, now time.Time, k int) []motcua.Op {
	var ops []motcua.Op
	add := func(kind motcua.OpKind, id string, args any) {
		op, err := motcua.NewOp(kind, id, args)
		if err != nil {
			tb.Fatal(err)
		}
		op.Seq, op.ID, op.ClientTime, op.Officer = uint64(len(ops)+1), motcua.NewID(now), now, "Trần Văn Bình"
		ops = append(ops, op)
	}
	for i := 0; i < n; i++ {
		id := motcua.NewID(now)
		code, _ := motcua.NewCode(r.Unit, now, r.Lanes[0].First+i)
		p := motcua.Person{Name: "Nguyễn Thị Ánh", IDKind: motcua.IDCCCD, IDNumber: fmt.Sprintf("0961870%05d", k*100+i), Phone: "0912345678"}
		add(motcua.OpReceive, id, motcua.ReceiveArgs{Code: code.String(), Unit: r.Unit, ProcedureCode: "1.001193",
			ProcedureName: "Đăng ký khai sinh", ProcedureVersion: 1, Channel: motcua.ChannelCounter, Applicant: p,
			ReceivedAt: now, Appointment: counterAppointment(tb, now),
			Documents: []motcua.DocumentItem{{Name: "Tờ khai đăng ký khai sinh (theo mẫu)", Originals: 1, Required: true, Received: true}}})
		add(motcua.OpTransition, id, motcua.TransitionArgs{From: 2, To: 4})
		add(motcua.OpNote, id, motcua.NoteArgs{Text: "Đã kiểm tra đủ giấy tờ."})
		add(motcua.OpTransition, id, motcua.TransitionArgs{From: 4, To: 9})
		add(motcua.OpTransition, id, motcua.TransitionArgs{From: 9, To: 10, Recipient: p.Name, Method: motcua.ReturnCounter})
	}
	return ops
}

// counterAppointment is the appointment the server computes and accepts.
func counterAppointment(tb testing.TB, now time.Time) time.Time {
	tb.Helper()
	a, err := gen.CounterAppointment(now)
	if err != nil {
		tb.Fatal(err)
	}
	return a
}
