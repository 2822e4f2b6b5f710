package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/cli/clitest"
)

// TestSystemdUnitVerifies runs `systemd-analyze verify` on
// deploy/motcua-server.service, pointed at a freshly built binary (verify
// checks that ExecStart exists). Any warning fails the test, not only the
// exit status. Where systemd is not installed the test says so and skips.
func TestSystemdUnitVerifies(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze is not installed here: the unit file is not verified (apt-get install systemd)")
	}
	unit, err := os.ReadFile("../../deploy/motcua-server.service")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"User=motcua-server", "StateDirectory=motcua-server", "ProtectSystem=strict", "NoNewPrivileges=yes",
		"MOTCUA_SERVER_DATA=/var/lib/motcua-server"} {
		if !strings.Contains(string(unit), want) {
			t.Errorf("the unit lacks %s", want)
		}
	}
	bin := clitest.Build(t, "github.com/motcua/motcua/cmd/motcua-server")
	dir := t.TempDir()
	path := filepath.Join(dir, "motcua-server.service")
	text := strings.ReplaceAll(string(unit), "/usr/local/bin/motcua-server", bin)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(analyze, "verify", path).CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Fatalf("systemd-analyze verify: %v\n%s", err, out)
	}
}
