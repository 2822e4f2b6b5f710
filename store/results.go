package store

import (
	"encoding/json"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	bolt "go.etcd.io/bbolt"
)

// Results lists the conflicts and rejections the server returned that the
// officer has not dismissed yet, oldest first.
func (s *Store) Results() ([]motcua.Result, error) {
	var out []motcua.Result
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bResults).ForEach(func(_, v []byte) error {
			var r motcua.Result
			if err := json.Unmarshal(v, &r); err != nil {
				return err
			}
			out = append(out, r)
			return nil
		})
	})
	return out, err
}

// DismissResult removes a result the officer has dealt with.
func (s *Store) DismissResult(seq uint64) error {
	return s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bResults).Delete(boltkv.U64(seq)) })
}

// putResult keeps a result worth the officer's attention; the sync code calls
// it in the transaction that records the acknowledgement.
func putResult(tx *bolt.Tx, r motcua.Result) error {
	if r.Status != motcua.Conflicted && r.Status != motcua.Rejected {
		return nil
	}
	return boltkv.PutJSON(tx.Bucket(bResults), boltkv.U64(r.Seq), r)
}
