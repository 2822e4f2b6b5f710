package store

import (
	"bytes"
	"encoding/binary"
	"sort"
	"strings"
	"time"

	"github.com/motcua/motcua"
	bolt "go.etcd.io/bbolt"
)

// DueFilter narrows a listing to dossiers whose deadline is near or past.
type DueFilter string

const (
	DueAny     DueFilter = ""
	DueOverdue DueFilter = "overdue" // appointment date before today
	DueToday   DueFilter = "today"   // appointment today or earlier
	DueSoon    DueFilter = "soon"    // appointment by the end of the next working day
)

// Query is a search: by code, ID number, phone, or name words.
type Query struct {
	Text   string
	Status motcua.Status // 0: any
	Due    DueFilter
	Limit  int       // 0: 50
	Now    time.Time // for Due; zero: the store's clock
}

// Match says how a hit matched, which is also its rank.
type Match int

const (
	MatchCode Match = iota
	MatchIDNumber
	MatchPhone
	MatchNameExact
	MatchNamePrefix
	MatchName
	MatchList
)

// Hit is one search result.
type Hit struct {
	Dossier motcua.Dossier
	Match   Match
}

// Search finds dossiers. Exact code and ID-number matches come first, then
// names (whole name, then name starting with the query, then the rest, newest
// first). The last word of a name query matches as a prefix, so results
// follow the officer's typing.
func (s *Store) Search(q Query) ([]Hit, error) {
	if q.Limit <= 0 {
		q.Limit = 50
	}
	if q.Now.IsZero() {
		q.Now = s.Now()
	}
	text := strings.TrimSpace(motcua.NFC(q.Text))
	var hits []Hit
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		switch {
		case text == "":
			hits, err = s.list(tx, q)
		case motcua.LooksLikeCode(text):
			var c motcua.Code
			if c, err = motcua.ParseCode(text); err == nil {
				hits, err = lookupCode(tx, c.String())
			}
		case isNumberish(text):
			hits, err = lookupNumber(tx, text, q.Limit)
		default:
			hits, err = s.searchNames(tx, text, q)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.filter(hits, q), nil
}

func (s *Store) filter(hits []Hit, q Query) []Hit {
	out := hits[:0]
	for _, h := range hits {
		if (q.Status == 0 || h.Dossier.Status == q.Status) && s.dueMatches(h.Dossier.Appointment, h.Dossier.Status, q) {
			out = append(out, h)
		}
	}
	if len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out
}

func isNumberish(s string) bool {
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r == ' ' || r == '.' || r == '-' || r == '+' || r == '(' || r == ')') {
			return false
		}
	}
	return true
}

func lookupCode(tx *bolt.Tx, code string) ([]Hit, error) {
	id := tx.Bucket(bIdxCode).Get([]byte(code))
	if id == nil {
		return nil, nil
	}
	d, err := getDossier(tx, string(id))
	if err != nil || d == nil {
		return nil, err
	}
	return []Hit{{Dossier: *d, Match: MatchCode}}, nil
}

// lookupNumber tries a text of digits as an ID number and as a phone.
func lookupNumber(tx *bolt.Tx, text string, limit int) ([]Hit, error) {
	var hits []Hit
	seen := map[string]bool{}
	scan := func(b []byte, key string, m Match) error {
		prefix := append([]byte(key), sep)
		c := tx.Bucket(b).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix) && len(hits) < limit; k, _ = c.Next() {
			id := string(k[len(prefix):])
			if seen[id] {
				continue
			}
			seen[id] = true
			d, err := getDossier(tx, id)
			if err != nil {
				return err
			}
			if d != nil {
				hits = append(hits, Hit{Dossier: *d, Match: m})
			}
		}
		return nil
	}
	if digits := motcua.Digits(text); len(digits) == 12 || len(digits) == 9 {
		if err := scan(bIdxIDNum, digits, MatchIDNumber); err != nil {
			return nil, err
		}
	}
	if p, _, err := motcua.NormalizePhone(text); err == nil {
		if err := scan(bIdxPhone, p, MatchPhone); err != nil {
			return nil, err
		}
	}
	if !strings.ContainsAny(text, " .-+()") {
		// A passport number or an ID typed with letters falls to names; a bare
		// number may also be the start of an ID number.
		if digits := motcua.Digits(text); len(digits) >= 6 && len(digits) < 12 && len(hits) == 0 {
			c := tx.Bucket(bIdxIDNum).Cursor()
			for k, _ := c.Seek([]byte(digits)); k != nil && bytes.HasPrefix(k, []byte(digits)) && len(hits) < limit; k, _ = c.Next() {
				if i := bytes.IndexByte(k, sep); i >= 0 {
					id := string(k[i+1:])
					if d, err := getDossier(tx, id); err == nil && d != nil && !seen[id] {
						seen[id] = true
						hits = append(hits, Hit{Dossier: *d, Match: MatchIDNumber})
					}
				}
			}
		}
	}
	return hits, nil
}

type candidate struct {
	id       string
	received uint64
	match    Match
}

