package motcua

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The shapes of a unit code (^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$) and of a
// tracking code without its check digit, for hasShape: matched by hand, not
// by a regexp, since `motcua find CODE` is a whole process and compiling the
// regexp was a twentieth of it.
const (
	unitShape = "999.99.99.A99"
	codeShape = unitShape + "-999999-9999"
)

// hasShape reports whether s is shape with each '9' a digit and each 'A' an
// upper-case ASCII letter.
func hasShape(s, shape string) bool {
	if len(s) != len(shape) {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; shape[i] {
		case '9':
			if c < '0' || c > '9' {
				return false
			}
		case 'A':
			if c < 'A' || c > 'Z' {
				return false
			}
		default:
			if c != shape[i] {
				return false
			}
		}
	}
	return true
}

// splitCode splits t (spaces removed, upper-cased) into the code and its
// check digit, as ^(unit)-(\d{6})-(\d{4})(?:-?(\d))?$ would; ok is false for
// any other shape.
func splitCode(t string) (code, check string, ok bool) {
	n := len(codeShape)
	if len(t) < n || !hasShape(t[:n], codeShape) {
		return "", "", false
	}
	switch rest := t[n:]; {
	case rest == "":
	case len(rest) == 1 && hasShape(rest, "9"):
		check = rest
	case len(rest) == 2 && hasShape(rest, "-9"):
		check = rest[1:]
	default:
		return "", "", false
	}
	return t[:n], check, true
}

// Code is a tracking code (mã hồ sơ): <unit>-<yyMMdd>-<NNNN>.
type Code struct {
	Unit   string // mã định danh, e.g. 000.00.06.H56
	Date   string // yyMMdd, the reception date in Vietnam
	Number int    // 1–9999
}

// ValidUnitCode reports whether s has the shape of a QCVN 102:2016 unit code.
func ValidUnitCode(s string) bool { return hasShape(s, unitShape) }

// ValidateUnitCode returns an EINVALID error for a malformed unit code.
func ValidateUnitCode(s string) error {
	if !ValidUnitCode(s) {
		return Errorf(EINVALID, "unit_code", "unit",
			"Mã đơn vị %q không đúng dạng LLL.KK.JJ.Xnn (ví dụ 000.00.06.H56).",
			"Unit code %q is not of the form LLL.KK.JJ.Xnn (e.g. 000.00.06.H56).", s)
	}
	return nil
}

// NewCode builds the code for a unit, a reception instant and a number.
func NewCode(unit string, receivedAt time.Time, n int) (Code, error) {
	if err := ValidateUnitCode(unit); err != nil {
		return Code{}, err
	}
	if n < 1 || n > 9999 {
		return Code{}, Errorf(EINVALID, "code_number", "code",
			"Số thứ tự %d ngoài khoảng 0001–9999.", "Number %d is outside 0001–9999.", n)
	}
	return Code{Unit: unit, Date: receivedAt.In(VNZone).Format("060102"), Number: n}, nil
}

func (c Code) String() string { return fmt.Sprintf("%s-%s-%04d", c.Unit, c.Date, c.Number) }

// Check returns the Damm check digit over the ten digits yyMMddNNNN, printed
// on the receipt so a code read over the phone can be verified.
func (c Code) Check() int { return Damm(fmt.Sprintf("%s%04d", c.Date, c.Number)) }

// WithCheck returns the code followed by "-" and its check digit.
func (c Code) WithCheck() string { return fmt.Sprintf("%s-%d", c, c.Check()) }

// Day returns the reception date at midnight in Vietnam.
func (c Code) Day() time.Time {
	t, _ := time.ParseInLocation("060102", c.Date, VNZone)
	return t
}

