package server

import (
	"net/http"

	"github.com/motcua/motcua"
)

// ZaloAdmin is what `motcua-server zalo set|status|off` does while the
// server runs (the secrets are files the command writes itself; these
// carry no secret).
type ZaloAdmin interface {
	SetZaloSettings(motcua.ZaloSettings) error
	ZaloOff() error
	ZaloStatus() (motcua.ZaloStatus, error)
}

func (s *Server) zaloAdmin(w http.ResponseWriter, r *http.Request) (ZaloAdmin, bool) {
	z, ok := s.b.(ZaloAdmin)
	if !ok {
		http.NotFound(w, r)
	}
	return z, ok
}

// adminZaloStatus is GET /admin/zalo.
func (s *Server) adminZaloStatus(w http.ResponseWriter, r *http.Request) {
	z, ok := s.zaloAdmin(w, r)
	if !ok {
		return
	}
	st, err := z.ZaloStatus()
	if err != nil {
		s.domainError(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, st)
}

// adminZaloSet is PUT /admin/zalo.
func (s *Server) adminZaloSet(w http.ResponseWriter, r *http.Request) {
	z, ok := s.zaloAdmin(w, r)
	if !ok {
		return
	}
	var req motcua.ZaloSettings
	if err := readBody(w, r, 16<<10, 64<<10, &req); err != nil {
		badRequest(w, r, err)
		return
	}
	if err := z.SetZaloSettings(req); err != nil {
		s.domainError(w, r, err)
		return
	}
	s.log.Info("zalo channel set", "oa_id", req.OAID)
	s.adminZaloStatus(w, r)
}

// adminZaloOff is DELETE /admin/zalo.
func (s *Server) adminZaloOff(w http.ResponseWriter, r *http.Request) {
	z, ok := s.zaloAdmin(w, r)
	if !ok {
		return
	}
	if err := z.ZaloOff(); err != nil {
		s.domainError(w, r, err)
		return
	}
	s.log.Info("zalo channel off")
	s.adminZaloStatus(w, r)
}
