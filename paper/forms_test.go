package paper

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/testtool"

	"github.com/motcua/motcua"
)

func wantText(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, text)
		}
	}
}

// Each form, read back by pdftotext, carries the national header, its
// title, the code, the applicant's name in NFC, and what it exists to say.
func TestFormsReadBack(t *testing.T) {
	h, r := historyDossier(), refusedDossier()
	name := motcua.NFC(h.Applicant.Name)
	header := []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"}
	o := Options{Lang: motcua.VI, Now: vnTime(2023, 11, 8, 10, 0)}
	g, err := GuidanceFromDossier(h)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := RefusalFromDossier(r)
	if err != nil {
		t.Fatal(err)
	}
	ap, err := ApologyFromDossier(h)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		gen   func(*bytes.Buffer) error
		wants []string
	}{
		{"02", func(b *bytes.Buffer) error { return GuidanceForm(b, g, sampleIssuer, o) },
			[]string{"PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", h.Code + "/HDHS", "Giấy xác nhận thông tin về cư trú (bản chính)",
				"Bản sao Giấy chứng nhận kết hôn", "Thiếu giấy tờ chứng minh nơi cư trú của người mẹ", "NGƯỜI HƯỚNG DẪN", "Lê Thị Hoa"}},
		{"03", func(b *bytes.Buffer) error { return RefusalForm(b, ref, sampleIssuer, o) },
			[]string{"PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", r.Code + "/TCHS", "thuộc thẩm quyền của UBND xã nơi cư trú"}},
		{"04", func(b *bytes.Buffer) error { return ApologyForm(b, ap, sampleIssuer, o) },
			[]string{"PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", "9 giờ 32 phút, ngày 03/11/2023",
				"Sau 9 giờ 32 phút, ngày 07/11/2023", "Chờ xác minh thông tin cư trú tại xã khác"}},
		{"05", func(b *bytes.Buffer) error { return ControlSheet(b, h, sampleIssuer, o) },
			[]string{"PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", h.Code, "Tiếp nhận hồ sơ", "Yêu cầu bổ sung", "Lê Thị Hoa", "Trước hạn", "xung đột"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := writePDF(t, c.name+".pdf", c.gen)
			text := pdfTextRaw(t, p)
			wantText(t, "form "+c.name, text, append(append(header, name), c.wants...)...)
			assertFontsEmbedded(t, p)
		})
	}
}

func TestNoticesNeedTheirEvent(t *testing.T) {
	d := sampleDossier()
	for name, f := range map[string]func(motcua.Dossier) (Notice, error){"02": GuidanceFromDossier, "03": RefusalFromDossier, "04": ApologyFromDossier} {
		if _, err := f(d); motcua.ErrorCode(err) != motcua.EINVALID {
			t.Errorf("form %s of a fresh dossier: %v", name, err)
		}
	}
}

// The logbook runs over several A4 landscape pages, each with the table's
// header row and "page n/N"; every code is on a page.
func TestLogbookPaginates(t *testing.T) {
	es := logEntries(45)
	p := writePDF(t, "06.pdf", func(b *bytes.Buffer) error {
		return LogbookPDF(b, es, samplePeriod, sampleIssuer, Options{Lang: motcua.VI})
	})
	text := pdfTextRaw(t, p)
	pages := strings.Split(strings.TrimRight(text, "\f"), "\f")
	if len(pages) < 3 {
		t.Fatalf("%d pages for 45 lines", len(pages))
	}
	for i, pg := range pages {
		wantText(t, "page "+strconv.Itoa(i+1), pg, "Mã hồ sơ", "Chủ hồ sơ", "Trang "+strconv.Itoa(i+1)+"/"+strconv.Itoa(len(pages)))
	}
	wantText(t, "the logbook", text, "SỔ THEO DÕI HỒ SƠ", "Từ ngày 01/10/2023 đến ngày 31/10/2023", "Nguyễn Thị Ánh Tuyết", "Quá hạn")
	for _, e := range es {
		if !strings.Contains(strings.ReplaceAll(text, "\n", ""), e.Code) {
			t.Errorf("%s is missing", e.Code)
		}
	}
	out := testtool.Run(t, testtool.Need(t, "pdfinfo", "poppler-utils"), p)
	if !strings.Contains(out, "297 x 210") && !strings.Contains(out, "841.89 x 595.28") {
		t.Errorf("not A4 landscape:\n%s", out)
	}
}

// A guidance or refusal given at the counter (no dossier, no code) prints
// as Mẫu 02 or 03 numbered by the record, with its list and its reason.
func TestCounterRecordForms(t *testing.T) {
	base := motcua.CounterRecord{ID: "01JCOUNTER0001", At: vnTime(2023, 11, 8, 9, 15), Officer: "Lê Thị Hoa",
		ProcedureName: "Đăng ký khai sinh", Applicant: motcua.Person{Name: "Nguyễn Thị Ánh Tuyết"},
		Missing: []string{"Giấy chứng sinh (bản chính)", "Giấy chứng nhận kết hôn"}}
	g, r := base, base
	g.Kind, g.Note = motcua.CounterGuidance, "Mang đủ bản chính khi quay lại"
	r.Kind, r.Reason = motcua.CounterRefusal, "Không thuộc thẩm quyền của xã"
	o := Options{Lang: motcua.VI, Now: vnTime(2023, 11, 8, 10, 0)}
	cases := map[string]struct {
		rec   motcua.CounterRecord
		wants []string
	}{
		"02": {g, []string{"PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "01JCOUNTER0001/HDHS", "Giấy chứng sinh (bản chính)",
			"Giấy chứng nhận kết hôn", "Ghi chú: Mang đủ bản chính khi quay lại", "Lê Thị Hoa"}},
		"03": {r, []string{"PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", "01JCOUNTER0001/TCHS", "Không thuộc thẩm quyền của xã"}},
	}
	for name, c := range cases {
		p := writePDF(t, "counter-"+name+".pdf", func(b *bytes.Buffer) error { return CounterRecordForm(b, c.rec, sampleIssuer, o) })
		wantText(t, "counter form "+name, pdfTextRaw(t, p), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Nguyễn Thị Ánh Tuyết", "Đăng ký khai sinh")
		wantText(t, "counter form "+name, pdfTextRaw(t, p), c.wants...)
	}
}
