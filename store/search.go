package store

import (
	"bytes"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	bolt "go.etcd.io/bbolt"
)

// Search finds dossiers. Exact code and ID-number matches come first, then
// names (whole name, then name starting with the query, then the rest, newest
// first). The last word of a name query matches as a prefix, so results
// follow the officer's typing.
func (s *Store) Search(q motcua.Query) ([]motcua.Hit, error) {
	if q.Limit <= 0 {
		q.Limit = 50
	}
	if q.Now.IsZero() {
		q.Now = s.Now()
	}
	if q.Due != "" { // the due filter reads the calendar: decode it outside the search's transaction
		if err := s.Reference(); err != nil {
			return nil, err
		}
	}
	text := strings.TrimSpace(motcua.NFC(q.Text))
	var hits []motcua.Hit
	search := func(tx *bolt.Tx) error {
		var err error
		switch {
		case text == "":
			hits, err = s.list(tx, q)
		case motcua.LooksLikeCode(text):
			var c motcua.Code
			if c, err = motcua.ParseCode(text); err == nil {
				hits, err = lookupCode(tx, c.String())
			}
		case isTail(text):
			hits, err = lookupTail(tx, text)
		case isNumberish(text):
			if hits, err = lookupNumber(tx, text, q.Limit); err == nil {
				hits, err = lookupReadOut(tx, text, q, hits)
			}
		default:
			hits, err = s.searchNames(tx, text, q)
		}
		return err
	}
	err := s.db.View(search)
	if errors.Is(err, errOldTermLayout) {
		// A file written before the current name-index layout: rebuild the
		// index once, then search again.
		if err = s.db.Update(func(tx *bolt.Tx) error { return ensureTermLayout(tx, "") }); err == nil {
			err = s.db.View(search)
		}
	}
	if err != nil {
		return nil, err
	}
	return s.filter(hits, q), nil
}

