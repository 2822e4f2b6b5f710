package central

import (
	"testing"
	"time"

	"github.com/motcua/motcua"
)

// A guidance and a refusal given at one terminal reach the server once
// each, even when the same batch is pushed again, are counted per period,
// and come down to the unit's other terminal for its day book.
func TestCounterRecordsReachTheServerOnce(t *testing.T) {
	c, _ := mustCentral(t)
	a, clock := withTerminal(t, c, motcua.RoleCounter)
	b, _ := withTerminal(t, c, motcua.RoleHamlet)
	g, err := a.RecordAtCounter(motcua.CounterRecord{Kind: motcua.CounterGuidance, ProcedureCode: "1.001193",
		Applicant: motcua.Person{Name: "Lê Văn Cường"}, Missing: []string{"Giấy chứng sinh"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.RecordAtCounter(motcua.CounterRecord{Kind: motcua.CounterRefusal, ProcedureCode: "1.001193",
		Applicant: motcua.Person{Name: "Phạm Thị Hoa"}, Reason: "Không thuộc thẩm quyền của xã"}); err != nil {
		t.Fatal(err)
	}
	m, err := a.SyncMeta()
	if err != nil {
		t.Fatal(err)
	}
	ops, err := a.SyncBatch(1, 10)
	if err != nil || len(ops) != 2 {
		t.Fatalf("outbox: %d ops, %v", len(ops), err)
	}
	req := motcua.SyncRequest{TerminalID: m.Terminal.ID, InstallNonce: m.Terminal.InstallNonce, Schema: motcua.WireSchema, Ops: ops}
	for range 2 { // the answer lost: the terminal pushes the same batch again
		resp, err := c.Sync(m.Terminal.ID, req)
		if err != nil {
			t.Fatal(err)
		}
		if rs := decoded(t, resp).OpResults(); len(rs) != 2 || rs[0].Status != motcua.Applied || rs[1].Status != motcua.Applied {
			t.Fatalf("results %+v", rs)
		}
	}
	pump(t, a, c, 10)
	day := clock.t
	rs, err := c.CounterRecords(testUnit, day, day)
	if err != nil || len(rs) != 2 {
		t.Fatalf("server holds %d records, %v", len(rs), err)
	}
	if rs[0].ID != g.ID && rs[1].ID != g.ID {
		t.Fatalf("the guidance is not on the server: %+v", rs)
	}
	for _, r := range rs {
		if r.Terminal != m.Terminal.ID || r.Officer != "Trần Văn Bình" {
			t.Fatalf("record not tied to its terminal: %+v", r)
		}
	}
	if rs, _ := c.CounterRecords(testUnit, day.AddDate(0, 0, 1), time.Time{}); len(rs) != 0 {
		t.Fatalf("the next day holds %d records", len(rs))
	}
	if rs, _ := c.CounterRecords("000.00.07.H57", time.Time{}, time.Time{}); len(rs) != 0 {
		t.Fatalf("another unit holds %d records", len(rs))
	}

	pump(t, b, c, 1) // pages of one: a record per page
	n, err := b.CounterCounts(day)
	if err != nil || n != (motcua.CounterCounts{Guidance: 1, Refusals: 1}) {
		t.Fatalf("the unit's other terminal counts %+v, %v", n, err)
	}
	pump(t, a, c, 10) // its own records come back: still one each
	if n, _ := a.CounterCounts(day); n != (motcua.CounterCounts{Guidance: 1, Refusals: 1}) {
		t.Fatalf("the terminal that gave them counts %+v", n)
	}
}

// A record for another unit, or dated hours ahead of the server's clock,
// is rejected with its reason; nothing is stored.
func TestCounterRecordRejections(t *testing.T) {
	c, _ := mustCentral(t)
	if _, err := c.AddUnit("000.00.07.H57", "UBND xã Tân Lộc", ""); err != nil {
		t.Fatal(err)
	}
	a, clock := withTerminal(t, c, motcua.RoleCounter)
	clock.Advance(3 * time.Hour) // the laptop runs hours fast
	if _, err := a.RecordAtCounter(motcua.CounterRecord{Kind: motcua.CounterGuidance, ProcedureCode: "1.001193",
		Applicant: motcua.Person{Name: "Lê Văn Cường"}, Missing: []string{"Tờ khai"}}); err != nil {
		t.Fatal(err)
	}
	m, _ := a.SyncMeta()
	ops, _ := a.SyncBatch(1, 10)
	forged := ops[0]
	forged.Seq, forged.ID = 2, motcua.NewID(clock.t)
	forged.Args = []byte(`{"id":"` + motcua.NewID(clock.t) + `","kind":"guidance","at":"2023-10-27T09:40:00+07:00","unit":"000.00.07.H57","officer":"x","procedure_code":"1.001193","procedure_name":"x","applicant":{"name":"Lê Văn Cường"},"missing":["Tờ khai"]}`)
	resp, err := c.Sync(m.Terminal.ID, motcua.SyncRequest{TerminalID: m.Terminal.ID, InstallNonce: m.Terminal.InstallNonce,
		Schema: motcua.WireSchema, Ops: append(ops, forged)})
	if err != nil {
		t.Fatal(err)
	}
	// The reasons reach the terminal in the compact verdicts of wire schema 2.
	if rs := decoded(t, resp).OpResults(); len(rs) != 2 || rs[0].Reason != "record_future" || rs[1].Reason != "cross_unit" ||
		rs[0].Status != motcua.Rejected || rs[0].MessageVI == "" || rs[1].MessageEN == "" {
		t.Fatalf("results %+v", rs)
	}
	for _, u := range []string{testUnit, "000.00.07.H57"} {
		if rs, _ := c.CounterRecords(u, time.Time{}, time.Time{}); len(rs) != 0 {
			t.Fatalf("%s holds %+v", u, rs)
		}
	}
}

// A record the server rejects comes back to the officer with its reason,
// through the compact verdicts, and is kept among the results to review.
func TestRejectedCounterRecordReachesTheTerminal(t *testing.T) {
	c, _ := mustCentral(t)
	a, clock := withTerminal(t, c, motcua.RoleCounter)
	clock.Advance(3 * time.Hour)
	if _, err := a.RecordAtCounter(motcua.CounterRecord{Kind: motcua.CounterRefusal, ProcedureCode: "1.001193",
		Applicant: motcua.Person{Name: "Lê Văn Cường"}, Reason: "Không thuộc thẩm quyền"}); err != nil {
		t.Fatal(err)
	}
	pump(t, a, c, 10)
	rs, err := a.Results()
	if err != nil || len(rs) != 1 || rs[0].Status != motcua.Rejected || rs[0].Reason != "record_future" || rs[0].OpID == "" || rs[0].MessageVI == "" {
		t.Fatalf("results on the terminal: %+v, %v", rs, err)
	}
}
