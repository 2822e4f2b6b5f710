package kvpg

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/motcua/motcua"
)

// retryAfterOutage is how long the API asks a terminal to wait when the
// database is not serving: a fast restart takes a few seconds.
const retryAfterOutage = 5 * time.Second

// Unavailable says whether err means the database is not serving now (a
// restart or crash, backends terminated by an administrator, a cut link,
// a full connection table, a statement or transaction timeout) rather than
// a fault of what was asked: the same request later may well succeed.
func Unavailable(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "57P01", "57P02", "57P03", // admin shutdown, crash shutdown, cannot connect now
			"53300", // too many connections
			"57014": // statement timeout (or a cancel): overloaded
			return true
		}
		return strings.HasPrefix(pe.Code, "08") // connection exception
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	return errors.As(err, &ce) || errors.As(err, &ne) || pgconn.Timeout(err) || pgconn.SafeToRetry(err) ||
		errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, context.DeadlineExceeded)
}

// asOutage turns an outage into the domain's EUNAVAILABLE, which the API
// answers with 503 and Retry-After (not 500): terminals retry as they do
// on a dropped link, and a balancer or a monitor sees an outage, not a
// bug. A domain error from fn passes through unchanged; the cause stays
// wrapped for the log.
func asOutage(err error) error {
	if err == nil || motcua.AsError(err) != nil || !Unavailable(err) {
		return err
	}
	return &motcua.Error{Code: motcua.EUNAVAILABLE, Reason: "database",
		VI:         "Cơ sở dữ liệu tạm thời không phục vụ; hãy thử lại sau ít phút.",
		EN:         "The database is not serving right now; try again in a few minutes.",
		RetryAfter: retryAfterOutage, Err: err}
}
