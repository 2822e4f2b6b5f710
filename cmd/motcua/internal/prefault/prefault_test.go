package prefault

import "testing"

// TestOneShot: the heap's first pages are populated for the commands that
// exit in milliseconds, wherever main's global flags stand, and never for
// the terminal UI (no command) or the commands that run long.
func TestOneShot(t *testing.T) {
	for _, c := range []struct {
		args []string
		want bool
	}{
		{nil, false}, // the terminal UI
		{[]string{"--data", "/x"}, false},
		{[]string{"--lang=en"}, false},
		{[]string{"find", "nguyen anh"}, true},
		{[]string{"show", "000.00.06.H56-261030-9208"}, true},
		{[]string{"--data", "/x", "find", "X"}, true},
		{[]string{"--data=/x", "--lang", "en", "show", "X"}, true},
		{[]string{"--data", "find", "sync"}, false}, // "find" is --data's value
		{[]string{"--lang", "vi", "sync"}, false},
		{[]string{"sync"}, false},
		{[]string{"receive", "--json"}, false},
		{[]string{"export", "find"}, false},
		{[]string{"catalog"}, true},
		{[]string{"calendar"}, true},
		{[]string{"--help"}, true},
		{[]string{"-h"}, true},
		{[]string{"help", "sync"}, true},
		{[]string{"--version"}, true},
		{[]string{"version"}, true},
		{[]string{""}, false},
	} {
		if got := OneShot(c.args); got != c.want {
			t.Errorf("OneShot(%q) = %v, want %v", c.args, got, c.want)
		}
	}
}
