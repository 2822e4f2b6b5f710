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
func BenchmarkCentralSync(b *testing.B) {
	const units, perUnit, dossiers, batch = 50, 4, 40, 50
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
		var wg sync.WaitGroup
		b.StartTimer()
		start := time.Now()
		for _, t := range terms {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cursor, acked := "", uint64(0)
				for at := 0; at < len(t.ops); at += batch {
					resp, err := c.Sync(t.r.TerminalID, motcua.SyncRequest{TerminalID: t.r.TerminalID, InstallNonce: t.nonce, Schema: 1,
						AckedSeq: acked, Ops: t.ops[at:min(at+batch, len(t.ops))], Pull: motcua.PullRequest{Cursor: cursor}})
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
		commits, grouped := c.GroupStats()
		b.ReportMetric(float64(len(terms)*dossiers*5)/el.Seconds(), "ops/s")
		b.ReportMetric(float64(grouped)/float64(max(commits, 1)), "syncs/commit")
		if c.pg != nil {
			txs, retries := c.pg.Stats()
			b.ReportMetric(float64(retries)/float64(max(txs, 1)), "retries/tx")
			b.ReportMetric(float64(c.pg.RoundTrips())/float64(len(terms)*dossiers*5), "roundtrips/op")
		}
	}
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
