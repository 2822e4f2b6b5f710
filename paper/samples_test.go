package paper

import (
	"bytes"
	"fmt"
	"time"

	"github.com/motcua/motcua"
)

// historyDossier has been through a supplement request, a reschedule, and
// a result, with a conflicting attempt kept in its history.
func historyDossier() motcua.Dossier {
	d := sampleDossier()
	at := d.ReceivedAt
	d.History = []motcua.Event{
		{At: at, Kind: motcua.OpReceive, To: motcua.StatusReceived, Officer: "Trần Văn Bình"},
		{At: at.Add(2 * time.Hour), Kind: motcua.OpTransition, From: motcua.StatusReceived, To: motcua.StatusProcessing, Officer: "Trần Văn Bình"},
		{At: at.Add(26 * time.Hour), Kind: motcua.OpTransition, From: motcua.StatusProcessing, To: motcua.StatusSupplement, Officer: "Lê Thị Hoa",
			Text: "Thiếu giấy tờ chứng minh nơi cư trú của người mẹ\n- Giấy xác nhận thông tin về cư trú (bản chính)\n- Bản sao Giấy chứng nhận kết hôn"},
		{At: at.Add(50 * time.Hour), Kind: motcua.OpTransition, From: motcua.StatusSupplement, To: motcua.StatusProcessing, Officer: "Lê Thị Hoa"},
		{At: at.Add(51 * time.Hour), Kind: motcua.OpTransition, From: motcua.StatusProcessing, To: motcua.StatusStopped, Officer: "Ngô Văn C", Conflict: true, Text: "nhầm hồ sơ"},
		{At: at.Add(120 * time.Hour), Kind: motcua.OpReschedule, Officer: "Lê Thị Hoa",
			Text: "03/11/2023 09:32 → 07/11/2023 09:32: Chờ xác minh thông tin cư trú tại xã khác"},
		{At: at.Add(240 * time.Hour), Kind: motcua.OpTransition, From: motcua.StatusProcessing, To: motcua.StatusDone, Officer: "Lê Thị Hoa"},
	}
	d.Supplements = 1
	d.OriginalAppt = d.Appointment
	d.Appointment = vnTime(2023, 11, 7, 9, 32)
	d.CompletedAt = at.Add(240 * time.Hour)
	d.Status = motcua.StatusDone
	return d
}

func refusedDossier() motcua.Dossier {
	d := sampleDossier()
	d.Status = motcua.StatusRefused
	d.History = []motcua.Event{{At: d.ReceivedAt, Kind: motcua.OpTransition, From: motcua.StatusRegistered, To: motcua.StatusRefused,
		Officer: "Trần Văn Bình", Text: "Việc khai sinh thuộc thẩm quyền của UBND xã nơi cư trú của người mẹ (xã Tân Lợi)."}}
	return d
}

// logEntries are n logbook lines with Vietnamese names and mixed statuses.
func logEntries(n int) []LogEntry {
	names := []string{"Nguyễn Thị Ánh Tuyết", "Trần Văn Bình", "Lê Hoàng Phúc", "Phạm Thị Ngọc Ánh", "Huỳnh Văn Đức"}
	out := make([]LogEntry, n)
	day := vnTime(2023, 10, 2, 8, 0)
	for i := range out {
		d := sampleDossier()
		d.Code = fmt.Sprintf("000.00.06.H56-%s-%04d", day.Format("060102"), 9000+i%999)
		d.Applicant.Name = names[i%len(names)]
		d.ReceivedAt = day.Add(time.Duration(i) * 37 * time.Minute)
		d.Appointment = d.ReceivedAt.Add(5 * 24 * time.Hour)
		switch i % 4 {
		case 1:
			d.Status = motcua.StatusReturned
			d.CompletedAt = d.ReceivedAt.Add(3 * 24 * time.Hour)
			d.Outcome = &motcua.Outcome{Kind: "result", ReturnedAt: d.CompletedAt.Add(2 * time.Hour)}
		case 2:
			d.Status = motcua.StatusProcessing
		case 3:
			d.Status = motcua.StatusDone
			d.CompletedAt = d.ReceivedAt.Add(9 * 24 * time.Hour)
		}
		out[i] = NewLogEntry(d, motcua.VI, motcua.DefaultCalendar(), vnTime(2023, 12, 1, 8, 0))
	}
	return out
}

var samplePeriod = Period{From: vnTime(2023, 10, 1, 0, 0), To: vnTime(2023, 10, 31, 0, 0)}

func samples() map[string]func(*bytes.Buffer) error {
	d, h, r := sampleDossier(), historyDossier(), refusedDossier()
	vi := Options{Lang: motcua.VI, Now: vnTime(2023, 11, 8, 10, 0)}
	g, _ := GuidanceFromDossier(h)
	ref, _ := RefusalFromDossier(r)
	ap, _ := ApologyFromDossier(h)
	return map[string]func(*bytes.Buffer) error{
		"01-a4": func(b *bytes.Buffer) error {
			return Receipt(b, d, sampleIssuer, Options{Lang: motcua.VI, Size: A4, LookupKey: "7KQ2M9XD4HTBR3W",
				LookupURL: "https://motcua.tanthanh.example/tra-cuu/000.00.06.H56-231027-0361?k=7KQ2M9XD4HTBR3W"})
		},
		"01-a5-en": func(b *bytes.Buffer) error { return Receipt(b, d, sampleIssuer, Options{Lang: motcua.EN, Size: A5}) },
		"05-en":    func(b *bytes.Buffer) error { return ControlSheet(b, h, sampleIssuer, Options{Lang: motcua.EN}) },
		"01-a5":    func(b *bytes.Buffer) error { return Receipt(b, d, sampleIssuer, Options{Lang: motcua.VI, Size: A5}) },
		"02":       func(b *bytes.Buffer) error { return GuidanceForm(b, g, sampleIssuer, vi) },
		"03":       func(b *bytes.Buffer) error { return RefusalForm(b, ref, sampleIssuer, vi) },
		"04":       func(b *bytes.Buffer) error { return ApologyForm(b, ap, sampleIssuer, vi) },
		"05":       func(b *bytes.Buffer) error { return ControlSheet(b, h, sampleIssuer, vi) },
		"06":       func(b *bytes.Buffer) error { return LogbookPDF(b, logEntries(60), samplePeriod, sampleIssuer, vi) },
		"report": func(b *bytes.Buffer) error {
			r := sampleReport(vnTime(2023, 11, 21, 8, 0))
			return ReportPDF(b, r, Issuer{UnitName: "UBND tỉnh Cà Mau"}, vi)
		},
		"report-xlsx": func(b *bytes.Buffer) error { return ReportXLSX(b, sampleReport(vnTime(2023, 11, 21, 8, 0)), motcua.VI) },
	}
}
