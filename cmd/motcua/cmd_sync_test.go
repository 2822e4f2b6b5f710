package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/faults"
)

// `motcua sync` does not give up after one attempt: with the server down it
// retries with the background syncer's backoff until --timeout is spent,
// says on stderr why each attempt failed, and its error names the real
// cause (the link), not only the deadline. --json still prints its summary.
func TestSyncRetriesUntilTimeoutAndNamesTheCause(t *testing.T) {
	c := newCLI(t)
	r := faults.StartRig(t, &faults.Rig{NoHold: true})
	s := r.NewTerminal(c.data, "motcua", motcua.RoleCounter, nil)
	if _, err := s.Receive(motcua.ReceiveInput{ProcedureCode: "1.001193", Applicant: motcua.Person{Name: "Nguyễn Thị Ánh"}}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	r.Stop()
	code, out, errs := c.run("--lang", "en", "sync", "--timeout", "3s", "--json")
	if code != exitFailure {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if n := strings.Count(errs, "Retrying in"); n < 1 {
		t.Fatalf("no retry said on stderr: %q", errs)
	}
	if !strings.Contains(errs, "3s ran out") || !strings.Contains(errs, "Last attempt: Cannot reach the server") {
		t.Fatalf("the error does not name the cause: %q", errs)
	}
	var sum syncJSON
	if err := json.Unmarshal([]byte(out), &sum); err != nil || sum.Done || sum.Attempts < 2 || sum.Waiting != 1 {
		t.Fatalf("summary %+v (%v) from %q", sum, err, out)
	}
	code, _, errs = c.run("--lang", "en", "sync", "--timeout", "2s", "--quiet")
	if code != exitFailure || strings.Contains(errs, "Retrying") {
		t.Fatalf("--quiet: exit %d, stderr %q", code, errs)
	}
}
