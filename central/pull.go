package central

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	"github.com/motcua/motcua/internal/kv"
)

// The pull cursor is "<change seq>-<tag>": a position in the unit's change
// log, never a timestamp. The tag is the random tag of the entry at that
// seq, so a cursor from another file, or from this file before it was
// restored from a backup, is recognised as unknown and answered with a
// reset instead of silently skipping changes.

func formatCursor(seq uint64, tag string) string {
	if seq == 0 {
		return ""
	}
	return strconv.FormatUint(seq, 10) + "-" + tag
}

func parseCursor(s string) (uint64, string, bool) {
	if s == "" {
		return 0, "", true
	}
	n, tag, ok := strings.Cut(s, "-")
	seq, err := strconv.ParseUint(n, 10, 64)
	if !ok || err != nil || seq == 0 || tag == "" {
		return 0, "", false
	}
	return seq, tag, true
}

// pull returns the page after p.Cursor: the latest snapshot of each record
// that changed, compacted (an entry whose record changed again later is
// skipped: the later entry carries it).
//
// It leaves out the echoes: a record whose latest change is term's own
// (changeEntry.By, see echo.go) is in the state term computed already. A
// reset page leaves nothing out: the terminal sweeps what it does not see.
// echoes counts what was left out.
//
// gen is the group generation of the sync the pull answers (0: none):
// while its unit's tail (tail.go) was checked by that group or a later
// one, the page comes from the tail, without reading the database.
func (c *Store) pull(unit, term string, p motcua.PullRequest, forceReset bool, gen uint64) (page motcua.RawPullPage, echoes int, err error) {
	limit, maxBytes := c.pageBounds(p)
	if !forceReset {
		if page, echoes, ok := c.tails.pull(unit, term, p, gen, limit, maxBytes); ok {
			c.tailPulls.Add(1)
			return page, echoes, nil
		}
	}
	return c.pullDB(unit, term, p, forceReset, limit, maxBytes)
}

// pullDB reads the page from the database, in one read transaction.
func (c *Store) pullDB(unit, term string, p motcua.PullRequest, forceReset bool, limit, maxBytes int) (page motcua.RawPullPage, echoes int, err error) {
	defer c.pullTurn()()
	err = c.db.View(func(tx kv.Tx) (err error) {
		page, echoes, err = readPage(tx, unit, term, p, forceReset, limit, maxBytes)
		return err
	})
	return page, echoes, err
}

// readPage reads the page in tx.
func readPage(tx kv.Tx, unit, term string, p motcua.PullRequest, forceReset bool, limit, maxBytes int) (page motcua.RawPullPage, echoes int, err error) {
	page = motcua.RawPullPage{Dossiers: []json.RawMessage{}, Questions: []json.RawMessage{}}
	seq, tag, ok := parseCursor(p.Cursor)
	pullReadAhead(tx, unit, seq)
	log := tx.Bucket(bChanges).Bucket([]byte(unit))
	if ok && seq > 0 && knownCursor(tx, unit, p.Cursor) == 0 {
		ok = false // another file's cursor, or this file's before a restore
	}
	if !ok || forceReset {
		page.Reset, seq, tag = true, 0, ""
	}
	page.Cursor = formatCursor(seq, tag)
	page.Public = publicInfo(tx, unit)
	if log == nil {
		return page, 0, nil
	}
	if page.Reset {
		term = "" // a reset page leaves nothing out
	}
	s := pageScan{tx: tx, records: txRecords{tx}, unit: unit, term: term, limit: limit, maxBytes: maxBytes, page: &page}
	if err := s.fill(log, seq); err != nil {
		return page, 0, err
	}
	return page, s.echoes, withUnitHours(tx, unit, &page)
}

// pullReadAhead reads in one round trip (kv.Together) what a pull reads
// one key at a time before it walks the log: whether the unit's log
// exists, the entry the cursor names, the unit and the public page's
// address.
func pullReadAhead(tx kv.Tx, unit string, cursor uint64) {
	kv.Together(tx, func() {
		kv.PrefetchSequences(tx, bChanges, [][]byte{[]byte(unit)})
		if cursor > 0 {
			kv.PrefetchSub(tx, bChanges, []kv.SubKey{{Sub: []byte(unit), Key: boltkv.U64(cursor)}})
		}
		kv.Prefetch(tx, bUnits, [][]byte{[]byte(unit)})
		kv.Prefetch(tx, bMeta, [][]byte{kPublicURL})
	})
}

