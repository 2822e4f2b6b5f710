package motcua

import "time"

// DueOf judges a dossier as DueState judges its appointment, except while
// the clock stops (ClockRuns is false: waiting on the citizen, or no longer
// with the office): then it is DueOK, never overdue.
func DueOf(d Dossier, now time.Time, cal Calendar) Due {
	if !d.Status.ClockRuns() {
		return DueOK
	}
	return DueState(d.Appointment, now, cal)
}

// ResumeAppointment is the appointment of dossier d when the citizen
// completes what the office waited for, at now, and d goes back to
// processing (5→4 or 6→4); zero when d is not waiting.
//
//   - After a supplement (5), by the procedure's policy: restart counts the
//     whole processing time again from the complete dossier; extend by
//     pause moves the appointment by the working days the dossier waited.
//   - After a payment request (6), the appointment moves by the working days
//     waited: the time the citizen takes to pay is not the office's.
func ResumeAppointment(d Dossier, p Procedure, cal Calendar, now time.Time) time.Time {
	switch d.Status {
	case StatusSupplement:
		if p.Supplement != SupplementExtendByPause {
			return cal.Appointment(now, p.Time)
		}
	case StatusPayment:
	default:
		return time.Time{}
	}
	var paused time.Time
	for _, ev := range d.History {
		if ev.To == d.Status && !ev.Conflict {
			paused = ev.At
		}
	}
	if paused.IsZero() || d.Appointment.IsZero() {
		return time.Time{}
	}
	return cal.AddWorkingDays(d.Appointment, max(0, cal.WorkingDaysBetween(paused, now)))
}
