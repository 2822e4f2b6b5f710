package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/motcua/motcua"
	"github.com/motcua/motcua/paper"
)

// settingsScreen is what an officer may change at the terminal (who is on
// duty, the language, the receipt printer) and what the province's IT staff
// ask for on the phone (the terminal's id, its server, its number range,
// where the data and its backups are). Saved with ctrl+s or Enter on the
// last field; a change of language redraws every screen.
type settingsScreen struct {
	c      *common
	form   form
	about  *settingsAbout // loaded in a Cmd; nil until then
	saving bool
	err    string
}

// settingsAbout is the read-only part, read from the store in a Cmd.
type settingsAbout struct {
	meta    motcua.SyncMeta
	lane    motcua.Lane
	path    string
	backups []string
}

const settingsLabelW = 22

var settingsLangs = []motcua.Lang{motcua.VI, motcua.EN}

func newSettings(c *common) settingsScreen {
	t := c.t
	officer := newTextField(c, "officer", t.SetupOfficer, "", 80, func(v string) verdict {
		if _, err := motcua.ValidateName(v); err != nil {
			return verdict{err: c.errText(err)}
		}
		return verdict{}
	})
	officer.required = true
	officer.setValue(clean(c.info.Officer))
	lang := 0
	if c.lang == motcua.EN {
		lang = 1
	}
	printer := newTextField(c, "printer", t.SetPrinter, t.SetPrinterDefault, 127, func(v string) verdict {
		if err := motcua.ValidatePrinter(strings.TrimSpace(v)); err != nil {
			return verdict{err: c.errText(err)}
		}
		return verdict{}
	})
	printer.setValue(clean(c.prefs.Printer))
	unitName := newTextField(c, "unit_name", t.SetupUnitName, "", 120, nil)
	unitName.setValue(clean(c.info.UnitName))
	unitName.required = true
	// An enrolled terminal's unit name is the server's: shown below, not here.
	unitName.hidden = c.info.Enrolled()
	s := settingsScreen{c: c, form: form{fields: []field{
		officer,
		unitName,
		newChoiceField(c, "lang", t.SetLang, []string{"Tiếng Việt", "English"}, lang),
		printer,
		newChoiceField(c, "paper", t.SetPaper, []string{t.SetPaperA4, t.SetPaperA5}, paperChoice(c.prefs.Paper)),
	}}}
	s.form.setWidth(max(10, min(c.w, 100)-settingsLabelW-6))
	s.form.focusAt(0)
	return s
}

func (s settingsScreen) enter() (screen, tea.Cmd) { return s, s.c.data.about() }

func (s settingsScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case sizeMsg:
		s.form.setWidth(max(10, min(msg.w, 100)-settingsLabelW-6))
	case aboutMsg:
		if msg.err != nil {
			return s, s.c.flashErr(msg.err)
		}
		s.about = msg.about
	case settingsSavedMsg:
		s.saving = false
		if msg.err != nil {
			s.err = s.c.errText(msg.err)
			return s, s.c.flashErr(msg.err)
		}
	case tea.KeyPressMsg, tea.PasteMsg:
		if s.saving {
			return s, nil
		}
		if km, ok := msg.(tea.KeyPressMsg); ok && key.Matches(km, s.c.keys.Back) {
			return s, s.c.back()
		}
		cmd, save, typed := s.form.input(s.c, msg)
		if typed {
			s.err = ""
		}
		if save {
			return s.save()
		}
		return s, cmd
	}
	return s, nil
}

func (s settingsScreen) save() (screen, tea.Cmd) {
	if at, problem := s.form.firstError(s.c.t.RecvMissing); at >= 0 {
		s.err = problem
		return s, s.form.focusAt(at)
	}
	prefs := s.c.prefs
	prefs.Lang = settingsLangs[s.form.get("lang").choice()]
	prefs.Printer = strings.TrimSpace(s.form.get("printer").value())
	prefs.Paper = string([]paper.Size{paper.A4, paper.A5}[s.form.get("paper").choice()])
	unitName := ""
	if f := s.form.get("unit_name"); !f.hidden && strings.TrimSpace(f.value()) != s.c.info.UnitName {
		unitName = strings.TrimSpace(f.value())
	}
	s.saving, s.err = true, ""
	return s, s.c.data.saveSettings(strings.TrimSpace(s.form.get("officer").value()), unitName, prefs)
}

