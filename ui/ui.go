// Package ui is motcua's terminal user interface (Bubble Tea v2): one root
// model that routes between small screens. Read README.md before adding a
// screen.
package ui

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/motcua/motcua"
)

// Config is what the UI is given by the wiring in cmd/motcua.
type Config struct {
	Store Store
	Lang  motcua.Lang
	// Now is the UI's clock (due dates, the header); nil means time.Now.
	Now func() time.Time
	// SyncNow asks the syncer for a round at once; nil when not enrolled.
	SyncNow func()
	// DetectBackground asks the terminal for its background colour at start
	// (light or dark styles). Tests leave it off so that the output does not
	// depend on a terminal's answer; the styles then assume a dark terminal.
	DetectBackground bool
	// NoColor draws without colour (NO_COLOR). Run sets it from the
	// environment when the variable is present.
	NoColor bool
}

// PollInterval is how often the status bar re-reads the outbox.
const PollInterval = 3 * time.Second

// flashFor is how long a message stays on the status bar.
const flashFor = 6 * time.Second

// common is what every screen shares with the root: the language table,
// styles, keys, the store adapter and the clock. The root alone changes it
// (styles on a background answer, sizes on resize), inside Update.
type common struct {
	t      *text
	lang   motcua.Lang
	st     styles
	keys   keyMap
	data   data
	now    func() time.Time
	info   motcua.TerminalInfo
	prefs  motcua.Prefs
	w, h   int // the body's size: the terminal minus header, help and status lines
	isDark bool
	// draft is the reception form left unfinished (nil: none), as last
	// saved by this UI, which alone writes drafts while it runs.
	draft      *motcua.Draft
	draftDelay time.Duration // 0 saves at once (tests)

	// requests are the navigations screens asked for during this Update.
	requests []tea.Msg
}

// errText maps any error to a short sentence in the officer's language:
// never a raw error string or a stack trace.
func (c *common) errText(err error) string {
	return motcua.ErrorMessage(err, c.lang)
}

// flash returns a Cmd that shows a message on the status bar.
func flash(text string, isErr bool) tea.Cmd {
	return func() tea.Msg { return flashMsg{text: text, isErr: isErr} }
}

func (c *common) flashErr(err error) tea.Cmd { return flash(c.errText(err), true) }

// nav asks the root to open a screen. The request is carried out at the
// end of the same Update, not through a Cmd: keys typed right after (an
// officer pressing n and typing at once) must reach the new screen, not
// the old one.
func (c *common) nav(to screenID, arg any) tea.Cmd {
	c.requests = append(c.requests, navMsg{to: to, arg: arg})
	return nil
}

// back asks the root to close the active screen, like nav.
func (c *common) back() tea.Cmd {
	c.requests = append(c.requests, backMsg{})
	return nil
}

// screenID names the screens the root can open.
type screenID int

const (
	scrLoading screenID = iota
	scrSetup
	scrHome
	scrReceive
	scrReceipt
	scrDossiers
	scrDetail
	scrQuestions
	scrConflicts
	scrSettings
	scrDay
)

// screen is what the root needs from a screen. Screens are small value
// structs in their own files; view returns a string, only the root builds
// the tea.View.
type screen interface {
	// enter is called when the screen becomes active, when first opened and
	// when the officer comes back to it: it returns the loads it needs.
	enter() (screen, tea.Cmd)
	update(msg tea.Msg) (screen, tea.Cmd)
	view(w, h int) string
	title() string
	// typing reports whether a text field has focus: global printable keys
	// are then left to the field, so an officer can type "q" or "?".
	typing() bool
	shortHelp() []key.Binding
	fullHelp() [][]key.Binding
}

// sizeMsg tells screens the body's size (sent on resize and on open).
type sizeMsg struct{ w, h int }

