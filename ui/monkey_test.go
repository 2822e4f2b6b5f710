package ui

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// A monkey at the keyboard: thousands of keys an officer might hit, in a
// random order, on a seeded store, with resizes and pastes (some with
// escape sequences in them). No key may panic, every frame must fit the
// terminal exactly, and nothing pasted may reach the screen as an escape
// sequence. The seed is printed; MOTCUA_MONKEY_SEED replays one.
func TestMonkeyKeysNeverBreakTheScreen(t *testing.T) {
	t.Setenv("PATH", t.TempDir()) // no lp, no clipboard tools: p and ctrl+v answer at once
	steps := 1500
	if testing.Short() {
		steps = 400
	}
	for _, seedN := range monkeySeeds(t, 3) {
		t.Run(fmt.Sprint("seed=", seedN), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seedN, 0))
			sizes := [][2]int{{80, 24}, {60, 18}, {160, 48}, {100, 30}}
			sz := sizes[0]
			m, _, _ := seededModel(t, sz[0], sz[1])
			keys := monkeyKeys()
			seen := map[string]int{}
			defer func() { t.Logf("screens visited (steps on each): %v", seen) }()
			for i := 0; i < steps; i++ {
				var msg tea.Msg
				switch r := rng.IntN(100); {
				case r < 1:
					// Now and then a whole reception, so the receipt and its
					// keys are in the walk too.
					for _, k := range append(append([]tea.Msg{keyF2}, typedMsgs("khai sinh")...), keyEnter,
						tea.PasteMsg{Content: "Nguyễn Văn An"}, keyCtrlS) {
						var cmd tea.Cmd
						m, cmd = m.Update(k)
						m = drain(t, m, cmd)
					}
					continue
				case r < 2:
					sz = sizes[rng.IntN(len(sizes))]
					msg = tea.WindowSizeMsg{Width: sz[0], Height: sz[1]}
				case r < 4:
					msg = tea.PasteMsg{Content: monkeyPastes[rng.IntN(len(monkeyPastes))]}
				default:
					msg = keys[rng.IntN(len(keys))]
				}
				var cmd tea.Cmd
				func() {
					defer func() {
						if p := recover(); p != nil {
							t.Fatalf("step %d, %v on %T: panic %v", i, msg, active(m), p)
						}
					}()
					m, cmd = m.Update(msg)
					m = drain(t, m, cmd)
				}()
				seen[fmt.Sprintf("%T", active(m))[3:]]++
				checkFrame(t, m, sz[0], sz[1])
				if v := m.View().Content; strings.Contains(v, "\x1b]") || strings.Contains(v, "\x1b[2J") || strings.Contains(v, "\x07") {
					t.Fatalf("step %d on %T: a pasted escape reached the screen", i, active(m))
				}
			}
		})
	}
}

var monkeyPastes = []string{
	"Nguyễn Văn An",
	"096085000123",
	"0912 345 678",
	"Lê Văn\x1b]0;pwned\x07 Cường\x1b[2J",
	strings.Repeat("Phạm Thị Hồng ", 30),
	"dòng một\ndòng hai\r\nba",
}

// monkeyKeys are the keys of every screen: letters (the home and list
// commands among them), Vietnamese letters, digits, and the named keys.
func monkeyKeys() []tea.KeyPressMsg {
	var out []tea.KeyPressMsg
	for _, r := range "abcdhmnpqrstx?+-=/1234567890 ăđêôơư" {
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	for _, c := range []rune{tea.KeyEnter, tea.KeyTab, tea.KeyEscape, tea.KeyBackspace, tea.KeyUp, tea.KeyDown,
		tea.KeyLeft, tea.KeyRight, tea.KeyPgUp, tea.KeyPgDown, tea.KeyF1, tea.KeyF2, tea.KeyF3, tea.KeyF4, tea.KeyF5, tea.KeyF6} {
		out = append(out, tea.KeyPressMsg{Code: c})
	}
	// Weighted: Enter, Tab and Esc move between screens, so they come often.
	out = append(out, keyEnter, keyEnter, keyTab, keyEsc, keyShiftTab, keyCtrlS, keyCtrlS, keyCtrlU,
		tea.KeyPressMsg{Code: 't', Mod: tea.ModCtrl}, tea.KeyPressMsg{Code: 'o', Mod: tea.ModCtrl},
		tea.KeyPressMsg{Code: 'v', Mod: tea.ModCtrl})
	return out
}

func monkeySeeds(t *testing.T, n int) []uint64 {
	if v := strings.TrimSpace(os.Getenv("MOTCUA_MONKEY_SEED")); v != "" {
		var s uint64
		if _, err := fmt.Sscan(v, &s); err != nil {
			t.Fatalf("MOTCUA_MONKEY_SEED=%q", v)
		}
		return []uint64{s}
	}
	out := make([]uint64, n)
	for i := range out {
		out[i] = rand.Uint64() % 1_000_000
	}
	t.Logf("seeds %v (replay one with MOTCUA_MONKEY_SEED)", out)
	return out
}

func typedMsgs(s string) []tea.Msg {
	var out []tea.Msg
	for _, r := range s {
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return out
}
