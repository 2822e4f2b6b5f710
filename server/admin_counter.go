package server

import (
	"net/http"
	"time"

	"github.com/motcua/motcua"
)

// adminUnitCounterRecords is GET /admin/units/{code}/counter-records
// [?from=yyyy-mm-dd&to=yyyy-mm-dd]: a unit's guidance (Mẫu 02) and refusals
// (Mẫu 03) given at the counter, which motcua-server report counts beside
// the dossiers while the server runs.
func (s *Server) adminUnitCounterRecords(w http.ResponseWriter, r *http.Request) {
	var bounds [2]time.Time
	for i, name := range []string{"from", "to"} {
		v := r.URL.Query().Get(name)
		if v == "" {
			continue
		}
		d, err := time.ParseInLocation(time.DateOnly, v, motcua.VNZone)
		if err != nil {
			s.domainError(w, r, motcua.Errorf(motcua.EINVALID, "bad_date", name,
				"%s phải có dạng yyyy-mm-dd.", "%s must read yyyy-mm-dd.", name))
			return
		}
		bounds[i] = d
	}
	rs, err := s.b.CounterRecords(r.PathValue("code"), bounds[0], bounds[1])
	if err != nil {
		s.domainError(w, r, err)
		return
	}
	if rs == nil {
		rs = []motcua.CounterRecord{}
	}
	writeJSON(w, r, http.StatusOK, rs)
}
