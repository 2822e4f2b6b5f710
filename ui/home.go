package ui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/motcua/motcua"
)

// homeScreen shows today's work as numbers; each opens its list.
type homeScreen struct {
	c      *common
	gen    int // the stats load in flight; older answers are dropped
	stats  motcua.Stats
	urgent []motcua.Dossier
	cal    motcua.Calendar // read once, in Update: View never asks the store
	loaded bool
	cursor int
}

// homeRow is one number of the home screen and what Enter opens.
type homeRow struct {
	label string
	n     int
	open  navMsg
	style string // "overdue", "today", "soon" or ""
}

func newHome(c *common) homeScreen {
	s := homeScreen{c: c, cal: motcua.DefaultCalendar()}
	if c.data.st != nil {
		s.cal = c.data.st.Calendar()
	}
	return s
}

func (s homeScreen) rows() []homeRow {
	t, st := s.c.t, s.stats
	rows := []homeRow{
		{t.HomeReceivedToday, st.ReceivedToday, navMsg{scrDossiers, dossierFilter{band: bandReceived}}, ""},
		{t.HomeOverdue, st.Overdue, navMsg{scrDossiers, dossierFilter{band: motcua.DueOverdue}}, "overdue"},
		{t.HomeDueToday, st.DueToday, navMsg{scrDossiers, dossierFilter{band: motcua.DueToday}}, "today"},
		{t.HomeDueSoon, st.DueSoon, navMsg{scrDossiers, dossierFilter{band: motcua.DueSoon}}, "soon"},
		{t.HomeQuestions, st.OpenQuestions, navMsg{scrQuestions, nil}, ""},
		{t.HomeConflicts, st.Results, navMsg{scrConflicts, nil}, ""},
	}
	if st.Online > 0 {
		// Dossiers submitted on the public pages wait for an officer to
		// accept or refuse them; a unit without any never sees the row.
		rows = append(rows, homeRow{t.HomeOnline, st.Online, navMsg{scrDossiers, dossierFilter{status: motcua.StatusRegistered}}, "today"})
	}
	return rows
}

func (s homeScreen) enter() (screen, tea.Cmd) {
	s.gen++
	return s, s.c.data.stats(s.gen)
}

func (s homeScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case statsMsg:
		if msg.gen != s.gen {
			return s, nil
		}
		if msg.err != nil {
			return s, s.c.flashErr(msg.err)
		}
		s.stats, s.urgent, s.loaded = msg.stats, msg.urgent, true
	case pollMsg:
		s.gen++
		return s, s.c.data.stats(s.gen)
	case tea.KeyPressMsg:
		k := s.c.keys
		rows := s.rows()
		switch {
		case key.Matches(msg, k.Up):
			s.cursor = (s.cursor + len(rows) - 1) % len(rows)
		case key.Matches(msg, k.Down):
			s.cursor = (s.cursor + 1) % len(rows)
		case key.Matches(msg, k.Open):
			r := rows[s.cursor]
			return s, s.c.nav(r.open.to, r.open.arg)
		case key.Matches(msg, k.Receive):
			return s, s.c.nav(scrReceive, nil)
		case key.Matches(msg, k.Dossiers):
			return s, s.c.nav(scrDossiers, dossierFilter{})
		case key.Matches(msg, k.Questions):
			return s, s.c.nav(scrQuestions, nil)
		case key.Matches(msg, k.Conflicts):
			return s, s.c.nav(scrConflicts, nil)
		case key.Matches(msg, k.Settings):
			return s, s.c.nav(scrSettings, nil)
		case key.Matches(msg, newDayKeys(s.c.lang).Home):
			return s, s.c.nav(scrDay, nil)
		case key.Matches(msg, k.Refresh):
			return s.enter()
		}
	}
	return s, nil
}

