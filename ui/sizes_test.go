package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/motcua/motcua"
)

// Every screen, in both languages, at the minimum size, the design size and
// a large one: the frame is exactly the terminal, and no box loses a
// border (a line with ╭ or ╰ has its ╮ or ╯, a │ line has both sides).
func TestEveryScreenFitsEverySize(t *testing.T) {
	tours := map[string][]any{
		"home":       nil,
		"help":       {keyF1},
		"receive":    {keyF2, "2.000815", keyEnter, "Lê Văn Cường"},
		"receipt":    {keyF2, "khai sinh", keyEnter, "Lê Văn Cường", keyCtrlS},
		"dossiers":   {keyF3},
		"detail":     {keyF3, "vo thi", keyEnter},
		"dialog":     {keyF3, "vo thi", keyEnter, "b"},
		"reschedule": {keyF3, "vo thi", keyEnter, "h"},
		"questions":  {keyF4},
		"answer":     {keyF4, keyEnter, keyCtrlT, "khai sinh"},
		"ask":        {keyF4, tea.KeyPressMsg{Code: 'm', Text: "m"}},
		"conflicts":  {tea.KeyPressMsg{Code: 'x', Text: "x"}},
	}
	for _, lang := range []motcua.Lang{motcua.VI, motcua.EN} {
		for _, size := range [][2]int{{60, 18}, {80, 24}, {160, 48}} {
			for name, keys := range tours {
				t.Run(fmt.Sprintf("%s/%dx%d/%s", lang, size[0], size[1], name), func(t *testing.T) {
					st, clock := newTestStore(t)
					seed(t, st, clock)
					var m tea.Model = newTestModel(t, st, clock, size[0], size[1], lang)
					m = press(t, m, keys...)
					checkFrame(t, m, size[0], size[1])
					checkBoxes(t, screenText(m))
				})
			}
		}
	}
}

func checkBoxes(t *testing.T, frame string) {
	t.Helper()
	for i, l := range strings.Split(frame, "\n") {
		if strings.Contains(l, "╭") != strings.Contains(l, "╮") || strings.Contains(l, "╰") != strings.Contains(l, "╯") {
			t.Fatalf("line %d has a clipped corner: %q\n%s", i+1, l, frame)
		}
		if n := strings.Count(l, "│"); strings.HasPrefix(strings.TrimSpace(l), "│") && n < 2 {
			t.Fatalf("line %d has a clipped side: %q\n%s", i+1, l, frame)
		}
	}
	// A box that starts must end.
	if strings.Count(frame, "╭") != strings.Count(frame, "╰") {
		t.Fatalf("a box is cut at the bottom:\n%s", frame)
	}
}
