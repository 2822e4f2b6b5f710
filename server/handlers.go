package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/motcua/motcua"
)

func contextWith(ctx context.Context, ri *requestInfo) context.Context {
	return context.WithValue(ctx, infoKey{}, ri)
}

// authenticate resolves the bearer token to a terminal, answering 401 or
// 403 itself when it cannot; the terminal keeps its data either way.
//
// Failed tokens are rate-limited per address: while an address is over its
// allowance, every request from it is 429 before its token is even looked
// at, so guessing tokens costs a guesser real time.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) (motcua.TerminalRecord, bool) {
	ip := clientIP(r)
	if over, wait := s.authFailLimit.exhausted(ip); over {
		tooMany(w, r, wait)
		return motcua.TerminalRecord{}, false
	}
	t, err := s.b.Authenticate(bearer(r))
	if err != nil {
		if t.ID != "" {
			info(r).terminal = t.ID
		}
		if motcua.ErrorCode(err) == motcua.EUNAUTHORIZED {
			s.authFailLimit.allow(ip)
		}
		s.domainError(w, r, err)
		return t, false
	}
	info(r).terminal = t.ID
	if ok, wait := s.terminalLimit.allow(t.ID); !ok {
		tooMany(w, r, wait)
		return t, false
	}
	return t, true
}

func tooMany(w http.ResponseWriter, r *http.Request, wait time.Duration) {
	e := motcua.Errorf(motcua.EUNAVAILABLE, motcua.ErrRateLimited, "", "Quá nhiều yêu cầu; hãy thử lại sau.", "Too many requests; try again later.")
	e.RetryAfter = wait
	writeError(w, r, e)
}

// handleSync is POST /v1/sync (docs/DESIGN.md §4).
func (s *Server) handleSync(rw http.ResponseWriter, r *http.Request) {
	start := time.Now()
	t, ok := s.authenticate(rw, r)
	if !ok {
		return
	}
	// The bytes of the exchange as on the wire (gzipped when it was).
	in := &countingBody{ReadCloser: r.Body}
	r.Body = in
	w := &countingWriter{ResponseWriter: rw}
	defer func() { s.metrics.syncBytes(in.n, w.n) }()
	var req motcua.SyncRequest
	if err := readBody(rw, r, s.maxBody, motcua.MaxSyncBodyRaw, &req); err != nil {
		badRequest(w, r, err)
		return
	}
	if req.Schema < motcua.MinWireSchema {
		writeError(w, r, motcua.Errorf(motcua.EFORBIDDEN, motcua.ErrUpgrade, "",
			"Phiên bản motcua trên máy đã cũ so với máy chủ: hãy cập nhật. Dữ liệu trên máy vẫn được giữ.",
			"This motcua is too old for the server: update it. Its data is kept."))
		return
	}
	if req.Schema > motcua.WireSchema {
		badRequest(w, r, errSchemaNewer)
		return
	}
	if req.TerminalID != t.ID {
		writeError(w, r, motcua.Errorf(motcua.EFORBIDDEN, motcua.ErrForbidden, "",
			"Yêu cầu mang danh tính của máy khác với khóa truy cập.", "The request names another terminal than its token."))
		return
	}
	resp, err := s.b.Sync(t.ID, req)
	ri := info(r)
	ri.attrs = append(ri.attrs, slog.Int("ops", len(req.Ops)))
	if err != nil {
		s.metrics.sync(err, motcua.SyncCounts{}, time.Since(start))
		switch motcua.ErrorReason(err) {
		case motcua.ErrTerminalFork:
			s.log.Warn("terminal fork: terminal quarantined", "terminal", t.ID)
		case motcua.ErrAheadOfServer:
			s.log.Warn("terminal claims acknowledged ops this server lacks and no restore was recorded: answered ahead_of_server, nothing held",
				"terminal", t.ID, "acked_seq", req.AckedSeq)
		}
		s.domainError(w, r, err)
		return
	}
	counts := resp.Counts.Decided
	s.metrics.sync(nil, resp.Counts, time.Since(start))
	ri.attrs = append(ri.attrs, slog.Uint64("last_applied", resp.LastAppliedSeq),
		slog.Int("pulled", len(resp.Pull.Dossiers)+len(resp.Pull.Questions)), slog.Bool("reset", resp.Pull.Reset))
	for st, n := range counts {
		ri.attrs = append(ri.attrs, slog.Int(string(st), n))
	}
	if n := resp.Counts.Replayed; n > 0 {
		ri.attrs = append(ri.attrs, slog.Int("replayed", n))
	}
	setOutcome(r, "ok")
	writeJSON(w, r, http.StatusOK, &resp) // its own JSON: motcua.RawSyncResponse.AppendJSON
}

