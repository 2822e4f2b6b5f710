package zalo

import (
	"time"

	"github.com/motcua/motcua"
)

// Store is what the channel needs of the server's store (central.Store).
type Store interface {
	ZaloSettings() (motcua.ZaloSettings, error)
	SetZaloTokenExpiry(time.Time) error
	ZaloNoteError(text string) error
	ZaloFollower(userID string) (motcua.ZaloFollower, error)
	ZaloReply(eventID, userID, text string, f *motcua.ZaloFollower, subscribe string) (dup bool, err error)
	ZaloAsk(eventID, userID string, a motcua.AskArgs) (motcua.QuestionReceipt, bool, error)
	ZaloFindTail(tail string) ([]string, error)
	CitizenLookup(code, key string) (motcua.CitizenView, error)
	PublicURL() (string, error)
	Units() ([]motcua.Unit, error)

	ZaloForgetEvents() (int, error)
	ZaloSenderLease(holder string, ttl time.Duration, force bool) (held, fresh bool, err error)
	ZaloTail() (queued int, more bool, err error)
	ZaloDue(now time.Time) ([]motcua.ZaloMessage, error)
	ZaloInFlight() ([]motcua.ZaloMessage, error)
	ZaloMarkInFlight(id string) error
	ZaloMarkSent(id string) error
	ZaloMarkRetry(id string, next time.Time, reason string) error
	ZaloMarkUndeliverable(id, reason string) error
}
