package central

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/store"
)

// orphanNote sends, as terminal s, a note on a dossier the server never
// had (what a terminal re-pushing after a restore may send before the
// dossier's creator did), and returns the answer.
func orphanNote(t *testing.T, s *store.Store, c *Store) motcua.RawSyncResponse {
	t.Helper()
	m, err := s.SyncMeta()
	if err != nil {
		t.Fatal(err)
	}
	args, _ := json.Marshal(motcua.NoteArgs{Text: "gọi lại"})
	op := motcua.Op{Seq: m.AckedSeq + 1, ID: motcua.NewID(c.Now()), Kind: motcua.OpNote, DossierID: motcua.NewID(c.Now()),
		ClientTime: c.Now(), Terminal: m.Terminal.ID, Officer: "Trần Văn Bình", Role: motcua.RoleCounter, Args: args}
	resp, err := c.Sync(m.Terminal.ID, motcua.SyncRequest{TerminalID: m.Terminal.ID, InstallNonce: m.Terminal.InstallNonce,
		Schema: motcua.WireSchema, AckedSeq: m.AckedSeq, Ops: []motcua.Op{op}, Pull: motcua.PullRequest{Cursor: m.Cursor}})
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// aheadSync is a sync from terminal s claiming acknowledgements up to
// acked, with a note on dossier id as the op the server expects next.
func aheadSync(s *store.Store, c *Store, acked uint64, id string) error {
	m, err := s.SyncMeta()
	if err != nil {
		return err
	}
	args, _ := json.Marshal(motcua.NoteArgs{Text: "đã gọi"})
	op := motcua.Op{Seq: m.AckedSeq + 1, ID: motcua.NewID(c.Now()), Kind: motcua.OpNote, DossierID: id,
		ClientTime: c.Now(), Terminal: m.Terminal.ID, Officer: "Trần Văn Bình", Role: m.Terminal.Role, Args: args}
	_, err = c.Sync(m.Terminal.ID, motcua.SyncRequest{TerminalID: m.Terminal.ID, InstallNonce: m.Terminal.InstallNonce,
		Schema: motcua.WireSchema, AckedSeq: acked, Ops: []motcua.Op{op}, Pull: motcua.PullRequest{Cursor: m.Cursor}})
	return err
}

// TestHamletAheadCannotHoldTheServer: a hamlet laptop claiming acknowledged
// ops the server lacks used to switch on the server-wide restore hold (7
// days, silently, across restarts): every terminal's op on a record the
// server lacked was held instead of refused (issue 10). Now that laptop
// alone is answered ahead_of_server, and only the admin's restore opens
// the hold.
func TestHamletAheadCannotHoldTheServer(t *testing.T) {
	c, _ := mustCentral(t)
	c.HoldOrphanedRepush = true
	counter, _ := withTerminal(t, c, motcua.RoleCounter)
	hamlet, _ := withTerminal(t, c, motcua.RoleHamlet)
	x := mustReceive(t, counter, "Nguyễn Thị Ánh").Dossier
	pump(t, counter, c, 10)
	pump(t, hamlet, c, 10)

	err := aheadSync(hamlet, c, 40, x.ID)
	// What another terminal gets is unchanged: its op on a record the
	// server never had is refused, not held.
	resp := orphanNote(t, counter, c)
	if resp.Held != 0 {
		t.Fatalf("the counter's op was held: the hamlet laptop switched the hold on")
	}
	if rs := resp.Verdicts; len(rs) != 1 || rs[0].Status != motcua.Rejected {
		t.Fatalf("orphan note verdicts %+v, want one rejection", rs)
	}
	var ae *motcua.Error
	if !errors.As(err, &ae) || ae.Reason != motcua.ErrAheadOfServer || ae.Expected != 1 || motcua.HTTPStatus(err) != 409 {
		t.Fatalf("hamlet ahead of the server: %v, want ahead_of_server expecting seq 1", err)
	}
	if st, _ := c.RestoreState(); !st.HoldUntil.IsZero() || !st.RestoredAt.IsZero() {
		t.Fatalf("the hamlet laptop changed the server's restore state: %+v", st)
	}
}

// TestAdminRestoreOpensTheHold: the admin's restore opens the hold (ops on
// missing records wait), a terminal ahead re-pushes, and the admin can end
// the hold.
func TestAdminRestoreOpensTheHold(t *testing.T) {
	c, _ := mustCentral(t)
	counter, _ := withTerminal(t, c, motcua.RoleCounter)
	x := mustReceive(t, counter, "Nguyễn Thị Ánh").Dossier
	pump(t, counter, c, 10)
	restore := backupStore(t, c)
	mustReceive(t, counter, "Lê Văn Cường")
	pump(t, counter, c, 10)

	// The admin's restore: motcua-server restore --from on a file (Restore
	// puts it in place and opens the hold), or pg_restore then the hold.
	var r *Store
	if c.pg != nil {
		r = restore()
		r.Now = c.Now
		if _, err := r.BeginRestoreHold(); err != nil {
			t.Fatal(err)
		}
	} else {
		r = restoreFile(t, c, restore)
	}
	defer r.Close()
	if st, err := r.RestoreState(); err != nil || !st.HoldUntil.Equal(c.Now().Add(RestoreHold)) || !st.RestoredAt.Equal(c.Now()) {
		t.Fatalf("restore state %+v, %v", st, err)
	}
	r.Now, r.HoldOrphanedRepush = c.Now, true
	// The terminal is ahead of the restored file: it is told to re-push.
	var gap *motcua.GapError
	if err := aheadSync(counter, r, 2, x.ID); !errors.As(err, &gap) || gap.Expected != 2 {
		t.Fatalf("ahead after the admin's restore: %v, want seq_gap from 2", err)
	}
	other, _ := withTerminal(t, r, motcua.RoleCounter)
	if resp := orphanNote(t, other, r); resp.Held == 0 {
		t.Fatalf("during the hold an op on a missing record was decided: %+v", resp.Verdicts)
	}
	if st, err := r.EndRestoreHold(); err != nil || !st.HoldUntil.IsZero() {
		t.Fatalf("end hold: %+v %v", st, err)
	}
	if resp := orphanNote(t, other, r); resp.Held != 0 {
		t.Fatal("the hold outlived the admin's end")
	}
	pump(t, counter, r, 10)
	if all, _ := r.Dossiers(testUnit); len(all) != 2 {
		t.Fatalf("after re-push the server holds %d", len(all))
	}
}

// restoreFile puts the bbolt backup restore() opens in place of a new
// central file with Restore, as motcua-server restore --from does.
func restoreFile(t *testing.T, c *Store, restore func() *Store) *Store {
	t.Helper()
	bk := restore()
	backup := bk.path
	bk.Close()
	path := filepath.Join(t.TempDir(), "central.db")
	aside, _, err := Restore(backup, path, c.Now())
	if err != nil || aside != "" {
		t.Fatalf("restore: aside %q, %v", aside, err)
	}
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	r.Now = c.Now
	return r
}
