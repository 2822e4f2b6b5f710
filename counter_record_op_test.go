package motcua

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func recordOp(t *testing.T, r CounterRecord, role Role) Op {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return Op{Seq: 4, ID: "0189f0c2a1b27c3d8e4f5a6b7c8d9e10", Kind: OpCounterRecord, Args: b, Role: role,
		Terminal: "T-server-says", Officer: "Lê Thị Hoa", ClientTime: time.Date(2023, 11, 8, 9, 15, 0, 0, VNZone)}
}

func TestApplyCounterRecord(t *testing.T) {
	base := CounterRecord{ID: "0189f0c2a1b27c3d8e4f5a6b7c8d9e0f", Kind: CounterGuidance, Unit: "000.00.06.H56",
		Terminal: "T-forged", Officer: "forged", ProcedureCode: "1.001193", ProcedureName: "Đăng ký khai sinh\x1b[31m",
		Applicant: Person{Name: "Nguyễn Thị Ánh"}, Missing: []string{"Giấy chứng sinh\x07"}}

	r, res := ApplyCounterRecord(false, recordOp(t, base, RoleHamlet))
	if res.Status != Applied || res.Seq != 4 {
		t.Fatalf("result %+v", res)
	}
	if r.Terminal != "T-server-says" || r.Officer != "Lê Thị Hoa" || !r.At.Equal(time.Date(2023, 11, 8, 9, 15, 0, 0, VNZone)) {
		t.Fatalf("terminal, officer and time are the op's: %+v", r)
	}
	if strings.ContainsAny(r.ProcedureName+r.Missing[0], "\x1b\x07") {
		t.Fatalf("control characters kept: %q %q", r.ProcedureName, r.Missing)
	}
	if _, res := ApplyCounterRecord(true, recordOp(t, base, RoleCounter)); res.Status != Superseded {
		t.Fatalf("the same record again: %+v", res)
	}

	bad := map[string]func(r *CounterRecord){
		"record_reason":  func(r *CounterRecord) { r.Kind = CounterRefusal },
		"record_missing": func(r *CounterRecord) { r.Missing = nil },
		"record_id":      func(r *CounterRecord) { r.ID = "x" },
		"unit_format":    func(r *CounterRecord) { r.Unit = "nowhere" },
		"name_required":  func(r *CounterRecord) { r.Applicant.Name = " " },
		"record_kind":    func(r *CounterRecord) { r.Kind = "praise" },
		"too_long":       func(r *CounterRecord) { r.Note = strings.Repeat("a", MaxNoteRunes+1) },
		"too_many_documents": func(r *CounterRecord) {
			r.Missing = make([]string, MaxDocuments+1)
		},
	}
	for want, mut := range bad {
		r := base
		r.Missing = append([]string(nil), base.Missing...)
		mut(&r)
		if _, res := ApplyCounterRecord(false, recordOp(t, r, RoleCounter)); res.Status != Rejected || res.MessageVI == "" || res.MessageEN == "" {
			t.Errorf("%s: %+v", want, res)
		} else if want != "unit_format" && res.Reason != want {
			t.Errorf("%s: reason %q (%s)", want, res.Reason, res.MessageEN)
		}
	}
	op := recordOp(t, base, RoleCounter)
	op.Args = json.RawMessage(`{"id":"0189f0c2a1b27c3d8e4f5a6b7c8d9e0f","surprise":1}`)
	if _, res := ApplyCounterRecord(false, op); res.Status != Rejected || res.Reason != "bad_args" {
		t.Fatalf("unknown field: %+v", res)
	}
}

func TestCheckCounterRecordOnServer(t *testing.T) {
	now := time.Date(2023, 11, 8, 9, 0, 0, 0, VNZone)
	r := CounterRecord{ID: "0189f0c2a1b27c3d8e4f5a6b7c8d9e0f", At: now.Add(5 * time.Minute)}
	if err := CheckOpOnServer(recordOp(t, r, RoleCounter), ServerView{Now: now}); err != nil {
		t.Fatalf("a few minutes fast: %v", err)
	}
	r.At = now.Add(3 * time.Hour)
	if err := CheckOpOnServer(recordOp(t, r, RoleCounter), ServerView{Now: now}); ErrorReason(err) != "record_future" {
		t.Fatalf("hours fast: %v", err)
	}
}
