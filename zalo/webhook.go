package zalo

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/motcua/motcua"
)

// MaxEventBody is the largest event the webhook reads (a text message is
// a few kilobytes).
const MaxEventBody = 64 << 10

// Handler is the OA's webhook (POST /zalo/webhook).
type Handler struct {
	store Store
	dir   string // the secrets' directory
	now   func() time.Time
	log   *slog.Logger
	// Wake, when set, is told that the outbox has something new (the
	// Sender's Wake), so a reply leaves at once instead of at the next tick.
	Wake func()
}

// NewHandler builds the webhook over a store and the secrets' directory.
func NewHandler(s Store, secretsDir string, now func() time.Time, log *slog.Logger) *Handler {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Handler{store: s, dir: secretsDir, now: now, log: log}
}

// Register mounts the webhook on mux (the server's Options.Zalo).
func (h *Handler) Register(mux *http.ServeMux) { mux.Handle("POST /zalo/webhook", h) }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

type answer struct {
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}

// ServeHTTP verifies an event and acts on it. Zalo wants a 200 within
// seconds: the reply itself leaves through the outbox.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s, err := h.store.ZaloSettings()
	if err != nil {
		h.fail(w, err)
		return
	}
	if !s.On {
		writeJSON(w, http.StatusServiceUnavailable, answer{Error: "zalo_off"})
		return
	}
	secret, err := ReadSecret(h.dir, SecretKeyFile)
	if err != nil {
		h.fail(w, err)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxEventBody))
	if err != nil {
		writeJSON(w, http.StatusRequestEntityTooLarge, answer{Error: "too_large"})
		return
	}
	ev, err := Verify(s.AppID, secret, body, r.Header.Get(SignatureHeader), h.now())
	switch {
	case errors.Is(err, errMalformed):
		writeJSON(w, http.StatusBadRequest, answer{Error: "malformed"})
		return
	case errors.Is(err, errStale):
		writeJSON(w, http.StatusUnauthorized, answer{Error: "stale"})
		return
	case err != nil:
		writeJSON(w, http.StatusUnauthorized, answer{Error: "signature"})
		return
	}
	var err2 error
	switch {
	case ev.EventName == "user_send_text" && ev.Sender.ID != "":
		err2 = h.handleText(ev)
	case ev.EventName == "follow" && ev.Follower.ID != "":
		// A new follower is told what the OA does, once per event.
		_, err2 = h.store.ZaloReply(ev.EventID(), ev.Follower.ID, motcua.ZaloWelcomeText(), nil, "")
	default:
		// Reactions, pictures, unfollows…: nothing to do for them yet.
		writeJSON(w, http.StatusOK, answer{OK: true})
		return
	}
	if err := err2; err != nil {
		h.fail(w, err)
		return
	}
	if h.Wake != nil {
		h.Wake()
	}
	writeJSON(w, http.StatusOK, answer{OK: true})
}

func (h *Handler) handleText(ev Event) error {
	rep, err := h.decide(ev.Sender.ID, ev.Message.Text)
	if err != nil {
		return err
	}
	if rep.ask == nil {
		_, err := h.store.ZaloReply(ev.EventID(), ev.Sender.ID, rep.text, rep.follower, rep.subscribe)
		return err
	}
	_, _, err = h.store.ZaloAsk(ev.EventID(), ev.Sender.ID, *rep.ask)
	if motcua.ErrorCode(err) == motcua.EINVALID {
		// A question the form would refuse (too long, empty): say why.
		_, err = h.store.ZaloReply(ev.EventID(), ev.Sender.ID, motcua.ErrorMessage(err, motcua.VI), nil, "")
	}
	return err
}

func (h *Handler) fail(w http.ResponseWriter, err error) {
	// Zalo sends the event again on a non-200: nothing is lost.
	h.log.Error("zalo webhook", "err", err.Error())
	writeJSON(w, http.StatusInternalServerError, answer{Error: "internal"})
}
