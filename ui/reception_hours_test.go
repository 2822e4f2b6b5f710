package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua"
)

// A reception on a day the unit does not receive (here Sunday 26/01/2025,
// in the published Tết break) asks first and says from when the time is
// counted; saving again receives it.
func TestReceptionOutsideHoursAsksFirst(t *testing.T) {
	m, clock := openReceive(t)
	clock.t = time.Date(2025, 1, 26, 10, 0, 0, 0, motcua.VNZone)
	m = press(t, m, "khai sinh", keyEnter, "Lê Văn Cường", keyCtrlS)
	r := receiveOf(t, m)
	if !strings.Contains(r.problem, "không phải ngày tiếp nhận") || !strings.Contains(r.problem, "03/02/2025") || !strings.Contains(r.problem, "Lưu lần nữa") {
		t.Fatalf("no confirmation asked: %q", r.problem)
	}
	mustContain(t, m, "không phải ngày tiếp nhận")
	m = press(t, m, keyCtrlS)
	rc, ok := active(m).(receiptScreen)
	if !ok {
		t.Fatalf("after confirming: %T", active(m))
	}
	if want := time.Date(2025, 2, 3, 17, 0, 0, 0, motcua.VNZone); !rc.d.Appointment.Equal(want) {
		t.Errorf("appointment %s, want 03/02/2025 17:00", rc.d.Appointment.In(motcua.VNZone))
	}
}