// pageBounds are the page's count and byte bounds: a terminal's numbers
// are re-checked, so the page stays within the server's bounds whatever it
// asks.
func (c *Store) pageBounds(p motcua.PullRequest) (limit, maxBytes int) {
	limit = p.Limit
	if limit <= 0 {
		limit = motcua.DefaultPullLimit
	}
	limit = min(limit, motcua.MaxPullLimit)
	ceiling := c.PullMaxBytes
	if ceiling <= 0 {
		ceiling = motcua.MaxPullBytes
	}
	maxBytes = p.MaxBytes
	if maxBytes <= 0 || maxBytes > ceiling {
		maxBytes = ceiling
	}
	return limit, max(maxBytes, min(motcua.MinPullBytes, ceiling))
}

// pageScan fills one page from the unit's change log (tx) or its tail.
type pageScan struct {
	tx              kv.Tx // nil for a tail
	records         pageRecords
	unit, term      string // term: whose own writes are left out ("" none)
	limit, maxBytes int
	page            *motcua.RawPullPage
	items, size     int
	echoes          int
}

// fill walks the log after seq, adding each live record until a bound is
// reached, and moves the page's cursor past what it covered. It reads the
// log a window at a time and prefetches the window's latest-change keys,
// then the records of its live entries: on PostgreSQL two queries a window
// instead of two a record.
func (s *pageScan) fill(log kv.Bucket, seq uint64) error {
	cur := log.Cursor()
	kv.ReadAhead(cur, pullWindow+1)
	k, v := cur.Seek(boltkv.U64(seq + 1))
	for k != nil {
		win := make([]logItem, 0, pullWindow)
		for ; k != nil && len(win) < pullWindow; k, v = cur.Next() {
			var e changeEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("decode change %d: %w", boltkv.Be64(k), err)
			}
			win = append(win, logItem{seq: boltkv.Be64(k), e: e})
		}
		s.prefetch(win)
		for _, it := range win {
			if done, err := s.take(it); done || err != nil {
				return err
			}
		}
	}
	return nil
}

// pullWindow is how many log entries fill reads ahead of what it adds.
const pullWindow = 128

// logItem is one entry of the change log and its seq.
type logItem struct {
	seq  uint64
	e    changeEntry
	live bool // the record's latest change (set by prefetch)
}

// prefetch reads the window's latest-change keys, then the records of the
// entries that are their record's latest, ahead of take's Gets.
func (s *pageScan) prefetch(win []logItem) {
	keys := make([][]byte, len(win))
	for i, it := range win {
		keys[i] = latestKey(s.unit, it.e.Kind, it.e.ID)
	}
	kv.Prefetch(s.tx, bLatest, keys)
	var dossiers, questions [][]byte
	latest := s.tx.Bucket(bLatest)
	for i := range win {
		win[i].live = seqOf(latest.Get(keys[i])) == win[i].seq
		switch {
		case !win[i].live:
		case win[i].e.Kind == kindDossier:
			dossiers = append(dossiers, []byte(win[i].e.ID))
		case win[i].e.Kind == kindQuestion:
			questions = append(questions, []byte(win[i].e.ID))
		}
	}
	kv.Prefetch(s.tx, bDossiers, dossiers)
	kv.Prefetch(s.tx, bQuestions, questions)
}

// take adds one log entry to the page, or ends the page (done) when a
// bound is reached before it.
func (s *pageScan) take(it logItem) (done bool, err error) {
	live, e := it.live, it.e
	if live && e.By != "" && e.By == s.term {
		s.page.Cursor = formatCursor(it.seq, e.Tag)
		s.echoes++
		return false, nil
	}
	if live && (s.items >= s.limit || (s.items > 0 && s.size+s.records.size(e) > s.maxBytes)) {
		s.page.HasMore = true
		return true, nil
	}
	s.page.Cursor = formatCursor(it.seq, e.Tag)
	if !live {
		return false, nil
	}
	s.items++
	s.size += s.records.size(e)
	return false, s.records.add(s.page, e)
}

// pageRecords are where a page's records are read: the database
// (txRecords) or a tail (tailRecords).
type pageRecords interface {
	size(e changeEntry) int // what the page's byte bound counts
	add(page *motcua.RawPullPage, e changeEntry) error
}

// txRecords reads a page's records in a read transaction.
type txRecords struct{ tx kv.Tx }

