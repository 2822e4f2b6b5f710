package motcua

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Field names carried by the errors and warnings below, so a form can put
// the message under the right input.
const (
	fieldIDKind   = "id_kind"
	fieldIDNumber = "id_number"
	fieldSex      = "sex"
	fieldPhone    = "phone"
	fieldName     = "name"
	fieldEmail    = "email"
	fieldDate     = "date"
	fieldDOB      = "dob"
)

// IDKind is the kind of identity document a person presents.
type IDKind string

const (
	IDCCCD     IDKind = "cccd"     // căn cước / CCCD: the 12-digit số định danh cá nhân
	IDCMND     IDKind = "cmnd"     // the old 9-digit chứng minh nhân dân, kept as a legacy number
	IDPassport IDKind = "passport" // Vietnamese passport
	IDOther    IDKind = "other"    // anything else, e.g. a foreign passport
)

// Sex as recorded on the dossier. The values are the folded Vietnamese
// words so that the stored form reads naturally.
type Sex string

const (
	Male       Sex = "nam"
	Female     Sex = "nu"
	SexUnknown Sex = ""
)

// ParseSex reads what an officer or a file may write: Nam/Nữ (with or
// without diacritics, any case), male/female, m/f. Empty is SexUnknown.
func ParseSex(s string) (Sex, error) {
	switch Fold(strings.TrimSpace(s)) {
	case "":
		return SexUnknown, nil
	case "nam", "male", "m":
		return Male, nil
	case "nu", "female", "f":
		return Female, nil
	}
	return SexUnknown, Errorf(EINVALID, "sex_invalid", fieldSex,
		"Giới tính phải là Nam hoặc Nữ.",
		"Sex must be male (Nam) or female (Nữ).")
}

func (s Sex) vi() string {
	switch s {
	case Male:
		return "Nam"
	case Female:
		return "Nữ"
	}
	return "không rõ"
}

func (s Sex) en() string {
	switch s {
	case Male:
		return "male"
	case Female:
		return "female"
	}
	return "unknown"
}

