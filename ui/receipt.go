package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/motcua/motcua"
)

type receiptScreen struct{ c *common }

func newReceipt(c *common, d motcua.Dossier) receiptScreen { return receiptScreen{c: c} }

func (s receiptScreen) enter() (screen, tea.Cmd)         { return s, nil }
func (s receiptScreen) update(tea.Msg) (screen, tea.Cmd) { return s, nil }
func (s receiptScreen) view(w, h int) string             { return "" }
func (s receiptScreen) title() string                    { return s.c.t.TitleReceipt }
func (s receiptScreen) typing() bool                     { return false }
func (s receiptScreen) shortHelp() []key.Binding         { return []key.Binding{s.c.keys.Back} }
func (s receiptScreen) fullHelp() [][]key.Binding        { return [][]key.Binding{{s.c.keys.Back}} }
