package central

import (
	"bytes"
	"testing"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/kv"
)

// An op re-pushed under a new terminal identity (re-enrolment after a lost
// acknowledgement) is answered with its first result and not applied
// again; another op under a used op id is refused as op_id_reused and
// changes nothing.
func TestOpIDReusedUnderANewIdentity(t *testing.T) {
	c, _ := mustCentral(t)
	first, _ := withTerminal(t, c, motcua.RoleCounter)
	mustReceive(t, first, "Nguyễn Thị Ánh")
	m1, _ := first.SyncMeta()
	ops, err := first.SyncBatch(1, 10)
	if err != nil || len(ops) != 1 {
		t.Fatalf("%d ops: %v", len(ops), err)
	}
	sync := func(m motcua.SyncMeta, op motcua.Op) motcua.Result {
		t.Helper()
		r, err := c.Sync(m.Terminal.ID, motcua.SyncRequest{TerminalID: m.Terminal.ID, InstallNonce: m.Terminal.InstallNonce,
			Schema: 1, Ops: []motcua.Op{op}})
		if err != nil || len(r.Results) != 1 {
			t.Fatalf("sync: %+v %v", r.Results, err)
		}
		return r.Results[0]
	}
	was := sync(m1, ops[0])
	if was.Status != motcua.Applied {
		t.Fatalf("first push: %+v", was)
	}
	again, _ := withTerminal(t, c, motcua.RoleCounter)
	m2, _ := again.SyncMeta()
	if m2.Terminal.ID == m1.Terminal.ID {
		t.Fatal("the second enrolment kept the first identity")
	}
	same := ops[0]
	same.Seq = 1
	if got := sync(m2, same); got.Status != was.Status || got.DossierID != was.DossierID {
		t.Errorf("the same op under a new identity: %+v, want the first result %+v", got, was)
	}
	other := ops[0]
	other.Seq = 2
	other.Args = bytes.Replace(other.Args, []byte("Nguyễn Thị Ánh"), []byte("Lê Văn Cường"), 1)
	if bytes.Equal(other.Args, ops[0].Args) {
		t.Fatal("the test's op did not change")
	}
	if got := sync(m2, other); got.Status != motcua.Rejected || got.Reason != "op_id_reused" {
		t.Errorf("another op under a used op id: %+v, want rejected op_id_reused", got)
	}
	dossiers := 0
	err = c.db.View(func(tx kv.Tx) error {
		return tx.Bucket(bDossiers).ForEach(func(k, v []byte) error {
			if v != nil {
				dossiers++
			}
			return nil
		})
	})
	if err != nil || dossiers != 1 {
		t.Fatalf("%d dossiers on the server after the re-pushes (%v), want 1", dossiers, err)
	}
}
