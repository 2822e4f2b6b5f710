package central

import (
	"time"

	"github.com/motcua/motcua/internal/kv"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
)

// checkOp runs motcua.CheckOpOnServer with what this store knows: the
// catalog in force (the seed until one is imported, as on a terminal), the
// calendar with the unit's own office hours, and the terminal's enrolment. A failed check is a rejected op,
// with its reason, like any other.
func checkOp(dc *dossierCache, t *terminal, op motcua.Op, now time.Time) (motcua.Result, bool, error) {
	if op.Kind != motcua.OpReceive {
		return motcua.Result{}, true, nil
	}
	view, err := dc.serverView(t)
	if err != nil {
		return motcua.Result{}, false, err
	}
	view.Now = now
	err = motcua.CheckOpOnServer(op, view)
	if err == nil {
		return motcua.Result{}, true, nil
	}
	e := err.(*motcua.Error)
	return motcua.Result{Seq: op.Seq, OpID: op.ID, DossierID: op.DossierID, Status: motcua.Rejected, Reason: e.Reason,
		MessageVI: e.VI, MessageEN: e.EN}, false, nil
}

// serverView is what checkOp checks against, read once per sync round (a
// round's ops change neither the catalog nor the calendars; on PostgreSQL
// reading the catalog is a walk of its table, once per op otherwise).
func (dc *dossierCache) serverView(t *terminal) (motcua.ServerView, error) {
	if dc.view != nil {
		return *dc.view, nil
	}
	tx := dc.tx
	procs, err := readCatalog(tx)
	if err != nil {
		return motcua.ServerView{}, err
	}
	if len(procs) == 0 {
		procs = motcua.SeedCatalog()
	}
	cat, err := motcua.NewCatalog(procs)
	if err != nil {
		return motcua.ServerView{}, err
	}
	var cal motcua.Calendar
	if err := boltkv.GetJSON(tx.Bucket(bCalendar), kCalendar, &cal); err != nil {
		return motcua.ServerView{}, err
	}
	cals, err := unitCalendars(tx, t.Unit, cal)
	if err != nil {
		return motcua.ServerView{}, err
	}
	dc.view = &motcua.ServerView{EnrolledAt: t.EnrolledAt, Catalog: cat, Calendars: cals}
	return *dc.view, nil
}

// unitCalendars are the calendars a terminal of unit may have counted its
// appointments with: the shared calendar with the unit's own hours, as its
// pulls give it, and the shared one alone when the unit has its own hours
// (a terminal that has not pulled them since they were set).
func unitCalendars(tx kv.Tx, unit string, shared motcua.Calendar) ([]motcua.Calendar, error) {
	u, err := getUnit(tx, unit)
	if err != nil || u == nil || u.Hours == nil {
		return []motcua.Calendar{shared}, err
	}
	return []motcua.Calendar{shared.WithHours(*u.Hours), shared}, nil
}
