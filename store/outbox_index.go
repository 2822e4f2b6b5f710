package store

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	bolt "go.etcd.io/bbolt"
)

// The outbox by record: every unsent op is also a key record id, Sep, seq
// (8 bytes big-endian) in bOutboxRec. A pulled page replays the officer's
// unsent ops on top of each record the server sends (applyPage); with this
// index it reads only the ops of the page's records. Before it, every page
// decoded the whole outbox, so a laptop that had been offline for weeks
// spent its sync decoding the same backlog again for each page: 1,500 ops
// a second drained at 14,000 unsent ops, about 110 at 93,000.
var bOutboxRec = []byte("outbox_rec")

// opRecord is the id of the record op acts on: its question for a question
// op, else its dossier; "" for an op on neither (a counter record).
func opRecord(op motcua.Op) string {
	if motcua.IsQuestionOp(op.Kind) {
		return op.QuestionID
	}
	return op.DossierID
}

func outboxRecKey(id string, seq uint64) []byte {
	return boltkv.JoinKey([]byte(id), boltkv.U64(seq))
}

// indexUnsent adds op to the outbox by record, in the caller's transaction.
func indexUnsent(tx *bolt.Tx, op motcua.Op) error {
	id := opRecord(op)
	if id == "" {
		return nil
	}
	return tx.Bucket(bOutboxRec).Put(outboxRecKey(id, op.Seq), nil)
}

// unindexUnsent removes op, acknowledged, from the outbox by record.
func unindexUnsent(tx *bolt.Tx, op motcua.Op) error {
	id := opRecord(op)
	if id == "" {
		return nil
	}
	return tx.Bucket(bOutboxRec).Delete(outboxRecKey(id, op.Seq))
}

// unsentSeqs lists the seqs of the unsent ops on record id, in order.
func unsentSeqs(tx *bolt.Tx, id string) []uint64 {
	prefix := append([]byte(id), boltkv.Sep)
	var seqs []uint64
	c := tx.Bucket(bOutboxRec).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		if len(k) == len(prefix)+8 {
			seqs = append(seqs, boltkv.Be64(k[len(prefix):]))
		}
	}
	return seqs
}

// hasUnsent reports whether an unsent op acts on record id.
func hasUnsent(tx *bolt.Tx, id string) bool {
	return len(unsentSeqs(tx, id)) > 0
}

// unsentFor gives the unsent ops of each record in ids, in seq order.
func unsentFor(tx *bolt.Tx, ids []string) (map[string][]motcua.Op, error) {
	m := map[string][]motcua.Op{}
	outbox := tx.Bucket(bOutbox)
	for _, id := range ids {
		for _, seq := range unsentSeqs(tx, id) {
			v := outbox.Get(boltkv.U64(seq))
			if v == nil {
				return nil, fmt.Errorf("outbox by record: op %d of %s is not in the outbox", seq, id)
			}
			var op motcua.Op
			if err := json.Unmarshal(v, &op); err != nil {
				return nil, fmt.Errorf("decode op %d: %w", seq, err)
			}
			m[id] = append(m[id], op)
		}
	}
	return m, nil
}

// pageRecords lists the ids of the records a pulled page carries.
func pageRecords(page motcua.PullPage) []string {
	ids := make([]string, 0, len(page.Dossiers)+len(page.Questions))
	for i := range page.Dossiers {
		ids = append(ids, page.Dossiers[i].ID)
	}
	for i := range page.Questions {
		ids = append(ids, page.Questions[i].ID)
	}
	return ids
}

// buildOutboxIndex indexes the outbox of a file of schema 3 or older
// (migrate.go), migrateChunk ops per transaction; a crash in the middle
// leaves keys that the next run puts again.
func (s *Store) buildOutboxIndex() error {
	err := s.eachInChunks(bOutbox, func(tx *bolt.Tx, k, v []byte) error {
		var op motcua.Op
		if err := json.Unmarshal(v, &op); err != nil {
			return fmt.Errorf("decode op %d: %w", boltkv.Be64(k), err)
		}
		return indexUnsent(tx, op)
	})
	if err != nil {
		return fmt.Errorf("build %s: %w", bOutboxRec, err)
	}
	return nil
}

// checkOutboxIndex reports an outbox by record that does not list exactly
// the outbox's ops on a record (CheckIntegrity).
func checkOutboxIndex(tx *bolt.Tx) error {
	want := 0
	outbox := tx.Bucket(bOutbox)
	err := outbox.ForEach(func(k, v []byte) error {
		var op motcua.Op
		if err := json.Unmarshal(v, &op); err != nil {
			return fmt.Errorf("decode op %d: %w", boltkv.Be64(k), err)
		}
		if id := opRecord(op); id != "" {
			want++
			key := outboxRecKey(id, op.Seq)
			if k, _ := tx.Bucket(bOutboxRec).Cursor().Seek(key); !bytes.Equal(k, key) {
				return fmt.Errorf("%s lacks op %d of %s", bOutboxRec, op.Seq, id)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if n := tx.Bucket(bOutboxRec).Stats().KeyN; n != want {
		return fmt.Errorf("%s has %d keys for %d unsent ops on records", bOutboxRec, n, want)
	}
	return nil
}
