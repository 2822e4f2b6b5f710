package store

import (
	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	bolt "go.etcd.io/bbolt"
)

// The citizen's lookup key (docs/DESIGN.md §10) is made here, inside the
// reception's transaction, so a terminal with no link issues it too. The
// terminal keeps the key to reprint the receipt; the server only its hash.

var kPublicInfo = []byte("public_info")

// keepLookupKey makes the key of a new dossier and keeps it with the
// dossier's id, in the reception's transaction.
func keepLookupKey(tx *bolt.Tx, dossierID string) (string, error) {
	k := motcua.NewLookupKey()
	return k, tx.Bucket(bLookupKeys).Put([]byte(dossierID), []byte(k))
}

// putPublicInfo keeps what the server said about the unit's public pages;
// a page without it (an older server) leaves the last one.
func putPublicInfo(tx *bolt.Tx, p *motcua.PublicInfo) error {
	if p == nil {
		return nil
	}
	return boltkv.PutJSON(tx.Bucket(bMeta), kPublicInfo, *p)
}

// LookupKey returns the key of a dossier received on this terminal, or ""
// (received elsewhere, online, or before keys existed).
func (s *Store) LookupKey(dossierID string) (string, error) {
	var k string
	err := s.db.View(func(tx *bolt.Tx) error {
		k = string(tx.Bucket(bLookupKeys).Get([]byte(dossierID)))
		return nil
	})
	return k, err
}

// PublicInfo is the unit's public address and contacts as last pulled.
func (s *Store) PublicInfo() (motcua.PublicInfo, error) {
	var p motcua.PublicInfo
	err := s.db.View(func(tx *bolt.Tx) error { return boltkv.GetJSON(tx.Bucket(bMeta), kPublicInfo, &p) })
	return p, err
}

// LookupURL is the address for a dossier's QR code and `--json` output:
// "" when the unit has no public address or this terminal has no key.
func (s *Store) LookupURL(d motcua.Dossier) (string, error) {
	var url string
	err := s.db.View(func(tx *bolt.Tx) error {
		var p motcua.PublicInfo
		if err := boltkv.GetJSON(tx.Bucket(bMeta), kPublicInfo, &p); err != nil {
			return err
		}
		url = motcua.LookupURL(p.URL, d.Code, string(tx.Bucket(bLookupKeys).Get([]byte(d.ID))))
		return nil
	})
	return url, err
}

// RotateLookupKey gives a dossier a new lookup key when the citizen lost
// the receipt (docs/DESIGN.md §10): in one transaction the terminal keeps
// the new key and queues a SetField of FieldKeyHash (the new key's hash)
// through Apply, so the server and every terminal agree that the old key
// opens nothing from the next sync on. It returns the new key.
func (s *Store) RotateLookupKey(dossierID string) (string, motcua.Done, error) {
	key := motcua.NewLookupKey()
	var done motcua.Done
	err := s.db.Update(func(tx *bolt.Tx) error {
		d, err := getDossier(tx, dossierID)
		if err != nil {
			return err
		}
		if d == nil {
			return motcua.Errorf(motcua.ENOTFOUND, "dossier_not_found", "id", "Không có hồ sơ %s.", "No dossier %s.", dossierID)
		}
		a := motcua.Action{Kind: motcua.OpSetField, DossierID: dossierID,
			Args: motcua.SetFieldArgs{Field: motcua.FieldKeyHash, Old: d.KeyHash, New: motcua.HashLookupKey(key)}}
		if done, err = s.do(tx, a, nil); err != nil {
			return err
		}
		return tx.Bucket(bLookupKeys).Put([]byte(dossierID), []byte(key))
	})
	s.committed(err)
	return key, done, err
}
