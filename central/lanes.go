package central

import (
	"encoding/json"
	"sort"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	"github.com/motcua/motcua/internal/kv"
)

// Lanes on the server (docs/DESIGN.md §6). Each unit's daily numbers 0001–9999:
// 0001–0999 are the server's own, 1000–8999 are leased to terminals (1,500
// numbers to a counter, 300 to a hamlet laptop), 9000–9999 is the standalone
// lane and is never leased. A lease lasts 30 days and is renewed at every
// sync. A range is given to another terminal only when the holder's lease
// has been expired for LaneReuseMargin: the old holder cannot issue from an
// expired lease, its codes carry dates before the expiry, and the new
// holder's carry dates after it, so (unit, date, number) never repeats. The
// unique code index is the second line of defence.

func (c *Store) laneSize(role motcua.Role) int {
	if role == motcua.RoleHamlet {
		return c.HamletLane
	}
	return c.CounterLane
}

func laneKey(unit string, first int) []byte {
	return append(append([]byte(unit), boltkv.Sep), byte(first>>8), byte(first))
}

func currentLanes(t *terminal) []motcua.Lane {
	if len(t.Leases) == 0 {
		return nil
	}
	return []motcua.Lane{t.Leases[len(t.Leases)-1].Lane()}
}

func getHolder(tx kv.Tx, unit string, first int) (*laneHolder, error) {
	var h laneHolder
	if err := boltkv.GetJSON(tx.Bucket(bLanes), laneKey(unit, first), &h); err != nil {
		return nil, err
	}
	if h.Terminal == "" {
		return nil, nil
	}
	return &h, nil
}

// leaseLane makes sure t holds a lane valid for LeaseDays from now: it renews
// the current one (at most once an hour, to keep pure pulls read-only in
// practice) or leases a new range. It reports whether t changed.
func (c *Store) leaseLane(tx kv.Tx, t *terminal, now time.Time) (bool, error) {
	until := now.Add(motcua.LeaseDays * 24 * time.Hour)
	if n := len(t.Leases); n > 0 {
		cur := &t.Leases[n-1]
		h, err := getHolder(tx, t.Unit, cur.First)
		if err != nil {
			return false, err
		}
		if h != nil && h.Terminal == t.ID && h.Last == cur.Last {
			if cur.ExpiresAt.After(until.Add(-time.Hour)) {
				return false, nil
			}
			cur.ExpiresAt, h.ExpiresAt = until, until
			return true, boltkv.PutJSON(tx.Bucket(bLanes), laneKey(t.Unit, h.First), h)
		}
	}
	size := c.laneSize(t.Role)
	var active, dead []laneHolder
	prefix := append([]byte(t.Unit), boltkv.Sep)
	cur := tx.Bucket(bLanes).Cursor()
	for k, v := cur.Seek(prefix); k != nil && len(k) == len(prefix)+2 && string(k[:len(prefix)]) == string(prefix); k, v = cur.Next() {
		var h laneHolder
		if err := json.Unmarshal(v, &h); err != nil {
			return false, err
		}
		if h.Terminal != t.ID && now.Before(h.ExpiresAt.Add(LaneReuseMargin)) {
			active = append(active, h)
		} else {
			dead = append(dead, h)
		}
	}
	sort.Slice(active, func(i, j int) bool { return active[i].First < active[j].First })
	first := LeaseFirst
	for _, h := range active {
		if h.First > first+size-1 {
			break
		}
		if h.Last+1 > first {
			first = h.Last + 1
		}
	}
	if first+size-1 > LeaseLast {
		return false, motcua.Errorf(motcua.EINVALID, "lanes_full", "unit",
			"Đơn vị %s đã hết dải số để cấp cho máy mới (các dải %04d–%04d đang được dùng). Hãy thu hồi máy không còn dùng; dải của nó được cấp lại %d ngày sau lần đồng bộ cuối của máy đó.",
			"Unit %s has no lane left for a new terminal (%04d–%04d are in use). Revoke terminals no longer used; a lane is reused %d days after its terminal last synced.",
			t.Unit, LeaseFirst, LeaseLast, motcua.LeaseDays+int(LaneReuseMargin/(24*time.Hour)))
	}
	last := first + size - 1
	for _, h := range dead {
		if h.First <= last && h.Last >= first {
			if err := tx.Bucket(bLanes).Delete(laneKey(t.Unit, h.First)); err != nil {
				return false, err
			}
		}
	}
	h := laneHolder{Terminal: t.ID, First: first, Last: last, ExpiresAt: until}
	if err := boltkv.PutJSON(tx.Bucket(bLanes), laneKey(t.Unit, first), h); err != nil {
		return false, err
	}
	t.Leases = append(t.Leases, motcua.LaneLease{First: first, Last: last, Since: now, ExpiresAt: until})
	return true, nil
}

// codeAllowed reports whether t (or an identity it replaced) could issue
// code: the number lies in a lane it held on the code's date (a day's slack
// either side for clock skew), or in the standalone lane among the codes it
// declared when it enrolled (motcua.StandaloneManifest; a terminal of an
// older version, which declared none, on a date before it enrolled).
func codeAllowed(tx kv.Tx, t *terminal, code motcua.Code) (bool, error) {
	day := code.Day()
	allowed := func(x *terminal) bool {
		if code.Number >= motcua.StandaloneFirst && code.Number <= motcua.StandaloneLast {
			if x.Standalone != nil {
				return x.Standalone.Covers(code)
			}
			return !day.After(vnMidnight(x.EnrolledAt).AddDate(0, 0, 1))
		}
		for _, l := range x.Leases {
			if code.Number >= l.First && code.Number <= l.Last &&
				!day.Before(vnMidnight(l.Since).AddDate(0, 0, -1)) && !day.After(vnMidnight(l.ExpiresAt).AddDate(0, 0, 1)) {
				return true
			}
		}
		return false
	}
	if allowed(t) {
		return true, nil
	}
	for _, id := range t.Predecessors {
		p, err := getTerminal(tx, id)
		if err != nil {
			return false, err
		}
		if p != nil && allowed(p) {
			return true, nil
		}
	}
	return false, nil
}

func vnMidnight(t time.Time) time.Time {
	v := t.In(motcua.VNZone)
	return time.Date(v.Year(), v.Month(), v.Day(), 0, 0, 0, 0, motcua.VNZone)
}