// stripIDSeparators removes the spaces, dots and dashes people put in
// numbers to read them ("038 087 042 028", "038.087.042.028",
// "038-087-042-028").
func stripIDSeparators(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '.' || r == '-' || r == '‐' || r == '–' || r == '—' || unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func isASCIIDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// CCCDInfo is what the structure of a CCCD number says about its holder.
type CCCDInfo struct {
	Number       string // the 12 digits
	ProvinceCode string // digits 1–3: where the birth was registered
	Province     string // its name
	BirthYear    int    // from digit 4 (century) and digits 5–6
	Sex          Sex    // from digit 4
}

// DecodeCCCD checks the structure of a CCCD number (spaces and dots are
// ignored) and decodes it. There is no public checksum: the last six
// digits are a serial number and are not checked.
func DecodeCCCD(number string) (CCCDInfo, error) {
	n := stripIDSeparators(number)
	switch {
	case n == "":
		return CCCDInfo{}, Errorf(EINVALID, "id_required", fieldIDNumber,
			"Chưa nhập số CCCD.", "The CCCD number is missing.")
	case !isASCIIDigits(n):
		return CCCDInfo{}, Errorf(EINVALID, "cccd_not_digits", fieldIDNumber,
			"Số CCCD chỉ gồm 12 chữ số, không có chữ cái hay ký hiệu.",
			"A CCCD number has 12 digits only, no letters or symbols.")
	case len(n) != 12:
		vi, en := "Số CCCD phải có đúng 12 chữ số (đang có %d).", "A CCCD number has exactly 12 digits (this one has %d)."
		if len(n) == 9 {
			vi += " Nếu đây là số CMND 9 số cũ, hãy chọn loại giấy tờ CMND."
			en += " If this is an old 9-digit CMND, choose the CMND document type."
		}
		return CCCDInfo{}, Errorf(EINVALID, "cccd_length", fieldIDNumber, vi, en, len(n))
	}
	name, ok := ProvinceName(n[:3])
	if !ok {
		return CCCDInfo{}, Errorf(EINVALID, "cccd_province", fieldIDNumber,
			"Mã tỉnh %s (3 chữ số đầu của số CCCD) không có trong bảng mã nơi đăng ký khai sinh; kiểm tra lại số.",
			"Province code %s (the first 3 digits of the CCCD) is not a birth-registration code; check the number.", n[:3])
	}
	// Digit 4 pairs century and sex: 0/1 1900s, 2/3 2000s, … 8/9 2300s;
	// even is male, odd is female.
	d := int(n[3] - '0')
	sex := Male
	if d%2 == 1 {
		sex = Female
	}
	year := 1900 + d/2*100 + int(n[4]-'0')*10 + int(n[5]-'0')
	return CCCDInfo{Number: n, ProvinceCode: n[:3], Province: name, BirthYear: year, Sex: sex}, nil
}

// ValidateCCCD is ValidateCCCDAt at the current time.
func ValidateCCCD(number string, dob time.Time, sex Sex) (normalized string, warnings []Warning, err error) {
	return ValidateCCCDAt(number, dob, sex, time.Now())
}

// ValidateCCCDAt checks a CCCD number (see DecodeCCCD) and that the birth
// year it encodes is not after now's year in Vietnam. When dob (zero =
// unknown) or sex (SexUnknown = unknown) is given and disagrees with the
// number, it returns a warning rather than an error: one of the two was
// mistyped, and only the officer, holding the card, can tell which.
func ValidateCCCDAt(number string, dob time.Time, sex Sex, now time.Time) (normalized string, warnings []Warning, err error) {
	info, err := DecodeCCCD(number)
	if err != nil {
		return "", nil, err
	}
	if thisYear := now.In(VNZone).Year(); info.BirthYear > thisYear {
		return "", nil, Errorf(EINVALID, "cccd_future_year", fieldIDNumber,
			"Số CCCD cho năm sinh %d, sau năm hiện tại (%d); kiểm tra lại chữ số thứ 4 đến thứ 6.",
			"The CCCD gives birth year %d, after the current year (%d); check digits 4 to 6.", info.BirthYear, thisYear)
	}
	// A date of birth is a calendar date: read it in its own location.
	if !dob.IsZero() && dob.Year() != info.BirthYear {
		warnings = append(warnings, Warning{
			Reason: "cccd_dob_mismatch",
			Field:  fieldIDNumber,
			VI:     fmt.Sprintf("Số CCCD cho năm sinh %d nhưng ngày sinh đã nhập thuộc năm %d; kiểm tra lại số CCCD hoặc ngày sinh.", info.BirthYear, dob.Year()),
			EN:     fmt.Sprintf("The CCCD gives birth year %d but the date of birth entered is in %d; check the CCCD number or the date of birth.", info.BirthYear, dob.Year()),
		})
	}
	if sex != SexUnknown && sex != info.Sex {
		warnings = append(warnings, Warning{
			Reason: "cccd_sex_mismatch",
			Field:  fieldIDNumber,
			VI:     fmt.Sprintf("Số CCCD cho giới tính %s nhưng giới tính đã nhập là %s; kiểm tra lại số CCCD hoặc giới tính.", info.Sex.vi(), sex.vi()),
			EN:     fmt.Sprintf("The CCCD says %s but the sex entered is %s; check the CCCD number or the sex.", info.Sex.en(), sex.en()),
		})
	}
	return info.Number, warnings, nil
}

var passportRe = &lazyRegexp{pattern: `^[A-Z][0-9]{7}$`}

// GuessIDKind guesses the document kind from the shape of a number, to
// preselect the kind on a form: 12 digits → CCCD, 9 digits → CMND, one
// letter and 7 digits → passport, anything else → other.
func GuessIDKind(number string) IDKind {
	n := stripIDSeparators(number)
	switch {
	case len(n) == 12 && isASCIIDigits(n):
		return IDCCCD
	case len(n) == 9 && isASCIIDigits(n):
		return IDCMND
	case passportRe.MatchString(strings.ToUpper(n)):
		return IDPassport
	}
	return IDOther
}

// ValidateIDNumber checks number as a document of the given kind and
// returns the form to store. A CMND is accepted with a warning: it expired
// on 01/01/2025, but old records and older citizens still carry one.
func ValidateIDNumber(kind IDKind, number string, dob time.Time, sex Sex, now time.Time) (normalized string, warnings []Warning, err error) {
	switch kind {
	case IDCCCD:
		return ValidateCCCDAt(number, dob, sex, now)
	case IDCMND:
		n := stripIDSeparators(number)
		switch {
		case n == "":
			return "", nil, Errorf(EINVALID, "id_required", fieldIDNumber,
				"Chưa nhập số CMND.", "The CMND number is missing.")
		case !isASCIIDigits(n) || len(n) != 9:
			vi, en := "Số CMND cũ phải có đúng 9 chữ số.", "An old CMND number has exactly 9 digits."
			if len(n) == 12 && isASCIIDigits(n) {
				vi += " Số 12 chữ số hãy chọn loại giấy tờ CCCD."
				en += " For a 12-digit number choose the CCCD document type."
			}
			return "", nil, &Error{Code: EINVALID, Reason: "cmnd_format", Field: fieldIDNumber, VI: vi, EN: en}
		}
		return n, []Warning{{
			Reason: "cmnd_legacy",
			Field:  fieldIDNumber,
			VI:     "CMND 9 số đã hết giá trị từ 01/01/2025; ghi nhận là số cũ.",
			EN:     "9-digit CMND numbers expired on 01/01/2025; recorded as a legacy number.",
		}}, nil
	case IDPassport:
		n := strings.ToUpper(stripIDSeparators(number))
		switch {
		case n == "":
			return "", nil, Errorf(EINVALID, "id_required", fieldIDNumber,
				"Chưa nhập số hộ chiếu.", "The passport number is missing.")
		case !passportRe.MatchString(n):
			return "", nil, Errorf(EINVALID, "passport_format", fieldIDNumber,
				"Số hộ chiếu Việt Nam gồm 1 chữ cái và 7 chữ số, ví dụ C1234567; hộ chiếu nước ngoài hãy chọn loại giấy tờ khác.",
				"A Vietnamese passport number is 1 letter and 7 digits, e.g. C1234567; for a foreign passport choose the other document type.")
		}
		return n, nil, nil
	case IDOther:
		n := CleanName(number)
		if n == "" {
			return "", nil, Errorf(EINVALID, "id_required", fieldIDNumber,
				"Chưa nhập số giấy tờ.", "The document number is missing.")
		}
		if c := utf8.RuneCountInString(n); c > 32 {
			return "", nil, Errorf(EINVALID, "id_too_long", fieldIDNumber,
				"Số giấy tờ dài tối đa 32 ký tự (đang có %d).",
				"A document number has at most 32 characters (this one has %d).", c)
		}
		return n, nil, nil
	}
	return "", nil, Errorf(EINVALID, "id_kind", fieldIDKind,
		"Chưa chọn loại giấy tờ: CCCD, CMND, hộ chiếu hoặc giấy tờ khác.",
		"Choose the document type: CCCD, CMND, passport or other.")
}

// PhoneKind says whether a Vietnamese number is a mobile or a landline.
type PhoneKind string

const (
	PhoneMobile   PhoneKind = "mobile"
	PhoneLandline PhoneKind = "landline"
)

var (
	mobileRe   = &lazyRegexp{pattern: `^0(3[2-9]|5[25689]|7[06-9]|8[1-9]|9[0-9])[0-9]{7}$`}
	landlineRe = &lazyRegexp{pattern: `^02[0-9]{9}$`} // 02x area code + subscriber number: 11 digits since 2017
)

// NormalizePhone returns a Vietnamese phone number in its domestic form
// ("+84 912 345 678" → "0912345678") and its kind. Spaces, dots, dashes
// and parentheses are ignored; +84, 0084 and 84 become 0.
func NormalizePhone(s string) (normalized string, kind PhoneKind, err error) {
	n := strings.Map(func(r rune) rune {
		if r == '.' || r == '-' || r == '(' || r == ')' || unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	if n == "" {
		return "", "", Errorf(EINVALID, "phone_required", fieldPhone,
			"Chưa nhập số điện thoại.", "The phone number is missing.")
	}
	national := ""
	switch {
	case strings.HasPrefix(n, "+84"):
		national = n[3:]
	case strings.HasPrefix(n, "0084"):
		national = n[4:]
	case strings.HasPrefix(n, "84") && len(n) >= 11:
		national = n[2:]
	}
	if national != "" {
		// People also write the trunk 0 after the country code: +84 0912…
		n = "0" + strings.TrimPrefix(national, "0")
	}
	switch {
	case strings.HasPrefix(n, "+"):
		return "", "", Errorf(EINVALID, "phone_foreign", fieldPhone,
			"Chỉ nhận số điện thoại Việt Nam (bắt đầu bằng 0 hoặc +84).",
			"Only Vietnamese phone numbers are accepted (starting with 0 or +84).")
	case !isASCIIDigits(n):
		return "", "", Errorf(EINVALID, "phone_chars", fieldPhone,
			"Số điện thoại chỉ gồm chữ số (có thể viết +84 ở đầu).",
			"A phone number has digits only (it may start with +84).")
	case n[0] != '0':
		return "", "", Errorf(EINVALID, "phone_format", fieldPhone,
			"Số điện thoại phải bắt đầu bằng 0 hoặc +84.",
			"A phone number starts with 0 or +84.")
	case strings.HasPrefix(n, "02"):
		if !landlineRe.MatchString(n) {
			return "", "", Errorf(EINVALID, "phone_landline_length", fieldPhone,
				"Số máy bàn gồm mã vùng 02x và số máy, tổng cộng 11 chữ số, ví dụ 0290 3 123 456 (đang có %d chữ số).",
				"A landline number is the 02x area code and the subscriber number, 11 digits in all, e.g. 0290 3 123 456 (this one has %d digits).", len(n))
		}
		return n, PhoneLandline, nil
	case len(n) == 11 && n[1] == '1':
		return "", "", Errorf(EINVALID, "phone_old_prefix", fieldPhone,
			"Số di động 11 chữ số đầu 01x đã đổi sang 10 chữ số từ năm 2018; hãy hỏi số mới của công dân.",
			"11-digit mobile numbers starting with 01x were converted to 10 digits in 2018; ask the citizen for the new number.")
	case len(n) != 10:
		return "", "", Errorf(EINVALID, "phone_length", fieldPhone,
			"Số điện thoại di động phải có đúng 10 chữ số, bắt đầu bằng 0 (đang có %d).",
			"A mobile number has exactly 10 digits, starting with 0 (this one has %d).", len(n))
	case !mobileRe.MatchString(n):
		return "", "", Errorf(EINVALID, "phone_prefix", fieldPhone,
			"Đầu số %s không phải đầu số di động Việt Nam đang dùng; kiểm tra lại số.",
			"%s is not a Vietnamese mobile prefix in use; check the number.", n[:3])
	}
	return n, PhoneMobile, nil
}

// carriers maps mobile prefixes to the network that was given the range.
// Numbers can be ported between networks, so this is only a hint.
var carriers = &lazyMap[string, string]{build: func() map[string]string {
	return map[string]string{
		"032": "Viettel", "033": "Viettel", "034": "Viettel", "035": "Viettel",
		"036": "Viettel", "037": "Viettel", "038": "Viettel", "039": "Viettel",
		"086": "Viettel", "096": "Viettel", "097": "Viettel", "098": "Viettel",
		"070": "MobiFone", "076": "MobiFone", "077": "MobiFone", "078": "MobiFone",
		"079": "MobiFone", "089": "MobiFone", "090": "MobiFone", "093": "MobiFone",
		"081": "VinaPhone", "082": "VinaPhone", "083": "VinaPhone", "084": "VinaPhone",
		"085": "VinaPhone", "088": "VinaPhone", "091": "VinaPhone", "094": "VinaPhone",
		"052": "Vietnamobile", "056": "Vietnamobile", "058": "Vietnamobile", "092": "Vietnamobile",
		"059": "Gmobile", "099": "Gmobile",
		"087": "iTel",
		"055": "Reddi",
	}
}}

// Carrier returns the network a mobile number was allocated to, or "" for
// a landline, an unknown prefix or an invalid number. It accepts any form
// NormalizePhone accepts.
func Carrier(normalized string) string {
	n, kind, err := NormalizePhone(normalized)
	if err != nil || kind != PhoneMobile {
		return ""
	}
	return carriers.get()[n[:3]]
}

// ValidateName checks a person's full name and returns it cleaned (see
// CleanName). Letters of any script are allowed, with spaces and the
// . ' ’ - that appear in real names (H’Hen Niê, Nguyễn Thị Hồng-Nhung).
func ValidateName(s string) (string, error) {
	n := CleanName(s)
	if n == "" {
		return "", Errorf(EINVALID, "name_required", fieldName,
			"Chưa nhập họ tên.", "The full name is missing.")
	}
	if c := utf8.RuneCountInString(n); c > 100 {
		return "", Errorf(EINVALID, "name_too_long", fieldName,
			"Họ tên dài tối đa 100 ký tự (đang có %d).",
			"A full name has at most 100 characters (this one has %d).", c)
	}
	letters := 0
	prevLetter := false
	for _, r := range n {
		switch {
		case unicode.IsLetter(r):
			letters++
			prevLetter = true
			continue
		case unicode.IsNumber(r):
			return "", Errorf(EINVALID, "name_digit", fieldName,
				"Họ tên không được có chữ số.", "A name cannot contain digits.")
		case unicode.In(r, unicode.Mn, unicode.Mc) && prevLetter:
			// a mark with no precomposed form stays after its letter in NFC
			continue
		case r == ' ' || r == '.' || r == '\'' || r == '’' || r == '-':
		default:
			return "", Errorf(EINVALID, "name_chars", fieldName,
				"Họ tên chỉ gồm chữ cái, khoảng trắng và các dấu . ' -; ký tự “%s” (%U) không hợp lệ.",
				"A name has only letters, spaces and . ' -; the character “%s” (%U) is not allowed.", string(r), r)
		}
		prevLetter = false
	}
	if letters == 0 {
		return "", Errorf(EINVALID, "name_no_letter", fieldName,
			"Họ tên phải có chữ cái.", "A name must contain letters.")
	}
	return n, nil
}

// ValidateEmail lightly checks an optional email address: empty is fine,
// and only what is surely wrong is refused, because the real test is
// whether mail arrives. The domain is lower-cased.
func ValidateEmail(s string) (string, error) {
	e := CleanName(s)
	if e == "" {
		return "", nil
	}
	if len(e) > 254 {
		return "", Errorf(EINVALID, "email_too_long", fieldEmail,
			"Email dài tối đa 254 ký tự (đang có %d).",
			"An email address has at most 254 characters (this one has %d).", len(e))
	}
	at := strings.IndexByte(e, '@')
	local, domain := "", ""
	if at >= 0 {
		local, domain = e[:at], e[at+1:]
	}
	if at <= 0 || domain == "" || strings.ContainsAny(e, " ,;:<>()[]\\\"") || strings.Contains(domain, "@") ||
		!strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") ||
		strings.Contains(domain, "..") {
		return "", Errorf(EINVALID, "email_format", fieldEmail,
			"Email không đúng dạng, ví dụ ten@gmail.com; để trống nếu công dân không có email.",
			"The email address is malformed, e.g. name@gmail.com; leave it empty if the citizen has none.")
	}
	return local + "@" + strings.ToLower(domain), nil
}

// ParseDate reads a date as Vietnamese write it: dd/mm/yyyy, also d/m/yyyy,
// dd-mm-yyyy, dd.mm.yyyy and ddmmyyyy. It returns midnight in Vietnam.
func ParseDate(s string) (time.Time, error) {
	v := strings.TrimSpace(s)
	if v == "" {
		return time.Time{}, Errorf(EINVALID, "date_required", fieldDate,
			"Chưa nhập ngày (dạng ngày/tháng/năm, ví dụ 27/10/2023).",
			"The date is missing (day/month/year, e.g. 27/10/2023).")
	}
	sep := strings.IndexAny(v, "/-.")
	var parts []string
	switch {
	case sep > 0:
		parts = strings.Split(v, v[sep:sep+1])
	case len(v) == 8 && isASCIIDigits(v):
		// ddmmyyyy, as an officer types it on the number pad.
		parts = []string{v[:2], v[2:4], v[4:]}
	}
	if len(parts) != 3 || len(parts[0]) < 1 || len(parts[0]) > 2 || len(parts[1]) < 1 || len(parts[1]) > 2 ||
		len(parts[2]) != 4 || !isASCIIDigits(parts[0]+parts[1]+parts[2]) {
		return time.Time{}, Errorf(EINVALID, "date_format", fieldDate,
			"Ngày phải có dạng ngày/tháng/năm với năm đủ 4 chữ số, ví dụ 27/10/2023.",
			"A date is written day/month/year with a 4-digit year, e.g. 27/10/2023.")
	}
	day, month, year := atoiDigits(parts[0]), atoiDigits(parts[1]), atoiDigits(parts[2])
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, VNZone)
	// time.Date normalises 31/02 to 03/03: a changed date means it does not exist.
	if month < 1 || month > 12 || day < 1 || t.Day() != day || int(t.Month()) != month {
		return time.Time{}, Errorf(EINVALID, "date_invalid", fieldDate,
			"Ngày %02d/%02d/%04d không có trong lịch.",
			"%02d/%02d/%04d is not a calendar date.", day, month, year)
	}
	return t, nil
}

func atoiDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// ValidateDOB checks a date of birth against today in Vietnam. The date is
// read in t's own location: a date of birth is a calendar date, not an
// instant. Today is allowed, for a birth registered on the day.
func ValidateDOB(t, now time.Time) error {
	if t.IsZero() {
		return Errorf(EINVALID, "dob_required", fieldDOB,
			"Chưa nhập ngày sinh.", "The date of birth is missing.")
	}
	y, m, d := t.Date()
	ny, nm, nd := now.In(VNZone).Date()
	if y > ny || (y == ny && (m > nm || (m == nm && d > nd))) {
		return Errorf(EINVALID, "dob_future", fieldDOB,
			"Ngày sinh %02d/%02d/%04d ở tương lai (hôm nay là %02d/%02d/%04d).",
			"The date of birth %02d/%02d/%04d is in the future (today is %02d/%02d/%04d).", d, int(m), y, nd, int(nm), ny)
	}
	if y < 1900 {
		return Errorf(EINVALID, "dob_too_old", fieldDOB,
			"Ngày sinh phải từ năm 1900 trở đi (đang là năm %d).",
			"A date of birth must be in 1900 or later (this one is in %d).", y)
	}
	return nil
}
