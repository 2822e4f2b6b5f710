// Package faults is motcua's fault-test harness, in the manner of Jepsen and
// etcd's robustness tests: scenarios drive real terminals (bbolt stores and
// Syncers) against a real server on loopback while faults are injected
// (SIGKILL of either process, toxiproxy between them, clock jumps, cloned
// and restored data files); a History records every officer action; after
// the faults heal, every terminal syncs and the checkers compare what was
// acknowledged with what the server and every terminal hold.
//
// The invariants (docs/DESIGN.md §4–§6 and §12; RELIABILITY.md):
//
//	lost        = acknowledged − server            must be empty
//	unexpected  = server − attempted               must be empty
//	duplicated  dossier ids, codes, (terminal, seq), op applications: none
//	codes       valid (motcua.ParseCode), of the dossier's unit and reception date, unique, and
//	            the code the terminal handed out is the code the server holds (final)
//	converged   every terminal holds exactly the server's dossiers (ids, codes, statuses, versions)
//	results     every op has exactly one result on the server and on its terminal
//	legal       every applied transition of every dossier's history is legal (motcua.CanTransition)
//
// An action whose process was killed before it returned is indeterminate: it
// may or may not have landed (Jepsen's "recovered"), but it must never land
// twice, and nothing else may appear.
package faults

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/motcua/motcua"
)

// State is where an action stands in the history.
type State int

const (
	Invoked      State = iota // started; still running, or its process was killed (indeterminate)
	Acknowledged              // the store's transaction returned: the officer saw "saved"
	Failed                    // the store returned an error: nothing was written
)

func (s State) String() string {
	return [...]string{"invoked", "acknowledged", "failed"}[s]
}

// Action is one officer action as the history saw it.
type Action struct {
	N        int           // position in the history
	Terminal string        // the terminal's name in the scenario (A, B, …)
	Kind     motcua.OpKind // receive, transition, note, ask, answer
	Token    string        // unique text carried in the op (summary, note, reason, question, answer): it finds the op on the server
	Target   string        // the dossier (transition, note) or question (answer) acted on
	To       motcua.Status // a transition's target
	Close    bool          // an answer that closes its question
	State    State

	// Known once acknowledged.
	Seq       uint64
	OpID      string
	TermID    string // the terminal identity that stamped the op
	DossierID string // the dossier, or the question (ask, answer), the op acted on
	Code      string
	Err       string // why it failed
}

// History records actions, safely from several goroutines. When W is set,
// every event is also written to it as one line, so a child process's
// history survives its SIGKILL (the parent reads the lines back with Read).
type History struct {
	mu      sync.Mutex
	actions []*Action
	byN     map[int]*Action
	W       io.Writer
	next    int
	prefix  string // token prefix: unique per process life
}

// NewHistory returns an empty history whose tokens start with prefix.
func NewHistory(prefix string) *History {
	return &History{byN: map[int]*Action{}, prefix: prefix}
}

// SetPrefix changes the token prefix (a new child process life).
func (h *History) SetPrefix(p string) {
	h.mu.Lock()
	h.prefix = p
	h.mu.Unlock()
}

var tokenRE = regexp.MustCompile(`fz-[A-Za-z0-9.]+`)

// Invoke records an action about to start and returns it with its token.
func (h *History) Invoke(terminal string, kind motcua.OpKind, target string, to motcua.Status) *Action {
	return h.invoke(&Action{Terminal: terminal, Kind: kind, Target: target, To: to})
}

// InvokeAnswer records an answer to question id about to start.
func (h *History) InvokeAnswer(terminal, id string, close bool) *Action {
	return h.invoke(&Action{Terminal: terminal, Kind: motcua.OpAnswer, Target: id, Close: close})
}

// invoke numbers a, gives it its token and records it. The line's last
// field is a transition's target, or 1 for an answer that closes.
func (h *History) invoke(a *Action) *Action {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.next++
	a.N, a.Token = h.next, fmt.Sprintf("fz-%s.%s.%d", a.Terminal, h.prefix, h.next)
	h.add(a)
	if h.W != nil {
		last := int(a.To)
		if a.Close {
			last = 1
		}
		fmt.Fprintf(h.W, "I %d %s %s %s %s %d\n", a.N, a.Terminal, a.Kind, a.Token, orDash(a.Target), last)
	}
	return a
}

func (h *History) add(a *Action) {
	h.actions = append(h.actions, a)
	h.byN[a.N] = a
}