// Model is the root model.
type Model struct {
	c       *common
	stack   []screen // the active screen is the last
	width   int
	height  int
	help    help.Model
	showAll bool // the help screen is open

	sync       *motcua.SyncState // nil until the wiring sends one
	queue      motcua.Queue
	flash      string
	flashErr   bool
	flashID    int
	pollEvery  time.Duration // 0: no polling (tests)
	fade       time.Duration // how long a flash stays; 0: until replaced (tests)
	detectBG   bool
	fatal      string // the store could not be read at all
	quitAsk    bool   // ctrl+c inside a form: asking before quitting
	helpOffset int    // the help screen's first line
}

// formScreen is a screen where the officer types something worth keeping:
// ctrl+c there asks before quitting.
type formScreen interface{ inForm() bool }

// drafter is a screen that keeps a draft: it is saved before quitting.
type drafter interface{ flushDraft() tea.Cmd }

// New builds the root model. It does no I/O: the first loads are Cmds
// returned by Init.
func New(cfg Config) Model {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	lang := cfg.Lang
	if lang != motcua.EN {
		lang = motcua.VI
	}
	t := textFor(lang)
	c := &common{t: t, lang: lang, st: newStyles(true, cfg.NoColor), keys: newKeyMap(t), now: cfg.Now, isDark: true,
		draftDelay: draftDelay,
		data:       data{st: cfg.Store, now: cfg.Now, sync: cfg.SyncNow, backup: &sync.Mutex{}, drafts: &draftGate{}}}
	m := Model{c: c, help: help.New(), pollEvery: PollInterval, fade: flashFor, detectBG: cfg.DetectBackground}
	m.help.Styles = c.st.Help
	m.help.ShortSeparator = " · "
	m.stack = []screen{loadingScreen{c: c}}
	if cfg.Store == nil {
		m.fatal = errNoStore.Error()
	}
	return m
}

// Init starts the first loads, the status bar's poll and, when asked, the
// background query.
func (m Model) Init() tea.Cmd {
	if m.fatal != "" {
		return nil
	}
	cmds := []tea.Cmd{m.c.data.terminal(), m.c.data.queue(), m.poll()}
	if m.detectBG {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	return tea.Batch(cmds...)
}

func (m Model) poll() tea.Cmd {
	if m.pollEvery <= 0 {
		return nil
	}
	return tea.Tick(m.pollEvery, func(time.Time) tea.Msg { return pollMsg{} })
}

func (m Model) active() screen { return m.stack[len(m.stack)-1] }

// Update routes a message: global concerns first, then input to the active
// screen only, and every other message to every screen on the stack (each
// ignores what is not its own, and drops stale answers). Navigation the
// screens asked for is carried out before Update returns.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	tm, cmd := m.update(msg)
	m = tm.(Model)
	cmds := []tea.Cmd{cmd}
	for len(m.c.requests) > 0 {
		req := m.c.requests[0]
		m.c.requests = m.c.requests[1:]
		tm, cmd = m.update(req)
		m = tm.(Model)
		cmds = append(cmds, cmd)
	}
	return m, tea.Batch(cmds...)
}

