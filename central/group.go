package central

import (
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/motcua/motcua/internal/kv"
)

// Group commit. Every sync request is one write transaction, and on a
// server most of a transaction's time is the fsync at its commit. Requests
// that arrive while a commit runs wait in a queue; the writer then runs
// all of them in the next transaction, one commit for the lot. Unlike
// bbolt's Batch there is no fixed delay: a lone request commits at once,
// and under load the groups grow by themselves.
//
// On PostgreSQL the same writer runs the groups, each one SERIALIZABLE
// transaction (its writes go in one pipelined batch), and the writers of
// all processes sharing the database take turns on one advisory lock
// (writeQueue) before their snapshots: one writer at a time, so groups do
// not conflict and re-run, while SERIALIZABLE still decides correctly if
// anything else writes beside them.

const maxGroup = 256

type groupJob struct {
	fn   func(kv.Tx) error
	want wantFunc // the keys fn will read, for the group's prefetch (may be nil)
	done chan error
	gen  uint64 // the tails' generation of the commit that carried it (tail.go), set before done
}

// errClosed is returned for work submitted after Close.
var errClosed = errors.New("central store closed")

// errReadOnly is returned for work submitted to a store opened read-only.
var errReadOnly = errors.New("central store opened read-only")

func (c *Store) startWriter() {
	c.jobs = make(chan *groupJob, maxGroup)
	c.quit = make(chan struct{})
	c.writerDone = make(chan struct{})
	c.tails = newTails()
	go c.writer()
}

// writeQueue is the advisory lock the group writers of every process on
// one PostgreSQL database queue on.
const writeQueue = "central-writer"

// update runs fn in one write transaction of the store's engine.
func (c *Store) update(fn func(kv.Tx) error) error {
	if c.pg != nil {
		return c.pg.UpdateQueued(writeQueue, fn)
	}
	return c.db.Update(fn)
}

// group runs fn in a write transaction shared with other waiting requests.
// fn may run more than once; its error fails only itself.
// want (may be nil) names the keys fn will read, so that the group reads
// them all ahead, together. gen is the tails' generation of the commit
// that carried fn (tail.go; 0 when none).
func (c *Store) group(fn func(kv.Tx) error, want wantFunc) (gen uint64, err error) {
	if c.jobs == nil {
		return 0, errReadOnly // opened with OpenReadOnly: no writer
	}
	j := &groupJob{fn: fn, want: want, done: make(chan error, 1)}
	select {
	case c.jobs <- j:
	case <-c.quit:
		return 0, errClosed
	}
	select {
	case err := <-j.done:
		return j.gen, err
	case <-c.writerDone:
		// The writer stopped; it answers every job it took before stopping.
		select {
		case err := <-j.done:
			return j.gen, err
		default:
			return 0, errClosed
		}
	}
}

func (c *Store) writer() {
	defer close(c.writerDone)
	for {
		var first *groupJob
		select {
		case first = <-c.jobs:
		case <-c.quit:
			return
		}
		jobs := []*groupJob{first}
	fill:
		for len(jobs) < maxGroup {
			select {
			case j := <-c.jobs:
				jobs = append(jobs, j)
			default:
				break fill
			}
		}
		c.commits.Add(1)
		c.grouped.Add(uint64(len(jobs)))
		t0 := time.Now()
		err := c.runGroup(jobs)
		c.writerBusy.Add(int64(time.Since(t0)))
		if err == nil || len(jobs) == 1 {
			for _, j := range jobs {
				j.done <- err
			}
			continue
		}
		// One of them failed and took the group's transaction with it: run
		// each alone, so each gets its own answer.
		for _, j := range jobs {
			j.done <- c.runGroup([]*groupJob{j})
		}
	}
}

