package gen

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/store"
	bolt "go.etcd.io/bbolt"
)

func TestTablesAreCleanNames(t *testing.T) {
	var all []string
	for _, w := range FamilyNames {
		all = append(all, w.Name)
	}
	for _, w := range append(append([]weighted{}, MiddleMale...), MiddleFemale...) {
		all = append(all, w.Name)
	}
	all = append(append(all, GivenMale...), GivenFemale...)
	for _, n := range all {
		if motcua.NFC(n) != n {
			t.Errorf("%q is not NFC", n)
		}
		if v, err := motcua.ValidateName(n); err != nil || v != n {
			t.Errorf("%q: %q, %v", n, v, err)
		}
	}
	if n := len(GivenMale) + len(GivenFemale); n < 200 {
		t.Errorf("only %d given names", n)
	}
	for _, code := range append(append([]string{}, otherProvinces...), func() (cs []string) {
		for _, w := range birthProvinces {
			cs = append(cs, w.Name)
		}
		return
	}()...) {
		if _, ok := motcua.ProvinceName(code); !ok {
			t.Errorf("province code %s is not in the table", code)
		}
	}
}

// long: one check per property of the generated citizens, over one sample.
func TestCitizensAreValidAndRealistic(t *testing.T) {
	today := time.Date(2026, 11, 1, 0, 0, 0, 0, motcua.VNZone)
	p := NewPeople(rand.New(rand.NewPCG(7, 7)), today)
	const n = 20000
	family := map[string]int{}
	var cccd, phones int
	for i := 0; i < n; i++ {
		c := p.Citizen()
		name, err := motcua.ValidateName(c.Name)
		if err != nil || name != c.Name {
			t.Fatalf("name %q: %q, %v", c.Name, name, err)
		}
		words := strings.Fields(c.Name)
		if len(words) < 3 || len(words) > 4 {
			t.Fatalf("name %q has %d words", c.Name, len(words))
		}
		family[words[0]]++
		if c.Sex == motcua.Male && words[1] == "Thị" || c.Sex == motcua.Female && words[1] == "Văn" {
			t.Fatalf("%q is %s", c.Name, c.Sex)
		}
		dob, err := time.Parse("2006-01-02", c.DOB)
		if err != nil {
			t.Fatal(err)
		}
		if age := today.Year() - dob.Year(); age < 17 || age > 93 {
			t.Fatalf("age %d", age)
		}
		if c.IDKind == motcua.IDCCCD {
			cccd++
			got, warns, err := motcua.ValidateCCCDAt(c.IDNumber, dob, c.Sex, today)
			if err != nil || len(warns) > 0 || got != c.IDNumber {
				t.Fatalf("CCCD %s for %s born %s: %v %v", c.IDNumber, c.Sex, c.DOB, err, warns)
			}
		} else if c.IDNumber != "" {
			if _, _, err := motcua.ValidateIDNumber(c.IDKind, c.IDNumber, dob, c.Sex, today); err != nil {
				t.Fatalf("%s %s: %v", c.IDKind, c.IDNumber, err)
			}
		}
		if c.Phone != "" {
			phones++
			if _, kind, err := motcua.NormalizePhone(c.Phone); err != nil || kind != motcua.PhoneMobile {
				t.Fatalf("phone %q: %s %v", c.Phone, kind, err)
			}
		}
		if c.Email != "" {
			if _, err := motcua.ValidateEmail(c.Email); err != nil {
				t.Fatalf("email %q: %v", c.Email, err)
			}
		}
		if !strings.HasSuffix(c.Address, "tỉnh Cà Mau") {
			t.Fatalf("address %q", c.Address)
		}
	}
	share := func(name string) float64 { return 100 * float64(family[name]) / n }
	for name, want := range map[string]float64{"Nguyễn": 38, "Trần": 11, "Lê": 9.5, "Phạm": 7} {
		if got := share(name); got < want-1.5 || got > want+1.5 {
			t.Errorf("%s: %.1f %%, want about %.1f %%", name, got, want)
		}
	}
	if cccd < n*90/100 || phones < n*80/100 {
		t.Errorf("%d CCCDs, %d phones of %d", cccd, phones, n)
	}
}

func TestNameQueriesAreTwoFoldedWords(t *testing.T) {
	p := NewPeople(rand.New(rand.NewPCG(1, 2)), time.Now())
	for i := 0; i < 1000; i++ {
		q := p.NameQuery()
		if w := strings.Fields(q); len(w) != 2 || motcua.Fold(q) != q {
			t.Fatalf("query %q", q)
		}
	}
}

