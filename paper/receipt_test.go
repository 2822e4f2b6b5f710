package paper

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/motcua/motcua"
)

func TestReceiptA4TwoCopies(t *testing.T) {
	d := sampleDossier()
	for _, size := range []Size{A4, A5} {
		t.Run(string(size), func(t *testing.T) {
			o := Options{Lang: motcua.VI, Size: size, Now: d.ReceivedAt}
			p := writePDF(t, "receipt.pdf", func(b *bytes.Buffer) error { return Receipt(b, d, sampleIssuer, o) })
			text := pdfTextRaw(t, p)
			name := motcua.NFC(d.Applicant.Name)
			if name == d.Applicant.Name {
				t.Fatal("the fixture's name should arrive decomposed")
			}
			for _, want := range []string{
				"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
				"GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
				"000.00.06.H56-231027-0361-" + checkDigit(t, d.Code),
				name, "Sau 9 giờ 32 phút, ngày 03/11/2023", "9 giờ 32 phút, ngày 27/10/2023",
				"Tờ khai đăng ký khai sinh", "10.000 đ", "NGƯỜI TIẾP NHẬN HỒ SƠ", "Trần Văn Bình",
				"Liên 1", "Liên 2",
			} {
				if !strings.Contains(text, want) {
					t.Errorf("the receipt lacks %q:\n%s", want, text)
				}
			}
			if strings.Contains(text, "Giấy tờ chứng minh nơi cư trú") {
				t.Error("a document not received is listed as received")
			}
			if n := strings.Count(text, name); n < 2 {
				t.Errorf("the name appears %d times; want it on both copies", n)
			}
			assertFontsEmbedded(t, p)
			pages := strings.Count(text, "\f")
			if want := map[Size]int{A4: 1, A5: 2}[size]; pages != want {
				t.Errorf("%d pages, want %d", pages, want)
			}
		})
	}
}

func checkDigit(t *testing.T, code string) string {
	c, err := motcua.ParseCode(code)
	if err != nil {
		t.Fatal(err)
	}
	return string(rune('0' + c.Check()))
}

// The QR code, read back from the rendered page by zbarimg, is the lookup
// address: the public address when the unit has one, the code otherwise.
func TestReceiptQRDecodes(t *testing.T) {
	d := sampleDossier()
	for _, url := range []string{"", "https://motcua.tanthanh.example/tra-cuu/000.00.06.H56-231027-0361?k=K7MP4X9QH2RT"} {
		o := Options{Lang: motcua.VI, Size: A4, LookupURL: url, LookupKey: "K7MP4X9QH2RTABC"}
		p := writePDF(t, "receipt.pdf", func(b *bytes.Buffer) error { return Receipt(b, d, sampleIssuer, o) })
		got := qrDecoded(t, p, 150)
		want := LookupAddress(d, o)
		if len(got) != 2 || got[0] != want || got[1] != want {
			t.Errorf("QR codes on the page = %q, want two of %q", got, want)
		}
		wantText(t, "the receipt", pdfTextRaw(t, p), "Mã tra cứu (giữ kín): "+motcua.FormatLookupKey(o.LookupKey))
	}
}

func TestReceiptEnglish(t *testing.T) {
	d := sampleDossier()
	p := writePDF(t, "receipt.pdf", func(b *bytes.Buffer) error {
		return Receipt(b, d, sampleIssuer, Options{Lang: motcua.EN, Size: A4})
	})
	text := pdfTextRaw(t, p)
	for _, want := range []string{"RECEIPT AND APPOINTMENT FOR RESULTS", "After 09:32 on 03/11/2023", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"} {
		if !strings.Contains(text, want) {
			t.Errorf("the English receipt lacks %q:\n%s", want, text)
		}
	}
}

// A dossier with many documents still prints whole: smaller on A4, or
// running over A5 pages; every document is on the page.
func TestReceiptManyDocumentsNothingCut(t *testing.T) {
	d := sampleDossier()
	d.Documents = nil
	for i := 0; i < 40; i++ {
		d.Documents = append(d.Documents, motcua.DocumentItem{Name: "Giấy tờ số " + strings.Repeat("x", i%7) + string(rune('A'+i%26)) + "-" + strconv.Itoa(i), Originals: 1, Received: true})
	}
	p := writePDF(t, "receipt.pdf", func(b *bytes.Buffer) error { return Receipt(b, d, sampleIssuer, Options{Size: A4}) })
	text := pdfTextRaw(t, p)
	for _, doc := range d.Documents {
		if !strings.Contains(text, doc.Name) {
			t.Errorf("%q is missing", doc.Name)
		}
	}
}
