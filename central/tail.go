package central

import (
	"encoding/json"
	"sync"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	"github.com/motcua/motcua/internal/kv"
)

// The change log's tail (docs/DESIGN.md §15, item 16). A sync's pull runs
// right after its group commits, and what it mostly sends is what that
// group and the few before it just wrote. The group writer keeps, per
// unit, the last entries of the unit's change log with the records they
// carry, as of its last commit, and a sync's pull is answered from them
// when they are known to be the log's whole end at a commit at or after
// the sync's own: the page is then the one pull.go reads from the database
// in a snapshot taken at that commit (the same entries, compaction, echoes,
// bounds and cursors), without a round trip.
//
// Known means checked in the database inside a group's transaction: the
// unit's change-log sequence (locked on PostgreSQL for the group: prefetch's
// ReserveSequences) equals the tail's last number, and the entry at that
// number carries the tail's tag. Anything else that wrote the log since
// (another API process, an admin's change, a restore) breaks that, and the
// tail starts again from the group's own entries; a pull whose cursor the
// tail does not hold, a reset, or a catalog or calendar change in the page
// reads the database as before.

// maxTailEntries is how many log entries a unit's tail keeps; a cursor
// older than that reads the database.
const maxTailEntries = 512

// maxTailBytes bounds the records held by all units' tails; past it the
// tails written least recently are dropped whole.
const maxTailBytes = 64 << 20

// tailItem is one log entry of a tail.
type tailItem struct {
	seq uint64
	e   changeEntry
}

// unitTail is the end of one unit's change log: the entries after base,
// contiguous, the latest change number of each record among them, and the
// records' stored JSON at those changes.
type unitTail struct {
	base      uint64 // the number before the first item (0: the log's start)
	baseTag   string // its entry's tag, "" when unknown
	items     []tailItem
	latest    map[string]uint64 // record key (kind+id) → its last item's seq
	vals      map[string][]byte // record key → the record's JSON (nil: none stored)
	bytes     int
	public    *motcua.PublicInfo
	gen       uint64 // the last group whose transaction checked or wrote it
	catalogAt uint64 // the last catalog or calendar item's seq (0: none)
}

func tailKey(kind byte, id string) string { return string(kind) + id }

func (u *unitTail) hi() uint64 { return u.base + uint64(len(u.items)) }

// tagAt is the tag of the entry at seq when the tail knows it.
func (u *unitTail) tagAt(seq uint64) (string, bool) {
	switch {
	case seq == 0 && u.base == 0:
		return "", true
	case seq == u.base:
		return u.baseTag, u.baseTag != ""
	case seq > u.base && seq <= u.hi():
		return u.items[seq-u.base-1].e.Tag, true
	}
	return "", false
}

// tails are the group writer's tails of every unit it wrote or checked.
type tails struct {
	mu    sync.RWMutex
	units map[string]*unitTail
	bytes int
	gen   uint64
}

func newTails() *tails { return &tails{units: map[string]*unitTail{}} }

