package motcua

import (
	"strings"
	"time"
	"unicode/utf8"
)

// QuestionStatus follows a citizen's question (hỏi đáp, phản ánh kiến nghị).
type QuestionStatus string

const (
	QuestionSent       QuestionStatus = "sent"       // Đã gửi
	QuestionReceived   QuestionStatus = "received"   // Đã nhận
	QuestionProcessing QuestionStatus = "processing" // Đang xử lý
	QuestionAnswered   QuestionStatus = "answered"   // Đã trả lời
	QuestionClosed     QuestionStatus = "closed"     // Đã đóng
)

var questionStatusLabels = &lazyMap[QuestionStatus, [2]string]{build: func() map[QuestionStatus][2]string {
	return map[QuestionStatus][2]string{
		QuestionSent:       {"Đã gửi", "Sent"},
		QuestionReceived:   {"Đã nhận", "Received"},
		QuestionProcessing: {"Đang xử lý", "Processing"},
		QuestionAnswered:   {"Đã trả lời", "Answered"},
		QuestionClosed:     {"Đã đóng", "Closed"},
	}
}}

// Label returns the status in lang.
func (s QuestionStatus) Label(lang Lang) string {
	l, ok := questionStatusLabels.get()[s]
	if !ok {
		return string(s)
	}
	if lang == EN {
		return l[1]
	}
	return l[0]
}

// Open reports whether the question still waits for an answer.
func (s QuestionStatus) Open() bool {
	return s == QuestionSent || s == QuestionReceived || s == QuestionProcessing
}

// QuestionChannel is where a question came from.
type QuestionChannel string

const (
	AskZalo    QuestionChannel = "zalo"
	AskWeb     QuestionChannel = "web"
	AskCounter QuestionChannel = "counter"
	AskPhone   QuestionChannel = "phone"
)

// Valid reports whether c is known.
func (c QuestionChannel) Valid() bool {
	return c == AskZalo || c == AskWeb || c == AskCounter || c == AskPhone
}

// Answer is one reply to a question; answers are append-only.
type Answer struct {
	At       time.Time `json:"at"`
	Officer  string    `json:"officer,omitempty"`
	Terminal string    `json:"terminal,omitempty"`
	Text     string    `json:"text"`
	OpID     string    `json:"op_id,omitempty"`
	// AfterClose marks an answer that arrived once another officer had
	// closed the question (an offline terminal's): kept, and shown as
	// "trả lời sau khi đã đóng", but the question stays closed.
	AfterClose bool `json:"after_close,omitempty"`
}

// Question is a citizen's question or feedback.
type Question struct {
	ID          string          `json:"id"`
	Unit        string          `json:"unit"`
	Channel     QuestionChannel `json:"channel"`
	AskerName   string          `json:"asker_name"`
	Contact     string          `json:"contact,omitempty"`
	DossierCode string          `json:"dossier_code,omitempty"`
	Title       string          `json:"title,omitempty"`
	Text        string          `json:"text"`
	ReceivedAt  time.Time       `json:"received_at"`
	Status      QuestionStatus  `json:"status"`
	Answers     []Answer        `json:"answers,omitempty"`
	Public      bool            `json:"public,omitempty"`
	Version     int64           `json:"version"`
	ClosedBy    string          `json:"closed_by,omitempty"` // the officer who closed it
	ClosedAt    time.Time       `json:"closed_at,omitzero"`
	// Delivery is set on a question asked by Zalo (Channel AskZalo) once
	// an answer is on its way back: the server writes it, the officer who
	// answered sees it. DeliveryNote says why an answer was undeliverable.
	Delivery     Delivery `json:"delivery,omitempty"`
	DeliveryNote string   `json:"delivery_note,omitempty"`
}

// LateAnswers counts the answers that arrived after the question was
// closed: what the officer who closed it should read.
func (q Question) LateAnswers() int {
	n := 0
	for _, a := range q.Answers {
		if a.AfterClose {
			n++
		}
	}
	return n
}

// Limits for a question, so the public endpoint cannot be used to store
// arbitrary amounts of text.
const (
	MaxQuestionRunes = 4000
	MaxTitleRunes    = 200
)

// AskArgs creates a question (logged at the counter, or arriving from the web).
type AskArgs struct {
	Unit        string          `json:"unit"`
	Channel     QuestionChannel `json:"channel"`
	AskerName   string          `json:"asker_name"`
	Contact     string          `json:"contact,omitempty"`
	DossierCode string          `json:"dossier_code,omitempty"`
	Title       string          `json:"title,omitempty"`
	Text        string          `json:"text"`
	Public      bool            `json:"public,omitempty"`
	ReceivedAt  time.Time       `json:"received_at"`
}

// AnswerArgs appends an answer; Close also closes the question.
type AnswerArgs struct {
	Text  string `json:"text"`
	Close bool   `json:"close,omitempty"`
}