var errSchemaNewer = errors.New("the terminal speaks a newer protocol than this server")

// handleEnroll is POST /v1/enroll.
func (s *Server) handleEnroll(w http.ResponseWriter, r *http.Request) {
	if ok, wait := s.enrollLimit.allow(clientIP(r)); !ok {
		tooMany(w, r, wait)
		return
	}
	var req motcua.EnrollRequest
	if err := readBody(w, r, 16<<10, 64<<10, &req); err != nil {
		badRequest(w, r, err)
		return
	}
	if req.Schema != 0 && req.Schema < motcua.MinWireSchema {
		writeError(w, r, motcua.Errorf(motcua.EFORBIDDEN, motcua.ErrUpgrade, "",
			"Phiên bản motcua đã cũ: hãy cập nhật.", "This motcua is too old for the server: update it."))
		return
	}
	resp, err := s.b.Enroll(req)
	if err != nil {
		s.domainError(w, r, err)
		return
	}
	info(r).terminal = resp.TerminalID
	s.log.Info("terminal enrolled", "terminal", resp.TerminalID, "unit", resp.Unit, "role", string(resp.Role))
	setOutcome(r, "ok")
	writeJSON(w, r, http.StatusOK, resp)
}

func (s *Server) handlePing(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, r, http.StatusOK, motcua.PingResponse{ServerTime: s.now(), Schema: motcua.WireSchema})
}

// handleDossier is GET /v1/dossiers/{code}: a terminal looks up a dossier of
// its own unit that it has not pulled yet; another unit's is 403.
func (s *Server) handleDossier(w http.ResponseWriter, r *http.Request) {
	t, ok := s.authenticate(w, r)
	if !ok {
		return
	}
	d, err := s.b.DossierByCode(t.Unit, r.PathValue("code"))
	if err != nil {
		s.domainError(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, d)
}

// handlePublicDossier is the citizen's lookup: masked, rate-limited.
func (s *Server) handlePublicDossier(w http.ResponseWriter, r *http.Request) {
	if ok, wait := s.publicLimit.allow(clientIP(r)); !ok {
		tooMany(w, r, wait)
		return
	}
	// Per unit too, whatever the number of addresses (docs/DESIGN.md §10).
	if pc, err := motcua.ParseCode(r.PathValue("code")); err == nil {
		if ok, wait := s.unitLookupLimit.allow(pc.Unit); !ok {
			tooMany(w, r, wait)
			return
		}
	}
	d, err := s.b.PublicDossier(r.PathValue("code"))
	if err != nil {
		s.domainError(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, d)
}

// handlePublicQuestion puts a citizen's question in the unit's inbox.
func (s *Server) handlePublicQuestion(w http.ResponseWriter, r *http.Request) {
	if ok, wait := s.questionLimit.allow(clientIP(r)); !ok {
		tooMany(w, r, wait)
		return
	}
	var q motcua.PublicQuestion
	if err := readBody(w, r, motcua.MaxPublicBody, motcua.MaxPublicBody*4, &q); err != nil {
		badRequest(w, r, err)
		return
	}
	rec, err := s.b.AddPublicQuestion(q)
	if err != nil {
		s.domainError(w, r, err)
		return
	}
	setOutcome(r, "ok")
	writeJSON(w, r, http.StatusCreated, rec)
}

// handlePublicRating takes a citizen's rating from the public page. It
// shares the question form's per-address limit: both are anonymous writes.
func (s *Server) handlePublicRating(w http.ResponseWriter, r *http.Request) {
	if ok, wait := s.questionLimit.allow(clientIP(r)); !ok {
		tooMany(w, r, wait)
		return
	}
	var pr motcua.PublicRating
	if err := readBody(w, r, motcua.MaxPublicBody, motcua.MaxPublicBody*4, &pr); err != nil {
		badRequest(w, r, err)
		return
	}
	if _, err := s.b.AddPublicRating(pr); err != nil {
		s.domainError(w, r, err)
		return
	}
	setOutcome(r, "ok")
	writeJSON(w, r, http.StatusCreated, map[string]string{"status": "rated"})
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	body := map[string]string{"status": "ok"}
	if e, ok := s.b.(interface{ Engine() string }); ok {
		body["database"] = e.Engine() // bbolt or postgres: which store answered
	}
	if err := s.b.Ping(); err != nil {
		s.log.Error("health check failed", "err", err.Error())
		body["status"] = "unavailable"
		writeJSON(w, r, http.StatusServiceUnavailable, body)
		return
	}
	writeJSON(w, r, http.StatusOK, body)
}