func (s homeScreen) view(w, h int) string {
	st, t := s.c.st, s.c.t
	boxW := min(w-4, 64)
	inner := boxW - 4
	var rows []string
	for i, r := range s.rows() {
		n := "…"
		if s.loaded {
			n = strconv.Itoa(r.n)
		}
		numW := 7
		label := padRight(r.label, inner-numW-2)
		num := padLeft(n, numW)
		line := "  " + label + num
		if i == s.cursor {
			line = st.Selected.Render("▸ " + label + num)
		} else if s.loaded && r.n > 0 {
			switch r.style {
			case "overdue":
				line = "  " + label + st.Overdue.Render(num)
			case "today":
				line = "  " + label + st.DueToday.Render(num)
			case "soon":
				line = "  " + label + st.DueSoon.Render(num)
			default:
				line = "  " + label + st.Number.Render(num)
			}
		}
		rows = append(rows, line)
	}
	box := st.Box.Width(boxW).Padding(0, 1).Render(strings.Join(rows, "\n"))
	k := s.c.keys
	menu := []string{
		st.Key.Render("n") + " " + t.KeyReceive,
		st.Key.Render("t") + " " + t.KeyDossiers,
		st.Key.Render("h") + " " + t.KeyQuestions,
		st.Key.Render("x") + " " + t.KeyConflicts,
		st.Key.Render("c") + " " + t.KeySettings,
	}
	_ = k
	out := []string{
		"",
		"  " + st.Title.Render(fmt.Sprintf(t.TodayF, t.today(s.c.now()))),
		"",
	}
	boxLines := strings.Split(box, "\n")
	// A wide terminal also lists the dossiers to hand back first.
	var side []string
	sideW := w - boxW - 8
	if sideW >= 50 {
		side = s.urgentList(sideW, h-4)
	}
	for i := 0; i < max(len(boxLines), len(side)); i++ {
		l := ""
		if i < len(boxLines) {
			l = boxLines[i]
		}
		if i < len(side) {
			l = padRight(l, boxW) + "    " + side[i]
		}
		out = append(out, "  "+l)
	}
	out = append(out, "  "+st.Hint.Render(t.HomeHint), "", "  "+strings.Join(menu, "   "))
	return strings.Join(out, "\n")
}

// urgentList is the side panel: overdue, due today and due soon, oldest
// appointment first.
func (s homeScreen) urgentList(w, h int) []string {
	st, t := s.c.st, s.c.t
	out := []string{st.Section.Render(t.HomeUrgent), ""}
	if len(s.urgent) == 0 {
		return append(out, st.Dim.Render(t.DossEmpty))
	}
	nameW := max(10, (w-11-1-13-2)/2)
	for _, d := range s.urgent {
		if len(out) >= h {
			break
		}
		due := motcua.FormatDateTime(d.Appointment)
		style := st.DueSoon
		switch motcua.DueState(d.Appointment, s.c.now(), s.cal) {
		case motcua.DueOverdue:
			style = st.Overdue
		case motcua.DueToday:
			style = st.DueToday
		}
		line := padRight(shortCode(clean(d.Code)), 11) + " " + style.Render(padRight(due[:5]+due[10:], 12)) + " " +
			padRight(clean(d.Applicant.Name), nameW) + " " + st.Dim.Render(truncate(clean(d.ProcedureName), w-11-1-12-1-nameW-1))
		out = append(out, line)
	}
	return out
}

func (s homeScreen) title() string { return s.c.t.TitleHome }
func (s homeScreen) typing() bool  { return false }

func (s homeScreen) shortHelp() []key.Binding {
	k := s.c.keys
	return []key.Binding{k.Receive, k.Dossiers, k.Questions, k.Open, k.Quit}
}

func (s homeScreen) fullHelp() [][]key.Binding {
	k := s.c.keys
	return [][]key.Binding{
		{k.Up, k.Down, k.Open, k.Refresh},
		{k.Receive, k.Dossiers, k.Questions, k.Conflicts, k.Settings, newDayKeys(s.c.lang).Home},
	}
}
