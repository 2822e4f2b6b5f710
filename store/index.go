package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	bolt "go.etcd.io/bbolt"
)

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

// The name index (bucket idx_terms) has two kinds of entries, both with the
// posting as value, and a layout marker:
//
//	term 0x00 ^received u64 id          one per folded word of the applicant's and submitter's names
//	0x01 applicant 0x00 ^received u64 id the applicant's whole folded name ("nguyen thi anh")
//	0x00 "layout"        → termLayout
//
// Within a term or a name, entries run newest first (the received time is
// inverted), so a search can stop as soon as it holds the best page instead
// of reading every posting of a common word like "nguyen" (search.go). A
// folded word is letters and digits only, so it never starts with 0x00 or
// 0x01 and never contains 0x00.
const (
	termLayout   = 2
	namePrefix   = 0x01
	recvKeyBytes = 8
)

var kTermLayout = []byte("\x00layout")

// recvKey is the received time inverted, so that byte order is newest first.
func recvKey(d *motcua.Dossier) []byte {
	var b [recvKeyBytes]byte
	binary.BigEndian.PutUint64(b[:], ^uint64(d.ReceivedAt.Unix()))
	return b[:]
}

func termKey(term string, d *motcua.Dossier) []byte {
	k := make([]byte, 0, len(term)+1+recvKeyBytes+len(d.ID))
	k = append(append(k, term...), boltkv.Sep)
	return append(append(k, recvKey(d)...), d.ID...)
}

// applicantName is the applicant's folded name, the text the exact and
// prefix ranks compare the query with.
func applicantName(d *motcua.Dossier) string {
	return strings.Join(motcua.Tokens(d.Applicant.Name), " ")
}

func nameKey(name string, d *motcua.Dossier) []byte {
	k := make([]byte, 0, 1+len(name)+1+recvKeyBytes+len(d.ID))
	k = append(append(append(k, namePrefix), name...), boltkv.Sep)
	return append(append(k, recvKey(d)...), d.ID...)
}

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
		if err := tx.Bucket(bIdxIDNum).Put(boltkv.JoinKey([]byte(n), id), nil); err != nil {
			return err
		}
	}
	for _, p := range phones(cur) {
		if err := tx.Bucket(bIdxPhone).Put(boltkv.JoinKey([]byte(p), id), nil); err != nil {
			return err
		}
	}
	if err := indexEnds(tx, cur, true); err != nil { // index_ends.go
		return err
	}
	if err := ensureTermLayout(tx, cur.ID); err != nil {
		return err
	}
	if err := indexTerms(tx, cur); err != nil {
		return err
	}
	return tx.Bucket(bIdxStatus).Put(statusKey(cur), nil)
}

// indexTerms writes d's name entries and counts.
func indexTerms(tx *bolt.Tx, d *motcua.Dossier) error {
	terms, counts := tx.Bucket(bIdxTerms), tx.Bucket(bTermCounts)
	post := posting(d)
	for _, t := range searchTerms(d) {
		if err := terms.Put(termKey(t, d), post); err != nil {
			return err
		}
		if err := addCount(counts, []byte(t), 1); err != nil {
			return err
		}
	}
	if name := applicantName(d); name != "" {
		return terms.Put(nameKey(name, d), post)
	}
	return nil
}

