package ui

import (
	"github.com/motcua/motcua"
)

// SyncStateMsg is sent by the wiring (program.Send) whenever the syncer's
// state changes. Until the first one arrives the status bar says offline.
type SyncStateMsg motcua.SyncState

// Results of store calls. Each is produced by a Cmd built in data.go and
// carries what it answers, so a screen can drop a stale one.
type (
	terminalMsg struct {
		info  motcua.TerminalInfo
		prefs motcua.Prefs
		draft *motcua.Draft // the reception form left unfinished, if any
		err   error
	}
	aboutMsg struct {
		about *settingsAbout
		err   error
	}
	settingsSavedMsg struct {
		info  motcua.TerminalInfo
		prefs motcua.Prefs
		err   error
	}
	printedMsg struct {
		path   string // the receipt file, written first whatever happens next
		job    string // what lp answered
		opened bool   // Windows: the viewer was opened for Ctrl+P
		err    error
	}
	setupDoneMsg struct {
		info motcua.TerminalInfo
		err  error
	}
	statsMsg struct {
		gen    int
		stats  motcua.Stats
		urgent []motcua.Dossier // overdue, due today and soon, in that order
		err    error
	}
	// stateMsg is the outbox state the status bar polls.
	stateMsg struct {
		stats motcua.Stats
		err   error
	}
	searchMsg struct {
		seq   int // the dossier screen's query number; older ones are dropped
		hits  []motcua.Dossier
		more  bool // the list goes on past hits
		total int  // how many in all; -1 unknown (a text search with more)
		err   error
	}
	dossierMsg struct {
		id      string
		d       motcua.Dossier
		pending bool // an op of this dossier waits in the outbox: not yet on the server
		err     error
	}
	receivedMsg struct {
		done      motcua.Done
		draftGone bool // the form's draft was deleted with the reception
		err       error
	}
	// actionMsg answers a transition, reschedule or rating.
	actionMsg struct {
		id    string
		label string
		kind  actionKind
		done  motcua.Done
		err   error
	}
	receiptSavedMsg struct {
		path string
		err  error
	}
	questionsMsg struct {
		qs  []motcua.Question
		err error
	}
	questionSavedMsg struct {
		asked bool // a new question, not an answer
		q     motcua.Question
		err   error
	}
	resultsMsg struct {
		rs     []motcua.Result
		codes  map[string]string         // dossier id → code
		parked map[string]motcua.Dossier // refused receptions, by dossier id
		err    error
	}
	backupMsg struct {
		err error
	}
	// counterRecordedMsg answers a guidance (Mẫu 02) or refusal (Mẫu 03)
	// recorded at the counter, with the day's counts after it.
	counterRecordedMsg struct {
		rec       motcua.CounterRecord
		counts    motcua.CounterCounts
		draftGone bool
		err       error
	}
	// draftSavedMsg answers a draft saved (or deleted: d is nil).
	draftSavedMsg struct {
		d   *motcua.Draft
		err error
	}
	dismissedMsg struct {
		seq uint64
		id  string // a parked reception's dossier id
		err error
	}
)

// UI events that travel as messages so the root carries them out.
type (
	// navMsg asks the root to open a screen.
	navMsg struct {
		to  screenID
		arg any
	}
	backMsg  struct{}
	flashMsg struct {
		text  string
		isErr bool
	}
	flashDoneMsg struct{ id int }
	pollMsg      struct{}
	// draftTickMsg is the reception form's debounce: the draft is saved
	// when no change came for draftDelay.
	draftTickMsg struct{ gen int }
)
