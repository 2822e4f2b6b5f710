package motcua_test

import (
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/paper"
)

// ResultsOf counts as the period's report does: the same dossiers give the
// same received, early, on time, late, returned, rated and satisfaction in
// both, and dossiers received outside the period are left out.
func TestResultsOfAgreesWithTheReport(t *testing.T) {
	at := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, motcua.VNZone) }
	rated := func(s motcua.Satisfaction) *motcua.Rating { return &motcua.Rating{Overall: s, Convenience: s} }
	ds := []motcua.Dossier{
		{Code: "a", Status: motcua.StatusReturned, ReceivedAt: at(2, 9), Appointment: at(10, 17), CompletedAt: at(5, 10), Rating: rated(motcua.VerySatisfied)},
		{Code: "b", Status: motcua.StatusReturned, ReceivedAt: at(3, 9), Appointment: at(10, 17), CompletedAt: at(10, 16), Rating: rated(motcua.Dissatisfied)},
		{Code: "c", Status: motcua.StatusDone, ReceivedAt: at(4, 9), Appointment: at(10, 17), CompletedAt: at(12, 8)},
		{Code: "d", Status: motcua.StatusReturned, ReceivedAt: at(5, 9), Appointment: at(10, 17), CompletedAt: at(11, 8)},
		{Code: "e", Status: motcua.StatusProcessing, ReceivedAt: at(6, 9), Appointment: at(20, 17)},
		{Code: "f", Status: motcua.StatusRefused, ReceivedAt: at(7, 9)},
		{Code: "g", Status: motcua.StatusReturned, ReceivedAt: time.Date(2026, 10, 31, 23, 0, 0, 0, motcua.VNZone), CompletedAt: at(2, 9), Appointment: at(2, 17)},
		// 30 Nov 20:00 UTC is 1 Dec in Vietnam: outside November.
		{Code: "h", Status: motcua.StatusReceived, ReceivedAt: time.Date(2026, 11, 30, 20, 0, 0, 0, time.UTC), Appointment: at(30, 17)},
	}
	from, to := at(1, 0), at(30, 0)
	got := motcua.ResultsOf(ds, from, to)
	now := at(30, 12)
	tally := paper.NewUnitTally("u", "", paper.Period{From: from, To: to}, motcua.DefaultCalendar(), now)
	for _, d := range ds {
		tally.Add(d)
	}
	want := tally.Report().Counts
	if got.Received != want.Received || got.ResolvedEarly != want.ResolvedEarly || got.ResolvedOnTime != want.ResolvedOnTime ||
		got.ResolvedLate != want.ResolvedLate || got.Returned != want.Returned || got.Rated != want.Rated {
		t.Fatalf("results %+v, report %+v", got, want)
	}
	for _, s := range []motcua.Satisfaction{motcua.VerySatisfied, motcua.Satisfied, motcua.Dissatisfied} {
		if got.Satisfaction[s] != want.Satisfaction[s] {
			t.Fatalf("%s: results %d, report %d", s, got.Satisfaction[s], want.Satisfaction[s])
		}
	}
	if got.Received != 6 || got.InTime() != 2 || got.ResolvedLate != 2 || got.Returned != 3 || got.Rated != 2 {
		t.Fatalf("results %+v", got)
	}
	if got.RatedShare() != 2.0/3 || got.SatisfiedShare() != 0.5 {
		t.Fatalf("shares %v %v", got.RatedShare(), got.SatisfiedShare())
	}
	if e := motcua.ResultsOf(nil, from, to); e.RatedShare() != 0 || e.SatisfiedShare() != 0 || e.Received != 0 {
		t.Fatalf("empty %+v", e)
	}
}
