package paper

import "github.com/motcua/motcua"

// SatisfiedShare is the share of the ratings whose overall answer was
// satisfied or very satisfied (0 when none was rated).
func (c Counts) SatisfiedShare() float64 { return motcua.SatisfiedShare(c.Satisfaction, c.Rated) }

// notSatisfied counts the overall answers that Thông tư 01/2018's three
// levels call "Không hài lòng": neutral, dissatisfied and very dissatisfied
// (and the "Không hài lòng" of ratings stored on the three-level scale).
func (c Counts) notSatisfied() int {
	return motcua.ThreeLevelCounts(c.Satisfaction)[motcua.Dissatisfied]
}

// satisfactionLines are the report's rating rows: the five answers, the
// three-level grouping the reports after Thông tư 01/2018 need (its "Rất hài
// lòng" and "Hài lòng" are the five-level rows of the same name), and the
// satisfied share.
func satisfactionLines() []reportLine {
	var out []reportLine
	for _, s := range motcua.Satisfactions {
		out = append(out, satisfactionLine(s))
	}
	return append(out,
		reportLine{"Không hài lòng theo TT 01 (mức 1–3)", "Not satisfied, TT 01 (levels 1–3)", true, n(Counts.notSatisfied), false},
		reportLine{"Tỷ lệ hài lòng (hài lòng, rất hài lòng)", "Share satisfied (satisfied, very satisfied)", false, Counts.SatisfiedShare, true})
}
