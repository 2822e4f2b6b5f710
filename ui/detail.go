package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

type actionKind int

type detailScreen struct{ c *common }

func newDetail(c *common, id string) detailScreen { return detailScreen{c: c} }

func (s detailScreen) enter() (screen, tea.Cmd)         { return s, nil }
func (s detailScreen) update(tea.Msg) (screen, tea.Cmd) { return s, nil }
func (s detailScreen) view(w, h int) string             { return "" }
func (s detailScreen) title() string                    { return s.c.t.TitleDetail }
func (s detailScreen) typing() bool                     { return false }
func (s detailScreen) shortHelp() []key.Binding         { return []key.Binding{s.c.keys.Back} }
func (s detailScreen) fullHelp() [][]key.Binding        { return [][]key.Binding{{s.c.keys.Back}} }