// long: the message switch of the root model: one short case per message.
func (m Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.SetWidth(msg.Width)
		m.c.w, m.c.h = msg.Width, max(1, msg.Height-3)
		return m.broadcast(sizeMsg{m.c.w, m.c.h})
	case tea.BackgroundColorMsg:
		m.c.isDark = msg.IsDark()
		m.c.st = newStyles(m.c.isDark, m.c.st.noColor)
		m.help.Styles = m.c.st.Help
		return m.broadcast(msg)
	case SyncStateMsg:
		s := motcua.SyncState(msg)
		m.sync = &s
		return m, nil
	case stateMsg:
		if msg.err == nil {
			m.queue = msg.stats.Queue
		}
		return m, nil
	case pollMsg:
		m2, cmd := m.broadcast(msg)
		return m2, tea.Batch(cmd, m.c.data.queue(), m.poll())
	case flashMsg:
		m.flashID++
		m.flash, m.flashErr = msg.text, msg.isErr
		id := m.flashID
		if m.fade <= 0 {
			return m, nil
		}
		return m, tea.Tick(m.fade, func(time.Time) tea.Msg { return flashDoneMsg{id} })
	case flashDoneMsg:
		if msg.id == m.flashID {
			m.flash = ""
		}
		return m, nil
	case terminalMsg:
		return m.onTerminal(msg)
	case settingsSavedMsg:
		return m.onSettings(msg)
	case receivedMsg:
		if msg.draftGone {
			m.c.draft = nil
		}
		m2, cmd := m.broadcast(msg)
		return m2, tea.Batch(cmd, m.c.data.queue(), m.c.data.backupIfDue())
	case counterRecordedMsg:
		if msg.draftGone {
			m.c.draft = nil
		}
		return m.broadcast(msg)
	case actionMsg, questionSavedMsg, dismissedMsg:
		// An action changed the outbox: the status bar shows it at once,
		// and the day's backup is taken if it is not yet.
		m2, cmd := m.broadcast(msg)
		return m2, tea.Batch(cmd, m.c.data.queue(), m.c.data.backupIfDue())
	case draftSavedMsg:
		if msg.err != nil {
			return m, flash(m.c.errText(msg.err), true)
		}
		m.c.draft = msg.d
		return m.broadcast(msg)
	case backupMsg:
		if msg.err != nil {
			return m, flash(m.c.t.BackupFailed, true)
		}
		return m, nil
	case setupDoneMsg:
		if msg.err != nil {
			return m.broadcast(msg)
		}
		m.c.info = msg.info
		return m.reset(newHome(m.c), flash(fmt.Sprintf(m.c.t.SetupDoneF, msg.info.UnitName, msg.info.Officer), false))
	case navMsg:
		return m.open(msg)
	case backMsg:
		return m.back()
	case tea.KeyPressMsg:
		return m.key(msg)
	case tea.PasteMsg:
		return m.toActive(msg)
	case tea.MouseMsg:
		return m, nil
	}
	return m.broadcast(msg)
}

func (m Model) onTerminal(msg terminalMsg) (tea.Model, tea.Cmd) {
	switch {
	case errors.Is(msg.err, motcua.ErrNotInitialised):
		return m.reset(newSetup(m.c), nil)
	case msg.err != nil:
		m.fatal = m.c.errText(msg.err)
		return m, nil
	}
	m.c.info, m.c.prefs, m.c.draft = msg.info, msg.prefs, msg.draft
	return m.reset(newHome(m.c), nil)
}

// onSettings takes the saved settings: the officer's name at once, a new
// language by rebuilding the screens from home.
func (m Model) onSettings(msg settingsSavedMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		return m.broadcast(msg)
	}
	m.c.info, m.c.prefs = msg.info, msg.prefs
	if msg.prefs.Lang != "" && msg.prefs.Lang != m.c.lang {
		m.c.lang = msg.prefs.Lang
		m.c.t = textFor(m.c.lang)
		m.c.keys = newKeyMap(m.c.t)
	}
	m2, cmd := m.reset(newHome(m.c), nil)
	return m2, tea.Batch(cmd, flash(m.c.t.SetSaved, false))
}

