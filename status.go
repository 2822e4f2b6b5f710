package motcua

import (
	"strconv"
	"strings"
)

// Status is a dossier's state, numbered as the national portal numbers them.
type Status int

const (
	StatusRegistered Status = 1  // Mới đăng ký: submitted online, not yet received
	StatusReceived   Status = 2  // Được tiếp nhận
	StatusRefused    Status = 3  // Không được tiếp nhận
	StatusProcessing Status = 4  // Đang xử lý
	StatusSupplement Status = 5  // Yêu cầu bổ sung giấy tờ
	StatusPayment    Status = 6  // Yêu cầu thực hiện nghĩa vụ tài chính
	StatusWithdrawn  Status = 7  // Công dân yêu cầu rút hồ sơ
	StatusStopped    Status = 8  // Dừng xử lý
	StatusDone       Status = 9  // Đã xử lý xong
	StatusReturned   Status = 10 // Đã trả kết quả
)

// AllStatuses lists the statuses in their official order.
var AllStatuses = []Status{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}

var statusLabels = &lazyMap[Status, [2]string]{build: func() map[Status][2]string {
	return map[Status][2]string{
		StatusRegistered: {"Mới đăng ký", "Registered"},
		StatusReceived:   {"Được tiếp nhận", "Received"},
		StatusRefused:    {"Không được tiếp nhận", "Refused"},
		StatusProcessing: {"Đang xử lý", "Processing"},
		StatusSupplement: {"Yêu cầu bổ sung giấy tờ", "Supplement requested"},
		StatusPayment:    {"Yêu cầu thực hiện nghĩa vụ tài chính", "Payment requested"},
		StatusWithdrawn:  {"Công dân yêu cầu rút hồ sơ", "Withdrawn"},
		StatusStopped:    {"Dừng xử lý", "Stopped"},
		StatusDone:       {"Đã xử lý xong", "Done"},
		StatusReturned:   {"Đã trả kết quả", "Returned"},
	}
}}

// Action names, for the "what can I do next" menus: the verb that moves a
// dossier into each status.
var statusActions = &lazyMap[Status, [2]string]{build: func() map[Status][2]string {
	return map[Status][2]string{
		StatusReceived:   {"Tiếp nhận", "Receive"},
		StatusRefused:    {"Từ chối tiếp nhận", "Refuse"},
		StatusProcessing: {"Chuyển xử lý", "Process"},
		StatusSupplement: {"Yêu cầu bổ sung", "Request supplement"},
		StatusPayment:    {"Yêu cầu nộp phí, thuế", "Request payment"},
		StatusWithdrawn:  {"Công dân rút hồ sơ", "Withdraw"},
		StatusStopped:    {"Dừng xử lý", "Stop"},
		StatusDone:       {"Đã có kết quả", "Result ready"},
		StatusReturned:   {"Trả kết quả", "Return result"},
	}
}}

// transitions is docs/DOMAIN.md's table; anything absent is illegal.
var transitions = &lazyMap[Status, []Status]{build: func() map[Status][]Status {
	return map[Status][]Status{
		StatusRegistered: {StatusReceived, StatusRefused},
		StatusReceived:   {StatusProcessing, StatusWithdrawn},
		StatusProcessing: {StatusSupplement, StatusPayment, StatusDone, StatusWithdrawn, StatusStopped},
		StatusSupplement: {StatusProcessing, StatusWithdrawn, StatusStopped},
		StatusPayment:    {StatusProcessing, StatusDone, StatusWithdrawn},
		StatusDone:       {StatusReturned},
	}
}}

// Valid reports whether s is one of the ten statuses.
func (s Status) Valid() bool { return s >= StatusRegistered && s <= StatusReturned }

// Label returns the status name in lang.
func (s Status) Label(lang Lang) string {
	l, ok := statusLabels.get()[s]
	if !ok {
		return "?" + strconv.Itoa(int(s))
	}
	if lang == EN {
		return l[1]
	}
	return l[0]
}

// ActionLabel returns the verb that moves a dossier into s.
func (s Status) ActionLabel(lang Lang) string {
	l, ok := statusActions.get()[s]
	if !ok {
		return s.Label(lang)
	}
	if lang == EN {
		return l[1]
	}
	return l[0]
}

func (s Status) String() string { return s.Label(EN) }

// Open reports whether the dossier is still with the office (its deadline runs).
func (s Status) Open() bool {
	switch s {
	case StatusReceived, StatusProcessing, StatusSupplement, StatusPayment:
		return true
	}
	return false
}

// ClockRuns reports whether the processing time runs in s: received or in
// processing. It stops while the office waits on the citizen (a supplement,
// a payment: statuses 5 and 6), so such a dossier is never overdue, and the
// appointment is recomputed when the citizen completes (ResumeAppointment).
func (s Status) ClockRuns() bool { return s == StatusReceived || s == StatusProcessing }

// Final reports whether no transition leaves s.
func (s Status) Final() bool { return len(transitions.get()[s]) == 0 }

// CanTransition reports whether from → to is legal.
func CanTransition(from, to Status) bool {
	for _, t := range transitions.get()[from] {
		if t == to {
			return true
		}
	}
	return false
}

// NextStatuses returns the legal targets from s, in table order.
func NextStatuses(s Status) []Status {
	return append([]Status(nil), transitions.get()[s]...)
}

// statusAliases are extra words officers and scripts use for a status.
var statusAliases = &lazyMap[string, Status]{build: func() map[string]Status {
	return map[string]Status{
		"moi": StatusRegistered, "registered": StatusRegistered,
		"tiep nhan": StatusReceived, "received": StatusReceived,
		"tu choi": StatusRefused, "refused": StatusRefused,
		"xu ly": StatusProcessing, "processing": StatusProcessing,
		"bo sung": StatusSupplement, "supplement": StatusSupplement,
		"nop phi": StatusPayment, "thanh toan": StatusPayment, "payment": StatusPayment,
		"rut": StatusWithdrawn, "rut ho so": StatusWithdrawn, "withdrawn": StatusWithdrawn, "withdraw": StatusWithdrawn,
		"dung": StatusStopped, "stopped": StatusStopped, "stop": StatusStopped,
		"xong": StatusDone, "da xu ly xong": StatusDone, "done": StatusDone,
		"tra": StatusReturned, "tra ket qua": StatusReturned, "returned": StatusReturned, "return": StatusReturned,
	}
}}

// ParseStatus accepts 1–10, a Vietnamese or English status name (with or
// without diacritics), or a common short word ("xu ly", "done").
func ParseStatus(s string) (Status, error) {
	t := strings.TrimSpace(s)
	if n, err := strconv.Atoi(t); err == nil {
		if st := Status(n); st.Valid() {
			return st, nil
		}
	} else {
		f := strings.Join(Tokens(t), " ")
		if st, ok := statusAliases.get()[f]; ok {
			return st, nil
		}
		for st, l := range statusLabels.get() {
			if f == strings.Join(Tokens(l[0]), " ") || f == strings.Join(Tokens(l[1]), " ") {
				return st, nil
			}
		}
	}
	return 0, Errorf(EINVALID, "status_unknown", "status",
		"Trạng thái %q không hợp lệ: hãy dùng số 1–10 hoặc tên trạng thái.",
		"Unknown status %q: use a number 1–10 or a status name.", s)
}
