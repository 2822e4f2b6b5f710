// Command dbstats prints where the bytes of a motcua store file go, bucket
// by bucket, for BENCHMARKS.md:
//
//	go run ./bench/dbstats DIR/motcua.db
//
// For each bucket: keys, bytes used and allocated and their ratio (the
// fill), leaf and overflow pages (a value bigger than what is left of a page
// spills into overflow pages), and the median and 99th percentile of an
// entry's size (key + value). It opens the file read-only (the store must
// not be open elsewhere for writing) and reads every entry.
package main

import (
	"fmt"
	"os"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: dbstats FILE")
		os.Exit(2)
	}
	path := os.Args[1]
	fi, err := os.Stat(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "dbstats:", err)
		os.Exit(1)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second, PreLoadFreelist: true})
	if err != nil {
		fmt.Fprintln(os.Stderr, "dbstats:", err)
		os.Exit(1)
	}
	defer db.Close()
	err = db.View(func(tx *bolt.Tx) error {
		type row struct {
			name                 string
			keys, leaf, overflow int
			inuse, alloc         int
			p50, p99             int // entry size, key + value
		}
		var rows []row
		total := 0
		err := tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			s := b.Stats()
			r := row{name: string(name), keys: s.KeyN, leaf: s.LeafPageN, overflow: s.LeafOverflowN,
				inuse: s.LeafInuse + s.BranchInuse, alloc: s.LeafAlloc + s.BranchAlloc}
			var sizes []int
			if err := b.ForEach(func(k, v []byte) error { sizes = append(sizes, len(k)+len(v)); return nil }); err != nil {
				return err
			}
			if len(sizes) > 0 {
				sort.Ints(sizes)
				r.p50, r.p99 = sizes[(len(sizes)-1)/2], sizes[(len(sizes)-1)*99/100]
			}
			total += r.alloc
			rows = append(rows, r)
			return nil
		})
		if err != nil {
			return err
		}
		sort.Slice(rows, func(i, j int) bool { return rows[i].alloc > rows[j].alloc })
		mib := func(n int) float64 { return float64(n) / (1 << 20) }
		fmt.Printf("file %.1f MiB, data %.1f MiB in %d-byte pages, free pages %d\n",
			mib(int(fi.Size())), mib(int(tx.Size())), db.Info().PageSize, db.Stats().FreePageN)
		fmt.Printf("%-12s %9s %10s %10s %6s %8s %8s %6s %6s\n", "bucket", "keys", "used MiB", "alloc MiB", "fill",
			"leaf pg", "overflow", "p50 B", "p99 B")
		for _, r := range rows {
			if r.alloc == 0 {
				continue
			}
			fmt.Printf("%-12s %9d %10.1f %10.1f %5.0f%% %8d %8d %6d %6d\n", r.name, r.keys, mib(r.inuse), mib(r.alloc),
				100*float64(r.inuse)/float64(r.alloc), r.leaf, r.overflow, r.p50, r.p99)
		}
		fmt.Printf("%-12s %9s %10s %10.1f\n", "total", "", "", mib(total))
		return nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "dbstats:", err)
		os.Exit(1)
	}
}
