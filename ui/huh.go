package ui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
)

// The forms' fields are huh v2 fields (form.go). This file adapts huh to
// the UI's rules: its keys and its look.

// huhKeyMap is huh's key map with every key that would move the focus, submit,
// quit or leave the terminal switched off: the form moves the focus inside
// Update (form.go says why), the root owns ctrl+c, and an officer's form does
// not open $EDITOR. What is left edits the value: typing, the cursor keys,
// new lines in a text area, toggling a yes/no.
func huhKeyMap() *huh.KeyMap {
	k := huh.NewDefaultKeyMap()
	off := func(bs ...*key.Binding) {
		for _, b := range bs {
			b.SetEnabled(false)
		}
	}
	off(&k.Quit,
		&k.Input.Next, &k.Input.Prev, &k.Input.Submit, &k.Input.AcceptSuggestion,
		&k.Text.Next, &k.Text.Prev, &k.Text.Submit, &k.Text.Editor,
		&k.Select.Next, &k.Select.Prev, &k.Select.Submit, &k.Select.Filter, &k.Select.SetFilter,
		&k.Select.ClearFilter, &k.Select.HalfPageUp, &k.Select.HalfPageDown, &k.Select.GotoTop, &k.Select.GotoBottom,
		&k.Confirm.Next, &k.Confirm.Prev, &k.Confirm.Submit, &k.Confirm.Accept, &k.Confirm.Reject,
	)
	// Enter starts a new line in a text area, as in any editor; tab leaves it.
	k.Text.NewLine = key.NewBinding(key.WithKeys("enter", "alt+enter", "ctrl+j"))
	k.Confirm.Toggle = key.NewBinding(key.WithKeys("left", "right", "space"))
	return k
}

// huhTheme hands huh the UI's current styles, rebuilt when the terminal
// reports its background.
func (c *common) huhTheme() huh.Theme {
	return huh.ThemeFunc(func(bool) *huh.Styles { return c.st.Form })
}

// huhStyles draws huh's fields with the UI's styles: no borders or
// padding (the form draws the label column and the focus mark), the
// placeholder dim, a chosen yes/no marked with (•) so it reads without
// colour too.
func huhStyles(s styles) *huh.Styles {
	h := huh.ThemeBase(s.isDark)
	p := lipgloss.NewStyle()
	h.Form.Base, h.Group.Base = p, p
	h.FieldSeparator = p.SetString("\n")
	cursor := p.Reverse(true)
	// lipgloss answers NoColor{}, never nil, for a style without a foreground.
	if fg := s.Focused.GetForeground(); !s.noColor && fg != (lipgloss.NoColor{}) {
		cursor = p.Foreground(fg).Background(fg)
	}
	chosen := func(st lipgloss.Style) lipgloss.Style {
		return st.MarginRight(2).Transform(func(v string) string { return "(•) " + v })
	}
	other := func(st lipgloss.Style) lipgloss.Style {
		return st.MarginRight(2).Transform(func(v string) string { return "( ) " + v })
	}
	for _, fs := range []*huh.FieldStyles{&h.Focused, &h.Blurred} {
		fs.Base, fs.Card = p, p
		fs.Title, fs.Description = s.Label, s.Hint
		fs.ErrorIndicator, fs.ErrorMessage = p, s.Error
		fs.TextInput = huh.TextInputStyles{Cursor: cursor, CursorText: p, Placeholder: s.Dim, Prompt: p, Text: s.Value}
		fs.SelectedOption, fs.UnselectedOption = s.Value, s.Dim
		fs.PrevIndicator, fs.NextIndicator = p, p
		fs.BlurredButton = other(s.Dim)
	}
	h.Focused.SelectedOption = s.Focused
	h.Focused.PrevIndicator = p.MarginRight(1).SetString("←")
	h.Focused.NextIndicator = p.MarginLeft(1).SetString("→")
	h.Focused.FocusedButton = chosen(s.Focused)
	h.Blurred.FocusedButton = chosen(s.Value)
	return h
}
