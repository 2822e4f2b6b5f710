package motcua

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func mustSeedCatalog(t *testing.T) *Catalog {
	t.Helper()
	c, err := NewCatalog(SeedCatalog())
	if err != nil {
		t.Fatalf("NewCatalog(seed): %v", err)
	}
	return c
}

func TestSeedParsesAndValidates(t *testing.T) {
	ps, err := loadSeed()
	if err != nil {
		t.Fatalf("seed.json does not decode: %v", err)
	}
	if len(ps) < 15 {
		t.Fatalf("seed has %d procedures, want at least 15", len(ps))
	}
	seen := map[string]bool{}
	for _, p := range ps {
		if err := p.Validate(); err != nil {
			t.Errorf("%s: %v", p.Code, err)
		}
		if seen[p.Code] {
			t.Errorf("duplicate code %s", p.Code)
		}
		seen[p.Code] = true
		if p.Version != 1 {
			t.Errorf("%s: version %d, want 1", p.Code, p.Version)
		}
		if p.Supplement != SupplementRestart {
			t.Errorf("%s: supplement %q, want restart", p.Code, p.Supplement)
		}
		if len(p.Documents) == 0 {
			t.Errorf("%s: empty documents checklist", p.Code)
		}
		if p.Time.Kind == SameDay && p.Time.Hours != 8 {
			t.Errorf("%s: same-day procedure with %d hours", p.Code, p.Time.Hours)
		}
		if localCodeRE.MatchString(p.Code) && !strings.Contains(p.Note, "Mã địa phương tạm thời") {
			t.Errorf("%s: a local placeholder code must say so in its note", p.Code)
		}
	}
}

func TestSeedTextIsNFC(t *testing.T) {
	for _, p := range SeedCatalog() {
		texts := []string{p.Name, p.Field, p.Agency, p.Note}
		for _, d := range p.Documents {
			texts = append(texts, d.Name)
		}
		for _, f := range p.Fees {
			texts = append(texts, f.Name, f.Unit, f.Note)
		}
		for _, s := range texts {
			if !norm.NFC.IsNormalString(s) {
				t.Errorf("%s: not NFC: %q", p.Code, s)
			}
		}
	}
}

// The "verify" rows are procedures whose time limit the research behind the
// seed did not find; the seed value is a placeholder and must say so.
func TestSeedVerifyRowsCarryNote(t *testing.T) {
	c := mustSeedCatalog(t)
	for _, code := range []string{"1.001776", "1.001731", "1.011607"} {
		p, err := c.Get(code)
		if err != nil {
			t.Fatalf("Get(%s): %v", code, err)
		}
		if !strings.Contains(p.Note, "Thời hạn cần xác nhận theo quyết định công bố của UBND tỉnh") {
			t.Errorf("%s: note %q lacks the verification warning", code, p.Note)
		}
	}
}

func TestSeedHasResearchRows(t *testing.T) {
	c := mustSeedCatalog(t)
	for _, code := range []string{
		"1.001193", "1.000894", "1.000656", "1.004873", "2.000635", "1.004884",
		"1.000689", "2.000815", "2.000884", "1.004222", "1.004194", "1.002755",
		"1.001776", "1.001731", "1.011607", "2.000720", "1.013225",
		"CM.CT.001", "CM.CT.002",
	} {
		if _, err := c.Get(code); err != nil {
			t.Errorf("Get(%s): %v", code, err)
		}
	}
}

func TestSeedKnownRows(t *testing.T) {
	c := mustSeedCatalog(t)

	ks, _ := c.Get("1.001193")
	if ks.Name != "Đăng ký khai sinh" || ks.Time != (ProcessingTime{SameDay, 8}) {
		t.Errorf("1.001193 = %q %+v", ks.Name, ks.Time)
	}

	tt, _ := c.Get("1.004222")
	if tt.Time != (ProcessingTime{WorkingDays, 56}) {
		t.Errorf("1.004222 time = %+v, want 56 h working days", tt.Time)
	}
	for _, tc := range []struct {
		online bool
		want   int64
	}{{false, 20000}, {true, 10000}} {
		total, _, err := tt.Fee(FeeInput{Online: tc.online})
		if err != nil || total != tc.want {
			t.Errorf("1.004222 fee online=%v = %d, %v; want %d", tc.online, total, err, tc.want)
		}
	}

	tam, _ := c.Get("1.004194")
	if total, _, _ := tam.Fee(FeeInput{}); total != 15000 {
		t.Errorf("1.004194 fee = %d, want 15000", total)
	}
	if total, _, _ := tam.Fee(FeeInput{Online: true}); total != 7000 {
		t.Errorf("1.004194 online fee = %d, want 7000", total)
	}

	for code, want := range map[string]int64{"2.000635": 16000, "2.000884": 20000, "CM.CT.001": 100000} {
		p, _ := c.Get(code)
		if total, _, err := p.Fee(FeeInput{Units: 2}); err != nil || total != want {
			t.Errorf("%s fee for 2 units = %d, %v; want %d", code, total, err, want)
		}
	}

	for _, code := range []string{"1.001193", "1.000894", "1.001776"} {
		p, _ := c.Get(code)
		if total, _, err := p.Fee(FeeInput{}); err != nil || total != 0 {
			t.Errorf("%s should be free, got %d, %v", code, total, err)
		}
	}
}