// hi is the last number of unit's tail and whether there is one.
func (t *tails) hi(unit string) (uint64, bool) {
	if t == nil {
		return 0, false
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	u := t.units[unit]
	if u == nil {
		return 0, false
	}
	return u.hi(), true
}

// tailDelta is what one run of a group's transaction wrote to the change
// logs and found there, per unit; the writer applies it to the tails once
// the transaction has committed.
type tailDelta struct {
	units map[string]*unitDelta
}

type unitDelta struct {
	items  []tailItem
	pre    uint64 // the log's number before the group's first entry
	valid  bool   // the tail before the group ends at pre (checked in the database)
	preTag string // the tag at pre when valid or pre is 0
	vals   map[string][]byte
	public *motcua.PublicInfo
}

// deltas maps a group's transaction to its delta while the group's run is
// open, so that logChangeBy, which sees only the transaction, records its
// entries. Transactions outside groups find nothing and record nothing.
var deltas sync.Map // kv.Tx → *tailDelta

// beginDelta starts recording tx's log entries; endDelta stops. A store
// without tails records nothing.
func (t *tails) beginDelta(tx kv.Tx) *tailDelta {
	if t == nil {
		return nil
	}
	d := &tailDelta{units: map[string]*unitDelta{}}
	deltas.Store(tx, d)
	return d
}

func endDelta(tx kv.Tx, d *tailDelta) {
	if d != nil {
		deltas.Delete(tx)
	}
}

func (d *tailDelta) unit(unit string) *unitDelta {
	u := d.units[unit]
	if u == nil {
		u = &unitDelta{}
		d.units[unit] = u
	}
	return u
}

// noteChange records a log entry tx wrote, when tx is a group's.
func noteChange(tx kv.Tx, unit string, seq uint64, e changeEntry) {
	if v, ok := deltas.Load(tx); ok {
		u := v.(*tailDelta).unit(unit)
		u.items = append(u.items, tailItem{seq: seq, e: e})
	}
}

// noteUnit records that a sync of unit ran in tx, so that the group checks
// the unit's tail even when it writes nothing there.
func noteUnit(tx kv.Tx, unit string) {
	if v, ok := deltas.Load(tx); ok {
		v.(*tailDelta).unit(unit)
	}
}

// finish reads, at the end of the group's run (its last reads before the
// commit), what the tails need: per unit, the log's number before the
// group's entries and whether the tail ends there, the records the
// entries carry as they will commit, and the unit's public information.
// On PostgreSQL every read here was read ahead (syncWants) or written by
// the group: no round trip.
func (t *tails) finish(tx kv.Tx, d *tailDelta) {
	if d == nil {
		return
	}
	for unit, u := range d.units {
		log := tx.Bucket(bChanges).Bucket([]byte(unit))
		switch {
		case len(u.items) > 0:
			u.pre = u.items[0].seq - 1
		case log != nil:
			u.pre = log.Sequence()
		}
		u.valid, u.preTag = t.check(log, unit, u.pre)
		u.vals = map[string][]byte{}
		for _, it := range u.items {
			u.vals[tailKey(it.e.Kind, it.e.ID)] = storedRecord(tx, it.e)
		}
		u.public = publicInfo(tx, unit)
	}
}

// check reports whether unit's tail ends at pre with the tag the database
// holds there, and that tag.
func (t *tails) check(log kv.Bucket, unit string, pre uint64) (bool, string) {
	t.mu.RLock()
	u := t.units[unit]
	if pre == 0 { // the log is empty before the group: so must the tail be
		defer t.mu.RUnlock()
		return u == nil || u.hi() == 0, ""
	}
	var tag string
	ok := u != nil && u.hi() == pre
	if ok {
		tag, ok = u.tagAt(pre)
	}
	t.mu.RUnlock()
	var e changeEntry
	if !ok || log == nil {
		return false, "" // a new tail: its base's tag is not read (a round trip)
	}
	if v := log.Get(boltkv.U64(pre)); v == nil || json.Unmarshal(v, &e) != nil {
		return false, ""
	}
	return tag == e.Tag, e.Tag
}

// storedRecord is a copy of the stored JSON a log entry carries (nil for
// the catalog and calendar, which pages read whole).
func storedRecord(tx kv.Tx, e changeEntry) []byte {
	if v := storedJSON(tx, e); v != nil {
		return append([]byte(nil), v...)
	}
	return nil
}

// apply adds a committed group's delta to the tails and returns the
// group's generation: a sync of that group may read its unit's tail while
// the tail's gen is at least that.
func (t *tails) apply(d *tailDelta) uint64 {
	if t == nil || d == nil {
		return 0
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.gen++
	for unit, ud := range d.units {
		u := t.units[unit]
		if u == nil || !ud.valid {
			if u != nil {
				t.bytes -= u.bytes
			}
			u = &unitTail{base: ud.pre, baseTag: ud.preTag, latest: map[string]uint64{}, vals: map[string][]byte{}}
			t.units[unit] = u
		}
		t.bytes += u.add(ud)
		u.gen = t.gen
	}
	t.evict()
	return t.gen
}

// add appends a delta's entries and returns the change in held bytes.
func (u *unitTail) add(ud *unitDelta) int {
	before := u.bytes
	for _, it := range ud.items {
		key := tailKey(it.e.Kind, it.e.ID)
		u.latest[key] = it.seq
		u.bytes += len(ud.vals[key]) - len(u.vals[key])
		u.vals[key] = ud.vals[key]
		if it.e.Kind == kindCatalog || it.e.Kind == kindCalendar {
			u.catalogAt = it.seq
		}
		u.items = append(u.items, it)
	}
	u.public = ud.public
	for len(u.items) > maxTailEntries {
		first := u.items[0]
		key := tailKey(first.e.Kind, first.e.ID)
		if u.latest[key] == first.seq {
			u.bytes -= len(u.vals[key])
			delete(u.latest, key)
			delete(u.vals, key)
		}
		u.base, u.baseTag = first.seq, first.e.Tag
		u.items = u.items[1:]
	}
	if len(u.items) < cap(u.items)/4 {
		u.items = append([]tailItem(nil), u.items...)
	}
	return u.bytes - before
}

// evict drops the tails written least recently while their records exceed
// maxTailBytes.
func (t *tails) evict() {
	for t.bytes > maxTailBytes {
		var oldest string
		for unit, u := range t.units {
			if oldest == "" || u.gen < t.units[oldest].gen {
				oldest = unit
			}
		}
		t.bytes -= t.units[oldest].bytes
		delete(t.units, oldest)
	}
}

// pull answers a pull from unit's tail, when the tail was checked by the
// sync's own group (gen) or a later one and holds the cursor, and the page
// needs no catalog or calendar. ok false: read the database.
func (t *tails) pull(unit, term string, p motcua.PullRequest, gen uint64, limit, maxBytes int) (page motcua.RawPullPage, echoes int, ok bool) {
	if t == nil || gen == 0 {
		return page, 0, false
	}
	seq, tag, parsed := parseCursor(p.Cursor)
	t.mu.RLock()
	defer t.mu.RUnlock()
	u := t.units[unit]
	if !parsed || u == nil || u.gen < gen {
		return page, 0, false
	}
	if known, ok := u.tagAt(seq); !ok || known != tag || u.catalogAt > seq {
		return page, 0, false
	}
	page = motcua.RawPullPage{Dossiers: []json.RawMessage{}, Questions: []json.RawMessage{}, Cursor: formatCursor(seq, tag)}
	if u.public != nil {
		pub := *u.public
		page.Public = &pub
	}
	s := pageScan{records: tailRecords{u}, unit: unit, term: term, limit: limit, maxBytes: maxBytes, page: &page}
	for _, it := range u.items[seq-u.base:] {
		done, err := s.take(logItem{seq: it.seq, e: it.e, live: u.latest[tailKey(it.e.Kind, it.e.ID)] == it.seq})
		if done || err != nil {
			break
		}
	}
	return page, s.echoes, true
}

// tailRecords reads a page's records from a tail. Its JSON is shared, not
// copied: a tail's values are never changed, only replaced.
type tailRecords struct{ u *unitTail }

func (r tailRecords) size(e changeEntry) int { return len(r.u.vals[tailKey(e.Kind, e.ID)]) }

func (r tailRecords) add(page *motcua.RawPullPage, e changeEntry) error {
	if v := r.u.vals[tailKey(e.Kind, e.ID)]; v != nil {
		appendRecord(page, e.Kind, v)
	}
	return nil
}
