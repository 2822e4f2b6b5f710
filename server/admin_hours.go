package server

import (
	"net/http"

	"github.com/motcua/motcua"
)

// adminUnitHours is PUT /admin/units/{code}/hours: a unit's own office hours
// and Saturday reception, pulled by that unit's terminals.
func (s *Server) adminUnitHours(w http.ResponseWriter, r *http.Request) {
	var h motcua.OfficeHours
	if err := readBody(w, r, 16<<10, 64<<10, &h); err != nil {
		badRequest(w, r, err)
		return
	}
	u, err := s.b.SetUnitHours(r.PathValue("code"), h)
	if err != nil {
		s.domainError(w, r, err)
		return
	}
	s.log.Info("unit hours set", "unit", u.Code)
	writeJSON(w, r, http.StatusOK, u)
}
