package main

import (
	"fmt"
	"os"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"
	"github.com/motcua/motcua"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/ui"
)

// tuiSyncer, when set (by the sync wiring, in an init function), starts the
// background syncer for the UI: syncNow asks for a round at once, states
// reports every change of the sync state, stop ends it. It returns nils
// when the terminal is not enrolled. The UI shows "offline" until a state
// arrives.
var tuiSyncer func(e *env, s *store.Store) (syncNow func(), states <-chan motcua.SyncState, stop func())

// runTUI opens the terminal UI on the local store. A store already open in
// another window gets the store's one-line ELOCKED message, not a trace.
// An empty data directory starts with the setup form inside the UI.
func runTUI(e *env) int {
	if !term.IsTerminal(os.Stdin.Fd()) || !term.IsTerminal(os.Stdout.Fd()) {
		fmt.Fprintln(e.stderr, msg(e.lang,
			"Không có cửa sổ dòng lệnh để mở giao diện (đầu vào hoặc đầu ra đang bị chuyển hướng): hãy chạy motcua trong một cửa sổ terminal, hoặc dùng một lệnh (motcua help).",
			"No terminal to show the UI on (input or output is redirected): run motcua in a terminal window, or use a command (motcua help)."))
		return exitFailure
	}
	s, err := e.open()
	if err != nil {
		return report(e, err)
	}
	defer s.Close()
	// The daily hot backup runs beside the UI, never inside it; Close waits
	// for its read transaction.
	go s.BackupIfDue()
	prefs, _ := s.Prefs() // unreadable prefs are no reason to refuse to work
	cfg := ui.Config{Store: s, Lang: e.uiLang(prefs), DetectBackground: true}
	var states <-chan motcua.SyncState
	var stop func()
	if tuiSyncer != nil {
		cfg.SyncNow, states, stop = tuiSyncer(e, s)
	}
	p := ui.NewProgram(cfg)
	if states != nil {
		go forwardSyncStates(p, states)
	}
	_, err = p.Run()
	if stop != nil {
		stop()
	}
	if err != nil {
		fmt.Fprintln(e.stderr, motcua.ErrorMessage(err, e.lang))
		return exitFailure
	}
	return exitOK
}

// uiLang is the UI's language: --lang for this run, else the one saved in
// the settings screen, else LANG. The commands keep following --lang and
// LANG only, so a script's output does not change with an officer's choice.
func (e *env) uiLang(p motcua.Prefs) motcua.Lang {
	if p.Lang != "" && !e.langSet {
		return p.Lang
	}
	return e.lang
}

// forwardSyncStates hands the syncer's reports to the UI until the channel
// closes.
func forwardSyncStates(p *tea.Program, states <-chan motcua.SyncState) {
	for st := range states {
		p.Send(ui.SyncStateMsg(st))
	}
}
