// Package server is motcua's central HTTP API (docs/DESIGN.md §4, §7): the sync
// endpoint terminals push ops to and pull changes from, enrollment, the
// public lookup and question form, health, metrics and the OpenAPI document.
// It holds no state of its own beyond counters and rate limits: every
// decision is the Backend's, in one storage transaction.
package server

import (
	_ "embed"
	"log/slog"
	"net/http"
	"time"

	"github.com/motcua/motcua"
)

// Backend is the central storage the server is given (central.Store today,
// PostgreSQL later): the same interface, the same unique constraints, the
// same Apply.
type Backend interface {
	Enroll(motcua.EnrollRequest) (motcua.EnrollResponse, error)
	Authenticate(token string) (motcua.TerminalRecord, error)
	Sync(terminalID string, req motcua.SyncRequest) (motcua.RawSyncResponse, error)
	DossierByCode(unit, code string) (motcua.Dossier, error)
	PublicDossier(code string) (motcua.PublicDossier, error)
	AddPublicQuestion(motcua.PublicQuestion) (motcua.QuestionReceipt, error)
	AddPublicRating(motcua.PublicRating) (motcua.Result, error)
	Ping() error
	Admin
}

// Admin is what the operator's subcommands do.
type Admin interface {
	AddUnit(code, name, parent string) (motcua.Unit, error)
	Units() ([]motcua.Unit, error)
	CreateEnrollment(unit string, role motcua.Role) (motcua.Enrollment, error)
	Terminals() ([]motcua.TerminalRecord, error)
	Revoke(id string) (motcua.TerminalRecord, error)
	Release(id string) (motcua.TerminalRecord, error)
	SetCatalog([]motcua.Procedure) error
	SetCalendar(motcua.Calendar) error
	SetUnitHours(unit string, h motcua.OfficeHours) (motcua.Unit, error)
	// Dossiers is every dossier of a unit, for the period's report while
	// the server runs (motcua-server report).
	Dossiers(unit string) ([]motcua.Dossier, error)
	// CounterRecords is a unit's guidance and refusals given at the counter
	// from day from to day to (zero: open), for the same report.
	CounterRecords(unit string, from, to time.Time) ([]motcua.CounterRecord, error)
	Backup(path string) error // a hot copy of the store, written to path (mode 0600)
	PublicAdmin
}

// Options tune a Server; the zero value is usable.
type Options struct {
	Logger *slog.Logger     // JSON logs; nil discards
	Now    func() time.Time // the clock for ping and rate limits
	// MaxSyncBody is the largest compressed sync request (413 above it).
	MaxSyncBody int64
	// Rates, in requests per second, with their bursts.
	TerminalRate, TerminalBurst float64 // per terminal
	PublicRate, PublicBurst     float64 // lookups per IP
	QuestionRate, QuestionBurst float64 // questions per IP
	EnrollRate, EnrollBurst     float64 // enrollment attempts per IP
	// Pages are the citizen's public pages (package web), mounted beside
	// the API; nil serves none.
	Pages interface{ Register(*http.ServeMux) }
	// Zalo is the Zalo Official Account's webhook (package zalo), served
	// at POST /zalo/webhook; nil answers 404.
	Zalo                        http.Handler
	AuthFailRate, AuthFailBurst float64 // wrong bearer tokens per IP
	// MetricsToken, when set, lets GET /metrics on the public handler
	// answer a request bearing it; without it /metrics is served only by
	// MetricsHandler (a separate, private listener) and the admin socket.
	MetricsToken string
}

// Server serves the API.
type Server struct {
	b       Backend
	log     *slog.Logger
	now     func() time.Time
	metrics *metrics
	maxBody int64
	pages   interface{ Register(*http.ServeMux) }
	zalo    http.Handler

	metricsToken string

	terminalLimit, publicLimit, questionLimit, enrollLimit, authFailLimit *limiter
	unitLookupLimit                                                       *limiter // key-less lookups of one unit's codes
}

//go:embed openapi.yaml
var openAPI []byte