func (s *Store) filter(hits []motcua.Hit, q motcua.Query) []motcua.Hit {
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

func lookupCode(tx *bolt.Tx, code string) ([]motcua.Hit, error) {
	id := tx.Bucket(bIdxCode).Get([]byte(code))
	if id == nil {
		return nil, nil
	}
	d, err := getDossier(tx, string(id))
	if err != nil || d == nil {
		return nil, err
	}
	return []motcua.Hit{{Dossier: *d, Match: motcua.MatchCode}}, nil
}

// lookupNumber tries a text of digits as an ID number and as a phone.
func lookupNumber(tx *bolt.Tx, text string, limit int) ([]motcua.Hit, error) {
	var hits []motcua.Hit
	seen := map[string]bool{}
	scan := func(b []byte, key string, m motcua.Match) error {
		prefix := append([]byte(key), boltkv.Sep)
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
				hits = append(hits, motcua.Hit{Dossier: *d, Match: m})
			}
		}
		return nil
	}
	if digits := motcua.Digits(text); len(digits) == 12 || len(digits) == 9 {
		if err := scan(bIdxIDNum, digits, motcua.MatchIDNumber); err != nil {
			return nil, err
		}
	}
	if p, _, err := motcua.NormalizePhone(text); err == nil {
		if err := scan(bIdxPhone, p, motcua.MatchPhone); err != nil {
			return nil, err
		}
	}
	if !strings.ContainsAny(text, " .-+()") {
		// A passport number or an ID typed with letters falls to names; a bare
		// number may also be the start of an ID number.
		if digits := motcua.Digits(text); len(digits) >= 6 && len(digits) < 12 && len(hits) == 0 {
			c := tx.Bucket(bIdxIDNum).Cursor()
			for k, _ := c.Seek([]byte(digits)); k != nil && bytes.HasPrefix(k, []byte(digits)) && len(hits) < limit; k, _ = c.Next() {
				if i := bytes.IndexByte(k, boltkv.Sep); i >= 0 {
					id := string(k[i+1:])
					if d, err := getDossier(tx, id); err == nil && d != nil && !seen[id] {
						seen[id] = true
						hits = append(hits, motcua.Hit{Dossier: *d, Match: motcua.MatchIDNumber})
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
	match    motcua.Match
}

// errOldTermLayout says the name index predates termLayout: Search rebuilds
// it and tries again.
var errOldTermLayout = errors.New("the name index has an older layout")

// nameMatcher holds what every posting of a name search is checked against.
type nameMatcher struct {
	s      *Store
	q      motcua.Query
	words  []string
	query  []byte // the words joined by spaces: what the applicant's name is compared with
	status byte
}

// passes applies the status and due filters to a posting.
func (m *nameMatcher) passes(v []byte) bool {
	if len(v) < postingHeader {
		return false
	}
	if m.status != 0 && v[16] != m.status {
		return false
	}
	return m.q.Due == "" || m.s.dueMatches(time.Unix(int64(boltkv.Be64(v[8:16])), 0), motcua.Status(v[16]), m.q)
}

// searchNames ranks dossiers whose names hold every query word (the last one
// as a prefix): the applicant's whole name equal to the query first, then
// names starting with it, then the others; newest first within each rank.
//
// It reads as little of the index as the page needs (the index is laid out
// newest first, see index.go):
//
//  1. The whole-name entries give the exact matches, and the prefix matches
//     when they are not too many (at most a budget of entries read).
//  2. The postings of the rarest query word (for the last word, of every
//     term it prefixes, merged) are read newest first, each checked against
//     the other words with the folded names kept in the posting. The scan
//     stops as soon as the page is full of results no older posting could
//     outrank: prefix matches when step 1 could not list them all, any
//     match otherwise.
//
// No dossier is read until the page is known.
// long: the name search walks the term index once, ranking as it goes; its steps share the cursor and the candidates.
func (s *Store) searchNames(tx *bolt.Tx, text string, q motcua.Query) ([]motcua.Hit, error) {
	words := motcua.Tokens(text)
	if len(words) == 0 {
		return nil, nil
	}
	terms := tx.Bucket(bIdxTerms)
	if v := terms.Get(kTermLayout); len(v) != 1 || v[0] != termLayout {
		if k, _ := terms.Cursor().First(); k != nil {
			return nil, errOldTermLayout
		}
		return nil, nil // nothing indexed yet
	}
	lastIdx := len(words) - 1
	counts := tx.Bucket(bTermCounts)
	var lastTerms [][]byte // the terms the last word prefixes
	driver, best := 0, -1
	for i, w := range words {
		n := 0
		if i == lastIdx {
			c := counts.Cursor()
			for k, v := c.Seek([]byte(w)); k != nil && bytes.HasPrefix(k, []byte(w)); k, v = c.Next() {
				n += int(binary.BigEndian.Uint32(v))
				lastTerms = append(lastTerms, k)
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
	m := &nameMatcher{s: s, q: q, words: words, query: []byte(strings.Join(words, " ")), status: byte(q.Status)}
	limit := q.Limit

	// 1. Exact and prefix ranks from the whole-name entries.
	var exact, prefix, rest []candidate
	prefixComplete := true
	budget := max(2*limit, 1000)
	np := append([]byte{namePrefix}, m.query...)
	c := terms.Cursor()
	seen := 0
	for k, v := c.Seek(np); k != nil && bytes.HasPrefix(k, np); k, v = c.Next() {
		isExact := k[len(np)] == boltkv.Sep
		if !isExact {
			if seen++; seen > budget {
				prefixComplete = false
				break
			}
		}
		if !m.passes(v) {
			continue
		}
		i := len(np) + bytes.IndexByte(k[len(np):], boltkv.Sep) + 1 + recvKeyBytes
		cd := candidate{id: string(k[i:]), received: boltkv.Be64(v[:8])}
		if isExact {
			cd.match = motcua.MatchNameExact
			if exact = append(exact, cd); len(exact) >= limit {
				return loadCandidates(tx, exact)
			}
			continue
		}
		cd.match = motcua.MatchNamePrefix
		prefix = append(prefix, cd)
	}
	if prefixComplete {
		sort.Slice(prefix, func(i, j int) bool { return newer(prefix[i], prefix[j]) })
		if len(exact)+len(prefix) >= limit {
			return loadCandidates(tx, append(exact, prefix...)[:limit])
		}
	} else {
		prefix = prefix[:0] // read again, newest first, in step 2
	}

	// 2. The driver's postings, newest first.
	driverTerms := lastTerms
	if driver != lastIdx {
		driverTerms = [][]byte{[]byte(words[driver])}
	}
	it := newTermMerge(terms, driverTerms)
	for k, v := it.next(); k != nil; k, v = it.next() {
		if !m.passes(v) {
			continue
		}
		names := v[postingHeader:]
		if !matchesAll(names, words) {
			continue
		}
		applicant := names
		if i := bytes.Index(names, []byte(" | ")); i >= 0 {
			applicant = names[:i]
		}
		var match motcua.Match
		switch {
		case bytes.Equal(applicant, m.query):
			continue // listed in step 1
		case bytes.HasPrefix(applicant, m.query):
			if prefixComplete {
				continue // listed in step 1
			}
			match = motcua.MatchNamePrefix
		default:
			match = motcua.MatchName
			if len(rest) >= limit {
				continue
			}
		}
		cd := candidate{id: string(k[bytes.IndexByte(k, boltkv.Sep)+1+recvKeyBytes:]), received: boltkv.Be64(v[:8]), match: match}
		if match == motcua.MatchNamePrefix {
			prefix = append(prefix, cd)
		} else {
			rest = append(rest, cd)
		}
		// Stop when no older posting can enter the page: when the prefix rank
		// fills it, or, the prefix rank being complete, when anything does.
		if len(exact)+len(prefix) >= limit || (prefixComplete && len(exact)+len(prefix)+len(rest) >= limit) {
			break
		}
	}
	all := append(append(exact, prefix...), rest...)
	if len(all) > limit {
		all = all[:limit]
	}
	return loadCandidates(tx, all)
}

// newer orders candidates newest first, as the index does: received time
// descending, then id ascending.
func newer(a, b candidate) bool {
	if a.received != b.received {
		return a.received > b.received
	}
	return a.id < b.id
}

func loadCandidates(tx *bolt.Tx, cands []candidate) ([]motcua.Hit, error) {
	hits := make([]motcua.Hit, 0, len(cands))
	for _, cd := range cands {
		d, err := getDossier(tx, cd.id)
		if err != nil {
			return nil, err
		}
		if d != nil {
			hits = append(hits, motcua.Hit{Dossier: *d, Match: cd.match})
		}
	}
	return hits, nil
}

// termMerge reads the postings of several terms as one stream, newest first,
// skipping a dossier met again under another term ("th" prefixes both words
// of "thi thu").
type termMerge struct {
	streams []*termStream // a heap on the current key's suffix
	last    []byte
}

type termStream struct {
	c      *bolt.Cursor
	prefix int // length of term + separator
	k, v   []byte
}

func (s *termStream) suffix() []byte { return s.k[s.prefix:] }

func newTermMerge(b *bolt.Bucket, terms [][]byte) *termMerge {
	m := &termMerge{}
	for _, t := range terms {
		p := append(append([]byte{}, t...), boltkv.Sep)
		st := &termStream{c: b.Cursor(), prefix: len(p)}
		st.k, st.v = st.c.Seek(p)
		if st.k != nil && bytes.HasPrefix(st.k, p) {
			m.streams = append(m.streams, st)
		}
	}
	heap.Init(m)
	return m
}

// next returns the next posting's key and value; nil at the end.
func (m *termMerge) next() ([]byte, []byte) {
	for len(m.streams) > 0 {
		st := m.streams[0]
		k, v, suf := st.k, st.v, st.suffix()
		nk, nv := st.c.Next()
		if nk != nil && len(nk) > st.prefix && bytes.Equal(nk[:st.prefix], k[:st.prefix]) {
			st.k, st.v = nk, nv
			heap.Fix(m, 0)
		} else {
			heap.Pop(m)
		}
		if m.last != nil && bytes.Equal(suf, m.last) {
			continue
		}
		m.last = suf
		return k, v
	}
	return nil, nil
}

func (m *termMerge) Len() int { return len(m.streams) }
func (m *termMerge) Less(i, j int) bool {
	return bytes.Compare(m.streams[i].suffix(), m.streams[j].suffix()) < 0
}
func (m *termMerge) Swap(i, j int) { m.streams[i], m.streams[j] = m.streams[j], m.streams[i] }
func (m *termMerge) Push(x any)    { m.streams = append(m.streams, x.(*termStream)) }
func (m *termMerge) Pop() any {
	st := m.streams[len(m.streams)-1]
	m.streams = m.streams[:len(m.streams)-1]
	return st
}

// matchesAll reports whether every word but the last is a whole word of
// names and the last is the start of one.
func matchesAll(names []byte, words []string) bool {
	for i, w := range words {
		last, found := i == len(words)-1, false
		for rest := names; len(rest) > 0 && !found; {
			word := rest
			if j := bytes.IndexByte(rest, ' '); j >= 0 {
				word, rest = rest[:j], rest[j+1:]
			} else {
				rest = nil
			}
			found = string(word) == w || (last && len(word) > len(w) && string(word[:len(w)]) == w)
		}
		if !found {
			return false
		}
	}
	return true
}

// list returns dossiers without a text query, soonest deadline first: the
// statuses asked for, or every status whose result is still owed.
func (s *Store) list(tx *bolt.Tx, q motcua.Query) ([]motcua.Hit, error) {
	// "Any status" is every status: a list that hid the returned, withdrawn
	// and stopped dossiers called itself "all" and was not.
	var statuses []motcua.Status
	for st := motcua.StatusRegistered; st <= motcua.StatusReturned; st++ {
		statuses = append(statuses, st)
	}
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
			appt := boltkv.Be64(k[1:9])
			if q.Due != "" && !s.dueMatches(time.Unix(int64(appt), 0), st, q) {
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
	hits := make([]motcua.Hit, 0, len(entries))
	for _, e := range entries {
		d, err := getDossier(tx, e.id)
		if err != nil {
			return nil, err
		}
		if d != nil {
			hits = append(hits, motcua.Hit{Dossier: *d, Match: motcua.MatchList})
		}
	}
	return hits, nil
}

// dueMatches applies a due filter; only dossiers still owed a result have a
// running deadline.
func (s *Store) dueMatches(appt time.Time, st motcua.Status, q motcua.Query) bool {
	if q.Due == "" {
		return true
	}
	if !st.ClockRuns() {
		return false
	}
	return motcua.DueState(appt, q.Now, s.Calendar()).AtLeast(q.Due)
}

// What people read out. A citizen coming back reads the big number of the
// receipt, "261206-9000-8", or the list's "261206-9000", or just "9000";
// an officer on the phone has the last digits of a phone or a CCCD.

// isTail reports whether text is a code's printed tail (parseTail).
func isTail(text string) bool { _, _, _, ok := parseTail(text); return ok }

// parseTail splits a code's printed tail: yyMMdd, a separator, the day's
// number, and maybe the check digit ("261206-9000", "261206 9000 8"). It is
// ^(\d{6})[-\s]+(\d{4})(?:[-\s]+(\d))?$ written by hand (\s as in Go's
// regexp: tab, newline, form feed, carriage return, space), because a
// regexp would be compiled by every search that reaches this test, names
// included, or at every process start.
func parseTail(s string) (day, num, check string, ok bool) {
	digits := func(n int) (string, bool) {
		if len(s) < n {
			return "", false
		}
		for i := range n {
			if s[i] < '0' || s[i] > '9' {
				return "", false
			}
		}
		d := s[:n]
		s = s[n:]
		return d, true
	}
	seps := func() bool {
		i := 0
		for i < len(s) && strings.IndexByte("-\t\n\f\r ", s[i]) >= 0 {
			i++
		}
		s = s[i:]
		return i > 0
	}
	if day, ok = digits(6); !ok || !seps() {
		return "", "", "", false
	}
	if num, ok = digits(4); !ok {
		return "", "", "", false
	}
	if s == "" {
		return day, num, "", true
	}
	if !seps() {
		return "", "", "", false
	}
	if check, ok = digits(1); !ok || s != "" {
		return "", "", "", false
	}
	return day, num, check, true
}

// recentDays is how far back a bare day number ("9000") is looked for.
const recentDays = 60

// lookupTail finds the code with that tail: in the terminal's own unit
// first, else in any unit the store holds. A check digit that does not
// match finds nothing: the number was misread.
func lookupTail(tx *bolt.Tx, text string) ([]motcua.Hit, error) {
	day, num, check, ok := parseTail(text)
	if !ok {
		return nil, nil
	}
	if _, err := time.Parse("060102", day); err != nil {
		return nil, nil
	}
	if check != "" && fmt.Sprint(motcua.Damm(day+num)) != check {
		return nil, nil
	}
	tail := "-" + day + "-" + num
	var info motcua.TerminalInfo
	if err := boltkv.GetJSON(tx.Bucket(bMeta), kTerminal, &info); err != nil {
		return nil, err
	}
	if info.Unit != "" {
		if hits, err := lookupCode(tx, info.Unit+tail); err != nil || len(hits) > 0 {
			return hits, err
		}
	}
	var hits []motcua.Hit
	c := tx.Bucket(bIdxCode).Cursor()
	for k, id := c.First(); k != nil; k, id = c.Next() {
		if bytes.HasSuffix(k, []byte(tail)) {
			d, err := getDossier(tx, string(id))
			if err != nil {
				return nil, err
			}
			if d != nil {
				hits = append(hits, motcua.Hit{Dossier: *d, Match: motcua.MatchCode})
			}
		}
	}
	return hits, nil
}

// lookupReadOut adds to the exact number hits what a short number read out
// may mean: four digits are a day's number of the last recentDays days
// (newest first), and four digits or more the end of a phone or an ID
// number.
func lookupReadOut(tx *bolt.Tx, text string, q motcua.Query, hits []motcua.Hit) ([]motcua.Hit, error) {
	digits := motcua.Digits(text)
	if strings.ContainsAny(text, ".+()") || len(digits) < 4 || len(digits) > 11 {
		return hits, nil
	}
	// A whole number typed (a CMND, a phone) that found its dossiers needs
	// no reading of the endings: that walks both indexes, which made an
	// exact phone search 170 times slower.
	if len(digits) >= 9 && len(hits) > 0 {
		return hits, nil
	}
	seen := map[string]bool{}
	for _, h := range hits {
		seen[h.Dossier.ID] = true
	}
	if len(digits) == 4 && digits != "0000" {
		var info motcua.TerminalInfo
		if err := boltkv.GetJSON(tx.Bucket(bMeta), kTerminal, &info); err != nil {
			return nil, err
		}
		day := q.Now.In(motcua.VNZone)
		for i := 0; i < recentDays && info.Unit != "" && len(hits) < q.Limit; i++ {
			code := info.Unit + "-" + day.AddDate(0, 0, -i).Format("060102") + "-" + digits
			found, err := lookupCode(tx, code)
			if err != nil {
				return nil, err
			}
			for _, h := range found {
				if !seen[h.Dossier.ID] {
					seen[h.Dossier.ID] = true
					hits = append(hits, h)
				}
			}
		}
	}
	var more []motcua.Hit
	for _, ix := range []struct {
		b []byte
		m motcua.Match
	}{{bIdxPhone, motcua.MatchPhone}, {bIdxIDNum, motcua.MatchIDNumber}} {
		found, err := scanSuffix(tx, ix.b, digits, ix.m, seen)
		if err != nil {
			return nil, err
		}
		more = append(more, found...)
	}
	// The newest first: the citizen at the counter is most likely the one
	// who came lately.
	sort.SliceStable(more, func(i, j int) bool { return more[i].Dossier.ReceivedAt.After(more[j].Dossier.ReceivedAt) })
	return append(hits, more...), nil
}
