package store

import (
	"encoding/json"
	"testing"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	bolt "go.etcd.io/bbolt"
)

// A file of schema 3 (60 dossiers and 262 unsent ops written by the code
// before the outbox by record: motcua-gen -n 60 --seed 7 --end 2026-11-01
// --days 30) gets the index at its first writing open, and a pulled page
// then replays exactly each record's own unsent ops.
func TestMigrateSchema3BuildsOutboxIndex(t *testing.T) {
	path := unpack(t, "schema3-60.db.gz")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	var unsent int
	db.View(func(tx *bolt.Tx) error {
		if v := boltkv.GetU64(tx.Bucket(bMeta), kSchema); v != 3 || tx.Bucket(bOutboxRec) != nil {
			t.Fatalf("fixture: schema %d, outbox_rec bucket %v", v, tx.Bucket(bOutboxRec) != nil)
		}
		unsent = tx.Bucket(bOutbox).Stats().KeyN
		return nil
	})
	db.Close()
	if unsent < 200 {
		t.Fatalf("fixture has %d unsent ops", unsent)
	}

	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.CheckIntegrity(); err != nil { // checkOutboxIndex: one key per unsent op on a record
		t.Fatal(err)
	}
	perRecord := map[string][]uint64{}
	s.db.View(func(tx *bolt.Tx) error {
		if v := boltkv.GetU64(tx.Bucket(bMeta), kSchema); v != SchemaVersion {
			t.Fatalf("schema %d after the writing open", v)
		}
		return tx.Bucket(bOutbox).ForEach(func(k, v []byte) error {
			var op motcua.Op
			if err := json.Unmarshal(v, &op); err != nil {
				t.Fatal(err)
			}
			perRecord[opRecord(op)] = append(perRecord[opRecord(op)], op.Seq)
			return nil
		})
	})
	s.db.View(func(tx *bolt.Tx) error {
		for id, want := range perRecord {
			if id == "" {
				continue
			}
			got, err := unsentFor(tx, []string{id})
			if err != nil {
				t.Fatal(err)
			}
			if len(got[id]) != len(want) {
				t.Fatalf("%s: %d unsent ops by record, %d in the outbox", id, len(got[id]), len(want))
			}
			for i, op := range got[id] {
				if op.Seq != want[i] || opRecord(op) != id {
					t.Fatalf("%s: op %d is seq %d of %s, want seq %d", id, i, op.Seq, opRecord(op), want[i])
				}
			}
		}
		return nil
	})
}

// The index follows the outbox: a new op is listed under its dossier, an
// acknowledged one leaves it, and CheckIntegrity holds at each step.
func TestOutboxIndexFollowsAcks(t *testing.T) {
	s, err := Open(unpack(t, "schema3-60.db.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	done, err := s.Receive(motcua.ReceiveInput{ProcedureCode: "1.001193", Applicant: motcua.Person{Name: "Lê Văn Cường", Phone: "0987654321"}})
	if err != nil {
		t.Fatal(err)
	}
	id := done.Dossier.ID
	s.db.View(func(tx *bolt.Tx) error {
		if seqs := unsentSeqs(tx, id); len(seqs) != 1 || seqs[0] != done.Op.Seq {
			t.Fatalf("new dossier's unsent seqs %v, want [%d]", seqs, done.Op.Seq)
		}
		return nil
	})
	ops, err := s.SyncBatch(1, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	results := make([]motcua.Result, len(ops))
	for i, op := range ops {
		results[i] = motcua.Result{Seq: op.Seq, OpID: op.ID, Status: motcua.Applied}
	}
	if _, err := s.ApplySync(motcua.SyncResponse{LastAppliedSeq: ops[len(ops)-1].Seq, Results: results}); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckIntegrity(); err != nil {
		t.Fatal(err)
	}
	s.db.View(func(tx *bolt.Tx) error {
		if n := tx.Bucket(bOutboxRec).Stats().KeyN; n != 0 || hasUnsent(tx, id) {
			t.Fatalf("after acking everything: %d keys in %s", n, bOutboxRec)
		}
		return nil
	})
}
