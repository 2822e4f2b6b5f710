// Command rawread is the raw peer of a pull: it reads every value of one
// bucket of the central store straight from the engine, with nothing
// decided, decoded or encoded, and prints the rows, bytes and time, for
// BENCHMARKS.md (bench/pg100k.sh):
//
//	go run ./bench/rawread bolt DIR/central.db c_dossiers
//	go run ./bench/rawread pg 'postgres://…' c_dossiers
//
// On bbolt it is one read transaction walking the bucket; on PostgreSQL one
// SELECT of the bucket's table (kvpg's layout: kv_NAME (sub, k, v)) read
// with pgx, as a pull's page reads them, in key order.
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/jackc/pgx/v5"
	bolt "go.etcd.io/bbolt"
)

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: rawread bolt FILE BUCKET | rawread pg DSN BUCKET")
		os.Exit(2)
	}
	start := time.Now()
	var rows, bytes int
	var err error
	switch os.Args[1] {
	case "bolt":
		rows, bytes, err = readBolt(os.Args[2], os.Args[3])
	case "pg":
		rows, bytes, err = readPG(os.Args[2], os.Args[3])
	default:
		err = fmt.Errorf("unknown engine %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "rawread:", err)
		os.Exit(1)
	}
	fmt.Printf("%s %s: %d rows, %d bytes in %s\n", os.Args[1], os.Args[3], rows, bytes, time.Since(start).Round(time.Millisecond))
}

func readBolt(path, bucket string) (rows, bytes int, err error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return 0, 0, err
	}
	defer db.Close()
	err = db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucket))
		if b == nil {
			return fmt.Errorf("no bucket %s", bucket)
		}
		return b.ForEach(func(k, v []byte) error {
			rows++
			bytes += len(k) + len(v)
			return nil
		})
	})
	return rows, bytes, err
}

func readPG(dsn, bucket string) (rows, bytes int, err error) {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return 0, 0, err
	}
	defer conn.Close(ctx)
	r, err := conn.Query(ctx, "SELECT k, v FROM "+pgx.Identifier{"kv_" + bucket}.Sanitize()+" WHERE sub = '' ORDER BY k")
	if err != nil {
		return 0, 0, err
	}
	defer r.Close()
	for r.Next() {
		raw := r.RawValues()
		rows++
		bytes += len(raw[0]) + len(raw[1])
	}
	return rows, bytes, r.Err()
}