// key handles the global keys, then gives the key to the active screen.
// long: the global keys, one short case each.
func (m Model) key(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.c.keys
	if key.Matches(msg, k.ForceQuit) {
		if m.quitAsk || !m.inForm() {
			return m, m.quit()
		}
		m.quitAsk = true // never quit from inside a form without asking
		return m, nil
	}
	if m.quitAsk {
		switch {
		case key.Matches(msg, k.ConfirmQuit):
			return m, m.quit()
		case key.Matches(msg, k.Stay):
			m.quitAsk = false
		}
		return m, nil
	}
	if m.fatal != "" || m.tooSmall() {
		if key.Matches(msg, k.Quit, k.Back) {
			return m, tea.Quit
		}
		return m, nil
	}
	if m.showAll {
		// The help screen scrolls: on a small terminal it is longer than
		// the screen.
		switch {
		case key.Matches(msg, k.Help, k.Back, k.Quit):
			m.showAll, m.helpOffset = false, 0
		case key.Matches(msg, k.Up):
			m.helpOffset = max(0, m.helpOffset-1)
		case key.Matches(msg, k.Down):
			m.helpOffset++
		case key.Matches(msg, k.PageUp):
			m.helpOffset = max(0, m.helpOffset-10)
		case key.Matches(msg, k.PageDown):
			m.helpOffset += 10
		}
		m.helpOffset = min(m.helpOffset, max(0, len(m.helpLines(m.width, m.height-3))-(m.height-3)))
		return m, nil
	}
	typing := m.active().typing()
	_, onHome := m.active().(homeScreen)
	_, setup := m.active().(setupScreen)
	_, loading := m.active().(loadingScreen)
	switch {
	case key.Matches(msg, k.HelpAlways), !typing && key.Matches(msg, k.Help):
		m.showAll = true
		return m, nil
	case setup || loading:
	case !typing && onHome && key.Matches(msg, k.Quit):
		return m, tea.Quit
	case key.Matches(msg, k.GoReceive):
		return m.open(navMsg{to: scrReceive})
	case key.Matches(msg, k.GoDossiers):
		return m.open(navMsg{to: scrDossiers})
	case key.Matches(msg, k.GoQuestions):
		return m.open(navMsg{to: scrQuestions})
	case key.Matches(msg, k.GoSettings):
		return m.open(navMsg{to: scrSettings})
	case key.Matches(msg, newDayKeys(m.c.lang).Go):
		return m.open(navMsg{to: scrDay})
	case key.Matches(msg, k.Sync):
		if m.c.data.sync == nil || !m.c.info.Enrolled() {
			// Nothing to sync with: say why, and how to get a server.
			return m, flash(m.c.t.StandaloneSync, false)
		}
		return m, m.c.data.syncNow()
	}
	return m.toActive(msg)
}

// inForm reports whether the officer is inside a form (ctrl+c asks first).
func (m Model) inForm() bool {
	if m.fatal != "" || m.tooSmall() {
		return false
	}
	f, ok := m.active().(formScreen)
	return ok && f.inForm()
}

// quit saves the active form's draft, then quits.
func (m Model) quit() tea.Cmd {
	if d, ok := m.active().(drafter); ok {
		if cmd := d.flushDraft(); cmd != nil {
			return tea.Sequence(cmd, tea.Quit)
		}
	}
	return tea.Quit
}

func (m Model) toActive(msg tea.Msg) (tea.Model, tea.Cmd) {
	s, cmd := m.active().update(msg)
	m.stack = append(m.stack[:len(m.stack)-1:len(m.stack)-1], s)
	return m, cmd
}

func (m Model) broadcast(msg tea.Msg) (tea.Model, tea.Cmd) {
	stack := make([]screen, len(m.stack))
	var cmds []tea.Cmd
	for i, s := range m.stack {
		var cmd tea.Cmd
		stack[i], cmd = s.update(msg)
		cmds = append(cmds, cmd)
	}
	m.stack = stack
	return m, tea.Batch(cmds...)
}

// reset makes s the only screen.
func (m Model) reset(s screen, extra tea.Cmd) (tea.Model, tea.Cmd) {
	m.stack = nil
	return m.push(s, extra)
}

func (m Model) push(s screen, extra tea.Cmd) (tea.Model, tea.Cmd) {
	s, _ = s.update(sizeMsg{m.c.w, m.c.h})
	s, cmd := s.enter()
	m.stack = append(append([]screen(nil), m.stack...), s)
	return m, tea.Batch(cmd, extra)
}

