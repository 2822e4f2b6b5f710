package central

import (
	"testing"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/kv"
)

// TestPullBoundsAreTheServers: a terminal asking for more than the server
// gives (pull.limit, pull.max_bytes, or no byte bound at all) gets pages
// within the server's bounds, and every record still arrives.
func TestPullBoundsAreTheServers(t *testing.T) {
	c, _ := mustCentral(t)
	a, _ := withTerminal(t, c, motcua.RoleCounter)
	for range 12 {
		mustReceive(t, a, "Nguyễn Thị Ánh")
	}
	pump(t, a, c, 100)
	b, _ := withTerminal(t, c, motcua.RoleCounter)
	info, _ := b.Terminal()
	one := 0
	if err := c.db.View(func(tx kv.Tx) error {
		return tx.Bucket(bDossiers).ForEach(func(_, v []byte) error { one = max(one, len(v)); return nil })
	}); err != nil {
		t.Fatal(err)
	}
	c.PullMaxBytes = 3*one + one/2 // three dossiers fit, not four
	for _, ask := range []motcua.PullRequest{
		{Limit: 1 << 30, MaxBytes: 1 << 40}, // far above both caps
		{Limit: motcua.MaxPullLimit + 1},    // no byte bound asked
	} {
		seen, pages := 0, 0
		for cursor := ""; ; pages++ {
			ask.Cursor = cursor
			page, _, err := c.pull(testUnit, info.ID, ask, false, 0)
			if err != nil {
				t.Fatal(err)
			}
			if n := len(page.Dossiers); n > 3 {
				t.Fatalf("asked %+v: a page of %d dossiers (%d bytes each) beyond the server's %d bytes", ask, n, one, c.PullMaxBytes)
			}
			seen += len(page.Dossiers)
			if cursor = page.Cursor; !page.HasMore {
				break
			}
		}
		if seen != 12 || pages < 4 {
			t.Fatalf("asked %+v: %d dossiers in %d pages", ask, seen, pages+1)
		}
	}
	if err := validateBatch(motcua.SyncRequest{TerminalID: info.ID, Pull: motcua.PullRequest{Limit: -1}}); motcua.ErrorCode(err) != motcua.EINVALID {
		t.Fatalf("negative limit: %v", err)
	}
}
