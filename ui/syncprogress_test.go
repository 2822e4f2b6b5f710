package ui

import (
	"strings"
	"testing"

	"github.com/motcua/motcua"
)

// A long sync shows how far it got in the status bar, with the language's
// digit grouping: sending first, then receiving.
func TestStatusBarShowsSyncProgress(t *testing.T) {
	st, clock := newTestStore(t)
	m := newTestModel(t, st, clock, 120, 30, motcua.VI)
	for _, c := range []struct {
		s    motcua.SyncState
		want string
	}{
		{motcua.SyncState{Enrolled: true, Online: true, Syncing: true, Sent: 700, ToSend: 1400}, "Đang gửi 700/1.400"},
		{motcua.SyncState{Enrolled: true, Online: true, Syncing: true, Sent: 1400, ToSend: 1400, Pulled: 120}, "Đang nhận 120 hồ sơ"},
		{motcua.SyncState{Enrolled: true, Online: true, Syncing: true}, "Đang đồng bộ…"},
	} {
		got, _ := m.Update(SyncStateMsg(c.s))
		if bar := got.(Model).statusBar(); !strings.Contains(bar, c.want) {
			t.Errorf("%+v: status bar %q, want %q", c.s, bar, c.want)
		}
	}
	if got := textFor(motcua.EN).count(1234567); got != "1,234,567" {
		t.Errorf("en count %q", got)
	}
}
