package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/motcua/motcua"
)

// The reception form keeps its scroll position between frames: moving the
// focus up one field inside the window does not jump the window (the
// offset used to be set on a copy in View, and lost).
func TestReceiveScrollIsKept(t *testing.T) {
	st, clock := newTestStore(t)
	var m tea.Model = newTestModel(t, st, clock, 60, 18, motcua.VI)
	m = press(t, m, keyF2, "khai sinh", keyEnter)
	for receiveOf(t, m).focus != "note" {
		m = press(t, m, keyTab)
	}
	before := strings.Split(screenText(m), "\n")[1]
	m = press(t, m, keyShiftTab)
	_ = screenText(m) // a frame drawn in between must not move it either
	after := strings.Split(screenText(m), "\n")[1]
	if before != after {
		t.Fatalf("one step up moved the window:\n%q\n%q", before, after)
	}
}

// Every warning of a reception reaches the officer, not only the last.
func TestReceptionShowsEveryWarning(t *testing.T) {
	st, clock := newTestStore(t)
	var m tea.Model = newTestModel(t, st, clock, 160, 24, motcua.VI)
	m = press(t, m, keyF2)
	d := motcua.Dossier{Code: "000.00.06.H56-231027-9001"}
	m = drain(t, m, func() tea.Msg {
		return receivedMsg{done: motcua.Done{Dossier: d, Warnings: []motcua.Warning{{VI: "cảnh báo một"}, {VI: "cảnh báo hai"}}}}
	})
	mustContain(t, m, "cảnh báo một", "cảnh báo hai")
}

// ctrl+v is declared in keys.go and listed in the form's help.
func TestPasteKeyIsInHelp(t *testing.T) {
	st, clock := newTestStore(t)
	var m tea.Model = newTestModel(t, st, clock, 80, 24, motcua.VI)
	m = press(t, m, keyF2, keyF1)
	mustContain(t, m, "ctrl+v", "dán")
}
