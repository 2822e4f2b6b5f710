package central

import (
	"sync"
	"time"

	"github.com/motcua/motcua/internal/kv"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
)

// checkOp runs motcua.CheckOpOnServer with what this store knows: the
// catalog in force (the seed until one is imported, as on a terminal), the
// calendar with the unit's own office hours, and the terminal's enrolment. A failed check is a rejected op,
// with its reason, like any other.
func (c *Store) checkOp(tx kv.Tx, t *terminal, op motcua.Op, now time.Time) (motcua.Result, bool, error) {
	if op.Kind != motcua.OpReceive {
		return motcua.Result{}, true, nil
	}
	cat, cal, err := c.rules.get(tx)
	if err != nil {
		return motcua.Result{}, false, err
	}
	cals, err := unitCalendars(tx, t.Unit, cal)
	if err != nil {
		return motcua.Result{}, false, err
	}
	err = motcua.CheckOpOnServer(op, motcua.ServerView{Now: now, EnrolledAt: t.EnrolledAt, Catalog: cat, Calendars: cals})
	if err == nil {
		return motcua.Result{}, true, nil
	}
	e := err.(*motcua.Error)
	return motcua.Result{Seq: op.Seq, OpID: op.ID, DossierID: op.DossierID, Status: motcua.Rejected, Reason: e.Reason,
		MessageVI: e.VI, MessageEN: e.EN}, false, nil
}

// rulesCache keeps the catalog and calendar a reception is checked
// against, decoded: reading and indexing the whole catalog for every
// reception was a quarter of the server's CPU under load. It is keyed by
// the sequences of their buckets, which SetCatalog and SetCalendar advance
// in the transaction that writes them, so a transaction that sees another
// catalog (written by this process or by another one on the same
// database) sees another key and decodes it afresh.
type rulesCache struct {
	mu             sync.Mutex
	ok             bool
	catSeq, calSeq uint64
	cat            *motcua.Catalog
	cal            motcua.Calendar
}

func (rc *rulesCache) get(tx kv.Tx) (*motcua.Catalog, motcua.Calendar, error) {
	catSeq, calSeq := tx.Bucket(bCatalog).Sequence(), tx.Bucket(bCalendar).Sequence()
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.ok && rc.catSeq == catSeq && rc.calSeq == calSeq {
		return rc.cat, rc.cal, nil
	}
	procs, err := readCatalog(tx)
	if err != nil {
		return nil, motcua.Calendar{}, err
	}
	if len(procs) == 0 {
		procs = motcua.SeedCatalog()
	}
	cat, err := motcua.NewCatalog(procs)
	if err != nil {
		return nil, motcua.Calendar{}, err
	}
	var cal motcua.Calendar
	if err := boltkv.GetJSON(tx.Bucket(bCalendar), kCalendar, &cal); err != nil {
		return nil, motcua.Calendar{}, err
	}
	rc.ok, rc.catSeq, rc.calSeq, rc.cat, rc.cal = true, catSeq, calSeq, cat, cal
	return cat, cal, nil
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
