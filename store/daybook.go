package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/motcua/motcua"
)

// DayBook reads a day's work at this terminal (Sổ hôm nay): the dossiers
// received, handed over or paid for that day, and the guidance and
// refusals given. A dossier's JSON is decoded only when its last change was
// on that day or later (its "updated_at" text says so): the walk over the
// file inflates each record but parses only the day's.
func (s *Store) DayBook(day time.Time) (motcua.DayBook, error) {
	v := day.In(motcua.VNZone)
	// updated_at is written in the op's own zone: the day may read one off
	// in UTC, so both neighbours are let through and judged after decoding.
	marks := [][]byte{}
	for _, d := range []int{-1, 0, 1} {
		marks = append(marks, []byte(`"updated_at":"`+v.AddDate(0, 0, d).Format("2006-01-02")))
	}
	var ds []motcua.Dossier
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bDossiers).ForEach(func(k, rec []byte) error {
			raw, err := dossierJSON(rec)
			if err != nil {
				return fmt.Errorf("read dossier %s: %w", k, err)
			}
			hit := false
			for _, m := range marks {
				if bytes.Contains(raw, m) {
					hit = true
					break
				}
			}
			if !hit && !updatedAfter(raw, v) {
				return nil
			}
			var d motcua.Dossier
			if err := json.Unmarshal(raw, &d); err != nil {
				return fmt.Errorf("decode dossier %s: %w", k, err)
			}
			ds = append(ds, d)
			return nil
		})
	})
	if err != nil {
		return motcua.DayBook{}, err
	}
	recs, err := s.CounterRecords(day)
	if err != nil {
		return motcua.DayBook{}, err
	}
	return motcua.NewDayBook(day, ds, recs), nil
}

// updatedAfter reports whether a stored dossier changed after day, read
// from its "updated_at" without decoding the rest: such a dossier may hold
// an event of day (a payment that day, then a later change).
func updatedAfter(raw []byte, day time.Time) bool {
	i := bytes.Index(raw, []byte(`"updated_at":"`))
	if i < 0 {
		return true // cannot tell: decode it
	}
	rest := raw[i+len(`"updated_at":"`):]
	if len(rest) < 10 {
		return true
	}
	return string(rest[:10]) > day.AddDate(0, 0, 1).Format("2006-01-02")
}
