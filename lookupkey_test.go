package motcua

import (
	"strings"
	"testing"
)

func TestLookupKeyShapeAndRoundTrip(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		k := NewLookupKey()
		if len(k) != LookupKeyLen || seen[k] {
			t.Fatalf("key %q: wrong length or repeated", k)
		}
		seen[k] = true
		if strings.ContainsAny(k, "ILOU") {
			t.Fatalf("key %q has a look-alike letter", k)
		}
		typed := strings.ToLower(FormatLookupKey(k))
		if NormalizeLookupKey(typed) != k || !KeyMatches(HashLookupKey(k), typed) {
			t.Fatalf("typed %q does not read back as %q", typed, k)
		}
	}
}

func TestLookupKeyLookAlikesAndRefusals(t *testing.T) {
	if got := NormalizeLookupKey("o1l2i-3456 7-89abc"); got != "011213456789ABC" {
		t.Fatalf("look-alikes read as %q", got)
	}
	for _, bad := range []string{"", "short", "0123456789ABCDEF", "0123456789ABCDU", "0123456789ABCĐ"} {
		if NormalizeLookupKey(bad) != "" {
			t.Errorf("%q accepted as a key", bad)
		}
	}
	if KeyMatches("", "") || KeyMatches(HashLookupKey(NewLookupKey()), NewLookupKey()) {
		t.Fatal("a wrong or empty key matched")
	}
}

func TestLookupURLAndQR(t *testing.T) {
	k := NewLookupKey()
	code := "000.00.06.H56-231027-0361"
	want := "https://tracuu.camau.gov.vn/tra-cuu/" + code + "?k=" + k
	if got := LookupURL("https://tracuu.camau.gov.vn/", code, FormatLookupKey(k)); got != want {
		t.Fatalf("LookupURL = %q, want %q", got, want)
	}
	if QRContent("", code, k) != code || QRContent("https://x.vn", code, "") != code {
		t.Fatal("without a public address or key the QR must hold the bare code")
	}
	if _, err := ValidatePublicURL("ftp://x"); err == nil {
		t.Fatal("ftp accepted")
	}
	if u, err := ValidatePublicURL(" https://x.vn/ "); err != nil || u != "https://x.vn" {
		t.Fatalf("ValidatePublicURL = %q, %v", u, err)
	}
}
