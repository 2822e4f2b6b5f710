// Command synced turns a copy of a generated store into the store of a
// terminal that synced all along, and reports its size, for BENCHMARKS.md:
//
//	go run ./bench/synced "$(go run ./bench/fixture)/motcua.db" /tmp/synced
//
// The generator never syncs: every action of its year is still in the
// outbox. Here each op is acknowledged through the store's own ApplySync, as
// the server would answer it (applied), one batch of up to 200 per sync, at
// the time of the batch's last op plus a minute: so the acked bucket keeps
// the last 30 days of ops (AckRetention) and older ones are trimmed, as on a
// terminal that synced after every action. The result is written to
// DIR/motcua.db (the file, with the free pages the outbox left) and, as the
// daily backup would write it, to DIR/motcua.db.compact (the live data only:
// what a terminal that synced all along holds, since bbolt reuses free
// pages).
package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/store"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: synced FIXTURE.db DIR")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "synced:", err)
		os.Exit(1)
	}
}

func run(src, dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	path := filepath.Join(dir, "motcua.db")
	if err := copyFile(src, path); err != nil {
		return err
	}
	// NoSync: a measuring tool on a throw-away copy, synced once at the end.
	s, err := store.OpenWith(path, store.Options{NoSync: true})
	if err != nil {
		return err
	}
	defer s.Close()
	start := time.Now()
	acked := 0
	for {
		st, err := s.State()
		if err != nil {
			return err
		}
		ops, err := s.Outbox(st.AckedSeq+1, 200)
		if err != nil || len(ops) == 0 {
			if err == nil {
				err = s.Sync()
			}
			if err != nil {
				return err
			}
			break
		}
		resp := motcua.SyncResponse{LastAppliedSeq: ops[len(ops)-1].Seq}
		for _, op := range ops {
			resp.Results = append(resp.Results, motcua.Result{Seq: op.Seq, OpID: op.ID, DossierID: op.DossierID, Status: motcua.Applied})
		}
		at := ops[len(ops)-1].ClientTime.Add(time.Minute)
		s.Now = func() time.Time { return at }
		if _, err := s.ApplySync(resp); err != nil {
			return err
		}
		acked += len(ops)
	}
	st, err := s.State()
	if err != nil {
		return err
	}
	fmt.Printf("%d ops acknowledged in %s; %d dossiers, %d ops left in the outbox\n", acked, time.Since(start).Round(time.Second), st.Dossiers, st.Waiting)
	compact := path + ".compact"
	start = time.Now()
	if err := s.BackupTo(compact); err != nil {
		return err
	}
	took := time.Since(start)
	for _, p := range []string{path, compact} {
		fi, err := os.Stat(p)
		if err != nil {
			return err
		}
		fmt.Printf("%s: %d bytes (%.1f MiB, %d bytes per dossier)\n", p, fi.Size(), float64(fi.Size())/(1<<20), fi.Size()/int64(max(st.Dossiers, 1)))
	}
	fmt.Printf("compacted copy written in %s\n", took.Round(time.Millisecond))
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
