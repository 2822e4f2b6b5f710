package server

import (
	"net/http"
	"path/filepath"

	"github.com/motcua/motcua"
)

// AddUnitRequest is POST /admin/units.
type AddUnitRequest struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Parent string `json:"parent,omitempty"`
}

// BackupRequest is POST /admin/backup: where the server writes the copy.
type BackupRequest struct {
	Path string `json:"path"`
}

// EnrollmentRequest is POST /admin/enrollments.
type EnrollmentRequest struct {
	Unit string      `json:"unit"`
	Role motcua.Role `json:"role"`
}

func (s *Server) adminUnits(w http.ResponseWriter, r *http.Request) {
	us, err := s.b.Units()
	if err != nil {
		s.domainError(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, us)
}

func (s *Server) adminAddUnit(w http.ResponseWriter, r *http.Request) {
	var req AddUnitRequest
	if err := readBody(w, r, 16<<10, 64<<10, &req); err != nil {
		badRequest(w, r, err)
		return
	}
	u, err := s.b.AddUnit(req.Code, req.Name, req.Parent)
	if err != nil {
		s.domainError(w, r, err)
		return
	}
	s.log.Info("unit added", "unit", u.Code)
	writeJSON(w, r, http.StatusOK, u)
}

func (s *Server) adminEnroll(w http.ResponseWriter, r *http.Request) {
	var req EnrollmentRequest
	if err := readBody(w, r, 16<<10, 64<<10, &req); err != nil {
		badRequest(w, r, err)
		return
	}
	e, err := s.b.CreateEnrollment(req.Unit, req.Role)
	if err != nil {
		s.domainError(w, r, err)
		return
	}
	s.log.Info("enrollment code created", "unit", e.Unit, "role", string(e.Role), "expires_at", e.ExpiresAt)
	writeJSON(w, r, http.StatusOK, e)
}

func (s *Server) adminTerminals(w http.ResponseWriter, r *http.Request) {
	ts, err := s.b.Terminals()
	if err != nil {
		s.domainError(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, ts)
}

func (s *Server) adminRevoke(w http.ResponseWriter, r *http.Request) {
	t, err := s.b.Revoke(r.PathValue("id"))
	if err != nil {
		s.domainError(w, r, err)
		return
	}
	s.log.Warn("terminal revoked", "terminal", t.ID)
	writeJSON(w, r, http.StatusOK, t)
}

func (s *Server) adminRelease(w http.ResponseWriter, r *http.Request) {
	t, err := s.b.Release(r.PathValue("id"))
	if err != nil {
		s.domainError(w, r, err)
		return
	}
	s.log.Warn("terminal released from quarantine", "terminal", t.ID)
	writeJSON(w, r, http.StatusOK, t)
}

func (s *Server) adminCatalog(w http.ResponseWriter, r *http.Request) {
	var procs []motcua.Procedure
	if err := readBody(w, r, 4<<20, 16<<20, &procs); err != nil {
		badRequest(w, r, err)
		return
	}
	if err := s.b.SetCatalog(procs); err != nil {
		s.domainError(w, r, err)
		return
	}
	s.log.Info("catalog replaced", "procedures", len(procs))
	writeJSON(w, r, http.StatusOK, map[string]int{"procedures": len(procs)})
}

func (s *Server) adminCalendar(w http.ResponseWriter, r *http.Request) {
	var cal motcua.Calendar
	if err := readBody(w, r, 1<<20, 4<<20, &cal); err != nil {
		badRequest(w, r, err)
		return
	}
	if err := s.b.SetCalendar(cal); err != nil {
		s.domainError(w, r, err)
		return
	}
	s.log.Info("calendar replaced", "overrides", len(cal.Overrides))
	writeJSON(w, r, http.StatusOK, map[string]int{"overrides": len(cal.Overrides)})
}

// adminBackup writes a hot copy where the operator asked. The socket is
// reachable only by the data's owner, who could copy the file anyway.
func (s *Server) adminBackup(w http.ResponseWriter, r *http.Request) {
	var req BackupRequest
	if err := readBody(w, r, 16<<10, 64<<10, &req); err != nil {
		badRequest(w, r, err)
		return
	}
	if !filepath.IsAbs(req.Path) {
		writeError(w, r, motcua.Errorf(motcua.EINVALID, motcua.ErrBadRequest, "",
			"Đường dẫn tệp sao lưu phải là đường dẫn đầy đủ.", "The backup path must be absolute."))
		return
	}
	if err := s.b.Backup(req.Path); err != nil {
		s.domainError(w, r, err)
		return
	}
	s.log.Info("backup written on demand", "file", req.Path)
	writeJSON(w, r, http.StatusOK, map[string]string{"status": "written"})
}
