package ui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
)

// styles is the one value every screen draws with. It is built for the
// terminal's background (light or dark) and, with NO_COLOR, without any
// colour at all: only bold, faint, underline and reverse remain.
type styles struct {
	isDark, noColor bool

	Header, HeaderTitle, HeaderDim lipgloss.Style
	Status, StatusOnline           lipgloss.Style
	StatusOffline, StatusWarn      lipgloss.Style
	FlashErr, FlashOK              lipgloss.Style

	Title, Section, Label, Value, Dim, Hint lipgloss.Style
	Selected, Focused, Error, Warn, OK      lipgloss.Style
	Overdue, DueToday, DueSoon              lipgloss.Style
	Number, NumberSel, Key, Big, Box        lipgloss.Style
	TableHeader, QR                         lipgloss.Style

	Help     help.Styles
	Input    textinput.Styles
	TextArea textarea.Styles
	Form     *huh.Styles // huh's fields (huh.go)
}

func newStyles(isDark, noColor bool) styles {
	if noColor {
		return plainStyles(isDark)
	}
	ld := lipgloss.LightDark(isDark)
	c := func(light, dark string) color.Color { return ld(lipgloss.Color(light), lipgloss.Color(dark)) }
	accent := c("#1F4E79", "#9CC3E6")
	red := c("#B00020", "#FF7B7B")
	amber := c("#8A5A00", "#E5C07B")
	green := c("#166A31", "#7BD88F")
	dim := c("#6B6B6B", "#9A9A9A")
	barBG := c("#DCE6F0", "#1F3A5A")
	barFG := c("#1A1A1A", "#F0F0F0")
	statusBG := c("#E6E6E6", "#303030")

	s := styles{isDark: isDark}
	s.Header = lipgloss.NewStyle().Background(barBG).Foreground(barFG)
	s.HeaderTitle = s.Header.Bold(true)
	s.HeaderDim = s.Header.Foreground(c("#404040", "#C0C0C0"))
	s.Status = lipgloss.NewStyle().Background(statusBG).Foreground(barFG)
	s.StatusOnline = s.Status.Foreground(green).Bold(true)
	s.StatusOffline = s.Status.Foreground(amber).Bold(true)
	s.StatusWarn = s.Status.Foreground(red).Bold(true)
	s.FlashErr = s.Status.Foreground(red).Bold(true)
	s.FlashOK = s.Status.Foreground(green).Bold(true)

	s.Title = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Section = lipgloss.NewStyle().Bold(true).Foreground(accent).Underline(true)
	s.Label = lipgloss.NewStyle().Foreground(dim)
	s.Value = lipgloss.NewStyle()
	s.Dim = lipgloss.NewStyle().Foreground(dim)
	s.Hint = lipgloss.NewStyle().Foreground(dim).Italic(true)
	s.Selected = lipgloss.NewStyle().Reverse(true)
	s.Focused = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Error = lipgloss.NewStyle().Foreground(red)
	s.Warn = lipgloss.NewStyle().Foreground(amber)
	s.OK = lipgloss.NewStyle().Foreground(green)
	s.Overdue = lipgloss.NewStyle().Foreground(red).Bold(true)
	s.DueToday = lipgloss.NewStyle().Foreground(amber).Bold(true)
	s.DueSoon = lipgloss.NewStyle().Foreground(amber)
	s.Number = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.NumberSel = lipgloss.NewStyle().Bold(true).Reverse(true)
	s.Key = lipgloss.NewStyle().Bold(true)
	s.Big = lipgloss.NewStyle().Foreground(accent)
	s.Box = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(dim)
	s.TableHeader = lipgloss.NewStyle().Bold(true).Foreground(accent)
	// A QR code must be dark on light whatever the terminal's colours.
	s.QR = lipgloss.NewStyle().Foreground(lipgloss.Color("#000000")).Background(lipgloss.Color("#FFFFFF"))

	// The help bar is an untrained officer's only guide: never the faintest
	// text on screen (bubbles' defaults are about 2.4:1). Every colour here
	// is at least 4.5:1 on a black or dark grey and on a white background
	// (TestTextContrast).
	helpKey := lipgloss.NewStyle().Bold(true).Foreground(c("#1A1A1A", "#F0F0F0"))
	helpDesc := lipgloss.NewStyle().Foreground(c("#3A3A3A", "#C8C8C8"))
	helpSep := lipgloss.NewStyle().Foreground(dim)
	s.Help = help.Styles{Ellipsis: helpSep, ShortKey: helpKey, ShortDesc: helpDesc, ShortSeparator: helpSep,
		FullKey: helpKey, FullDesc: helpDesc, FullSeparator: helpSep}
	in := textinput.DefaultStyles(isDark)
	in.Focused.Placeholder = in.Focused.Placeholder.Foreground(dim)
	in.Blurred.Placeholder = in.Blurred.Placeholder.Foreground(dim)
	s.Input = inputStyles(in)
	s.TextArea = textarea.DefaultStyles(isDark)
	s.TextArea.Cursor.Blink = false
	s.Form = huhStyles(s)
	return s
}