func (r txRecords) size(e changeEntry) int { return recordSize(r.tx, e) }

func (r txRecords) add(page *motcua.RawPullPage, e changeEntry) error {
	return addToPage(r.tx, page, e)
}

// recordSize is the stored JSON size of a dossier or question, which is
// what a page's byte bound counts (the catalog and calendar are rare and
// counted as a nominal 1 KiB each).
func recordSize(tx kv.Tx, e changeEntry) int {
	switch e.Kind {
	case kindDossier, kindQuestion, kindCounterRecord:
		return len(storedJSON(tx, e))
	}
	return 1 << 10
}

// storedJSON is the stored JSON of the record a log entry names: a
// dossier, a question or a counter record (nil for the catalog and the
// calendar, which pages read whole, and for a record that is gone).
func storedJSON(tx kv.Tx, e changeEntry) []byte {
	switch e.Kind {
	case kindDossier:
		return tx.Bucket(bDossiers).Get([]byte(e.ID))
	case kindQuestion:
		return tx.Bucket(bQuestions).Get([]byte(e.ID))
	case kindCounterRecord:
		return counterRecordJSON(tx, e.ID)
	}
	return nil
}

// appendRecord adds a record's JSON to the page's list for its kind.
func appendRecord(page *motcua.RawPullPage, kind byte, v json.RawMessage) {
	switch kind {
	case kindDossier:
		page.Dossiers = append(page.Dossiers, v)
	case kindQuestion:
		page.Questions = append(page.Questions, v)
	case kindCounterRecord:
		page.CounterRecords = append(page.CounterRecords, v)
	}
}

// addToPage copies the stored JSON of a record into the page (bbolt's
// bytes are valid only inside the transaction).
func addToPage(tx kv.Tx, page *motcua.RawPullPage, e changeEntry) error {
	switch e.Kind {
	case kindDossier, kindQuestion, kindCounterRecord:
		if v := storedJSON(tx, e); v != nil {
			appendRecord(page, e.Kind, append(json.RawMessage(nil), v...))
		}
	case kindCatalog:
		procs, err := readCatalog(tx)
		if err != nil {
			return err
		}
		page.Catalog = procs
	case kindCalendar:
		var cal motcua.Calendar
		if err := boltkv.GetJSON(tx.Bucket(bCalendar), kCalendar, &cal); err != nil {
			return err
		}
		page.Calendar = &cal
	}
	return nil
}

func readCatalog(tx kv.Tx) ([]motcua.Procedure, error) {
	procs, err := boltkv.Records[motcua.Procedure](tx.Bucket(bCatalog), nil)
	sort.Slice(procs, func(i, j int) bool { return procs[i].Code < procs[j].Code })
	return procs, err
}

// seqOf reads a stored change seq; a missing key is 0, which no change seq is.
func seqOf(v []byte) uint64 {
	if len(v) != 8 {
		return 0
	}
	return boltkv.Be64(v)
}

// DossierByCode returns a dossier of unit by its tracking code (with or
// without the check digit): ENOTFOUND when none, EFORBIDDEN when it belongs
// to another unit.
func (c *Store) DossierByCode(unit, code string) (motcua.Dossier, error) {
	d, err := c.dossierByCode(code)
	if err != nil {
		return motcua.Dossier{}, err
	}
	if d.Unit != unit {
		return motcua.Dossier{}, motcua.Errorf(motcua.EFORBIDDEN, "cross_unit", "code",
			"Hồ sơ thuộc đơn vị khác.", "The dossier belongs to another unit.")
	}
	return d, nil
}

func (c *Store) dossierByCode(code string) (motcua.Dossier, error) {
	pc, err := motcua.ParseCode(code)
	if err != nil {
		return motcua.Dossier{}, err
	}
	d, err := kv.Indexed(c.db, bCodes, []byte(pc.String()), getDossier)
	if err != nil {
		return motcua.Dossier{}, err
	}
	if d == nil {
		return motcua.Dossier{}, motcua.Errorf(motcua.ENOTFOUND, "code_not_found", "code",
			"Không tìm thấy hồ sơ mã %s.", "No dossier with code %s.", pc)
	}
	return *d, nil
}

// PublicDossier is the masked lookup anyone holding a code may make.
func (c *Store) PublicDossier(code string) (motcua.PublicDossier, error) {
	d, err := c.dossierByCode(code)
	if err != nil {
		return motcua.PublicDossier{}, err
	}
	return motcua.PublicView(d), nil
}
