package zalo

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"
)

// SignatureHeader carries an event's signature: "mac=" followed by the
// hex SHA-256 of app id + raw body + the event's timestamp + the OA secret
// key (Zalo for Developers, "Xác thực Webhook").
const SignatureHeader = "X-ZEvent-Signature"

// MaxEventAge is how far an event's timestamp may be from the server's
// clock (either way) before the event is refused as a replay.
const MaxEventAge = 15 * time.Minute

// Event is the part of an OA webhook event motcua reads.
type Event struct {
	AppID     string `json:"app_id"`
	EventName string `json:"event_name"`
	Timestamp string `json:"timestamp"` // milliseconds since 1970, as a string
	Sender    struct {
		ID string `json:"id"`
	} `json:"sender"`
	Recipient struct {
		ID string `json:"id"`
	} `json:"recipient"`
	// Follower is who followed the OA (event follow).
	Follower struct {
		ID string `json:"id"`
	} `json:"follower"`
	Message struct {
		Text  string `json:"text"`
		MsgID string `json:"msg_id"`
	} `json:"message"`
}

// EventID names the event for the duplicate check: the message's id, or
// for an event without one its name, sender and timestamp.
func (e Event) EventID() string {
	if e.Message.MsgID != "" {
		return "m/" + e.Message.MsgID
	}
	return "x/" + e.EventName + "/" + e.Sender.ID + "/" + e.Timestamp
}

var (
	errSignature = errors.New("zalo: signature missing or wrong")
	errStale     = errors.New("zalo: event timestamp too old or in the future")
	errMalformed = errors.New("zalo: event is not the JSON Zalo sends")
)

// Sign is what Zalo puts in SignatureHeader for body (tests build events
// with it, as Zalo builds them).
func Sign(appID string, body []byte, timestamp, secretKey string) string {
	h := sha256.New()
	h.Write([]byte(appID))
	h.Write(body)
	h.Write([]byte(timestamp))
	h.Write([]byte(secretKey))
	return "mac=" + hex.EncodeToString(h.Sum(nil))
}

// Verify checks an event's signature in constant time, then its age, and
// returns it decoded. The timestamp signed is the one inside the body.
func Verify(appID, secretKey string, body []byte, signature string, now time.Time) (Event, error) {
	var e Event
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var raw map[string]any
	if err := dec.Decode(&raw); err != nil {
		return e, errMalformed
	}
	ts := ""
	switch v := raw["timestamp"].(type) {
	case string:
		ts = v
	case json.Number:
		ts = v.String()
	}
	if ts == "" || secretKey == "" {
		return e, errSignature
	}
	want := Sign(appID, body, ts, secretKey)
	got := strings.TrimSpace(signature)
	if subtle.ConstantTimeCompare([]byte(want), []byte(got)) != 1 {
		return e, errSignature
	}
	ms, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return e, errStale
	}
	if d := now.Sub(time.UnixMilli(ms)); d > MaxEventAge || d < -MaxEventAge {
		return e, errStale
	}
	if err := json.Unmarshal(body, &e); err != nil {
		// A numeric timestamp or id: read them again as numbers.
		var alt struct {
			Event
			Timestamp json.Number `json:"timestamp"`
		}
		if err := json.Unmarshal(body, &alt); err != nil {
			return e, errMalformed
		}
		e = alt.Event
	}
	e.Timestamp = ts
	return e, nil
}
