package motcua

import (
	"encoding/json"
	"os"
	"testing"
	"time"
)

func TestSatisfactionFiveLevels(t *testing.T) {
	wantThree := []Satisfaction{VerySatisfied, Satisfied, Dissatisfied, Dissatisfied, Dissatisfied}
	wantScore := []int{2, 1, 0, 0, 0}
	for i, s := range Satisfactions {
		if !s.Valid() || s.Level() != 5-i || s.ThreeLevel() != wantThree[i] || s.Score() != wantScore[i] {
			t.Errorf("%s: valid %v level %d three %s score %d", s, s.Valid(), s.Level(), s.ThreeLevel(), s.Score())
		}
		if s.Label(VI) == "" || s.Label(EN) == "" || s.Label(VI) == s.Label(EN) {
			t.Errorf("%s: labels %q %q", s, s.Label(VI), s.Label(EN))
		}
		if s.Satisfied() != (i < 2) {
			t.Errorf("%s: satisfied %v", s, s.Satisfied())
		}
	}
	for _, bad := range []Satisfaction{"", "5", "Rất hài lòng", "rat_hai_long "} {
		if bad.Valid() || bad.Level() != 0 || bad.ThreeLevel() != "" {
			t.Errorf("%q accepted", bad)
		}
	}
	if Dissatisfied.ThreeLevelLabel(EN) != "Not satisfied" || Dissatisfied.ThreeLevelLabel(VI) != "Không hài lòng" {
		t.Errorf("three-level label %q", Dissatisfied.ThreeLevelLabel(EN))
	}
}

func returnedDossier(t *testing.T) Dossier {
	t.Helper()
	d := received(t)
	for _, a := range []TransitionArgs{{From: 2, To: 4}, {From: 4, To: 9}, {From: 9, To: 10, Recipient: "Ánh", Method: ReturnCounter}} {
		var res Result
		if d, res = Apply(&d, mustOp(t, OpTransition, d.ID, a)); res.Status != Applied {
			t.Fatalf("%+v: %+v", a, res)
		}
	}
	return d
}

func TestApplyRateScale(t *testing.T) {
	d := returnedDossier(t)
	// An older terminal's queued op (no scale) may only use the three answers.
	if _, res := Apply(&d, mustOp(t, OpRate, d.ID, RateArgs{Convenience: Neutral, Overall: Satisfied})); res.Reason != "rating_scale" {
		t.Fatalf("neutral on the three-level scale: %+v", res)
	}
	old, res := Apply(&d, mustOp(t, OpRate, d.ID, RateArgs{Convenience: Dissatisfied, Overall: Satisfied}))
	if res.Status != Applied || old.Rating.Levels() != 3 || old.Rating.Scores[7] != 0 || old.Rating.Scores[8] != 1 {
		t.Fatalf("three-level op: %+v %+v", res, old.Rating)
	}
	for _, s := range Satisfactions {
		got, res := Apply(&d, mustOp(t, OpRate, d.ID, RateArgs{Convenience: s, Overall: s, Scale: 5}))
		if res.Status != Applied || got.Rating.Overall != s || got.Rating.Levels() != 5 || got.Rating.Scores[8] != s.Score() {
			t.Fatalf("%s: %+v %+v", s, res, got.Rating)
		}
	}
	if _, res := Apply(&d, mustOp(t, OpRate, d.ID, RateArgs{Convenience: Neutral, Overall: Neutral, Scale: 4})); res.Reason != "rating_scale" {
		t.Fatalf("scale 4: %+v", res)
	}
}

// Ratings stored by the version that offered three levels read, count and
// can be replaced as before (testdata/ratings-three-level.json holds
// dossiers as that version encoded them).
func TestThreeLevelRatingsStillCount(t *testing.T) {
	b, err := os.ReadFile("testdata/ratings-three-level.json")
	if err != nil {
		t.Fatal(err)
	}
	var ds []Dossier
	if err := json.Unmarshal(b, &ds); err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if r := d.Rating; r == nil || !r.Overall.Valid() || !r.Convenience.Valid() || r.Levels() != 3 {
			t.Fatalf("%s: %+v", d.Code, d.Rating)
		}
	}
	res := ResultsOf(ds, time.Time{}, time.Time{})
	if res.Rated != 3 || res.Satisfaction[VerySatisfied] != 1 || res.Satisfaction[Satisfied] != 1 || res.Satisfaction[Dissatisfied] != 1 {
		t.Fatalf("counts %+v", res)
	}
	if res.SatisfiedShare() != 2.0/3 {
		t.Fatalf("satisfied share %v", res.SatisfiedShare())
	}
	three := ThreeLevelCounts(res.Satisfaction)
	if three[VerySatisfied] != 1 || three[Satisfied] != 1 || three[Dissatisfied] != 1 || len(three) != 3 {
		t.Fatalf("three-level %v", three)
	}
	// The citizen's public rating, stored in three levels, is replaced by a
	// five-level one within the week; the counter's rating stays.
	pub := ds[1]
	op := mustOp(t, OpRate, pub.ID, PublicRating{Convenience: Neutral, Overall: VeryDissatisfied}.RateArgs())
	op.ClientTime = pub.Rating.FirstAt.Add(48 * time.Hour)
	next, r := Apply(&pub, op)
	if r.Status != Applied || next.Rating.Overall != VeryDissatisfied || next.Rating.Levels() != 5 || !next.Rating.FirstAt.Equal(pub.Rating.FirstAt) {
		t.Fatalf("replace: %+v %+v", r, next.Rating)
	}
	if _, r := Apply(&ds[0], mustOp(t, OpRate, ds[0].ID, PublicRating{Convenience: Neutral, Overall: Neutral}.RateArgs())); r.Status != Superseded {
		t.Fatalf("counter rating replaced: %+v", r)
	}
}