func (s settingsScreen) view(w, h int) string {
	st, t := s.c.st, s.c.t
	fw := min(w, 100)
	fields, _, _ := s.form.lines(s.c, settingsLabelW, fw)
	indented := func(ls []string) []string {
		for i := range ls {
			ls[i] = "  " + ls[i]
		}
		return ls
	}
	var status []string
	hint := false
	switch {
	case s.saving:
		status = []string{"  " + st.Key.Render(t.Saving)}
	case s.err != "":
		status = indented(wrapStyled(st.Error, "✗ "+s.err, fw-4))
	default:
		status, hint = indented(wrapStyled(st.Hint, t.SetHint, fw-4)), true
	}
	about := append([]string{"  " + st.Section.Render(t.SetAbout)}, s.aboutLines(fw)...)
	out := slices.Concat([]string{""}, fields, []string{""}, status, []string{""}, about)
	if len(out) > h {
		// A small window keeps every fact and drops the hint and the
		// blank lines.
		if hint {
			status = nil
		}
		out = slices.Concat(fields, status, about)
	}
	return strings.Join(out, "\n")
}

// aboutLines is the read-only part: what IT staff ask for on the phone.
func (s settingsScreen) aboutLines(fw int) []string {
	st, t := s.c.st, s.c.t
	if s.about == nil {
		return []string{"  " + t.Loading}
	}
	a := s.about
	info := a.meta.Terminal
	var out []string
	row := func(label, value string) {
		for i, l := range wrap(value, max(10, fw-settingsLabelW-4)) {
			lab := ""
			if i == 0 {
				lab = label
			}
			out = append(out, labelled(st, "  "+lab, settingsLabelW+2, l))
		}
	}
	row(t.SetUnit, fmt.Sprintf("%s (%s)", clean(info.UnitName), clean(info.Unit)))
	row(t.SetTerminal, clean(info.ID))
	row(t.SetRole, roleLabel(t, info.Role))
	if info.Enrolled() {
		last := t.SetNever
		if !a.meta.LastSync.IsZero() {
			last = motcua.FormatWhen(a.meta.LastSync, s.c.lang)
		}
		row(t.SetServer, clean(info.Server))
		row(t.SetLastSync, last)
	} else {
		row(t.SetServer, t.SetStandalone)
	}
	lane := fmt.Sprintf("%04d–%04d", a.lane.First, a.lane.Last)
	if !a.lane.ExpiresAt.IsZero() {
		lane += " · " + fmt.Sprintf(t.SetLaneUntilF, motcua.FormatWhen(a.lane.ExpiresAt, s.c.lang))
	}
	row(t.SetLane, lane)
	row(t.SetData, clean(a.path))
	backup := t.SetNoBackup
	if len(a.backups) > 0 {
		backup = fmt.Sprintf(t.SetBackupsF, len(a.backups), clean(a.backups[0]))
	}
	row(t.SetBackups, backup)
	return out
}

func roleLabel(t *text, r motcua.Role) string {
	if r == motcua.RoleHamlet {
		return t.SetRoleHamlet
	}
	return t.SetRoleCounter
}

func (s settingsScreen) title() string { return s.c.t.TitleSettings }
func (s settingsScreen) typing() bool  { return s.form.typing() }

func (s settingsScreen) shortHelp() []key.Binding {
	k := s.c.keys
	return []key.Binding{k.Next, k.Left, k.Save, k.Back}
}

func (s settingsScreen) fullHelp() [][]key.Binding {
	k := s.c.keys
	return [][]key.Binding{{k.Next, k.Prev, k.Left, k.Open, k.Save, k.Back}}
}
