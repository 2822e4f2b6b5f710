package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

type receiveScreen struct{ c *common }

func newReceive(c *common) receiveScreen { return receiveScreen{c: c} }

func (s receiveScreen) enter() (screen, tea.Cmd)         { return s, nil }
func (s receiveScreen) update(tea.Msg) (screen, tea.Cmd) { return s, nil }
func (s receiveScreen) view(w, h int) string             { return "" }
func (s receiveScreen) title() string                    { return s.c.t.TitleReceive }
func (s receiveScreen) typing() bool                     { return false }
func (s receiveScreen) shortHelp() []key.Binding         { return []key.Binding{s.c.keys.Back} }
func (s receiveScreen) fullHelp() [][]key.Binding        { return [][]key.Binding{{s.c.keys.Back}} }
