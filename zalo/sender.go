package zalo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/motcua/motcua"
)

// Sender drains the outbox: it tails the change log into the outbox, then
// sends what is due, one message at a time, each marked in flight (a
// committed write) before Zalo is called and marked sent, retried or
// undeliverable after.
//
// A message found in flight when the Sender starts was handed to Zalo by a
// process that died before recording the answer. Resending it blindly could
// send it twice; dropping it could lose it. So the Sender reads the
// follower's conversation (PathConversation): the text there from the OA
// after the message went in flight means Zalo took it (marked sent);
// otherwise it is sent again. Until the conversation can be read, the
// message waits.
type Sender struct {
	store Store
	dir   string
	now   func() time.Time
	log   *slog.Logger
	wake  chan struct{}

	// Interval is how often the outbox is looked at without a wake-up.
	Interval time.Duration
	// Backoff is the wait before attempt n+1 after a failure (n ≥ 1).
	Backoff func(n int) time.Duration
	// MaxAttempts turns an error Zalo keeps giving into undeliverable.
	MaxAttempts int
	// Shared says the store is shared by several API processes (one
	// PostgreSQL database): the outbox's lease is then waited for, not
	// taken. With a bbolt file only one process runs, and any other
	// holder of the lease is dead.
	Shared bool

	recovered  bool
	forgotAt   time.Time // when old event ids were last dropped
	holder     string    // this sender's name for the lease
	leaseUntil time.Time // while before it (less half the lease), no need to renew
}

// LeaseTTL is how long a sender holds the outbox without renewing: longer
// than a call to Zalo may take (20 s), so a sender that lost the lease is
// not still in a call when another takes over.
const LeaseTTL = 30 * time.Second

// NewSender builds a Sender over a store and the secrets' directory.
func NewSender(s Store, secretsDir string, now func() time.Time, log *slog.Logger) *Sender {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Sender{store: s, dir: secretsDir, now: now, log: log, wake: make(chan struct{}, 1), holder: motcua.NewID(now()),
		Interval: 2 * time.Second, Backoff: DefaultBackoff, MaxAttempts: 30}
}

// DefaultBackoff doubles from 5 seconds up to 30 minutes.
func DefaultBackoff(n int) time.Duration {
	d := 5 * time.Second
	for i := 1; i < n && d < 30*time.Minute; i++ {
		d *= 2
	}
	return min(d, 30*time.Minute)
}

// Wake makes Run look at the outbox now.
func (s *Sender) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run steps until ctx ends.
func (s *Sender) Run(ctx context.Context) {
	t := time.NewTicker(s.Interval)
	defer t.Stop()
	for {
		if err := s.Step(); err != nil {
			s.log.Warn("zalo outbox", "err", err.Error())
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.wake:
		}
	}
}

// Step tails the change log, settles the messages a previous process left
// in flight, and sends what is due. Tests call it directly.
func (s *Sender) Step() error {
	set, err := s.store.ZaloSettings()
	if err != nil || !set.On {
		return err
	}
	if ok, err := s.lease(); err != nil || !ok {
		return err // another API process sends
	}
	for {
		_, more, err := s.store.ZaloTail()
		if err != nil {
			return fmt.Errorf("zalo tail: %w", err)
		}
		if !more {
			break
		}
	}
	c := NewClient(set.APIURL, set.OAuthURL)
	if !s.recovered {
		if err := s.recover(c, set); err != nil {
			s.note(err)
		} else {
			s.recovered = true
		}
	}
	if s.now().Sub(s.forgotAt) > time.Hour {
		if _, err := s.store.ZaloForgetEvents(); err != nil {
			return err
		}
		s.forgotAt = s.now()
	}
	due, err := s.store.ZaloDue(s.now())
	if err != nil {
		return err
	}
	for _, m := range due {
		if err := s.send(c, &set, m); err != nil {
			return err
		}
	}
	return nil
}

// lease takes or renews the outbox's lease (several API processes may share
// one database); a lease newly taken means settling what was left in flight.
func (s *Sender) lease() (bool, error) {
	now := s.now()
	if now.Before(s.leaseUntil.Add(-LeaseTTL / 2)) {
		return true, nil
	}
	held, fresh, err := s.store.ZaloSenderLease(s.holder, LeaseTTL, !s.Shared)
	if err != nil || !held {
		s.leaseUntil = time.Time{}
		return false, err
	}
	if fresh {
		s.recovered = false
	}
	s.leaseUntil = now.Add(LeaseTTL)
	return true, nil
}

