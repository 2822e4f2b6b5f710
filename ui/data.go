package ui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/atotto/clipboard"
	"github.com/motcua/motcua"
	"github.com/motcua/motcua/paper/printer"
)

// data turns every store call into a tea.Cmd whose result comes back as a
// typed message. It is the only file of the package that touches the store
// or the disk; Update and View never do.
type data struct {
	st     Store
	now    func() time.Time
	sync   func()      // nil when the terminal is not enrolled
	backup *sync.Mutex // one daily backup at a time
	drafts *draftGate  // orders a form's draft saves against its end
}

func (d data) terminal() tea.Cmd {
	return func() tea.Msg {
		info, err := d.st.Terminal()
		if err != nil {
			return terminalMsg{info: info, err: err}
		}
		prefs, err := d.st.Prefs()
		if err != nil {
			return terminalMsg{info: info, err: err}
		}
		msg := terminalMsg{info: info, prefs: prefs}
		if dr, ok, err := d.st.Draft(draftReceive); err == nil && ok {
			msg.draft = &dr // an unreadable draft is no reason to stop the terminal
		}
		return msg
	}
}

// about reads what the settings screen shows about the terminal.
func (d data) about() tea.Cmd {
	return func() tea.Msg {
		m, err := d.st.SyncMeta()
		if err != nil {
			return aboutMsg{err: err}
		}
		lane, err := d.st.Lane()
		if err != nil {
			return aboutMsg{err: err}
		}
		return aboutMsg{about: &settingsAbout{meta: m, lane: lane, path: d.st.Path(), backups: d.st.Backups()}}
	}
}

// saveSettings records the officer on duty, the unit's new name (""
// keeps it) and the preferences.
func (d data) saveSettings(officer, unitName string, prefs motcua.Prefs) tea.Cmd {
	return func() tea.Msg {
		if err := d.st.SetPrefs(prefs); err != nil {
			return settingsSavedMsg{err: err}
		}
		if unitName != "" {
			if _, err := d.st.SetUnitName(unitName); err != nil {
				return settingsSavedMsg{err: err}
			}
		}
		info, err := d.st.SetOfficer(officer)
		return settingsSavedMsg{info: info, prefs: prefs, err: err}
	}
}

func (d data) setup(unit, unitName, officer string) tea.Cmd {
	return func() tea.Msg {
		info, err := d.st.Init(unit, unitName, officer)
		return setupDoneMsg{info: info, err: err}
	}
}

// stats loads the home screen: the counts and the first dossiers of each
// due band (shown beside the counts on a wide terminal).
func (d data) stats(gen int) tea.Cmd {
	now := d.now()
	return func() tea.Msg {
		st, err := d.st.Stats(now)
		if err != nil {
			return statsMsg{gen: gen, err: err}
		}
		var urgent []motcua.Dossier
		for _, b := range motcua.DueBands {
			ds, err := d.st.ListDue(b, now, 15)
			if err != nil {
				return statsMsg{gen: gen, err: err}
			}
			urgent = append(urgent, ds...)
		}
		return statsMsg{gen: gen, stats: st, urgent: urgent}
	}
}

func (d data) queue() tea.Cmd {
	return func() tea.Msg {
		q, err := d.st.Queue()
		return stateMsg{stats: motcua.Stats{Queue: q}, err: err}
	}
}

// bandReceived is the dossier list's own band: received today.
const bandReceived motcua.Due = "received"

// dossierQuery is what the dossier screen asks for.
type dossierQuery struct {
	text   string
	status motcua.Status // 0: any
	band   motcua.Due    // "": any
	limit  int
}

// search runs a dossier query. With no text, a band is listed from the
// status index (store.ListDue, store.ReceivedOn); with text, store.Search
// finds the candidates and the band is applied exactly here, because the
// store's due filters are cumulative (today includes overdue) while the
// home screen's counts are disjoint.
func (d data) search(seq int, q dossierQuery) tea.Cmd {
	now := d.now()
	return func() tea.Msg {
		if q.limit <= 0 {
			q.limit = 100
		}
		want := q.limit
		q.limit++ // one more than shown says whether more exist
		hits, err := d.runSearch(q, now)
		if err != nil {
			return searchMsg{seq: seq, err: err}
		}
		msg := searchMsg{seq: seq, hits: hits, total: len(hits)}
		if len(hits) > want {
			msg.hits, msg.more, msg.total = hits[:want], true, d.total(q, now)
		}
		return msg
	}
}

// total counts what a list without text holds, when the store can say it
// without reading every dossier: -1 when it cannot (a text search).
func (d data) total(q dossierQuery, now time.Time) int {
	if strings.TrimSpace(q.text) != "" {
		return -1
	}
	if q.band == "" {
		counts, err := d.st.CountByStatus()
		if err != nil {
			return -1
		}
		n := 0
		for st, c := range counts {
			if q.status == 0 || st == q.status {
				n += c
			}
		}
		return n
	}
	if q.status != 0 {
		return -1
	}
	st, err := d.st.Stats(now)
	if err != nil {
		return -1
	}
	switch q.band {
	case bandReceived:
		return st.ReceivedToday
	case motcua.DueOverdue:
		return st.Overdue
	case motcua.DueToday:
		return st.DueToday
	case motcua.DueSoon:
		return st.DueSoon
	}
	return -1
}

