package central

import (
	"context"
	"testing"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/kvpg/pgtest"
)

// A server's file with synced data moves into PostgreSQL (migrate-data):
// every bucket matches, a second copy changes nothing, and the terminal goes
// on syncing with the same token and cursor, without enrolling again.
func TestCopyFileToPostgresKeepsTerminalsSyncing(t *testing.T) {
	if pgtest.Postgres() {
		t.Skip("the source is a bbolt file: run in the file pass")
	}
	dsn := pgtest.NewDatabase(t)
	c, _ := mustCentral(t)
	s, clock := mustOpen(t)
	enrollStore(t, s, c, motcua.RoleCounter)
	for _, name := range []string{"Nguyễn Thị Ánh", "Lê Văn Cường", "Phạm Thu Hà"} {
		mustReceive(t, s, name)
	}
	pump(t, s, c, 2)
	m, err := s.SyncMeta()
	if err != nil {
		t.Fatal(err)
	}
	token := m.Terminal.Token

	if _, err := Migrate(context.Background(), dsn, PGOptions{}); err != nil {
		t.Fatal(err)
	}
	pg, err := OpenPostgres(context.Background(), dsn, PGOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	pg.Now = clock.Now
	for run := 0; run < 2; run++ {
		reports, err := c.CopyTo(pg)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range reports {
			if !r.Match || (run == 1 && r.Removed != 0) {
				t.Errorf("run %d: %+v", run, r)
			}
		}
		if len(reports) < len(allBuckets) {
			t.Fatalf("run %d: %d buckets reported", run, len(reports))
		}
	}
	if rec, err := pg.Authenticate(token); err != nil || rec.ID != m.Terminal.ID {
		t.Fatalf("the terminal's token on PostgreSQL: %+v %v", rec, err)
	}
	mustReceive(t, s, "Trần Văn Bình")
	pump(t, s, pg, 10)
	all, err := pg.Dossiers(testUnit)
	if err != nil || len(all) != 4 {
		t.Fatalf("PostgreSQL holds %d dossiers (%v)", len(all), err)
	}
	if err := pg.CheckIntegrity(); err != nil {
		t.Fatal(err)
	}
}
