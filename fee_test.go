package motcua

import (
	"math"
	"testing"
)

func TestFeeCopyCertification(t *testing.T) {
	p, err := mustSeedCatalog(t).Get("2.000815")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		pages, copies int
		want          int64
		detail        string
	}{
		{1, 0, 2000, "1 trang × 1 bản"},
		{2, 1, 4000, "2 trang × 1 bản"},
		{3, 1, 5000, "3 trang × 1 bản"},
		{5, 1, 7000, "5 trang × 1 bản"},
		{5, 3, 21000, "5 trang × 3 bản"},
		{198, 1, 200000, "198 trang × 1 bản"},
		{199, 1, 200000, "199 trang × 1 bản, tối đa 200.000 đ/bản"},
		{300, 1, 200000, "300 trang × 1 bản, tối đa 200.000 đ/bản"},
		{300, 2, 400000, "300 trang × 2 bản, tối đa 200.000 đ/bản"},
		{10000, 10000, 2_000_000_000, "10000 trang × 10000 bản, tối đa 200.000 đ/bản"},
	}
	for _, tc := range cases {
		total, lines, err := p.Fee(FeeInput{Pages: tc.pages, Copies: tc.copies})
		if err != nil {
			t.Errorf("%d pages × %d: %v", tc.pages, tc.copies, err)
			continue
		}
		if total != tc.want {
			t.Errorf("%d pages × %d copies = %d, want %d", tc.pages, tc.copies, total, tc.want)
		}
		if len(lines) != 1 || lines[0].Amount != total || lines[0].Detail != tc.detail {
			t.Errorf("%d pages × %d copies: lines %+v, want detail %q", tc.pages, tc.copies, lines, tc.detail)
		}
	}
}

func TestFeeInvalidInput(t *testing.T) {
	c := mustSeedCatalog(t)
	perPage, _ := c.Get("2.000815")
	perUnit, _ := c.Get("2.000635")
	cases := []struct {
		name   string
		p      Procedure
		in     FeeInput
		reason string
		field  string
	}{
		{"zero pages", perPage, FeeInput{Pages: 0}, "fee_pages_required", "pages"},
		{"negative pages", perPage, FeeInput{Pages: -1}, "fee_count_negative", "pages"},
		{"negative copies", perPage, FeeInput{Pages: 1, Copies: -2}, "fee_count_negative", "copies"},
		{"negative units", perUnit, FeeInput{Units: -1}, "fee_count_negative", "units"},
		{"too many pages", perPage, FeeInput{Pages: 10001}, "fee_count_too_large", "pages"},
		{"too many copies", perPage, FeeInput{Pages: 1, Copies: math.MaxInt}, "fee_count_too_large", "copies"},
		{"too many units", perUnit, FeeInput{Units: 20000}, "fee_count_too_large", "units"},
	}
	for _, tc := range cases {
		total, lines, err := tc.p.Fee(tc.in)
		if ErrorCode(err) != EINVALID || ErrorReason(err) != tc.reason {
			t.Errorf("%s: err = %v, want %s", tc.name, err, tc.reason)
			continue
		}
		if e := err.(*Error); e.Field != tc.field || e.VI == "" {
			t.Errorf("%s: field %q, VI %q", tc.name, e.Field, e.VI)
		}
		if total != 0 || lines != nil {
			t.Errorf("%s: got %d, %v alongside an error", tc.name, total, lines)
		}
	}
	// Pages are irrelevant to a procedure without a per-page fee.
	if total, _, err := perUnit.Fee(FeeInput{}); err != nil || total != 8000 {
		t.Errorf("2.000635 with no pages = %d, %v", total, err)
	}
}

