package motcua

import (
	"strings"
	"testing"
	"time"
)

func TestClockStopsWhileWaiting(t *testing.T) {
	cal := DefaultCalendar()
	now := vnAt(2023, 11, 20, 10, 0)
	late := vnAt(2023, 11, 10, 9, 0) // appointment long past
	for _, tt := range []struct {
		status Status
		runs   bool
		due    Due
	}{
		{StatusReceived, true, DueOverdue},
		{StatusProcessing, true, DueOverdue},
		{StatusSupplement, false, DueOK},
		{StatusPayment, false, DueOK},
		{StatusDone, false, DueOK},
		{StatusReturned, false, DueOK},
	} {
		if got := tt.status.ClockRuns(); got != tt.runs {
			t.Errorf("%v.ClockRuns() = %v", tt.status, got)
		}
		if got := DueOf(Dossier{Status: tt.status, Appointment: late}, now, cal); got != tt.due {
			t.Errorf("DueOf(%v) = %s, want %s", tt.status, got, tt.due)
		}
	}
}

func TestResumeAppointment(t *testing.T) {
	cal := DefaultCalendar()
	restart := Procedure{Code: "1.004873", Time: ProcessingTime{WorkingDays, 24}, Supplement: SupplementRestart}
	byPause := restart
	byPause.Supplement = SupplementExtendByPause
	waiting := func(st Status, since time.Time) Dossier {
		return Dossier{Status: st, Appointment: vnAt(2023, 11, 1, 9, 32), History: []Event{
			{At: vnAt(2023, 10, 27, 9, 32), To: StatusReceived},
			{At: vnAt(2023, 10, 30, 8, 0), To: StatusProcessing},
			{At: since.Add(-time.Hour), To: st, Conflict: true}, // a lost attempt does not start the pause
			{At: since, To: st},
		}}
	}
	back := vnAt(2023, 11, 8, 10, 0) // Wed: the citizen completes
	tests := []struct {
		name string
		d    Dossier
		p    Procedure
		want time.Time
	}{
		{"supplement, restart: the whole time again from the complete dossier", waiting(StatusSupplement, vnAt(2023, 10, 31, 14, 0)), restart, vnAt(2023, 11, 13, 10, 0)},
		{"supplement, by pause: + working days waited (Tue 31/10 → Wed 8/11 = 6)", waiting(StatusSupplement, vnAt(2023, 10, 31, 14, 0)), byPause, vnAt(2023, 11, 9, 9, 32)},
		{"payment: + working days waited, whatever the policy", waiting(StatusPayment, vnAt(2023, 10, 31, 14, 0)), restart, vnAt(2023, 11, 9, 9, 32)},
		{"payment settled the same day: unchanged", waiting(StatusPayment, vnAt(2023, 11, 8, 8, 0)), restart, vnAt(2023, 11, 1, 9, 32)},
		{"not waiting: zero", Dossier{Status: StatusProcessing, Appointment: vnAt(2023, 11, 1, 9, 32)}, restart, time.Time{}},
		{"waiting with no history: zero", Dossier{Status: StatusPayment, Appointment: vnAt(2023, 11, 1, 9, 32)}, restart, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ResumeAppointment(tt.d, tt.p, cal, back); !got.Equal(tt.want) {
				t.Errorf("ResumeAppointment = %s, want %s", got, tt.want)
			}
		})
	}
}

// 6→4 and 5→4 carry the recomputed appointment into the dossier and its
// history; other transitions ignore an appointment.
func TestApplyResumeWritesHistory(t *testing.T) {
	d := received(t)
	step := func(from, to Status, appt time.Time) Result {
		t.Helper()
		var res Result
		d, res = Apply(&d, mustOp(t, OpTransition, d.ID, TransitionArgs{From: from, To: to, Reason: "thiếu", Documents: []string{"Tờ khai"}, Appointment: appt}))
		if res.Status != Applied {
			t.Fatalf("%d→%d: %+v", from, to, res)
		}
		return res
	}
	old := d.Appointment
	step(StatusReceived, StatusProcessing, old.Add(24*time.Hour)) // ignored: not back from waiting
	if !d.Appointment.Equal(old) {
		t.Fatal("2→4 moved the appointment")
	}
	step(StatusProcessing, StatusPayment, time.Time{})
	newAppt := old.Add(72 * time.Hour)
	step(StatusPayment, StatusProcessing, newAppt)
	if !d.Appointment.Equal(newAppt) {
		t.Fatalf("6→4 appointment %s, want %s", d.Appointment, newAppt)
	}
	last := d.History[len(d.History)-1].Text
	if !strings.Contains(last, "Hẹn trả tính lại: "+FormatDateTime(old)+" → "+FormatDateTime(newAppt)) {
		t.Errorf("history does not show the new appointment: %q", last)
	}
	step(StatusProcessing, StatusSupplement, time.Time{})
	step(StatusSupplement, StatusProcessing, newAppt.Add(24*time.Hour))
	if !d.Appointment.Equal(newAppt.Add(24 * time.Hour)) {
		t.Error("5→4 appointment not applied")
	}
}
