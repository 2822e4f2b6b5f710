package central

import "github.com/motcua/motcua/internal/kv"

// The write recorder of the raw-engine peer (sync200_bench_test.go): it
// sits between the store and its engine and keeps every write a committed
// transaction made, so the peer can make the same writes with nothing of
// the server around them.

// WriteKind is what one recorded write does.
type WriteKind byte

// The recorded writes.
const (
	WritePut     WriteKind = iota // Put(Key, Value)
	WriteDelete                   // Delete(Key)
	WriteNextSeq                  // NextSequence()
	WriteBucket                   // CreateBucketIfNotExists(Key)
)

// Write is one write in a bucket: Path is the top-level bucket, then the
// sub-bucket when there is one.
type Write struct {
	Kind  WriteKind
	Path  [][]byte
	Key   []byte
	Value []byte
}

// Recorder keeps the writes of the transactions that committed, one slice
// per transaction, in commit order.
type Recorder struct {
	inner kv.DB
	Txs   [][]Write
}

// RecordWrites puts a recorder under c (before any concurrent use).
func RecordWrites(c *Store) *Recorder {
	r := &Recorder{inner: c.db}
	c.db = r
	return r
}

// Take returns the transactions recorded since the last Take.
func (r *Recorder) Take() [][]Write {
	t := r.Txs
	r.Txs = nil
	return t
}

// View is the engine's.
func (r *Recorder) View(fn func(kv.Tx) error) error { return r.inner.View(fn) }

// Update records the writes of fn's last run when the transaction commits.
func (r *Recorder) Update(fn func(kv.Tx) error) error {
	var rt *recTx
	err := r.inner.Update(func(tx kv.Tx) error {
		rt = &recTx{Tx: tx}
		return fn(rt)
	})
	if err == nil && len(rt.writes) > 0 {
		r.Txs = append(r.Txs, rt.writes)
	}
	return err
}

// Close closes the engine.
func (r *Recorder) Close() error { return r.inner.Close() }

// inner is the engine's bucket under a recBucket.
type inner = kv.Bucket

type recTx struct {
	kv.Tx
	writes []Write
}

func (t *recTx) add(kind WriteKind, path [][]byte, k, v []byte) {
	t.writes = append(t.writes, Write{Kind: kind, Path: path, Key: clone(k), Value: clone(v)})
}

func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte{}, b...)
}

func (t *recTx) wrap(b kv.Bucket, path [][]byte) kv.Bucket {
	if b == nil {
		return nil
	}
	return &recBucket{inner: b, tx: t, path: path}
}

func (t *recTx) Bucket(name []byte) kv.Bucket {
	return t.wrap(t.Tx.Bucket(name), [][]byte{clone(name)})
}

func (t *recTx) CreateBucketIfNotExists(name []byte) (kv.Bucket, error) {
	b, err := t.Tx.CreateBucketIfNotExists(name)
	t.add(WriteBucket, nil, name, nil)
	return t.wrap(b, [][]byte{clone(name)}), err
}

func (t *recTx) ForEach(fn func(name []byte, b kv.Bucket) error) error {
	return t.Tx.ForEach(func(name []byte, b kv.Bucket) error { return fn(name, t.wrap(b, [][]byte{clone(name)})) })
}

type recBucket struct {
	inner
	tx   *recTx
	path [][]byte
}

func (b *recBucket) Put(k, v []byte) error {
	b.tx.add(WritePut, b.path, k, v)
	return b.inner.Put(k, v)
}

func (b *recBucket) Delete(k []byte) error {
	b.tx.add(WriteDelete, b.path, k, nil)
	return b.inner.Delete(k)
}

func (b *recBucket) NextSequence() (uint64, error) {
	b.tx.add(WriteNextSeq, b.path, nil, nil)
	return b.inner.NextSequence()
}

func (b *recBucket) Bucket(name []byte) kv.Bucket {
	return b.tx.wrap(b.inner.Bucket(name), append(b.path[:1:1], clone(name)))
}

func (b *recBucket) CreateBucketIfNotExists(name []byte) (kv.Bucket, error) {
	nb, err := b.inner.CreateBucketIfNotExists(name)
	b.tx.add(WriteBucket, b.path, name, nil)
	return b.tx.wrap(nb, append(b.path[:1:1], clone(name))), err
}