// ensureTermLayout rebuilds the name index from the dossiers when it was
// written by an older layout (before termLayout 2, entries were term | id,
// in id order). It runs once per file, in the first write or search that
// finds the marker missing. A write passes the id of the dossier it is
// writing, which is left out: the caller indexes its new version next
// (reindex has already unindexed the old one, from the old index that is
// thrown away here).
//
// The entries are sorted before they are written: bbolt splits nodes only
// at commit, so unsorted puts of a whole index into one transaction cost
// O(n²) memory moves (minutes for 100,000 dossiers); sorted, they append.
func ensureTermLayout(tx *bolt.Tx, skip string) error {
	if v := tx.Bucket(bIdxTerms).Get(kTermLayout); len(v) == 1 && v[0] == termLayout {
		return nil
	}
	for _, b := range [][]byte{bIdxTerms, bTermCounts} {
		if err := tx.DeleteBucket(b); err != nil {
			return fmt.Errorf("rebuild name index: %w", err)
		}
		if _, err := tx.CreateBucket(b); err != nil {
			return fmt.Errorf("rebuild name index: %w", err)
		}
	}
	type entry struct{ k, v []byte }
	var entries []entry
	counts := map[string]uint32{}
	err := tx.Bucket(bDossiers).ForEach(func(k, v []byte) error {
		if string(k) == skip {
			return nil
		}
		// Only what the index holds: decoding whole dossiers, history
		// included, would double the time.
		var r struct {
			Applicant   struct{ Name string }  `json:"applicant"`
			Submitter   *struct{ Name string } `json:"submitter"`
			ReceivedAt  time.Time              `json:"received_at"`
			Appointment time.Time              `json:"appointment"`
			Status      motcua.Status          `json:"status"`
		}
		if err := decodeDossier(v, &r); err != nil {
			return fmt.Errorf("rebuild name index: decode dossier %s: %w", k, err)
		}
		d := &motcua.Dossier{ID: string(k), Applicant: motcua.Person{Name: r.Applicant.Name},
			ReceivedAt: r.ReceivedAt, Appointment: r.Appointment, Status: r.Status}
		if r.Submitter != nil {
			d.Submitter = &motcua.Person{Name: r.Submitter.Name}
		}
		post := posting(d)
		for _, t := range searchTerms(d) {
			entries = append(entries, entry{termKey(t, d), post})
			counts[t]++
		}
		if name := applicantName(d); name != "" {
			entries = append(entries, entry{nameKey(name, d), post})
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.Slice(entries, func(i, j int) bool { return bytes.Compare(entries[i].k, entries[j].k) < 0 })
	terms := tx.Bucket(bIdxTerms)
	terms.FillPercent = 0.9 // a fresh, sorted load: pack the pages
	if err := terms.Put(kTermLayout, []byte{termLayout}); err != nil {
		return err
	}
	for _, e := range entries {
		if err := terms.Put(e.k, e.v); err != nil {
			return err
		}
	}
	words := make([]string, 0, len(counts))
	for t := range counts {
		words = append(words, t)
	}
	sort.Strings(words)
	cb := tx.Bucket(bTermCounts)
	for _, t := range words {
		var buf [4]byte
		binary.BigEndian.PutUint32(buf[:], counts[t])
		if err := cb.Put([]byte(t), buf[:]); err != nil {
			return err
		}
	}
	return nil
}

func unindex(tx *bolt.Tx, d *motcua.Dossier) error {
	id := []byte(d.ID)
	if v := tx.Bucket(bIdxCode).Get([]byte(d.Code)); bytes.Equal(v, id) {
		if err := tx.Bucket(bIdxCode).Delete([]byte(d.Code)); err != nil {
			return err
		}
	}
	for _, n := range idNumbers(d) {
		if err := tx.Bucket(bIdxIDNum).Delete(boltkv.JoinKey([]byte(n), id)); err != nil {
			return err
		}
	}
	for _, p := range phones(d) {
		if err := tx.Bucket(bIdxPhone).Delete(boltkv.JoinKey([]byte(p), id)); err != nil {
			return err
		}
	}
	if err := indexEnds(tx, d, false); err != nil {
		return err
	}
	terms, counts := tx.Bucket(bIdxTerms), tx.Bucket(bTermCounts)
	for _, t := range searchTerms(d) {
		if err := terms.Delete(termKey(t, d)); err != nil {
			return err
		}
		if err := addCount(counts, []byte(t), -1); err != nil {
			return err
		}
	}
	if name := applicantName(d); name != "" {
		if err := terms.Delete(nameKey(name, d)); err != nil {
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

// CountByStatus counts the dossiers in each status from the status index
// (keys only): the dossier list's total, without reading a dossier.
func (s *Store) CountByStatus() (map[motcua.Status]int, error) {
	out := map[motcua.Status]int{}
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bIdxStatus).Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			if len(k) > 0 {
				out[motcua.Status(k[0])]++
			}
		}
		return nil
	})
	return out, err
}
