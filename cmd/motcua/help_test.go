package main

import (
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/cli/clitest"
)

// TestEveryCommandExplainsItself walks every command of the real binary.
func TestEveryCommandExplainsItself(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := clitest.Build(t, "github.com/motcua/motcua/cmd/motcua")
	data := []string{"MOTCUA_DATA=" + t.TempDir()}
	clitest.CheckHelpAndBadFlag(t, bin, nil)
	for _, c := range commands {
		clitest.CheckHelpAndBadFlag(t, bin, []string{c.name})
	}
	for _, l := range clitest.Languages {
		if code, out, _ := clitest.Run(t, bin, append(l.Env, data...), "help", "find"); code != 0 || !strings.Contains(out, "find") {
			t.Errorf("help find: %d %q", code, out)
		}
	}
	code, out, _ := clitest.Run(t, bin, nil, "--version")
	if code != 0 || !strings.HasPrefix(out, "motcua ") || !strings.Contains(out, "commit") {
		t.Errorf("--version: %d %q", code, out)
	}
	// LC_ALL beats LANG: the C locale is not English, so Vietnamese.
	if _, out, _ := clitest.Run(t, bin, []string{"LC_ALL=C.UTF-8", "LANG=en_US.UTF-8"}, "--help"); !strings.Contains(out, "Cách dùng") {
		t.Errorf("LC_ALL=C.UTF-8 LANG=en_US.UTF-8 did not follow LC_ALL: %q", out)
	}
	if _, out, _ := clitest.Run(t, bin, []string{"LC_MESSAGES=en_GB.UTF-8", "LANG=vi_VN.UTF-8"}, "--help"); !strings.Contains(out, "Usage") {
		t.Errorf("LC_MESSAGES ignored: %q", out)
	}
	// No terminal for the UI: said so, exit 1.
	if code, _, errs := clitest.Run(t, bin, append([]string{"LANG=en_US.UTF-8"}, data...)); code != 1 || !strings.Contains(errs, "No terminal") {
		t.Errorf("UI without a terminal: %d %q", code, errs)
	}
}
