package ui

import (
	"time"

	"github.com/motcua/motcua"
)

// Store is what the UI asks of the terminal's store (a *store.Store; the
// wiring in cmd/motcua gives it), declared here so the UI imports only the
// root. data.go calls it inside tea.Cmds; Catalog and Calendar read memory
// and may be called anywhere.
type Store interface {
	Path() string
	Terminal() (motcua.TerminalInfo, error)
	Init(unit, unitName, officer string) (motcua.TerminalInfo, error)
	SetOfficer(name string) (motcua.TerminalInfo, error)
	SetUnitName(name string) (motcua.TerminalInfo, error)
	Prefs() (motcua.Prefs, error)
	SetPrefs(p motcua.Prefs) error
	SyncMeta() (motcua.SyncMeta, error)
	Lane() (motcua.Lane, error)
	Calendar() motcua.Calendar
	Catalog() *motcua.Catalog

	Stats(now time.Time) (motcua.Stats, error)
	Queue() (motcua.Queue, error)
	ListDue(band motcua.Due, now time.Time, limit int) ([]motcua.Dossier, error)
	ReceivedOn(day time.Time, limit int) ([]motcua.Dossier, error)
	Search(q motcua.Query) ([]motcua.Hit, error)
	CountByStatus() (map[motcua.Status]int, error)
	Get(id string) (motcua.Dossier, error)
	Outbox(from uint64, limit int) ([]motcua.Op, error)

	Receive(in motcua.ReceiveInput) (motcua.Done, error)
	DoAll(as []motcua.Action) (motcua.Done, error)
	Questions() ([]motcua.Question, error)
	Ask(a motcua.AskArgs) (motcua.Done, error)
	AnswerQuestion(id, text string, close bool) (motcua.Done, error)

	Results() ([]motcua.Result, error)
	DismissResult(seq uint64) error
	Parked() ([]motcua.Dossier, error)
	DismissParked(id string) error

	SaveDraft(form string, data []byte) (motcua.Draft, error)
	Draft(form string) (motcua.Draft, bool, error)
	DeleteDraft(form string) error
	RecordAtCounter(r motcua.CounterRecord) (motcua.CounterRecord, error)
	CounterCounts(day time.Time) (motcua.CounterCounts, error)
	DayBook(day time.Time) (motcua.DayBook, error)

	LookupKey(dossierID string) (string, error)
	LookupURL(d motcua.Dossier) (string, error)
	RotateLookupKey(dossierID string) (string, motcua.Done, error)

	BackupIfDue() (path string, err error)
	Backups() []string
}
