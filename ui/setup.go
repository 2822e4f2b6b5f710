package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/motcua/motcua"
)

// setupScreen is the first-run form (the same as `motcua init`): unit code,
// unit name, officer.
// Its fields are huh fields under the package's form, which moves the focus
// inside Update (form.go says why).
type setupScreen struct {
	c      *common
	form   form
	saving bool
	err    string
}

func newSetup(c *common) setupScreen {
	t := c.t
	unit := newTextField(c, "unit", t.SetupUnit, "000.00.06.H56", 13, func(v string) verdict {
		if err := motcua.ValidateUnitCode(strings.ToUpper(strings.TrimSpace(v))); err != nil {
			return verdict{err: c.errText(err)}
		}
		return verdict{}
	})
	name := newTextField(c, "unit_name", t.SetupUnitName, "", 120, nil)
	officer := newTextField(c, "officer", t.SetupOfficer, "", 80, func(v string) verdict {
		if _, err := motcua.ValidateName(v); err != nil {
			return verdict{err: c.errText(err)}
		}
		return verdict{}
	})
	unit.required, name.required, officer.required = true, true, true
	s := setupScreen{c: c, form: form{fields: []field{unit, name, officer}}}
	s.form.setWidth(max(10, min(c.w, 100)-setupLabelW-6))
	s.form.focusAt(0)
	return s
}

const setupLabelW = 34

func (s setupScreen) enter() (screen, tea.Cmd) { return s, nil }

func (s setupScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case sizeMsg:
		s.form.setWidth(max(10, min(msg.w, 100)-setupLabelW-6))
	case setupDoneMsg:
		s.saving = false
		if msg.err != nil {
			s.err = s.c.errText(msg.err)
		}
	case tea.KeyPressMsg, tea.PasteMsg:
		if s.saving {
			return s, nil
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

func (s setupScreen) save() (screen, tea.Cmd) {
	if at, problem := s.form.firstError(s.c.t.RecvMissing); at >= 0 {
		s.err = problem
		return s, s.form.focusAt(at)
	}
	get := func(id string) string { return strings.TrimSpace(s.form.get(id).value()) }
	s.saving, s.err = true, ""
	return s, s.c.data.setup(strings.ToUpper(get("unit")), get("unit_name"), get("officer"))
}

func (s setupScreen) view(w, h int) string {
	st, t := s.c.st, s.c.t
	out := []string{""}
	for _, l := range wrap(t.SetupIntro, min(w, 100)-4) {
		out = append(out, "  "+st.Hint.Render(l))
	}
	out = append(out, "")
	fl, _, _ := s.form.lines(s.c, setupLabelW, min(w, 100))
	out = append(out, fl...)
	out = append(out, "")
	switch {
	case s.saving:
		out = append(out, "  "+st.Key.Render(t.Saving))
	case s.err != "":
		for _, l := range wrap("✗ "+s.err, w-4) {
			out = append(out, "  "+st.Error.Render(l))
		}
	}
	return strings.Join(out, "\n")
}

func (s setupScreen) title() string { return s.c.t.TitleSetup }
func (s setupScreen) typing() bool  { return true }

func (s setupScreen) shortHelp() []key.Binding {
	k := s.c.keys
	return []key.Binding{k.Next, k.Prev, k.ForceQuit}
}

func (s setupScreen) fullHelp() [][]key.Binding {
	k := s.c.keys
	return [][]key.Binding{{k.Next, k.Prev, k.Open, k.Save}}
}