// ParseCode parses a tracking code, with or without its check digit (as
// "…-0361-7" or "…-03617"). Spaces are ignored and letters upper-cased, since
// codes are read over the phone and typed back. A wrong check digit is an
// error: it means the code was misheard.
func ParseCode(s string) (Code, error) {
	t := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	code, check, ok := splitCode(t)
	if !ok {
		return Code{}, Errorf(EINVALID, "code_format", "code",
			"Mã hồ sơ %q không đúng dạng (ví dụ 000.00.06.H56-231027-0361).",
			"Tracking code %q is malformed (e.g. 000.00.06.H56-231027-0361).", s)
	}
	u := len(unitShape)
	n, _ := strconv.Atoi(code[u+8:])
	c := Code{Unit: code[:u], Date: code[u+1 : u+7], Number: n}
	if _, err := time.Parse("060102", c.Date); err != nil || n == 0 {
		return Code{}, Errorf(EINVALID, "code_date", "code",
			"Mã hồ sơ %q có ngày hoặc số thứ tự không hợp lệ.", "Tracking code %q has an invalid date or number.", s)
	}
	if check != "" {
		if d, _ := strconv.Atoi(check); d != c.Check() {
			return Code{}, Errorf(EINVALID, "code_check", "code",
				"Chữ số kiểm tra của mã %q không khớp: có thể đọc nhầm một chữ số.",
				"The check digit of %q does not match: a digit was probably misheard.", s)
		}
	}
	return c, nil
}

// LooksLikeCode reports whether s is probably meant as a tracking code, so
// search can answer with a format error rather than "no name found".
func LooksLikeCode(s string) bool {
	t := strings.TrimSpace(s)
	return len(t) >= len(unitShape) && ValidUnitCode(strings.ToUpper(t[:len(unitShape)]))
}

// dammTable is the order-10 weakly totally anti-symmetric quasigroup of
// H. Michael Damm (2004): it catches every single-digit error and every
// adjacent transposition.
var dammTable = [10][10]byte{
	{0, 3, 1, 7, 5, 9, 8, 6, 4, 2},
	{7, 0, 9, 2, 1, 5, 4, 8, 6, 3},
	{4, 2, 0, 6, 8, 7, 1, 3, 5, 9},
	{1, 7, 5, 0, 9, 8, 3, 4, 2, 6},
	{6, 1, 2, 3, 0, 4, 5, 9, 7, 8},
	{3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
	{5, 8, 6, 9, 7, 2, 0, 1, 3, 4},
	{8, 9, 4, 5, 3, 6, 2, 0, 1, 7},
	{9, 4, 3, 8, 6, 1, 7, 2, 0, 5},
	{2, 5, 8, 1, 4, 3, 6, 7, 9, 0},
}

// Damm returns the check digit of the decimal digits in s (others ignored).
func Damm(s string) int {
	interim := byte(0)
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= '0' && c <= '9' {
			interim = dammTable[interim][c-'0']
		}
	}
	return int(interim)
}

// Lane is a terminal's share of a unit's daily number space, leased by the
// server (docs/DESIGN.md §6).
type Lane struct {
	First     int       `json:"first"`
	Last      int       `json:"last"`
	ExpiresAt time.Time `json:"expires_at"` // zero for the standalone lane, which never expires
}

// The standalone lane is reserved for a terminal working without a server.
const (
	StandaloneFirst = 9000
	StandaloneLast  = 9999
)

// StandaloneLane is the lane of a terminal that has never enrolled.
func StandaloneLane() Lane { return Lane{First: StandaloneFirst, Last: StandaloneLast} }

// Size is how many numbers the lane holds per day.
func (l Lane) Size() int { return l.Last - l.First + 1 }

// Contains reports whether n is in the lane.
func (l Lane) Contains(n int) bool { return n >= l.First && n <= l.Last }

// Expired reports whether the lease has run out at now.
func (l Lane) Expired(now time.Time) bool { return !l.ExpiresAt.IsZero() && !now.Before(l.ExpiresAt) }

// Validate checks the lane's bounds.
func (l Lane) Validate() error {
	if l.First < 1 || l.Last > 9999 || l.First > l.Last {
		return Errorf(EINVALID, "lane_bounds", "lane", "Dải số %d–%d không hợp lệ.", "Lane %d–%d is invalid.", l.First, l.Last)
	}
	return nil
}
