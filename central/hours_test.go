package central

import (
	"testing"
	"time"

	"github.com/motcua/motcua"
)

// A unit's own hours travel to its terminals inside the calendar, beside
// the shared days off, and the appointment is counted in them.
func TestUnitHoursTravelDown(t *testing.T) {
	c, _ := mustCentral(t)
	if _, err := c.AddUnit("000.00.07.H57", "UBND xã Tân Lộc", ""); err != nil {
		t.Fatal(err)
	}
	s, clock := withTerminal(t, c, motcua.RoleCounter)
	pump(t, s, c, 10)
	cal := motcua.DefaultCalendar()
	cal.Overrides = []motcua.CalendarDay{{Date: "2023-10-30", Kind: motcua.DayHoliday, Name: "Nghỉ bù"}}
	if err := c.SetCalendar(cal); err != nil {
		t.Fatal(err)
	}
	h := motcua.OfficeHours{Morning: motcua.Session{Start: 7*60 + 30, End: 11*60 + 30}, Afternoon: motcua.Session{Start: 13 * 60, End: 16*60 + 30}, SaturdayReception: true, SameDayCutoff: 14 * 60}
	u, err := c.SetUnitHours(testUnit, h)
	if err != nil || u.Hours == nil || *u.Hours != h {
		t.Fatalf("SetUnitHours = %+v, %v", u, err)
	}
	pump(t, s, c, 10)
	got := s.Calendar()
	if got.Morning != h.Morning || got.Afternoon != h.Afternoon || !got.SaturdayReception || got.SameDayCutoff != 14*60 || len(got.Overrides) != 1 {
		t.Fatalf("terminal calendar %+v", got)
	}
	// Same-day, received Fri 27/10/2023 at 14:30, after this unit's 14:00
	// cutoff: Tuesday 31/10 (30/10 is a day off), at this unit's closing.
	clock.t = time.Date(2023, 10, 27, 14, 30, 0, 0, motcua.VNZone)
	d, err := s.Receive(motcua.ReceiveInput{ProcedureCode: "1.001193", Applicant: motcua.Person{Name: "Lê Thị Hoa"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2023, 10, 31, 16, 30, 0, 0, motcua.VNZone); !d.Dossier.Appointment.Equal(want) {
		t.Errorf("appointment %s, want 31/10 16:30", d.Dossier.Appointment.In(motcua.VNZone))
	}
	// Re-adding the unit (a rename) keeps its hours; a calendar import keeps them too.
	if u, err := c.AddUnit(testUnit, "UBND xã Tân Thành mới", ""); err != nil || u.Hours == nil {
		t.Fatalf("rename lost the hours: %+v %v", u, err)
	}
	if err := c.SetCalendar(motcua.DefaultCalendar()); err != nil {
		t.Fatal(err)
	}
	pump(t, s, c, 10)
	if got := s.Calendar(); got.Afternoon != h.Afternoon || len(got.Overrides) != 0 {
		t.Fatalf("after a calendar import: %+v", got)
	}
	if _, err := c.SetUnitHours("000.00.99.H99", h); motcua.ErrorCode(err) == "" {
		t.Error("hours for an unknown unit accepted")
	}
	if _, err := c.SetUnitHours(testUnit, motcua.OfficeHours{Morning: motcua.Session{Start: 600, End: 500}}); motcua.ErrorCode(err) != motcua.EINVALID {
		t.Errorf("bad hours: %v", err)
	}
}
