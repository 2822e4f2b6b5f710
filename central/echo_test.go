package central

import (
	"encoding/json"
	"testing"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/kv"
	"github.com/motcua/motcua/store"
)

// pushAll sends every unsent op of s in one request of schema, and records
// the answer.
func pushAll(t *testing.T, s *store.Store, c *Store, schema int) motcua.RawSyncResponse {
	t.Helper()
	m, err := s.SyncMeta()
	if err != nil {
		t.Fatal(err)
	}
	ops, err := s.SyncBatch(m.AckedSeq+1, motcua.MaxSyncOps)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Sync(m.Terminal.ID, motcua.SyncRequest{TerminalID: m.Terminal.ID, InstallNonce: m.Terminal.InstallNonce,
		Schema: schema, AckedSeq: m.AckedSeq, Ops: ops, Pull: motcua.PullRequest{Cursor: m.Cursor, Full: m.Resetting}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ApplySync(decoded(t, resp)); err != nil {
		t.Fatal(err)
	}
	return resp
}

// sameAsServer fails unless the terminal holds each dossier exactly as the
// server does.
func sameAsServer(t *testing.T, s *store.Store, c *Store, ids ...string) {
	t.Helper()
	for _, id := range ids {
		local, err := s.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		var srv *motcua.Dossier
		if err := c.db.View(func(tx kv.Tx) error { srv, err = getDossier(tx, id); return err }); err != nil || srv == nil {
			t.Fatalf("server dossier %s: %v", id, err)
		}
		a, _ := json.Marshal(local)
		b, _ := json.Marshal(srv)
		if string(a) != string(b) {
			t.Fatalf("dossier %s differs:\nterminal %s\nserver   %s", id, a, b)
		}
	}
}

func moveTo(t *testing.T, s *store.Store, id string, from, to motcua.Status) {
	t.Helper()
	if _, err := s.Do(motcua.Action{Kind: motcua.OpTransition, DossierID: id, Args: motcua.TransitionArgs{From: from, To: to}}); err != nil {
		t.Fatal(err)
	}
}

// TestPushAnswerCarriesOnlyWhatTheTerminalLacks: a push of a terminal's own
// work comes back as one verdict and no snapshot (issue 10); a record
// another terminal changed meanwhile comes back; the terminal's copies equal
// the server's either way.
func TestPushAnswerCarriesOnlyWhatTheTerminalLacks(t *testing.T) {
	c, _ := mustCentral(t)
	a, _ := withTerminal(t, c, motcua.RoleCounter)
	b, _ := withTerminal(t, c, motcua.RoleCounter)
	var ids []string
	for _, name := range []string{"Nguyễn Thị Ánh", "Lê Văn Đức", "Phạm Thu Hà"} {
		d := mustReceive(t, a, name).Dossier
		moveTo(t, a, d.ID, motcua.StatusReceived, motcua.StatusProcessing)
		ids = append(ids, d.ID)
	}
	resp := pushAll(t, a, c, motcua.WireSchema)
	if len(resp.Results) != 0 || len(resp.Verdicts) != 1 || resp.Verdicts[0] != (motcua.Verdict{Seq: 1, Through: 6}) {
		t.Fatalf("verdicts %+v, results %+v; want one run 1–6", resp.Verdicts, resp.Results)
	}
	if n := len(resp.Pull.Dossiers); n != 0 || resp.Counts.Echoes != 3 {
		t.Fatalf("the answer carried %d of the terminal's own dossiers back (echoes left out: %d)", n, resp.Counts.Echoes)
	}
	sameAsServer(t, a, c, ids...)

	// Another terminal changes the first dossier; the first terminal, not
	// having pulled that yet, moves it and the second one.
	pump(t, b, c, 100)
	moveTo(t, b, ids[0], motcua.StatusProcessing, motcua.StatusDone)
	pump(t, b, c, 100)
	if _, err := a.Do(motcua.Action{Kind: motcua.OpNote, DossierID: ids[0], Args: motcua.NoteArgs{Text: "gọi lại"}}); err != nil {
		t.Fatal(err)
	}
	moveTo(t, a, ids[1], motcua.StatusProcessing, motcua.StatusDone)
	resp = pushAll(t, a, c, motcua.WireSchema)
	if len(resp.Pull.Dossiers) != 1 || resp.Counts.Echoes != 1 {
		t.Fatalf("pulled %d dossiers (%d echoes left out), want only the one the other terminal changed", len(resp.Pull.Dossiers), resp.Counts.Echoes)
	}
	sameAsServer(t, a, c, ids...)
	pump(t, b, c, 100)
	sameAsServer(t, b, c, ids...)

	// A rejected op: the server's version comes back with its verdict.
	moveTo(t, b, ids[2], motcua.StatusProcessing, motcua.StatusDone)
	pump(t, b, c, 100)
	moveTo(t, a, ids[2], motcua.StatusProcessing, motcua.StatusDone) // a second "done": superseded or conflict
	resp = pushAll(t, a, c, motcua.WireSchema)
	if len(resp.Verdicts) != 1 || resp.Verdicts[0].Status == "" || len(resp.Pull.Dossiers) != 1 {
		t.Fatalf("verdicts %+v, %d dossiers: want the op's own verdict and the server's dossier", resp.Verdicts, len(resp.Pull.Dossiers))
	}
	sameAsServer(t, a, c, ids...)
}

// TestSchemaOneTerminalIsAnsweredAsBefore: a terminal of the first wire
// schema still gets one result per op with its ids, and its own writes.
func TestSchemaOneTerminalIsAnsweredAsBefore(t *testing.T) {
	c, _ := mustCentral(t)
	a, _ := withTerminal(t, c, motcua.RoleCounter)
	d := mustReceive(t, a, "Nguyễn Thị Ánh").Dossier
	moveTo(t, a, d.ID, motcua.StatusReceived, motcua.StatusProcessing)
	resp := pushAll(t, a, c, 1)
	if len(resp.Verdicts) != 0 || len(resp.Results) != 2 || resp.Results[1].OpID == "" || resp.Results[1].DossierID != d.ID {
		t.Fatalf("schema 1 answer: verdicts %+v results %+v", resp.Verdicts, resp.Results)
	}
	if len(resp.Pull.Dossiers) != 1 {
		t.Fatalf("schema 1 pull carried %d dossiers, want its own one", len(resp.Pull.Dossiers))
	}
	sameAsServer(t, a, c, d.ID)
}
