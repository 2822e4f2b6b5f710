package kvpg

import (
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/motcua/motcua/internal/kv"
)

// bucket is a bucket (sub == "") or one of its sub-buckets.
type bucket struct {
	t     *txn
	name  string // the top-level bucket
	table string
	sub   string
	isSub bool
}

func (b *bucket) Get(k []byte) []byte {
	return b.t.get(b.table, b.sub, k)
}

func (b *bucket) Put(k, v []byte) error { return b.t.put(b.table, b.sub, k, v) }

func (b *bucket) Delete(k []byte) error { return b.t.del(b.table, b.sub, k) }

func (b *bucket) Cursor() kv.Cursor { return &cursor{b: b, size: firstChunk} }

// ForEach walks the bucket's keys, then (with nil values) the names of its
// sub-buckets. bbolt interleaves the two by name; central never mixes keys
// and sub-buckets in one bucket.
func (b *bucket) ForEach(fn func(k, v []byte) error) error {
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if err := fn(k, v); err != nil {
			return err
		}
	}
	if b.t.err != nil {
		return b.t.err
	}
	if b.isSub {
		return nil
	}
	subs, err := b.subBuckets()
	if err != nil {
		return err
	}
	for _, s := range subs {
		if err := fn(s, nil); err != nil {
			return err
		}
	}
	return b.t.err
}

func (b *bucket) subBuckets() ([][]byte, error) {
	if err := b.t.flush(); err != nil {
		return nil, err
	}
	if !b.t.started() {
		return nil, b.t.err
	}
	rows, err := b.t.tx.Query(b.t.ctx, `SELECT sub FROM kvpg_seq WHERE bucket = $1 AND sub <> '' ORDER BY sub`, b.table)
	if err != nil {
		b.t.fail(err)
		return nil, b.t.err
	}
	subs, err := pgx.CollectRows(rows, pgx.RowTo[[]byte])
	if err != nil {
		b.t.fail(err)
		return nil, b.t.err
	}
	return subs, nil
}

func (b *bucket) NextSequence() (uint64, error) { return b.t.nextSequence(b.table, b.sub) }

func (b *bucket) Sequence() uint64 { return b.t.seq(b.table, b.sub).n }

func (b *bucket) SetSequence(v uint64) error { return b.t.setSequence(b.table, b.sub, v) }

var errNested = errors.New("kvpg: a sub-bucket cannot hold buckets")

// Bucket is a sub-bucket: it exists when its sequence row does.
func (b *bucket) Bucket(name []byte) kv.Bucket {
	if b.isSub || len(name) == 0 {
		return nil
	}
	s := b.t.seq(b.table, string(name))
	if !s.exists && !s.create {
		return nil
	}
	return &bucket{t: b.t, name: b.name, table: b.table, sub: string(name), isSub: true}
}

func (b *bucket) CreateBucketIfNotExists(name []byte) (kv.Bucket, error) {
	if b.isSub {
		return nil, errNested
	}
	if len(name) == 0 {
		return nil, errors.New("kvpg: empty bucket name")
	}
	if !b.t.writable {
		return nil, errReadOnly
	}
	sk := seqKey{b.table, string(name)}
	s := b.t.seqs[sk]
	if s == nil {
		// Created at flush, unless NextSequence creates it first: no round
		// trip here.
		s = &seqState{create: true}
		b.t.seqs[sk] = s
	} else if !s.exists {
		s.create = true
	}
	return &bucket{t: b.t, name: b.name, table: b.table, sub: string(name), isSub: true}, nil
}
