package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/motcua/motcua"
)

func (s *Site) home(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "home", s.newPage(r, "service"))
}

// lookupForm is /tra-cuu: the code and the key typed from the receipt; a
// filled form goes on to the dossier's page.
func (s *Site) lookupForm(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(r, "lookup_h1")
	q := r.URL.Query()
	if !q.Has("ma") {
		s.render(w, r, "lookup_form", p)
		return
	}
	p.Form = q
	code, err := motcua.ParseCode(q.Get("ma"))
	if err != nil {
		p.Errors = append(p.Errors, fieldError{"ma", tr(p.Lang, "err_code")})
	}
	key := strings.TrimSpace(q.Get("k"))
	if key != "" && motcua.NormalizeLookupKey(key) == "" {
		p.Errors = append(p.Errors, fieldError{"k", tr(p.Lang, "err_key")})
	}
	if len(p.Errors) > 0 {
		p.Status = http.StatusBadRequest
		s.render(w, r, "lookup_form", p)
		return
	}
	http.Redirect(w, r, p.Href(lookupPath(code.String(), motcua.NormalizeLookupKey(key))), http.StatusSeeOther)
}

func lookupPath(code, key string) string {
	p := "/tra-cuu/" + url.PathEscape(code)
	if key != "" {
		p += "?k=" + key
	}
	return p
}

// lookup is /tra-cuu/{code}: the QR's target. With the key, the whole
// citizen view; without it (or with a wrong one), the key-less view, which
// counts against the address's and the unit's limits.
func (s *Site) lookup(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(r, "dossier")
	s.showDossier(w, r, p, r.PathValue("code"), r.URL.Query().Get("k"))
}

func (s *Site) showDossier(w http.ResponseWriter, r *http.Request, p page, code, key string) {
	code = strings.TrimSpace(code)
	v, err := s.b.CitizenLookup(code, key)
	if motcua.ErrorCode(err) == motcua.EINVALID {
		p.Form = url.Values{"ma": {code}}
		p.Errors = []fieldError{{"ma", tr(p.Lang, "err_code")}}
		p.Status = http.StatusBadRequest
		s.render(w, r, "lookup_form", p)
		return
	}
	if err != nil {
		s.oops(w, r)
		return
	}
	if !v.Keyed {
		// The same limits for a code that exists and one that does not, so
		// the answer's timing and shape say nothing about existence.
		pc, _ := motcua.ParseCode(code)
		if !s.lookupAddr.allow(s.o.ClientIP(r)) || !s.lookupUnit.allow(pc.Unit) {
			s.refuse(w, r, http.StatusTooManyRequests, "too_many_h", "too_many")
			return
		}
		v = motcua.CitizenView{Code: v.Code, Found: v.Found, ProcedureName: v.ProcedureName, Status: v.Status, Appointment: v.Appointment}
	}
	p.View = v
	p.Title = tr(p.Lang, "dossier") + " " + v.Code
	if v.Keyed {
		p.Key = motcua.NormalizeLookupKey(key)
		p.CSRF = csrfToken(w, r)
		if v.CanRate && v.Rating != nil && len(p.Form) == 0 {
			// Changing a rating starts from the answers given.
			p.Form = url.Values{"convenience": {string(v.Rating.Convenience)}, "overall": {string(v.Rating.Overall)}, "comment": {v.Rating.Comment}}
		}
		if s.o.ZaloOA != nil {
			p.ZaloOA = s.o.ZaloOA()
		}
	}
	switch r.URL.Query().Get("gui") {
	case "hoi":
		p.Notice = tr(p.Lang, "thanks_q")
	case "hoi-giu":
		p.Notice = tr(p.Lang, "thanks_q_held")
	case "danh-gia":
		p.Notice = tr(p.Lang, "thanks_r")
	}
	s.render(w, r, "lookup", p)
}