func (s *Sender) recover(c *Client, set motcua.ZaloSettings) error {
	left, err := s.store.ZaloInFlight()
	if err != nil || len(left) == 0 {
		return err
	}
	token, err := ReadSecret(s.dir, AccessTokenFile)
	if err != nil {
		return err
	}
	for _, m := range left {
		conv, err := c.Conversation(token, m.UserID, 20)
		if err != nil {
			return fmt.Errorf("read the conversation before resending: %w", err)
		}
		taken := false
		for _, cm := range conv {
			// Zalo's clock and ours may differ a little: a minute's slack.
			if cm.Src == 0 && cm.Message == m.Text && cm.Time >= m.InFlightAt.Add(-time.Minute).UnixMilli() {
				taken = true
			}
		}
		if taken {
			err = s.store.ZaloMarkSent(m.ID)
		} else {
			err = s.store.ZaloMarkRetry(m.ID, s.now(), "")
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// send hands one message to Zalo and records the outcome.
func (s *Sender) send(c *Client, set *motcua.ZaloSettings, m motcua.ZaloMessage) error {
	token, err := s.token(c, set, false)
	if err != nil {
		s.note(err)
		return s.store.ZaloMarkRetry(m.ID, s.now().Add(s.Backoff(m.Attempts+1)), describe(err))
	}
	if err := s.store.ZaloMarkInFlight(m.ID); motcua.ErrorCode(err) == motcua.ECONFLICT {
		return nil // taken meanwhile
	} else if err != nil {
		return err
	}
	m.Attempts++
	_, err = c.SendText(token, m.UserID, m.Text)
	var ae *APIError
	if errors.As(err, &ae) && tokenRefused(ae.Code) {
		if token, err = s.token(c, set, true); err == nil {
			_, err = c.SendText(token, m.UserID, m.Text)
		}
	}
	switch {
	case err == nil:
		return s.store.ZaloMarkSent(m.ID)
	case errors.As(err, &ae) && undeliverable(ae.Code):
		return s.store.ZaloMarkUndeliverable(m.ID, describe(err))
	case m.Attempts >= s.MaxAttempts:
		s.note(err)
		return s.store.ZaloMarkUndeliverable(m.ID, describe(err))
	}
	s.note(err)
	return s.store.ZaloMarkRetry(m.ID, s.now().Add(s.Backoff(m.Attempts)), describe(err))
}

// token returns the access token, refreshed first when it expires within
// ten minutes or when force (Zalo said it is invalid). The new refresh
// token is written before anything else: the old one is spent.
func (s *Sender) token(c *Client, set *motcua.ZaloSettings, force bool) (string, error) {
	token, err := ReadSecret(s.dir, AccessTokenFile)
	if err != nil {
		return "", err
	}
	soon := !set.TokenExpiry.IsZero() && s.now().Add(10*time.Minute).After(set.TokenExpiry)
	if token != "" && !force && !soon {
		return token, nil
	}
	refresh, err := ReadSecret(s.dir, RefreshTokenFile)
	if err != nil {
		return "", err
	}
	if refresh == "" {
		if token == "" {
			return "", errors.New("no access token: run motcua-server zalo set")
		}
		return token, nil // nothing to refresh with: try the one there is
	}
	appSecret, err := ReadSecret(s.dir, AppSecretFile)
	if err != nil {
		return "", err
	}
	t, err := c.Refresh(set.AppID, appSecret, refresh)
	if err != nil {
		return "", fmt.Errorf("refresh the access token: %w", err)
	}
	if err := WriteSecret(s.dir, RefreshTokenFile, t.Refresh); err != nil {
		return "", err
	}
	if err := WriteSecret(s.dir, AccessTokenFile, t.Access); err != nil {
		return "", err
	}
	if t.ExpiresIn > 0 {
		set.TokenExpiry = s.now().Add(t.ExpiresIn)
		if err := s.store.SetZaloTokenExpiry(set.TokenExpiry); err != nil {
			return "", err
		}
	}
	s.log.Info("zalo access token refreshed", "expires", set.TokenExpiry)
	return t.Access, nil
}

func (s *Sender) note(err error) {
	_ = s.store.ZaloNoteError(describe(err))
}

// describe is an error as the officer and `zalo status` read it: Zalo's
// code and a sentence, never a token.
func describe(err error) string {
	var ae *APIError
	if errors.As(err, &ae) {
		switch ae.Code {
		case ErrNotFollower, ErrBlocked, ErrInactive:
			return fmt.Sprintf("Người dân không còn quan tâm hoặc đã chặn OA (Zalo mã %d): không gửi được tin.", ae.Code)
		case ErrWindowClosed:
			return "Đã quá 7 ngày kể từ lần cuối người dân nhắn OA: Zalo không cho gửi tin tư vấn."
		case ErrRateLimit, ErrQuotaExceeded:
			return fmt.Sprintf("Zalo tạm từ chối vì vượt giới hạn gửi (mã %d): sẽ gửi lại sau.", ae.Code)
		}
		return fmt.Sprintf("Zalo báo lỗi %d: %s", ae.Code, motcua.SanitizeLine(ae.Message))
	}
	return motcua.SanitizeLine(err.Error())
}
