package server

import (
	"net/http"

	"github.com/motcua/motcua"
)

// The admin's settings of the citizen's pages (docs/DESIGN.md §10): the
// public address printed in QR codes, and each unit's public contacts.

// PublicAdmin is what the operator sets for the public pages.
type PublicAdmin interface {
	SetPublicURL(string) (string, error)
	SetUnitContact(code string, p motcua.PublicInfo) (motcua.Unit, error)
	// HeldQuestions lists the public questions held for review (a burst
	// beyond a unit's hourly cap), of a unit or of all ("").
	HeldQuestions(unit string) ([]motcua.Question, error)
	// ReleaseHeld delivers a held question to its unit, or with drop
	// discards it as spam.
	ReleaseHeld(id string, drop bool) error
}

// ReleaseRequest is POST /admin/questions/held/{id}/release: drop discards
// the question instead of delivering it.
type ReleaseRequest struct {
	Drop bool `json:"drop"`
}

// PublicURLRequest is PUT /admin/public-url.
type PublicURLRequest struct {
	URL string `json:"url"`
}

func (s *Server) adminPublicURL(w http.ResponseWriter, r *http.Request) {
	var req PublicURLRequest
	if err := readBody(w, r, 16<<10, 64<<10, &req); err != nil {
		badRequest(w, r, err)
		return
	}
	u, err := s.b.SetPublicURL(req.URL)
	if err != nil {
		s.domainError(w, r, err)
		return
	}
	s.log.Info("public address set")
	writeJSON(w, r, http.StatusOK, PublicURLRequest{URL: u})
}

// adminUnitContact is PUT /admin/units/{code}/contact.
func (s *Server) adminUnitContact(w http.ResponseWriter, r *http.Request) {
	var req motcua.PublicInfo
	if err := readBody(w, r, 16<<10, 64<<10, &req); err != nil {
		badRequest(w, r, err)
		return
	}
	u, err := s.b.SetUnitContact(r.PathValue("code"), req)
	if err != nil {
		s.domainError(w, r, err)
		return
	}
	s.log.Info("unit contact set", "unit", u.Code)
	writeJSON(w, r, http.StatusOK, u)
}

// adminHeldQuestions is GET /admin/questions/held[?unit=CODE].
func (s *Server) adminHeldQuestions(w http.ResponseWriter, r *http.Request) {
	qs, err := s.b.HeldQuestions(r.URL.Query().Get("unit"))
	if err != nil {
		s.domainError(w, r, err)
		return
	}
	if qs == nil {
		qs = []motcua.Question{}
	}
	writeJSON(w, r, http.StatusOK, qs)
}

// adminReleaseHeld is POST /admin/questions/held/{id}/release.
func (s *Server) adminReleaseHeld(w http.ResponseWriter, r *http.Request) {
	var req ReleaseRequest
	if err := readBody(w, r, 16<<10, 64<<10, &req); err != nil {
		badRequest(w, r, err)
		return
	}
	id := r.PathValue("id")
	if err := s.b.ReleaseHeld(id, req.Drop); err != nil {
		s.domainError(w, r, err)
		return
	}
	s.log.Info("held question reviewed", "dropped", req.Drop)
	writeJSON(w, r, http.StatusOK, map[string]any{"id": id, "dropped": req.Drop})
}
