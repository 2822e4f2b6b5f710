package central

import (
	"testing"
	"time"

	"github.com/motcua/motcua"
)

func TestPublicRatingReachesTheTerminal(t *testing.T) {
	c, _ := mustCentral(t)
	s, _ := withTerminal(t, c, motcua.RoleCounter)
	d := mustReceive(t, s, "Nguyễn Thị Ánh").Dossier
	pump(t, s, c, 10)
	key, err := s.LookupKey(d.ID)
	if err != nil || key == "" {
		t.Fatalf("the terminal kept no key: %q %v", key, err)
	}
	rate := motcua.PublicRating{Code: d.Code, Key: key, Convenience: motcua.VerySatisfied, Overall: motcua.Satisfied, Comment: "Nhanh"}
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
	// The flaw of the issue: anyone with the code could rate, and the
	// first rating won. Without the key (or with a wrong one) it is refused.
	for _, k := range []string{"", motcua.NewLookupKey()} {
		bad := rate
		bad.Key, bad.Overall = k, motcua.Dissatisfied
		if _, err := c.AddPublicRating(bad); motcua.ErrorReason(err) != "key_required" {
			t.Fatalf("rating with key %q: %v", k, err)
		}
	}
	// An answer off the five-level scale is refused with the rule.
	bad := rate
	bad.Overall = "tot"
	if _, err := c.AddPublicRating(bad); motcua.ErrorReason(err) != "rating_answer" {
		t.Fatalf("answer off the scale: %v", err)
	}
	// The citizen changes their mind within the week: the new one replaces it.
	rate.Convenience, rate.Overall = motcua.Neutral, motcua.VerySatisfied
	if res, err := c.AddPublicRating(rate); err != nil || res.Status != motcua.Applied {
		t.Fatalf("second rating within the week: %+v %v", res, err)
	}
	later := c.Now().Add(motcua.RatingChangeWindow + time.Hour)
	c.Now = func() time.Time { return later }
	rate.Overall = motcua.Dissatisfied
	if _, err := c.AddPublicRating(rate); motcua.ErrorCode(err) != motcua.ECONFLICT {
		t.Fatalf("rating after the week: %v", err)
	}
	if _, err := c.AddPublicRating(motcua.PublicRating{Code: "000.00.06.H56-231027-0001", Key: key, Convenience: motcua.Satisfied, Overall: motcua.Satisfied}); motcua.ErrorReason(err) != "key_required" {
		t.Fatalf("unknown code: %v", err)
	}
	pump(t, s, c, 10)
	got, err := s.Get(d.ID)
	if err != nil || got.Rating == nil || got.Rating.Channel != "public" || got.Rating.Overall != motcua.VerySatisfied ||
		got.Rating.Convenience != motcua.Neutral || got.Rating.Levels() != 5 {
		t.Fatalf("terminal copy: %+v %v", got.Rating, err)
	}
}
