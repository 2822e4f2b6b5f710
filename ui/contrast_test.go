package ui

import (
	"image/color"
	"math"
	"testing"

	"charm.land/lipgloss/v2"
)

// luminance is WCAG 2's relative luminance of c.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		x := float64(v) / 0xffff
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// Item 10: every text colour of the UI, the help bar first, is at least
// 4.5:1 (WCAG AA) against what it is drawn on: its own background when it
// has one (the bars), else the terminal's, taken as black or dark grey for
// dark terminals and white or light grey for light ones.
func TestTextContrast(t *testing.T) {
	terminals := map[bool][]color.Color{
		true:  {lipgloss.Color("#000000"), lipgloss.Color("#1E1E1E")},
		false: {lipgloss.Color("#FFFFFF"), lipgloss.Color("#F2F2F2")},
	}
	for _, dark := range []bool{true, false} {
		st := newStyles(dark, false)
		named := map[string]lipgloss.Style{
			"help key": st.Help.ShortKey, "help desc": st.Help.ShortDesc, "help separator": st.Help.ShortSeparator,
			"full help key": st.Help.FullKey, "full help desc": st.Help.FullDesc,
			"dim": st.Dim, "hint": st.Hint, "label": st.Label, "title": st.Title, "section": st.Section,
			"focused": st.Focused, "error": st.Error, "warn": st.Warn, "ok": st.OK, "overdue": st.Overdue,
			"due today": st.DueToday, "due soon": st.DueSoon, "number": st.Number, "table header": st.TableHeader,
			"big": st.Big, "placeholder": st.Input.Focused.Placeholder,
			"header": st.Header, "header title": st.HeaderTitle, "header dim": st.HeaderDim,
			"status": st.Status, "status online": st.StatusOnline, "status offline": st.StatusOffline,
			"status warn": st.StatusWarn, "flash error": st.FlashErr, "flash ok": st.FlashOK,
		}
		for name, s := range named {
			fg := s.GetForeground()
			if _, none := fg.(lipgloss.NoColor); none || fg == nil {
				continue // the terminal's own colour
			}
			bgs := terminals[dark]
			if bg := s.GetBackground(); bg != nil {
				if _, none := bg.(lipgloss.NoColor); !none {
					bgs = []color.Color{bg}
				}
			}
			for _, bg := range bgs {
				if r := contrast(fg, bg); r < 4.5 {
					t.Errorf("dark=%v %s: %.2f:1 on %v", dark, name, r, bg)
				}
			}
		}
	}
}

// Under NO_COLOR a placeholder is told from typed text by more than faint
// (which many terminals drop).
func TestNoColorPlaceholdersNotFaintAlone(t *testing.T) {
	st := newStyles(true, true)
	for name, s := range map[string]lipgloss.Style{"dim": st.Dim, "hint": st.Hint, "input placeholder": st.Input.Focused.Placeholder,
		"area placeholder": st.TextArea.Focused.Placeholder} {
		if !s.GetItalic() && !s.GetUnderline() && !s.GetReverse() {
			t.Errorf("%s relies on faint alone", name)
		}
	}
}
