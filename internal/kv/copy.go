package kv

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
)

// copyChunk is how many keys one destination transaction writes.
const copyChunk = 2000

// BucketReport is one bucket's (or sub-bucket's) figures in a copy: keys
// and a SHA-256 over its keys and values in order, on each side.
type BucketReport struct {
	Bucket     string `json:"bucket"`         // "changes" or "changes/UNIT" for a sub-bucket
	Keys       int    `json:"keys"`           // in the source
	DestKeys   int    `json:"dest_keys"`      // in the destination, after the copy
	Sequence   uint64 `json:"sequence"`       // the source's sequence
	DestSeq    uint64 `json:"dest_sequence"`  // the destination's
	SHA256     string `json:"sha256"`         // of the source
	DestSHA256 string `json:"dest_sha256"`    // of the destination
	Match      bool   `json:"match"`          // keys, sequence and hash agree
	Copied     int    `json:"copied"`         // keys written (all of them: writes are upserts)
	Removed    int    `json:"removed"`        // destination keys the source no longer has
	Note       string `json:"note,omitempty"` // why it does not match
}

// Copy makes dst hold exactly what src holds in the buckets src has
// (keys, values, sub-buckets, sequences), reading src in one snapshot and
// writing dst in transactions of copyChunk keys. Writes are upserts and
// keys src lacks are removed, so running it again is safe and ends in the
// same state. Then it verifies every bucket (Verify).
func Copy(dst, src DB) ([]BucketReport, error) {
	var reports []BucketReport
	err := src.View(func(stx Tx) error {
		return stx.ForEach(func(name []byte, sb Bucket) error {
			if err := dst.Update(func(dtx Tx) error { _, err := dtx.CreateBucketIfNotExists(name); return err }); err != nil {
				return fmt.Errorf("create bucket %s: %w", name, err)
			}
			path := bucketPath{top: append([]byte(nil), name...)}
			r, err := copyBucket(dst, sb, path)
			if err != nil {
				return err
			}
			reports = append(reports, r...)
			return nil
		})
	})
	if err != nil {
		return reports, err
	}
	return reports, verifyInto(dst, src, reports)
}

// bucketPath names a bucket in a transaction: top, or top's sub-bucket.
type bucketPath struct{ top, sub []byte }

func (p bucketPath) String() string {
	if p.sub == nil {
		return string(p.top)
	}
	return string(p.top) + "/" + string(p.sub)
}

func (p bucketPath) in(tx Tx, create bool) (Bucket, error) {
	b := tx.Bucket(p.top)
	if b == nil || p.sub == nil {
		return b, nil
	}
	if create {
		return b.CreateBucketIfNotExists(p.sub)
	}
	return b.Bucket(p.sub), nil
}

