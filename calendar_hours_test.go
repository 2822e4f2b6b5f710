package motcua

import (
	"strings"
	"testing"
	"time"
)

func TestReceptionNotice(t *testing.T) {
	def := DefaultCalendar()
	sat := DefaultCalendar()
	sat.SaturdayReception = true
	unit := DefaultCalendar().WithHours(OfficeHours{Morning: Session{450, 690}, Afternoon: Session{780, 990}})
	tests := []struct {
		name   string
		cal    Calendar
		at     string // yyyy-mm-dd hh:mm
		vi, en string // substrings; "" = no notice
	}{
		{"weekday in hours", def, "2023-11-07 09:00", "", ""},
		{"after closing", def, "2023-11-07 18:00", "18:00 là ngoài giờ tiếp nhận (07:00–11:30, 13:30–17:00). Thời hạn giải quyết được tính từ 7 giờ 00 phút, ngày 08/11/2023, thứ Tư.",
			"18:00 is outside reception hours (07:00–11:30, 13:30–17:00). The processing time is counted from 07:00 on 08/11/2023 (Wednesday)."},
		{"at lunch", def, "2023-11-07 12:00", "tính từ 13 giờ 30 phút, ngày 07/11/2023", "counted from 13:30 on 07/11/2023"},
		{"exactly at closing", def, "2023-11-07 17:00", "ngoài giờ", "outside"},
		{"Sunday", def, "2023-11-12 10:00", "Chủ nhật 12/11/2023 không phải ngày tiếp nhận hồ sơ. Thời hạn giải quyết được tính từ 7 giờ 00 phút, ngày 13/11/2023, thứ Hai.", "Sunday 12/11/2023 is not a reception day."},
		{"Saturday without reception", def, "2023-11-11 09:00", "Thứ Bảy 11/11/2023 không phải ngày tiếp nhận", "Saturday"},
		{"Saturday morning with reception", sat, "2023-11-11 09:00", "", ""},
		{"Saturday afternoon with reception", sat, "2023-11-11 14:00", "14:00 là ngoài giờ", "counted from 07:00 on 13/11/2023"},
		{"published Tết day 27/01/2025", def, "2025-01-27 09:00", "Thứ Hai 27/01/2025 không phải ngày tiếp nhận", "counted from 07:00 on 03/02/2025"},
		{"make-up Saturday 26/04/2025 is a working day", def, "2025-04-26 09:00", "", ""},
		{"a unit's own hours: 16:45 after its 16:30 closing", unit, "2023-11-07 16:45", "(07:30–11:30, 13:00–16:30)", "counted from 07:30 on 08/11/2023"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at := mustParseVN(t, tt.at)
			vi, okVI := tt.cal.ReceptionNotice(at, VI)
			en, okEN := tt.cal.ReceptionNotice(at, EN)
			if tt.vi == "" {
				if okVI || okEN || vi != "" || en != "" {
					t.Errorf("unexpected notice %q / %q", vi, en)
				}
				return
			}
			if !okVI || !okEN || !strings.Contains(vi, tt.vi) || !strings.Contains(en, tt.en) {
				t.Errorf("notice\n vi %q\n en %q\nwant %q / %q", vi, en, tt.vi, tt.en)
			}
		})
	}
}

func mustParseVN(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, VNZone)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestFormatAppointmentNeverAfterClosing(t *testing.T) {
	def := DefaultCalendar()
	sameDay := def.Appointment(vnAt(2023, 11, 7, 14, 0), ProcessingTime{SameDay, 8})
	if got := FormatAppointment(sameDay, VI); got != "Trước 17 giờ 00 phút, ngày 07/11/2023" {
		t.Errorf("same day = %q", got)
	}
	if got := FormatAppointment(sameDay, EN); got != "By 17:00 on 07/11/2023" {
		t.Errorf("same day (en) = %q", got)
	}
	if got := FormatAppointment(vnAt(2023, 11, 3, 9, 32), VI); got != "Sau 9 giờ 32 phút, ngày 03/11/2023" {
		t.Errorf("working days = %q", got)
	}
	if got := FormatAppointment(vnAt(2023, 11, 3, 9, 32), EN); got != "After 09:32 on 03/11/2023" {
		t.Errorf("working days (en) = %q", got)
	}
	unit := def.WithHours(OfficeHours{Morning: Session{450, 690}, Afternoon: Session{780, 990}})
	appt := unit.Appointment(vnAt(2023, 11, 7, 10, 0), ProcessingTime{SameDay, 8})
	if got := unit.FormatAppointment(appt, VI); got != "Trước 16 giờ 30 phút, ngày 07/11/2023" {
		t.Errorf("unit's closing = %q", got)
	}
	if FormatAppointment(time.Time{}, VI) != "" {
		t.Error("zero time prints something")
	}
}

func TestOfficeHoursParseAndValidate(t *testing.T) {
	for in, want := range map[string]Session{"07:00-11:30": {420, 690}, "7h-11h30": {420, 690}, " 13:30–17:00 ": {810, 1020}, "": {}, "-": {}} {
		if got, err := ParseSession(in); err != nil || got != want {
			t.Errorf("ParseSession(%q) = %+v, %v", in, got, err)
		}
	}
	for _, in := range []string{"11:30-07:00", "7-", "abc", "25:00-26:00", "07:00-07:00", "07:61-08:00"} {
		if _, err := ParseSession(in); ErrorCode(err) != EINVALID {
			t.Errorf("ParseSession(%q) accepted", in)
		}
	}
	if m, err := ParseClock("15h"); err != nil || m != 900 {
		t.Errorf("ParseClock(15h) = %d, %v", m, err)
	}
	good := OfficeHours{Morning: Session{420, 690}, Afternoon: Session{810, 1020}}
	if err := good.Validate(); err != nil {
		t.Error(err)
	}
	for name, h := range map[string]OfficeHours{
		"empty":    {},
		"overlap":  {Morning: Session{420, 720}, Afternoon: Session{700, 1020}},
		"backward": {Morning: Session{600, 500}},
		"cutoff":   {Morning: Session{420, 690}, SameDayCutoff: 2000},
	} {
		if ErrorCode(h.Validate()) != EINVALID {
			t.Errorf("%s: accepted", name)
		}
	}
	if err := (OfficeHours{Morning: Session{420, 690}}).Validate(); err != nil {
		t.Errorf("morning only: %v", err)
	}
	c := DefaultCalendar()
	c.Overrides = []CalendarDay{{Date: "2027-01-01", Kind: DayHoliday}}
	w := c.WithHours(OfficeHours{Morning: Session{450, 690}, SaturdayReception: true, SameDayCutoff: 600})
	if w.Morning.Start != 450 || w.Afternoon != (Session{}) || !w.SaturdayReception || w.SameDayCutoff != 600 || len(w.Overrides) != 1 {
		t.Errorf("WithHours = %+v", w)
	}
}
