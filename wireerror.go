package motcua

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// The HTTP face of Error, written once for both sides: the server answers
// an error with HTTPStatus and APIErrorOf, the client turns the status and
// body back into the same Error with ErrorFromHTTP. A request that got no
// answer at all is Unreachable; a terminal whose syncing must wait for a
// person gets SyncStopped.

// Codes only the wire produces.
const (
	// EUNAVAILABLE: the server was not reached or cannot answer now (the
	// link, a timeout, 429, 5xx): try again later, nothing is lost.
	EUNAVAILABLE = "unavailable"
	// ESTOPPED: syncing stopped until a person acts (re-enroll, update
	// motcua, an admin lifts a revocation or a quarantine); Reason says why.
	ESTOPPED = "stopped"
)

// Reasons of the errors the client makes itself.
const (
	ErrNetwork  = "network"      // no answer: the link
	ErrTimeout  = "timeout"      // no answer in time
	ErrStalled  = "link_stalled" // no byte moved either way for a while
	ErrCanceled = "canceled"     // the caller gave up (shutdown)
	ErrHeld     = "held"         // a restored server keeps a re-push waiting
	ErrBadReply = "bad_response"
)

// HTTP statuses the API uses.
const (
	statusBadRequest      = 400
	statusUnauthorized    = 401
	statusForbidden       = 403
	statusNotFound        = 404
	statusConflict        = 409
	statusTooLarge        = 413
	statusUpgradeRequired = 426
	statusTooManyRequests = 429
	statusInternal        = 500
	statusUnavailable     = 503
)

// codeStatus is the status of each code.
var codeStatus = &lazyMap[string, int]{build: func() map[string]int {
	return map[string]int{
		EINVALID: statusBadRequest, EUNAUTHORIZED: statusUnauthorized, EFORBIDDEN: statusForbidden,
		ENOTFOUND: statusNotFound, ECONFLICT: statusConflict, ELOCKED: statusUnavailable,
		EUNAVAILABLE: statusUnavailable, EINTERNAL: statusInternal,
	}
}}

// reasonStatus are the reasons with a status of their own, and the code
// that status stands for.
type reasonCode struct {
	status int
	code   string
}

var reasonStatus = &lazyMap[string, reasonCode]{build: func() map[string]reasonCode {
	return map[string]reasonCode{
		ErrSeqGap:      {statusConflict, ECONFLICT},
		ErrTooLarge:    {statusTooLarge, EINVALID},
		ErrUpgrade:     {statusUpgradeRequired, EFORBIDDEN},
		ErrRateLimited: {statusTooManyRequests, EUNAVAILABLE},
	}
}}

// SeqGap is the error of a batch that does not start where the server
// expects: resend from expected.
func SeqGap(expected uint64) *Error {
	e := Errorf(ECONFLICT, ErrSeqGap, "", "Thiếu thao tác: hãy gửi lại từ số %d.", "Sequence gap: resend from seq %d.", expected)
	e.Expected = expected
	return e
}

