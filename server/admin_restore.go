package server

import (
	"net/http"

	"github.com/motcua/motcua"
)

// RestoreAdmin is the restore hold the admin sees and ends (central.Store
// has it; a backend without it has no hold). The hold itself is opened
// only by `motcua-server restore`, with the server stopped.
type RestoreAdmin interface {
	RestoreState() (motcua.RestoreState, error)
	EndRestoreHold() (motcua.RestoreState, error)
}

func (s *Server) restoreAdmin(w http.ResponseWriter, r *http.Request) (RestoreAdmin, bool) {
	ra, ok := s.b.(RestoreAdmin)
	if !ok {
		writeError(w, r, motcua.Errorf(motcua.ENOTFOUND, motcua.ErrNotFound, "",
			"Kho dữ liệu này không có chế độ giữ sau khôi phục.", "This storage has no restore hold."))
	}
	return ra, ok
}

// adminRestoreState is GET /admin/restore.
func (s *Server) adminRestoreState(w http.ResponseWriter, r *http.Request) {
	ra, ok := s.restoreAdmin(w, r)
	if !ok {
		return
	}
	st, err := ra.RestoreState()
	if err != nil {
		s.domainError(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, st)
}

// adminEndRestoreHold is POST /admin/restore/end.
func (s *Server) adminEndRestoreHold(w http.ResponseWriter, r *http.Request) {
	ra, ok := s.restoreAdmin(w, r)
	if !ok {
		return
	}
	st, err := ra.EndRestoreHold()
	if err != nil {
		s.domainError(w, r, err)
		return
	}
	s.log.Warn("restore hold ended by the admin: ops on records the server lacks are decided again")
	writeJSON(w, r, http.StatusOK, st)
}

// restoreHoldUntil is the end of the open hold in Unix seconds, 0 when none
// (or the backend has none), for /metrics.
func (s *Server) restoreHoldUntil() int64 {
	ra, ok := s.b.(RestoreAdmin)
	if !ok {
		return 0
	}
	st, err := ra.RestoreState()
	if err != nil || st.HoldUntil.IsZero() {
		return 0
	}
	return st.HoldUntil.Unix()
}
