package ui

import (
	"errors"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/motcua/motcua"
)

// setupScreen is the first-run form (the same as `motcua init`): unit code,
// unit name, officer. It is a huh form embedded in the model.
type setupScreen struct {
	c      *common
	form   *huh.Form
	vals   *setupValues // on the heap: huh binds Value pointers
	saving bool
	err    string
}

type setupValues struct{ unit, unitName, officer string }

func newSetup(c *common) setupScreen {
	s := setupScreen{c: c, vals: &setupValues{}}
	s.form = s.newForm()
	return s
}

func (s setupScreen) newForm() *huh.Form {
	t, lang := s.c.t, s.c.lang
	check := func(err error) error {
		if err != nil {
			return errors.New(motcua.ErrorMessage(err, lang))
		}
		return nil
	}
	theme := huh.ThemeFunc(huh.ThemeCharm)
	if s.c.st.noColor {
		theme = huh.ThemeFunc(huh.ThemeBase)
	}
	f := huh.NewForm(huh.NewGroup(
		huh.NewInput().Key("unit").Title(t.SetupUnit).Value(&s.vals.unit).CharLimit(13).
			Validate(func(v string) error { return check(motcua.ValidateUnitCode(strings.ToUpper(strings.TrimSpace(v)))) }),
		huh.NewInput().Key("unit_name").Title(t.SetupUnitName).Value(&s.vals.unitName).CharLimit(120).
			Validate(func(v string) error {
				if motcua.CleanName(v) == "" {
					return errors.New(t.RecvMissing)
				}
				return nil
			}),
		huh.NewInput().Key("officer").Title(t.SetupOfficer).Value(&s.vals.officer).CharLimit(80).
			Validate(func(v string) error { _, err := motcua.ValidateName(v); return check(err) }),
	)).WithTheme(theme).WithShowHelp(false).WithWidth(max(30, min(s.c.w-4, 72)))
	return f
}

func (s setupScreen) enter() (screen, tea.Cmd) { return s, s.form.Init() }

func (s setupScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case setupDoneMsg:
		s.saving = false
		if msg.err != nil {
			s.err = s.c.errText(msg.err)
			s.form = s.newForm()
			return s, s.form.Init()
		}
		return s, nil
	case sizeMsg:
		s.form = s.form.WithWidth(max(30, min(msg.w-4, 72)))
		return s, nil
	}
	if s.saving {
		return s, nil
	}
	fm, cmd := s.form.Update(msg)
	if f, ok := fm.(*huh.Form); ok {
		s.form = f
	}
	switch s.form.State {
	case huh.StateCompleted:
		s.saving, s.err = true, ""
		v := s.vals
		return s, tea.Batch(cmd, s.c.data.setup(strings.ToUpper(strings.TrimSpace(v.unit)), v.unitName, v.officer))
	case huh.StateAborted:
		s.form = s.newForm()
		return s, s.form.Init()
	}
	return s, cmd
}

func (s setupScreen) view(w, h int) string {
	st, t := s.c.st, s.c.t
	out := []string{""}
	for _, l := range wrap(t.SetupIntro, w-4) {
		out = append(out, "  "+st.Hint.Render(l))
	}
	out = append(out, "")
	if s.err != "" {
		for _, l := range wrap("✗ "+s.err, w-4) {
			out = append(out, "  "+st.Error.Render(l))
		}
		out = append(out, "")
	}
	if s.saving {
		out = append(out, "  "+t.Saving)
	} else {
		for _, l := range strings.Split(s.form.View(), "\n") {
			out = append(out, "  "+l)
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
	return [][]key.Binding{{k.Next, k.Prev, k.Open}}
}