// ValidateAsk cleans and checks a new question; the public endpoint and the
// counter both call it.
func ValidateAsk(a AskArgs) (AskArgs, error) {
	var err error
	if err = ValidateUnitCode(a.Unit); err != nil {
		return a, err
	}
	if !a.Channel.Valid() {
		return a, Errorf(EINVALID, "channel", "channel", "Kênh hỏi đáp %q không hợp lệ.", "Unknown question channel %q.", a.Channel)
	}
	if a.AskerName, err = ValidateName(a.AskerName); err != nil {
		return a, prefixField(err, "asker")
	}
	a.Contact = SanitizeLine(a.Contact)
	if utf8.RuneCountInString(a.Contact) > 100 {
		return a, Errorf(EINVALID, "too_long", "contact", "Thông tin liên hệ quá dài.", "Contact too long.")
	}
	if p, _, err := NormalizePhone(a.Contact); err == nil {
		a.Contact = p
	}
	if a.DossierCode = strings.TrimSpace(a.DossierCode); a.DossierCode != "" {
		c, err := ParseCode(a.DossierCode)
		if err != nil {
			return a, err
		}
		a.DossierCode = c.String()
	}
	a.Title = SanitizeLine(a.Title)
	if utf8.RuneCountInString(a.Title) > MaxTitleRunes {
		return a, Errorf(EINVALID, "too_long", "title", "Tiêu đề quá dài (tối đa %d ký tự).", "Title too long (at most %d characters).", MaxTitleRunes)
	}
	if a.Text, err = cleanText(a.Text, MaxQuestionRunes, "text"); err != nil {
		return a, err
	}
	if a.Text == "" {
		return a, Errorf(EINVALID, "question_empty", "text", "Nội dung câu hỏi trống.", "The question is empty.")
	}
	return a, nil
}

// ApplyQuestion is Apply for question ops: creating is idempotent by id,
// answers are append-only and never conflict.
func ApplyQuestion(cur *Question, op Op) (Question, Result) {
	res := Result{Seq: op.Seq, OpID: op.ID, DossierID: op.QuestionID}
	reject := func(err error) (Question, Result) {
		res.Status, res.Reason = Rejected, ErrorReason(err)
		res.MessageVI, res.MessageEN = ErrorMessage(err, VI), ErrorMessage(err, EN)
		if cur != nil {
			res.DossierVersion = cur.Version
			return *cur, res
		}
		return Question{}, res
	}
	switch op.Kind {
	case OpAsk:
		var a AskArgs
		if err := decodeArgs(op.Args, &a); err != nil {
			return reject(err)
		}
		if cur != nil {
			res.Status, res.DossierVersion = Superseded, cur.Version
			return *cur, res
		}
		if !ValidID(op.QuestionID) {
			return reject(Errorf(EINVALID, "question_id", "question_id", "Mã câu hỏi không hợp lệ.", "Invalid question id."))
		}
		a, err := ValidateAsk(a)
		if err != nil {
			return reject(err)
		}
		if a.ReceivedAt.IsZero() {
			a.ReceivedAt = op.ClientTime
		}
		q := Question{ID: op.QuestionID, Unit: a.Unit, Channel: a.Channel, AskerName: a.AskerName, Contact: a.Contact,
			DossierCode: a.DossierCode, Title: a.Title, Text: a.Text, ReceivedAt: a.ReceivedAt, Status: QuestionReceived,
			Public: a.Public, Version: 1}
		res.Status, res.DossierVersion = Applied, q.Version
		return q, res
	case OpAnswer:
		var a AnswerArgs
		if err := decodeArgs(op.Args, &a); err != nil {
			return reject(err)
		}
		if cur == nil {
			return reject(Errorf(ENOTFOUND, "question_not_found", "question_id", "Không tìm thấy câu hỏi.", "Question not found."))
		}
		for _, an := range cur.Answers {
			if op.ID != "" && an.OpID == op.ID {
				// This answer is in already: a second copy would show twice.
				res.Status, res.DossierVersion = Superseded, cur.Version
				return *cur, res
			}
		}
		text, err := cleanText(a.Text, MaxQuestionRunes, "text")
		if err != nil {
			return reject(err)
		}
		if text == "" {
			return reject(Errorf(EINVALID, "answer_empty", "text", "Câu trả lời trống.", "The answer is empty."))
		}
		q := *cur
		ans := Answer{At: op.ClientTime, Officer: op.Officer, Terminal: op.Terminal, Text: text, OpID: op.ID}
		switch {
		case cur.Status == QuestionClosed:
			// Closed stays closed: a late answer (an offline terminal's) is
			// kept for the officer who closed it to read, never reopens it.
			ans.AfterClose = true
			res.MessageVI = "Câu hỏi đã được " + cur.ClosedBy + " đóng trước đó; câu trả lời của bạn được lưu, ghi là trả lời sau khi đã đóng."
			res.MessageEN = "The question had already been closed by " + cur.ClosedBy + "; your answer is kept, marked as answered after closing."
		case a.Close:
			q.Status, q.ClosedBy, q.ClosedAt = QuestionClosed, op.Officer, op.ClientTime
		default:
			q.Status = QuestionAnswered
		}
		q.Answers = append(append([]Answer(nil), cur.Answers...), ans)
		q.Version++
		res.Status, res.DossierVersion = Applied, q.Version
		return q, res
	}
	return reject(Errorf(EINVALID, "op_kind", "kind", "Loại thao tác %q không được hỗ trợ.", "Unsupported operation %q.", op.Kind))
}

// IsQuestionOp reports whether kind acts on a question rather than a dossier.
func IsQuestionOp(kind OpKind) bool { return kind == OpAsk || kind == OpAnswer }
