// Package web is the citizen's side of motcua-server (docs/DESIGN.md §10):
// server-rendered pages to look up a dossier with its key, ask about it,
// rate it, ask a unit a question and submit a dossier online. The pages use
// no JavaScript, no third-party assets and no cookie but the CSRF token of
// a form; they follow the GOV.UK Design System's patterns (one thing per
// page, an error summary linked to the fields, a label on every input) and
// work at 320 px wide and 200 % text zoom.
package web

import (
	"bytes"
	"compress/gzip"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/motcua/motcua"
)

// Backend is what the pages need of the central store.
type Backend interface {
	CitizenLookup(code, key string) (motcua.CitizenView, error)
	AddPublicQuestion(motcua.PublicQuestion) (motcua.QuestionReceipt, error)
	AddPublicRating(motcua.PublicRating) (motcua.Result, error)
	SubmitOnline(motcua.OnlineSubmission) (motcua.OnlineReceipt, error)
	Units() ([]motcua.Unit, error)
	Unit(code string) (motcua.Unit, error)
	Procedures() ([]motcua.Procedure, error)
	// Dossiers is every dossier of a unit, for its public results page.
	Dossiers(unit string) ([]motcua.Dossier, error)
}

// Options tune a Site; the zero value is usable.
type Options struct {
	Now func() time.Time
	// ClientIP names the address a request counts against (the server's
	// own rule, which knows about a trusted reverse proxy); nil uses the
	// connection's address.
	ClientIP func(*http.Request) string
	// PublicURL is the address QR codes and confirmation pages point to;
	// "" uses relative links.
	PublicURL func() string
	Limits    Limits
	// ZaloOA is the province's Zalo Official Account id while the Zalo
	// channel is on ("" or nil: the lookup page offers no Zalo notices).
	ZaloOA func() string
}

// Site serves the pages.
type Site struct {
	b     Backend
	o     Options
	pages map[string]*template.Template

	lookupAddr, lookupUnit, questionAddr, submitAddr, submitUnit, rateAddr *limiter
}

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets
var assetFS embed.FS

// New builds the site over b.
func New(b Backend, o Options) *Site {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.ClientIP == nil {
		o.ClientIP = remoteIP
	}
	if o.PublicURL == nil {
		o.PublicURL = func() string { return "" }
	}
	o.Limits.defaults()
	l := o.Limits
	s := &Site{b: b, o: o, pages: map[string]*template.Template{},
		lookupAddr:   newLimiter(l.LookupPerAddr, l.LookupPerAddrBurst, o.Now),
		lookupUnit:   newLimiter(l.LookupPerUnit, l.LookupPerUnitBurst, o.Now),
		questionAddr: newLimiter(l.QuestionPerAddr, l.QuestionPerAddrBurst, o.Now),
		submitAddr:   newLimiter(l.SubmitPerAddr, l.SubmitPerAddrBurst, o.Now),
		submitUnit:   newLimiter(l.SubmitPerUnit, l.SubmitPerUnitBurst, o.Now),
		rateAddr:     newLimiter(l.RatePerAddr, l.RatePerAddrBurst, o.Now),
	}
	base := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html"))
	names, _ := fs.Glob(templateFS, "templates/*.html")
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if name == "layout" {
			continue
		}
		s.pages[name] = template.Must(template.Must(base.Clone()).ParseFS(templateFS, n))
	}
	return s
}

// Register adds the pages' routes to mux; the server's logging then names
// each request by its pattern, never by a code, a key or a name.
func (s *Site) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", s.home)
	mux.HandleFunc("GET /tra-cuu", s.lookupForm)
	mux.HandleFunc("GET /tra-cuu/{code}", s.lookup)
	mux.HandleFunc("POST /tra-cuu/{code}/hoi", s.askDossier)
	mux.HandleFunc("POST /tra-cuu/{code}/danh-gia", s.rate)
	mux.HandleFunc("GET /hoi-dap", s.askUnitForm)
	mux.HandleFunc("POST /hoi-dap", s.askUnit)
	mux.HandleFunc("GET /ket-qua", s.resultsIndex)
	mux.HandleFunc("GET /ket-qua/{unit}", s.results)
	mux.HandleFunc("GET /nop-ho-so", s.submitStart)
	mux.HandleFunc("GET /nop-ho-so/{unit}/{proc}", s.submitForm)
	mux.HandleFunc("POST /nop-ho-so/{unit}/{proc}", s.submit)
	assets, _ := fs.Sub(assetFS, "assets")
	files := http.FileServerFS(assets)
	mux.Handle("GET /assets/", http.StripPrefix("/assets/", cacheForever(files)))
}

// Handler serves the pages alone (tests, and a server that mounts them as one).
func (s *Site) Handler() http.Handler {
	mux := http.NewServeMux()
	s.Register(mux)
	return mux
}

func cacheForever(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		h.ServeHTTP(w, r)
	})
}

func remoteIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// page is what every template is given.
type page struct {
	Lang    motcua.Lang
	Title   string
	CSRF    string
	Self    string // this page's address, for the language switch
	Errors  []fieldError
	Form    url.Values
	Notice  string
	Status  int
	Message string

	View      motcua.CitizenView
	Key       string
	Units     []motcua.Unit
	Unit      motcua.Unit
	Query     string
	Procs     []motcua.Procedure
	Proc      motcua.Procedure
	Fees      []motcua.FeeCharge
	Receipt   motcua.OnlineReceipt
	LookupURL string
	Results   []resultsBlock
	// ZaloOA: a keyed lookup page tells how to get notices by Zalo.
	ZaloOA string
}

// fieldArgs is what the "field" and "scale" templates are given.
type fieldArgs struct {
	P                       page
	Name, Label, Auto, Hint string
}

type fieldError struct {
	Field, Text string
}

// Err is a field's message, "" when it has none.
func (p page) Err(field string) string {
	for _, e := range p.Errors {
		if e.Field == field {
			return e.Text
		}
	}
	return ""
}

// T is the words for key in the page's language.
func (p page) T(key string) string { return tr(p.Lang, key) }

// Href adds the language to a link of the site.
func (p page) Href(path string) string {
	if p.Lang != motcua.EN {
		return path
	}
	if strings.Contains(path, "?") {
		return path + "&lang=en"
	}
	return path + "?lang=en"
}

// Switch is this page in the other language.
func (p page) Switch() string {
	u, _ := url.Parse(p.Self)
	q := u.Query()
	if p.Lang == motcua.EN {
		q.Del("lang")
	} else {
		q.Set("lang", "en")
	}
	u.RawQuery = q.Encode()
	return u.String()
}

func langOf(r *http.Request) motcua.Lang {
	l := r.URL.Query().Get("lang")
	if r.Method == http.MethodPost {
		l = r.PostFormValue("lang")
	}
	if l == "en" {
		return motcua.EN
	}
	return motcua.VI
}

func (s *Site) newPage(r *http.Request, title string) page {
	lang := langOf(r)
	return page{Lang: lang, Title: tr(lang, title), Self: r.URL.RequestURI(), Form: url.Values{}, Status: http.StatusOK}
}

// render writes a page with the headers every page carries: a strict
// Content-Security-Policy, no referrer (a lookup address holds the key), no
// framing, no caching of a dossier's page; gzipped when the browser accepts.
func (s *Site) render(w http.ResponseWriter, r *http.Request, name string, p page) {
	var buf bytes.Buffer
	if err := s.pages[name].ExecuteTemplate(&buf, "layout.html", p); err != nil {
		http.Error(w, tr(p.Lang, "oops"), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Language", map[motcua.Lang]string{motcua.VI: "vi", motcua.EN: "en"}[p.Lang])
	h.Add("Vary", "Accept-Encoding")
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		h.Set("Content-Encoding", "gzip")
		w.WriteHeader(p.Status)
		zw := gzip.NewWriter(w)
		zw.Write(buf.Bytes())
		zw.Close()
		return
	}
	w.WriteHeader(p.Status)
	w.Write(buf.Bytes())
}

// refuse answers a request the limits or the CSRF check stop, in words.
func (s *Site) refuse(w http.ResponseWriter, r *http.Request, status int, title, text string) {
	p := s.newPage(r, title)
	p.Status, p.Message = status, tr(p.Lang, text)
	if status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", "60")
	}
	s.render(w, r, "message", p)
}

func (s *Site) oops(w http.ResponseWriter, r *http.Request) {
	s.refuse(w, r, http.StatusServiceUnavailable, "oops_h", "oops")
}

var funcs = template.FuncMap{
	"date": motcua.FormatDate,
	"when": func(t time.Time, l motcua.Lang) string { return motcua.FormatWhen(t, l) },
	"appt": func(t time.Time, l motcua.Lang) string { return motcua.FormatAppointment(t, l) },
	"vnd":  motcua.FormatVND,
	"status": func(st motcua.Status, l motcua.Lang) string {
		return st.Label(l)
	},
	"statusText": func(st motcua.Status, l motcua.Lang) string {
		return tr(l, "status_"+itoa(int(st)))
	},
	"satisfaction": func(v motcua.Satisfaction, l motcua.Lang) string { return v.Label(l) },
	"keyfmt":       motcua.FormatLookupKey,
	"pathesc":      url.PathEscape,
	"field": func(p page, name, label, auto, hint string) fieldArgs {
		return fieldArgs{P: p, Name: name, Label: label, Auto: auto, Hint: hint}
	},
	"args":          func(p page, name, label string) fieldArgs { return fieldArgs{P: p, Name: name, Label: label} },
	"satisfactions": func() []motcua.Satisfaction { return motcua.Satisfactions },
	"queryesc":      url.QueryEscape,
	"sprintf":       fmt.Sprintf,
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return string(rune('0'+n/10)) + string(rune('0'+n%10))
}
