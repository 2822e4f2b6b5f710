package central

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/kv"
	"github.com/motcua/motcua/store"
)

func TestEnrollmentCodeIsOneTimeAndExpires(t *testing.T) {
	c, clock := mustCentral(t)
	e, err := c.CreateEnrollment(testUnit, motcua.RoleCounter)
	if err != nil {
		t.Fatal(err)
	}
	nonce := motcua.NewID(clock.Now())
	r, err := c.Enroll(motcua.EnrollRequest{Code: e.Code, InstallNonce: nonce})
	if err != nil {
		t.Fatal(err)
	}
	if r.Lanes[0].First != LeaseFirst || r.Lanes[0].Last != LeaseFirst+DefaultCounterLen-1 {
		t.Fatalf("first lane %+v", r.Lanes)
	}
	if _, err := c.Enroll(motcua.EnrollRequest{Code: e.Code, InstallNonce: nonce}); motcua.ErrorCode(err) != motcua.EUNAUTHORIZED {
		t.Fatalf("second use: %v", err)
	}
	e2, _ := c.CreateEnrollment(testUnit, motcua.RoleHamlet)
	clock.Advance(EnrollmentTTL + time.Second)
	if _, err := c.Enroll(motcua.EnrollRequest{Code: e2.Code, InstallNonce: nonce}); motcua.ErrorCode(err) != motcua.EUNAUTHORIZED {
		t.Fatalf("expired code: %v", err)
	}
	if _, err := c.CreateEnrollment("000.00.06.H99", motcua.RoleCounter); motcua.ErrorCode(err) != motcua.ENOTFOUND {
		t.Fatalf("unknown unit: %v", err)
	}
	// Only the token's hash is stored.
	rec, err := c.Authenticate(r.Token)
	if err != nil || rec.ID != r.TerminalID {
		t.Fatalf("authenticate: %+v %v", rec, err)
	}
	c.db.View(func(tx kv.Tx) error {
		return tx.ForEach(func(name []byte, b kv.Bucket) error {
			return b.ForEach(func(k, v []byte) error {
				if strings.Contains(string(k)+string(v), r.Token) {
					t.Errorf("token stored in clear in %s", name)
				}
				return nil
			})
		})
	})
}

func TestLanesAreDisjointAndNeverStandalone(t *testing.T) {
	c, clock := mustCentral(t)
	c.CounterLane, c.HamletLane = 3000, 300
	var got []motcua.Lane
	for i, role := range []motcua.Role{motcua.RoleCounter, motcua.RoleHamlet, motcua.RoleCounter, motcua.RoleHamlet} {
		e, _ := c.CreateEnrollment(testUnit, role)
		r, err := c.Enroll(motcua.EnrollRequest{Code: e.Code, InstallNonce: motcua.NewID(clock.Now())})
		if err != nil {
			t.Fatalf("terminal %d: %v", i, err)
		}
		got = append(got, r.Lanes[0])
	}
	want := [][2]int{{1000, 3999}, {4000, 4299}, {4300, 7299}, {7300, 7599}}
	for i, l := range got {
		if l.First != want[i][0] || l.Last != want[i][1] {
			t.Fatalf("lanes %+v", got)
		}
	}
	// No room for a third counter below the standalone lane.
	e, _ := c.CreateEnrollment(testUnit, motcua.RoleCounter)
	if _, err := c.Enroll(motcua.EnrollRequest{Code: e.Code, InstallNonce: motcua.NewID(clock.Now())}); motcua.ErrorReason(err) != "lanes_full" {
		t.Fatalf("lanes full: %v", err)
	}
	// A lane expired for longer than the margin goes to the next terminal.
	terms, _ := c.Terminals()
	var others []motcua.TerminalRecord
	for _, term := range terms {
		if term.Leases[0].First == 1000 {
			if _, err := c.Revoke(term.ID); err != nil {
				t.Fatal(err)
			}
		} else {
			others = append(others, term)
		}
	}
	clock.Advance(motcua.LeaseDays*24*time.Hour + LaneReuseMargin - time.Hour)
	// The others sync, so their leases are renewed.
	for _, term := range others {
		c.db.Update(func(tx kv.Tx) error {
			ct, _ := getTerminal(tx, term.ID)
			c.leaseLane(tx, ct, clock.Now())
			return putTerminal(tx, ct)
		})
	}
	e, _ = c.CreateEnrollment(testUnit, motcua.RoleCounter)
	if _, err := c.Enroll(motcua.EnrollRequest{Code: e.Code, InstallNonce: motcua.NewID(clock.Now())}); motcua.ErrorReason(err) != "lanes_full" {
		t.Fatalf("reused before the margin: %v", err)
	}
	clock.Advance(2 * time.Hour)
	e, _ = c.CreateEnrollment(testUnit, motcua.RoleCounter)
	r, err := c.Enroll(motcua.EnrollRequest{Code: e.Code, InstallNonce: motcua.NewID(clock.Now())})
	if err != nil || r.Lanes[0].First != 1000 {
		t.Fatalf("reuse after the margin: %+v %v", r.Lanes, err)
	}
}