func TestSeedCatalogReturnsCopies(t *testing.T) {
	a := SeedCatalog()
	a[0].Name = "changed"
	a[0].Documents[0].Name = "changed"
	for i := range a {
		for j := range a[i].Fees {
			if a[i].Fees[j].OnlineAmount != nil {
				*a[i].Fees[j].OnlineAmount = 1
			}
		}
	}
	b := SeedCatalog()
	if b[0].Name == "changed" || b[0].Documents[0].Name == "changed" {
		t.Fatal("SeedCatalog shares slices between calls")
	}
	c := mustSeedCatalog(t)
	p, _ := c.Get("1.004222")
	if total, _, _ := p.Fee(FeeInput{Online: true}); total != 10000 {
		t.Fatalf("SeedCatalog shares OnlineAmount pointers: online fee = %d", total)
	}

	p.Fees[0].Amount = 1
	p.Documents[0].Name = "changed"
	again, _ := c.Get("1.004222")
	if again.Fees[0].Amount != 20000 || again.Documents[0].Name == "changed" {
		t.Fatal("Catalog.Get returns shared data")
	}
}

func TestCatalogGetUnknown(t *testing.T) {
	c := mustSeedCatalog(t)
	_, err := c.Get("9.999999")
	if ErrorCode(err) != ENOTFOUND {
		t.Fatalf("Get(unknown) error = %v, want ENOTFOUND", err)
	}
	if got := ErrorMessage(err, VI); got != "Không có thủ tục mã 9.999999 trong danh mục." {
		t.Errorf("VI message = %q", got)
	}
	var nilCat *Catalog
	if _, err := nilCat.Get("1.001193"); ErrorCode(err) != ENOTFOUND {
		t.Errorf("nil catalog Get = %v", err)
	}
	if nilCat.All() != nil || nilCat.Search("x") != nil {
		t.Error("nil catalog should be empty")
	}
}

func TestCatalogAllSorted(t *testing.T) {
	c := mustSeedCatalog(t)
	all := c.All()
	if len(all) != len(SeedCatalog()) {
		t.Fatalf("All has %d, seed has %d", len(all), len(SeedCatalog()))
	}
	for i := 1; i < len(all); i++ {
		if all[i-1].Code >= all[i].Code {
			t.Fatalf("All not sorted at %d: %s, %s", i, all[i-1].Code, all[i].Code)
		}
	}
}

func procCodes(ps []Procedure) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Code
	}
	return out
}

func TestCatalogSearch(t *testing.T) {
	c := mustSeedCatalog(t)

	got := procCodes(c.Search("khai sinh"))
	if len(got) < 3 || got[0] != "1.001193" {
		t.Errorf(`Search("khai sinh") = %v, want 1.001193 first`, got)
	}
	// Typed with diacritics, capitals and extra spaces: same result.
	if got2 := procCodes(c.Search("  Đăng ký KHAI   sinh ")); len(got2) == 0 || got2[0] != "1.001193" {
		t.Errorf(`Search("Đăng ký KHAI sinh") = %v`, got2)
	}

	ct := procCodes(c.Search("chung thuc"))
	for _, want := range []string{"2.000815", "2.000884", "CM.CT.001"} {
		if !hasCode(ct, want) {
			t.Errorf(`Search("chung thuc") = %v, missing %s`, ct, want)
		}
	}

	if got := procCodes(c.Search("1.0042")); len(got) != 1 || got[0] != "1.004222" {
		t.Errorf(`Search("1.0042") = %v`, got)
	}
	if got := procCodes(c.Search("1.004222")); len(got) == 0 || got[0] != "1.004222" {
		t.Errorf(`Search("1.004222") = %v`, got)
	}
	if got := procCodes(c.Search("cm.ct")); len(got) != 2 {
		t.Errorf(`Search("cm.ct") = %v, want the two local codes`, got)
	}
	// Prefix of the last word, as the officer types.
	if got := procCodes(c.Search("thuong tr")); len(got) != 1 || got[0] != "1.004222" {
		t.Errorf(`Search("thuong tr") = %v`, got)
	}
	// đ folds to d.
	if got := procCodes(c.Search("dang ky tam tru")); len(got) == 0 || got[0] != "1.004194" {
		t.Errorf(`Search("dang ky tam tru") = %v`, got)
	}
	// Field words match too, after name matches.
	if got := procCodes(c.Search("ho tich")); !hasCode(got, "1.001193") {
		t.Errorf(`Search("ho tich") = %v, want the hộ tịch procedures`, got)
	}
	if got := c.Search("xyzxyz"); len(got) != 0 {
		t.Errorf(`Search("xyzxyz") = %v`, procCodes(got))
	}
	if got := c.Search(""); len(got) != len(c.All()) {
		t.Errorf(`Search("") returned %d, want all`, len(got))
	}
	// Punctuation-only queries must not match everything or panic.
	for _, q := range []string{".", "/", "\x00", "\xff\xfe", "ĐĐĐ"} {
		_ = c.Search(q)
	}
}

