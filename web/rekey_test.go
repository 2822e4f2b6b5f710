package web_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/web"
)

// A reprint after a lost receipt rotates the key: after the terminal syncs,
// the old key opens only the key-less view, the new key opens the whole
// dossier, and a second terminal holds the same key hash as the server.
func TestRotatedKeyReplacesTheOld(t *testing.T) {
	h := newHarness(t, web.Limits{})
	tm := h.terminal("Trần Văn Bình")
	d, oldURL := tm.receive(t, "Nguyễn Thị Ánh")
	ou, _ := url.Parse(oldURL)
	oldKey := ou.Query().Get("k")
	newKey, done, err := tm.st.RotateLookupKey(d.ID)
	if err != nil || done.Result.Status != motcua.Applied {
		t.Fatalf("rotate: %v %+v", err, done.Result)
	}
	if motcua.NormalizeLookupKey(newKey) == motcua.NormalizeLookupKey(oldKey) {
		t.Fatal("the new key is the old one")
	}
	newURL, _ := tm.st.LookupURL(done.Dossier)
	if !strings.Contains(newURL, "k="+newKey) {
		t.Fatalf("lookup address after rotation %q", newURL)
	}
	tm.sync(t)
	if v, err := h.c.CitizenLookup(d.Code, oldKey); err != nil || !v.Found || v.Keyed {
		t.Fatalf("old key after rotation: %+v %v", v, err)
	}
	if v, err := h.c.CitizenLookup(d.Code, newKey); err != nil || !v.Keyed {
		t.Fatalf("new key: %+v %v", v, err)
	}
	c := h.browser()
	if st, page := get(t, c, oldURL); st != 200 || strings.Contains(page, "Quá trình xử lý") {
		t.Fatalf("old address opens the timeline (%d)", st)
	}
	if st, page := get(t, c, newURL); st != 200 || !strings.Contains(page, "Quá trình xử lý") {
		t.Fatalf("new address (%d) lacks the timeline:\n%s", st, page)
	}
	other := h.terminal("Lê Thị Cúc")
	other.sync(t)
	got, err := other.st.Get(d.ID)
	if err != nil || got.KeyHash != motcua.HashLookupKey(newKey) {
		t.Fatalf("second terminal's key hash %q, %v", got.KeyHash, err)
	}
	// A stale rotation (made from the old hash) conflicts instead of
	// silently replacing the newer key.
	next, res := motcua.Apply(&got, staleRekey(t, d.ID, motcua.HashLookupKey(oldKey)))
	if res.Status != motcua.Conflicted || next.KeyHash != got.KeyHash {
		t.Fatalf("stale rotation: %s, hash %q", res.Status, next.KeyHash)
	}
}

func staleRekey(t *testing.T, id, oldHash string) motcua.Op {
	op, err := motcua.NewOp(motcua.OpSetField, id, motcua.SetFieldArgs{Field: motcua.FieldKeyHash, Old: oldHash,
		New: motcua.HashLookupKey(motcua.NewLookupKey())})
	if err != nil {
		t.Fatal(err)
	}
	op.ID, op.ClientTime, op.Role, op.Officer, op.Terminal = motcua.NewID(time.Now()), time.Now(), motcua.RoleCounter, "x", "t"
	return op
}
