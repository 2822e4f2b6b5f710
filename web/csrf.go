package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
)

// CSRF protection, two layers: Go's cross-origin check (Sec-Fetch-Site and
// Origin, which every current browser sends) and, for older ones, a
// double-submit token: a random value in a cookie that only this site can
// read, repeated in a hidden field of the form. It is the only cookie the
// pages set, and only on pages with a form.

const csrfCookie = "motcua_csrf"

var crossOrigin = http.NewCrossOriginProtection()

// csrfToken returns the request's token, setting a new cookie when it has none.
func csrfToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) == 43 {
		return c.Value
	}
	var b [32]byte
	_, _ = rand.Read(b[:])
	tok := base64.RawURLEncoding.EncodeToString(b[:])
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: tok, Path: "/", HttpOnly: true,
		Secure: isHTTPS(r), SameSite: http.SameSiteStrictMode})
	return tok
}

// csrfOK checks a form post: same origin, and the field equals the cookie.
func csrfOK(r *http.Request) bool {
	if crossOrigin.Check(r) != nil {
		return false
	}
	c, err := r.Cookie(csrfCookie)
	if err != nil || len(c.Value) != 43 {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostFormValue("csrf"))) == 1
}

func isHTTPS(r *http.Request) bool {
	return r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https"
}