func TestFeeMessagesVietnamese(t *testing.T) {
	p, _ := mustSeedCatalog(t).Get("2.000815")
	_, _, err := p.Fee(FeeInput{Pages: -3})
	if got := ErrorMessage(err, VI); got != "Số trang không được âm." {
		t.Errorf("VI = %q", got)
	}
	_, _, err = p.Fee(FeeInput{Pages: 20000})
	if got := ErrorMessage(err, VI); got != "Số trang vượt quá giới hạn 10.000." {
		t.Errorf("VI = %q", got)
	}
}

func TestFeeLines(t *testing.T) {
	online := int64(500)
	p := Procedure{Code: "CM.XX.001", Fees: []FeeLine{
		{Name: "Lệ phí", Kind: FeeFixed, Amount: 1000, OnlineAmount: &online},
		{Name: "Phí bản sao", Kind: FeePerUnit, Amount: 3000, Unit: "bản sao"},
		{Name: "Phí trang", Kind: FeePerPage, Amount: 100},
		{Name: "Miễn", Kind: FeeFixed},
	}}
	total, lines, err := p.Fee(FeeInput{Pages: 4, Copies: 2, Units: 3})
	if err != nil {
		t.Fatal(err)
	}
	want := []FeeCharge{
		{"Lệ phí", 1000, ""},
		{"Phí bản sao", 9000, "3 bản sao"},
		{"Phí trang", 800, "4 trang × 2 bản"},
		{"Miễn", 0, ""},
	}
	if total != 10800 || len(lines) != len(want) {
		t.Fatalf("total %d, lines %+v", total, lines)
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d = %+v, want %+v", i, lines[i], want[i])
		}
	}

	total, lines, _ = p.Fee(FeeInput{Pages: 1, Online: true})
	if total != 500+3000+100 || lines[0].Detail != "nộp trực tuyến" || lines[1].Detail != "1 bản sao" {
		t.Errorf("online: %d %+v", total, lines)
	}

	free := Procedure{Code: "1.001776"}
	if total, lines, err := free.Fee(FeeInput{}); total != 0 || len(lines) != 0 || err != nil {
		t.Errorf("no fee lines: %d %v %v", total, lines, err)
	}
}

// Fee must refuse, not overflow or panic, on data that never went through
// NewCatalog.
func TestFeeUnvalidatedData(t *testing.T) {
	for name, f := range map[string]FeeLine{
		"huge amount":   {Name: "x", Kind: FeePerPage, Amount: math.MaxInt64},
		"negative page": {Name: "x", Kind: FeePerPage, Amount: 1, PageAmount: -1, PageBreak: 2},
		"unknown kind":  {Name: "x", Kind: "weird", Amount: 1},
	} {
		p := Procedure{Code: "1.000001", Fees: []FeeLine{f}}
		if _, _, err := p.Fee(FeeInput{Pages: 10000, Copies: 10000, Units: 10000}); ErrorCode(err) != EINVALID {
			t.Errorf("%s: err = %v, want EINVALID", name, err)
		}
	}
	var many []FeeLine
	for range 200 {
		many = append(many, FeeLine{Name: "x", Kind: FeePerPage, Amount: maxFeeAmount})
	}
	p := Procedure{Code: "1.000001", Fees: many}
	if _, _, err := p.Fee(FeeInput{Pages: 10000, Copies: 10000}); ErrorReason(err) != "fee_total_too_large" {
		t.Errorf("overflowing total: err = %v", err)
	}
}

func TestFormatVND(t *testing.T) {
	for in, want := range map[int64]string{
		0:             "0 đ",
		7:             "7 đ",
		999:           "999 đ",
		1000:          "1.000 đ",
		20000:         "20.000 đ",
		200000:        "200.000 đ",
		1234567:       "1.234.567 đ",
		-1234:         "-1.234 đ",
		-5:            "-5 đ",
		math.MaxInt64: "9.223.372.036.854.775.807 đ",
		math.MinInt64: "-9.223.372.036.854.775.808 đ",
	} {
		if got := FormatVND(in); got != want {
			t.Errorf("FormatVND(%d) = %q, want %q", in, got, want)
		}
	}
}