// AsError is err as an Error (a GapError becomes SeqGap); nil for a
// foreign error.
func AsError(err error) *Error {
	var gap *GapError
	if errors.As(err, &gap) {
		return SeqGap(gap.Expected)
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// HTTPStatus is the status err is answered with: by its reason for the few
// that have their own, else by its code; 500 for a foreign error.
func HTTPStatus(err error) int {
	e := AsError(err)
	if e == nil {
		return statusInternal
	}
	if rs, ok := reasonStatus.get()[e.Reason]; ok {
		return rs.status
	}
	if s, ok := codeStatus.get()[e.Code]; ok {
		return s
	}
	return statusInternal
}

// APIErrorOf is the body err is answered with. The caller decides what a
// foreign (internal) error may say.
func APIErrorOf(err error) APIError {
	e := AsError(err)
	if e == nil {
		return APIError{Error: EINTERNAL, Message: ErrorMessage(err, EN), MessageVI: ErrorMessage(err, VI)}
	}
	body := APIError{Error: e.Reason, Message: e.EN, MessageVI: e.VI, Expected: e.Expected,
		RetryAfter: int((e.RetryAfter + time.Second - 1) / time.Second)}
	switch {
	case body.Error != "":
	case e.Code == EINVALID:
		body.Error = ErrBadRequest
	default:
		body.Error = strings.ToLower(e.Code)
	}
	return body
}

// ErrorFromHTTP is the Error an error response carries: the body's slug
// and sentences (cleaned: they reach a terminal) and the code its status
// stands for. The caller fills a body that is not ours (a proxy's page)
// with the status's own words.
func ErrorFromHTTP(status int, body APIError, retryAfter time.Duration) *Error {
	e := &Error{Code: codeOfStatus(status, body.Error), Reason: SanitizeLine(body.Error), EN: SanitizeLine(body.Message),
		VI: SanitizeLine(body.MessageVI), Status: status, Expected: body.Expected, RetryAfter: retryAfter}
	if e.RetryAfter == 0 && body.RetryAfter > 0 {
		e.RetryAfter = time.Duration(body.RetryAfter) * time.Second
	}
	return e
}

func codeOfStatus(status int, reason string) string {
	if rs, ok := reasonStatus.get()[reason]; ok && rs.status == status {
		return rs.code
	}
	for _, rs := range reasonStatus.get() {
		if rs.status == status {
			return rs.code
		}
	}
	switch {
	case status == statusUnavailable:
		return EUNAVAILABLE
	case status == statusInternal:
		return EINTERNAL
	case status > statusInternal:
		return EUNAVAILABLE
	}
	for code, s := range codeStatus.get() {
		if s == status && s < statusInternal {
			return code
		}
	}
	return EINTERNAL
}

// Unreachable is a request that got no answer (reason ErrNetwork,
// ErrTimeout or ErrCanceled); cause is kept for errors.Is.
func Unreachable(reason string, cause error) *Error {
	e := &Error{Code: EUNAVAILABLE, Reason: reason, Err: cause}
	switch reason {
	case ErrTimeout:
		e.VI, e.EN = "Máy chủ không trả lời kịp; dữ liệu trên máy an toàn, hãy chạy lại.",
			"The server did not answer in time; the data is safe: run it again."
	case ErrCanceled:
		e.VI, e.EN = "Đã hủy.", "Canceled."
	default:
		e.VI = fmt.Sprintf("Không kết nối được máy chủ: %v. Dữ liệu trên máy vẫn an toàn.", cause)
		e.EN = fmt.Sprintf("Cannot reach the server: %v. The data on this laptop is safe.", cause)
	}
	return e
}

// LinkStalled is a request ended because no byte moved in either direction
// for d: the link is down or black-holed, not merely slow (a slow link that
// keeps moving bytes is never cut).
func LinkStalled(d time.Duration, cause error) *Error {
	e := &Error{Code: EUNAVAILABLE, Reason: ErrStalled, Err: cause}
	s := int(d.Round(time.Second) / time.Second)
	e.VI = fmt.Sprintf("Đường truyền đứng: không có dữ liệu nào đi hay đến trong %d giây. Dữ liệu trên máy vẫn an toàn; việc đồng bộ sẽ thử lại.", s)
	e.EN = fmt.Sprintf("The link stalled: no data moved either way for %d s. The data on this laptop is safe; syncing will try again.", s)
	return e
}

// Retryable reports an error worth trying again after a backoff: no
// answer, 429, 5xx, a held re-push.
func (e *Error) Retryable() bool {
	return e.Code == EUNAVAILABLE || e.Status >= statusInternal || e.Reason == ErrHeld
}

// StopReason is why an answer stops syncing until a person acts: 401
// (enroll again), 403 (revoked), 426 (update motcua), a fork; "" for an
// answer that does not. The terminal keeps its data.
func (e *Error) StopReason() string {
	switch {
	case e.Status == 0:
		return ""
	case e.Status == statusUnauthorized:
		return ErrUnauthorized
	case e.Status == statusUpgradeRequired:
		return ErrUpgrade
	case e.Status == statusForbidden, e.Reason == ErrTerminalFork, e.Reason == ErrAheadOfServer:
		return e.Reason
	}
	return ""
}

// SyncStopped is the error of a terminal whose syncing stopped for reason
// (a StopReason, or the one its store recorded).
func SyncStopped(reason string) *Error {
	e := &Error{Code: ESTOPPED, Reason: reason}
	switch reason {
	case ErrRevoked, ErrForbidden:
		e.VI, e.EN = "Máy đã bị thu hồi quyền đồng bộ; dữ liệu vẫn ở trên máy. Hãy liên hệ quản trị.",
			"This terminal was revoked; its data stays on it. Contact the administrator."
	case ErrTerminalFork:
		e.VI, e.EN = "Máy chủ phát hiện tệp dữ liệu bị sao chép sang máy khác. Đã tạm dừng đồng bộ và cấp mã; dữ liệu vẫn ở trên máy. Hãy liên hệ quản trị.",
			"The server saw this data file copied onto another laptop. Syncing and code issuing are stopped; the data stays here. Contact the administrator."
	case ErrAheadOfServer:
		e.VI, e.EN = "Máy chủ không có các thao tác mà máy này ghi là đã được nhận: máy chủ được khôi phục mà quản trị chưa chạy “motcua-server restore”, hoặc tệp dữ liệu của máy không phải tệp đã đồng bộ. Đã tạm dừng đồng bộ; dữ liệu vẫn ở trên máy. Hãy báo quản trị.",
			"The server holds none of the ops this terminal says it acknowledged: it was restored without “motcua-server restore”, or this data file is not the one that synced. Syncing is stopped; the data stays here. Tell the administrator."
	case ErrUpgrade:
		e.VI, e.EN = "Phiên bản motcua đã cũ so với máy chủ: hãy cập nhật. Dữ liệu vẫn ở trên máy.",
			"This motcua is too old for the server: update it. The data stays here."
	default:
		e.VI, e.EN = "Máy chủ không nhận khóa truy cập của máy: hãy đăng ký lại (motcua enroll). Dữ liệu vẫn ở trên máy.",
			"The server does not accept this terminal's token: enroll again (motcua enroll). The data stays here."
	}
	return e
}
