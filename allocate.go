package motcua

import (
	"fmt"
	"time"
)

// ClockBackwardsSlack is how far the clock may go back before a reception is
// held for the officer to confirm (a laptop's clock drifts; a dead CMOS
// battery jumps years).
const ClockBackwardsSlack = 10 * time.Minute

// LaneWarnShare is the share of a lane used after which the officer is warned.
const LaneWarnShare = 0.8

// CodeRequest is what a terminal knows when a reception asks for a
// tracking code. The rules (the clock, the lane's lease, its numbers) are
// pure: the store reads these from its file and writes the result back in
// the same transaction.
type CodeRequest struct {
	Unit string
	Now  time.Time // the terminal's clock
	// LastIssued is when this terminal last issued a code (zero: never);
	// ServerSeen is the server's clock at the last sync (zero: never).
	LastIssued, ServerSeen time.Time
	// AcceptClock: the officer was shown the clock gone backwards and
	// confirmed it is right.
	AcceptClock bool
	Lane        Lane
	// LastNumber is the last number issued today in this lane (0: none).
	LastNumber int
}

// CodeGrant is the code a reception gets, the number to record as the
// lane's last for today, and what the officer should hear.
type CodeGrant struct {
	Code     Code
	Number   int
	Warnings []Warning
}

// Day is the key of the lane's counter: the reception's date in Vietnam.
func (r CodeRequest) Day() string { return r.Now.In(VNZone).Format("060102") }

// Allocate takes the lane's next number for today. Numbers are never
// reused: after a crash the counter is at least what was committed, and
// taken (the terminal's code index) skips a code it already holds, so no
// code is issued twice.
func (r CodeRequest) Allocate(taken func(Code) bool) (CodeGrant, error) {
	if err := r.checkClock(); err != nil {
		return CodeGrant{}, err
	}
	l := r.Lane
	if l.Expired(r.Now) {
		return CodeGrant{}, Errorf(EINVALID, "lane_expired", "lane",
			"Dải số cấp mã đã hết hạn từ %s vì lâu chưa đồng bộ. Hãy đồng bộ với máy chủ, hoặc ghi sổ giấy trong lúc chờ.",
			"The code lane expired on %s because the terminal has not synced. Sync with the server, or use the paper logbook meanwhile.",
			l.ExpiresAt.In(VNZone).Format("02/01/2006"))
	}
	// One counter per day and lane: a terminal that moves from the
	// standalone lane to a leased one starts the new lane at its first
	// number.
	n := max(r.LastNumber, l.First-1)
	for {
		n++
		if n > l.Last {
			return CodeGrant{}, Errorf(EINVALID, "lane_exhausted", "lane",
				"Đã dùng hết %d số của dải %04d–%04d hôm nay. Hãy đồng bộ để nhận dải mới, hoặc ghi sổ giấy.",
				"All %d numbers of lane %04d–%04d are used today. Sync to get a new lane, or use the paper logbook.",
				l.Size(), l.First, l.Last)
		}
		code, err := NewCode(r.Unit, r.Now, n)
		if err != nil {
			return CodeGrant{}, err
		}
		if !taken(code) {
			g := CodeGrant{Code: code, Number: n}
			if used := n - l.First + 1; float64(used) >= LaneWarnShare*float64(l.Size()) {
				g.Warnings = append(g.Warnings, Warning{Reason: "lane_low", Field: "lane",
					VI: fmt.Sprintf("Đã dùng %d/%d số của dải hôm nay; hãy đồng bộ sớm.", used, l.Size()),
					EN: fmt.Sprintf("%d of %d numbers of today's lane are used; sync soon.", used, l.Size())})
			}
			return g, nil
		}
	}
}

// checkClock holds a reception whose clock went back past the last code
// (the officer may confirm), and refuses one dated before the server's
// clock seen at the last sync: the server would refuse that code (outside
// the lane's lease), so confirming does not help; sync (which measures the
// clock again) or fix the clock.
func (r CodeRequest) checkClock() error {
	if !r.LastIssued.IsZero() && r.Now.Before(r.LastIssued.Add(-ClockBackwardsSlack)) && !r.AcceptClock {
		return Errorf(EINVALID, "clock_backwards", "clock",
			"Đồng hồ máy (%s) đang lùi so với lần cấp mã trước (%s). Hãy kiểm tra ngày giờ trước khi cấp mã.",
			"The clock (%s) is behind the last code issued (%s). Check the date and time before issuing a code.",
			r.Now.In(VNZone).Format("02/01/2006 15:04"), r.LastIssued.In(VNZone).Format("02/01/2006 15:04"))
	}
	if !r.ServerSeen.IsZero() && r.Now.Before(r.ServerSeen.Add(-ClockBackwardsSlack)) {
		return Errorf(EINVALID, "clock_before_sync", "clock",
			"Đồng hồ máy (%s) đang sớm hơn lần đồng bộ gần nhất với máy chủ (%s): mã sẽ mang ngày sai và máy chủ sẽ không nhận. Hãy chỉnh đồng hồ hoặc đồng bộ trước khi cấp mã; trong lúc chờ, ghi sổ giấy.",
			"The clock (%s) is earlier than the last sync with the server (%s): the code would carry a wrong date and the server would refuse it. Fix the clock or sync before issuing a code; meanwhile use the paper logbook.",
			r.Now.In(VNZone).Format("02/01/2006 15:04"), r.ServerSeen.In(VNZone).Format("02/01/2006 15:04"))
	}
	return nil
}
