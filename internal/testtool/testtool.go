// Package testtool finds and runs the outside programs some tests check
// their output with (poppler-utils' pdftotext, qpdf, zbar-tools). .ci/run
// installs them and sets MOTCUA_REQUIRE_TOOLS, so there a missing tool
// fails the test; elsewhere it is skipped with what to install.
package testtool

import (
	"os"
	"os/exec"
	"testing"
)

// Need returns the path of program name, from Debian package pkg, or ends t.
func Need(t testing.TB, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("MOTCUA_REQUIRE_TOOLS") != "" {
			t.Fatalf("%s is missing (Debian package %s)", name, pkg)
		}
		t.Skipf("%s is missing: apt-get install %s", name, pkg)
	}
	return p
}

// Run runs name with args and returns its combined output; a failure ends t.
func Run(t testing.TB, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}
