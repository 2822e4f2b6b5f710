package central

import (
	"time"

	"github.com/motcua/motcua/internal/kv"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
)

// checkOp runs motcua.CheckOpOnServer with what this store knows: the
// catalog in force (the seed until one is imported, as on a terminal), the
// calendar and the terminal's enrolment. A failed check is a rejected op,
// with its reason, like any other.
func checkOp(tx kv.Tx, t *terminal, op motcua.Op, now time.Time) (motcua.Result, bool, error) {
	if op.Kind != motcua.OpReceive {
		return motcua.Result{}, true, nil
	}
	procs, err := readCatalog(tx)
	if err != nil {
		return motcua.Result{}, false, err
	}
	if len(procs) == 0 {
		procs = motcua.SeedCatalog()
	}
	cat, err := motcua.NewCatalog(procs)
	if err != nil {
		return motcua.Result{}, false, err
	}
	var cal motcua.Calendar
	if err := boltkv.GetJSON(tx.Bucket(bCalendar), kCalendar, &cal); err != nil {
		return motcua.Result{}, false, err
	}
	err = motcua.CheckOpOnServer(op, motcua.ServerView{Now: now, EnrolledAt: t.EnrolledAt, Catalog: cat, Calendar: cal})
	if err == nil {
		return motcua.Result{}, true, nil
	}
	e := err.(*motcua.Error)
	return motcua.Result{Seq: op.Seq, OpID: op.ID, DossierID: op.DossierID, Status: motcua.Rejected, Reason: e.Reason,
		MessageVI: e.VI, MessageEN: e.EN}, false, nil
}
