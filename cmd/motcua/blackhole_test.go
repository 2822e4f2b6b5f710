package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/faults"
	"github.com/motcua/motcua/internal/gen"
	"github.com/motcua/motcua/store"
)

// The black hole of issue 10's "done means": how long the link drops every
// byte going up, and how many ops the terminal pushes.
const (
	holeFor   = 30 * time.Second
	holePush  = 1400
	holeHalf  = holePush / 2
	holeBatch = motcua.MaxSyncOps
)

// TestSyncThroughThirtySecondBlackHole is issue 10's "done means": a
// 1,400-op push completes within one `motcua sync --timeout 5m` (the real
// binary, in its own process) with the link black-holed for 30 s in the
// middle (toxiproxy's timeout toxic with timeout 0 on the way up: every
// byte the terminal sends is dropped and the connection stays open; added
// once about half the ops are acknowledged, removed 30 s later, which
// closes the connections it held). The command exits 0, the server decided
// every op exactly once, the terminal and the server hold the same
// dossiers, and the bytes that went up again (the proxy's count of what it
// read from the terminal, beside the --json summary's bytes_up) are at most
// one batch.
//
// What happens: the request in flight waits through the hole (the stall
// watch gives up after 45 s without a byte, the hole lasts 30), and when
// the hole closes its connection Go's transport sends it again at once on
// a new one (the sync request carries an Idempotency-Key); the server
// never saw the first copy, so it decides the batch once.
func TestSyncThroughThirtySecondBlackHole(t *testing.T) {
	if testing.Short() {
		t.Skip("a 30 s black hole in a 1,400-op push through toxiproxy")
	}
	h := &holeRig{bin: buildMotcua(t), r: faults.StartRig(t, &faults.Rig{})}
	h.p = faults.NewProxy(t, h.r.Addr)
	// 300 ms each way: a push takes several round trips, so the hole
	// opens between two of them or under one.
	for _, stream := range []string{"upstream", "downstream"} {
		h.p.Add(faults.Toxic{Name: "latency-" + stream, Type: "latency", Stream: stream, Toxicity: 1, Attributes: map[string]any{"latency": 300}})
	}
	clean := h.push(t, "clean", nil)
	var opened time.Time
	var timer *time.Timer
	healed := make(chan time.Time, 1)
	sum := h.push(t, "hole", func(acked int) {
		if acked >= holeHalf && opened.IsZero() {
			h.p.Add(faults.Toxic{Name: "blackhole", Type: "timeout", Stream: "upstream", Toxicity: 1, Attributes: map[string]any{"timeout": 0}})
			opened = time.Now()
			t.Logf("the hole opens with %d of %d ops acknowledged", acked, holePush)
			timer = time.AfterFunc(holeFor, func() { h.p.Remove("blackhole"); healed <- time.Now() })
		}
	})
	var closed time.Time
	select {
	case closed = <-healed:
	default:
		if timer != nil {
			timer.Stop()
		}
		t.Fatalf("the push ended before the hole healed (opened at %v): the test proves nothing", opened)
	}
	// What the syncer meant to send once is its bodies (bytes_up) and a
	// request's headers per round trip (measured on the clean push): the
	// rest of what the proxy read went up again.
	headers := (clean.wire - int64(clean.BytesUp)) / int64(clean.RoundTrips)
	again := sum.wire - int64(sum.BytesUp) - int64(sum.RoundTrips)*headers
	batch := int64(clean.BytesUp)*holeBatch/holePush + headers
	t.Logf("clean: %d B up on the wire (%d B of bodies) in %d round trips; through the hole: %d B (%d B of bodies) in %d round trips, %d attempt(s); %d B went up again (a batch: %d B); the push ended %s after the heal",
		clean.wire, clean.BytesUp, clean.RoundTrips, sum.wire, sum.BytesUp, sum.RoundTrips, sum.Attempts, again, batch, sum.ended.Sub(closed).Round(time.Second))
	if sum.OpsSent != holePush {
		t.Fatalf("%d ops answered, want each of %d once", sum.OpsSent, holePush)
	}
	if again > batch {
		t.Fatalf("%d B went up again after the cut; at most one batch (%d ops, %d B) may", again, holeBatch, batch)
	}
}

// wireUp is what the proxy read from terminals since the last call, once
// the closed connections are all counted (toxiproxy counts a connection's
// bytes when it closes: the command's exit closes them).
func (h *holeRig) wireUp(t *testing.T) int64 {
	t.Helper()
	n := h.p.BytesUp()
	for i := 0; i < 50; i++ {
		time.Sleep(100 * time.Millisecond)
		m := h.p.BytesUp()
		if m == n && m > h.wire {
			break
		}
		n = m
	}
	d := n - h.wire
	h.wire = n
	return d
}

// holeRig is the server, the proxy in front of it and the built binary.
type holeRig struct {
	r    *faults.Rig
	p    *faults.Proxy
	bin  string
	wire int64 // the proxy's upstream count at the last wireUp
}

