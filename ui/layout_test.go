package ui

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestWrapKeepsAmountsWhole(t *testing.T) {
	got := wrap("Phí chứng thực bản sao từ bản chính: 2.000 đ/trang, từ trang 3: 1.000 đ/trang", 40)
	want := []string{"Phí chứng thực bản sao từ bản chính:", "2.000 đ/trang, từ trang 3: 1.000 đ/trang"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q", got)
	}
	// Only amounts: a word starting with đ still breaks normally.
	if got := wrap("chưa được cài đặt", 6); got[0] != "chưa" || got[1] != "được" {
		t.Fatalf("got %q", got)
	}
}

// Widths are counted by grapheme: NFC and NFD Vietnamese take the same
// cells, and padding lines them up.
func TestWidthsByGrapheme(t *testing.T) {
	nfc := "Nguyễn Thị Ánh"
	nfd := norm.NFD.String(nfc)
	if nfc == nfd || width(nfc) != 14 || width(nfd) != 14 {
		t.Fatalf("widths %d %d", width(nfc), width(nfd))
	}
	if w := width(padRight(nfd, 20)); w != 20 {
		t.Fatalf("padded NFD is %d cells", w)
	}
	if got := truncate("Trần Văn Bình", 8); width(got) != 8 || !strings.HasSuffix(got, "…") {
		t.Fatalf("truncate: %q", got)
	}
	if got := padLeft("12", 5); got != "   12" {
		t.Fatalf("padLeft: %q", got)
	}
}

func TestFitMakesExactFrames(t *testing.T) {
	got := fit("a\nbbbbbbbbbb\nc\nd", 5, 3)
	lines := strings.Split(got, "\n")
	if len(lines) != 3 || width(lines[1]) != 5 {
		t.Fatalf("fit: %q", lines)
	}
	if got := strings.Split(fit("a", 5, 3), "\n"); len(got) != 3 {
		t.Fatalf("fit pads: %q", got)
	}
}

func TestBigTextIsThreeRows(t *testing.T) {
	rows := bigText("231027-9001-7")
	for _, r := range rows {
		if width(r) != 13*4-1 {
			t.Fatalf("row %q is %d cells", r, width(r))
		}
	}
}
