package main

import (
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/cli/clitest"
)

// TestEveryCommandExplainsItself walks every command and subcommand of the
// real binary.
func TestEveryCommandExplainsItself(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := clitest.Build(t, "github.com/motcua/motcua/cmd/motcua-server")
	clitest.CheckHelpAndBadFlag(t, bin, nil)
	for _, c := range serverCommands {
		clitest.CheckHelpAndBadFlag(t, bin, []string{c.name})
		for _, u := range c.usage {
			words := strings.Fields(u.en)
			if len(words) > 1 && !strings.HasPrefix(words[1], "-") && strings.ToLower(words[1]) == words[1] {
				clitest.CheckHelpAndBadFlag(t, bin, words[:2]) // unit add, catalog import, …
			}
		}
	}
	code, out, _ := clitest.Run(t, bin, nil, "--version")
	if code != 0 || !strings.HasPrefix(out, "motcua-server ") || !strings.Contains(out, "commit") {
		t.Errorf("--version: %d %q", code, out)
	}
}
