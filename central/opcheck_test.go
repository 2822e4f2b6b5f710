package central

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/motcua/motcua"
)

// TestOpCheckCountsInTheUnitsHours: a unit open until 19:00 receives at
// 18:00 and its terminals (which pulled the hours) give an appointment at
// 18:00, which the shared hours (closing at 17:00) would never give; the
// server accepts it because it counts in the unit's hours, and refuses
// appointments its hours and calendar rule out although they are within a
// week of the right one: three working days late, or at night.
func TestOpCheckCountsInTheUnitsHours(t *testing.T) {
	c, serverClock := mustCentral(t)
	h := motcua.OfficeHours{Morning: motcua.Session{Start: 7 * 60, End: 11*60 + 30}, Afternoon: motcua.Session{Start: 13 * 60, End: 19 * 60}}
	if _, err := c.SetUnitHours(testUnit, h); err != nil {
		t.Fatal(err)
	}
	friday6pm := time.Date(2023, 10, 27, 18, 0, 0, 0, motcua.VNZone)
	receive := func(n int) ([]motcua.Op, motcua.TerminalInfo) {
		s, clock := withTerminal(t, c, motcua.RoleCounter)
		pump(t, s, c, 10)
		clock.t, serverClock.t = friday6pm, friday6pm
		for i := 0; i < n; i++ {
			if _, err := s.Receive(motcua.ReceiveInput{ProcedureCode: "1.004884", Applicant: motcua.Person{Name: "Lê Thị Hoa"}}); err != nil {
				t.Fatal(err)
			}
		}
		ops, err := s.SyncBatch(1, 10)
		if err != nil {
			t.Fatal(err)
		}
		m, _ := s.SyncMeta()
		return ops, m.Terminal
	}
	sync := func(m motcua.TerminalInfo, ops []motcua.Op) []motcua.Result {
		resp, err := c.Sync(m.ID, motcua.SyncRequest{TerminalID: m.ID, InstallNonce: m.InstallNonce, Schema: 1, Ops: ops})
		if err != nil {
			t.Fatal(err)
		}
		return resp.Results
	}
	ops, term := receive(3)
	var a motcua.ReceiveArgs
	if err := json.Unmarshal(ops[0].Args, &a); err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2023, 11, 3, 18, 0, 0, 0, motcua.VNZone); !a.Appointment.Equal(want) {
		t.Fatalf("terminal's appointment %s, want 03/11/2023 18:00", motcua.FormatDateTime(a.Appointment))
	}
	forge := func(op *motcua.Op, appt time.Time) {
		var a motcua.ReceiveArgs
		if err := json.Unmarshal(op.Args, &a); err != nil {
			t.Fatal(err)
		}
		a.Appointment = appt
		op.Args, _ = json.Marshal(a)
	}
	forge(&ops[1], time.Date(2023, 11, 8, 18, 0, 0, 0, motcua.VNZone)) // Wed: three working days late
	forge(&ops[2], time.Date(2023, 11, 3, 22, 0, 0, 0, motcua.VNZone)) // the right day, at night
	res := sync(term, ops)
	if res[0].Status != motcua.Applied {
		t.Errorf("honest reception counted in the unit's hours: %+v", res[0])
	}
	for i, what := range []string{"three working days late", "at night"} {
		if r := res[i+1]; r.Status != motcua.Rejected || r.Reason != "appointment_mismatch" {
			t.Errorf("%s: %+v", what, r)
		}
	}
}

// The decoded catalog a reception is checked against is kept between
// requests; a new catalog must still be the one the next reception meets.
func TestReceptionCheckedAgainstNewCatalog(t *testing.T) {
	c, _ := mustCentral(t)
	s, _ := withTerminal(t, c, motcua.RoleCounter)
	mustReceive(t, s, "Nguyễn Thị Ánh")
	pump(t, s, c, 10)
	var procs []motcua.Procedure
	for _, p := range motcua.SeedCatalog() {
		if p.Code != "1.001193" {
			procs = append(procs, p)
		}
	}
	if err := c.SetCatalog(procs); err != nil {
		t.Fatal(err)
	}
	mustReceive(t, s, "Trần Văn Bình") // the terminal has not pulled the new catalog yet
	pump(t, s, c, 10)
	ops, err := c.AppliedOps("")
	if err != nil || len(ops) != 2 {
		t.Fatalf("applied %+v %v", ops, err)
	}
	if ops[0].Result.Status != motcua.Applied {
		t.Fatalf("first reception %+v", ops[0].Result)
	}
	if r := ops[1].Result; r.Status != motcua.Rejected || r.Reason != "procedure_unknown" {
		t.Fatalf("reception after the catalog changed: %+v", r)
	}
}