// runGroup runs jobs in one write transaction and, once it has committed,
// adds what it wrote to the change logs to the tails and stamps the jobs
// with the commit's generation.
func (c *Store) runGroup(jobs []*groupJob) error {
	var d *tailDelta
	err := c.update(func(tx kv.Tx) error {
		d = c.tails.beginDelta(tx) // each run starts afresh: the last one's commits
		defer endDelta(tx, d)
		prefetchGroup(tx, jobs)
		for _, j := range jobs {
			if err := safely(j.fn, tx); err != nil {
				return err
			}
		}
		c.tails.finish(tx, d)
		return nil
	})
	if err != nil {
		return err
	}
	gen := c.tails.apply(d)
	for _, j := range jobs {
		j.gen = gen
	}
	return nil
}

// safely turns a panic in fn into an error, so one bad request cannot take
// the writer (and the server) down.
func safely(fn func(kv.Tx) error, tx kv.Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic in a sync transaction: %v", p)
		}
	}()
	return fn(tx)
}

// GroupStats reports how many group commits ran and how many sync
// requests they carried (requests per commit = grouped / commits).
func (c *Store) GroupStats() (commits, grouped uint64) {
	return c.commits.Load(), c.grouped.Load()
}

// wantFunc names, in stages, the keys a job is about to read: stage 0 from
// its request alone, stage 1 from what stage 0's keys hold (read by then:
// their Gets cost nothing). It reads nothing it does not name.
type wantFunc func(tx kv.Tx, stage int, w wanted)

// wanted is a group's keys to read ahead, by bucket: single keys,
// prefixes whose keys a job walks (ForEachPrefix), keys of sub-buckets, and
// sub-buckets whose sequences a job takes numbers from (a unit's change log).
type wanted struct {
	keys, prefixes, reserve map[string][][]byte
	subKeys                 map[string][]kv.SubKey
}

func newWanted() wanted {
	return wanted{keys: map[string][][]byte{}, prefixes: map[string][][]byte{}, reserve: map[string][][]byte{},
		subKeys: map[string][]kv.SubKey{}}
}

func (w wanted) addSub(bucket, sub, key []byte) {
	w.subKeys[string(bucket)] = append(w.subKeys[string(bucket)], kv.SubKey{Sub: sub, Key: key})
}

func (w wanted) addReserve(bucket, sub []byte) {
	w.reserve[string(bucket)] = append(w.reserve[string(bucket)], sub)
}

func (w wanted) add(bucket []byte, key []byte) {
	w.keys[string(bucket)] = append(w.keys[string(bucket)], key)
}

func (w wanted) addPrefix(bucket []byte, prefix []byte) {
	w.prefixes[string(bucket)] = append(w.prefixes[string(bucket)], prefix)
}

// wantStages is how many stages a wantFunc is called for.
const wantStages = 2

// prefetchGroup reads ahead, one query per bucket and one round trip per
// stage (kv.Together), every key the group's jobs name (kv.Prefetch, kv.PrefetchPrefixes: on bbolt nothing
// happens). A group of a hundred syncs then costs a few round trips for
// what each would read one key or one prefix at a time: terminals, lanes,
// units, op ids, dossiers, codes, the duplicate index, the restore marks,
// and per unit its change log's sequence (locked, as taking its first
// number would) and the entry its pull cursor names.
func prefetchGroup(tx kv.Tx, jobs []*groupJob) {
	if _, ok := tx.(kv.Prefetcher); !ok {
		return
	}
	for stage := range wantStages {
		w := newWanted()
		for _, j := range jobs {
			if j.want != nil {
				j.want(tx, stage, w)
			}
		}
		kv.Together(tx, func() { w.prefetch(tx) })
	}
}

// prefetch asks for every read-ahead of w (one round trip for all inside
// kv.Together).
func (w wanted) prefetch(tx kv.Tx) {
	for _, name := range sortedNames(w.keys) {
		kv.Prefetch(tx, []byte(name), w.keys[name])
	}
	for _, name := range sortedNames(w.prefixes) {
		kv.PrefetchPrefixes(tx, []byte(name), w.prefixes[name])
	}
	for _, name := range sortedNames(w.reserve) {
		kv.ReserveSequences(tx, []byte(name), w.reserve[name])
	}
	for _, name := range sortedNames(w.subKeys) {
		kv.PrefetchSub(tx, []byte(name), w.subKeys[name])
	}
}

func sortedNames[V any](m map[string]V) []string {
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}