func TestSyncTwoTerminalsConvergeWithConflicts(t *testing.T) {
	c, _ := mustCentral(t)
	a, ca := withTerminal(t, c, motcua.RoleCounter)
	b, cb := withTerminal(t, c, motcua.RoleCounter)
	// A shared dossier, known to both.
	shared := mustReceive(t, a, "Nguyễn Thị Ánh").Dossier
	pump(t, a, c, 50)
	pump(t, b, c, 50)
	if _, err := b.Get(shared.ID); err != nil {
		t.Fatalf("b did not pull the shared dossier: %v", err)
	}
	// Offline: both move it, differently; each receives some.
	if _, err := a.Transition(shared.ID, motcua.TransitionArgs{To: motcua.StatusProcessing}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Transition(shared.ID, motcua.TransitionArgs{To: motcua.StatusWithdrawn, Recipient: "Nguyễn Thị Ánh", Method: motcua.ReturnCounter}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		mustReceive(t, a, "Lê Văn Cường")
		mustReceive(t, b, "Trần Văn Bình")
		ca.Advance(time.Minute)
		cb.Advance(time.Minute)
	}
	pump(t, a, c, 3)
	pump(t, b, c, 3)
	pump(t, a, c, 3)
	all, _ := c.Dossiers(testUnit)
	if len(all) != 11 {
		t.Fatalf("server holds %d dossiers", len(all))
	}
	for _, s := range []*store.Store{a, b} {
		st, _ := s.State()
		if st.Dossiers != 11 || st.Waiting != 0 {
			t.Fatalf("terminal state %+v", st)
		}
		for _, d := range all {
			got, err := s.Get(d.ID)
			if err != nil || got.Version != d.Version || got.Status != d.Status {
				t.Fatalf("terminal copy of %s: %+v %v (server v%d %d)", d.Code, got.Version, err, d.Version, d.Status)
			}
		}
	}
	// a synced first: its move won; b's lost and shows as a conflict.
	srv, _ := c.DossierByCode(testUnit, shared.Code)
	if srv.Status != motcua.StatusProcessing {
		t.Fatalf("shared status %d", srv.Status)
	}
	res, _ := b.Results()
	if len(res) != 1 || res[0].Status != motcua.Conflicted || !strings.Contains(res[0].MessageVI, "Xung đột") {
		t.Fatalf("b results %+v", res)
	}
	if res, _ := a.Results(); len(res) != 0 {
		t.Fatalf("a results %+v", res)
	}
	if !srv.History[len(srv.History)-1].Conflict {
		t.Fatal("the losing attempt is not in the history")
	}
}

func TestDuplicateBatchIsNotAppliedTwice(t *testing.T) {
	c, _ := mustCentral(t)
	s, _ := withTerminal(t, c, motcua.RoleCounter)
	d := mustReceive(t, s, "Nguyễn Thị Ánh").Dossier
	if _, err := s.Do(motcua.Action{Kind: motcua.OpNote, DossierID: d.ID, Args: motcua.NoteArgs{Text: "gọi lại"}}); err != nil {
		t.Fatal(err)
	}
	m, _ := s.SyncMeta()
	ops, _ := s.SyncBatch(1, 10)
	req := motcua.SyncRequest{TerminalID: m.Terminal.ID, InstallNonce: m.Terminal.InstallNonce, Schema: 1, Ops: ops}
	first, err := c.Sync(m.Terminal.ID, req)
	if err != nil {
		t.Fatal(err)
	}
	// The answer was lost; the same bytes come again.
	again, err := c.Sync(m.Terminal.ID, req)
	if err != nil {
		t.Fatal(err)
	}
	if again.LastAppliedSeq != 2 || len(again.Results) != 2 || again.Results[1] != first.Results[1] {
		t.Fatalf("resend: %+v", again)
	}
	srv, _ := c.DossierByCode(testUnit, d.Code)
	if len(srv.History) != 2 {
		t.Fatalf("history has %d events", len(srv.History))
	}
	// One result per op on the server, and the same on the terminal.
	if _, err := s.ApplySync(decoded(t, again)); err != nil {
		t.Fatal(err)
	}
	applied, _ := c.AppliedOps(m.Terminal.ID)
	acked, _ := s.Acked(1, 10)
	if len(applied) != 2 || len(acked) != 2 {
		t.Fatalf("%d applied, %d acked", len(applied), len(acked))
	}
	for i := range applied {
		if acked[i].Result == nil || *acked[i].Result != applied[i].Result || acked[i].Digest != applied[i].Hash {
			t.Fatalf("op %d: terminal %+v, server %+v", i+1, acked[i], applied[i])
		}
	}
}

func TestSeqGapThenRecovery(t *testing.T) {
	c, _ := mustCentral(t)
	s, _ := withTerminal(t, c, motcua.RoleCounter)
	for i := 0; i < 4; i++ {
		mustReceive(t, s, "Nguyễn Thị Ánh")
	}
	m, _ := s.SyncMeta()
	ops, _ := s.SyncBatch(3, 10)
	_, err := c.Sync(m.Terminal.ID, motcua.SyncRequest{TerminalID: m.Terminal.ID, InstallNonce: m.Terminal.InstallNonce, Schema: 1, Ops: ops})
	var gap *motcua.GapError
	if !errors.As(err, &gap) || gap.Expected != 1 {
		t.Fatalf("gap: %v", err)
	}
	pump(t, s, c, 10)
	if all, _ := c.Dossiers(testUnit); len(all) != 4 {
		t.Fatalf("server holds %d", len(all))
	}
}

func TestForkedTerminalIsQuarantined(t *testing.T) {
	c, _ := mustCentral(t)
	a, _ := withTerminal(t, c, motcua.RoleCounter)
	mustReceive(t, a, "Nguyễn Thị Ánh")
	pump(t, a, c, 10)
	// The file is copied onto a second laptop; both go on working.
	clonePath := filepath.Join(t.TempDir(), "clone.db")
	if err := a.BackupTo(clonePath); err != nil {
		t.Fatal(err)
	}
	b, err := store.Open(clonePath)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	b.Now = a.Now
	mustReceive(t, a, "Lê Văn Cường")
	mustReceive(t, b, "Trần Văn Bình")
	pump(t, a, c, 10)
	m, _ := b.SyncMeta()
	ops, _ := b.SyncBatch(m.AckedSeq+1, 10)
	_, err = c.Sync(m.Terminal.ID, motcua.SyncRequest{TerminalID: m.Terminal.ID, InstallNonce: m.Terminal.InstallNonce, Schema: 1,
		AckedSeq: m.AckedSeq, Ops: ops})
	if motcua.ErrorReason(err) != motcua.ErrTerminalFork {
		t.Fatalf("clone: %v", err)
	}
	rec, _ := c.Terminal(m.Terminal.ID)
	if !rec.Quarantined {
		t.Fatal("not quarantined")
	}
	// Both copies are stopped until an admin acts; neither can issue codes.
	ma, _ := a.SyncMeta()
	if _, err := c.Sync(ma.Terminal.ID, motcua.SyncRequest{TerminalID: ma.Terminal.ID, InstallNonce: ma.Terminal.InstallNonce, Schema: 1, AckedSeq: ma.AckedSeq}); motcua.ErrorReason(err) != motcua.ErrTerminalFork {
		t.Fatalf("original after fork: %v", err)
	}
	if err := b.StopSync(motcua.ErrTerminalFork); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Receive(motcua.ReceiveInput{ProcedureCode: "1.001193", Applicant: motcua.Person{Name: "Lê Thị Hoa"}}); motcua.ErrorReason(err) != "lane_expired" {
		t.Fatalf("clone still issues codes: %v", err)
	}
	if all, _ := c.Dossiers(testUnit); len(all) != 2 {
		t.Fatalf("server holds %d", len(all))
	}
	// The admin revokes the identity; the clone re-enrolls as a new
	// terminal, proving the old one, and its unsent reception goes up.
	if _, err := c.Revoke(m.Terminal.ID); err != nil {
		t.Fatal(err)
	}
	e, _ := c.CreateEnrollment(testUnit, motcua.RoleCounter)
	mb, _ := b.SyncMeta()
	resp, err := c.Enroll(motcua.EnrollRequest{Code: e.Code, InstallNonce: mb.Terminal.InstallNonce, AckedSeq: mb.AckedSeq,
		Previous: &motcua.PreviousTerminal{TerminalID: mb.Terminal.ID, Token: mb.Terminal.Token}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.SetEnrollment(store.Enrollment{Server: "http://test", Response: resp}); err != nil {
		t.Fatal(err)
	}
	pump(t, b, c, 10)
	res, _ := b.Results()
	all, _ := c.Dossiers(testUnit)
	// Both laptops issued the same number that day: the clone's copy loses.
	if len(all) != 2 || len(res) != 1 || res[0].Reason != "code_used" {
		t.Fatalf("after re-enrolment: %d dossiers, results %+v", len(all), res)
	}
	if parked, _ := b.Parked(); len(parked) != 1 {
		t.Fatalf("parked %d", len(parked))
	}
}

func TestUnknownCursorResetsAndKeepsUnsentOps(t *testing.T) {
	c, _ := mustCentral(t)
	s, _ := withTerminal(t, c, motcua.RoleCounter)
	d := mustReceive(t, s, "Nguyễn Thị Ánh").Dossier
	pump(t, s, c, 10)
	// A stale dossier only this laptop has (as after a server restore), and
	// unsent work: a move on a synced dossier and a new reception.
	stale := d
	stale.ID, stale.Code = motcua.NewID(time.Now()), strings.Replace(d.Code, "-1000", "-1999", 1)
	// It arrives as a pull page the server's restored file no longer
	// matches; the same page leaves a cursor this server never issued.
	m0, _ := s.SyncMeta()
	if _, err := s.ApplySync(motcua.SyncResponse{LastAppliedSeq: m0.AckedSeq,
		Pull: motcua.PullPage{Dossiers: []motcua.Dossier{stale}, Cursor: "99-deadbeef"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(stale.ID); err != nil {
		t.Fatalf("the stale dossier is not on the laptop: %v", err)
	}
	if _, err := s.Transition(d.ID, motcua.TransitionArgs{To: motcua.StatusProcessing}); err != nil {
		t.Fatal(err)
	}
	fresh := mustReceive(t, s, "Lê Văn Cường").Dossier
	m, _ := s.SyncMeta()
	resp, err := c.Sync(m.Terminal.ID, motcua.SyncRequest{TerminalID: m.Terminal.ID, InstallNonce: m.Terminal.InstallNonce, Schema: 1,
		AckedSeq: m.AckedSeq, Pull: motcua.PullRequest{Cursor: m.Cursor, Limit: 1}})
	if err != nil || !resp.Pull.Reset {
		t.Fatalf("reset: %+v %v", resp.Pull, err)
	}
	if _, err := s.ApplySync(decoded(t, resp)); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Get(d.ID)
	if got.Status != motcua.StatusProcessing {
		t.Fatalf("the unsent move was lost in the reset: status %d", got.Status)
	}
	pump(t, s, c, 1)
	if _, err := s.Get(stale.ID); err == nil {
		t.Fatal("the stale dossier survived the reset")
	}
	if _, err := s.Get(fresh.ID); err != nil {
		t.Fatal("the unsent reception was lost")
	}
	srv, _ := c.DossierByCode(testUnit, d.Code)
	if srv.Status != motcua.StatusProcessing {
		t.Fatalf("server status %d", srv.Status)
	}
}

func TestServerRefusals(t *testing.T) {
	c, clock := mustCentral(t)
	s, sc := withTerminal(t, c, motcua.RoleCounter)
	h, _ := withTerminal(t, c, motcua.RoleHamlet)
	// A code outside the lane: forge one by moving this terminal's lane.
	if err := s.SetLane(motcua.Lane{First: 5000, Last: 5100, ExpiresAt: clock.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	forged := mustReceive(t, s, "Nguyễn Thị Ánh").Dossier
	pump(t, s, c, 10)
	res, _ := s.Results()
	if len(res) != 1 || res[0].Reason != "code_lane" || res[0].Status != motcua.Rejected {
		t.Fatalf("results %+v", res)
	}
	if _, err := s.Get(forged.ID); err == nil {
		t.Fatal("a refused reception stays in the list")
	}
	if parked, _ := s.Parked(); len(parked) != 1 || parked[0].ID != forged.ID {
		t.Fatal("the refused reception was not kept for the officer")
	}
	// The rejected op still advanced the terminal; the next one goes through.
	ok := mustReceive(t, s, "Nguyễn Thị Ánh").Dossier
	sc.Advance(time.Minute)
	pump(t, s, c, 10)
	// A hamlet laptop cannot move a dossier past reception.
	pump(t, h, c, 10)
	op, _ := motcua.NewOp(motcua.OpTransition, ok.ID, motcua.TransitionArgs{From: 2, To: 4})
	op.Seq, op.ID = 1, motcua.NewID(clock.Now())
	mh, _ := h.SyncMeta()
	resp, err := c.Sync(mh.Terminal.ID, motcua.SyncRequest{TerminalID: mh.Terminal.ID, InstallNonce: mh.Terminal.InstallNonce, Schema: 1,
		Ops: []motcua.Op{op}})
	if err != nil || resp.Results[0].Reason != "role_hamlet" || resp.LastAppliedSeq != 1 {
		t.Fatalf("hamlet move: %+v %v", resp.Results, err)
	}
	// Possible duplicate: same CCCD and procedure, still open.
	p := motcua.Person{Name: "Võ Thị Hạnh", IDKind: motcua.IDCCCD, IDNumber: "096187000123"}
	for i := 0; i < 2; i++ {
		if _, err := s.Receive(motcua.ReceiveInput{ProcedureCode: "1.001193", Applicant: p}); err != nil {
			t.Fatal(err)
		}
	}
	pump(t, s, c, 10)
	res, _ = s.Results()
	if len(res) != 2 || res[1].Reason != "possible_duplicate" || res[1].Status != motcua.Applied {
		t.Fatalf("possible duplicate: %+v", res)
	}
	all, _ := c.Dossiers(testUnit)
	dups := 0
	for _, d := range all {
		if d.PossibleDup {
			dups++
		}
	}
	if len(all) != 3 || dups != 1 {
		t.Fatalf("%d dossiers, %d flagged", len(all), dups)
	}
	// Cross-unit: another unit's terminal cannot see or touch this unit's dossier.
	if _, err := c.AddUnit("000.00.07.H57", "UBND xã Tân Lộc", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DossierByCode("000.00.07.H57", ok.Code); motcua.ErrorCode(err) != motcua.EFORBIDDEN {
		t.Fatalf("cross-unit lookup: %v", err)
	}
}

func TestServerRestoreIsRefilledFromRetainedOps(t *testing.T) {
	c, _ := mustCentral(t)
	s, clock := withTerminal(t, c, motcua.RoleCounter)
	mustReceive(t, s, "Nguyễn Thị Ánh")
	pump(t, s, c, 10)
	restore := backupStore(t, c)
	for i := 0; i < 3; i++ {
		mustReceive(t, s, "Lê Văn Cường")
		clock.Advance(time.Minute)
	}
	pump(t, s, c, 10)
	// The server's disk dies; the admin restores it from the backup (the
	// file's Restore, or pg_restore on PostgreSQL) and opens the hold.
	restored := restore()
	defer restored.Close()
	restored.Now = c.Now
	if _, err := restored.BeginRestoreHold(); err != nil {
		t.Fatal(err)
	}
	if all, _ := restored.Dossiers(testUnit); len(all) != 1 {
		t.Fatalf("restored holds %d", len(all))
	}
	pump(t, s, restored, 10)
	if all, _ := restored.Dossiers(testUnit); len(all) != 4 {
		t.Fatalf("after re-push the server holds %d", len(all))
	}
	if st, _ := s.State(); st.Dossiers != 4 {
		t.Fatalf("terminal holds %d", st.Dossiers)
	}
	if err := restored.CheckIntegrity(); err != nil {
		t.Fatal(err)
	}
}

func TestPublicLookupAndQuestions(t *testing.T) {
	c, _ := mustCentral(t)
	s, _ := withTerminal(t, c, motcua.RoleCounter)
	d, err := s.Receive(motcua.ReceiveInput{ProcedureCode: "1.001193", Applicant: motcua.Person{Name: "Nguyễn Thị Ánh",
		IDKind: motcua.IDCCCD, IDNumber: "096187000123", Phone: "0912345678"}})
	if err != nil {
		t.Fatal(err)
	}
	pump(t, s, c, 10)
	code, _ := motcua.ParseCode(d.Dossier.Code)
	for _, q := range []string{d.Dossier.Code, code.WithCheck()} {
		pd, err := c.PublicDossier(q)
		if err != nil || pd.Applicant != "" || pd.Status != motcua.StatusReceived {
			t.Fatalf("public %s: %+v %v", q, pd, err)
		}
	}
	if _, err := c.AddPublicQuestion(motcua.PublicQuestion{Unit: testUnit, Name: "Lê Văn Cường", Contact: "0912 345 678",
		DossierCode: d.Dossier.Code, Text: "Khi nào có kết quả?"}); motcua.ErrorReason(err) != "key_required" {
		t.Fatalf("a question about a dossier without its key: %v", err)
	}
	key, _ := s.LookupKey(d.Dossier.ID)
	rec, err := c.AddPublicQuestion(motcua.PublicQuestion{Unit: testUnit, Name: "Lê Văn Cường", Contact: "0912 345 678",
		DossierCode: d.Dossier.Code, Key: key, Text: "Khi nào có kết quả?"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.AddPublicQuestion(motcua.PublicQuestion{Unit: testUnit, Name: "Lê Văn Cường", Text: ""}); motcua.ErrorCode(err) != motcua.EINVALID {
		t.Fatalf("empty question: %v", err)
	}
	pump(t, s, c, 10)
	q, err := s.Question(rec.ID)
	if err != nil || q.Channel != motcua.AskWeb {
		t.Fatalf("question on the terminal: %+v %v", q, err)
	}
	if _, err := s.AnswerQuestion(rec.ID, "Thứ Sáu tuần sau.", false); err != nil {
		t.Fatal(err)
	}
	pump(t, s, c, 10)
	qs, _ := c.Questions(testUnit)
	if len(qs) != 1 || len(qs[0].Answers) != 1 || qs[0].Status != motcua.QuestionAnswered {
		t.Fatalf("server question %+v", qs)
	}
}

func TestCatalogAndCalendarTravelDown(t *testing.T) {
	c, _ := mustCentral(t)
	s, _ := withTerminal(t, c, motcua.RoleCounter)
	pump(t, s, c, 10)
	procs := motcua.SeedCatalog()
	procs[0].Name = "Đăng ký khai sinh (mẫu tỉnh)"
	if err := c.SetCatalog(procs); err != nil {
		t.Fatal(err)
	}
	cal := motcua.DefaultCalendar()
	cal.Overrides = []motcua.CalendarDay{{Date: "2023-10-30", Kind: motcua.DayHoliday, Name: "Nghỉ bù"}}
	if err := c.SetCalendar(cal); err != nil {
		t.Fatal(err)
	}
	pump(t, s, c, 10)
	p, err := s.Catalog().Get(procs[0].Code)
	if err != nil || p.Name != procs[0].Name {
		t.Fatalf("catalog %+v %v", p, err)
	}
	if len(s.Calendar().Overrides) != 1 {
		t.Fatal("calendar not pulled")
	}
}

// An op is acknowledged only with its verdict: an answer that reports seqs
// applied without their results leaves them in the outbox.
func TestAckOnlyWithResult(t *testing.T) {
	c, _ := mustCentral(t)
	s, _ := withTerminal(t, c, motcua.RoleCounter)
	for i := 0; i < 4; i++ {
		mustReceive(t, s, "Nguyễn Thị Ánh")
	}
	ops, _ := s.SyncBatch(1, 10)
	m, _ := s.SyncMeta()
	if _, err := c.Sync(m.Terminal.ID, motcua.SyncRequest{TerminalID: m.Terminal.ID, InstallNonce: m.Terminal.InstallNonce,
		Schema: motcua.WireSchema, Ops: ops}); err != nil {
		t.Fatal(err)
	}
	resp := motcua.SyncResponse{LastAppliedSeq: 4, Results: []motcua.Result{
		{Seq: 1, OpID: ops[0].ID, Status: motcua.Applied}, {Seq: 2, OpID: ops[1].ID, Status: motcua.Applied},
		{Seq: 3, OpID: motcua.NewID(time.Now()), Status: motcua.Applied}}}
	got, err := s.ApplySync(resp)
	if err != nil {
		t.Fatal(err)
	}
	if got.AckedSeq != 2 || got.Acked != 2 {
		t.Fatalf("acked %+v", got)
	}
	if st, _ := s.State(); st.Waiting != 2 {
		t.Fatalf("waiting %d", st.Waiting)
	}
	// The real server answers a resend with the stored results.
	pump(t, s, c, 10)
	acked, _ := s.Acked(1, 10)
	if len(acked) != 4 {
		t.Fatalf("%d acked", len(acked))
	}
	for _, a := range acked {
		if a.Result == nil || a.Result.OpID != a.Op.ID {
			t.Fatalf("acked without its verdict: %+v", a)
		}
	}
}