func hasCode(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func TestNewCatalogRejects(t *testing.T) {
	good := func() Procedure {
		return Procedure{
			Code: "1.001193", Name: "Đăng ký khai sinh", Version: 1,
			Time: ProcessingTime{SameDay, 8},
		}
	}
	cases := map[string]func(*Procedure){
		"empty code":     func(p *Procedure) { p.Code = "" },
		"bad code":       func(p *Procedure) { p.Code = "1.0011" },
		"lower local":    func(p *Procedure) { p.Code = "cm.ct.001" },
		"empty name":     func(p *Procedure) { p.Name = "  " },
		"zero hours":     func(p *Procedure) { p.Time.Hours = 0 },
		"negative hours": func(p *Procedure) { p.Time.Hours = -8 },
		"unknown kind":   func(p *Procedure) { p.Time.Kind = "weeks" },
		"bad supplement": func(p *Procedure) { p.Supplement = "never" },
		"doc no name":    func(p *Procedure) { p.Documents = []DocumentSpec{{}} },
		"doc negative":   func(p *Procedure) { p.Documents = []DocumentSpec{{Name: "x", Copies: -1}} },
		"fee no name":    func(p *Procedure) { p.Fees = []FeeLine{{Kind: FeeFixed}} },
		"fee bad kind":   func(p *Procedure) { p.Fees = []FeeLine{{Name: "x", Kind: "per_year"}} },
		"fee negative":   func(p *Procedure) { p.Fees = []FeeLine{{Name: "x", Kind: FeeFixed, Amount: -1}} },
		"fee huge":       func(p *Procedure) { p.Fees = []FeeLine{{Name: "x", Kind: FeeFixed, Amount: 1 << 62}} },
		"online negative": func(p *Procedure) {
			v := int64(-5)
			p.Fees = []FeeLine{{Name: "x", Kind: FeeFixed, OnlineAmount: &v}}
		},
		"page break 1": func(p *Procedure) {
			p.Fees = []FeeLine{{Name: "x", Kind: FeePerPage, Amount: 1, PageBreak: 1}}
		},
		"negative cap": func(p *Procedure) {
			p.Fees = []FeeLine{{Name: "x", Kind: FeePerPage, Amount: 1, CapPerCopy: -1}}
		},
	}
	for name, mutate := range cases {
		p := good()
		mutate(&p)
		if _, err := NewCatalog([]Procedure{p}); ErrorCode(err) != EINVALID {
			t.Errorf("%s: NewCatalog error = %v, want EINVALID", name, err)
		}
	}

	if _, err := NewCatalog([]Procedure{good(), good()}); ErrorReason(err) != "procedure_code_duplicate" {
		t.Errorf("duplicate codes: %v", err)
	}

	local := good()
	local.Code = "CM.CT.009"
	c, err := NewCatalog([]Procedure{good(), local})
	if err != nil {
		t.Fatalf("valid catalog rejected: %v", err)
	}
	if p, _ := c.Get("1.001193"); p.Supplement != SupplementRestart {
		t.Errorf("empty supplement should default to restart, got %q", p.Supplement)
	}
	if c, err := NewCatalog(nil); err != nil || len(c.All()) != 0 {
		t.Errorf("empty catalog: %v", err)
	}
}

func TestFoldForCatalog(t *testing.T) {
	for in, want := range map[string]string{
		"Đăng ký khai sinh":   "dang ky khai sinh",
		"CHỨNG THỰC":          "chung thuc",
		"Hỗ trợ chi phí":      "ho tro chi phi",
		"Thu\u0309 tu\u0323c": "thu tuc", // NFD input
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}
