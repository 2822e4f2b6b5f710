package motcua

// PublicRating is a citizen's satisfaction rating sent from the public page
// (POST /v1/public/ratings), for a dossier whose result was handed over.
type PublicRating struct {
	Code        string       `json:"code"` // the tracking code, with or without its check digit
	Convenience Satisfaction `json:"convenience"`
	Overall     Satisfaction `json:"overall"`
	Scores      []int        `json:"scores,omitempty"` // indicators 1–7, 2/1/0, when answered
	Comment     string       `json:"comment,omitempty"`
	// Key is the dossier's lookup key, printed on the receipt: without it a
	// rating is refused, so a code alone cannot rate (docs/DESIGN.md §10).
	Key string `json:"key"`
}

// RateArgs turns the public form into the op's arguments.
func (p PublicRating) RateArgs() RateArgs {
	return RateArgs{Convenience: p.Convenience, Overall: p.Overall, Scores: p.Scores, Comment: p.Comment, Channel: "public", Scale: 5}
}
