package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/motcua/motcua"
)

// The keys an officer presses from the home screen to the receipt of a
// birth registration (1.001193), beyond the data typed: the goal
// is at most 10. The data is what a counter takes down: the procedure's
// name, the applicant's name, CCCD, date of birth and phone (the sex comes
// from the CCCD). README's key table shows the same path.
func TestKeysFromHomeToBirthReceipt(t *testing.T) {
	st, clock := newTestStore(t)
	var m tea.Model = newTestModel(t, st, clock, 80, 24, motcua.VI)
	keys := 0
	key := func(k tea.KeyPressMsg) {
		t.Helper()
		keys++
		m = press(t, m, k)
	}
	typed := func(s string) { m = press(t, m, s) }

	key(tea.KeyPressMsg{Code: 'n', Text: "n"}) // home: new reception
	typed("khai sinh")
	key(keyEnter) // the highlighted procedure
	typed("Lê Văn Cường")
	key(keyTab)
	typed("096085000123")
	key(keyTab)
	typed("12/03/1985")
	key(keyTab) // sex: already Nam from the CCCD
	key(keyTab)
	typed("0912345678")
	key(keyCtrlS)

	rc, ok := active(m).(receiptScreen)
	if !ok {
		t.Fatalf("after %d keys: %T\n%s", keys, active(m), screenText(m))
	}
	if rc.d.ProcedureCode != "1.001193" || rc.d.Applicant.Sex != motcua.Male || rc.d.Applicant.Phone != "0912345678" {
		t.Fatalf("receipt of %+v", rc.d.Applicant)
	}
	t.Logf("home → receipt of a birth registration: %d keys beyond the typed data", keys)
	if keys > 10 {
		t.Fatalf("%d keys, goal ≤ 10", keys)
	}
}

// A sex chosen by hand is never overwritten by the CCCD.
func TestSexFromCCCDNeverOverridesTheOfficer(t *testing.T) {
	st, clock := newTestStore(t)
	var m tea.Model = newTestModel(t, st, clock, 80, 24, motcua.VI)
	m = press(t, m, keyF2, "khai sinh", keyEnter, "Lê Thị Hoa", keyTab, keyTab, keyTab, keyRight, keyRight) // Nữ by hand
	m = press(t, m, keyShiftTab, keyShiftTab, "096085000123")                                               // a man's CCCD
	r := receiveOf(t, m)
	if got := r.sex(); got != motcua.Female {
		t.Fatalf("sex %v after the CCCD: the officer's choice was overwritten", got)
	}
}
