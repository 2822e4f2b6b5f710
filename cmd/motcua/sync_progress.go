package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/motcua/motcua"
	"github.com/motcua/motcua/client"
)

// syncProgress prints what `motcua sync` has moved on stderr: one line
// rewritten in place on a terminal, plain lines otherwise, nothing with
// --quiet. Figures add up across attempts.
type syncProgress struct {
	e       *env
	w       io.Writer
	tty     bool
	total   int // ops waiting at the start
	done    client.Summary
	start   time.Time
	printed bool
}

func newSyncProgress(e *env, waiting int, quiet bool) *syncProgress {
	p := &syncProgress{e: e, total: waiting, start: time.Now()}
	if !quiet {
		p.w = e.stderr
		if f, ok := e.stderr.(*os.File); ok {
			p.tty = term.IsTerminal(f.Fd())
		}
	}
	return p
}

// round hears the current Drain's running totals.
func (p *syncProgress) round(cur client.Summary) {
	if p.w == nil {
		return
	}
	sent, pulled, bytes := p.done.Acked+cur.Acked, p.done.Dossiers+cur.Dossiers, p.done.BytesUp+p.done.BytesDown+cur.BytesUp+cur.BytesDown
	rate := float64(bytes) / max(time.Since(p.start).Seconds(), 0.001)
	line := msg(p.e.lang, "Đã gửi %d/%d thao tác, nhận %d hồ sơ, %s (%s/giây)", "Sent %d/%d ops, pulled %d dossiers, %s (%s/s)",
		sent, p.total, pulled, formatBytes(bytes), formatBytes(int(rate)))
	p.print(line)
}

// add closes an attempt: its totals join the ones before.
func (p *syncProgress) add(sum client.Summary) {
	p.done.Acked += sum.Acked
	p.done.Dossiers += sum.Dossiers
	p.done.BytesUp += sum.BytesUp
	p.done.BytesDown += sum.BytesDown
}

// retry says why the attempt failed and when the next one starts.
func (p *syncProgress) retry(err error, wait time.Duration) {
	if p.w == nil {
		return
	}
	p.print(msg(p.e.lang, "%s Thử lại sau %s.", "%s Retrying in %s.",
		motcua.SanitizeLine(motcua.ErrorMessage(err, p.e.lang)), wait.Round(time.Second)))
	if p.tty {
		fmt.Fprintln(p.w) // keep the cause on screen
		p.printed = false
	}
}

func (p *syncProgress) print(line string) {
	if p.tty {
		fmt.Fprintf(p.w, "\r\x1b[K%s", line)
		p.printed = true
		return
	}
	fmt.Fprintln(p.w, line)
}

// end leaves the cursor on a fresh line.
func (p *syncProgress) end() {
	if p.w != nil && p.tty && p.printed {
		fmt.Fprintln(p.w)
	}
}
