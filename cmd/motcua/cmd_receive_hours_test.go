package main

import (
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua"
)

// A reception outside the unit's reception days or hours needs
// --outside-hours, as the reception form asks for a confirmation; the
// refusal says why and from when the time is counted, in vi and en.
func TestReceiveOutsideHoursNeedsConfirmation(t *testing.T) {
	c := newCLI(t)
	c.mustRun("init", "--unit", "000.00.06.H56", "--unit-name", "UBND xã Tân Thành", "--officer", "Trần Văn Bình")
	receiveNow = func() time.Time { return time.Date(2023, 11, 12, 10, 0, 0, 0, motcua.VNZone) } // a Sunday
	code, out, errs := c.run("receive", "--procedure", "1.001193", "--name", "Nguyễn Thị Ánh")
	if code != exitInput || out != "" || !strings.Contains(errs, "Chủ nhật 12/11/2023 không phải ngày tiếp nhận hồ sơ") ||
		!strings.Contains(errs, "--outside-hours") || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
		t.Fatalf("Sunday: exit %d, out %q, err %q", code, out, errs)
	}
	if found := c.mustRun("find", "nguyen thi anh", "--json"); strings.Contains(found, "Nguyễn") {
		t.Fatalf("a refused reception was stored: %s", found)
	}
	receiveNow = func() time.Time { return time.Date(2023, 11, 7, 18, 0, 0, 0, motcua.VNZone) } // Tuesday after closing
	code, _, errs = c.run("--lang", "en", "receive", "--procedure", "1.001193", "--name", "Nguyễn Thị Ánh")
	if code != exitInput || !strings.Contains(errs, "18:00 is outside reception hours") || !strings.Contains(errs, "counted from 07:00 on 08/11/2023") {
		t.Fatalf("after closing: exit %d, err %q", code, errs)
	}
	code, out, errs = c.run("receive", "--procedure", "1.001193", "--name", "Nguyễn Thị Ánh", "--outside-hours")
	if code != 0 || !strings.HasPrefix(out, "000.00.06.H56-231107-") || !strings.Contains(errs, "Lưu ý: 18:00 là ngoài giờ tiếp nhận") {
		t.Fatalf("confirmed: exit %d, out %q, err %q", code, out, errs)
	}
	receiveNow = func() time.Time { return time.Date(2023, 11, 8, 9, 0, 0, 0, motcua.VNZone) }
	if _, out, errs = c.run("receive", "--procedure", "1.001193", "--name", "Lê Văn Cường"); errs != "" || out == "" {
		t.Fatalf("in hours: out %q, err %q", out, errs)
	}
}
