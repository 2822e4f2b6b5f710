package faults

import (
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"testing"
)

// Cluster is a PostgreSQL cluster of the harness's own, in a temporary
// directory, that a scenario may restart (pg_ctl restart) under its API
// processes. The shared test cluster (MOTCUA_TEST_PG) is never restarted:
// other packages' tests use it at the same time. Unlike that one, this
// cluster commits synchronously (synchronous_commit=on): an acknowledged
// commit must survive `pg_ctl restart -m immediate`, as on a real server.
// fsync stays off: the operating system does not crash here, only
// PostgreSQL, and what it wrote is in the page cache.
type Cluster struct {
	t     testing.TB
	tp    *Template
	dir   string
	Admin string // DSN of the postgres database, on the unix socket in dir
}

// Template is an initialised, stopped cluster that each run's cluster is
// copied from (initdb takes seconds, a copy a fraction of one).
type Template struct {
	bin string
	as  []string
	dir string
}

// NewTemplate runs initdb once for a test; it is removed when the test
// ends. It needs PostgreSQL's server programs (the postgresql package):
// the test is skipped without them, or fails under MOTCUA_REQUIRE_TOOLS=1.
func NewTemplate(t testing.TB) *Template {
	t.Helper()
	tp := &Template{bin: pgBin()}
	if tp.bin == "" {
		if os.Getenv("MOTCUA_REQUIRE_TOOLS") == "1" {
			t.Fatal("no initdb: install the postgresql package (MOTCUA_REQUIRE_TOOLS=1)")
		}
		t.Skip("no initdb: the PostgreSQL restart scenario is skipped (install the postgresql package)")
	}
	if u, _ := user.Current(); u != nil && u.Uid == "0" {
		tp.as = []string{"runuser", "-u", "postgres", "--"}
	}
	tp.dir = tp.mkdir(t)
	cl := &Cluster{t: t, tp: tp, dir: tp.dir}
	cl.run("initdb", "-D", cl.data(), "-U", "motcua", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
	return tp
}

// mkdir makes a directory the postgres user owns, removed when t ends
// (not t.TempDir: its parents are 0700 and the postgres user must reach it).
func (tp *Template) mkdir(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "motcua-faultpg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if tp.as != nil {
		if out, err := exec.Command("chown", "postgres", dir).CombinedOutput(); err != nil {
			t.Fatalf("chown %s: %v %s", dir, err, out)
		}
	}
	return dir
}

// Start copies the template into a new directory and starts a cluster
// there; it is stopped and removed when t ends.
func (tp *Template) Start(t testing.TB) *Cluster {
	t.Helper()
	cl := &Cluster{t: t, tp: tp, dir: tp.mkdir(t)}
	argv := append(append([]string(nil), tp.as...), "cp", "-a", filepath.Join(tp.dir, "data"), cl.data())
	if out, err := exec.Command(argv[0], argv[1:]...).CombinedOutput(); err != nil {
		t.Fatalf("copy the cluster: %v %s", err, out)
	}
	cl.pgctl("start")
	t.Cleanup(func() { cl.run("pg_ctl", "-D", cl.data(), "-m", "immediate", "stop") })
	cl.Admin = fmt.Sprintf("host=%s user=motcua dbname=postgres sslmode=disable", cl.dir)
	return cl
}

func (cl *Cluster) data() string { return filepath.Join(cl.dir, "data") }

// Restart restarts the cluster: mode "fast" (sessions ended, a clean
// shutdown) or "immediate" (every process killed, crash recovery at start).
func (cl *Cluster) Restart(mode string) {
	cl.t.Helper()
	cl.pgctl("restart", "-m", mode)
}

func (cl *Cluster) pgctl(action string, args ...string) {
	cl.t.Helper()
	opts := "-c listen_addresses= -c unix_socket_directories=" + cl.dir +
		" -c fsync=off -c synchronous_commit=on -c full_page_writes=off -c max_connections=100"
	cl.run("pg_ctl", append([]string{"-D", cl.data(), "-l", filepath.Join(cl.dir, "server.log"), "-w", "-o", opts, action}, args...)...)
}

func (cl *Cluster) run(prog string, args ...string) {
	cl.t.Helper()
	// runuser -u postgres -- when root: PostgreSQL refuses to run as root.
	argv := append(append(append([]string(nil), cl.tp.as...), filepath.Join(cl.tp.bin, prog)), args...)
	cmd := exec.Command(argv[0], argv[1:]...)
	if out, err := cmd.CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(cl.dir, "server.log"))
		cl.t.Fatalf("%s: %v\n%s\n%s", strings.Join(argv, " "), err, out, log)
	}
}

// pgBin finds PostgreSQL's server programs ("" when missing).
func pgBin() string {
	ms, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(ms) > 0 {
		return filepath.Dir(ms[len(ms)-1])
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p)
	}
	return ""
}
