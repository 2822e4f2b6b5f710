package central

import (
	"github.com/motcua/motcua"
	bolt "go.etcd.io/bbolt"
)

// AddPublicRating records a citizen's rating of a returned dossier made on
// the public page. It is decided by motcua.Apply like a counter's rating (a
// dossier is rated once; only a returned one can be), and the unit's
// terminals receive it at their next pull.
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
	err = c.db.Update(func(tx *bolt.Tx) error {
		id := tx.Bucket(bCodes).Get([]byte(code.String()))
		if id == nil {
			return motcua.Errorf(motcua.ENOTFOUND, "code_not_found", "code", "Không tìm thấy hồ sơ mã %s.", "No dossier with code %s.", code)
		}
		d, err := getDossier(tx, string(id))
		if err != nil || d == nil {
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
