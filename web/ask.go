package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/motcua/motcua"
)

func asError(err error, target **motcua.Error) bool { return errors.As(err, target) }

// askUnitForm is /hoi-dap: a question to a unit, answered by phone or Zalo.
func (s *Site) askUnitForm(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(r, "ask_h1")
	units, err := s.b.Units()
	if err != nil {
		s.oops(w, r)
		return
	}
	p.Units, p.CSRF = units, csrfToken(w, r)
	p.Form.Set("unit", r.URL.Query().Get("don-vi"))
	s.render(w, r, "ask", p)
}

func (s *Site) askUnit(w http.ResponseWriter, r *http.Request) {
	if !s.formOK(w, r) || !s.limited(w, r, s.questionAddr, s.o.ClientIP(r)) {
		return
	}
	p := s.newPage(r, "ask_h1")
	f := r.PostForm
	for field, msg := range map[string]string{"unit": "err_unit", "name": "err_name", "contact": "err_contact", "text": "err_text"} {
		if strings.TrimSpace(f.Get(field)) == "" {
			p.Errors = append(p.Errors, fieldError{field, tr(p.Lang, msg)})
		}
	}
	sortErrors(p.Errors, "unit", "name", "contact", "text")
	var rec motcua.QuestionReceipt
	if len(p.Errors) == 0 {
		var err error
		rec, err = s.b.AddPublicQuestion(motcua.PublicQuestion{Unit: f.Get("unit"), Name: f.Get("name"), Contact: f.Get("contact"), Text: f.Get("text")})
		p.Errors = formErrors(err, p.Lang)
		if err != nil && len(p.Errors) == 0 {
			s.oops(w, r)
			return
		}
	}
	if len(p.Errors) > 0 {
		units, err := s.b.Units()
		if err != nil {
			s.oops(w, r)
			return
		}
		p.Units, p.Form, p.CSRF, p.Status = units, f, csrfToken(w, r), http.StatusBadRequest
		s.render(w, r, "ask", p)
		return
	}
	p.Title, p.Message = tr(p.Lang, "ask_sent_h"), tr(p.Lang, "thanks_q")
	if rec.Held {
		p.Message = tr(p.Lang, "thanks_q_held")
	}
	s.render(w, r, "message", p)
}

// sortErrors puts the summary in the order of the fields on the page.
func sortErrors(errs []fieldError, order ...string) {
	rank := map[string]int{}
	for i, f := range order {
		rank[f] = i
	}
	for i := 1; i < len(errs); i++ {
		for j := i; j > 0 && rank[errs[j].Field] < rank[errs[j-1].Field]; j-- {
			errs[j], errs[j-1] = errs[j-1], errs[j]
		}
	}
}
