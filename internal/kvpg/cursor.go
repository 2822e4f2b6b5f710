package kvpg

import (
	"slices"
	"strconv"

	"github.com/jackc/pgx/v5"
)

// A cursor reads its bucket in chunks: key >= $1 ORDER BY k LIMIT n, the
// first chunk small (most cursors read a short range by prefix) and each
// next one twice as big, up to maxChunk.
const (
	firstChunk = 8
	maxChunk   = 1024
)

type cursor struct {
	b    *bucket
	size int
	keys [][]byte
	vals [][]byte
	i    int // position in keys; len(keys) = past the end
	// last: the chunk in keys reaches the end of the bucket in the
	// direction it was read (it came back shorter than asked, in a
	// read-only transaction, whose snapshot no write can change), so
	// moving past it asks nothing: a pull walks its change log to the
	// end in one query, not two.
	last bool
	desc bool // keys was read backwards (Last, Prev)
}

func (c *cursor) at() ([]byte, []byte) {
	if c.i < 0 || c.i >= len(c.keys) {
		return nil, nil
	}
	return c.keys[c.i], c.vals[c.i]
}

// fetch loads the chunk a query returns (desc: in reverse, then turned
// back to key order).
func (c *cursor) fetch(desc bool, cond string, args ...any) bool {
	t := c.b.t
	c.keys, c.vals, c.desc = c.keys[:0], c.vals[:0], desc
	order := "k"
	if desc {
		order = "k DESC"
	}
	q := `SELECT k, v FROM ` + c.b.table + ` WHERE sub = $1` + cond + ` ORDER BY ` + order + ` LIMIT ` + strconv.Itoa(c.size)
	err := t.queryAfterWrites(q, append([]any{[]byte(c.b.sub)}, args...), func(rows pgx.Rows) error {
		var k, v []byte
		if err := rows.Scan(&k, &v); err != nil {
			return err
		}
		if v == nil {
			v = []byte{}
		}
		c.keys, c.vals = append(c.keys, k), append(c.vals, v)
		return nil
	})
	if err != nil {
		c.keys, c.vals = c.keys[:0], c.vals[:0]
		return false
	}
	if desc {
		slices.Reverse(c.keys)
		slices.Reverse(c.vals)
	}
	c.last = !t.writable && len(c.keys) < c.size
	c.size = min(2*c.size, maxChunk)
	return len(c.keys) > 0
}

// ReadAhead makes the next chunk n keys (at most maxChunk).
func (c *cursor) ReadAhead(n int) { c.size = max(1, min(n, maxChunk)) }

func (c *cursor) First() ([]byte, []byte) { return c.Seek(nil) }

func (c *cursor) Seek(k []byte) ([]byte, []byte) {
	if k == nil {
		k = []byte{}
	}
	c.fetch(false, ` AND k >= $2`, k)
	c.i = 0
	return c.at()
}

func (c *cursor) Last() ([]byte, []byte) {
	c.fetch(true, ``)
	c.i = len(c.keys) - 1
	return c.at()
}

func (c *cursor) Next() ([]byte, []byte) {
	if c.i+1 < len(c.keys) {
		c.i++
		return c.at()
	}
	if len(c.keys) == 0 || c.i >= len(c.keys) {
		return nil, nil
	}
	if c.last && !c.desc { // as a fetch that found nothing
		c.keys, c.i = c.keys[:0], 0
		return nil, nil
	}
	last := c.keys[len(c.keys)-1]
	if !c.fetch(false, ` AND k > $2`, last) {
		c.keys, c.i = c.keys[:0], 0
		return nil, nil
	}
	c.i = 0
	return c.at()
}

func (c *cursor) Prev() ([]byte, []byte) {
	if c.i > 0 && c.i <= len(c.keys) {
		c.i--
		return c.at()
	}
	if len(c.keys) == 0 {
		return nil, nil
	}
	if c.last && c.desc { // as a fetch that found nothing
		c.keys, c.i = c.keys[:0], 0
		return nil, nil
	}
	first := c.keys[0]
	if !c.fetch(true, ` AND k < $2`, first) {
		c.keys, c.i = c.keys[:0], 0
		return nil, nil
	}
	c.i = len(c.keys) - 1
	return c.at()
}