func (d data) runSearch(q dossierQuery, now time.Time) ([]motcua.Dossier, error) {
	var out []motcua.Dossier
	keep := func(ds []motcua.Dossier) {
		cal := d.st.Calendar()
		for _, x := range ds {
			if q.status != 0 && x.Status != q.status {
				continue
			}
			switch q.band {
			case "":
			case bandReceived:
				if motcua.FormatDate(x.ReceivedAt) != motcua.FormatDate(now) {
					continue
				}
			default:
				if !x.Status.ClockRuns() || string(motcua.DueState(x.Appointment, now, cal)) != string(q.band) {
					continue
				}
			}
			out = append(out, x)
		}
	}
	text := strings.TrimSpace(q.text)
	switch {
	case text == "" && q.band == bandReceived:
		ds, err := d.st.ReceivedOn(now, q.limit)
		if err != nil {
			return nil, err
		}
		keep(ds)
	case text == "" && q.band != "":
		ds, err := d.st.ListDue(q.band, now, q.limit)
		if err != nil {
			return nil, err
		}
		keep(ds)
	default:
		sq := motcua.Query{Text: text, Status: q.status, Limit: q.limit, Now: now}
		if q.band.Attention() {
			sq.Due = q.band // cumulative in the store; the exact band is kept below
		}
		hits, err := d.st.Search(sq)
		if err != nil {
			return nil, err
		}
		ds := make([]motcua.Dossier, len(hits))
		for i, h := range hits {
			ds[i] = h.Dossier
		}
		keep(ds)
	}
	sortByDue(out)
	return out, nil
}

// sortByDue puts the dossiers still owed a result first, soonest
// appointment first, then the closed ones, latest appointment first.
func sortByDue(ds []motcua.Dossier) {
	sort.SliceStable(ds, func(i, j int) bool {
		oi, oj := ds[i].Status.Open() || ds[i].Status == motcua.StatusDone, ds[j].Status.Open() || ds[j].Status == motcua.StatusDone
		if oi != oj {
			return oi
		}
		if oi {
			return ds[i].Appointment.Before(ds[j].Appointment)
		}
		return ds[i].Appointment.After(ds[j].Appointment)
	})
}

// pendingScan bounds the outbox scan of get: a terminal that never synced
// may hold a year of ops, and the flag is not worth a slow screen.
const pendingScan = 5000

// get loads a dossier and whether it has ops not yet on the server (the
// "chưa đồng bộ" flag).
func (d data) get(id string) tea.Cmd {
	return func() tea.Msg {
		x, err := d.st.Get(id)
		if err != nil {
			return dossierMsg{id: id, err: err}
		}
		ops, _ := d.st.Outbox(0, pendingScan)
		pending := false
		for _, op := range ops {
			if op.DossierID == id {
				pending = true
				break
			}
		}
		return dossierMsg{id: id, d: x, pending: pending}
	}
}

// receive commits a reception; once it is saved, the form's draft is
// dropped (session is the form's draft session; 0 has none).
func (d data) receive(in motcua.ReceiveInput, session int) tea.Cmd {
	return func() tea.Msg {
		done, err := d.st.Receive(in)
		if err != nil {
			return receivedMsg{err: err}
		}
		d.drafts.finish(d.st, session)
		return receivedMsg{done: done, draftGone: session != 0}
	}
}

// recordAtCounter logs a guidance or refusal, drops the form's draft and
// reads the day's counts for the officer's message.
func (d data) recordAtCounter(r motcua.CounterRecord, session int) tea.Cmd {
	return func() tea.Msg {
		rec, err := d.st.RecordAtCounter(r)
		if err != nil {
			return counterRecordedMsg{err: err}
		}
		d.drafts.finish(d.st, session)
		n, err := d.st.CounterCounts(rec.At)
		return counterRecordedMsg{rec: rec, counts: n, draftGone: session != 0, err: err}
	}
}

// act commits an action chosen on the detail screen.
func (d data) act(id string, kind actionKind, label string, as []motcua.Action) tea.Cmd {
	return func() tea.Msg {
		done, err := d.st.DoAll(as)
		return actionMsg{id: id, kind: kind, label: label, done: done, err: err}
	}
}

// rekey gives the dossier a new lookup key (store.RotateLookupKey: the
// key's hash as a set_field op, queued for the server in the same
// transaction); the answer is labelled with the new key, in doneF.
func (d data) rekey(id, doneF string) tea.Cmd {
	return func() tea.Msg {
		key, done, err := d.st.RotateLookupKey(id)
		return actionMsg{id: id, kind: actRekey, label: fmt.Sprintf(doneF, motcua.FormatLookupKey(key)), done: done, err: err}
	}
}

