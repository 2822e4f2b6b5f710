package store

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/motcua/motcua"
)

const testUnit = "000.00.06.H56"

// mustOpen opens a store in a temp dir, set up for a unit, with a clock the
// test controls; the file is checked for integrity on cleanup.
func mustOpen(tb testing.TB) (*Store, *fakeClock) {
	tb.Helper()
	s, err := Open(filepath.Join(tb.TempDir(), "motcua.db"))
	if err != nil {
		tb.Fatal(err)
	}
	clock := &fakeClock{t: time.Date(2023, 10, 27, 9, 32, 0, 0, motcua.VNZone)}
	s.Now = clock.Now
	if _, err := s.Init(testUnit, "UBND xã Tân Thành", "Trần Văn Bình"); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := s.CheckIntegrity(); err != nil {
			tb.Errorf("integrity: %v", err)
		}
		s.Close()
	})
	return s, clock
}

type fakeClock struct{ t time.Time }

func (c *fakeClock) Now() time.Time { return c.t }

func (c *fakeClock) Advance(d time.Duration) { c.t = c.t.Add(d) }

func mustReceive(tb testing.TB, s *Store, name string) motcua.Done {
	tb.Helper()
	d, err := s.Receive(motcua.ReceiveInput{ProcedureCode: "1.001193", Applicant: motcua.Person{Name: name}})
	if err != nil {
		tb.Fatalf("receive %s: %v", name, err)
	}
	return d
}
