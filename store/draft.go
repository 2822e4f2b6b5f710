package store

import (
	"encoding/json"
	"fmt"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	bolt "go.etcd.io/bbolt"
)

// bDrafts holds the forms an officer left unfinished: form name → json
// Draft. The UI saves the reception form on each change (debounced), so a
// crash, a kill or a power cut loses at most the last second of typing.
// Created by the first draft; a file without it simply has none.
var bDrafts = []byte("drafts")

// SaveDraft keeps data as the draft of form (replacing the previous one),
// stamped with the time and the officer on duty.
func (s *Store) SaveDraft(form string, data []byte) (motcua.Draft, error) {
	if !json.Valid(data) {
		return motcua.Draft{}, fmt.Errorf("save draft %s: not JSON", form)
	}
	d := motcua.Draft{Form: form, Data: append(json.RawMessage(nil), data...)}
	err := s.db.Update(func(tx *bolt.Tx) error {
		var info motcua.TerminalInfo
		if err := boltkv.GetJSON(tx.Bucket(bMeta), kTerminal, &info); err != nil {
			return err
		}
		d.Officer, d.SavedAt = info.Officer, s.correctedNow(tx.Bucket(bMeta))
		b, err := tx.CreateBucketIfNotExists(bDrafts)
		if err != nil {
			return err
		}
		return boltkv.PutJSON(b, []byte(form), d)
	})
	if err != nil {
		return motcua.Draft{}, fmt.Errorf("save draft %s: %w", form, err)
	}
	return d, nil
}

// Draft returns the draft of form; ok is false when there is none.
func (s *Store) Draft(form string) (d motcua.Draft, ok bool, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bDrafts)
		if b == nil {
			return nil
		}
		r, err := boltkv.GetRecord[motcua.Draft](b, "draft", form)
		if r != nil {
			d, ok = *r, true
		}
		return err
	})
	return d, ok, err
}

// DeleteDraft forgets the draft of form (saved as a dossier, recorded as
// guidance or refusal, or discarded by the officer). No draft is no error.
func (s *Store) DeleteDraft(form string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bDrafts)
		if b == nil {
			return nil
		}
		return b.Delete([]byte(form))
	})
}
