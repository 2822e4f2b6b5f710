package central

import (
	"testing"

	"github.com/motcua/motcua"
)

// Authenticate answers alike on both engines: the terminal for its token,
// EUNAUTHORIZED for a wrong or empty token, EFORBIDDEN (with the terminal)
// once revoked. On PostgreSQL it reads the token and the terminal in one
// round trip (every API request authenticates; a read transaction cost
// four, queued for the pool behind the pulls).
func TestAuthenticateAnswers(t *testing.T) {
	c, _ := mustCentral(t)
	a, b := enrollFor(t, c), enrollFor(t, c)
	trips := func() uint64 {
		if c.pg == nil {
			return 0
		}
		return c.pg.RoundTrips()
	}
	before := trips()
	rec, err := c.Authenticate(a.r.Token)
	if err != nil || rec.ID != a.r.TerminalID || rec.Unit != testUnit {
		t.Fatalf("authenticate: %+v %v", rec, err)
	}
	if n := trips() - before; c.pg != nil && n != 1 {
		t.Errorf("authenticate took %d round trips, want 1", n)
	}
	for _, token := range []string{"", "wrong", b.r.Token + "x"} {
		if _, err := c.Authenticate(token); motcua.ErrorCode(err) != motcua.EUNAUTHORIZED {
			t.Errorf("token %q: %v", token, err)
		}
	}
	if _, err := c.Revoke(b.r.TerminalID); err != nil {
		t.Fatal(err)
	}
	rec, err = c.Authenticate(b.r.Token)
	if motcua.ErrorCode(err) != motcua.EFORBIDDEN || motcua.ErrorReason(err) != "revoked" || rec.ID != b.r.TerminalID {
		t.Fatalf("revoked: %+v %v", rec, err)
	}
	if rec, err := c.Authenticate(a.r.Token); err != nil || rec.ID != a.r.TerminalID {
		t.Fatalf("the other terminal after a revocation: %+v %v", rec, err)
	}
}
