package motcua

import (
	"strings"
	"testing"
)

func TestApplyCorrectIdentity(t *testing.T) {
	base := received(t)
	tests := []struct {
		name, field, old, new, reason string
		status                        ResultStatus
		reject                        string // reason slug when rejected
		want                          string // stored value after
	}{
		{"CCCD with dashes, with a reason", "applicant.id_number", "", "096-185-000-123", "gõ nhầm khi tiếp nhận", Applied, "", "096185000123"},
		{"CCCD without a reason", "applicant.id_number", "", "096185000123", "", Rejected, "reason_required", ""},
		{"CCCD with a blank reason", "applicant.id_number", "", "096185000123", "   ", Rejected, "reason_required", ""},
		{"malformed CCCD", "applicant.id_number", "", "09618500012", "gõ nhầm", Rejected, "cccd_length", ""},
		{"date of birth dd/mm/yyyy", "applicant.dob", "", "12/03/1985", "gõ nhầm", Applied, "", "1985-03-12"},
		{"date of birth yyyy-mm-dd", "applicant.dob", "", "1985-03-12", "gõ nhầm", Applied, "", "1985-03-12"},
		{"date of birth in the future", "applicant.dob", "", "12/03/2099", "gõ nhầm", Rejected, "dob_future", ""},
		{"impossible date", "applicant.dob", "", "31/02/1985", "gõ nhầm", Rejected, "date_invalid", ""},
		{"sex", "applicant.sex", "", "Nữ", "chọn nhầm", Applied, "", "nu"},
		{"sex unknown word", "applicant.sex", "", "khác", "chọn nhầm", Rejected, "sex_invalid", ""},
		{"seen an old value changed elsewhere", "applicant.sex", "nam", "nu", "chọn nhầm", Conflicted, "", ""},
		{"a phone needs no reason", "applicant.phone", "0912345678", "0987654321", "", Applied, "", "0987654321"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, res := Apply(&base, mustOp(t, OpSetField, base.ID, SetFieldArgs{Field: tt.field, Old: tt.old, New: tt.new, Reason: tt.reason}))
			if res.Status != tt.status || (tt.reject != "" && res.Reason != tt.reject) {
				t.Fatalf("status %s (%s: %s), want %s %s", res.Status, res.Reason, res.MessageVI, tt.status, tt.reject)
			}
			if tt.status != Applied {
				if FieldValue(d, tt.field) != FieldValue(base, tt.field) {
					t.Errorf("%s changed by a %s op", tt.field, res.Status)
				}
				return
			}
			if got := FieldValue(d, tt.field); got != tt.want {
				t.Errorf("%s = %q, want %q", tt.field, got, tt.want)
			}
			last := d.History[len(d.History)-1]
			if last.Kind != OpSetField || !strings.Contains(last.Text, tt.field) || (tt.reason != "" && !strings.Contains(last.Text, "lý do: "+tt.reason)) {
				t.Errorf("history %+v", last)
			}
		})
	}
	// The number's kind follows the corrected number.
	d, _ := Apply(&base, mustOp(t, OpSetField, base.ID, SetFieldArgs{Field: "applicant.id_number", New: "096185000123", Reason: "gõ nhầm"}))
	if d.Applicant.IDKind != IDCCCD {
		t.Errorf("kind %q", d.Applicant.IDKind)
	}
	// The same correction again is superseded.
	if _, res := Apply(&d, mustOp(t, OpSetField, base.ID, SetFieldArgs{Field: "applicant.id_number", Old: "", New: "096185000123", Reason: "gõ nhầm"})); res.Status != Superseded {
		t.Errorf("again: %s", res.Status)
	}
	if !IsIdentityField("applicant.dob") || IsIdentityField("applicant.phone") {
		t.Error("IsIdentityField")
	}
}