// plainStyles honours NO_COLOR (https://no-color.org): attributes only.
func plainStyles(isDark bool) styles {
	p := lipgloss.NewStyle()
	s := styles{isDark: isDark, noColor: true}
	s.Header, s.HeaderTitle, s.HeaderDim = p.Reverse(true), p.Reverse(true).Bold(true), p.Reverse(true)
	s.Status, s.StatusOnline, s.StatusOffline, s.StatusWarn = p, p.Bold(true), p.Bold(true), p.Bold(true)
	s.FlashErr, s.FlashOK = p.Bold(true), p.Bold(true)
	s.Title, s.Section = p.Bold(true), p.Bold(true).Underline(true)
	// A placeholder must read as one without colour, and faint alone is
	// dropped by many terminals: italic too.
	s.Label, s.Value, s.Dim, s.Hint = p, p, p.Faint(true).Italic(true), p.Faint(true).Italic(true)
	s.Selected, s.Focused = p.Reverse(true), p.Bold(true)
	s.Error, s.Warn, s.OK = p.Bold(true), p, p
	s.Overdue, s.DueToday, s.DueSoon = p.Bold(true), p.Bold(true), p
	s.Number, s.NumberSel, s.Key, s.Big = p.Bold(true), p.Bold(true).Reverse(true), p.Bold(true), p
	s.Box = p.Border(lipgloss.NormalBorder())
	s.TableHeader, s.QR = p.Bold(true), p
	s.Help = help.Styles{
		Ellipsis: p, ShortKey: p.Bold(true), ShortDesc: p, ShortSeparator: p,
		FullKey: p.Bold(true), FullDesc: p, FullSeparator: p,
	}
	in := textinput.Styles{}
	in.Focused = textinput.StyleState{Placeholder: p.Faint(true).Italic(true), Suggestion: p.Faint(true), Prompt: p, Text: p}
	in.Blurred = in.Focused
	s.Input = inputStyles(in)
	ta := textarea.DefaultStyles(isDark)
	plainTA := textarea.StyleState{Base: p, Text: p, LineNumber: p, CursorLineNumber: p, CursorLine: p,
		EndOfBuffer: p, Placeholder: p.Faint(true).Italic(true), Prompt: p, Selection: p.Reverse(true)}
	ta.Focused, ta.Blurred = plainTA, plainTA
	ta.Cursor.Blink = false
	s.TextArea = ta
	s.Form = huhStyles(s)
	return s
}

// inputStyles turns off cursor blinking: a blinking cursor is a timer that
// would make every frame, and every test, depend on the clock.
func inputStyles(in textinput.Styles) textinput.Styles {
	in.Cursor.Blink = false
	return in
}
