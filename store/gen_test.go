package store_test

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/gen"
	"github.com/motcua/motcua/store"
	bolt "go.etcd.io/bbolt"
)

// Tests of name search against generated data: the ranked page the index
// gives must be exactly what a brute-force scan of every dossier gives.

var genEnd = time.Date(2026, 6, 1, 0, 0, 0, 0, motcua.VNZone)

// genPath builds a store file of n generated dossiers in a temp dir (on
// /dev/shm first when it exists, which saves the fsyncs).
func genPath(t *testing.T, n int, seed uint64) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "motcua.db")
	scratch := ""
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		scratch = "/dev/shm"
	}
	if _, err := gen.Build(path, gen.DefaultInit, gen.Config{N: n, Seed: seed, End: genEnd, Days: 120}, scratch); err != nil {
		t.Fatal(err)
	}
	return path
}

// genStore opens a generated store, checked for integrity at the end.
func genStore(t *testing.T, n int, seed uint64) *store.Store {
	t.Helper()
	s, err := store.Open(genPath(t, n, seed))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.CheckIntegrity(); err != nil {
			t.Errorf("integrity: %v", err)
		}
		s.Close()
	})
	return s
}

type refDossier struct {
	d         motcua.Dossier
	applicant []string
	submitter []string
}

func allDossiers(t *testing.T, s *store.Store) []refDossier {
	t.Helper()
	var all []refDossier
	err := s.Each(store.ExportFilter{}, func(d motcua.Dossier) error {
		r := refDossier{d: d, applicant: motcua.Tokens(d.Applicant.Name)}
		if d.Submitter != nil {
			r.submitter = motcua.Tokens(d.Submitter.Name)
		}
		all = append(all, r)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return all
}

// bruteForce is the ranking Search promises, computed over every dossier.
func bruteForce(all []refDossier, q motcua.Query, cal motcua.Calendar) []string {
	words := motcua.Tokens(q.Text)
	query := strings.Join(words, " ")
	type hit struct {
		r     *refDossier
		match motcua.Match
	}
	var hits []hit
	for i := range all {
		r := &all[i]
		if q.Status != 0 && r.d.Status != q.Status {
			continue
		}
		if q.Due != "" {
			if !r.d.Status.ClockRuns() { // waiting on the citizen (5, 6): never due
				continue
			}
			due := motcua.DueState(r.d.Appointment, q.Now, cal)
			ok := due == motcua.DueOverdue ||
				(q.Due != motcua.DueOverdue && due == motcua.DueToday) ||
				(q.Due == motcua.DueSoon && due == motcua.DueSoon)
			if !ok {
				continue
			}
		}
		tokens := append(append([]string{}, r.applicant...), r.submitter...)
		all := true
		for i, w := range words {
			found := false
			for _, tok := range tokens {
				if tok == w || (i == len(words)-1 && strings.HasPrefix(tok, w)) {
					found = true
				}
			}
			all = all && found
		}
		if !all {
			continue
		}
		name := strings.Join(r.applicant, " ")
		m := motcua.MatchName
		switch {
		case name == query:
			m = motcua.MatchNameExact
		case strings.HasPrefix(name, query):
			m = motcua.MatchNamePrefix
		}
		hits = append(hits, hit{r, m})
	}
	sort.Slice(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if a.match != b.match {
			return a.match < b.match
		}
		if ra, rb := a.r.d.ReceivedAt.Unix(), b.r.d.ReceivedAt.Unix(); ra != rb {
			return ra > rb
		}
		return a.r.d.ID < b.r.d.ID
	})
	limit := q.Limit
	if limit <= 0 {
		limit = 50
	}
	var out []string
	for i := 0; i < len(hits) && i < limit; i++ {
		out = append(out, fmt.Sprintf("%s %d", hits[i].r.d.Code, hits[i].match))
	}
	return out
}

func searchCodes(t *testing.T, s *store.Store, q motcua.Query) []string {
	t.Helper()
	hits, err := s.Search(q)
	if err != nil {
		t.Fatalf("%+v: %v", q, err)
	}
	var out []string
	for _, h := range hits {
		out = append(out, fmt.Sprintf("%s %d", h.Dossier.Code, h.Match))
	}
	return out
}

// nameQueries draws what officers type: two-word family + given names,
// whole and partial names of real applicants and submitters, single words
// and short prefixes of common words.
func genQueries(all []refDossier, r *rand.Rand) []string {
	qs := []string{"nguyen", "ng", "n", "nguyen t", "nguyen thi", "nguyen thi a", "tran", "th", "thi", "van",
		"le van", "anh", "hoa", "a", "thi nguyen", "van thi", "ut", "nguyen van a", "huynh ngoc", "zzz", "nguyen zzz"}
	people := gen.NewPeople(r, genEnd)
	for i := 0; i < 150; i++ {
		qs = append(qs, people.NameQuery())
	}
	for i := 0; i < 150; i++ {
		d := all[r.IntN(len(all))]
		words := d.applicant
		if d.submitter != nil && r.IntN(3) == 0 {
			words = d.submitter
		}
		n := 1 + r.IntN(len(words))
		q := slices.Clone(words[:n])
		if r.IntN(3) == 0 { // still typing the last word
			w := q[n-1]
			q[n-1] = w[:1+r.IntN(len(w))]
		}
		if r.IntN(5) == 0 && n > 1 { // words out of order
			q[0], q[n-1] = q[n-1], q[0]
		}
		qs = append(qs, strings.Join(q, " "))
	}
	return qs
}

func TestSearchNamesMatchesBruteForce(t *testing.T) {
	n := 1500
	if testing.Short() {
		n = 300
	}
	s := genStore(t, n, 5)
	all := allDossiers(t, s)
	r := rand.New(rand.NewPCG(9, 9))
	now := genEnd.Add(-5 * 24 * time.Hour).Add(9 * time.Hour)
	cal := s.Calendar()
	checked := 0
	for _, text := range genQueries(all, r) {
		for _, q := range []motcua.Query{
			{Text: text},
			{Text: text, Limit: 1},
			{Text: text, Limit: 7},
			{Text: text, Limit: 1000},
			{Text: text, Status: motcua.StatusReturned, Limit: 20},
			{Text: text, Status: motcua.Status(2 + r.IntN(8)), Limit: 20},
			{Text: text, Due: motcua.DueSoon, Limit: 20},
		} {
			q.Now = now
			got, want := searchCodes(t, s, q), bruteForce(all, q, cal)
			if !slices.Equal(got, want) {
				t.Fatalf("query %q (status %d, due %q, limit %d):\n got  %d %v\n want %d %v",
					q.Text, q.Status, q.Due, q.Limit, len(got), head(got), len(want), head(want))
			}
			checked++
		}
	}
	t.Logf("%d queries over %d dossiers agree with a full scan", checked, len(all))
}

func head(xs []string) []string {
	if len(xs) > 8 {
		return xs[:8]
	}
	return xs
}

// oldLayout rewrites the name index as the first release wrote it (term |
// id → posting, in id order, no layout marker), as a file from before the
// newest-first layout would hold it.
func oldLayout(t *testing.T, path string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket([]byte("idx_terms")); err != nil {
			return err
		}
		terms, err := tx.CreateBucket([]byte("idx_terms"))
		if err != nil {
			return err
		}
		return tx.Bucket([]byte("dossiers")).ForEach(func(k, v []byte) error {
			var d motcua.Dossier
			if err := store.DecodeDossier(v, &d); err != nil {
				return err
			}
			names := strings.Join(motcua.Tokens(d.Applicant.Name), " ")
			seen := map[string]bool{}
			words := motcua.Tokens(d.Applicant.Name)
			if d.Submitter != nil {
				names += " | " + strings.Join(motcua.Tokens(d.Submitter.Name), " ")
				words = append(words, motcua.Tokens(d.Submitter.Name)...)
			}
			post := make([]byte, 17, 17+len(names))
			binary.BigEndian.PutUint64(post, uint64(d.ReceivedAt.Unix()))
			binary.BigEndian.PutUint64(post[8:], uint64(d.Appointment.Unix()))
			post[16] = byte(d.Status)
			post = append(post, names...)
			for _, w := range words {
				if !seen[w] {
					seen[w] = true
					if err := terms.Put(append(append([]byte(w), 0), k...), post); err != nil {
						return err
					}
				}
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// termCounts reads term_counts and recounts it from the dossiers.
func termCounts(t *testing.T, path string) (stored, recount map[string]uint32) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stored, recount = map[string]uint32{}, map[string]uint32{}
	err = db.View(func(tx *bolt.Tx) error {
		tx.Bucket([]byte("term_counts")).ForEach(func(k, v []byte) error {
			stored[string(k)] = binary.BigEndian.Uint32(v)
			return nil
		})
		return tx.Bucket([]byte("dossiers")).ForEach(func(k, v []byte) error {
			var d motcua.Dossier
			if err := store.DecodeDossier(v, &d); err != nil {
				return err
			}
			seen := map[string]bool{}
			words := motcua.Tokens(d.Applicant.Name)
			if d.Submitter != nil {
				words = append(words, motcua.Tokens(d.Submitter.Name)...)
			}
			for _, w := range words {
				if !seen[w] {
					seen[w] = true
					recount[w]++
				}
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return stored, recount
}

// A file whose name index has the first release's layout is rebuilt, by the
// first search or by the first write, and then agrees with a full scan.
func TestOldNameIndexIsRebuilt(t *testing.T) {
	for _, first := range []string{"search", "receive", "transition"} {
		t.Run(first, func(t *testing.T) {
			path := genPath(t, 120, 11)
			oldLayout(t, path)
			s, err := store.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			s.Now = func() time.Time { return genEnd.Add(8 * time.Hour) }
			all := allDossiers(t, s)
			switch first {
			case "receive":
				if _, err := s.Receive(motcua.ReceiveInput{ProcedureCode: "1.001193", Applicant: motcua.Person{Name: "Nguyễn Thị Ánh"}}); err != nil {
					t.Fatal(err)
				}
			case "transition":
				var d motcua.Dossier
				for _, r := range all {
					if r.d.Status == motcua.StatusProcessing {
						d = r.d
					}
				}
				if d.ID == "" {
					t.Fatal("no dossier in processing")
				}
				if _, err := s.Transition(d.ID, motcua.TransitionArgs{From: d.Status, To: motcua.StatusDone}); err != nil {
					t.Fatal(err)
				}
			}
			all = allDossiers(t, s)
			for _, text := range []string{"nguyen", "nguyen thi", "tran", "t", "anh", all[7].d.Applicant.Name} {
				q := motcua.Query{Text: text, Now: genEnd}
				if got, want := searchCodes(t, s, q), bruteForce(all, q, s.Calendar()); !slices.Equal(got, want) {
					t.Fatalf("%q after the rebuild:\n got  %v\n want %v", text, head(got), head(want))
				}
			}
			if err := s.CheckIntegrity(); err != nil {
				t.Fatal(err)
			}
			s.Close()
			if stored, recount := termCounts(t, path); !mapsEqual(stored, recount) {
				t.Fatalf("term counts disagree with the dossiers after the rebuild")
			}
		})
	}
}

func mapsEqual(a, b map[string]uint32) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
