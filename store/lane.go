package store

import (
	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	bolt "go.etcd.io/bbolt"
)

// SetLane records the lane the server leased to this terminal. Numbers
// already issued today stay issued: the per-day counter is never lowered, so
// a lane that moves can never hand out a number twice.
func (s *Store) SetLane(l motcua.Lane) error {
	if err := l.Validate(); err != nil {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error { return boltkv.PutJSON(tx.Bucket(bMeta), kLane, l) })
}

// Lane returns the lane in force.
func (s *Store) Lane() (motcua.Lane, error) {
	l := motcua.StandaloneLane()
	err := s.db.View(func(tx *bolt.Tx) error { return boltkv.GetJSON(tx.Bucket(bMeta), kLane, &l) })
	return l, err
}