// askDossier takes a question about a dossier, with its key; the answer
// shows on the dossier's page.
func (s *Site) askDossier(w http.ResponseWriter, r *http.Request) {
	if !s.formOK(w, r) || !s.limited(w, r, s.questionAddr, s.o.ClientIP(r)) {
		return
	}
	p := s.newPage(r, "dossier")
	code, key := r.PathValue("code"), r.PostFormValue("k")
	name, text := r.PostFormValue("name"), r.PostFormValue("text")
	if strings.TrimSpace(name) == "" {
		p.Errors = append(p.Errors, fieldError{"name", tr(p.Lang, "err_name")})
	}
	if strings.TrimSpace(text) == "" {
		p.Errors = append(p.Errors, fieldError{"text", tr(p.Lang, "err_text")})
	}
	var rec motcua.QuestionReceipt
	var err error
	if len(p.Errors) == 0 {
		rec, err = s.b.AddPublicQuestion(motcua.PublicQuestion{Name: name, Text: text, DossierCode: code, Key: key})
		p.Errors = append(p.Errors, formErrors(err, p.Lang)...)
		if err != nil && len(p.Errors) == 0 {
			s.oops(w, r)
			return
		}
	}
	if len(p.Errors) > 0 {
		p.Form, p.Status = r.PostForm, http.StatusBadRequest
		s.showDossier(w, r, p, code, key)
		return
	}
	sent := "hoi"
	if rec.Held {
		sent = "hoi-giu"
	}
	http.Redirect(w, r, p.Href(lookupPath(code, motcua.NormalizeLookupKey(key))+sep(key)+"gui="+sent)+"#hoi", http.StatusSeeOther)
}

func sep(key string) string {
	if key == "" {
		return "?"
	}
	return "&"
}

// rate takes the citizen's rating, with the key, of a returned dossier.
func (s *Site) rate(w http.ResponseWriter, r *http.Request) {
	if !s.formOK(w, r) || !s.limited(w, r, s.rateAddr, s.o.ClientIP(r)) {
		return
	}
	p := s.newPage(r, "dossier")
	code, key := r.PathValue("code"), r.PostFormValue("k")
	conv, overall := motcua.Satisfaction(r.PostFormValue("convenience")), motcua.Satisfaction(r.PostFormValue("overall"))
	if !conv.Valid() {
		p.Errors = append(p.Errors, fieldError{"convenience", tr(p.Lang, "err_rating")})
	}
	if !overall.Valid() {
		p.Errors = append(p.Errors, fieldError{"overall", tr(p.Lang, "err_rating")})
	}
	if len(p.Errors) == 0 {
		_, err := s.b.AddPublicRating(motcua.PublicRating{Code: code, Key: key, Convenience: conv, Overall: overall, Comment: r.PostFormValue("comment")})
		p.Errors = formErrors(err, p.Lang)
		if err != nil && len(p.Errors) == 0 {
			s.oops(w, r)
			return
		}
	}
	if len(p.Errors) > 0 {
		p.Form, p.Status = r.PostForm, http.StatusBadRequest
		s.showDossier(w, r, p, code, key)
		return
	}
	http.Redirect(w, r, p.Href(lookupPath(code, motcua.NormalizeLookupKey(key))+sep(key)+"gui=danh-gia")+"#danh-gia", http.StatusSeeOther)
}

// formOK parses a posted form (small: 16 KiB) and checks CSRF.
func (s *Site) formOK(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, motcua.MaxPublicBody)
	if err := r.ParseForm(); err != nil {
		s.refuse(w, r, http.StatusRequestEntityTooLarge, "oops_h", "oops")
		return false
	}
	if !csrfOK(r) {
		s.refuse(w, r, http.StatusForbidden, "csrf_h", "csrf")
		return false
	}
	return true
}

func (s *Site) limited(w http.ResponseWriter, r *http.Request, l *limiter, key string) bool {
	if !l.allow(key) {
		s.refuse(w, r, http.StatusTooManyRequests, "too_many_h", "too_many")
		return false
	}
	return true
}

// formErrors turns a domain error into the form's messages: the field it
// names (applicant.phone → phone) and its sentence in the page's language.
// Anything else (a storage failure) returns none: the caller says "oops".
func formErrors(err error, lang motcua.Lang) []fieldError {
	if err == nil {
		return nil
	}
	var de *motcua.Error
	if !asError(err, &de) || de.Code == motcua.EINTERNAL {
		return nil
	}
	field := de.Field
	if i := strings.LastIndexByte(field, '.'); i >= 0 {
		field = field[i+1:]
	}
	switch field {
	case "asker":
		field = "name"
	case "id_number":
		field = "id"
	}
	if field == "" {
		field = "form"
	}
	return []fieldError{{field, motcua.ErrorMessage(err, lang)}}
}
