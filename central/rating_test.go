package central

import (
	"testing"

	"github.com/motcua/motcua"
)

func TestPublicRatingReachesTheTerminal(t *testing.T) {
	c, _ := mustCentral(t)
	s, _ := withTerminal(t, c, motcua.RoleCounter)
	d := mustReceive(t, s, "Nguyễn Thị Ánh").Dossier
	pump(t, s, c, 10)
	rate := motcua.PublicRating{Code: d.Code, Convenience: motcua.VerySatisfied, Overall: motcua.Satisfied, Comment: "Nhanh"}
	if _, err := c.AddPublicRating(rate); motcua.ErrorReason(err) != "rate_not_returned" {
		t.Fatalf("rating before the return: %v", err)
	}
	for _, a := range []motcua.TransitionArgs{{To: 4}, {To: 9}, {To: 10, Recipient: "Nguyễn Thị Ánh", Method: motcua.ReturnCounter}} {
		if _, err := s.Transition(d.ID, a); err != nil {
			t.Fatal(err)
		}
	}
	pump(t, s, c, 10)
	code, _ := motcua.ParseCode(d.Code)
	rate.Code = code.WithCheck()
	if res, err := c.AddPublicRating(rate); err != nil || res.Status != motcua.Applied {
		t.Fatalf("rating: %+v %v", res, err)
	}
	if _, err := c.AddPublicRating(rate); motcua.ErrorCode(err) != motcua.ECONFLICT {
		t.Fatalf("second rating: %v", err)
	}
	if _, err := c.AddPublicRating(motcua.PublicRating{Code: "000.00.06.H56-231027-0001", Convenience: motcua.Satisfied, Overall: motcua.Satisfied}); motcua.ErrorCode(err) != motcua.ENOTFOUND {
		t.Fatalf("unknown code: %v", err)
	}
	pump(t, s, c, 10)
	got, err := s.Get(d.ID)
	if err != nil || got.Rating == nil || got.Rating.Channel != "public" || got.Rating.Overall != motcua.Satisfied {
		t.Fatalf("terminal copy: %+v %v", got.Rating, err)
	}
}
