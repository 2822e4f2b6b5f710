package central

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/kvpg/pgtest"
	"github.com/motcua/motcua/store"
)

// The tests run real terminal stores (store.Store) against this store, as
// the client's syncer does but without HTTP.

const testUnit = "000.00.06.H56"

type fakeClock struct{ t time.Time }

func (c *fakeClock) Now() time.Time { return c.t }

func (c *fakeClock) Advance(d time.Duration) { c.t = c.t.Add(d) }

// mustOpen opens a terminal store in a temp dir, set up for testUnit, with a
// clock the test controls; the file is checked for integrity on cleanup.
func mustOpen(tb testing.TB) (*store.Store, *fakeClock) {
	tb.Helper()
	s, err := store.Open(filepath.Join(tb.TempDir(), "motcua.db"))
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

func mustReceive(tb testing.TB, s *store.Store, name string) motcua.Done {
	tb.Helper()
	d, err := s.Receive(motcua.ReceiveInput{ProcedureCode: "1.001193", Applicant: motcua.Person{Name: name}})
	if err != nil {
		tb.Fatalf("receive %s: %v", name, err)
	}
	return d
}

// mustCentral opens a central store in a temp dir with one unit (testUnit)
// and a clock the test controls; its integrity is checked on cleanup.
func mustCentral(tb testing.TB) (*Store, *fakeClock) {
	tb.Helper()
	c := openTestStore(tb)
	clock := &fakeClock{t: time.Date(2023, 10, 27, 8, 0, 0, 0, motcua.VNZone)}
	c.Now = clock.Now
	if _, err := c.AddUnit(testUnit, "UBND xã Tân Thành", ""); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := c.CheckIntegrity(); err != nil {
			tb.Errorf("central integrity: %v", err)
		}
		c.Close()
	})
	return c, clock
}

// TestMain runs the tests on a bbolt file, then on PostgreSQL (pgtest.Main).
func TestMain(m *testing.M) { pgtest.Main(m) }

// openTestStore opens an empty central store on the engine of this run: a
// file in a temp dir, or a fresh PostgreSQL database.
func openTestStore(tb testing.TB) *Store {
	tb.Helper()
	var c *Store
	var err error
	if pgtest.Postgres() {
		dsn := pgtest.NewDatabase(tb)
		if _, err = Migrate(context.Background(), dsn, PGOptions{}); err == nil {
			c, err = OpenPostgres(context.Background(), dsn, PGOptions{MaxConns: 8})
		}
	} else {
		c, err = Open(filepath.Join(tb.TempDir(), "central.db"))
	}
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// backupStore backs c up now and returns what opens the backup: a hot copy
// of the file, or on PostgreSQL a copy into a fresh database (what pg_dump
// and pg_restore do, through CopyTo).
func backupStore(tb testing.TB, c *Store) func() *Store {
	tb.Helper()
	if c.pg != nil {
		bk := openTestStore(tb)
		if _, err := c.CopyTo(bk); err != nil {
			tb.Fatal(err)
		}
		return func() *Store { return bk }
	}
	path := filepath.Join(tb.TempDir(), "backup.db")
	if err := c.Backup(path); err != nil {
		tb.Fatal(err)
	}
	return func() *Store {
		bk, err := Open(path)
		if err != nil {
			tb.Fatal(err)
		}
		return bk
	}
}

// enrollStore enrolls s with c as role.
func enrollStore(tb testing.TB, s *store.Store, c *Store, role motcua.Role) motcua.TerminalInfo {
	tb.Helper()
	e, err := c.CreateEnrollment(testUnit, role)
	if err != nil {
		tb.Fatal(err)
	}
	m, err := s.SyncMeta()
	if err != nil {
		tb.Fatal(err)
	}
	resp, err := c.Enroll(motcua.EnrollRequest{Code: strings.ToLower(e.Code), InstallNonce: m.Terminal.InstallNonce,
		Schema: motcua.WireSchema, AckedSeq: m.AckedSeq})
	if err != nil {
		tb.Fatal(err)
	}
	info, err := s.SetEnrollment(store.Enrollment{Server: "http://test", Response: resp})
	if err != nil {
		tb.Fatal(err)
	}
	return info
}

// pump syncs s with c until the outbox is empty and the pull reached the
// end, as the client's syncer does (without HTTP). It returns the rounds.
func pump(tb testing.TB, s *store.Store, c *Store, batch int) int {
	tb.Helper()
	for round := 1; round < 1000; round++ {
		m, err := s.SyncMeta()
		if err != nil {
			tb.Fatal(err)
		}
		from := m.AckedSeq + 1
		for {
			ops, err := s.SyncBatch(from, batch)
			if err != nil {
				tb.Fatal(err)
			}
			resp, err := c.Sync(m.Terminal.ID, motcua.SyncRequest{TerminalID: m.Terminal.ID, InstallNonce: m.Terminal.InstallNonce,
				Schema: motcua.WireSchema, AckedSeq: m.AckedSeq, Ops: ops, Pull: motcua.PullRequest{Cursor: m.Cursor, Limit: batch, Full: m.Resetting}})
			var gap *motcua.GapError
			if errors.As(err, &gap) && gap.Expected != from {
				from = gap.Expected
				continue
			}
			if err != nil {
				tb.Fatalf("sync: %v", err)
			}
			if _, err := s.ApplySync(decoded(tb, resp)); err != nil {
				tb.Fatal(err)
			}
			if st, _ := s.State(); st.Waiting == 0 && !resp.Pull.HasMore && len(ops) == 0 {
				return round
			}
			break
		}
	}
	tb.Fatal("sync did not converge")
	return 0
}

func decoded(tb testing.TB, raw motcua.RawSyncResponse) motcua.SyncResponse {
	tb.Helper()
	resp, err := raw.Decode()
	if err != nil {
		tb.Fatal(err)
	}
	return resp
}

func withTerminal(tb testing.TB, c *Store, role motcua.Role) (*store.Store, *fakeClock) {
	s, clock := mustOpen(tb)
	clock.t = c.Now()
	enrollStore(tb, s, c, role)
	return s, clock
}