// Ack records that the action's transaction returned.
func (h *History) Ack(a *Action, d motcua.Done) {
	h.mu.Lock()
	defer h.mu.Unlock()
	a.State, a.Seq, a.OpID, a.TermID, a.DossierID, a.Code = Acknowledged, d.Op.Seq, d.Op.ID, d.Op.Terminal, d.Dossier.ID, d.Dossier.Code
	if motcua.IsQuestionOp(a.Kind) {
		a.DossierID, a.Code = d.Question.ID, ""
	}
	if motcua.IsCounterRecordOp(a.Kind) { // the record's id, from the op that carries it
		var r struct {
			ID string `json:"id"`
		}
		_ = json.Unmarshal(d.Op.Args, &r)
		a.DossierID, a.Code = r.ID, ""
	}
	if h.W != nil {
		fmt.Fprintf(h.W, "A %d %d %s %s %s %s\n", a.N, a.Seq, a.OpID, a.TermID, a.DossierID, orDash(a.Code))
	}
}

// Fail records that the action returned an error (nothing was written).
func (h *History) Fail(a *Action, err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	a.State, a.Err = Failed, motcua.ErrorReason(err)
	if a.Err == "" {
		a.Err = "error"
	}
	if h.W != nil {
		fmt.Fprintf(h.W, "F %d %s\n", a.N, a.Err)
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func unDash(s string) string {
	if s == "-" {
		return ""
	}
	return s
}

// Read adds the complete lines a child wrote to the history, renumbering
// them after the actions already held. A line cut by a kill is dropped: an
// "A" line is written only after the transaction returned, so a missing or
// cut one leaves the action indeterminate, which is what it is.
func (h *History) Read(r io.Reader) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	local := map[int]*Action{}
	n := 0
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		switch {
		case f[0] == "I" && len(f) == 7:
			cn, err1 := strconv.Atoi(f[1])
			to, err2 := strconv.Atoi(f[6])
			if err1 != nil || err2 != nil || !tokenRE.MatchString(f[4]) {
				continue
			}
			h.next++
			a := &Action{N: h.next, Terminal: f[2], Kind: motcua.OpKind(f[3]), Token: f[4], Target: unDash(f[5]), To: motcua.Status(to)}
			if a.Kind == motcua.OpAnswer {
				a.To, a.Close = 0, to == 1
			}
			h.add(a)
			local[cn] = a
			n++
		case f[0] == "A" && len(f) == 7:
			cn, _ := strconv.Atoi(f[1])
			a := local[cn]
			seq, err := strconv.ParseUint(f[2], 10, 64)
			if a == nil || err != nil || !motcua.ValidID(f[3]) || !motcua.ValidID(f[5]) {
				continue
			}
			code := unDash(f[6])
			if code != "" {
				if _, err := motcua.ParseCode(code); err != nil {
					continue // cut mid-line
				}
			}
			a.State, a.Seq, a.OpID, a.TermID, a.DossierID, a.Code = Acknowledged, seq, f[3], f[4], f[5], code
		case f[0] == "F" && len(f) == 3:
			cn, _ := strconv.Atoi(f[1])
			if a := local[cn]; a != nil {
				a.State, a.Err = Failed, f[2]
			}
		}
	}
	return n, sc.Err()
}

// Actions returns a copy of the actions, in order.
func (h *History) Actions() []Action {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]Action, len(h.actions))
	for i, a := range h.actions {
		out[i] = *a
	}
	return out
}

// Counts is how many actions are in each state.
type Counts struct {
	Invoked, Acknowledged, Failed, Indeterminate int
}

// Count tallies the history.
func (h *History) Count() Counts {
	var c Counts
	for _, a := range h.Actions() {
		c.Invoked++
		switch a.State {
		case Acknowledged:
			c.Acknowledged++
		case Failed:
			c.Failed++
		default:
			c.Indeterminate++
		}
	}
	return c
}

// Summary is a short description of the history, for logs.
func (h *History) Summary() string {
	c := h.Count()
	kinds := map[string]int{}
	for _, a := range h.Actions() {
		if a.State == Acknowledged {
			kinds[string(a.Kind)]++
		}
	}
	var ks []string
	for k, n := range kinds {
		ks = append(ks, fmt.Sprintf("%s=%d", k, n))
	}
	sort.Strings(ks)
	return fmt.Sprintf("%d invoked, %d acknowledged (%s), %d failed, %d indeterminate",
		c.Invoked, c.Acknowledged, strings.Join(ks, " "), c.Failed, c.Indeterminate)
}
