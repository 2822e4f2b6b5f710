// Command dbstats prints where the bytes of a motcua store file go, bucket
// by bucket, for BENCHMARKS.md:
//
//	go run ./bench/dbstats DIR/motcua.db
//
// It opens the file read-only (the store must not be open elsewhere for
// writing).
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
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		fmt.Fprintln(os.Stderr, "dbstats:", err)
		os.Exit(1)
	}
	defer db.Close()
	err = db.View(func(tx *bolt.Tx) error {
		type row struct {
			name               string
			keys, pages        int
			inuse, alloc, size int
		}
		var rows []row
		total := 0
		err := tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			s := b.Stats()
			r := row{name: string(name), keys: s.KeyN, pages: s.LeafPageN + s.BranchPageN,
				inuse: s.LeafInuse + s.BranchInuse, alloc: s.LeafAlloc + s.BranchAlloc}
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
		fmt.Printf("%-12s %9s %10s %10s %6s\n", "bucket", "keys", "used MiB", "alloc MiB", "fill")
		for _, r := range rows {
			if r.alloc == 0 {
				continue
			}
			fmt.Printf("%-12s %9d %10.1f %10.1f %5.0f%%\n", r.name, r.keys, mib(r.inuse), mib(r.alloc), 100*float64(r.inuse)/float64(r.alloc))
		}
		fmt.Printf("%-12s %9s %10s %10.1f\n", "total", "", "", mib(total))
		return nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "dbstats:", err)
		os.Exit(1)
	}
}
