package store

import (
	"bytes"
	"encoding/binary"
	"strings"

	"github.com/motcua/motcua"
	bolt "go.etcd.io/bbolt"
)

const sep = 0x00

func joinKey(parts ...[]byte) []byte {
	n := len(parts) - 1
	for _, p := range parts {
		n += len(p)
	}
	k := make([]byte, 0, n)
	for i, p := range parts {
		if i > 0 {
			k = append(k, sep)
		}
		k = append(k, p...)
	}
	return k
}

// searchTerms are the folded words a dossier is found by: the applicant's
// and the submitter's names.
func searchTerms(d *motcua.Dossier) []string {
	seen := map[string]bool{}
	var out []string
	add := func(name string) {
		for _, t := range motcua.Tokens(name) {
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	add(d.Applicant.Name)
	if d.Submitter != nil {
		add(d.Submitter.Name)
	}
	return out
}

// foldedNames is stored in every posting so a multi-word query is checked
// against the posting alone, without reading the dossier.
func foldedNames(d *motcua.Dossier) string {
	s := strings.Join(motcua.Tokens(d.Applicant.Name), " ")
	if d.Submitter != nil {
		s += " | " + strings.Join(motcua.Tokens(d.Submitter.Name), " ")
	}
	return s
}

// postingHeader is received u64 | appointment u64 | status u8.
const postingHeader = 17

func posting(d *motcua.Dossier) []byte {
	names := foldedNames(d)
	p := make([]byte, postingHeader, postingHeader+len(names))
	binary.BigEndian.PutUint64(p, uint64(d.ReceivedAt.Unix()))
	binary.BigEndian.PutUint64(p[8:], uint64(d.Appointment.Unix()))
	p[16] = byte(d.Status)
	return append(p, names...)
}

func statusKey(d *motcua.Dossier) []byte {
	k := make([]byte, 9, 9+len(d.ID))
	k[0] = byte(d.Status)
	binary.BigEndian.PutUint64(k[1:], uint64(d.Appointment.Unix()))
	return append(k, d.ID...)
}

func phones(d *motcua.Dossier) []string {
	var out []string
	if d.Applicant.Phone != "" {
		out = append(out, d.Applicant.Phone)
	}
	if d.Submitter != nil && d.Submitter.Phone != "" && d.Submitter.Phone != d.Applicant.Phone {
		out = append(out, d.Submitter.Phone)
	}
	return out
}

func idNumbers(d *motcua.Dossier) []string {
	var out []string
	if d.Applicant.IDNumber != "" {
		out = append(out, d.Applicant.IDNumber)
	}
	if d.Submitter != nil && d.Submitter.IDNumber != "" && d.Submitter.IDNumber != d.Applicant.IDNumber {
		out = append(out, d.Submitter.IDNumber)
	}
	return out
}

// reindex replaces old's index entries (nil for a new dossier) with cur's,
// in the caller's transaction, so a record and its index never disagree.
func reindex(tx *bolt.Tx, old, cur *motcua.Dossier) error {
	if old != nil {
		if err := unindex(tx, old); err != nil {
			return err
		}
	}
	id := []byte(cur.ID)
	if err := tx.Bucket(bIdxCode).Put([]byte(cur.Code), id); err != nil {
		return err
	}
	for _, n := range idNumbers(cur) {
		if err := tx.Bucket(bIdxIDNum).Put(joinKey([]byte(n), id), nil); err != nil {
			return err
		}
	}
	for _, p := range phones(cur) {
		if err := tx.Bucket(bIdxPhone).Put(joinKey([]byte(p), id), nil); err != nil {
			return err
		}
	}
	terms, counts := tx.Bucket(bIdxTerms), tx.Bucket(bTermCounts)
	post := posting(cur)
	for _, t := range searchTerms(cur) {
		if err := terms.Put(joinKey([]byte(t), id), post); err != nil {
			return err
		}
		if err := addCount(counts, []byte(t), 1); err != nil {
			return err
		}
	}
	return tx.Bucket(bIdxStatus).Put(statusKey(cur), nil)
}

func unindex(tx *bolt.Tx, d *motcua.Dossier) error {
	id := []byte(d.ID)
	if v := tx.Bucket(bIdxCode).Get([]byte(d.Code)); bytes.Equal(v, id) {
		if err := tx.Bucket(bIdxCode).Delete([]byte(d.Code)); err != nil {
			return err
		}
	}
	for _, n := range idNumbers(d) {
		if err := tx.Bucket(bIdxIDNum).Delete(joinKey([]byte(n), id)); err != nil {
			return err
		}
	}
	for _, p := range phones(d) {
		if err := tx.Bucket(bIdxPhone).Delete(joinKey([]byte(p), id)); err != nil {
			return err
		}
	}
	terms, counts := tx.Bucket(bIdxTerms), tx.Bucket(bTermCounts)
	for _, t := range searchTerms(d) {
		if err := terms.Delete(joinKey([]byte(t), id)); err != nil {
			return err
		}
		if err := addCount(counts, []byte(t), -1); err != nil {
			return err
		}
	}
	return tx.Bucket(bIdxStatus).Delete(statusKey(d))
}

func addCount(b *bolt.Bucket, k []byte, delta int) error {
	var n int64
	if v := b.Get(k); len(v) == 4 {
		n = int64(binary.BigEndian.Uint32(v))
	}
	n += int64(delta)
	if n <= 0 {
		return b.Delete(k)
	}
	var buf [4]byte
	binary.BigEndian.PutUint32(buf[:], uint32(n))
	return b.Put(k, buf[:])
}
