// Command pushfixture pushes an enrolled terminal's whole outbox to its
// server through the real API (POST /v1/sync on the terminal's server URL,
// with its token), batches of -batch ops, each answer's cursor and
// acknowledged seq carried into the next request, and stops at the first
// op not applied. It reads the store and never writes it: it plays a
// terminal draining its backlog without the terminal's own bookkeeping
// (acknowledging each op in its file, saving the pulled pages), which is
// what makes `motcua sync` of the 466k-op fixture take hours (bench/pg100k.sh).
//
//	pushfixture -data DIR [-batch 200]
package main

import (
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/client"
	"github.com/motcua/motcua/internal/lightsync"
	"github.com/motcua/motcua/store"
)

func main() {
	data := flag.String("data", "", "the terminal's data directory")
	batch := flag.Int("batch", 200, "ops per request")
	flag.Parse()
	if err := run(filepath.Join(*data, "motcua.db"), *batch); err != nil {
		fmt.Fprintln(os.Stderr, "pushfixture:", err)
		os.Exit(1)
	}
}

func run(path string, batch int) error {
	s, err := store.OpenWith(path, store.Options{NoSync: true})
	if err != nil {
		return err
	}
	defer s.Close()
	info, err := s.Terminal()
	if err != nil {
		return err
	}
	if !info.Enrolled() {
		return fmt.Errorf("%s is not enrolled", path)
	}
	hc := &http.Client{}
	start := time.Now()
	var sent, requests, up int
	cursor, acked, from := "", uint64(0), uint64(1)
	for {
		ops, err := s.Outbox(from, batch)
		if err != nil {
			return err
		}
		if len(ops) == 0 {
			break
		}
		body, err := client.EncodeSync(motcua.SyncRequest{TerminalID: info.ID, InstallNonce: info.InstallNonce, Schema: 1,
			AckedSeq: acked, Ops: ops, Pull: motcua.PullRequest{Cursor: cursor}})
		if err != nil {
			return err
		}
		a, err := lightsync.Post(hc, info.Server, info.Token, body)
		if err != nil {
			return fmt.Errorf("after %d ops: %w", sent, err)
		}
		for _, r := range a.Results {
			if r.Status != motcua.Applied {
				return fmt.Errorf("op %d (%s): %s %s", r.Seq, r.OpID, r.Status, r.Message(motcua.EN))
			}
		}
		if len(a.Results) != len(ops) {
			return fmt.Errorf("%d results for %d ops", len(a.Results), len(ops))
		}
		sent, requests, up = sent+len(ops), requests+1, up+len(body)
		acked, cursor, from = a.LastAppliedSeq, a.Pull.Cursor, ops[len(ops)-1].Seq+1
	}
	el := time.Since(start)
	fmt.Printf("pushed %d ops in %d requests (%d gzip bytes up) in %s: %.0f ops/s\n", sent, requests, up, el.Round(time.Millisecond), float64(sent)/el.Seconds())
	return nil
}