// open carries out a navigation request. The F-keys open a screen over the
// home screen, so "back" from anywhere leads home in one or two steps.
func (m Model) open(msg navMsg) (tea.Model, tea.Cmd) {
	if m.c.info.Unit == "" {
		return m, nil // not set up yet
	}
	switch msg.to {
	case scrHome:
		return m.reset(newHome(m.c), nil)
	case scrReceive:
		r := newReceive(m.c)
		if redo, ok := msg.arg.(redoArg); ok {
			// From the conflicts screen, which stays below: back returns to it.
			r.redo(redo.d)
			return m.push(r, nil)
		}
		m.stack = m.stack[:1]
		return m.push(r, nil)
	case scrReceipt:
		d, _ := msg.arg.(motcua.Dossier)
		m.stack = m.stack[:len(m.stack)-1] // the receive screen is done
		return m.push(newReceipt(m.c, d), nil)
	case scrDossiers:
		f, _ := msg.arg.(dossierFilter)
		if _, ok := m.stack[0].(homeScreen); ok {
			m.stack = m.stack[:1]
		}
		return m.push(newDossiers(m.c, f), nil)
	case scrDetail:
		id, _ := msg.arg.(string)
		return m.push(newDetail(m.c, id), nil)
	case scrQuestions:
		m.stack = m.stack[:1]
		return m.push(newQuestions(m.c), nil)
	case scrConflicts:
		m.stack = m.stack[:1]
		return m.push(newConflicts(m.c), nil)
	case scrSettings:
		m.stack = m.stack[:1]
		return m.push(newSettings(m.c), nil)
	case scrDay:
		m.stack = m.stack[:1]
		return m.push(newDay(m.c), nil)
	}
	return m, nil
}

// back closes the active screen and re-enters the one below, so it can
// refresh what the closed screen may have changed.
func (m Model) back() (tea.Model, tea.Cmd) {
	if len(m.stack) <= 1 {
		return m, nil
	}
	m.stack = m.stack[: len(m.stack)-1 : len(m.stack)-1]
	s, cmd := m.active().enter()
	m.stack = append(m.stack[:len(m.stack)-1:len(m.stack)-1], s)
	return m, cmd
}

func (m Model) tooSmall() bool { return m.width < minWidth || m.height < minHeight }

// View draws the header, the active screen (or the help screen), the help
// bar and the status bar. It is the only place a tea.View is built.
func (m Model) View() tea.View {
	var v tea.View
	v.AltScreen = true
	v.WindowTitle = m.c.t.AppName
	if m.c.info.UnitName != "" {
		v.WindowTitle += " – " + clean(m.c.info.UnitName)
	}
	v.SetContent(m.render())
	return v
}

func (m Model) render() string {
	if m.width == 0 || m.height == 0 {
		return ""
	}
	if m.tooSmall() {
		msg := fmt.Sprintf(m.c.t.TooSmallF, minWidth, minHeight, m.width, m.height)
		return fit(strings.Join(wrap(msg, max(10, m.width-2)), "\n"), m.width, m.height)
	}
	if m.fatal != "" {
		return fit(m.c.st.Error.Render(strings.Join(wrap(m.fatal, m.width-2), "\n")), m.width, m.height)
	}
	bodyH := m.height - 3
	var body string
	switch {
	case m.quitAsk:
		body = m.quitScreen(m.width)
	case m.showAll:
		body = m.helpScreen(m.width, bodyH, m.helpOffset)
	default:
		body = m.active().view(m.width, bodyH)
	}
	help, status := m.helpBar(), m.statusBar()
	if m.flash != "" && width(m.flash)+2 > m.width*3/4 {
		// A long message is never cut: it takes the help bar's line too.
		if ls := wrap(m.flash, m.width-2); len(ls) > 1 {
			style := m.c.st.FlashOK
			if m.flashErr {
				style = m.c.st.FlashErr
			}
			help = style.Render(padRight(" "+ls[0], m.width))
			rest := m
			rest.flash = strings.Join(ls[1:], " ")
			status = rest.statusBar()
		}
	}
	return strings.Join([]string{
		m.header(),
		fit(body, m.width, bodyH),
		help,
		status,
	}, "\n")
}

