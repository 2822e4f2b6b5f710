package central

import (
	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/kv"
)

// AddPublicRating records a citizen's rating of a returned dossier made on
// the public page, with the dossier's lookup key. It is decided by
// motcua.Apply like a counter's rating (only a returned dossier can be
// rated; a new rating with the key replaces the citizen's own within
// RatingChangeWindow), and the unit's terminals receive it at their next pull.
func (c *Store) AddPublicRating(pr motcua.PublicRating) (motcua.Result, error) {
	code, err := motcua.ParseCode(pr.Code)
	if err != nil {
		return motcua.Result{}, err
	}
	now := c.Now()
	op, err := motcua.NewOp(motcua.OpRate, "", pr.RateArgs())
	if err != nil {
		return motcua.Result{}, err
	}
	op.ID, op.ClientTime, op.Role = motcua.NewID(now), now, motcua.RoleServer
	var res motcua.Result
	err = c.db.Update(func(tx kv.Tx) error {
		d, err := keyedDossier(tx, code.String(), pr.Key)
		if err != nil {
			return err
		}
		op.DossierID = d.ID
		next, r := motcua.Apply(d, op)
		res = r
		switch r.Status {
		case motcua.Rejected:
			return &motcua.Error{Code: motcua.EINVALID, Reason: r.Reason, VI: r.MessageVI, EN: r.MessageEN}
		case motcua.Superseded:
			return motcua.Errorf(motcua.ECONFLICT, "already_rated", "code",
				"Hồ sơ %s đã được đánh giá; cảm ơn ông/bà.", "Dossier %s has already been rated; thank you.", code)
		}
		return putDossier(tx, d, &next)
	})
	return res, err
}
