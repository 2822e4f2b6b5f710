package store

import (
	"encoding/binary"

	bolt "go.etcd.io/bbolt"

	"github.com/motcua/motcua"
)

// StandaloneManifest lists the standalone-lane codes this file issued: per
// code date, the last number, from the per-day counters of the standalone
// lane (allocateCode), which only grow. `motcua enroll` declares it, and the
// server then takes no other standalone code from this terminal
// (motcua.StandaloneManifest).
func (s *Store) StandaloneManifest() (motcua.StandaloneManifest, error) {
	m := motcua.StandaloneManifest{Days: map[string]int{}}
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bCodes)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			if len(k) != 8 || len(v) != 8 || int(k[6])<<8|int(k[7]) != motcua.StandaloneFirst {
				return nil
			}
			if n := int(binary.BigEndian.Uint64(v)); n >= motcua.StandaloneFirst {
				m.Days[string(k[:6])] = n
			}
			return nil
		})
	})
	return m, err
}
