package ui

import (
	"testing"

	"github.com/motcua/motcua"
)

// The counter's rating dialog offers the five answers (after "not chosen"),
// and the dossier then reads the chosen ones; a rating made on the
// three-level scale (an older terminal's op) is marked as such.
func TestRateOnFiveLevels(t *testing.T) {
	m, _, _ := seededModel(t, 80, 24)
	m = openDossier(t, m, "vo thi hong")
	m = press(t, m, "k", keyEnter) // Đã có kết quả
	m = press(t, m, "t")           // Trả kết quả
	m = press(t, m, keyTab, keyRight, keyCtrlS)
	if d := detailOf(t, m); !d.open || d.dialog.act.kind != actRate {
		t.Fatal("the rating was not offered after the return")
	}
	// Indicator 8: three steps right = Bình thường; indicator 9: five = Rất
	// không hài lòng.
	m = press(t, m, keyRight, keyRight, keyRight, keyTab, keyRight, keyRight, keyRight, keyRight, keyRight, keyCtrlS)
	d := detailOf(t, m)
	if d.open || d.d.Rating == nil || d.d.Rating.Convenience != motcua.Neutral || d.d.Rating.Overall != motcua.VeryDissatisfied || d.d.Rating.Levels() != 5 {
		t.Fatalf("rating %+v\n%s", d.d.Rating, screenText(m))
	}
	mustContain(t, m, "Thuận tiện: Bình thường · Hài lòng chung: Rất không hài lòng")
	mustNotContain(t, m, "(3 mức)")

	// A three-level rating, as an older terminal queued it (no scale).
	m2, st2, _ := seededModel(t, 80, 24)
	m2 = openDossier(t, m2, "vo thi hong")
	m2 = press(t, m2, "k", keyEnter, "t", keyTab, keyRight, keyCtrlS, keyEsc)
	id := detailOf(t, m2).d.ID
	if _, err := st2.Do(motcua.Action{Kind: motcua.OpRate, DossierID: id, Args: motcua.RateArgs{Convenience: motcua.Satisfied, Overall: motcua.Dissatisfied}}); err != nil {
		t.Fatal(err)
	}
	m2 = press(t, m2, keyEsc)
	m2 = openDossier(t, m2, "vo thi hong")
	mustContain(t, m2, "Hài lòng chung: Không hài lòng (3 mức)")
}
