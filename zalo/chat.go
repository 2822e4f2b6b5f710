package zalo

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua"
)

// A follower's text is a lookup when it holds a tracking code in any
// spelling the terminal's search accepts: the full code (with or without
// its check digit) or the receipt's printed tail "yyMMdd-NNNN[-c]".
var (
	// The check digit follows a dash or the number itself ("…-0361-7",
	// "…-03617"), never a bare space: "…-0361 3EK…" is a code and a key.
	fullCodeRE = regexp.MustCompile(`\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}\s*-\s*\d{6}\s*-\s*\d{4}(?:\s*-\s*\d|\d)?`)
	tailRE     = regexp.MustCompile(`(?:^|\D)(\d{6})[-\s]+(\d{4})(?:[-\s]+(\d))?(?:\D|$)`)
	keyRE      = regexp.MustCompile(`[0-9A-Z]{5}[-\s]?[0-9A-Z]{5}[-\s]?[0-9A-Z]{5}`)
)

// reply is what a follower's message leads to: a text by return (lookup),
// or a question for a unit.
type reply struct {
	text      string
	follower  *motcua.ZaloFollower
	subscribe string // a code whose notices the follower asked for
	ask       *motcua.AskArgs
}

// findCode returns the code a text names ("" when none) and an error text
// for a code that is there but wrong (a check digit that does not match,
// a tail found in several units).
func (h *Handler) findCode(text, key string) (code, problem string, err error) {
	up := strings.ToUpper(text)
	if m := fullCodeRE.FindString(up); m != "" {
		c, perr := motcua.ParseCode(m)
		if perr != nil {
			return "", motcua.ErrorMessage(perr, motcua.VI), nil
		}
		return c.String(), "", nil
	}
	m := tailRE.FindStringSubmatch(up)
	if m == nil {
		return "", "", nil
	}
	if _, err := time.Parse("060102", m[1]); err != nil {
		return "", "", nil // not a date: a phone number, say, in a question
	}
	if m[3] != "" && fmt.Sprint(motcua.Damm(m[1]+m[2])) != m[3] {
		return "", "Chữ số kiểm tra của mã " + m[1] + "-" + m[2] + "-" + m[3] + " không khớp: xin đọc lại mã trên giấy tiếp nhận.", nil
	}
	codes, err := h.store.ZaloFindTail("-" + m[1] + "-" + m[2])
	if err != nil {
		return "", "", err
	}
	switch {
	case len(codes) == 0:
		// Same answer as a code of another province: not found here.
		return "?" + m[1] + "-" + m[2], "", nil
	case len(codes) == 1:
		return codes[0], "", nil
	}
	for _, c := range codes {
		if v, err := h.store.CitizenLookup(c, key); err == nil && v.Keyed {
			return c, "", nil
		}
	}
	return "", "Mã " + m[1] + "-" + m[2] + " có ở nhiều đơn vị: xin gửi mã đầy đủ in trên giấy tiếp nhận (ví dụ 000.00.06.H56-" + m[1] + "-" + m[2] + ").", nil
}

// findKey returns a lookup key in the text, "" when none.
func findKey(text, code string) string {
	up := strings.ToUpper(strings.Replace(text, code, " ", 1))
	for _, m := range keyRE.FindAllString(up, -1) {
		if k := motcua.NormalizeLookupKey(m); k != "" && motcua.Digits(k) != k {
			return k
		}
	}
	return ""
}

// decide reads a follower's text.
func (h *Handler) decide(userID, text string) (reply, error) {
	text = motcua.NFC(strings.TrimSpace(text))
	f, err := h.store.ZaloFollower(userID)
	if err != nil {
		return reply{}, err
	}
	key := findKey(text, "")
	code, problem, err := h.findCode(text, key)
	if err != nil {
		return reply{}, err
	}
	if problem != "" {
		return reply{text: problem}, nil
	}
	if code != "" {
		return h.lookup(f, code, findKey(text, code), text)
	}
	return h.question(f, text)
}

func (h *Handler) lookup(f motcua.ZaloFollower, code, key, text string) (reply, error) {
	if strings.HasPrefix(code, "?") {
		return reply{text: motcua.ZaloLookupText(motcua.CitizenView{Code: strings.TrimPrefix(code, "?")}, "")}, nil
	}
	v, err := h.store.CitizenLookup(code, key)
	if err != nil {
		return reply{}, err
	}
	url := ""
	if v.Keyed {
		pub, _ := h.store.PublicURL()
		url = motcua.LookupURL(pub, code, key)
	}
	r := reply{text: motcua.ZaloLookupText(v, url)}
	if !v.Found {
		return r, nil
	}
	c, _ := motcua.ParseCode(code)
	f.LastCode, f.Keyed, f.Unit, f.Pending = code, v.Keyed, c.Unit, ""
	r.follower = &f
	if v.Keyed {
		if strings.Contains(motcua.Fold(text), "theo doi") {
			r.subscribe = code
			r.text += "\n" + motcua.ZaloSubscribedText(code)
		} else {
			r.text += "\nNhắn mã, khóa tra cứu và chữ “theo dõi” để được báo qua Zalo khi hồ sơ có kết quả."
		}
	}
	return r, nil
}

// question routes a text to a unit: the commune the text names, else the
// unit of the follower's last dossier or last question, else the OA's
// default unit; with none, the follower is asked and the text kept.
func (h *Handler) question(f motcua.ZaloFollower, text string) (reply, error) {
	units, err := h.store.Units()
	if err != nil {
		return reply{}, err
	}
	unit := namedUnit(units, text)
	if unit != "" && f.Pending != "" {
		text = f.Pending + "\n" + text
	}
	if unit == "" {
		unit = f.Unit
	}
	if unit == "" {
		s, err := h.store.ZaloSettings()
		if err != nil {
			return reply{}, err
		}
		unit = s.DefaultUnit
	}
	if unit == "" {
		kept := strings.TrimSpace(f.Pending + "\n" + text)
		if utf8.RuneCountInString(kept) > motcua.MaxQuestionRunes {
			// Said, not dropped quietly: the earlier messages are kept.
			return reply{text: "Tin này chưa được giữ vì câu hỏi đã quá dài. " + motcua.ZaloWhichUnitText()}, nil
		}
		f.Pending = kept
		return reply{text: motcua.ZaloWhichUnitText(), follower: &f}, nil
	}
	a := motcua.AskArgs{Unit: unit, AskerName: "Người dùng Zalo", Contact: "Zalo", DossierCode: f.LastCode, Text: text}
	if c, err := motcua.ParseCode(f.LastCode); err != nil || c.Unit != unit || !f.Keyed {
		a.DossierCode = ""
	}
	return reply{ask: &a}, nil
}

// namedUnit finds the unit whose name the text holds, accents and case
// aside ("xa tan thanh" names "UBND xã Tân Thành"); the longest name wins.
func namedUnit(units []motcua.Unit, text string) string {
	t := " " + strings.Join(motcua.Tokens(motcua.Fold(text)), " ") + " "
	best, bestLen := "", 0
	for _, u := range units {
		n := strings.Join(motcua.Tokens(motcua.Fold(u.Name)), " ")
		for _, p := range []string{"uy ban nhan dan ", "ubnd ", "bo phan mot cua "} {
			n = strings.TrimPrefix(n, p)
		}
		if n != "" && strings.Contains(t, " "+n+" ") && len(n) > bestLen {
			best, bestLen = u.Code, len(n)
		}
	}
	return best
}
