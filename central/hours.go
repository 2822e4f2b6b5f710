package central

import (
	"github.com/motcua/motcua/internal/kv"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
)

// SetUnitHours stores a unit's own office hours and Saturday reception; the
// unit's terminals get them with their next pull, inside the calendar.
func (c *Store) SetUnitHours(code string, h motcua.OfficeHours) (motcua.Unit, error) {
	if err := h.Validate(); err != nil {
		return motcua.Unit{}, err
	}
	var u motcua.Unit
	err := c.db.Update(func(tx kv.Tx) error {
		old, err := getUnit(tx, code)
		if err != nil {
			return err
		}
		if old == nil {
			return errUnitUnknown(code)
		}
		u = *old
		u.Hours = &h
		if err := boltkv.PutJSON(tx.Bucket(bUnits), []byte(code), u); err != nil {
			return err
		}
		return logChange(tx, code, kindCalendar, "calendar")
	})
	return u, err
}

// withUnitHours puts the unit's own office hours, when it has some, into
// the calendar of a page: the shared days off, that unit's hours.
func withUnitHours(tx kv.Tx, unit string, page *motcua.RawPullPage) error {
	if page.Calendar == nil {
		return nil
	}
	u, err := getUnit(tx, unit)
	if err != nil || u == nil || u.Hours == nil {
		return err
	}
	cal := page.Calendar.WithHours(*u.Hours)
	page.Calendar = &cal
	return nil
}