func (m Model) header() string {
	st := m.c.st
	title := " " + m.c.t.AppName + " › " + m.active().title()
	if m.showAll {
		title += " › " + m.c.t.TitleHelp
	}
	now := m.c.now()
	when := m.c.t.today(now) + " " + now.In(motcua.VNZone).Format("15:04") + " "
	right := when
	if u := clean(m.c.info.UnitName); u != "" {
		right = u + " · " + when
	}
	if width(title)+width(right)+1 > m.width {
		right = when
	}
	gap := m.width - width(title) - width(right)
	if gap < 1 {
		right = ""
		gap = max(0, m.width-width(title))
	}
	return st.HeaderTitle.Render(truncate(title, m.width)) + st.Header.Render(strings.Repeat(" ", gap)) + st.HeaderDim.Render(right)
}

func (m Model) helpBar() string {
	var bs []key.Binding
	switch {
	case m.quitAsk:
		bs = []key.Binding{m.c.keys.ConfirmQuit, m.c.keys.Stay}
	case m.showAll:
		bs = []key.Binding{m.c.keys.Up, m.c.keys.PageDown, m.c.keys.Back, m.c.keys.ForceQuit}
	default:
		bs = append(m.active().shortHelp(), m.c.keys.HelpAlways)
	}
	var shown []key.Binding
	for _, b := range bs {
		if b.Help().Key != "" {
			shown = append(shown, b)
		}
	}
	bs = shown
	return truncate(" "+m.help.ShortHelpView(bs), m.width)
}

// statusBar shows, left, a fading message or the unit and officer; right,
// the link, the outbox and the conflicts.
// long: the status bar's parts left to right, each a short case.
func (m Model) statusBar() string {
	st, t := m.c.st, m.c.t
	sep := st.Status.Render(" │ ")
	if m.standalone() {
		return m.standaloneBar()
	}
	var link string
	switch s := m.sync; {
	case s == nil || !s.Enrolled:
		link = st.StatusOffline.Render("○ " + t.Offline)
	case s.Stopped:
		link = st.StatusWarn.Render("✗ " + t.SyncStopped)
	case s.Syncing && s.ToSend > 0 && s.Sent < s.ToSend:
		link = st.StatusOnline.Render("↻ " + fmt.Sprintf(t.SendingF, t.count(s.Sent), t.count(s.ToSend)))
	case s.Syncing && s.Pulled > 0:
		link = st.StatusOnline.Render("↻ " + fmt.Sprintf(t.PullingF, t.count(s.Pulled)))
	case s.Syncing:
		link = st.StatusOnline.Render("↻ " + t.Syncing)
	case s.Online:
		link = st.StatusOnline.Render("● " + t.Online)
	default:
		link = st.StatusOffline.Render("○ " + t.Offline)
	}
	waiting := fmt.Sprintf(t.WaitingF, m.queue.Waiting)
	if m.queue.Waiting > 0 && !m.queue.OldestWaiting.IsZero() {
		waiting = fmt.Sprintf(t.WaitingAgeF, m.queue.Waiting, t.age(m.c.now().Sub(m.queue.OldestWaiting)))
	}
	conflicts := st.Status.Render(fmt.Sprintf(t.ConflictsF, m.queue.Results))
	if m.queue.Results > 0 {
		conflicts = st.StatusWarn.Render(fmt.Sprintf(t.ConflictsF, m.queue.Results))
	}
	if s := m.sync; s != nil && !s.LastSync.IsZero() && m.width >= 100 {
		// The age of the last complete exchange, where there is room.
		link += st.Status.Render(" (" + fmt.Sprintf(t.LastSyncF, t.age(m.c.now().Sub(s.LastSync))) + ")")
	}
	right := link + sep + st.Status.Render(waiting) + sep + conflicts + st.Status.Render(" ")
	// A narrow terminal loses the counters' details first, never the link:
	// the age, then a zero conflict count, then the counters.
	if room := m.width - 22; width(right) > room {
		right = link + sep + st.Status.Render(fmt.Sprintf(t.WaitingF, m.queue.Waiting)) + sep + conflicts + st.Status.Render(" ")
		if width(right) > room && m.queue.Results == 0 {
			right = link + sep + st.Status.Render(fmt.Sprintf(t.WaitingF, m.queue.Waiting)) + st.Status.Render(" ")
		}
		if width(right) > room {
			right = link + st.Status.Render(" ")
		}
	}

	var left string
	leftStyle := st.Status
	switch {
	case m.flash != "":
		left = m.flash
		leftStyle = st.FlashOK
		if m.flashErr {
			leftStyle = st.FlashErr
		}
	case m.sync != nil && m.sync.Stopped && (m.sync.ErrorVI != "" || m.sync.Error != ""):
		left = m.sync.ErrorVI
		if m.c.lang == motcua.EN || left == "" {
			left = m.sync.Error
		}
		left = clean(left)
		leftStyle = st.StatusWarn
	case m.c.info.Unit != "":
		// The unit is also in the header: at 80 columns the officer wins.
		left = clean(m.c.info.Officer) + " · " + clean(m.c.info.UnitName)
	}
	avail := m.width - width(right) - 1
	if m.flash == "" && width(left)+1 > avail && m.c.info.Unit != "" {
		left = clean(m.c.info.Officer)
	}
	if m.flash != "" && width(left)+1 > avail {
		// A message is read once: it may push the counters out, not the link.
		right = link + st.Status.Render(" ")
		avail = m.width - width(right) - 1
	}
	if avail < 10 {
		// Too narrow for both: the message wins, but the link stays.
		right = link + st.Status.Render(" ")
		avail = m.width - width(right) - 1
	}
	return leftStyle.Render(padRight(" "+left, avail)) + st.Status.Render(" ") + right
}