func (d data) questions() tea.Cmd {
	return func() tea.Msg {
		qs, err := d.st.Questions()
		return questionsMsg{qs: qs, err: err}
	}
}

func (d data) ask(a motcua.AskArgs) tea.Cmd {
	return func() tea.Msg {
		done, err := d.st.Ask(a)
		return questionSavedMsg{asked: true, q: done.Question, err: err}
	}
}

func (d data) answer(id, text string, close bool) tea.Cmd {
	return func() tea.Msg {
		done, err := d.st.AnswerQuestion(id, text, close)
		return questionSavedMsg{q: done.Question, err: err}
	}
}

// results lists the conflicts and rejections with the codes of their
// dossiers (those that exist on this terminal).
func (d data) results() tea.Cmd {
	return func() tea.Msg {
		rs, err := d.st.Results()
		if err != nil {
			return resultsMsg{err: err}
		}
		parked := map[string]motcua.Dossier{}
		ps, err := d.st.Parked()
		if err != nil {
			return resultsMsg{err: err}
		}
		seen := map[string]bool{}
		for _, r := range rs {
			seen[r.DossierID] = true
		}
		for _, p := range ps {
			parked[p.ID] = p
			if !seen[p.ID] {
				// Its rejection was dismissed before redoing existed: list it
				// so it is never out of sight.
				rs = append(rs, motcua.Result{DossierID: p.ID, Status: motcua.Rejected})
			}
		}
		codes := map[string]string{}
		for _, r := range rs {
			if p, ok := parked[r.DossierID]; ok {
				codes[r.DossierID] = p.Code
				continue
			}
			if r.DossierID == "" || codes[r.DossierID] != "" {
				continue
			}
			if x, err := d.st.Get(r.DossierID); err == nil {
				codes[r.DossierID] = x.Code
			}
		}
		return resultsMsg{rs: rs, codes: codes, parked: parked}
	}
}

func (d data) dismiss(seq uint64) tea.Cmd {
	return func() tea.Msg {
		return dismissedMsg{seq: seq, err: d.st.DismissResult(seq)}
	}
}

// dismissParked forgets a refused reception the officer will not redo (the
// citizen left), and its rejection.
func (d data) dismissParked(id string, seq uint64) tea.Cmd {
	return func() tea.Msg {
		err := d.st.DismissParked(id)
		if err == nil && seq != 0 {
			err = d.st.DismissResult(seq)
		}
		return dismissedMsg{seq: seq, id: id, err: err}
	}
}

// saveReceipt writes the receipt's PDF (Mẫu 01) into the receipts folder
// beside the store; render draws it, here in the Cmd, off the UI loop.
func (d data) saveReceipt(code string, render func() ([]byte, error)) tea.Cmd {
	return func() tea.Msg {
		path, err := d.writeReceipt(code, render)
		return receiptSavedMsg{path: path, err: err}
	}
}

func (d data) writeReceipt(code string, render func() ([]byte, error)) (string, error) {
	pdf, err := render()
	if err != nil {
		return "", err
	}
	return printer.Save(filepath.Dir(d.st.Path()), printer.Receipts, code+".pdf", pdf)
}

// printReceipt saves the receipt, then sends that file to the printer
// (printer "" is the default one): lp on Linux and macOS, the PDF viewer on
// Windows. Whatever fails, the saved file is the answer, and the officer is
// told where it is.
func (d data) printReceipt(code string, render func() ([]byte, error), queue string) tea.Cmd {
	return func() tea.Msg {
		path, err := d.writeReceipt(code, render)
		if err != nil {
			return printedMsg{err: err}
		}
		res, err := printer.Print(context.Background(), path, queue, code)
		return printedMsg{path: path, job: res.Job, opened: res.Opened, err: err}
	}
}

// syncNow asks the syncer for an immediate round; nil when not enrolled.
func (d data) syncNow() tea.Cmd {
	if d.sync == nil {
		return nil
	}
	return func() tea.Msg {
		d.sync()
		return nil
	}
}

// backupIfDue takes the day's hot backup after a commit (docs/DESIGN.md §3):
// the first action of the day copies the file, the others return at once.
// A backup already running makes this one a no-op.
func (d data) backupIfDue() tea.Cmd {
	return func() tea.Msg {
		if d.backup == nil || !d.backup.TryLock() {
			return nil
		}
		defer d.backup.Unlock()
		_, err := d.st.BackupIfDue()
		return backupMsg{err: err}
	}
}

// errNoStore guards a Config without a store (a programming error).
var errNoStore = errors.New("ui: Config.Store is nil")

// readClipboard is the clipboard's text as a paste, read in a Cmd (ctrl+v
// in a form field; a terminal's own paste arrives as a tea.PasteMsg).
func readClipboard() tea.Msg {
	s, err := clipboard.ReadAll()
	if err != nil || s == "" {
		return nil
	}
	return tea.PasteMsg{Content: s}
}