// searchNames drives the scan from the rarest query word (by term_counts)
// and checks the other words against the folded names kept in each posting,
// so no dossier is read until the ranked page is known.
func (s *Store) searchNames(tx *bolt.Tx, text string, q Query) ([]Hit, error) {
	words := motcua.Tokens(text)
	if len(words) == 0 {
		return nil, nil
	}
	lastIdx := len(words) - 1
	counts := tx.Bucket(bTermCounts)
	driver, best := 0, -1
	for i, w := range words {
		n := 0
		if i == lastIdx {
			c := counts.Cursor()
			for k, v := c.Seek([]byte(w)); k != nil && bytes.HasPrefix(k, []byte(w)); k, v = c.Next() {
				n += int(binary.BigEndian.Uint32(v))
			}
		} else if v := counts.Get([]byte(w)); len(v) == 4 {
			n = int(binary.BigEndian.Uint32(v))
		}
		if best < 0 || n < best {
			driver, best = i, n
		}
	}
	if best == 0 {
		return nil, nil
	}
	query := strings.Join(words, " ")
	prefix := []byte(words[driver])
	if driver != lastIdx {
		prefix = append(prefix, sep)
	}
	var cands []candidate
	seen := map[string]bool{}
	wantStatus := byte(q.Status)
	c := tx.Bucket(bIdxTerms).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if len(v) < postingHeader {
			continue
		}
		if wantStatus != 0 && v[16] != wantStatus {
			continue
		}
		names := string(v[postingHeader:])
		if !matchesAll(names, words) {
			continue
		}
		id := string(k[bytes.IndexByte(k, sep)+1:])
		if driver == lastIdx {
			if seen[id] {
				continue
			}
			seen[id] = true
		}
		if q.Due != DueAny && !s.dueMatches(time.Unix(int64(be64(v[8:16])), 0), motcua.Status(v[16]), q) {
			continue
		}
		m := MatchName
		applicant, _, _ := strings.Cut(names, " | ")
		switch {
		case applicant == query:
			m = MatchNameExact
		case strings.HasPrefix(applicant, query):
			m = MatchNamePrefix
		}
		cands = append(cands, candidate{id: id, received: be64(v[:8]), match: m})
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].match != cands[j].match {
			return cands[i].match < cands[j].match
		}
		if cands[i].received != cands[j].received {
			return cands[i].received > cands[j].received
		}
		return cands[i].id > cands[j].id
	})
	if len(cands) > q.Limit {
		cands = cands[:q.Limit]
	}
	hits := make([]Hit, 0, len(cands))
	for _, cd := range cands {
		d, err := getDossier(tx, cd.id)
		if err != nil {
			return nil, err
		}
		if d != nil {
			hits = append(hits, Hit{Dossier: *d, Match: cd.match})
		}
	}
	return hits, nil
}

// matchesAll reports whether every word but the last is a whole word of
// names and the last is the start of one.
func matchesAll(names string, words []string) bool {
	for i, w := range words {
		found := false
		for rest := names; rest != ""; {
			var word string
			word, rest, _ = strings.Cut(rest, " ")
			if word == w || (i == len(words)-1 && strings.HasPrefix(word, w)) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// list returns dossiers without a text query, soonest deadline first: the
// statuses asked for, or every status whose result is still owed.
func (s *Store) list(tx *bolt.Tx, q Query) ([]Hit, error) {
	statuses := []motcua.Status{motcua.StatusReceived, motcua.StatusProcessing, motcua.StatusSupplement,
		motcua.StatusPayment, motcua.StatusDone}
	if q.Status != 0 {
		statuses = []motcua.Status{q.Status}
	}
	type entry struct {
		appt uint64
		id   string
	}
	var entries []entry
	c := tx.Bucket(bIdxStatus).Cursor()
	for _, st := range statuses {
		n := 0
		for k, _ := c.Seek([]byte{byte(st)}); k != nil && k[0] == byte(st) && n < q.Limit; k, _ = c.Next() {
			appt := be64(k[1:9])
			if q.Due != DueAny && !s.dueMatches(time.Unix(int64(appt), 0), st, q) {
				break // sorted by appointment: nothing later matches either
			}
			entries = append(entries, entry{appt: appt, id: string(k[9:])})
			n++
		}
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].appt < entries[j].appt })
	if len(entries) > q.Limit {
		entries = entries[:q.Limit]
	}
	hits := make([]Hit, 0, len(entries))
	for _, e := range entries {
		d, err := getDossier(tx, e.id)
		if err != nil {
			return nil, err
		}
		if d != nil {
			hits = append(hits, Hit{Dossier: *d, Match: MatchList})
		}
	}
	return hits, nil
}

// dueMatches applies a due filter; only dossiers still owed a result have a
// running deadline.
func (s *Store) dueMatches(appt time.Time, st motcua.Status, q Query) bool {
	if q.Due == DueAny {
		return true
	}
	if !st.Open() {
		return false
	}
	due := motcua.DueState(appt, q.Now, s.Calendar())
	switch q.Due {
	case DueOverdue:
		return due == motcua.DueOverdue
	case DueToday:
		return due == motcua.DueOverdue || due == motcua.DueToday
	case DueSoon:
		return due == motcua.DueOverdue || due == motcua.DueToday || due == motcua.DueSoon
	}
	return true
}
