package faults

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/central"
)

// ServerProc is motcua-server's wiring running in a child process over a
// data directory, on a loopback port that stays the same across restarts.
type ServerProc struct {
	T    testing.TB
	Dir  string
	Addr string
	URL  string
	P    *Proc
	// DSN, when set, is the PostgreSQL database the child serves instead
	// of the file in Dir (pg_server.go).
	DSN string
	// Stall holds one sync request in six for StallFor (EnvChildStall).
	Stall bool
	// Stalls counts the requests stalled in the lives that ended.
	Stalls int
	life   int
	zalo   bool // the children run the Zalo channel (EnableZalo)
}

// NewServerProc prepares a data directory with the scenario's unit; the
// server is not started.
func NewServerProc(t testing.TB) *ServerProc {
	t.Helper()
	sp := &ServerProc{T: t, Dir: t.TempDir(), Addr: "127.0.0.1:0"}
	c, err := central.Open(sp.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.AddUnit(Unit, UnitName, ""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if sp.P != nil {
			sp.P.Kill()
		}
	})
	return sp
}

// Path is the central file.
func (sp *ServerProc) Path() string { return filepath.Join(sp.Dir, "central.db") }

// Codes makes enrollment codes while the server is stopped.
func (sp *ServerProc) Codes(n int) []string {
	c, err := central.Open(sp.Path())
	if err != nil {
		sp.T.Fatal(err)
	}
	defer c.Close()
	return counterCodes(sp.T, c, n)
}

// counterCodes makes n counter enrollment codes in c.
func counterCodes(t testing.TB, c *central.Store, n int) []string {
	t.Helper()
	var out []string
	for i := 0; i < n; i++ {
		e, err := c.CreateEnrollment(Unit, motcua.RoleCounter)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, e.Code)
	}
	return out
}

// Start starts the server with a failpoint ("" for none) and waits until
// it listens.
func (sp *ServerProc) Start(failpoint string, seed uint64) {
	sp.T.Helper()
	sp.life++
	env := []string{EnvChild + "=server", EnvChildData + "=" + sp.Dir, EnvChildAddr + "=" + sp.Addr,
		EnvChildFP + "=" + failpoint, fmt.Sprintf("%s=%d", EnvChildSeed, seed*100+uint64(sp.life))}
	if sp.zalo {
		env = append(env, EnvChildZalo+"=1")
	}
	if sp.DSN != "" {
		env = append(env, EnvChildPG+"="+sp.DSN)
	}
	if sp.Stall {
		env = append(env, EnvChildStall+"=1")
	}
	sp.P = StartChild(sp.T, env...)
	l, ok := sp.P.WaitLine(20*time.Second, func(l string) bool { return strings.HasPrefix(l, "LISTEN ") })
	if !ok {
		sp.P.Kill()
		sp.T.Fatalf("the server child did not start: %s", sp.P.Stderr())
	}
	sp.Addr = strings.TrimPrefix(l, "LISTEN ")
	sp.URL = "http://" + sp.Addr
}

// WaitFailpoint waits at most d for the failpoint to fire.
func (sp *ServerProc) WaitFailpoint(d time.Duration) bool {
	_, ok := sp.P.WaitLine(d, func(l string) bool { return strings.HasPrefix(l, "FP ") })
	return ok
}

// Kill sends SIGKILL and waits for it to die.
func (sp *ServerProc) Kill() {
	if sp.P != nil {
		sp.P.Kill()
		for _, l := range sp.P.Lines() {
			if l == "STALL" {
				sp.Stalls++
			}
		}
		sp.P = nil
	}
}
