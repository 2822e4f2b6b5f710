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
