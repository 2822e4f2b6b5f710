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

// adminUnitDossiers is GET /admin/units/{code}/dossiers: every dossier of
// a unit, so motcua-server report tallies a period while the server runs
// (the server holds the data file; the report is drawn by the command).
func (s *Server) adminUnitDossiers(w http.ResponseWriter, r *http.Request) {
	ds, err := s.b.Dossiers(r.PathValue("code"))
	if err != nil {
		s.domainError(w, r, err)
		return
	}
	if ds == nil {
		ds = []motcua.Dossier{}
	}
	writeJSON(w, r, http.StatusOK, ds)
}
