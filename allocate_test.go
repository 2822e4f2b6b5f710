package motcua

import (
	"testing"
	"time"
)

func TestAllocateCode(t *testing.T) {
	now := time.Date(2023, 10, 27, 9, 30, 0, 0, VNZone)
	lane := Lane{First: 1000, Last: 1009, ExpiresAt: now.Add(24 * time.Hour)}
	none := func(Code) bool { return false }
	for _, c := range []struct {
		name   string
		req    CodeRequest
		taken  func(Code) bool
		number int
		reason string // the refusal, or a warning
	}{
		{"a fresh lane starts at its first number", CodeRequest{Lane: lane}, none, 1000, ""},
		{"the counter goes on", CodeRequest{Lane: lane, LastNumber: 1003}, none, 1004, ""},
		{"a counter from another lane is ignored", CodeRequest{Lane: lane, LastNumber: 12}, none, 1000, ""},
		{"a code already held is skipped", CodeRequest{Lane: lane, LastNumber: 1003},
			func(c Code) bool { return c.Number == 1004 || c.Number == 1005 }, 1006, ""},
		{"80 % used warns", CodeRequest{Lane: lane, LastNumber: 1006}, none, 1007, "lane_low"},
		{"the lane's last number", CodeRequest{Lane: lane, LastNumber: 1008}, none, 1009, "lane_low"},
		{"a full lane refuses", CodeRequest{Lane: lane, LastNumber: 1009}, none, 0, "lane_exhausted"},
		{"taken to the end refuses", CodeRequest{Lane: lane, LastNumber: 1008}, func(Code) bool { return true }, 0, "lane_exhausted"},
		{"an expired lease refuses", CodeRequest{Lane: Lane{First: 1000, Last: 1009, ExpiresAt: now}}, none, 0, "lane_expired"},
		{"the standalone lane never expires", CodeRequest{Lane: StandaloneLane()}, none, 9000, ""},
		{"a clock a little behind is fine", CodeRequest{Lane: lane, LastIssued: now.Add(9 * time.Minute)}, none, 1000, ""},
		{"a clock gone back is held", CodeRequest{Lane: lane, LastIssued: now.Add(11 * time.Minute)}, none, 0, "clock_backwards"},
		{"the officer confirms it", CodeRequest{Lane: lane, LastIssued: now.Add(time.Hour), AcceptClock: true}, none, 1000, ""},
		{"a clock before the last sync is refused", CodeRequest{Lane: lane, ServerSeen: now.Add(time.Hour), AcceptClock: true}, none, 0, "clock_before_sync"},
		{"within the slack of the sync", CodeRequest{Lane: lane, ServerSeen: now.Add(5 * time.Minute)}, none, 1000, ""},
	} {
		c.req.Unit, c.req.Now = "000.00.06.H56", now
		g, err := c.req.Allocate(c.taken)
		switch {
		case c.number == 0:
			if ErrorReason(err) != c.reason {
				t.Errorf("%s: %v, want %s", c.name, err, c.reason)
			}
		case err != nil:
			t.Errorf("%s: %v", c.name, err)
		case g.Number != c.number || g.Code.Number != c.number || g.Code.String() != "000.00.06.H56-231027-"+itoa4(c.number):
			t.Errorf("%s: number %d code %s, want %d", c.name, g.Number, g.Code, c.number)
		case (c.reason == "") != (len(g.Warnings) == 0) || (c.reason != "" && g.Warnings[0].Reason != c.reason):
			t.Errorf("%s: warnings %+v, want %q", c.name, g.Warnings, c.reason)
		}
	}
}

func itoa4(n int) string {
	return string([]byte{byte('0' + n/1000), byte('0' + n/100%10), byte('0' + n/10%10), byte('0' + n%10)})
}
