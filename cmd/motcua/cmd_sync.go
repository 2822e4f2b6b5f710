package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/client"
	"github.com/motcua/motcua/internal/cli"
	"github.com/motcua/motcua/store"
)

func init() {
	commands = append(commands, command{"sync",
		"sync [--timeout 10m] [--json] [--quiet]   đồng bộ ngay với máy chủ (gửi thao tác chờ, nhận thay đổi; thử lại đến hết --timeout)",
		"sync [--timeout 10m] [--json] [--quiet]   sync now (send waiting ops, pull changes; retries until --timeout)",
		runSync})
	tuiSyncer = startTUISyncer
}

// startTUISyncer runs the background syncer while the UI is open (see
// tui.go): syncNow is the officer's "sync now" key, states carries every
// change of state (the newest wins when the UI lags), stop ends the loop.
// Nils when the terminal is not enrolled: the UI then shows "offline".
func startTUISyncer(_ *env, s *store.Store) (func(), <-chan motcua.SyncState, func()) {
	sy, err := client.NewSyncer(s, client.SyncerOptions{})
	if err != nil {
		return nil, nil, nil
	}
	// Every officer's action kicks the syncer, whose debounce then waits
	// 2 s for more before a round.
	s.OnCommit = sy.Kick
	states := make(chan motcua.SyncState, 8)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(states)
		sy.Run(ctx, func(st motcua.SyncState) {
			for {
				select {
				case states <- st:
					return
				default:
					select { // full: drop the oldest state, keep the newest
					case <-states:
					default:
					}
				}
			}
		})
	}()
	return sy.SyncNow, states, func() { cancel(); <-done }
}

// syncJSON is the --json shape of sync: a contract with scripts.
type syncJSON struct {
	Done       bool                        `json:"done"`
	RoundTrips int                         `json:"round_trips"`
	OpsSent    int                         `json:"ops_sent"`
	Acked      int                         `json:"acked"`
	Results    map[motcua.ResultStatus]int `json:"results"`
	Dossiers   int                         `json:"dossiers_pulled"`
	Questions  int                         `json:"questions_pulled"`
	BytesUp    int                         `json:"bytes_up"`
	BytesDown  int                         `json:"bytes_down"`
	Attempts   int                         `json:"attempts"`
	Waiting    int                         `json:"waiting"`
	Attention  int                         `json:"attention"` // conflicts and rejections not yet dismissed
	Error      string                      `json:"error,omitempty"`
}

// runSync drains the outbox and pulls until both are done. Exit 0 when the
// outbox is empty and the pull reached the end; 1 when the network or the
// server stopped it (the data is safe; run it again) or syncing is stopped
// until a person acts (revoked, copied data file, too old); 2 for bad flags
// or a terminal that is not enrolled.
func runSync(e *env, args []string) error {
	fs := newFlags("sync")
	timeout := fs.Duration("timeout", 10*time.Minute, "")
	asJSON := fs.Bool("json", false, "")
	quiet := fs.Bool("quiet", false, "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 0, "sync [--timeout 10m] [--json] [--quiet]", "sync [--timeout 10m] [--json] [--quiet]"); err != nil {
		return err
	}
	if *timeout <= 0 {
		return motcua.Errorf(motcua.EINVALID, "timeout", "timeout", "--timeout phải lớn hơn 0 (ví dụ 60s, 5m).", "--timeout must be positive (e.g. 60s, 5m).")
	}
	s, err := e.openExisting()
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := s.Terminal(); err != nil {
		return err
	}
	q, err := s.Queue()
	if err != nil {
		return err
	}
	p := newSyncProgress(e, q.Waiting, *quiet)
	sy, err := client.NewSyncer(s, client.SyncerOptions{Progress: p.round})
	if err != nil {
		return err
	}
	// An officer's explicit sync tries even a stopped terminal once more
	// (an admin may have lifted a revocation or a quarantine).
	if err := s.ResumeSync(); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	sum, attempts, derr := drainUntil(ctx, sy, p)
	p.end()
	st, err := s.State()
	if err != nil {
		return err
	}
	if *asJSON {
		out := syncJSON{Done: sum.Done && derr == nil, RoundTrips: sum.RoundTrips, OpsSent: sum.OpsSent, Acked: sum.Acked,
			Results: sum.Results, Dossiers: sum.Dossiers, Questions: sum.Questions, BytesUp: sum.BytesUp, BytesDown: sum.BytesDown, Attempts: attempts, Waiting: st.Waiting, Attention: st.Results}
		if derr != nil {
			out.Error = syncFailure(derr, *timeout).Error()
		}
		if err := cli.NewJSONEncoder(e.stdout).Encode(out); err != nil {
			return err
		}
	} else {
		printSummary(e, sum, st.Waiting)
		if rs, err := s.Results(); err == nil && len(rs) > 0 {
			fmt.Fprintln(e.stdout, msg(e.lang, "Cần xem %d kết quả (xung đột, bị từ chối, có thể trùng):", "%d results need attention (conflicts, rejections, possible duplicates):", len(rs)))
			for _, r := range rs {
				fmt.Fprintf(e.stdout, "  #%d %s: %s\n", r.Seq, r.Status, motcua.SanitizeLine(r.Message(e.lang)))
			}
		}
	}
	if derr != nil {
		return syncFailure(derr, *timeout)
	}
	return nil
}

