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
	limit   int  // how many rows are asked for: grows as the officer scrolls past the end
	more    bool // the list goes on past rows
	total   int  // how many in all; -1 unknown

	picking bool // the status picker is open
	pick    int  // its highlighted row: 0 any, then the statuses
}

func newDossiers(c *common, f dossierFilter) dossiersScreen {
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = c.t.DossSearchPlaceholder
	in.CharLimit = 80
	in.SetStyles(c.st.Input)
	in.Focus()
	s := dossiersScreen{c: c, search: in, filter: f, limit: searchLimit}
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
	return s, s.c.data.search(s.seq, dossierQuery{text: s.search.Value(), status: s.filter.status, band: s.filter.band, limit: s.limit})
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
		s.rows, s.more, s.total = msg.hits, msg.more, msg.total
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

// searchLimit is how many dossiers are read at a time. The list is never
// cut without a word: the total is shown, and moving past the last row
// reads the next searchLimit.
const searchLimit = 200

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
	if s.picking {
		return s.pickKey(msg)
	}
	switch {
	case key.Matches(msg, k.Back):
		return s, s.c.back()
	case key.Matches(msg, k.Up):
		s.cursor = max(0, s.cursor-1)
		return s, nil
	case key.Matches(msg, k.Down):
		return s.down(1)
	case key.Matches(msg, k.PageUp):
		s.cursor = max(0, s.cursor-10)
		return s, nil
	case key.Matches(msg, k.PageDown):
		return s.down(10)
	case key.Matches(msg, k.StatusFilterAny):
		return s.openPicker()
	case key.Matches(msg, k.DueFilterAny):
		return s.nextBand()
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
		return s.openPicker()
	case key.Matches(msg, k.DueFilter):
		return s.nextBand()
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

// down moves the cursor; past the last row of a list that goes on, the
// next rows are read.
func (s dossiersScreen) down(n int) (screen, tea.Cmd) {
	if s.cursor+n > len(s.rows)-1 && s.more && !s.loading {
		s.cursor = min(s.cursor+n, len(s.rows))
		s.limit += searchLimit
		return s.query()
	}
	s.cursor = min(max(0, len(s.rows)-1), s.cursor+n)
	return s, nil
}

func (s dossiersScreen) nextBand() (screen, tea.Cmd) {
	for i, b := range bands {
		if b == s.filter.band {
			s.filter.band = bands[(i+1)%len(bands)]
			break
		}
	}
	s.cursor, s.offset, s.limit = 0, 0, searchLimit
	return s.query()
}

// The status filter is a picker: every status in one list, one key away,
// instead of a cycle of ten presses.
func (s dossiersScreen) openPicker() (screen, tea.Cmd) {
	s.picking, s.pick = true, int(s.filter.status)
	return s, nil
}

func (s dossiersScreen) pickKey(msg tea.KeyPressMsg) (screen, tea.Cmd) {
	k := s.c.keys
	switch {
	case key.Matches(msg, k.Back):
		s.picking = false
	case key.Matches(msg, k.Up):
		s.pick = max(0, s.pick-1)
	case key.Matches(msg, k.Down):
		s.pick = min(int(motcua.StatusReturned), s.pick+1)
	case key.Matches(msg, k.Open):
		s.picking = false
		s.filter.status = motcua.Status(s.pick)
		s.cursor, s.offset, s.limit = 0, 0, searchLimit
		return s.query()
	default:
		// A status's number picks it at once: 0 is every status.
		if r := msg.String(); len(r) == 1 && r[0] >= '0' && r[0] <= '9' {
			s.pick = int(r[0] - '0')
		}
	}
	return s, nil
}

func (s dossiersScreen) pickerView(w, h int) string {
	st, t := s.c.st, s.c.t
	lines := []string{" " + st.Title.Render(t.DossPickStatus), ""}
	for i := 0; i <= int(motcua.StatusReturned); i++ {
		label := t.DossAll
		if i > 0 {
			label = fmt.Sprintf("%2d  %s", i, motcua.Status(i).Label(s.c.lang))
		} else {
			label = " 0  " + label
		}
		if i == s.pick {
			lines = append(lines, " "+st.Selected.Render(truncate("▸ "+label, w-2)))
		} else {
			lines = append(lines, "   "+truncate(label, w-4))
		}
	}
	_ = h
	return strings.Join(lines, "\n")
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
	if s.picking {
		return s.pickerView(w, h)
	}
	st, t := s.c.st, s.c.t
	status := t.DossAll
	if s.filter.status != 0 {
		status = s.filter.status.Label(s.c.lang)
	}
	count := fmt.Sprintf(t.DossCountF, len(s.rows))
	switch {
	case s.more && s.total >= 0:
		count = fmt.Sprintf(t.DossShownOfF, len(s.rows), s.total)
	case s.more:
		count = fmt.Sprintf(t.DossShownMoreF, len(s.rows))
	}
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
		if d.Status.ClockRuns() {
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
	switch {
	case s.picking:
		return []key.Binding{k.Up, k.Open, k.Back}
	case s.search.Focused():
		return []key.Binding{k.Up, k.Open, k.StatusFilterAny, k.DueFilterAny, k.ToTable, k.Back}
	}
	return []key.Binding{k.Up, k.Open, k.StatusFilter, k.DueFilter, k.FocusSearch, k.Back}
}

func (s dossiersScreen) fullHelp() [][]key.Binding {
	k := s.c.keys
	return [][]key.Binding{
		{k.Up, k.PageUp, k.Open, k.ToTable, k.FocusSearch},
		{k.StatusFilter, k.DueFilter, k.StatusFilterAny, k.DueFilterAny, k.Refresh, k.Back},
	}
}