// quitScreen asks before quitting from inside a form.
func (m Model) quitScreen(w int) string {
	st, t := m.c.st, m.c.t
	lines := []string{"", "  " + st.Title.Render(t.QuitTitle), ""}
	if _, ok := m.active().(drafter); ok {
		for _, l := range wrap(t.QuitDraftKept, w-4) {
			lines = append(lines, "  "+l)
		}
		lines = append(lines, "")
	}
	lines = append(lines, "  "+st.Key.Render(t.QuitHint))
	return strings.Join(lines, "\n")
}

// helpScreen is the help's lines from offset, with a mark when more
// follow.
func (m Model) helpScreen(w, h, offset int) string {
	lines := m.helpLines(w, h)
	if len(lines) <= h {
		return strings.Join(lines, "\n")
	}
	offset = max(0, min(offset, len(lines)-h))
	shown := append([]string(nil), lines[offset:offset+h]...)
	if offset+h < len(lines) {
		shown[h-1] = "  " + m.c.st.Key.Render(fmt.Sprintf(m.c.t.HelpMoreF, len(lines)-offset-h))
	}
	return strings.Join(shown, "\n")
}

// helpLines lists every key of the active screen, then the global ones;
// side by side when they do not fit one under the other.
func (m Model) helpLines(w, h int) []string {
	st, t := m.c.st, m.c.t
	seen := map[string]bool{}
	rows := func(title string, groups ...[]key.Binding) []string {
		out := []string{st.Title.Render(title), ""}
		for _, g := range groups {
			for _, b := range g {
				hk := b.Help()
				if hk.Key == "" || seen[hk.Key+hk.Desc] {
					continue
				}
				seen[hk.Key+hk.Desc] = true
				out = append(out, "  "+st.Key.Render(padRight(hk.Key, 12))+" "+hk.Desc)
			}
		}
		return out
	}
	screenRows := rows(fmt.Sprintf(t.HelpScreenF, m.active().title()), m.active().fullHelp()...)
	global := m.c.keys.globalHelp()
	if _, ok := m.active().(homeScreen); ok {
		global = append(global, m.c.keys.Quit)
	}
	globalRows := rows(t.HelpGlobal, global)
	var lines []string
	if len(screenRows)+1+len(globalRows) <= h || w < 70 {
		lines = append(append(screenRows, ""), globalRows...)
	} else {
		colW := max(30, w/2-2)
		for i := 0; i < max(len(screenRows), len(globalRows)); i++ {
			l, r := "", ""
			if i < len(screenRows) {
				l = screenRows[i]
			}
			if i < len(globalRows) {
				r = globalRows[i]
			}
			lines = append(lines, padRight(l, colW)+"  "+r)
		}
	}
	for i, l := range lines {
		lines[i] = "  " + l
	}
	return lines
}

