package motcua

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

// What the server answers is what the client reads back: the code, the
// reason and the sentences survive the trip, and the status is the one the
// table gives.
func TestErrorRoundTripsOverHTTP(t *testing.T) {
	for _, c := range []struct {
		err    error
		status int
		code   string
		reason string
	}{
		{Errorf(EINVALID, "cccd_length", "id", "vi", "en"), 400, EINVALID, "cccd_length"},
		{Errorf(EINVALID, "", "", "vi", "en"), 400, EINVALID, ErrBadRequest},
		{Errorf(EUNAUTHORIZED, "unauthorized", "", "vi", "en"), 401, EUNAUTHORIZED, "unauthorized"},
		{Errorf(EUNAUTHORIZED, ErrEnrollInvalid, "", "vi", "en"), 401, EUNAUTHORIZED, ErrEnrollInvalid},
		{Errorf(EFORBIDDEN, ErrRevoked, "", "vi", "en"), 403, EFORBIDDEN, ErrRevoked},
		{Errorf(ENOTFOUND, "code_not_found", "", "vi", "en"), 404, ENOTFOUND, "code_not_found"},
		{Errorf(ECONFLICT, ErrTerminalFork, "", "vi", "en"), 409, ECONFLICT, ErrTerminalFork},
		{&GapError{Expected: 7}, 409, ECONFLICT, ErrSeqGap},
		{Errorf(EINVALID, ErrTooLarge, "", "vi", "en"), 413, EINVALID, ErrTooLarge},
		{Errorf(EFORBIDDEN, ErrUpgrade, "", "vi", "en"), 426, EFORBIDDEN, ErrUpgrade},
		{Errorf(EUNAVAILABLE, ErrRateLimited, "", "vi", "en"), 429, EUNAVAILABLE, ErrRateLimited},
		{Errorf(ELOCKED, "store_locked", "", "vi", "en"), 503, EUNAVAILABLE, "store_locked"},
		{Errorf(EINTERNAL, "internal", "", "vi", "en"), 500, EINTERNAL, "internal"},
		{errors.New("disk on fire"), 500, EINTERNAL, EINTERNAL},
	} {
		status, body := HTTPStatus(c.err), APIErrorOf(c.err)
		if status != c.status {
			t.Errorf("%v: status %d, want %d", c.err, status, c.status)
		}
		got := ErrorFromHTTP(status, body, 0)
		if got.Code != c.code || got.Reason != c.reason || got.Status != c.status {
			t.Errorf("%v: read back as %s/%s (%d), want %s/%s", c.err, got.Code, got.Reason, got.Status, c.code, c.reason)
		}
		if e := AsError(c.err); e != nil && got.EN != e.EN {
			t.Errorf("%v: sentence %q", c.err, got.EN)
		}
	}
	gap := ErrorFromHTTP(HTTPStatus(&GapError{Expected: 7}), APIErrorOf(&GapError{Expected: 7}), 0)
	if gap.Expected != 7 {
		t.Errorf("seq gap expects %d", gap.Expected)
	}
}

// A status with a body that is not ours (a proxy's page) still means what
// the table says.
func TestStatusAloneGivesTheCode(t *testing.T) {
	for status, code := range map[int]string{400: EINVALID, 401: EUNAUTHORIZED, 403: EFORBIDDEN, 404: ENOTFOUND, 409: ECONFLICT,
		413: EINVALID, 426: EFORBIDDEN, 429: EUNAVAILABLE, 500: EINTERNAL, 502: EUNAVAILABLE, 503: EUNAVAILABLE, 418: EINTERNAL} {
		if got := ErrorFromHTTP(status, APIError{Error: fmt.Sprint("status_", status)}, 0).Code; got != code {
			t.Errorf("%d: code %s, want %s", status, got, code)
		}
	}
}

func TestRetryAndStop(t *testing.T) {
	read := func(status int, reason string) *Error { return ErrorFromHTTP(status, APIError{Error: reason}, 0) }
	for _, c := range []struct {
		e     *Error
		retry bool
		stop  string
	}{
		{Unreachable(ErrNetwork, errors.New("refused")), true, ""},
		{Unreachable(ErrTimeout, errors.New("slow")), true, ""},
		{read(429, ErrRateLimited), true, ""},
		{read(500, "internal"), true, ""},
		{read(502, "bad_gateway"), true, ""},
		{read(400, ErrBadRequest), false, ""},
		{read(409, ErrSeqGap), false, ""},
		{read(401, "unauthorized"), false, ErrUnauthorized},
		{read(401, "enroll_invalid"), false, ErrUnauthorized},
		{read(403, ErrRevoked), false, ErrRevoked},
		{read(426, ErrUpgrade), false, ErrUpgrade},
		{read(409, ErrTerminalFork), false, ErrTerminalFork},
		{Errorf(ECONFLICT, ErrTerminalFork, "", "vi", "en"), false, ""}, // a local error never stops syncing
	} {
		if c.e.Retryable() != c.retry || c.e.StopReason() != c.stop {
			t.Errorf("%s/%s (%d): retry %v stop %q", c.e.Code, c.e.Reason, c.e.Status, c.e.Retryable(), c.e.StopReason())
		}
	}
	if e := ErrorFromHTTP(429, APIError{Error: ErrRateLimited, RetryAfter: 3}, 0); e.RetryAfter != 3*time.Second {
		t.Errorf("retry after %v", e.RetryAfter)
	}
	for _, r := range []string{ErrRevoked, ErrTerminalFork, ErrUpgrade, ErrUnauthorized} {
		if e := SyncStopped(r); e.Code != ESTOPPED || e.Reason != r || e.VI == "" || e.EN == "" {
			t.Errorf("stopped %s: %+v", r, e)
		}
	}
}
