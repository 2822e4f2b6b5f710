package motcua

import (
	"fmt"
	"strings"
	"time"
)

// The Zalo Official Account channel (docs/DESIGN.md §14): what the server
// keeps of it, shared by package central (which stores it) and package zalo
// (which speaks to Zalo). No secret is in these types: the secret key and
// the tokens live in files of mode 0600 under the server's data directory.

// Delivery says how the answers to a question asked by Zalo reached the
// follower; the officer's terminal shows it beside the question.
type Delivery string

const (
	DeliveryPending       Delivery = "pending"       // in the server's outbox, not yet accepted by Zalo
	DeliverySent          Delivery = "sent"          // Zalo accepted the last answer
	DeliveryUndeliverable Delivery = "undeliverable" // Zalo refused it for good (blocked, reply window closed)
)

// ZaloSettings is the OA's configuration as `motcua-server zalo set` wrote it.
type ZaloSettings struct {
	On          bool   `json:"on"`
	OAID        string `json:"oa_id"`
	AppID       string `json:"app_id"`
	DefaultUnit string `json:"default_unit,omitempty"`
	// APIURL is the OA API's address (Zalo's by default; a test stands in).
	APIURL string `json:"api_url,omitempty"`
	// OAuthURL is where the access token is refreshed (Zalo's by default).
	OAuthURL string `json:"oauth_url,omitempty"`
	// TokenExpiry is when the access token expires; zero when unknown (a
	// token pasted by hand: it is refreshed on Zalo's first "invalid token").
	TokenExpiry time.Time `json:"token_expiry,omitzero"`
}

// ZaloMsgState is where an outbox message is.
type ZaloMsgState string

const (
	ZaloQueued   ZaloMsgState = "queued"   // waits for its turn (NextAt)
	ZaloInFlight ZaloMsgState = "inflight" // handed to Zalo; no answer recorded yet
	ZaloFailed   ZaloMsgState = "undeliverable"
)

// ZaloMessage is one text in the server's outbox to a follower.
type ZaloMessage struct {
	ID     string `json:"id"`
	Key    string `json:"key"` // what it answers: one message per key, ever
	UserID string `json:"user_id"`
	Text   string `json:"text"`
	// QuestionID is set for an officer's answer: its delivery state is
	// written back on the question.
	QuestionID string       `json:"question_id,omitempty"`
	State      ZaloMsgState `json:"state"`
	Attempts   int          `json:"attempts"`
	CreatedAt  time.Time    `json:"created_at"`
	NextAt     time.Time    `json:"next_at"`
	InFlightAt time.Time    `json:"inflight_at,omitzero"`
	LastError  string       `json:"last_error,omitempty"`
}

// ZaloStatus is what `motcua-server zalo status` prints: never a secret.
type ZaloStatus struct {
	Configured    bool         `json:"configured"`
	Settings      ZaloSettings `json:"settings"`
	Outbox        int          `json:"outbox"`        // messages waiting or in flight
	Undeliverable int          `json:"undeliverable"` // kept for the record
	Sent          uint64       `json:"sent"`
	LastError     string       `json:"last_error,omitempty"`
	LastErrorAt   time.Time    `json:"last_error_at,omitzero"`
}

// ZaloFollower is what the server remembers of a follower, to route their
// next question: the dossier they last asked about and the unit chosen.
type ZaloFollower struct {
	LastCode string `json:"last_code,omitempty"`
	// Keyed: the follower showed LastCode's lookup key, so a question of
	// theirs may say which dossier it is about (a code alone may be a
	// stranger's, and the officer's answer would then be read by them).
	Keyed bool   `json:"keyed,omitempty"`
	Unit  string `json:"unit,omitempty"`
	// Pending is a question kept while the follower is asked which
	// commune it is for (no dossier, no default unit).
	Pending string    `json:"pending,omitempty"`
	SeenAt  time.Time `json:"seen_at"`
}

// ZaloMaxText is the longest text one customer-service message carries
// (Zalo's limit is 2,000 characters): a longer answer goes as several
// messages, never cut.
const ZaloMaxText = 2000

// SplitZaloText cuts s into parts of at most ZaloMaxText runes, at a line
// or a space where it can; nothing is dropped.
func SplitZaloText(s string) []string {
	r := []rune(s)
	var parts []string
	for len(r) > ZaloMaxText {
		cut := ZaloMaxText
		for i := ZaloMaxText; i > ZaloMaxText/2; i-- {
			if r[i] == '\n' || r[i] == ' ' {
				cut = i
				break
			}
		}
		parts = append(parts, string(r[:cut]))
		r = r[cut:]
		for len(r) > 0 && (r[0] == '\n' || r[0] == ' ') {
			r = r[1:]
		}
	}
	return append(parts, string(r))
}

