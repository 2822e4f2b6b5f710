package central

import (
	"testing"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	"github.com/motcua/motcua/internal/kv"
)

// TestStoredHashesAreTheOps: the hashes computed before the writer
// (hashOps) are stored with the op they belong to, also in a batch that
// starts with ops already applied.
func TestStoredHashesAreTheOps(t *testing.T) {
	c, _ := mustCentral(t)
	s, _ := withTerminal(t, c, motcua.RoleCounter)
	for _, name := range []string{"Nguyễn Thị Ánh", "Lê Văn Cường", "Trần Văn Bình"} {
		mustReceive(t, s, name)
	}
	m, _ := s.SyncMeta()
	ops, err := s.SyncBatch(1, 10)
	if err != nil || len(ops) < 3 {
		t.Fatalf("%d ops: %v", len(ops), err)
	}
	sync := func(batch []motcua.Op) {
		t.Helper()
		_, err := c.Sync(m.Terminal.ID, motcua.SyncRequest{TerminalID: m.Terminal.ID, InstallNonce: m.Terminal.InstallNonce,
			Schema: 1, Ops: batch})
		if err != nil {
			t.Fatal(err)
		}
	}
	sync(ops[:1])
	sync(ops) // the first again, then the new ones
	err = c.db.View(func(tx kv.Tx) error {
		for _, op := range ops {
			var row appliedOp
			if err := boltkv.GetJSON(tx.Bucket(bApplied), appliedKey(m.Terminal.ID, op.Seq), &row); err != nil {
				return err
			}
			if row.Hash != op.Hash() || row.BodyHash != bodyHash(op) {
				t.Errorf("seq %d: stored %s / %s, want %s / %s", op.Seq, row.Hash, row.BodyHash, op.Hash(), bodyHash(op))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
