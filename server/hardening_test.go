package server_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/server"
)

// TestWrongTokensAreThrottled: a guesser sending 2,000 wrong tokens from
// one address is answered 429 for almost all of them.
func TestWrongTokensAreThrottled(t *testing.T) {
	f := newFixture(t, server.Options{})
	unauthorized, throttled := 0, 0
	for i := range 2000 {
		status, _ := f.do(t, "GET", "/v1/dossiers/000.00.06.H56-231027-1000", fmt.Sprintf("guess-%04d", i), false, nil)
		switch status {
		case 401:
			unauthorized++
		case 429:
			throttled++
		default:
			t.Fatalf("wrong token %d: status %d", i, status)
		}
	}
	if unauthorized > 25 || throttled < 1975 {
		t.Fatalf("2,000 wrong tokens: %d answered 401, %d throttled", unauthorized, throttled)
	}
}

// TestHostileReceptionsRejectedThroughSync: the probes of the outside
// tester, pushed through /v1/sync, are each rejected with their reason;
// text with escape sequences is stored clean.
func TestHostileReceptionsRejectedThroughSync(t *testing.T) {
	f := newFixture(t, server.Options{})
	a := f.terminal(t, unit, motcua.RoleCounter)
	now := time.Now()
	code := func(n int, at time.Time) string {
		c, _ := motcua.NewCode(unit, at, n)
		return c.String()
	}
	base := func() motcua.ReceiveArgs {
		return motcua.ReceiveArgs{Code: code(a.Lanes[0].First, now), Unit: unit, ProcedureCode: "1.001193",
			Applicant: motcua.Person{Name: "Nguyễn Thị Ánh"}, ReceivedAt: now, Appointment: now.Add(time.Hour)}
	}
	later := now.Add(19 * time.Hour)
	cases := []struct {
		reason string
		edit   func(*motcua.ReceiveArgs)
	}{
		{"appointment_mismatch", func(r *motcua.ReceiveArgs) { r.Appointment = time.Date(9999, 12, 31, 23, 59, 0, 0, motcua.VNZone) }},
		{"procedure_unknown", func(r *motcua.ReceiveArgs) { r.ProcedureCode, r.ProcedureName = "9.999999", "Thủ tục giả" }},
		{"received_future", func(r *motcua.ReceiveArgs) {
			r.ReceivedAt, r.Appointment, r.Code = later, later.Add(time.Hour), code(a.Lanes[0].First+1, later)
		}},
		{"code_standalone", func(r *motcua.ReceiveArgs) { r.Code = code(9001, now) }},
	}
	var ops []motcua.Op
	for i, tc := range cases {
		args := base()
		args.Code = code(a.Lanes[0].First+2+i, now)
		tc.edit(&args)
		op, _ := motcua.NewOp(motcua.OpReceive, motcua.NewID(now), args)
		op.Seq, op.ID, op.ClientTime = uint64(i+1), motcua.NewID(now), now
		if tc.reason == "code_standalone" {
			op.ClientTime = now.Add(30 * time.Minute) // made half an hour after enrolling
		}
		ops = append(ops, op)
	}
	evil := "\x1b]52;c;aGk=\x07Phí\u009b2J\u202eX"
	clean := base()
	clean.Code = code(a.Lanes[0].First+10, now)
	clean.Fees = []motcua.FeeItem{{Name: evil, Amount: 1000, Detail: evil}}
	clean.Applicant.IDKind, clean.Applicant.Sex = motcua.IDKind(evil), motcua.Sex(evil)
	op, _ := motcua.NewOp(motcua.OpReceive, motcua.NewID(now), clean)
	op.Seq, op.ID, op.ClientTime = uint64(len(ops)+1), motcua.NewID(now), now
	ops = append(ops, op)

	status, body := f.post(t, "/v1/sync", a.Token, true, syncReq(a, ops...))
	if status != 200 {
		t.Fatalf("sync: %d %s", status, body)
	}
	var resp motcua.SyncResponse
	json.Unmarshal(body, &resp)
	for i, tc := range cases {
		if r := resp.Results[i]; r.Status != motcua.Rejected || r.Reason != tc.reason {
			t.Errorf("%s: %+v", tc.reason, r)
		}
	}
	if r := resp.Results[len(cases)]; r.Status != motcua.Applied {
		t.Fatalf("clean reception: %+v", r)
	}
	d, err := f.c.DossierByCode(unit, clean.Code)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{d.Fees[0].Name, d.Fees[0].Detail, string(d.Applicant.IDKind), string(d.Applicant.Sex)} {
		if strings.ContainsAny(s, "\x1b\x07\u009b\u202e") {
			t.Errorf("stored with a control character: %q", s)
		}
	}
}
