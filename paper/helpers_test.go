package paper

import (
	"archive/zip"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/testtool"

	"github.com/motcua/motcua"
)

// writePDF generates a form into a file in t.TempDir.
func writePDF(t *testing.T, name string, gen func(*bytes.Buffer) error) string {
	t.Helper()
	var b bytes.Buffer
	if err := gen(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) {
		t.Fatalf("%s: not a PDF", name)
	}
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// pdfTextRaw is pdftotext in content order (-raw): lines are not merged
// across columns, so a phrase split over two panels stays whole.
func pdfTextRaw(t *testing.T, path string) string {
	t.Helper()
	return testtool.Run(t, testtool.Need(t, "pdftotext", "poppler-utils"), "-raw", "-enc", "UTF-8", path, "-")
}

// assertFontsEmbedded checks with pdffonts that every font is the
// embedded DejaVu Serif with Unicode maps ("emb" and "uni" columns), and
// that it was subset: named so ("sub" column, the ABCDEF+ tag), and the
// file far below the three whole fonts (over 1 MB).
func assertFontsEmbedded(t *testing.T, path string) {
	t.Helper()
	out := testtool.Run(t, testtool.Need(t, "pdffonts", "poppler-utils"), path)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 3 {
		t.Fatalf("pdffonts lists no font:\n%s", out)
	}
	for _, l := range lines[2:] {
		f := strings.Fields(l)
		// name type... encoding emb sub uni object ID
		if len(f) < 7 || f[len(f)-5] != "yes" || f[len(f)-4] != "yes" || f[len(f)-3] != "yes" {
			t.Errorf("font not embedded as a subset with a Unicode map: %q", l)
		}
		if _, name, _ := strings.Cut(f[0], "+"); !strings.HasPrefix(name, "DejaVuSerif") {
			t.Errorf("unexpected font: %q", l)
		}
	}
	if st, err := os.Stat(path); err != nil || st.Size() > 400<<10 {
		t.Errorf("the PDF is %d bytes: the fonts were not subset", st.Size())
	}
}

// qrDecoded renders page 1 at dpi and returns what zbarimg reads, one
// symbol a line.
func qrDecoded(t *testing.T, path string, dpi int) []string {
	t.Helper()
	ppm := testtool.Need(t, "pdftoppm", "poppler-utils")
	zbar := testtool.Need(t, "zbarimg", "zbar-tools")
	prefix := filepath.Join(t.TempDir(), "page")
	testtool.Run(t, ppm, "-r", strconv.Itoa(dpi), "-f", "1", "-l", "1", "-png", "-singlefile", path, prefix)
	out, err := exec.Command(zbar, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", prefix+".png").Output()
	if err != nil {
		t.Fatalf("zbarimg found no QR code on the page: %v", err)
	}
	return strings.Split(strings.TrimSpace(string(out)), "\n")
}

func vnTime(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, motcua.VNZone)
}

// sampleDossier is a birth registration received at the counter, with a
// name in decomposed Unicode (as some keyboards send it) that the page
// must print in NFC.
func sampleDossier() motcua.Dossier {
	return motcua.Dossier{
		ID: "d1", Code: "000.00.06.H56-231027-0361", Unit: "000.00.06.H56",
		ProcedureCode: "1.001193", ProcedureName: "Đăng ký khai sinh",
		Channel:    motcua.ChannelCounter,
		Applicant:  motcua.Person{Name: "Nguye\u0302\u0303n Thị Ánh Tuyết", Phone: "0912345678", Address: "Ấp Tân Lợi, xã Tân Thành, tỉnh Cà Mau", IDNumber: "096123456789"},
		Summary:    "Khai sinh cho con",
		ReceivedAt: vnTime(2023, 10, 27, 9, 32), Appointment: vnTime(2023, 11, 3, 9, 32),
		Documents: []motcua.DocumentItem{
			{Name: "Tờ khai đăng ký khai sinh", Originals: 1, Required: true, Received: true},
			{Name: "Giấy chứng sinh", Originals: 1, Required: true, Received: true},
			{Name: "Giấy tờ chứng minh nơi cư trú", Copies: 1, Received: false},
		},
		Fees:    []motcua.FeeItem{{Name: "Lệ phí", Amount: 10000}},
		FeePaid: true, Status: motcua.StatusReceived, Officer: "Trần Văn Bình", Logbook: "01/361",
	}
}

var sampleIssuer = Issuer{Unit: "000.00.06.H56", UnitName: "UBND xã Tân Thành", Officer: "Trần Văn Bình"}

// zipNames lists the parts of an xlsx package.
func zipNames(t *testing.T, b []byte) []string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range z.File {
		out = append(out, f.Name)
	}
	return out
}
