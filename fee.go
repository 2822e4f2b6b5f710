package motcua

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

const (
	// maxFeeCount rejects typos such as 30000 pages before they reach a receipt.
	maxFeeCount = 10_000
	// maxFeeAmount bounds one line's amounts so that amount × pages × copies
	// (≤ 10^9 × 10^4 × 10^4) stays far inside int64.
	maxFeeAmount int64 = 1_000_000_000
)

// FeeInput holds the counts the officer enters at the counter. Zero Copies or
// Units mean one; Pages has no default because a wrong guess is a wrong fee.
type FeeInput struct {
	Pages  int  // pages of one copy, for FeePerPage lines
	Copies int  // copies, for FeePerPage lines
	Units  int  // bản sao, trường hợp, hợp đồng, for FeePerUnit lines
	Online bool // submitted online: OnlineAmount applies where set
}

// FeeCharge is one computed line of the receipt.
type FeeCharge struct {
	Name   string
	Amount int64  // đồng
	Detail string // e.g. "5 trang × 1 bản"
}

// Fee computes what the citizen pays for p. Every fee line yields a charge,
// including 0 đ ones, so the receipt shows that a fee was waived rather than
// forgotten.
func (p Procedure) Fee(in FeeInput) (total int64, lines []FeeCharge, err error) {
	counts := []struct {
		n      int
		field  string
		vi, en string
	}{
		{in.Pages, "pages", "Số trang", "The page count"},
		{in.Copies, "copies", "Số bản", "The copy count"},
		{in.Units, "units", "Số lượng", "The unit count"},
	}
	for _, c := range counts {
		if c.n < 0 {
			return 0, nil, &Error{Code: EINVALID, Reason: "fee_count_negative", Field: c.field,
				VI: c.vi + " không được âm.", EN: c.en + " cannot be negative."}
		}
		if c.n > maxFeeCount {
			return 0, nil, &Error{Code: EINVALID, Reason: "fee_count_too_large", Field: c.field,
				VI: c.vi + " vượt quá giới hạn 10.000.", EN: c.en + " exceeds the limit of 10,000."}
		}
	}
	copies := max(in.Copies, 1)
	units := max(in.Units, 1)

	lines = make([]FeeCharge, 0, len(p.Fees))
	for _, f := range p.Fees {
		if err := f.validate(p.Code); err != nil {
			return 0, nil, err
		}
		amount := f.Amount
		online := in.Online && f.OnlineAmount != nil
		if online {
			amount = *f.OnlineAmount
		}
		var ch FeeCharge
		ch.Name = f.Name
		switch f.Kind {
		case FeeFixed:
			ch.Amount = amount
		case FeePerUnit:
			ch.Amount = amount * int64(units)
			unit := f.Unit
			if unit == "" {
				unit = "lần"
			}
			ch.Detail = fmt.Sprintf("%d %s", units, unit)
		case FeePerPage:
			if in.Pages == 0 {
				return 0, nil, Errorf(EINVALID, "fee_pages_required", "pages",
					"Cần nhập số trang để tính «%s».",
					"Enter the page count to compute %q.", f.Name)
			}
			perCopy, capped := perCopyFee(f, amount, in.Pages)
			ch.Amount = perCopy * int64(copies)
			ch.Detail = fmt.Sprintf("%d trang × %d bản", in.Pages, copies)
			if capped {
				ch.Detail += ", tối đa " + FormatVND(f.CapPerCopy) + "/bản"
			}
		}
		if online {
			ch.Detail = strings.TrimPrefix(ch.Detail+", nộp trực tuyến", ", ")
		}
		if total > math.MaxInt64-ch.Amount {
			return 0, nil, Errorf(EINVALID, "fee_total_too_large", "fees",
				"Tổng phí của thủ tục %s quá lớn, không tính được.",
				"The total fee of procedure %s is too large to compute.", p.Code)
		}
		total += ch.Amount
		lines = append(lines, ch)
	}
	return total, lines, nil
}

// perCopyFee prices one copy: the first PageBreak-1 pages at amount, the rest
// at PageAmount, then the cap (chứng thực bản sao: 2.000 đ, from page 3
// 1.000 đ, at most 200.000 đ per copy).
func perCopyFee(f FeeLine, amount int64, pages int) (fee int64, capped bool) {
	if f.PageBreak == 0 || pages < f.PageBreak {
		fee = amount * int64(pages)
	} else {
		fee = amount*int64(f.PageBreak-1) + f.PageAmount*int64(pages-f.PageBreak+1)
	}
	if f.CapPerCopy > 0 && fee > f.CapPerCopy {
		return f.CapPerCopy, true
	}
	return fee, false
}

// validate rejects fee lines that would print a nonsensical amount. Zero is
// valid: many procedures are free but still list the waived lệ phí.
func (f FeeLine) validate(code string) error {
	bad := func(reason, vi, en string) error {
		return Errorf(EINVALID, reason, "fees",
			"Thủ tục %s, khoản «%s»: "+vi, "Procedure %s, fee %q: "+en, code, f.Name)
	}
	inRange := func(v int64) bool { return v >= 0 && v <= maxFeeAmount }
	if strings.TrimSpace(f.Name) == "" {
		return Errorf(EINVALID, "fee_name_missing", "fees",
			"Thủ tục %s có khoản phí thiếu tên.", "Procedure %s has a fee line without a name.", code)
	}
	switch f.Kind {
	case FeeFixed, FeePerUnit, FeePerPage:
	default:
		return bad("fee_kind", "loại phí không hợp lệ.", "unknown fee kind.")
	}
	if !inRange(f.Amount) || (f.OnlineAmount != nil && !inRange(*f.OnlineAmount)) {
		return bad("fee_amount", "số tiền phải từ 0 đến 1.000.000.000 đ.", "the amount must be between 0 and 1,000,000,000 đ.")
	}
	if f.Kind == FeePerPage {
		if f.PageBreak < 0 || f.PageBreak == 1 {
			return bad("fee_page_break", "trang bắt đầu tính mức thứ hai phải từ trang 2.", "the second rate must start at page 2 or later.")
		}
		if !inRange(f.PageAmount) || !inRange(f.CapPerCopy) {
			return bad("fee_amount", "số tiền phải từ 0 đến 1.000.000.000 đ.", "the amount must be between 0 and 1,000,000,000 đ.")
		}
	}
	return nil
}

// FormatVND writes an amount the way Vietnamese receipts do: dots between
// thousands and " đ" after, e.g. "1.234.567 đ".
func FormatVND(amount int64) string {
	if amount < 0 {
		// Negating as uint64 keeps math.MinInt64 correct.
		return "-" + groupThousands(-uint64(amount)) + " đ"
	}
	return groupThousands(uint64(amount)) + " đ"
}

func groupThousands(n uint64) string {
	digits := strconv.FormatUint(n, 10)
	var b strings.Builder
	head := len(digits) % 3
	if head == 0 {
		head = 3
	}
	b.WriteString(digits[:head])
	for i := head; i < len(digits); i += 3 {
		b.WriteByte('.')
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}