// summary lists what a generated store holds, ids aside (they are random).
func summary(t *testing.T, path string) []string {
	t.Helper()
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.CheckIntegrity(); err != nil {
		t.Fatal(err)
	}
	var out []string
	err = s.Each(store.ExportFilter{}, func(d motcua.Dossier) error {
		var steps []string
		prev := motcua.Status(0)
		for _, ev := range d.History {
			if ev.Kind == motcua.OpTransition {
				if ev.From != prev || !motcua.CanTransition(ev.From, ev.To) {
					return fmt.Errorf("%s: illegal or out-of-order step %d→%d after %d", d.Code, ev.From, ev.To, prev)
				}
			}
			if ev.To != 0 {
				prev = ev.To
			}
			steps = append(steps, fmt.Sprintf("%s%d@%s", ev.Kind, ev.To, ev.At.Format("0601021504")))
		}
		if prev != d.Status {
			return fmt.Errorf("%s: history ends at %d, status %d", d.Code, prev, d.Status)
		}
		out = append(out, fmt.Sprintf("%s %s %s %s %d %s", d.Code, d.Applicant.Name, d.Applicant.IDNumber, d.ProcedureCode, d.Status, strings.Join(steps, ",")))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

func TestBuildIsRealisticLegalAndDeterministic(t *testing.T) {
	end := time.Date(2026, 11, 1, 0, 0, 0, 0, motcua.VNZone)
	cfg := Config{N: 300, Seed: 42, End: end, Days: 45}
	var runs [][]string
	// Once straight into the data directory (NoSync, published once
	// synced), once through a scratch directory and a copy.
	for _, scratch := range []string{"", t.TempDir()} {
		path := filepath.Join(t.TempDir(), "motcua.db")
		st, err := Build(path, DefaultInit, cfg, scratch)
		if err != nil {
			t.Fatal(err)
		}
		if st.Dossiers != cfg.N || st.Ops <= cfg.N {
			t.Fatalf("stats %+v", st)
		}
		open := st.ByStatus[motcua.StatusReceived] + st.ByStatus[motcua.StatusProcessing] + st.ByStatus[motcua.StatusSupplement] + st.ByStatus[motcua.StatusPayment]
		if st.ByStatus[motcua.StatusReturned] < cfg.N/2 || open == 0 || st.ByStatus[motcua.StatusDone] == 0 {
			t.Errorf("status spread %v", st.ByStatus)
		}
		runs = append(runs, summary(t, path))
	}
	if len(runs[0]) != cfg.N {
		t.Fatalf("%d dossiers", len(runs[0]))
	}
	for i := range runs[0] {
		if runs[0][i] != runs[1][i] {
			t.Fatalf("the same seed gave different data:\n%s\n%s", runs[0][i], runs[1][i])
		}
	}
	// Receptions fall in office hours on reception days, within the period.
	cal := motcua.DefaultCalendar()
	for _, line := range runs[0] {
		f := strings.Fields(line)
		code, _ := motcua.ParseCode(f[0])
		day := code.Day()
		if !cal.IsReceptionDay(day) || !day.Before(end) || day.Before(end.AddDate(0, 0, -cfg.Days)) {
			t.Fatalf("received on %s: %s", day.Format("Mon 2006-01-02"), line)
		}
	}
}

func TestBuildRefusesAnExistingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "motcua.db")
	if _, err := Build(path, DefaultInit, Config{N: 1, End: time.Date(2026, 1, 5, 0, 0, 0, 0, motcua.VNZone), Days: 10}, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(path, DefaultInit, Config{N: 1}, ""); err == nil {
		t.Fatal("an existing store was filled again")
	}
}

func TestCancelledBuildLeavesNothing(t *testing.T) {
	for _, scratch := range []string{"", t.TempDir()} {
		dir := t.TempDir()
		dst := filepath.Join(dir, "motcua.db")
		ctx, cancel := context.WithCancel(context.Background())
		cfg := Config{N: 5000, End: time.Date(2026, 1, 5, 0, 0, 0, 0, motcua.VNZone), Days: 30, Context: ctx}
		go func() { time.Sleep(200 * time.Millisecond); cancel() }()
		if _, err := Build(dst, DefaultInit, cfg, scratch); !errors.Is(err, context.Canceled) {
			t.Fatalf("scratch %q: build: %v", scratch, err)
		}
		for _, d := range []string{scratch, dir} {
			if d == "" {
				continue
			}
			if left, _ := os.ReadDir(d); len(left) != 0 {
				t.Fatalf("scratch %q: %s holds %v", scratch, d, left)
			}
		}
	}
}

// The store a build leaves is whole and synced: bbolt's pages check out and
// its free-page list is on disk (a writable open commits nothing), and the
// data directory holds nothing else.
func TestBuildLeavesACleanSyncedFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "motcua.db")
	if _, err := Build(path, DefaultInit, Config{N: 200, Seed: 5, End: time.Date(2026, 3, 2, 0, 0, 0, 0, motcua.VNZone), Days: 20}, ""); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(dir); len(left) != 1 || left[0].Name() != "motcua.db" {
		t.Fatalf("data directory holds %v", left)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("stat: %v, %v", fi, err)
	}
	txid := func(readOnly bool) int {
		db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: readOnly})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		id := 0
		err = db.View(func(tx *bolt.Tx) error {
			id = tx.ID()
			var errs []error
			for err := range tx.Check() {
				errs = append(errs, err)
			}
			return errors.Join(errs...)
		})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	if before, after := txid(true), txid(false); before != after {
		t.Fatalf("a writable open committed (txid %d → %d): the free-page list was not synced", before, after)
	}
	if got := len(summary(t, path)); got != 200 {
		t.Fatalf("%d dossiers", got)
	}
}
