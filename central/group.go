package central

import (
	"errors"
	"fmt"

	"github.com/motcua/motcua/internal/kv"
)

// Group commit. Every sync request is one write transaction, and on a
// server most of a transaction's time is the fsync at its commit. Requests
// that arrive while a commit runs wait in a queue; the writer then runs
// all of them in the next transaction, one commit for the lot. Unlike
// bbolt's Batch there is no fixed delay: a lone request commits at once,
// and under load the groups grow by themselves.

const maxGroup = 256

type groupJob struct {
	fn   func(kv.Tx) error
	done chan error
}

// errClosed is returned for work submitted after Close.
var errClosed = errors.New("central store closed")

// errReadOnly is returned for work submitted to a store opened read-only.
var errReadOnly = errors.New("central store opened read-only")

func (c *Store) startWriter() {
	c.jobs = make(chan *groupJob, maxGroup)
	c.quit = make(chan struct{})
	c.writerDone = make(chan struct{})
	go c.writer()
}

// group runs fn in a write transaction shared with other waiting requests.
// fn may run more than once; its error fails only itself.
// key (PostgreSQL only) names what the transaction will conflict on, so
// that such transactions queue (central/postgres.go, queueKey).
func (c *Store) group(key string, fn func(kv.Tx) error) error {
	if c.pg != nil {
		// PostgreSQL: each request its own SERIALIZABLE transaction,
		// re-run on a conflict; the database's own group commit shares
		// the fsyncs.
		c.commits.Add(1)
		c.grouped.Add(1)
		return c.pg.UpdateQueued(key, func(tx kv.Tx) error { return safely(fn, tx) })
	}
	if c.jobs == nil {
		return errReadOnly // opened with OpenReadOnly: no writer
	}
	j := &groupJob{fn: fn, done: make(chan error, 1)}
	select {
	case c.jobs <- j:
	case <-c.quit:
		return errClosed
	}
	select {
	case err := <-j.done:
		return err
	case <-c.writerDone:
		// The writer stopped; it answers every job it took before stopping.
		select {
		case err := <-j.done:
			return err
		default:
			return errClosed
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
		err := c.db.Update(func(tx kv.Tx) error {
			for _, j := range jobs {
				if err := safely(j.fn, tx); err != nil {
					return err
				}
			}
			return nil
		})
		if err == nil || len(jobs) == 1 {
			for _, j := range jobs {
				j.done <- err
			}
			continue
		}
		// One of them failed and took the group's transaction with it: run
		// each alone, so each gets its own answer.
		for _, j := range jobs {
			j.done <- c.db.Update(func(tx kv.Tx) error { return safely(j.fn, tx) })
		}
	}
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
