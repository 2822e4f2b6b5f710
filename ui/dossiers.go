package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/motcua/motcua"
)

// dossierFilter is what the dossier list opens with (from a home number).
type dossierFilter struct {
	band   motcua.Due    // "" any, a due band, or bandReceived
	status motcua.Status // 0: any
}

// bands is the cycle of the due filter.
var bands = []motcua.Due{"", motcua.DueOverdue, motcua.DueToday, motcua.DueSoon, bandReceived}

// dossiersScreen is the dossier table with search as you type. Every
// keystroke that changes the query sends a new search, numbered; an answer
// to an older number is dropped, so a slow answer never overwrites a newer
// one.
type dossiersScreen struct {
	c      *common
	cal    motcua.Calendar
	search textinput.Model
	filter dossierFilter

	seq     int // the latest query sent
	loading bool
	rows    []motcua.Dossier
	cursor  int
	offset  int
}

func newDossiers(c *common, f dossierFilter) dossiersScreen {
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = c.t.DossSearchPlaceholder
	in.CharLimit = 80
	in.SetStyles(c.st.Input)
	in.Focus()
	s := dossiersScreen{c: c, search: in, filter: f}
	if c.data.st != nil {
		s.cal = c.data.st.Calendar()
	}
	s.resize(c.w)
	return s
}

// enter runs the query again: coming back from a dossier, its status may
// have changed.
func (s dossiersScreen) enter() (screen, tea.Cmd) { return s.query() }

func (s dossiersScreen) query() (dossiersScreen, tea.Cmd) {
	s.seq++
	s.loading = true
	return s, s.c.data.search(s.seq, dossierQuery{text: s.search.Value(), status: s.filter.status, band: s.filter.band, limit: searchLimit})
}

func (s *dossiersScreen) resize(w int) { s.search.SetWidth(max(10, min(w-40, 60))) }

func (s dossiersScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case sizeMsg:
		s.resize(msg.w)
	case searchMsg:
		if msg.seq != s.seq {
			return s, nil // an answer to an older query
		}
		s.loading = false
		if msg.err != nil {
			s.rows = nil
			return s, s.c.flashErr(msg.err)
		}
		s.rows = msg.hits
		s.cursor = min(s.cursor, max(0, len(s.rows)-1))
	case tea.KeyPressMsg:
		ns, cmd := s.key(msg)
		if d, ok := ns.(dossiersScreen); ok {
			d.follow()
			return d, cmd
		}
		return ns, cmd
	case tea.PasteMsg:
		if s.search.Focused() {
			return s.edit(msg)
		}
	}
	return s, nil
}

// searchLimit is how many dossiers one search returns: three screens of a
// tall terminal. A longer list is not read; the officer types more.
const searchLimit = 50

// dossiersHeader is how many lines sit above the table's rows.
const dossiersHeader = 4

// follow keeps the cursor's row in view.
func (s *dossiersScreen) follow() {
	h := max(1, s.c.h-dossiersHeader)
	if s.cursor < s.offset {
		s.offset = s.cursor
	}
	if s.cursor >= s.offset+h {
		s.offset = s.cursor - h + 1
	}
}

func (s dossiersScreen) key(msg tea.KeyPressMsg) (screen, tea.Cmd) {
	k := s.c.keys
	switch {
	case key.Matches(msg, k.Back):
		return s, s.c.back()
	case key.Matches(msg, k.Up):
		s.cursor = max(0, s.cursor-1)
		return s, nil
	case key.Matches(msg, k.Down):
		s.cursor = min(max(0, len(s.rows)-1), s.cursor+1)
		return s, nil
	case key.Matches(msg, k.PageUp):
		s.cursor = max(0, s.cursor-10)
		return s, nil
	case key.Matches(msg, k.PageDown):
		s.cursor = min(max(0, len(s.rows)-1), s.cursor+10)
		return s, nil
	case key.Matches(msg, k.Open):
		if len(s.rows) == 0 {
			return s, nil
		}
		return s, s.c.nav(scrDetail, s.rows[s.cursor].ID)
	case key.Matches(msg, k.ToTable):
		if s.search.Focused() {
			s.search.Blur()
			return s, nil
		}
		return s, s.search.Focus()
	}
	if s.search.Focused() {
		return s.edit(msg)
	}
	switch {
	case key.Matches(msg, k.FocusSearch):
		return s, s.search.Focus()
	case key.Matches(msg, k.StatusFilter):
		s.filter.status = nextStatus(s.filter.status)
		s.cursor = 0
		return s.query()
	case key.Matches(msg, k.DueFilter):
		for i, b := range bands {
			if b == s.filter.band {
				s.filter.band = bands[(i+1)%len(bands)]
				break
			}
		}
		s.cursor = 0
		return s.query()
	case key.Matches(msg, k.Refresh):
		return s.query()
	}
	return s, nil
}

