package motcua

import (
	"sort"
	"strconv"
	"strings"
	"time"
)

// FeeCollection is money taken at the counter for a dossier: at reception
// (the fee marked paid then), or later when an officer marked it paid. A
// correction back to unpaid is a negative collection, so the day's total is
// the cash in the drawer.
type FeeCollection struct {
	At      time.Time `json:"at"`
	Officer string    `json:"officer"`
	Code    string    `json:"code"`
	Name    string    `json:"name"`
	Amount  int64     `json:"amount"`
}

// FeeCollections reads a dossier's history for the fee it was paid, by
// whom and when. Free dossiers collect nothing.
func FeeCollections(d Dossier) []FeeCollection {
	total := d.FeeTotal()
	if total == 0 {
		return nil
	}
	var changes []Event
	for _, ev := range d.History {
		if ev.Kind == OpSetField && !ev.Conflict && strings.HasPrefix(ev.Text, "fee_paid: ") {
			changes = append(changes, ev)
		}
	}
	// Paid at reception: the first change starts from "true", or there was
	// no change and the dossier is paid.
	paidAtReception := d.FeePaid
	if len(changes) > 0 {
		paidAtReception = strings.HasPrefix(changes[0].Text, "fee_paid: true")
	}
	var out []FeeCollection
	add := func(at time.Time, officer string, amount int64) {
		out = append(out, FeeCollection{At: at, Officer: officer, Code: d.Code, Name: d.Applicant.Name, Amount: amount})
	}
	if paidAtReception {
		officer := d.Officer
		if len(d.History) > 0 && d.History[0].Kind == OpReceive {
			officer = d.History[0].Officer
		}
		add(d.ReceivedAt, officer, total)
	}
	for _, ev := range changes {
		switch {
		case strings.HasSuffix(ev.Text, "false → true"):
			add(ev.At, ev.Officer, total)
		case strings.HasSuffix(ev.Text, "true → false"):
			add(ev.At, ev.Officer, -total)
		}
	}
	return out
}

// DayBook is a counter's day (Sổ hôm nay): what was received, the guidance
// (Mẫu 02) and refusals (Mẫu 03) given, the results handed over, and the
// fees collected, each with its officer.
type DayBook struct {
	Day      time.Time       `json:"day"` // midnight in Vietnam
	Received []Dossier       `json:"received"`
	Returned []Dossier       `json:"returned"`
	Guidance []CounterRecord `json:"guidance"`
	Refusals []CounterRecord `json:"refusals"`
	Fees     []FeeCollection `json:"fees"`
}

// OfficerDay is one officer's line of the day's totals.
type OfficerDay struct {
	Officer                                string
	Received, Returned, Guidance, Refusals int
	Fees                                   int64
}

// NewDayBook builds day's book from the dossiers that may have changed
// that day and its counter records. Dossiers of other days are ignored.
func NewDayBook(day time.Time, ds []Dossier, recs []CounterRecord) DayBook {
	b := DayBook{Day: midnight(day)}
	k := civil(day)
	for _, d := range ds {
		if civil(d.ReceivedAt) == k {
			b.Received = append(b.Received, d)
		}
		if d.Status == StatusReturned && d.Outcome != nil && civil(d.Outcome.ReturnedAt) == k {
			b.Returned = append(b.Returned, d)
		}
		for _, f := range FeeCollections(d) {
			if civil(f.At) == k {
				b.Fees = append(b.Fees, f)
			}
		}
	}
	for _, r := range recs {
		if civil(r.At) != k {
			continue
		}
		switch r.Kind {
		case CounterGuidance:
			b.Guidance = append(b.Guidance, r)
		case CounterRefusal:
			b.Refusals = append(b.Refusals, r)
		}
	}
	// By time, then code: the same day reads the same whatever order the
	// store gave the dossiers in.
	before := func(a, b time.Time, ca, cb string) bool {
		if !a.Equal(b) {
			return a.Before(b)
		}
		return ca < cb
	}
	sort.Slice(b.Received, func(i, j int) bool {
		return before(b.Received[i].ReceivedAt, b.Received[j].ReceivedAt, b.Received[i].Code, b.Received[j].Code)
	})
	sort.Slice(b.Returned, func(i, j int) bool {
		return before(b.Returned[i].Outcome.ReturnedAt, b.Returned[j].Outcome.ReturnedAt, b.Returned[i].Code, b.Returned[j].Code)
	})
	sort.Slice(b.Fees, func(i, j int) bool { return before(b.Fees[i].At, b.Fees[j].At, b.Fees[i].Code, b.Fees[j].Code) })
	return b
}

