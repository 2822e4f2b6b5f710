package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/motcua/motcua"
	"github.com/motcua/motcua/store"
)

type dossierFilter struct{ band store.Band }

type dossiersScreen struct {
	c    *common
	rows []motcua.Dossier
}

func newDossiers(c *common, f dossierFilter) dossiersScreen { return dossiersScreen{c: c} }

func (s dossiersScreen) enter() (screen, tea.Cmd)         { return s, nil }
func (s dossiersScreen) update(tea.Msg) (screen, tea.Cmd) { return s, nil }
func (s dossiersScreen) view(w, h int) string             { return "" }
func (s dossiersScreen) title() string                    { return s.c.t.TitleDossiers }
func (s dossiersScreen) typing() bool                     { return false }
func (s dossiersScreen) shortHelp() []key.Binding         { return []key.Binding{s.c.keys.Back} }
func (s dossiersScreen) fullHelp() [][]key.Binding        { return [][]key.Binding{{s.c.keys.Back}} }
