package store_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/gen"
	"github.com/motcua/motcua/store"
)

// BenchmarkPullPageBacklog applies one pulled page of 100 dossiers to a
// terminal that has never synced, with a backlog of 1,000 and of 8,000
// dossiers' unsent ops. Each snapshot gets its own unsent ops replayed on
// top (applyPage), so the page's cost must not grow with the backlog: before
// the outbox by record (outbox_index.go) it read and decoded the whole
// outbox for every page, and a long backlog drained quadratically.
//
//	go test ./store -run '^$' -bench PullPageBacklog -benchtime 20x
func BenchmarkPullPageBacklog(b *testing.B) {
	for _, n := range []int{1000, 8000} {
		b.Run(fmt.Sprintf("backlog=%d", n), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "motcua.db")
			if _, err := gen.Build(path, gen.DefaultInit, gen.Config{N: n, Seed: 5, End: genEnd, Days: 120}, ""); err != nil {
				b.Fatal(err)
			}
			s, err := store.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			var page []motcua.Dossier
			err = s.Each(store.ExportFilter{}, func(d motcua.Dossier) error {
				if len(page) < 100 {
					page = append(page, d)
				}
				return nil
			})
			if err != nil || len(page) < 100 {
				b.Fatalf("page of %d: %v", len(page), err)
			}
			q, err := s.Queue()
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(q.Waiting), "unsent_ops")
			b.ResetTimer()
			for range b.N {
				if _, err := s.ApplySync(motcua.SyncResponse{Pull: motcua.PullPage{Dossiers: page, Cursor: "c"}}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