// ZaloLookupText is the reply to a follower who sent a tracking code: the
// key-less status (procedure, status, appointment), or with the key the
// citizen view in a few lines and the lookup address. A code that does not
// exist reads like a code of another province: "not found here".
func ZaloLookupText(v CitizenView, lookupURL string) string {
	if !v.Found {
		return "Không tìm thấy hồ sơ mã " + v.Code + " trên hệ thống một cửa của tỉnh. " +
			"Xin kiểm tra lại mã in trên giấy tiếp nhận (ví dụ 000.00.06.H56-231027-0361)."
	}
	s := "Hồ sơ " + v.Code + "\nThủ tục: " + v.ProcedureName + "\nTrạng thái: " + v.Status.Label(VI)
	if !v.Appointment.IsZero() && v.Status.Open() {
		s += "\nHẹn trả kết quả: " + FormatAppointment(v.Appointment, VI)
	}
	if !v.Keyed {
		return s + "\nGửi kèm khóa tra cứu (in trên giấy tiếp nhận) để xem chi tiết."
	}
	if v.Unit.Name != "" {
		s += "\nNơi tiếp nhận: " + v.Unit.Name
	}
	s += "\nNgày tiếp nhận: " + FormatDate(v.ReceivedAt)
	if len(v.Missing) > 0 {
		s += "\nCần bổ sung: " + joinLines(v.Missing)
	}
	if v.Reason != "" {
		s += "\nLý do: " + v.Reason
	}
	if v.FeeDue > 0 && !v.FeePaid {
		s += fmt.Sprintf("\nPhí, lệ phí còn phải nộp: %d đồng", v.FeeDue)
	}
	if lookupURL != "" {
		s += "\nXem đầy đủ: " + lookupURL
	}
	return s
}

// ZaloNotice is a change a follower asked to hear about.
type ZaloNotice string

const (
	NoticeSupplement ZaloNotice = "supplement" // status 5, with the list of papers
	NoticeDone       ZaloNotice = "done"       // status 9: the result is ready
	NoticeReschedule ZaloNotice = "reschedule" // Mẫu 04: a new date and the reason
)

// NoticeOf says which notice a dossier's current state calls for, and the
// key that makes it one message ever ("" when none).
func NoticeOf(d Dossier) (ZaloNotice, string) {
	switch {
	case d.Status == StatusSupplement:
		return NoticeSupplement, fmt.Sprintf("%s/5/%d", d.ID, d.Supplements)
	case d.Status == StatusDone:
		return NoticeDone, d.ID + "/9"
	case d.Rescheduled() && d.Status.Open():
		return NoticeReschedule, fmt.Sprintf("%s/appt/%d", d.ID, d.Appointment.Unix())
	}
	return "", ""
}

// ZaloNoticeText is the notification of n about d.
func ZaloNoticeText(d Dossier, n ZaloNotice, now time.Time) string {
	v := CitizenViewOf(d, true, now)
	head := "Hồ sơ " + d.Code + " (" + d.ProcedureName + "): "
	switch n {
	case NoticeSupplement:
		s := head + "cần bổ sung giấy tờ."
		if len(v.Missing) > 0 {
			s += "\n" + joinLines(v.Missing)
		}
		if v.Reason != "" {
			s += "\n" + v.Reason
		}
		return s + "\nXin mang đến bộ phận một cửa nơi đã nộp hồ sơ."
	case NoticeDone:
		return head + "đã có kết quả. Xin mang giấy tiếp nhận đến bộ phận một cửa để nhận."
	}
	s := head + "ngày hẹn trả được dời đến " + FormatAppointment(d.Appointment, VI) + "."
	for i := len(d.History) - 1; i >= 0; i-- {
		if d.History[i].Kind == OpReschedule && d.History[i].Text != "" {
			_, reason, _ := strings.Cut(d.History[i].Text, ": ") // "old → new: reason"
			s += "\nLý do: " + reason
			break
		}
	}
	return s
}

// ZaloAnswerText is an officer's answer as the follower reads it.
func ZaloAnswerText(unitName string, a Answer) string {
	from := "Bộ phận một cửa"
	if unitName != "" {
		from += " " + unitName
	}
	return from + " trả lời câu hỏi của bạn:\n" + a.Text
}

func joinLines(l []string) string {
	s := ""
	for _, x := range l {
		s += "\n- " + x
	}
	return s
}

// ZaloAskedText acknowledges a follower's question.
func ZaloAskedText(unitName string) string {
	return "Câu hỏi của bạn đã được chuyển đến bộ phận một cửa " + unitName +
		". Cán bộ sẽ trả lời bạn qua Zalo này."
}

// ZaloSubscribedText confirms a follower's request for notifications.
func ZaloSubscribedText(code string) string {
	return "Bạn sẽ nhận tin qua Zalo khi hồ sơ " + code +
		" cần bổ sung giấy tờ, được hẹn lại ngày trả hoặc đã có kết quả."
}

// ZaloWelcomeText greets a new follower with what the OA does.
func ZaloWelcomeText() string {
	return "Cảm ơn bạn đã quan tâm bộ phận một cửa. Nhắn mã hồ sơ (in trên giấy tiếp nhận) để biết hồ sơ đang ở đâu; " +
		"nhắn kèm khóa tra cứu để xem chi tiết. Mọi câu hỏi khác sẽ được chuyển đến cán bộ, trả lời qua Zalo này."
}

// ZaloWhichUnitText asks a follower which commune their question is for.
func ZaloWhichUnitText() string {
	return "Câu hỏi của bạn gửi đến bộ phận một cửa xã, phường nào? Xin nhắn tên xã, phường (ví dụ: xã Tân Thành)."
}
