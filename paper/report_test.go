package paper

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/xuri/excelize/v2"
)

// reportDossiers covers every outcome once or more, in two months, with
// ratings on two of the three returned dossiers.
func reportDossiers() []motcua.Dossier {
	base := sampleDossier()
	mk := func(code string, day int, month time.Month, ch motcua.Channel, st motcua.Status, completeAfter time.Duration) motcua.Dossier {
		d := base.Clone()
		d.Code, d.Channel, d.Status = code, ch, st
		d.ReceivedAt = vnTime(2023, month, day, 9, 0)
		d.Appointment = d.ReceivedAt.Add(5 * 24 * time.Hour)
		if completeAfter > 0 {
			d.CompletedAt = d.ReceivedAt.Add(completeAfter)
		}
		return d
	}
	ds := []motcua.Dossier{
		mk("a", 2, 10, motcua.ChannelCounter, motcua.StatusReturned, 2*24*time.Hour), // early
		mk("b", 3, 10, motcua.ChannelCounter, motcua.StatusReturned, 5*24*time.Hour), // on time
		mk("c", 4, 10, motcua.ChannelOnline, motcua.StatusReturned, 9*24*time.Hour),  // late
		mk("d", 5, 10, motcua.ChannelPost, motcua.StatusProcessing, 0),               // overdue by 1/12
		mk("e", 20, 11, motcua.ChannelHamlet, motcua.StatusProcessing, 0),            // on time on 21/11
		mk("f", 6, 10, motcua.ChannelCounter, motcua.StatusWithdrawn, time.Hour),     // withdrawn
		mk("g", 7, 10, motcua.ChannelCounter, motcua.StatusRefused, time.Hour),       // refused
		mk("h", 8, 11, motcua.ChannelCounter, motcua.StatusStopped, 24*time.Hour),    // stopped
		mk("i", 9, 12, motcua.ChannelCounter, motcua.StatusReceived, 0),              // outside the period
	}
	ds[0].Rating = &motcua.Rating{Scores: [9]int{2, 2, 2, 2, 2, 2, 2, 2, 2}, Overall: motcua.VerySatisfied}
	ds[1].Rating = &motcua.Rating{Scores: [9]int{1, 1, 1, 1, 1, 1, 1, 1, 1}, Overall: motcua.Satisfied}
	ds[1].ProcedureCode, ds[1].ProcedureName = "1.000656", "Đăng ký kết hôn"
	ds[3].Supplements = 1
	return ds
}

var reportPeriod = Period{From: vnTime(2023, 10, 1, 0, 0), To: vnTime(2023, 11, 30, 0, 0)}

func sampleReport(now time.Time) Report {
	t := NewUnitTally("000.00.06.H56", "UBND xã Tân Thành", reportPeriod, motcua.DefaultCalendar(), now)
	for _, d := range reportDossiers() {
		t.Add(d)
	}
	u2 := NewUnitTally("000.00.07.H56", "UBND xã Tân Lợi", reportPeriod, motcua.DefaultCalendar(), now)
	u2.Add(reportDossiers()[0])
	return NewReport(reportPeriod, now, []UnitReport{t.Report(), u2.Report()})
}

func TestReportCounts(t *testing.T) {
	r := sampleReport(vnTime(2023, 11, 21, 8, 0))
	c := r.Units[0].Counts
	want := Counts{Received: 8, ResolvedEarly: 1, ResolvedOnTime: 1, ResolvedLate: 1, OpenOnTime: 1, OpenOverdue: 1,
		Withdrawn: 1, Stopped: 1, Refused: 1, Guided: 1, Returned: 3, Rated: 2}
	got := c
	got.ByChannel, got.Satisfaction, got.IndicatorSum = nil, nil, [9]int{}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("counts\n got %+v\nwant %+v", got, want)
	}
	if c.ByChannel[motcua.ChannelCounter] != 5 || c.ByChannel[motcua.ChannelOnline] != 1 || c.ByChannel[motcua.ChannelHamlet] != 1 || c.ByChannel[motcua.ChannelPost] != 1 {
		t.Errorf("channels %v", c.ByChannel)
	}
	if share := c.RatedShare(); share < 0.66 || share > 0.67 {
		t.Errorf("rated share %v", share)
	}
	if c.AveragePoints() != 13.5 || c.Satisfaction[motcua.VerySatisfied] != 1 || c.Satisfaction[motcua.Satisfied] != 1 {
		t.Errorf("ratings: %v points, %v", c.AveragePoints(), c.Satisfaction)
	}
	if len(r.Units[0].Months) != 2 || r.Units[0].Months[0] != (MonthCount{"2023-10", 6}) || r.Units[0].Months[1] != (MonthCount{"2023-11", 2}) {
		t.Errorf("months %v", r.Units[0].Months)
	}
	if r.Total.Counts.Received != 9 || r.Total.Counts.ResolvedEarly != 2 || r.Total.Procedures[0].Received != 8 {
		t.Errorf("total %+v", r.Total.Counts)
	}
	if _, err := json.Marshal(r); err != nil {
		t.Fatal(err)
	}
}

func TestReportPDFReadBack(t *testing.T) {
	r := sampleReport(vnTime(2023, 11, 21, 8, 0))
	p := writePDF(t, "report.pdf", func(b *bytes.Buffer) error {
		return ReportPDF(b, r, Issuer{UnitName: "UBND xã Tân Thành"}, Options{Lang: motcua.VI, Now: r.GeneratedAt})
	})
	text := strings.Join(strings.Fields(pdfTextRaw(t, p)), " ") // header cells wrap
	wantText(t, "the report", text, "BÁO CÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", "Từ ngày 01/10/2023 đến ngày 30/11/2023",
		"UBND xã Tân Lợi", "Tổng cộng", "Tỷ lệ được đánh giá (mục tiêu 60 %)", "66,7 %", "13,5",
		"Hồ sơ tiếp nhận theo tháng", "10/2023", "Giải quyết trước hạn: 2", "Đăng ký kết hôn", "Thái độ của cán bộ, công chức", "Tổng (tối đa 18)")
	assertFontsEmbedded(t, p)
}

func TestReportXLSXHasChartsAndNumbers(t *testing.T) {
	r := sampleReport(vnTime(2023, 11, 21, 8, 0))
	var b bytes.Buffer
	if err := ReportXLSX(&b, r, motcua.VI); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Báo cáo")
	if rows[0][1] != "UBND xã Tân Thành" || rows[0][3] != "Tổng cộng" || rows[1][0] != "Hồ sơ tiếp nhận" {
		t.Fatalf("rows %q", rows[:2])
	}
	if raw, _ := f.GetCellValue("Báo cáo", "D2", excelize.Options{RawCellValue: true}); raw != "9" {
		t.Errorf("total received %q", raw)
	}
	if raw, _ := f.GetCellValue("Chỉ số", "C11", excelize.Options{RawCellValue: true}); raw != "13.5" {
		t.Errorf("average points of the first unit %q, want 13.5", raw)
	}
	// The charts are native: drawing parts in the package, not pictures.
	var charts int
	for _, name := range zipNames(t, b.Bytes()) {
		if strings.HasPrefix(name, "xl/charts/chart") {
			charts++
		}
	}
	if charts != 2 {
		t.Errorf("%d charts, want a column chart and a pie", charts)
	}
}
