package faults_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/faults"
	"github.com/motcua/motcua/store"
)

// TestCorruptDataFileEndToEnd is what happens to a damaged terminal file,
// with a server: the daily hot backup is taken; the officer works on (some
// of it synced, some not); the file is damaged. Opening it says so (and
// what to do); motcua check finds it; motcua restore puts the newest backup
// in place and keeps the damaged file aside; the terminal syncs: the
// server sees acknowledgements the restored file never wrote
// (ServerAhead), and the first new op reuses a seq the server holds with
// other content, so the server answers 409 terminal_fork and quarantines
// the identity. The admin step is a new enrollment (motcua enroll proves
// the old identity): the terminal then pulls everything back, re-pushes
// what it still holds, and converges. What was made after the backup and
// never synced lived only in the damaged file: it is reported, and is in
// the file kept aside.
// long: one scenario, step by step, against real processes.
func TestCorruptDataFileEndToEnd(t *testing.T) {
	rig := faults.NewRig(t)
	h := faults.NewHistory("x")
	s := rig.NewTerminal(t.TempDir(), "A", motcua.RoleCounter, nil)
	act := &faults.Actor{Name: "A", S: s, H: h, R: faults.NewRand(7), Q: faults.NewRand(8)}
	sync := func(s *store.Store) error {
		_, err := faults.Drain(faults.FastSyncer(t, s, 0), 5, 20*time.Second)
		return err
	}
	work := func(n int) []faults.Action {
		before := len(h.Actions())
		act.Work(t, n, nil, 50)
		return h.Actions()[before:]
	}
	work(12)
	if err := sync(s); err != nil {
		t.Fatal(err)
	}
	backup, err := s.BackupIfDue() // the daily hot backup
	if err != nil || backup == "" {
		t.Fatalf("backup %q: %v", backup, err)
	}
	synced := work(8)
	if err := sync(s); err != nil {
		t.Fatal(err)
	}
	unsynced := work(5)
	s.Close()

	// The damage: the meta pages and the first data pages overwritten.
	f, err := os.OpenFile(s.Path(), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteAt(make([]byte, 3*4096), 0)
	f.Close()
	if _, err := store.Open(s.Path()); !store.IsCorrupt(err) || !strings.Contains(motcua.ErrorMessage(err, motcua.VI), "motcua restore") {
		t.Fatalf("opening the damaged file: %v", err)
	}
	if err := store.Verify(s.Path()); !store.IsCorrupt(err) {
		t.Fatalf("motcua check on the damaged file: %v", err)
	}
	files := store.BackupFiles(s.Path())
	if len(files) == 0 || files[0] != backup {
		t.Fatalf("backups beside the file: %v", files)
	}
	kept, err := store.Restore(files[0], s.Path())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(kept); err != nil {
		t.Fatalf("the damaged file was not kept aside: %v", err)
	}
	s, err = store.Open(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// The restored file is another copy of the laptop's history: its seqs
	// after the backup may repeat the damaged file's (the fork below).
	act.S, act.Name = s, "Ar"
	before, _ := s.State()

	// First sync: the server is ahead of the restored file.
	sy := faults.FastSyncer(t, s, 0)
	sum, err := sy.Drain(t.Context())
	t.Logf("first sync after the restore: %+v, err %v", sum, err)
	after, _ := s.State()
	t.Logf("restored file: %d dossiers before the sync, %d after (re-pulled from the server)", before.Dossiers, after.Dossiers)
	// A new action reuses a seq the server holds with other content.
	work(1)
	_, err = faults.FastSyncer(t, s, 0).Drain(t.Context())
	if motcua.ErrorCode(err) != motcua.ESTOPPED || motcua.ErrorReason(err) != motcua.ErrTerminalFork {
		t.Fatalf("the restored terminal's new op: %v, want terminal_fork", err)
	}
	info, _ := s.Terminal()
	rec, _ := rig.Central().Terminal(info.ID)
	t.Logf("fork detection: 409 terminal_fork, quarantined=%v (%s)", rec.Quarantined, rec.QuarantineReason)
	if !rec.Quarantined {
		t.Fatal("not quarantined")
	}
	// The admin step: motcua-server enroll, then motcua enroll on the laptop.
	faults.Enroll(t, s, rig.URL, rig.URL, rig.Code(motcua.RoleCounter), &motcua.PreviousTerminal{TerminalID: info.ID, Token: info.Token})
	work(2)
	srv, terms := faults.Final(t, rig, []string{"Ar"}, []*store.Store{s}, nil)
	rep := faults.Check(h, srv, terms, faults.Options{Cloned: true})
	// What comes back: everything synced before the damage.
	for _, a := range synced {
		if a.State == faults.Acknowledged && len(srv.Results[a.OpID]) == 0 {
			t.Errorf("%s synced before the damage but not on the server", a.Token)
		}
		if a.Kind == motcua.OpReceive && a.State == faults.Acknowledged {
			if _, ok := terms[0].Dossiers[a.DossierID]; !ok {
				t.Errorf("reception %s synced before the damage did not come back to the terminal", a.Token)
			}
		}
	}
	// What does not: acknowledged after the backup and never synced.
	gone := 0
	for _, a := range unsynced {
		if a.State == faults.Acknowledged && len(srv.Results[a.OpID]) == 0 {
			gone++
		}
	}
	t.Logf("after restore + re-enrollment: %s; %d of %d actions made after the backup and never synced are gone (only in %s)",
		rep, gone, len(unsynced), kept)
	if rep.Lost != gone || rep.Duplicated+rep.Unexpected+rep.BadCodes+rep.Illegal > 0 || !rep.Converged {
		t.Fatalf("beyond the unsynced work, something broke: %s", rep)
	}
}
