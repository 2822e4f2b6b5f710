package ui

import (
	"os"
	"path/filepath"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// ctrl+v reads the clipboard through the tool found on PATH when the paste
// happens, not when the program started: the clipboard package (our copy in
// third_party/clipboard) looks for xclip and the others at its first use, so
// a start-up does not pay for that search (docs/DESIGN.md, "Start-up").
func TestReadClipboardFindsToolAtFirstUse(t *testing.T) {
	dir := t.TempDir()
	xclip := "#!/bin/sh\n[ \"$*\" = \"-out -selection clipboard\" ] || exit 3\nprintf '0912 345 678'\n"
	if err := os.WriteFile(filepath.Join(dir, "xclip"), []byte(xclip), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("WAYLAND_DISPLAY", "")
	t.Setenv("PATH", dir) // set after the program started: only a search at first use finds it
	got := readClipboard()
	if want := (tea.PasteMsg{Content: "0912 345 678"}); got != want {
		t.Fatalf("readClipboard() = %#v, want %#v", got, want)
	}
}