func printSummary(e *env, sum client.Summary, waiting int) {
	var parts []string
	for _, st := range []motcua.ResultStatus{motcua.Applied, motcua.Superseded, motcua.Conflicted, motcua.Rejected} {
		if n := sum.Results[st]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, resultLabel(e.lang, st)))
		}
	}
	detail := ""
	if len(parts) > 0 {
		detail = " (" + strings.Join(parts, ", ") + ")"
	}
	if sum.Answered == 0 {
		if waiting > 0 {
			fmt.Fprintln(e.stdout, msg(e.lang, "Chưa gửi được: %d thao tác vẫn chờ trên máy.", "Nothing sent: %d ops still wait on this laptop.", waiting))
		}
		return
	}
	fmt.Fprintln(e.stdout, msg(e.lang, "Đã gửi %d thao tác, máy chủ xác nhận %d%s; nhận %d hồ sơ, %d câu hỏi; %d lượt, %s lên.",
		"Sent %d ops, %d acknowledged%s; pulled %d dossiers, %d questions; %d round trips, %s up.",
		sum.OpsSent, sum.Acked, detail, sum.Dossiers, sum.Questions, sum.RoundTrips, formatBytes(sum.BytesUp)))
	if sum.Reset {
		fmt.Fprintln(e.stdout, msg(e.lang, "Máy chủ yêu cầu làm mới toàn bộ dữ liệu; các thao tác chưa gửi được giữ nguyên.",
			"The server asked for a full refresh; unsent ops were kept."))
	}
	if sum.Done {
		fmt.Fprintln(e.stdout, msg(e.lang, "Đã đồng bộ xong: không còn thao tác chờ gửi.", "Sync complete: nothing is waiting."))
	} else if waiting > 0 {
		fmt.Fprintln(e.stdout, msg(e.lang, "Còn %d thao tác chờ gửi.", "%d ops are still waiting.", waiting))
	}
}

func resultLabel(l motcua.Lang, st motcua.ResultStatus) string {
	vi := map[motcua.ResultStatus]string{motcua.Applied: "áp dụng", motcua.Superseded: "đã có người làm", motcua.Conflicted: "xung đột", motcua.Rejected: "bị từ chối"}
	if l == motcua.EN {
		return string(st)
	}
	return vi[st]
}

func formatBytes(n int) string {
	if n < 1024 {
		return fmt.Sprintf("%d B", n)
	}
	return fmt.Sprintf("%.1f KiB", float64(n)/1024)
}

// drainUntil runs Drain again after a retryable failure (no answer, a
// stalled link, 429, 5xx, a held re-push), waiting the background syncer's
// backoff, until it finishes, fails for good or ctx ends. Progress is kept
// between attempts: every answered page is already saved. The error is the
// last real cause, wrapped in the deadline when time ran out.
func drainUntil(ctx context.Context, sy *client.Syncer, p *syncProgress) (client.Summary, int, error) {
	total := client.Summary{Results: map[motcua.ResultStatus]int{}}
	var last error
	for attempt := 1; ; attempt++ {
		sum, err := sy.Drain(ctx)
		p.add(sum)
		addSummary(&total, sum)
		if err == nil {
			return total, attempt, nil
		}
		if ctx.Err() != nil {
			return total, attempt, deadlineCause{last: last}
		}
		last = err
		var ae *motcua.Error
		if !errors.As(err, &ae) || !ae.Retryable() {
			return total, attempt, err
		}
		wait := sy.Backoff(attempt, err)
		p.retry(err, wait)
		select {
		case <-ctx.Done():
			return total, attempt, deadlineCause{last: last}
		case <-time.After(wait):
		}
	}
}

// deadlineCause: --timeout ran out; last is why the attempts before failed.
type deadlineCause struct{ last error }

func (d deadlineCause) Error() string { return "deadline exceeded" }

func addSummary(t *client.Summary, s client.Summary) {
	t.RoundTrips += s.RoundTrips
	t.Answered += s.Answered
	t.OpsSent += s.OpsSent
	t.Acked += s.Acked
	for k, v := range s.Results {
		t.Results[k] += v
	}
	t.Parked += s.Parked
	t.Dossiers += s.Dossiers
	t.Questions += s.Questions
	t.BytesUp += s.BytesUp
	t.BytesDown += s.BytesDown
	t.Reset = t.Reset || s.Reset
	t.Done = s.Done
}

// syncFailure is the one line that says why the sync did not finish: the
// real cause (a stalled link, the server's refusal with its reason, a
// stopped terminal), and when --timeout ran out, that too.
func syncFailure(err error, timeout time.Duration) error {
	var dc deadlineCause
	switch {
	case motcua.ErrorCode(err) == motcua.ESTOPPED:
		return err
	case errors.As(err, &dc) || errors.Is(err, context.DeadlineExceeded):
		vi, en := "", ""
		if dc.last != nil {
			vi, en = " Lần thử trước: "+motcua.ErrorMessage(dc.last, motcua.VI), " Last attempt: "+motcua.ErrorMessage(dc.last, motcua.EN)
		}
		return motcua.Errorf(motcua.EUNAVAILABLE, motcua.ErrTimeout, "",
			"Hết %[1]s trước khi đồng bộ xong; dữ liệu trên máy an toàn, phần đã nhận được giữ lại, hãy chạy lại.%[2]s",
			"%[1]s ran out before the sync finished; the data on this laptop is safe and what was received is kept: run it again.%[3]s", timeout, vi, en)
	case motcua.ErrorReason(err) == motcua.ErrTimeout, motcua.ErrorReason(err) == motcua.ErrStalled:
		return err
	}
	return netFailure(err)
}
