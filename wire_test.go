package motcua

import (
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

func jsonKeys(t *testing.T, v any) []string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// The field names are docs/DESIGN.md §4's: a rename breaks every terminal in
// the field, so it must fail a test first.
func TestWireFieldNames(t *testing.T) {
	cases := []struct {
		v    any
		want string
	}{
		{SyncRequest{}, "acked_seq install_nonce ops pull schema terminal_id"},
		{PullRequest{}, "cursor limit"},
		{SyncResponse{}, "lanes last_applied_seq pull server_time"}, // results (schema 1) or verdicts (schema 2) when there are some
		{SyncResponse{Results: []Result{{}}, Verdicts: []Verdict{{}}}, "lanes last_applied_seq pull results server_time verdicts"},
		{Verdict{}, "seq"},
		{PullPage{}, "cursor dossiers has_more questions reset"},
		{Result{}, "dossier_version seq status"},
		{APIError{}, "error message message_vi"},
		{EnrollRequest{}, "acked_seq code install_nonce schema"},
	}
	for _, c := range cases {
		if got := strings.Join(jsonKeys(t, c.v), " "); got != c.want {
			t.Errorf("%T keys %q, want %q", c.v, got, c.want)
		}
	}
	// A raw response marshals exactly as a decoded one.
	d := Dossier{ID: "0123456789abcdef0123456789abcdef", Code: "000.00.06.H56-231027-1000", Status: StatusReceived, Version: 1,
		ReceivedAt: time.Date(2023, 10, 27, 9, 32, 0, 0, VNZone)}
	raw, _ := json.Marshal(d)
	r := RawSyncResponse{LastAppliedSeq: 3, Results: []Result{{Seq: 3, Status: Applied}},
		Pull: RawPullPage{Cursor: "7-abcd", Dossiers: []json.RawMessage{raw}, Questions: []json.RawMessage{}}}
	dec, err := r.Decode()
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(r)
	b, _ := json.Marshal(dec)
	if string(a) != string(b) {
		t.Fatalf("raw and decoded differ:\n%s\n%s", a, b)
	}
	if !reflect.DeepEqual(dec.Pull.Dossiers[0].Code, d.Code) {
		t.Fatal("decode lost the dossier")
	}
}

func TestPublicViewMasks(t *testing.T) {
	d := Dossier{Code: "000.00.06.H56-231027-0361", Unit: "000.00.06.H56", ProcedureName: "Đăng ký khai sinh",
		Applicant: Person{Name: "Nguyễn Thị Ánh", IDNumber: "096187000123", Phone: "0912345678", Address: "Ấp 3, xã Tân Thành"},
		Status:    StatusProcessing}
	v := PublicView(d)
	b, _ := json.Marshal(v)
	s := string(b)
	for _, secret := range []string{"096187000123", "0912345678", "Ấp 3", "Nguyễn", "Ánh", "N. T."} {
		if strings.Contains(s, secret) {
			t.Fatalf("public view leaks %q: %s", secret, s)
		}
	}
	if v.Applicant != "" || v.Check != (Code{Date: "231027", Number: 361}).Check() || v.StatusLabel != "Đang xử lý" {
		t.Fatalf("view %+v", v)
	}
	for name, want := range map[string]string{"  lê   văn  cường ": "L. V. C.", "Đặng Út": "Đ. Ú.", "": ""} {
		if got := Initials(name); got != want {
			t.Errorf("Initials(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestGapErrorAndLease(t *testing.T) {
	if got := (&GapError{Expected: 42}).Error(); !strings.Contains(got, "42") {
		t.Fatal(got)
	}
	until := time.Date(2023, 11, 26, 0, 0, 0, 0, VNZone)
	l := LaneLease{First: 1000, Last: 2499, ExpiresAt: until}.Lane()
	if l.First != 1000 || l.Last != 2499 || !l.ExpiresAt.Equal(until) || l.Validate() != nil {
		t.Fatalf("lane %+v", l)
	}
	if !(TerminalRecord{RevokedAt: until}).Revoked() || (TerminalRecord{}).Revoked() {
		t.Fatal("Revoked")
	}
	a := PublicQuestion{Unit: "000.00.06.H56", Name: "Lê Văn Cường", Text: "?"}.AskArgs(until)
	if a.Channel != AskWeb || !a.ReceivedAt.Equal(until) {
		t.Fatalf("ask args %+v", a)
	}
}
