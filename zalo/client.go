package zalo

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"
)

// Zalo's addresses; `zalo set --api-url` replaces both (a test stands in).
const (
	DefaultAPIURL   = "https://openapi.zalo.me"
	DefaultOAuthURL = "https://oauth.zaloapp.com"

	PathSendCS       = "/v3.0/oa/message/cs"   // customer-service (tư vấn) message
	PathConversation = "/v2.0/oa/conversation" // the recent messages with one follower
	PathRefresh      = "/v4/oa/access_token"   // a new access token for the refresh token
)

// APIError is an error Zalo answered with (its "error" field, never 0).
type APIError struct {
	Code    int
	Message string
}

func (e *APIError) Error() string { return fmt.Sprintf("zalo error %d: %s", e.Code, e.Message) }

// Zalo's error codes motcua acts on (the OA API's error table; see
// docs/DESIGN.md §14 for the sources and what is still to confirm).
const (
	ErrTokenInvalid  = -216 // access token invalid: refresh and send again
	ErrTokenExpired  = -220 // access token expired or invalidated: the same
	ErrNotFollower   = -213 // the user does not follow the OA
	ErrBlocked       = -217 // the user blocked the OA
	ErrInactive      = -227 // the user's account is banned or long inactive
	ErrWindowClosed  = -230 // no interaction from the user in the last 7 days
	ErrRateLimit     = -32  // the app's request rate is exceeded
	ErrQuotaExceeded = -224 // the OA's message quota is used up
)

// tokenRefused says Zalo wants a fresh access token.
func tokenRefused(code int) bool { return code == ErrTokenInvalid || code == ErrTokenExpired }

// undeliverable says Zalo will never take this message for this follower.
func undeliverable(code int) bool {
	switch code {
	case ErrNotFollower, ErrBlocked, ErrInactive, ErrWindowClosed:
		return true
	}
	return false
}

// Client calls the OA API through resty.
type Client struct {
	api, oauth *resty.Client
}

// NewClient builds a client for the API and OAuth addresses.
func NewClient(apiURL, oauthURL string) *Client {
	if apiURL == "" {
		apiURL = DefaultAPIURL
	}
	if oauthURL == "" {
		oauthURL = DefaultOAuthURL
	}
	mk := func(base string) *resty.Client {
		return resty.New().SetBaseURL(strings.TrimRight(base, "/")).SetTimeout(20*time.Second).
			SetHeader("User-Agent", "motcua-server").SetLogger(quiet{})
	}
	return &Client{api: mk(apiURL), oauth: mk(oauthURL)}
}

type envelope struct {
	Error   int             `json:"error"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data"`
}

func decodeEnvelope(status int, body []byte) (envelope, error) {
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		return env, fmt.Errorf("zalo answered HTTP %d without JSON", status)
	}
	if env.Error != 0 {
		return env, &APIError{Code: env.Error, Message: env.Message}
	}
	if status >= 300 {
		return env, fmt.Errorf("zalo answered HTTP %d", status)
	}
	return env, nil
}

// SendText sends a customer-service text to a follower and returns Zalo's
// message id.
func (c *Client) SendText(token, userID, text string) (string, error) {
	body := map[string]any{"recipient": map[string]string{"user_id": userID}, "message": map[string]string{"text": text}}
	resp, err := c.api.R().SetHeader("access_token", token).SetHeader("Content-Type", "application/json").
		SetBody(body).Post(PathSendCS)
	if err != nil {
		return "", fmt.Errorf("zalo unreachable: %w", err)
	}
	env, err := decodeEnvelope(resp.StatusCode(), resp.Body())
	if err != nil {
		return "", err
	}
	var d struct {
		MessageID string `json:"message_id"`
	}
	_ = json.Unmarshal(env.Data, &d)
	return d.MessageID, nil
}

// ConversationMessage is one message of a conversation; Src 0 is the OA's.
type ConversationMessage struct {
	Src     int    `json:"src"`
	Time    int64  `json:"time"`
	Type    string `json:"type"`
	Message string `json:"message"`
}

// Conversation returns the last count messages between the OA and a
// follower, newest first.
func (c *Client) Conversation(token, userID string, count int) ([]ConversationMessage, error) {
	q, _ := json.Marshal(map[string]any{"user_id": userID, "offset": 0, "count": count})
	resp, err := c.api.R().SetHeader("access_token", token).SetQueryParam("data", string(q)).Get(PathConversation)
	if err != nil {
		return nil, fmt.Errorf("zalo unreachable: %w", err)
	}
	env, err := decodeEnvelope(resp.StatusCode(), resp.Body())
	if err != nil {
		return nil, err
	}
	var out []ConversationMessage
	if err := json.Unmarshal(env.Data, &out); err != nil {
		return nil, fmt.Errorf("zalo conversation: %w", err)
	}
	return out, nil
}

// Tokens is a refresh's answer.
type Tokens struct {
	Access, Refresh string
	ExpiresIn       time.Duration
}

// Refresh exchanges the (single-use) refresh token for a new access token
// and a new refresh token.
func (c *Client) Refresh(appID, appSecret, refreshToken string) (Tokens, error) {
	resp, err := c.oauth.R().SetHeader("secret_key", appSecret).
		SetFormDataFromValues(url.Values{"refresh_token": {refreshToken}, "app_id": {appID}, "grant_type": {"refresh_token"}}).
		Post(PathRefresh)
	if err != nil {
		return Tokens{}, fmt.Errorf("zalo unreachable: %w", err)
	}
	var r struct {
		AccessToken  string          `json:"access_token"`
		RefreshToken string          `json:"refresh_token"`
		ExpiresIn    json.RawMessage `json:"expires_in"`
		Error        int             `json:"error"`
		Description  string          `json:"error_description"`
	}
	if err := json.Unmarshal(resp.Body(), &r); err != nil {
		return Tokens{}, fmt.Errorf("zalo token refresh answered HTTP %d without JSON", resp.StatusCode())
	}
	if r.Error != 0 || r.AccessToken == "" || r.RefreshToken == "" {
		return Tokens{}, &APIError{Code: r.Error, Message: "token refresh refused: " + r.Description}
	}
	secs, _ := strconv.Atoi(strings.Trim(string(r.ExpiresIn), `"`))
	return Tokens{Access: r.AccessToken, Refresh: r.RefreshToken, ExpiresIn: time.Duration(secs) * time.Second}, nil
}

// quiet drops resty's own log lines: a request's headers carry the token.
type quiet struct{}

func (quiet) Errorf(string, ...any) {}
func (quiet) Warnf(string, ...any)  {}
func (quiet) Debugf(string, ...any) {}
