package faults_test

import (
	"os"
	"testing"

	"github.com/motcua/motcua/faults"
)

// TestMain runs a child process's role (a terminal or a server that a kill
// scenario re-executed) instead of the tests.
func TestMain(m *testing.M) {
	faults.RunChild()
	os.Exit(m.Run())
}