// FeeTotal is the day's cash: every collection, corrections included.
func (b DayBook) FeeTotal() int64 {
	var t int64
	for _, f := range b.Fees {
		t += f.Amount
	}
	return t
}

// ByOfficer totals the day per officer, by name.
func (b DayBook) ByOfficer() []OfficerDay {
	m := map[string]*OfficerDay{}
	get := func(name string) *OfficerDay {
		if m[name] == nil {
			m[name] = &OfficerDay{Officer: name}
		}
		return m[name]
	}
	for _, d := range b.Received {
		get(d.Officer).Received++
	}
	for _, d := range b.Returned {
		officer := ""
		for _, ev := range d.History {
			if ev.To == StatusReturned && !ev.Conflict {
				officer = ev.Officer
			}
		}
		get(officer).Returned++
	}
	for _, r := range b.Guidance {
		get(r.Officer).Guidance++
	}
	for _, r := range b.Refusals {
		get(r.Officer).Refusals++
	}
	for _, f := range b.Fees {
		get(f.Officer).Fees += f.Amount
	}
	out := make([]OfficerDay, 0, len(m))
	for _, o := range m {
		out = append(out, *o)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Officer < out[j].Officer })
	return out
}

// CSVRows are the day as a table for a spreadsheet: one row per event
// (kind, time, code, citizen, procedure, officer, amount), then the totals
// per officer and the day's total. Text cells are defused against formulas.
func (b DayBook) CSVRows(lang Lang) [][]string {
	l := func(vi, en string) string { return pickLang(lang, vi, en) }
	rows := [][]string{{l("Loại", "Kind"), l("Thời gian", "Time"), l("Mã hồ sơ", "Code"), l("Người nộp", "Citizen"),
		l("Thủ tục", "Procedure"), l("Cán bộ", "Officer"), l("Số tiền (đồng)", "Amount (VND)")}}
	add := func(kind string, at time.Time, code, name, proc, officer string, amount string) {
		rows = append(rows, []string{kind, FormatDateTime(at), CSVCell(code), CSVCell(name), CSVCell(proc), CSVCell(officer), amount})
	}
	for _, d := range b.Received {
		add(l("Tiếp nhận", "Received"), d.ReceivedAt, d.Code, d.Applicant.Name, d.ProcedureName, d.Officer, "")
	}
	for _, r := range b.Guidance {
		add(l("Hướng dẫn (Mẫu 02)", "Guidance (form 02)"), r.At, "", r.Applicant.Name, r.ProcedureName, r.Officer, "")
	}
	for _, r := range b.Refusals {
		add(l("Từ chối (Mẫu 03)", "Refusal (form 03)"), r.At, "", r.Applicant.Name, r.ProcedureName, r.Officer, "")
	}
	for _, d := range b.Returned {
		add(l("Trả kết quả", "Returned"), d.Outcome.ReturnedAt, d.Code, d.Applicant.Name, d.ProcedureName, "", "")
	}
	for _, f := range b.Fees {
		add(l("Thu phí, lệ phí", "Fee collected"), f.At, f.Code, f.Name, "", f.Officer, itoa64(f.Amount))
	}
	for _, o := range b.ByOfficer() {
		rows = append(rows, []string{l("Cộng theo cán bộ", "Officer total"), "", "", "", "", CSVCell(o.Officer), itoa64(o.Fees)})
	}
	return append(rows, []string{l("Tổng thu trong ngày", "Day's total"), FormatDate(b.Day), "", "", "", "", itoa64(b.FeeTotal())})
}

// CSVCell makes text safe for a spreadsheet cell: control characters gone,
// and a leading = + - @ quoted so it is never run as a formula.
func CSVCell(s string) string {
	s = SanitizeLine(s)
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