// loadingScreen shows while the terminal's identity is read.
type loadingScreen struct{ c *common }

func (s loadingScreen) enter() (screen, tea.Cmd)         { return s, nil }
func (s loadingScreen) update(tea.Msg) (screen, tea.Cmd) { return s, nil }
func (s loadingScreen) view(w, h int) string             { return "\n  " + s.c.t.Loading }
func (s loadingScreen) title() string                    { return s.c.t.Loading }
func (s loadingScreen) typing() bool                     { return false }
func (s loadingScreen) shortHelp() []key.Binding         { return []key.Binding{s.c.keys.ForceQuit} }
func (s loadingScreen) fullHelp() [][]key.Binding        { return [][]key.Binding{{s.c.keys.ForceQuit}} }

// NewProgram builds the Bubble Tea program for cfg, for wiring that needs
// to Send it messages (SyncStateMsg). NO_COLOR in the environment turns
// colours off.
func NewProgram(cfg Config, opts ...tea.ProgramOption) *tea.Program {
	if _, ok := os.LookupEnv("NO_COLOR"); ok {
		cfg.NoColor = true
	}
	return tea.NewProgram(New(cfg), opts...)
}

// Run opens the UI on the terminal and returns when the officer quits.
func Run(cfg Config) error {
	_, err := NewProgram(cfg).Run()
	return err
}

// standalone reports a terminal with no server: neither its store nor
// the syncer knows one.
func (m Model) standalone() bool {
	return m.c.info.Unit != "" && !m.c.info.Enrolled() && (m.sync == nil || !m.sync.Enrolled)
}

// standaloneBar is the status bar of a terminal with no server: it is not
// offline and nothing waits to be sent, so it says what it is, and no
// outbox or conflict counts.
func (m Model) standaloneBar() string {
	st, t := m.c.st, m.c.t
	link := t.Standalone
	left := clean(m.c.info.Officer) + " · " + clean(m.c.info.UnitName)
	leftStyle := st.Status
	if m.flash != "" {
		left, leftStyle = m.flash, st.FlashOK
		if m.flashErr {
			leftStyle = st.FlashErr
		}
	}
	if width(left)+width(link)+4 > m.width {
		link = t.StandaloneShort
	}
	if m.flash == "" && width(left)+width(link)+4 > m.width {
		left = clean(m.c.info.Officer)
	}
	right := st.StatusOffline.Render("◇ "+link) + st.Status.Render(" ")
	if m.queue.Results > 0 {
		// Results can only come from a server it once had: never hidden.
		right += st.Status.Render("│ ") + st.StatusWarn.Render(fmt.Sprintf(t.ConflictsF, m.queue.Results)) + st.Status.Render(" ")
	}
	if m.flash != "" && width(left)+width(right)+2 > m.width {
		return leftStyle.Render(padRight(" "+left, m.width)) // a message is read once
	}
	avail := m.width - width(right) - 1
	return leftStyle.Render(padRight(" "+left, avail)) + st.Status.Render(" ") + right
}
