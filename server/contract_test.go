package server_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// contractRouter is openapi.yaml's router, for any host.
func contractRouter(t *testing.T) routers.Router {
	t.Helper()
	raw, err := os.ReadFile("openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(raw)
	if err != nil {
		t.Fatal(err)
	}
	doc.Servers = nil // the test server's port is not the document's
	r, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// checkedAgainstContract serves h and checks every exchange against
// openapi.yaml: each response (status, headers, body) must match the
// document, and each request the server accepted (2xx) must too — a
// server that accepts what the document forbids is as wrong as one that
// answers what it does not promise. A mismatch fails the test.
func checkedAgainstContract(t *testing.T, h http.Handler) http.Handler {
	router := contractRouter(t)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reqBody, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(reqBody))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())

		check := r.Clone(context.Background())
		check.Body = io.NopCloser(bytes.NewReader(decoded(r.Header, reqBody)))
		check.Header.Del("Content-Encoding")
		route, params, err := router.FindRoute(check)
		if err != nil {
			t.Errorf("contract: %s %s is not in openapi.yaml: %v", r.Method, r.URL.Path, err)
			return
		}
		in := &openapi3filter.RequestValidationInput{Request: check, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
		if rec.Code < 300 {
			if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
				t.Errorf("contract: the server accepted a request openapi.yaml forbids: %s %s: %v", r.Method, r.URL.Path, err)
			}
		}
		header := rec.Header().Clone()
		header.Del("Content-Encoding")
		out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: rec.Code, Header: header,
			Body:    io.NopCloser(bytes.NewReader(decoded(rec.Header(), rec.Body.Bytes()))),
			Options: &openapi3filter.Options{IncludeResponseStatus: true}}
		if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
			t.Errorf("contract: %s %s answered %d, which openapi.yaml does not allow: %v\nbody: %.300s",
				r.Method, r.URL.Path, rec.Code, err, decoded(rec.Header(), rec.Body.Bytes()))
		}
	})
}

func decoded(h http.Header, b []byte) []byte {
	if !strings.EqualFold(h.Get("Content-Encoding"), "gzip") {
		return b
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return b
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		return b
	}
	return out
}