// New builds a Server over b.
func New(b Backend, o Options) *Server {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.MaxSyncBody <= 0 {
		o.MaxSyncBody = motcua.MaxSyncBody
	}
	def := func(v *float64, d float64) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.TerminalRate, 20)
	def(&o.TerminalBurst, 60)
	def(&o.PublicRate, 1)
	def(&o.PublicBurst, 30)
	def(&o.QuestionRate, 1.0/60)
	def(&o.QuestionBurst, 5)
	def(&o.EnrollRate, 1.0/6)
	def(&o.EnrollBurst, 10)
	def(&o.AuthFailRate, 1.0/6)
	def(&o.AuthFailBurst, 20)
	s := &Server{b: b, log: o.Logger, now: o.Now, metrics: newMetrics(), maxBody: o.MaxSyncBody, metricsToken: o.MetricsToken, pages: o.Pages, zalo: o.Zalo,
		authFailLimit: newLimiter(o.AuthFailRate, o.AuthFailBurst, o.Now),
		terminalLimit: newLimiter(o.TerminalRate, o.TerminalBurst, o.Now),
		publicLimit:   newLimiter(o.PublicRate, o.PublicBurst, o.Now),
		// 30 at once, then one a minute: the same as the lookup page's.
		unitLookupLimit: newLimiter(1.0/60, 30, o.Now),
		questionLimit:   newLimiter(o.QuestionRate, o.QuestionBurst, o.Now),
		enrollLimit:     newLimiter(o.EnrollRate, o.EnrollBurst, o.Now),
	}
	s.metrics.holdUntil = s.restoreHoldUntil
	return s
}

// Handler is the public listener's handler: the terminal API, the public
// endpoints and operations.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.publicRoutes() {
		mux.HandleFunc(rt.pattern, rt.h)
	}
	if s.pages != nil {
		s.pages.Register(mux)
	}
	return s.logged(mux, false)
}

// route is one pattern of a handler; the OpenAPI test checks that the
// document describes each of them.
type route struct {
	pattern string
	h       http.HandlerFunc
}

func (s *Server) publicRoutes() []route {
	return []route{
		{"POST /v1/sync", s.handleSync},
		{"POST /v1/enroll", s.handleEnroll},
		{"GET /v1/ping", s.handlePing},
		{"GET /v1/dossiers/{code}", s.handleDossier},
		{"GET /v1/public/dossiers/{code}", s.handlePublicDossier},
		{"POST /v1/public/questions", s.handlePublicQuestion},
		{"POST /v1/public/ratings", s.handlePublicRating},
		{"POST /zalo/webhook", s.handleZalo},
		{"GET /healthz", s.handleHealth},
		{"GET /metrics", s.publicMetrics},
		{"GET /openapi.yaml", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/yaml")
			w.Write(openAPI)
		}},
	}
}

func (s *Server) adminRoutes() []route {
	return []route{
		{"GET /admin/units", s.adminUnits},
		{"POST /admin/units", s.adminAddUnit},
		{"POST /admin/enrollments", s.adminEnroll},
		{"GET /admin/terminals", s.adminTerminals},
		{"POST /admin/terminals/{id}/revoke", s.adminRevoke},
		{"POST /admin/terminals/{id}/release", s.adminRelease},
		{"PUT /admin/catalog", s.adminCatalog},
		{"PUT /admin/calendar", s.adminCalendar},
		{"PUT /admin/units/{code}/hours", s.adminUnitHours},
		{"GET /admin/units/{code}/dossiers", s.adminUnitDossiers},
		{"GET /admin/units/{code}/counter-records", s.adminUnitCounterRecords},
		{"POST /admin/backup", s.adminBackup},
		{"GET /admin/restore", s.adminRestoreState},
		{"POST /admin/restore/end", s.adminEndRestoreHold},
		{"GET /metrics", s.metrics.serve},
		{"PUT /admin/public-url", s.adminPublicURL},
		{"PUT /admin/units/{code}/contact", s.adminUnitContact},
		{"GET /admin/questions/held", s.adminHeldQuestions},
		{"POST /admin/questions/held/{id}/release", s.adminReleaseHeld},
		{"GET /admin/zalo", s.adminZaloStatus},
		{"PUT /admin/zalo", s.adminZaloSet},
		{"DELETE /admin/zalo", s.adminZaloOff},
	}
}

// AdminHandler is the operator's API, served on the data directory's unix
// socket (reachable only by the user who owns the data), so that admin
// subcommands work while the server runs.
func (s *Server) AdminHandler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.adminRoutes() {
		mux.HandleFunc(rt.pattern, rt.h)
	}
	return s.logged(mux, true)
}

// MetricsHandler serves only GET /metrics, for a private listener
// (--metrics-addr) that Prometheus scrapes.
func (s *Server) MetricsHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /metrics", s.metrics.serve)
	return mux
}

// handleZalo hands the OA's events to package zalo, which verifies them.
func (s *Server) handleZalo(w http.ResponseWriter, r *http.Request) {
	if s.zalo == nil {
		http.NotFound(w, r)
		return
	}
	s.zalo.ServeHTTP(w, r)
}
