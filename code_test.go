package motcua

import (
	"regexp"
	"testing"
	"time"
)

func TestDamm(t *testing.T) {
	// The reference example: 572 → check digit 4.
	if d := Damm("572"); d != 4 {
		t.Fatalf("Damm(572) = %d", d)
	}
	if Damm("5724") != 0 {
		t.Fatal("a number with its check digit must check to 0")
	}
	// Every single-digit error and every adjacent transposition of a code's
	// ten digits is caught.
	base := "2310270361"
	check := Damm(base)
	for i := range base {
		for d := byte('0'); d <= '9'; d++ {
			if d == base[i] {
				continue
			}
			b := []byte(base)
			b[i] = d
			if Damm(string(b)) == check {
				t.Errorf("substitution at %d to %c not caught", i, d)
			}
		}
		if i+1 < len(base) && base[i] != base[i+1] {
			b := []byte(base)
			b[i], b[i+1] = b[i+1], b[i]
			if Damm(string(b)) == check {
				t.Errorf("transposition at %d not caught", i)
			}
		}
	}
}

func TestParseCode(t *testing.T) {
	c := Code{Unit: "000.00.06.H56", Date: "231027", Number: 361}
	chk := c.Check()
	ok := []string{
		"000.00.06.H56-231027-0361",
		"000.00.06.h56-231027-0361",
		" 000.00.06.H56 - 231027 - 0361 ",
		c.WithCheck(),
		"000.00.06.H56-231027-0361" + string(rune('0'+chk)),
	}
	for _, s := range ok {
		got, err := ParseCode(s)
		if err != nil || got != c {
			t.Errorf("ParseCode(%q) = %+v, %v", s, got, err)
		}
	}
	bad := map[string]string{
		"":                          "code_format",
		"000.00.06.H56-231027-361":  "code_format",
		"000.00.06.H5-231027-0361":  "code_format",
		"000.00.06.H56-231327-0361": "code_date",
		"000.00.06.H56-231027-0000": "code_date",
		"000.00.06.H56-231027-0361-" + string(rune('0'+(chk+1)%10)): "code_check",
		"HS-000001": "code_format",
	}
	for s, reason := range bad {
		if _, err := ParseCode(s); ErrorReason(err) != reason {
			t.Errorf("ParseCode(%q) = %v, want %s", s, err, reason)
		}
	}
}

func TestNewCodeUsesVietnamDate(t *testing.T) {
	// 20:00 UTC on 26/10 is already 27/10 in Vietnam.
	c, err := NewCode("000.00.06.H56", time.Date(2023, 10, 26, 20, 0, 0, 0, time.UTC), 7)
	if err != nil || c.String() != "000.00.06.H56-231027-0007" {
		t.Fatalf("%v %v", c, err)
	}
	if _, err := NewCode("000.00.06.H56", time.Now(), 10000); err == nil {
		t.Fatal("number 10000 accepted")
	}
	if _, err := NewCode("bad", time.Now(), 1); err == nil {
		t.Fatal("bad unit accepted")
	}
}

func TestLane(t *testing.T) {
	l := StandaloneLane()
	if l.Size() != 1000 || !l.Contains(9000) || l.Contains(8999) || l.Expired(time.Now()) {
		t.Fatalf("standalone lane %+v", l)
	}
	now := time.Now()
	leased := Lane{First: 1, Last: 1500, ExpiresAt: now.Add(time.Hour)}
	if leased.Expired(now) || !leased.Expired(now.Add(time.Hour)) {
		t.Fatal("expiry wrong")
	}
	for _, bad := range []Lane{{0, 10, now}, {10, 5, now}, {1, 10000, now}} {
		if bad.Validate() == nil {
			t.Errorf("lane %+v accepted", bad)
		}
	}
}

func TestNewIDIsUniqueAndOrdered(t *testing.T) {
	seen := map[string]bool{}
	prev := ""
	now := time.Now()
	for i := 0; i < 1000; i++ {
		id := NewID(now.Add(time.Duration(i) * time.Millisecond))
		if !ValidID(id) || seen[id] {
			t.Fatalf("id %q invalid or repeated", id)
		}
		if id <= prev {
			t.Fatalf("ids not time-ordered: %s after %s", id, prev)
		}
		seen[id], prev = true, id
	}
}

// TestCodeShapesMatchRegexps checks the hand-written shape matchers against
// the regexps they replace, on codes and their near misses.
func TestCodeShapesMatchRegexps(t *testing.T) {
	unitRE := regexp.MustCompile(`^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$`)
	codeRE := regexp.MustCompile(`^(\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})-(\d{6})-(\d{4})(?:-?(\d))?$`)
	for _, s := range []string{
		"000.00.06.H56", "000.00.06.h56", "000.00.06.H5", "000.00.06.H567", "00.00.06.H56", "000-00.06.H56",
		"000.00.06.HH6", "000.00.06.556", "", "000.00.06.Ä56",
		"000.00.06.H56-231027-0361", "000.00.06.H56-231027-0361-7", "000.00.06.H56-231027-03617",
		"000.00.06.H56-231027-0361-", "000.00.06.H56-231027-0361--7", "000.00.06.H56-231027-0361-77",
		"000.00.06.H56-231027-036", "000.00.06.H56-23102-0361", "000.00.06.H56231027-0361",
		"000.00.06.H56-231027-0361x", "000.00.06.H56-231027-03617x", "X000.00.06.H56-231027-0361",
	} {
		if got, want := ValidUnitCode(s), unitRE.MatchString(s); got != want {
			t.Errorf("ValidUnitCode(%q) = %v, the regexp %v", s, got, want)
		}
		code, check, ok := splitCode(s)
		m := codeRE.FindStringSubmatch(s)
		if ok != (m != nil) {
			t.Errorf("splitCode(%q) ok=%v, the regexp matches: %v", s, ok, m != nil)
			continue
		}
		if ok && (code != m[1]+"-"+m[2]+"-"+m[3] || check != m[4]) {
			t.Errorf("splitCode(%q) = %q %q, the regexp %q", s, code, check, m[1:])
		}
	}
}