// holeRun is the --json summary of `motcua sync` and when it ended.
type holeRun struct {
	syncJSON
	ended time.Time
	wire  int64 // bytes the proxy read from the terminal
}

// push makes a terminal named name, enrolled with the server and syncing
// through the proxy, with the 1,400-op backlog; runs `motcua sync --timeout
// 5m --json` on it, calling acked (when not nil) with each progress line's
// acknowledged count; and checks that it exited 0 and that the server and
// the terminal agree.
func (h *holeRig) push(t *testing.T, name string, acked func(int)) holeRun {
	t.Helper()
	dir := t.TempDir()
	s := faults.Terminal(t, dir, "motcua", nil)
	info := faults.Enroll(t, s, h.r.URL, h.p.URL, h.r.Code(motcua.RoleCounter), nil)
	pushOps(t, s, holePush)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(h.bin, "--data", dir, "--lang", "en", "sync", "--timeout", "5m", "--json")
	cmd.Env = append(os.Environ(), "LANG=C", "MOTCUA_DATA=")
	var out bytes.Buffer
	cmd.Stdout = &out
	errs, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stderr := readProgress(errs, acked)
	err = cmd.Wait()
	run := holeRun{ended: time.Now()}
	if err != nil {
		t.Fatalf("%s: motcua sync: %v\n%s%s", name, err, out.String(), stderr)
	}
	if err := json.Unmarshal(out.Bytes(), &run.syncJSON); err != nil || !run.Done || run.Waiting != 0 {
		t.Fatalf("%s: summary %+v (%v)\n%s", name, run.syncJSON, err, stderr)
	}
	t.Logf("%s: stderr of motcua sync:\n%s", name, stderr)
	serverAgrees(t, h.r, dir, info.ID)
	run.wire = h.wireUp(t)
	return run
}

var sentLine = regexp.MustCompile(`^Sent (\d+)/`)

// readProgress reads the command's stderr to its end, calling acked with
// the count of each progress line, and returns it whole.
func readProgress(r io.Reader, acked func(int)) string {
	var all strings.Builder
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		all.WriteString(time.Now().UTC().Format("15:04:05.0 ") + line + "\n")
		if m := sentLine.FindStringSubmatch(line); m != nil && acked != nil {
			n, _ := strconv.Atoi(m[1])
			acked(n)
		}
	}
	return all.String()
}

// pushOps writes ops ops (a fifth receptions, the rest moves, notes and
// returns of them) on s, as an officer's day at the counter does.
func pushOps(t *testing.T, s *store.Store, ops int) {
	t.Helper()
	people := gen.NewPeople(rand.New(rand.NewPCG(10, 1)), time.Now())
	for n := 0; n < ops; n += 5 {
		c := people.Citizen()
		d, err := s.Receive(motcua.ReceiveInput{ProcedureCode: "1.001193", Applicant: c.Person})
		if err != nil {
			t.Fatal(err)
		}
		id := d.Dossier.ID
		for _, step := range []motcua.TransitionArgs{{To: motcua.StatusProcessing}, {}, {To: motcua.StatusDone},
			{To: motcua.StatusReturned, Recipient: c.Name, Method: motcua.ReturnCounter}} {
			if step.To == motcua.Status(0) {
				_, err = s.Do(motcua.Action{Kind: motcua.OpNote, DossierID: id, Args: motcua.NoteArgs{Text: "Đã kiểm tra đủ giấy tờ, chuyển cán bộ tư pháp."}})
			} else {
				_, err = s.Transition(id, step)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
}

// serverAgrees checks that the server decided each of the terminal's ops
// once, in order, and applied it, and that the terminal's file at dir holds
// every dossier of the unit as the server does.
func serverAgrees(t *testing.T, r *faults.Rig, dir, terminalID string) {
	t.Helper()
	ops, err := r.Central().AppliedOps(terminalID)
	if err != nil || len(ops) != holePush {
		t.Fatalf("the server decided %d ops (%v), want %d once each", len(ops), err, holePush)
	}
	for i, op := range ops {
		if op.Seq != uint64(i+1) || op.Result.Status != motcua.Applied {
			t.Fatalf("op %d: seq %d %s", i, op.Seq, op.Result.Status)
		}
	}
	all, err := r.Central().Dossiers(faults.Unit)
	if err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(filepath.Join(dir, "motcua.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := s.State()
	if err != nil || st.Dossiers != len(all) || st.Waiting != 0 {
		t.Fatalf("the terminal holds %d dossiers, %d waiting (%v); the server %d", st.Dossiers, st.Waiting, err, len(all))
	}
	for _, d := range all {
		got, err := s.Get(d.ID)
		if err != nil || got.Version != d.Version || got.Status != d.Status || got.Code != d.Code || len(got.History) != len(d.History) {
			t.Fatalf("the terminal's copy of %s differs: v%d/%d status %d/%d (%v)", d.Code, got.Version, d.Version, got.Status, d.Status, err)
		}
	}
}
