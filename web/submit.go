package web

import (
	"net/http"
	"strings"

	"github.com/motcua/motcua"
)

// submitStart is /nop-ho-so: choose the unit, then find the procedure by
// its name typed with or without accents (the catalog's own search).
func (s *Site) submitStart(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(r, "submit_h1")
	units, err := s.b.Units()
	if err != nil {
		s.oops(w, r)
		return
	}
	p.Units = units
	q := r.URL.Query()
	code := q.Get("don-vi")
	if code == "" && len(units) == 1 {
		code = units[0].Code
	}
	if code == "" {
		s.render(w, r, "submit_unit", p)
		return
	}
	if p.Unit, err = s.b.Unit(code); err != nil {
		p.Errors = []fieldError{{"don-vi", tr(p.Lang, "err_unit")}}
		p.Status = http.StatusBadRequest
		s.render(w, r, "submit_unit", p)
		return
	}
	procs, err := s.b.Procedures()
	if err != nil {
		s.oops(w, r)
		return
	}
	cat, err := motcua.NewCatalog(procs)
	if err != nil {
		s.oops(w, r)
		return
	}
	p.Query = strings.TrimSpace(q.Get("q"))
	if p.Query != "" {
		p.Procs = cat.Search(p.Query)
		if len(p.Procs) > 20 {
			p.Procs = p.Procs[:20]
		}
	}
	s.render(w, r, "submit_search", p)
}

// submitForm shows the documents to bring, the fee and the applicant form.
func (s *Site) submitForm(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(r, "submit_h1")
	if !s.loadProcedure(w, r, &p) {
		return
	}
	p.CSRF = csrfToken(w, r)
	s.render(w, r, "submit_form", p)
}

func (s *Site) loadProcedure(w http.ResponseWriter, r *http.Request, p *page) bool {
	var err error
	if p.Unit, err = s.b.Unit(r.PathValue("unit")); err != nil {
		http.Redirect(w, r, p.Href("/nop-ho-so"), http.StatusSeeOther)
		return false
	}
	procs, err := s.b.Procedures()
	if err != nil {
		s.oops(w, r)
		return false
	}
	cat, err := motcua.NewCatalog(procs)
	if err != nil {
		s.oops(w, r)
		return false
	}
	if p.Proc, err = cat.Get(r.PathValue("proc")); err != nil {
		http.Redirect(w, r, p.Href("/nop-ho-so?don-vi="+p.Unit.Code), http.StatusSeeOther)
		return false
	}
	if _, fees, err := p.Proc.Fee(motcua.FeeInput{Online: true, Copies: 1, Units: 1}); err == nil {
		p.Fees = fees
	}
	return true
}

// submit records the dossier: the server issues its code and key and the
// citizen gets a printable confirmation.
func (s *Site) submit(w http.ResponseWriter, r *http.Request) {
	if !s.formOK(w, r) || !s.limited(w, r, s.submitAddr, s.o.ClientIP(r)) {
		return
	}
	p := s.newPage(r, "submit_h1")
	if !s.loadProcedure(w, r, &p) {
		return
	}
	f := r.PostForm
	if strings.TrimSpace(f.Get("name")) == "" {
		p.Errors = append(p.Errors, fieldError{"name", tr(p.Lang, "err_name")})
	}
	if strings.TrimSpace(f.Get("phone")) == "" {
		p.Errors = append(p.Errors, fieldError{"phone", tr(p.Lang, "err_phone")})
	}
	person := motcua.Person{Name: f.Get("name"), Phone: f.Get("phone"), Address: f.Get("address")}
	if id := strings.TrimSpace(f.Get("id")); id != "" {
		person.IDKind, person.IDNumber = motcua.GuessIDKind(id), id
	}
	if dob := strings.TrimSpace(f.Get("dob")); dob != "" {
		t, err := motcua.ParseDate(dob)
		if err != nil {
			p.Errors = append(p.Errors, fieldError{"dob", motcua.ErrorMessage(err, p.Lang)})
		} else {
			person.DOB = t.Format("2006-01-02")
		}
	}
	if len(p.Errors) == 0 {
		if _, err := motcua.ValidateApplicant(person, s.o.Now()); err != nil {
			p.Errors = formErrors(err, p.Lang)
		}
	}
	if len(p.Errors) == 0 && !s.submitUnit.allow(p.Unit.Code) {
		s.refuse(w, r, http.StatusTooManyRequests, "too_many_h", "too_many")
		return
	}
	if len(p.Errors) == 0 {
		rec, err := s.b.SubmitOnline(motcua.OnlineSubmission{Unit: p.Unit.Code, ProcedureCode: p.Proc.Code, Applicant: person, Note: f.Get("note")})
		if err == nil {
			p.Title, p.Receipt = tr(p.Lang, "done_h1"), rec
			p.LookupURL = s.o.PublicURL() + lookupPath(rec.Code, rec.Key)
			s.render(w, r, "submit_done", p)
			return
		}
		if p.Errors = formErrors(err, p.Lang); len(p.Errors) == 0 {
			s.oops(w, r)
			return
		}
	}
	sortErrors(p.Errors, "name", "id", "dob", "phone", "address")
	p.Form, p.CSRF, p.Status = f, csrfToken(w, r), http.StatusBadRequest
	s.render(w, r, "submit_form", p)
}
