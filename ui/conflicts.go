package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

type conflictsScreen struct{ c *common }

func newConflicts(c *common) conflictsScreen { return conflictsScreen{c: c} }

func (s conflictsScreen) enter() (screen, tea.Cmd)         { return s, nil }
func (s conflictsScreen) update(tea.Msg) (screen, tea.Cmd) { return s, nil }
func (s conflictsScreen) view(w, h int) string             { return "" }
func (s conflictsScreen) title() string                    { return s.c.t.TitleConflicts }
func (s conflictsScreen) typing() bool                     { return false }
func (s conflictsScreen) shortHelp() []key.Binding         { return []key.Binding{s.c.keys.Back} }
func (s conflictsScreen) fullHelp() [][]key.Binding        { return [][]key.Binding{{s.c.keys.Back}} }
