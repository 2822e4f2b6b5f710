package central

import (
	"testing"
	"time"

	"github.com/motcua/motcua"
)

// A fresh terminal's pull reads the unit's change log a window at a time and the
// window's latest-change marks and records in one query each (kv.Prefetch),
// not one round trip per log entry: on PostgreSQL, a first pull of the
// 100,000-dossier unit (397,559 log entries) made about 500,000 round trips
// and took 13 minutes where the same pull from a file took 2.
func TestFreshPullRoundTripsDoNotGrowPerEntry(t *testing.T) {
	c, _ := mustCentral(t)
	if c.pg == nil {
		t.Skip("round trips are PostgreSQL's (kvbolt reads memory)")
	}
	now := time.Now()
	c.Now = func() time.Time { return now }
	writer := enrollFor(t, c)
	ops := benchOps(t, writer.r, 100, now, 0) // 100 dossiers, 500 log entries
	cursor, acked := "", uint64(0)
	for at := 0; at < len(ops); at += 50 {
		resp, err := c.Sync(writer.r.TerminalID, motcua.SyncRequest{TerminalID: writer.r.TerminalID, InstallNonce: writer.nonce,
			Schema: 1, AckedSeq: acked, Ops: ops[at:min(at+50, len(ops))], Pull: motcua.PullRequest{Cursor: cursor}})
		if err != nil {
			t.Fatal(err)
		}
		acked, cursor = resp.LastAppliedSeq, resp.Pull.Cursor
	}
	fresh := enrollFor(t, c)
	before := c.pg.RoundTrips()
	resp, err := c.Sync(fresh.r.TerminalID, motcua.SyncRequest{TerminalID: fresh.r.TerminalID, InstallNonce: fresh.nonce, Schema: 1})
	if err != nil {
		t.Fatal(err)
	}
	trips := c.pg.RoundTrips() - before
	t.Logf("a fresh pull of 100 dossiers: %d round trips", trips)
	if n := len(decoded(t, resp).Pull.Dossiers); n != 100 {
		t.Fatalf("the fresh pull's page holds %d dossiers, want 100", n)
	}
	if trips > 60 {
		t.Fatalf("a fresh pull of 100 dossiers (500 log entries) took %d round trips", trips)
	}
}

type enrolledForTest struct {
	r     motcua.EnrollResponse
	nonce string
}

func enrollFor(t *testing.T, c *Store) enrolledForTest {
	t.Helper()
	e, err := c.CreateEnrollment(testUnit, motcua.RoleCounter)
	if err != nil {
		t.Fatal(err)
	}
	out := enrolledForTest{nonce: motcua.NewID(c.Now())}
	if out.r, err = c.Enroll(motcua.EnrollRequest{Code: e.Code, InstallNonce: out.nonce}); err != nil {
		t.Fatal(err)
	}
	return out
}
