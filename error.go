package motcua

import (
	"errors"
	"fmt"
	"time"
)

// Error codes shared by every layer, so the UI, the CLI and the server map
// failures without knowing where they came from (and EUNAVAILABLE,
// ESTOPPED of the wire, wireerror.go).
const (
	ECONFLICT     = "conflict"
	EINTERNAL     = "internal"
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	ELOCKED       = "locked"
)

// Error is a domain error: a machine code, a stable reason slug, and the
// sentence shown to the officer in each language.
type Error struct {
	Code   string // one of the E* constants
	Reason string // a stable slug, e.g. "cccd_length", used by tests and the wire
	Field  string // the input field at fault, when there is one
	VI     string // the Vietnamese sentence
	EN     string // the English sentence

	// Over the wire (wireerror.go): the HTTP status of the answer (0 when
	// none came), the seq a seq_gap asks for, how long the server asks to
	// wait, and the transport's own error.
	Status     int
	Expected   uint64
	RetryAfter time.Duration
	Err        error
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s", e.Field, e.EN)
	}
	return e.EN
}

// Unwrap is the transport error under a wire error.
func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an Error with the same message pattern in both languages.
func Errorf(code, reason, field, vi, en string, args ...any) *Error {
	return &Error{Code: code, Reason: reason, Field: field, VI: fmt.Sprintf(vi, args...), EN: fmt.Sprintf(en, args...)}
}

// ErrorCode returns the code of err, EINTERNAL for a foreign error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorReason returns the reason slug of a domain error, or "".
func ErrorReason(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return ""
}

// ErrorMessage returns the sentence for the officer in lang. Foreign errors
// become a generic sentence: internal details never reach the screen.
func ErrorMessage(err error, lang Lang) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		if lang == EN {
			return e.EN
		}
		return e.VI
	}
	if lang == EN {
		return "Internal error. Your data is safe; try again, and report it if it persists."
	}
	return "Lỗi nội bộ. Dữ liệu vẫn an toàn; hãy thử lại, nếu vẫn lỗi hãy báo quản trị."
}

// Warning is a finding the officer may override (a CCCD whose birth year does
// not match the date of birth, a legacy CMND).
type Warning struct {
	Reason string
	Field  string
	VI     string
	EN     string
}

// Text returns the warning in lang.
func (w Warning) Text(lang Lang) string {
	if lang == EN {
		return w.EN
	}
	return w.VI
}

// Lang is a user-interface language.
type Lang string

const (
	VI Lang = "vi"
	EN Lang = "en"
)

// ParseLang accepts "vi", "en" and locale strings such as "en_US.UTF-8".
func ParseLang(s string) (Lang, bool) {
	switch {
	case len(s) >= 2 && (s[:2] == "en" || s[:2] == "EN"):
		return EN, true
	case len(s) >= 2 && (s[:2] == "vi" || s[:2] == "VI"):
		return VI, true
	}
	return VI, false
}