// copyBucket copies one bucket's keys and sequence, then its sub-buckets.
func copyBucket(dst DB, sb Bucket, path bucketPath) ([]BucketReport, error) {
	r := BucketReport{Bucket: path.String(), Sequence: sb.Sequence()}
	var subs [][]byte
	var batch [][2][]byte
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := dst.Update(func(dtx Tx) error {
			db, err := path.in(dtx, true)
			if err != nil {
				return err
			}
			for _, kv := range batch {
				if err := db.Put(kv[0], kv[1]); err != nil {
					return err
				}
			}
			return nil
		})
		r.Copied += len(batch)
		batch = batch[:0]
		return err
	}
	err := sb.ForEach(func(k, v []byte) error {
		if v == nil && path.sub == nil && sb.Bucket(k) != nil {
			subs = append(subs, append([]byte(nil), k...))
			return nil
		}
		batch = append(batch, [2][]byte{append([]byte(nil), k...), append([]byte{}, v...)})
		if len(batch) >= copyChunk {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err == nil {
		r.Removed, err = removeExtra(dst, sb, path)
	}
	if err == nil {
		err = dst.Update(func(dtx Tx) error {
			db, err := path.in(dtx, true)
			if err != nil {
				return err
			}
			return db.SetSequence(r.Sequence)
		})
	}
	if err != nil {
		return nil, fmt.Errorf("copy bucket %s: %w", path, err)
	}
	out := []BucketReport{r}
	for _, s := range subs {
		rs, err := copyBucket(dst, sb.Bucket(s), bucketPath{top: path.top, sub: s})
		if err != nil {
			return nil, err
		}
		out = append(out, rs...)
	}
	return out, nil
}

// removeExtra deletes the destination's keys of a bucket that the source
// lacks (a rerun after the source changed).
func removeExtra(dst DB, sb Bucket, path bucketPath) (int, error) {
	var extra [][]byte
	err := dst.View(func(dtx Tx) error {
		db, err := path.in(dtx, false)
		if err != nil || db == nil {
			return err
		}
		return db.ForEach(func(k, v []byte) error {
			if v == nil && path.sub == nil && db.Bucket(k) != nil {
				return nil
			}
			if sb.Get(k) == nil {
				extra = append(extra, append([]byte(nil), k...))
			}
			return nil
		})
	})
	if err != nil || len(extra) == 0 {
		return 0, err
	}
	return len(extra), dst.Update(func(dtx Tx) error {
		db, err := path.in(dtx, false)
		if err != nil {
			return err
		}
		for _, k := range extra {
			if err := db.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
}

// Digest is a bucket's key count and SHA-256 over its keys and values in
// order (each length-prefixed), its sub-buckets left out.
func Digest(b Bucket) (int, string, error) {
	h := sha256.New()
	n := 0
	var lb [8]byte
	err := b.ForEach(func(k, v []byte) error {
		if v == nil && b.Bucket(k) != nil {
			return nil
		}
		n++
		for _, p := range [][]byte{k, v} {
			binary.BigEndian.PutUint64(lb[:], uint64(len(p)))
			h.Write(lb[:])
			h.Write(p)
		}
		return nil
	})
	return n, hex.EncodeToString(h.Sum(nil)), err
}

// verifyInto fills the source and destination figures of each report.
func verifyInto(dst, src DB, reports []BucketReport) error {
	return src.View(func(stx Tx) error {
		return dst.View(func(dtx Tx) error {
			for i := range reports {
				r := &reports[i]
				p := parsePath(r.Bucket)
				sb, _ := p.in(stx, false)
				db, _ := p.in(dtx, false)
				if sb == nil || db == nil {
					r.Note = "bucket missing"
					continue
				}
				var err error
				if r.Keys, r.SHA256, err = Digest(sb); err != nil {
					return err
				}
				if r.DestKeys, r.DestSHA256, err = Digest(db); err != nil {
					return err
				}
				r.Sequence, r.DestSeq = sb.Sequence(), db.Sequence()
				r.Match = r.Keys == r.DestKeys && r.SHA256 == r.DestSHA256 && r.Sequence == r.DestSeq
				if !r.Match {
					r.Note = "keys, sequence or content differ"
				}
			}
			return nil
		})
	})
}

func parsePath(s string) bucketPath {
	if i := bytes.IndexByte([]byte(s), '/'); i >= 0 {
		return bucketPath{top: []byte(s[:i]), sub: []byte(s[i+1:])}
	}
	return bucketPath{top: []byte(s)}
}

// Verify compares every bucket of src with dst (what Copy checks after
// copying), without writing.
func Verify(dst, src DB) ([]BucketReport, error) {
	var reports []BucketReport
	err := src.View(func(stx Tx) error {
		return stx.ForEach(func(name []byte, sb Bucket) error {
			reports = append(reports, BucketReport{Bucket: string(name)})
			return sb.ForEach(func(k, v []byte) error {
				if v == nil && sb.Bucket(k) != nil {
					reports = append(reports, BucketReport{Bucket: string(name) + "/" + string(k)})
				}
				return nil
			})
		})
	})
	if err != nil {
		return nil, err
	}
	return reports, verifyInto(dst, src, reports)
}
