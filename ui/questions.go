package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

type questionsScreen struct{ c *common }

func newQuestions(c *common) questionsScreen { return questionsScreen{c: c} }

func (s questionsScreen) enter() (screen, tea.Cmd)         { return s, nil }
func (s questionsScreen) update(tea.Msg) (screen, tea.Cmd) { return s, nil }
func (s questionsScreen) view(w, h int) string             { return "" }
func (s questionsScreen) title() string                    { return s.c.t.TitleQuestions }
func (s questionsScreen) typing() bool                     { return false }
func (s questionsScreen) shortHelp() []key.Binding         { return []key.Binding{s.c.keys.Back} }
func (s questionsScreen) fullHelp() [][]key.Binding        { return [][]key.Binding{{s.c.keys.Back}} }
