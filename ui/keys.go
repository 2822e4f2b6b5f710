package ui

import (
	"charm.land/bubbles/v2/key"
	"github.com/motcua/motcua"
)

// keyMap declares every key of the UI once. Screens match with key.Matches
// and list the bindings they honour in shortHelp/fullHelp, which feed the
// help bar and the help screen. Labels come from the language table.
type keyMap struct {
	// Global: the root handles these before any screen.
	Quit, ForceQuit, Help, HelpAlways, Back       key.Binding
	GoReceive, GoDossiers, GoQuestions, Sync      key.Binding
	GoSettings, Settings, Print                   key.Binding
	Receive, Dossiers, Questions, Conflicts       key.Binding // home's letters
	Up, Down, PageUp, PageDown, Open, Refresh     key.Binding
	Next, Prev, Save, Toggle, Left, Right         key.Binding
	More, Less                                    key.Binding
	StatusFilter, DueFilter, FocusSearch, ToTable key.Binding
	StatusFilterAny, DueFilterAny                 key.Binding // the same from the search box
	SaveReceipt, NewReceive                       key.Binding
	Answer, Ask, Template, Send, CloseQuestion    key.Binding
	Dismiss, Cancel, Redo                         key.Binding
	Paste, Discard, Resume, Leave, Stay           key.Binding
	ConfirmQuit                                   key.Binding
	Forms                                         []key.Binding // 1–5 pick a form to print (print.go)

	// The detail screen's actions: one letter per action, the same in
	// every status, so "x" is always "Chuyển xử lý" and never, one step
	// later, something else (positions were: "1" changed meaning).
	ActTo                                    map[motcua.Status]key.Binding
	ActReschedule, ActRate, ActEdit, ActNote key.Binding
	ActRekey                                 key.Binding
}

// actionLetters are the transitions' letters, after the Vietnamese verb:
// nhận, chối, xử lý, bổ sung, phí, rút, dừng, kết quả, trả. An array by
// status, not a map: laid out by the linker, no code at start.
var actionLetters = [...]string{
	motcua.StatusReceived: "n", motcua.StatusRefused: "c", motcua.StatusProcessing: "x",
	motcua.StatusSupplement: "b", motcua.StatusPayment: "f", motcua.StatusWithdrawn: "u",
	motcua.StatusStopped: "d", motcua.StatusDone: "k", motcua.StatusReturned: "t",
}

// long: one line per key, so every key of the UI is declared in one place.
func newKeyMap(t *text) keyMap {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	actTo := map[motcua.Status]key.Binding{}
	for to, l := range actionLetters {
		if l != "" {
			actTo[motcua.Status(to)] = b(l, motcua.Status(to).ActionLabel(t.Lang), l)
		}
	}
	return keyMap{
		ActTo:         actTo,
		ActReschedule: b("h", t.DetReschedule, "h"), // hẹn lại
		ActRate:       b("e", t.DetRate, "e"),       // đánh giá (evaluate)
		ActEdit:       b("s", t.EvSetField, "s"),    // sửa
		ActNote:       b("g", t.ActNote, "g"),       // ghi chú
		ActRekey:      b("m", t.RekeyLabel, "m"),    // khóa mới

		Quit:       b("q", t.KeyQuit, "q"),
		ForceQuit:  b("ctrl+c", t.KeyQuit, "ctrl+c"),
		Help:       b("?", t.KeyHelp, "?", "f1"),
		HelpAlways: b("F1", t.KeyHelp, "f1"),
		Back:       b("esc", t.KeyBack, "esc"),

		GoReceive:   b("F2", t.KeyReceive, "f2"),
		GoDossiers:  b("F3", t.KeyDossiers, "f3"),
		GoQuestions: b("F4", t.KeyQuestions, "f4"),
		Sync:        b("F5", t.KeySync, "f5"),
		GoSettings:  b("F6", t.KeySettings, "f6"),
		Settings:    b("c", t.KeySettings, "c"), // home's letter
		Print:       b("p", t.KeyPrint, "p"),

		Receive:   b("n", t.KeyReceive, "n"),
		Dossiers:  b("t", t.KeyDossiers, "t", "/"),
		Questions: b("h", t.KeyQuestions, "h"),
		Conflicts: b("x", t.KeyConflicts, "x"),

		Up:       b("↑/↓", t.KeyUpDown, "up"),
		Down:     key.NewBinding(key.WithKeys("down")), // shown with Up
		PageUp:   b("PgUp", t.KeyScroll, "pgup"),
		PageDown: b("PgDn", t.KeyScroll, "pgdown"),
		Open:     b("enter", t.KeyOpen, "enter"),
		Refresh:  b("r", t.KeyRefresh, "r"),

		Next:   b("tab", t.KeyNext, "tab"),
		Prev:   b("shift+tab", t.KeyPrev, "shift+tab"),
		Save:   b("ctrl+s", t.KeySave, "ctrl+s"),
		Toggle: b("space", t.KeyToggle, "space"),
		Left:   b("←/→", t.KeyPick, "left"),
		Right:  key.NewBinding(key.WithKeys("right")), // shown with Left
		More:   b("+", t.KeyMore, "+", "="),
		Less:   b("-", t.KeyLess, "-"),

		StatusFilter: b("s", t.KeyStatusFilter, "s"),
		DueFilter:    b("d", t.KeyDueFilter, "d"),

		StatusFilterAny: b("ctrl+f", t.KeyStatusFilter, "ctrl+f"),
		DueFilterAny:    b("ctrl+d", t.KeyDueFilter, "ctrl+d"),
		FocusSearch:     b("/", t.KeySearch, "/"),
		ToTable:         b("tab", t.KeyTable, "tab"),

		SaveReceipt: b("s", t.KeySaveReceipt, "s", "ctrl+s"),
		NewReceive:  b("n", t.KeyNewReceive, "n"),

		Answer:        b("enter", t.KeyAnswer, "enter"),
		Ask:           b("m", t.KeyAsk, "m"),
		Template:      b("ctrl+t", t.KeyTemplate, "ctrl+t"),
		Send:          b("ctrl+s", t.KeySend, "ctrl+s"),
		CloseQuestion: b("ctrl+o", t.KeyClose, "ctrl+o"),

		Dismiss: b("d", t.KeyDismiss, "d", "delete"),
		Cancel:  b("esc", t.KeyCancel, "esc"),
		Redo:    b("enter", t.KeyRedo, "enter"), // on a refused reception

		Paste:   b("ctrl+v", t.KeyPaste, "ctrl+v"), // a text field reads the clipboard
		Discard: b("x", t.KeyDiscard, "x"),         // a draft
		Resume:  b("enter", t.KeyResume, "enter"),  // a draft
		Leave:   b("enter", t.KeyLeave, "enter"),   // a form with typed data
		Stay:    b("esc", t.KeyStay, "esc"),

		ConfirmQuit: b("enter", t.KeyQuit, "enter"),
		Forms: []key.Binding{b("1", t.Form01, "1"), b("2", t.Form02, "2"), b("3", t.Form03, "3"),
			b("4", t.Form04, "4"), b("5", t.Form05, "5")},
	}
}

// globalHelp lists the keys every screen honours.
func (k keyMap) globalHelp() []key.Binding {
	return []key.Binding{k.HelpAlways, k.Back, k.GoReceive, k.GoDossiers, k.GoQuestions, k.Sync, k.GoSettings, k.ForceQuit}
}
