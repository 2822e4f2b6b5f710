package faults

import (
	"bufio"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Proc is a child process (this test binary re-executed with EnvChild set),
// its stdout read line by line.
type Proc struct {
	t      testing.TB
	cmd    *exec.Cmd
	lines  chan string
	mu     sync.Mutex
	all    []string
	stderr strings.Builder
	read   chan struct{}
}

// SkipWithoutSIGKILL skips a kill scenario where there is no SIGKILL.
func SkipWithoutSIGKILL(t testing.TB) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL is Unix-only")
	}
}

// StartChild starts a child with env added to this process's environment.
func StartChild(t testing.TB, env ...string) *Proc {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.count=1")
	cmd.Env = append(os.Environ(), env...)
	p := &Proc{t: t, cmd: cmd, lines: make(chan string, 1<<16), read: make(chan struct{})}
	cmd.Stderr = &lockedWriter{b: &p.stderr, mu: &p.mu}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(p.read)
		sc := bufio.NewScanner(out)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			l := sc.Text()
			p.mu.Lock()
			p.all = append(p.all, l)
			p.mu.Unlock()
			select {
			case p.lines <- l:
			default:
			}
		}
		close(p.lines)
	}()
	return p
}

type lockedWriter struct {
	b  *strings.Builder
	mu *sync.Mutex
}

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

// WaitLine waits for a line for which ok holds, at most d; it reports
// whether one came (false also when the child ended).
func (p *Proc) WaitLine(d time.Duration, ok func(string) bool) (string, bool) {
	timer := time.NewTimer(d)
	defer timer.Stop()
	for {
		select {
		case l, open := <-p.lines:
			if !open {
				return "", false
			}
			if ok(l) {
				return l, true
			}
		case <-timer.C:
			return "", false
		}
	}
}

// Kill sends SIGKILL and waits for the child and its output. It reports
// whether the child was still running (killed), and not ended by itself.
func (p *Proc) Kill() bool {
	_ = p.cmd.Process.Kill()
	<-p.read
	_ = p.cmd.Wait()
	ws, ok := p.cmd.ProcessState.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled()
}

// Exited reports whether the child ended (by itself or killed).
func (p *Proc) Exited() bool {
	select {
	case <-p.read:
		return true
	default:
		return false
	}
}

// Lines returns every complete line the child wrote.
func (p *Proc) Lines() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.all...)
}

// Stderr is what the child wrote to stderr.
func (p *Proc) Stderr() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}
