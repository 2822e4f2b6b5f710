package central

import (
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/store"
)

// enrollDeclaring enrolls s with c, declaring its standalone manifest as
// `motcua enroll` does (declare false: a terminal of an older version).
func enrollDeclaring(t *testing.T, s *store.Store, c *Store, declare bool, prev *motcua.PreviousTerminal) motcua.TerminalInfo {
	t.Helper()
	e, err := c.CreateEnrollment(testUnit, motcua.RoleCounter)
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.SyncMeta()
	if err != nil {
		t.Fatal(err)
	}
	req := motcua.EnrollRequest{Code: strings.ToLower(e.Code), InstallNonce: m.Terminal.InstallNonce, Schema: motcua.WireSchema,
		AckedSeq: m.AckedSeq, Previous: prev}
	if declare {
		manifest, err := s.StandaloneManifest()
		if err != nil {
			t.Fatal(err)
		}
		req.Standalone = &manifest
	}
	resp, err := c.Enroll(req)
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.SetEnrollment(store.Enrollment{Server: "http://test", Response: resp})
	if err != nil {
		t.Fatal(err)
	}
	return info
}

// forgedStandalone is a reception made by a second copy of the terminal's
// file, still standalone, whose clock is set back to day: the op a
// terminal that fakes its clock and its lane pushes under its enrolled
// identity, as the next seq of that identity.
func forgedStandalone(t *testing.T, day time.Time, seq uint64, issued int) motcua.Op {
	t.Helper()
	copyOf, clock := mustOpen(t)
	clock.t = day
	for i := 0; i <= issued; i++ { // the copy's counter is where the original's was
		mustReceive(t, copyOf, "Nguyễn Văn Giả")
	}
	ops, err := copyOf.SyncBatch(uint64(issued+1), 1)
	if err != nil || len(ops) != 1 {
		t.Fatalf("forged op: %v %d", err, len(ops))
	}
	op := ops[0]
	op.Seq = seq
	return op
}

// TestStandaloneCodesOnlyFromTheManifest: a terminal issues two codes
// alone on 20/10, enrolls on 27/10 declaring them, and pushes them: they
// are accepted. Then a reception in the standalone lane dated 20/10, made
// on a clock set back to 20/10 (so dated, and made, before the
// enrollment), is refused: the manifest does not hold it. A terminal of an
// older version (no manifest) is still judged by its enrollment date, which
// that forgery passes: the hole the manifest closes.
func TestStandaloneCodesOnlyFromTheManifest(t *testing.T) {
	for _, declare := range []bool{true, false} {
		c, serverClock := mustCentral(t)
		s, clock := mustOpen(t)
		oct20 := time.Date(2023, 10, 20, 9, 0, 0, 0, motcua.VNZone)
		clock.t = oct20
		a, b := mustReceive(t, s, "Lê Thị Hoa"), mustReceive(t, s, "Trần Văn An")
		if !strings.HasSuffix(a.Dossier.Code, "-231020-9000") || !strings.HasSuffix(b.Dossier.Code, "-231020-9001") {
			t.Fatalf("standalone codes %s, %s", a.Dossier.Code, b.Dossier.Code)
		}
		clock.t = serverClock.t
		info := enrollDeclaring(t, s, c, declare, nil)
		pump(t, s, c, 10)
		for _, code := range []string{a.Dossier.Code, b.Dossier.Code} {
			if _, err := c.DossierByCode(testUnit, code); err != nil {
				t.Fatalf("declared %v: %s not accepted: %v", declare, code, err)
			}
		}
		rec, _ := c.Terminal(info.ID)
		if declare && (rec.Standalone == nil || rec.Standalone.Days["231020"] != 9001 || rec.Standalone.Count() != 2) {
			t.Fatalf("manifest kept %+v", rec.Standalone)
		}
		m, _ := s.SyncMeta()
		op := forgedStandalone(t, oct20.Add(time.Hour), m.AckedSeq+1, 2)
		resp, err := c.Sync(info.ID, motcua.SyncRequest{TerminalID: info.ID, InstallNonce: info.InstallNonce, Schema: 1, Ops: []motcua.Op{op}})
		if err != nil {
			t.Fatal(err)
		}
		r := resp.Results[0]
		if declare && (r.Status != motcua.Rejected || r.Reason != "code_lane") {
			t.Errorf("a backdated standalone code outside the manifest: %+v", r)
		}
		if !declare && r.Status != motcua.Applied {
			t.Errorf("without a manifest the old rule applies: %+v", r)
		}
	}
}

// TestManifestIsFixedAtTheFirstEnrollment: enrolling again with the old
// identity keeps the first manifest, whatever the terminal declares now;
// what the server could never take is trimmed from a first declaration.
func TestManifestIsFixedAtTheFirstEnrollment(t *testing.T) {
	c, serverClock := mustCentral(t)
	s, clock := mustOpen(t)
	clock.t = time.Date(2023, 10, 20, 9, 0, 0, 0, motcua.VNZone)
	mustReceive(t, s, "Lê Thị Hoa")
	clock.t = serverClock.t
	first := enrollDeclaring(t, s, c, true, nil)
	m, _ := s.SyncMeta()
	second := enrollDeclaring(t, s, c, false, &motcua.PreviousTerminal{TerminalID: first.ID, Token: m.Terminal.Token})
	rec, _ := c.Terminal(second.ID)
	if rec.Standalone == nil || rec.Standalone.Days["231020"] != 9000 || rec.Standalone.Count() != 1 {
		t.Fatalf("second identity's manifest %+v", rec.Standalone)
	}
	enrolled := serverClock.t
	got := motcua.StandaloneManifest{Days: map[string]int{"231020": 9003, "231028": 9001, "231029": 9000, "2310xx": 9000, "231021": 42, "231022": 12000}}.Trimmed(enrolled)
	want := map[string]int{"231020": 9003, "231028": 9001, "231022": 9999}
	if len(got.Days) != len(want) {
		t.Fatalf("trimmed %v, want %v", got.Days, want)
	}
	for d, n := range want {
		if got.Days[d] != n {
			t.Errorf("trimmed %v, want %v", got.Days, want)
		}
	}
}
