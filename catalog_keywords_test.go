package motcua

import (
	"testing"
)

// Everyday words and English names find the procedure; the official name
// still wins over a keyword.
func TestCatalogSearchEverydayWords(t *testing.T) {
	cat, err := NewCatalog(SeedCatalog())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ query, first string }{
		{"chết", "1.000656"},
		{"chet", "1.000656"},
		{"báo tử", "1.000656"},
		{"bao tu", "1.000656"},
		{"qua doi", "1.000656"},
		{"làm sổ đỏ", "CM.CT.001"},
		{"so do", "CM.CT.001"},
		{"Death registration", "1.000656"},
		{"death", "1.000656"},
		{"birth registration", "1.001193"},
		{"construction permit", "1.013225"},
		{"cuoi", "1.000894"},
		{"hộ khẩu", "1.004222"},
		// Official names first.
		{"khai sinh", "1.001193"},
		{"khai tu", "1.000656"},
		{"1.0006", "1.000656"},
	}
	for _, tt := range tests {
		got := cat.Search(tt.query)
		if len(got) == 0 || got[0].Code != tt.first {
			codes := []string{}
			for _, p := range got {
				codes = append(codes, p.Code)
			}
			t.Errorf("Search(%q) = %v, want %s first", tt.query, codes, tt.first)
		}
	}
	// Every seed procedure has an English name and keywords.
	for _, p := range cat.All() {
		if p.NameEN == "" || len(p.Keywords) == 0 {
			t.Errorf("%s has no English name or keywords", p.Code)
		}
	}
}

func TestCatalogSearchOrAll(t *testing.T) {
	cat, err := NewCatalog(SeedCatalog())
	if err != nil {
		t.Fatal(err)
	}
	all := len(cat.All())
	for _, tt := range []struct {
		query   string
		n       int
		matched bool
	}{
		{"xyzzy", all, false},
		{"", all, true},
		{"chet", 1, true},
	} {
		got, matched := cat.SearchOrAll(tt.query)
		if matched != tt.matched || (tt.n == all && len(got) != all) || (tt.n < all && len(got) == all) {
			t.Errorf("SearchOrAll(%q) = %d procedures, matched %v", tt.query, len(got), matched)
		}
	}
	bad := SeedCatalog()
	bad[0].Keywords = []string{"  "}
	if _, err := NewCatalog(bad); ErrorReason(err) != "procedure_keyword" {
		t.Errorf("blank keyword: %v", err)
	}
}
