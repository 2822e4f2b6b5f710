package pgtest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"testing"
)

// EngineEnv is set to "postgres" in the run of a package's tests on
// PostgreSQL (Main starts it).
const EngineEnv = "MOTCUA_TEST_ENGINE"

// Postgres says whether this run of the tests is the PostgreSQL one.
func Postgres() bool { return os.Getenv(EngineEnv) == "postgres" }

// Main runs a package's tests on the bbolt engine, then, when they pass,
// runs them again on PostgreSQL in a child process of the same test binary
// (same flags, EngineEnv=postgres), so `go test ./central` tests both
// engines. Without a cluster (MOTCUA_TEST_PG) the second run is skipped,
// or fails under MOTCUA_REQUIRE_TOOLS=1; with -short it is left out.
func Main(m *testing.M) {
	code := m.Run()
	if code == 0 && !Postgres() {
		code = runOnPostgres()
	}
	os.Exit(code)
}

func runOnPostgres() int {
	if testing.Short() {
		// The -short (race) pass of .ci/run repeats the suite; the engine's
		// own tests (internal/kvpg) still run there on PostgreSQL.
		fmt.Fprintln(os.Stderr, "note: -short: the second run on PostgreSQL is left to the full test run")
		return 0
	}
	if !Available() {
		if os.Getenv("MOTCUA_REQUIRE_TOOLS") == "1" {
			fmt.Fprintf(os.Stderr, "FAIL: %s is not set: the tests on PostgreSQL cannot run (MOTCUA_REQUIRE_TOOLS=1); scripts/pg-test-cluster.sh starts a cluster\n", Env)
			return 1
		}
		fmt.Fprintf(os.Stderr, "note: %s is not set: the tests on PostgreSQL were skipped\n", Env)
		return 0
	}
	cmd := exec.Command(os.Args[0], os.Args[1:]...)
	cmd.Env = append(os.Environ(), EngineEnv+"=postgres")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		fmt.Fprintln(os.Stderr, "FAIL: the tests on PostgreSQL failed")
		return ee.ExitCode()
	case err != nil:
		fmt.Fprintf(os.Stderr, "FAIL: run the tests on PostgreSQL: %v\n", err)
		return 1
	}
	return 0
}