// edit types into the search box and, when the text changed, searches.
func (s dossiersScreen) edit(msg tea.Msg) (screen, tea.Cmd) {
	before := s.search.Value()
	var cmd tea.Cmd
	s.search, cmd = s.search.Update(msg)
	if s.search.Value() == before {
		return s, cmd
	}
	s.cursor, s.offset = 0, 0
	s, q := s.query()
	return s, tea.Batch(cmd, q)
}

// nextStatus cycles any → 1 … 10 → any.
func nextStatus(st motcua.Status) motcua.Status {
	if st >= motcua.StatusReturned {
		return 0
	}
	return st + 1
}

func (s dossiersScreen) bandLabel() string {
	t := s.c.t
	switch s.filter.band {
	case motcua.DueOverdue:
		return t.DossBandOverdue
	case motcua.DueToday:
		return t.DossBandToday
	case motcua.DueSoon:
		return t.DossBandSoon
	case bandReceived:
		return t.DossBandReceived
	}
	return t.DossAll
}

// columns sizes the table for the width: code, name, procedure, status,
// appointment. The name and the procedure share what is left.
func columns(w int) (code, name, proc, status, due int) {
	code, status, due = 11, 15, 13
	if w >= 120 {
		code, status, due = 25, 24, 20
	}
	flex := max(20, w-2-code-status-due-4)
	name = flex * 55 / 100
	proc = flex - name
	return
}

func (s dossiersScreen) view(w, h int) string {
	st, t := s.c.st, s.c.t
	status := t.DossAll
	if s.filter.status != 0 {
		status = s.filter.status.Label(s.c.lang)
	}
	count := fmt.Sprintf(t.DossCountF, len(s.rows))
	if s.loading {
		count = t.Searching
	}
	searchLab := st.Label.Render(t.DossSearchLabel + ": ")
	if s.search.Focused() {
		searchLab = st.Focused.Render(t.DossSearchLabel + ": ")
	}
	filters := st.Dim.Render(fmt.Sprintf(t.DossStatusF, status) + " · " + fmt.Sprintf(t.DossDueF, s.bandLabel()) + " · " + count)
	lines := []string{" " + searchLab + s.search.View(), " " + truncate(filters, w-2), ""}

	cw, nw, pw, sw, dw := columns(w)
	head := "  " + padRight(t.DossColCode, cw) + " " + padRight(t.DossColName, nw) + " " + padRight(t.DossColProcedure, pw) +
		" " + padRight(t.DossColStatus, sw) + " " + padRight(t.DossColDue, dw)
	lines = append(lines, st.TableHeader.Render(truncate(head, w)))
	if len(s.rows) == 0 && !s.loading {
		lines = append(lines, "", "  "+st.Dim.Render(t.DossEmpty))
		return strings.Join(lines, "\n")
	}
	now := s.c.now()
	// Only the visible rows are drawn: a keystroke redraws the table, and
	// it must stay fast.
	avail := max(1, h-len(lines))
	off := s.offset
	if s.cursor < off {
		off = s.cursor
	}
	if s.cursor >= off+avail {
		off = s.cursor - avail + 1
	}
	var body []string
	for i := off; i < min(len(s.rows), off+avail); i++ {
		d := s.rows[i]
		code := clean(d.Code)
		if cw < 25 {
			code = shortCode(code)
		}
		due := motcua.FormatDateTime(d.Appointment)
		if len(due) > 5 && dw < 20 {
			due = due[:5] + due[10:] // "27/10 17:00"
		}
		var tag string
		dueStyle := st.Value
		if d.Status.Open() {
			switch motcua.DueState(d.Appointment, now, s.cal) {
			case motcua.DueOverdue:
				tag, dueStyle = " !", st.Overdue
			case motcua.DueToday:
				tag, dueStyle = " •", st.DueToday
			case motcua.DueSoon:
				dueStyle = st.DueSoon
			}
		}
		cells := padRight(code, cw) + " " + padRight(clean(d.Applicant.Name), nw) + " " + padRight(clean(d.ProcedureName), pw) +
			" " + padRight(d.Status.Label(s.c.lang), sw) + " "
		dueCell := padRight(due+tag, dw)
		if i == s.cursor {
			body = append(body, st.Selected.Render("▸ "+cells+dueCell))
		} else {
			body = append(body, "  "+cells+dueStyle.Render(dueCell))
		}
	}
	lines = append(lines, body...)
	return strings.Join(lines, "\n")
}

func (s dossiersScreen) title() string { return s.c.t.TitleDossiers }
func (s dossiersScreen) typing() bool  { return s.search.Focused() }

func (s dossiersScreen) shortHelp() []key.Binding {
	k := s.c.keys
	if s.search.Focused() {
		return []key.Binding{k.Up, k.Open, k.ToTable, k.Back}
	}
	return []key.Binding{k.Up, k.Open, k.StatusFilter, k.DueFilter, k.FocusSearch, k.Back}
}

func (s dossiersScreen) fullHelp() [][]key.Binding {
	k := s.c.keys
	return [][]key.Binding{
		{k.Up, k.PageUp, k.Open, k.ToTable, k.FocusSearch},
		{k.StatusFilter, k.DueFilter, k.Refresh, k.Back},
	}
}
