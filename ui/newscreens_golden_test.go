package ui

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/motcua/motcua"
)

// Goldens of the other new screens of issue 11 at the three sizes, in
// both languages: the quit question inside a form, "leave the form?", and
// the dossier list's status picker.
func TestNewScreensGolden(t *testing.T) {
	tours := map[string][]any{
		"quit":   {keyF2, "khai sinh", keyEnter, "Lê Văn Cường", keyCtrlC},
		"leave":  {keyF2, "khai sinh", keyEnter, "Lê Văn Cường", keyEsc},
		"picker": {keyF3, tea.KeyPressMsg{Code: 'f', Mod: tea.ModCtrl}},
	}
	for _, name := range []string{"quit", "leave", "picker"} {
		for _, lang := range []motcua.Lang{motcua.VI, motcua.EN} {
			for _, size := range [][2]int{{60, 18}, {80, 24}, {160, 48}} {
				t.Run(fmt.Sprintf("%s_%s_%dx%d", name, lang, size[0], size[1]), func(t *testing.T) {
					st, clock := newTestStore(t)
					seed(t, st, clock)
					var m tea.Model = newTestModel(t, st, clock, size[0], size[1], lang)
					m = press(t, m, tours[name]...)
					checkFrame(t, m, size[0], size[1])
					golden.RequireEqual(t, screenText(m))
				})
			}
		}
	}
}
