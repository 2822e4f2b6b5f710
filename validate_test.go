package motcua

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// checkErr asserts that err is an EINVALID domain error with the given
// reason and usable sentences in both languages.
func checkErr(t *testing.T, what string, err error, reason string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Errorf("%s: err = %v, want reason %q", what, err, reason)
		return
	}
	if e.Code != EINVALID || e.Reason != reason {
		t.Errorf("%s: code/reason = %s/%s, want %s/%s (%s)", what, e.Code, e.Reason, EINVALID, reason, e.EN)
	}
	checkSentences(t, what, e.Field, e.VI, e.EN)
}

func checkWarning(t *testing.T, what string, w Warning) {
	t.Helper()
	if w.Reason == "" {
		t.Errorf("%s: warning without a reason", what)
	}
	checkSentences(t, what, w.Field, w.VI, w.EN)
}

func checkSentences(t *testing.T, what, field, vi, en string) {
	t.Helper()
	if field == "" {
		t.Errorf("%s: no field", what)
	}
	if vi == "" || en == "" || vi == en {
		t.Errorf("%s: vi %q / en %q", what, vi, en)
	}
	if strings.Contains(vi+en, "%!") {
		t.Errorf("%s: bad format: %q / %q", what, vi, en)
	}
	if !strings.ContainsFunc(vi, func(r rune) bool { return r >= utf8.RuneSelf }) {
		t.Errorf("%s: Vietnamese sentence without diacritics: %q", what, vi)
	}
	if !norm.NFC.IsNormalString(vi) {
		t.Errorf("%s: Vietnamese sentence not NFC: %q", what, vi)
	}
}

func reasons(ws []Warning) string {
	var r []string
	for _, w := range ws {
		r = append(r, w.Reason)
	}
	return strings.Join(r, ",")
}

var (
	now2026 = time.Date(2026, 3, 15, 10, 0, 0, 0, VNZone)
	dob1987 = time.Date(1987, 5, 20, 0, 0, 0, 0, VNZone)
)

func TestValidateCCCD(t *testing.T) {
	for _, tc := range []struct {
		name     string
		number   string
		dob      time.Time
		sex      Sex
		now      time.Time
		want     string
		warnings string // comma-separated reasons
		err      string // reason
	}{
		{"real receipt, male 1987", "038087042028", dob1987, Male, now2026, "038087042028", "", ""},
		{"unknown dob and sex", "038087042028", time.Time{}, SexUnknown, now2026, "038087042028", "", ""},
		{"spaces and dots", " 038 087.042 028 ", time.Time{}, SexUnknown, now2026, "038087042028", "", ""},
		{"2000s female, Cà Mau", "096305001234", time.Date(2005, 1, 2, 0, 0, 0, 0, time.UTC), Female, now2026, "096305001234", "", ""},
		{"Bạc Liêu 1900s female", "095199000001", time.Time{}, Female, now2026, "095199000001", "", ""},
		{"born this year", "001226000001", time.Time{}, Male, now2026, "001226000001", "", ""},
		{"year mismatch", "038087042028", time.Date(1988, 1, 1, 0, 0, 0, 0, VNZone), Male, now2026, "038087042028", "cccd_dob_mismatch", ""},
		{"sex mismatch", "038087042028", dob1987, Female, now2026, "038087042028", "cccd_sex_mismatch", ""},
		{"both mismatch", "096305001234", dob1987, Male, now2026, "096305001234", "cccd_dob_mismatch,cccd_sex_mismatch", ""},
		{"unknown province 003", "003087042028", time.Time{}, SexUnknown, now2026, "", "", "cccd_province"},
		{"province 000", "000087042028", time.Time{}, SexUnknown, now2026, "", "", "cccd_province"},
		{"province 097", "097087042028", time.Time{}, SexUnknown, now2026, "", "", "cccd_province"},
		{"11 digits", "03808704202", time.Time{}, SexUnknown, now2026, "", "", "cccd_length"},
		{"13 digits", "0380870420281", time.Time{}, SexUnknown, now2026, "", "", "cccd_length"},
		{"9 digits (a CMND)", "381234567", time.Time{}, SexUnknown, now2026, "", "", "cccd_length"},
		{"letters", "03808704202A", time.Time{}, SexUnknown, now2026, "", "", "cccd_not_digits"},
		{"dashes, as printed on some forms", "038-087-042-028", time.Time{}, SexUnknown, now2026, "038087042028", "", ""},
		{"en dashes and spaces", "038 – 087 – 042 – 028", time.Time{}, SexUnknown, now2026, "038087042028", "", ""},
		{"a slash is not a separator", "038/087/042/028", time.Time{}, SexUnknown, now2026, "", "", "cccd_not_digits"},
		{"full-width digits", "０３８０８７０４２０２８", time.Time{}, SexUnknown, now2026, "", "", "cccd_not_digits"},
		{"empty", "  ", time.Time{}, SexUnknown, now2026, "", "", "id_required"},
		{"future year 2027", "001227000001", time.Time{}, SexUnknown, now2026, "", "", "cccd_future_year"},
		{"2100s", "001400000001", time.Time{}, SexUnknown, now2026, "", "", "cccd_future_year"},
		{"future in VN already", "001226000001", time.Time{}, SexUnknown,
			time.Date(2025, 12, 31, 18, 0, 0, 0, time.UTC), "001226000001", "", ""}, // 01:00 on 1/1/2026 in Vietnam
	} {
		got, ws, err := ValidateCCCDAt(tc.number, tc.dob, tc.sex, tc.now)
		if tc.err != "" {
			checkErr(t, tc.name, err, tc.err)
			if got != "" || ws != nil {
				t.Errorf("%s: error with results %q %v", tc.name, got, ws)
			}
			continue
		}
		if err != nil || got != tc.want || reasons(ws) != tc.warnings {
			t.Errorf("%s: got %q [%s] %v, want %q [%s]", tc.name, got, reasons(ws), err, tc.want, tc.warnings)
		}
		for _, w := range ws {
			checkWarning(t, tc.name, w)
		}
	}
}

func TestValidateCCCDUsesClock(t *testing.T) {
	if _, _, err := ValidateCCCD("038087042028", dob1987, Male); err != nil {
		t.Errorf("ValidateCCCD: %v", err)
	}
	next := time.Now().In(VNZone).Year() + 1
	n := "001" + string(rune('0'+(next-1900)/100*2)) + string(rune('0'+next/10%10)) + string(rune('0'+next%10)) + "000001"
	_, _, err := ValidateCCCD(n, time.Time{}, SexUnknown)
	checkErr(t, "next year "+n, err, "cccd_future_year")
}

func TestDecodeCCCD(t *testing.T) {
	info, err := DecodeCCCD("038087042028")
	want := CCCDInfo{Number: "038087042028", ProvinceCode: "038", Province: "Thanh Hóa", BirthYear: 1987, Sex: Male}
	if err != nil || info != want {
		t.Errorf("DecodeCCCD = %+v, %v; want %+v", info, err, want)
	}
	// digit 4: century and sex
	for d, w := range []struct {
		year int
		sex  Sex
	}{{1987, Male}, {1987, Female}, {2087, Male}, {2087, Female}, {2187, Male}, {2187, Female},
		{2287, Male}, {2287, Female}, {2387, Male}, {2387, Female}} {
		n := "096" + string(rune('0'+d)) + "87000001"
		info, err := DecodeCCCD(n)
		if err != nil || info.BirthYear != w.year || info.Sex != w.sex || info.Province != "Cà Mau" {
			t.Errorf("DecodeCCCD(%s) = %+v, %v; want %d %s", n, info, err, w.year, w.sex)
		}
	}
}

func TestValidateIDNumber(t *testing.T) {
	for _, tc := range []struct {
		kind     IDKind
		number   string
		sex      Sex
		want     string
		warnings string
		err      string
	}{
		{IDCCCD, "038087042028", Male, "038087042028", "", ""},
		{IDCCCD, "038087042028", Female, "038087042028", "cccd_sex_mismatch", ""},
		{IDCCCD, "03808704202", Male, "", "", "cccd_length"},
		{IDCMND, "381234567", Male, "381234567", "cmnd_legacy", ""},
		{IDCMND, "381.234.567", Male, "381234567", "cmnd_legacy", ""},
		{IDCMND, "38123456", Male, "", "", "cmnd_format"},
		{IDCMND, "038087042028", Male, "", "", "cmnd_format"},
		{IDCMND, "38123456A", Male, "", "", "cmnd_format"},
		{IDCMND, "", Male, "", "", "id_required"},
		{IDPassport, "C1234567", Male, "C1234567", "", ""},
		{IDPassport, "c1234567", Male, "C1234567", "", ""},
		{IDPassport, "B 1234567", Male, "B1234567", "", ""},
		{IDPassport, "C123456", Male, "", "", "passport_format"},
		{IDPassport, "CC123456", Male, "", "", "passport_format"},
		{IDPassport, "12345678", Male, "", "", "passport_format"},
		{IDPassport, "", Male, "", "", "id_required"},
		{IDOther, "  X 12345  AB ", Male, "X 12345 AB", "", ""},
		{IDOther, "AB\x1b[2J12", Male, "AB12", "", ""},
		{IDOther, strings.Repeat("9", 32), Male, strings.Repeat("9", 32), "", ""},
		{IDOther, strings.Repeat("9", 33), Male, "", "", "id_too_long"},
		{IDOther, " \t", Male, "", "", "id_required"},
		{"", "038087042028", Male, "", "", "id_kind"},
		{"bằng lái", "038087042028", Male, "", "", "id_kind"},
	} {
		what := string(tc.kind) + " " + tc.number
		got, ws, err := ValidateIDNumber(tc.kind, tc.number, dob1987, tc.sex, now2026)
		if tc.err != "" {
			checkErr(t, what, err, tc.err)
			continue
		}
		if err != nil || got != tc.want || reasons(ws) != tc.warnings {
			t.Errorf("%s: got %q [%s] %v, want %q [%s]", what, got, reasons(ws), err, tc.want, tc.warnings)
		}
		for _, w := range ws {
			checkWarning(t, what, w)
		}
	}
	_, ws, _ := ValidateIDNumber(IDCMND, "381234567", time.Time{}, SexUnknown, now2026)
	if len(ws) != 1 || ws[0].VI != "CMND 9 số đã hết giá trị từ 01/01/2025; ghi nhận là số cũ." {
		t.Errorf("CMND warning = %+v", ws)
	}
}

func TestGuessIDKind(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want IDKind
	}{
		{"038087042028", IDCCCD},
		{"038 087 042 028", IDCCCD},
		{"381234567", IDCMND},
		{"C1234567", IDPassport},
		{"c1234567", IDPassport},
		{"03808704202", IDOther},
		{"AB123", IDOther},
		{"", IDOther},
	} {
		if got := GuessIDKind(tc.in); got != tc.want {
			t.Errorf("GuessIDKind(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParseSex(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Sex
		err  bool
	}{
		{"nam", Male, false}, {"Nam", Male, false}, {"NAM", Male, false}, {"male", Male, false}, {"M", Male, false},
		{"nữ", Female, false}, {"Nữ", Female, false}, {"NỮ", Female, false}, {"nu", Female, false},
		{"nu\u0303", Female, false}, {"female", Female, false}, {"f", Female, false}, {" F ", Female, false},
		{"", SexUnknown, false}, {"  ", SexUnknown, false},
		{"x", SexUnknown, true}, {"khác", SexUnknown, true}, {"nama", SexUnknown, true},
	} {
		got, err := ParseSex(tc.in)
		if tc.err {
			checkErr(t, "ParseSex "+tc.in, err, "sex_invalid")
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseSex(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestNormalizePhone(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
		kind PhoneKind
		err  string
	}{
		{"+84 912 345 678", "0912345678", PhoneMobile, ""},
		{"84912345678", "0912345678", PhoneMobile, ""},
		{"0084912345678", "0912345678", PhoneMobile, ""},
		{"+84 0912 345 678", "0912345678", PhoneMobile, ""},
		{"0912.345.678", "0912345678", PhoneMobile, ""},
		{"091-234-5678", "0912345678", PhoneMobile, ""},
		{"(091) 234 5678", "0912345678", PhoneMobile, ""},
		{"0972376908", "0972376908", PhoneMobile, ""},
		{"0321234567", "0321234567", PhoneMobile, ""},
		{"0591234567", "0591234567", PhoneMobile, ""},
		{"0701234567", "0701234567", PhoneMobile, ""},
		{"0290 3 123 456", "02903123456", PhoneLandline, ""},
		{"02373.900.900", "02373900900", PhoneLandline, ""},
		{"+84 290 3123456", "02903123456", PhoneLandline, ""},
		{"024 3825 1234", "02438251234", PhoneLandline, ""},
		{"0290 312", "", "", "phone_landline_length"},
		{"0290312345", "", "", "phone_landline_length"},   // 10 digits from 02: not a landline (those are 11)
		{"024 3825 123", "", "", "phone_landline_length"}, // Hà Nội, a digit short
		{"029031234567", "", "", "phone_landline_length"}, // 12 digits
		{"01234567890", "", "", "phone_old_prefix"},
		{"0123456789", "", "", "phone_prefix"},
		{"0112345678", "", "", "phone_prefix"},
		{"0312345678", "", "", "phone_prefix"},
		{"0512345678", "", "", "phone_prefix"},
		{"0712345678", "", "", "phone_prefix"},
		{"0801234567", "", "", "phone_prefix"},
		{"091234567", "", "", "phone_length"},
		{"09123456789", "", "", "phone_length"},
		{"912345678", "", "", "phone_format"},
		{"0912abc678", "", "", "phone_chars"},
		{"+1 202 555 0100", "", "", "phone_foreign"},
		{"", "", "", "phone_required"},
		{" - ", "", "", "phone_required"},
	} {
		got, kind, err := NormalizePhone(tc.in)
		if tc.err != "" {
			checkErr(t, "phone "+tc.in, err, tc.err)
			continue
		}
		if err != nil || got != tc.want || kind != tc.kind {
			t.Errorf("NormalizePhone(%q) = %q %q %v; want %q %q", tc.in, got, kind, err, tc.want, tc.kind)
		}
	}
}

func TestPhoneCarrier(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"0972376908", "Viettel"}, {"0321234567", "Viettel"}, {"0861234567", "Viettel"},
		{"0901234567", "MobiFone"}, {"0701234567", "MobiFone"}, {"0891234567", "MobiFone"},
		{"0912345678", "VinaPhone"}, {"+84 81 234 5678", "VinaPhone"}, {"0881234567", "VinaPhone"},
		{"0921234567", "Vietnamobile"}, {"0561234567", "Vietnamobile"},
		{"0991234567", "Gmobile"}, {"0591234567", "Gmobile"},
		{"0871234567", "iTel"}, {"0551234567", "Reddi"},
		{"0951234567", ""}, // a valid range with no current network
		{"02903123456", ""}, {"garbage", ""}, {"", ""},
	} {
		if got := Carrier(tc.in); got != tc.want {
			t.Errorf("Carrier(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for p := range carriers.get() {
		if !mobileRe.MatchString(p + "1234567") {
			t.Errorf("carrier prefix %s is not a valid mobile prefix", p)
		}
	}
}

func TestValidateName(t *testing.T) {
	for _, tc := range []struct{ in, want, err string }{
		{"  Nguyễn   Thị  Ánh ", "Nguyễn Thị Ánh", ""},
		{"Nguye\u0302\u0303n Va\u0306n A", "Nguyễn Văn A", ""},
		{"H’Hen Niê", "H’Hen Niê", ""},
		{"H'Hen Niê", "H'Hen Niê", ""},
		{"Nguyễn Thị Hồng-Nhung", "Nguyễn Thị Hồng-Nhung", ""},
		{"Mary J. Smith", "Mary J. Smith", ""},
		{"Thạch Thị Sà Rươne", "Thạch Thị Sà Rươne", ""},
		{"ĐẶNG VĂN LÂM", "ĐẶNG VĂN LÂM", ""},
		{"Trần\x1b[2J Văn", "Trần Văn", ""},
		{strings.Repeat("a", 100), strings.Repeat("a", 100), ""},
		{"Nguyễn Văn 2", "", "name_digit"},
		{"Lê Thị Ba3", "", "name_digit"},
		{"Lê Văn Ⅻ", "", "name_digit"},
		{"Lê @Văn", "", "name_chars"},
		{"Lê_Văn", "", "name_chars"},
		{"Lê, Văn", "", "name_chars"},
		{"", "", "name_required"},
		{" \t\n", "", "name_required"},
		{"\x1b[2J", "", "name_required"},
		{"- . '", "", "name_no_letter"},
		{strings.Repeat("ă", 101), "", "name_too_long"},
	} {
		got, err := ValidateName(tc.in)
		if tc.err != "" {
			checkErr(t, "name "+tc.in, err, tc.err)
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ValidateName(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestValidateEmail(t *testing.T) {
	for _, tc := range []struct{ in, want, err string }{
		{"", "", ""},
		{"   ", "", ""},
		{" an.nguyen@Gmail.COM ", "an.nguyen@gmail.com", ""},
		{"Van.A+mc@camau.gov.vn", "Van.A+mc@camau.gov.vn", ""},
		{"an.nguyen", "", "email_format"},
		{"an@@gmail.com", "", "email_format"},
		{"a@b@gmail.com", "", "email_format"},
		{"@gmail.com", "", "email_format"},
		{"an@", "", "email_format"},
		{"an@localhost", "", "email_format"},
		{"an@.gmail.com", "", "email_format"},
		{"an@gmail.com.", "", "email_format"},
		{"an@gmail..com", "", "email_format"},
		{"an nguyen@gmail.com", "", "email_format"},
		{"an,b@gmail.com", "", "email_format"},
		{strings.Repeat("a", 245) + "@gmail.com", "", "email_too_long"},
	} {
		got, err := ValidateEmail(tc.in)
		if tc.err != "" {
			checkErr(t, "email "+tc.in, err, tc.err)
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ValidateEmail(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in      string
		y, m, d int
		err     string
	}{
		{"27/10/2023", 2023, 10, 27, ""},
		{"7/3/2023", 2023, 3, 7, ""},
		{"07-03-2023", 2023, 3, 7, ""},
		{"07.03.2023", 2023, 3, 7, ""},
		{" 29/02/2024 ", 2024, 2, 29, ""},
		{"12031985", 1985, 3, 12, ""}, // typed on the number pad, no separators
		{"31021985", 0, 0, 0, "date_invalid"},
		{"1203198", 0, 0, 0, "date_format"},
		{"120319855", 0, 0, 0, "date_format"},
		{"29/02/2023", 0, 0, 0, "date_invalid"},
		{"31/04/2023", 0, 0, 0, "date_invalid"},
		{"00/01/2023", 0, 0, 0, "date_invalid"},
		{"01/13/2023", 0, 0, 0, "date_invalid"},
		{"01/00/2023", 0, 0, 0, "date_invalid"},
		{"27/10/23", 0, 0, 0, "date_format"},
		{"2023-10-27", 0, 0, 0, "date_format"},
		{"27/10-2023", 0, 0, 0, "date_format"},
		{"27/10/2023/1", 0, 0, 0, "date_format"},
		{"/10/2023", 0, 0, 0, "date_format"},
		{"a7/10/2023", 0, 0, 0, "date_format"},
		{"27 10 2023", 0, 0, 0, "date_format"},
		{"", 0, 0, 0, "date_required"},
	} {
		got, err := ParseDate(tc.in)
		if tc.err != "" {
			checkErr(t, "date "+tc.in, err, tc.err)
			continue
		}
		want := time.Date(tc.y, time.Month(tc.m), tc.d, 0, 0, 0, 0, VNZone)
		if err != nil || !got.Equal(want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", tc.in, got, err, want)
		}
		if _, off := got.Zone(); off != 7*3600 || got.Hour() != 0 {
			t.Errorf("ParseDate(%q) = %v: not midnight at +07", tc.in, got)
		}
	}
}

func TestDateOfBirth(t *testing.T) {
	today := time.Date(2026, 3, 15, 0, 0, 0, 0, VNZone)
	lateUTC := time.Date(2026, 3, 14, 20, 0, 0, 0, time.UTC) // already 15/03 in Vietnam
	for _, tc := range []struct {
		name string
		dob  time.Time
		now  time.Time
		err  string
	}{
		{"adult", dob1987, now2026, ""},
		{"born today", today, now2026, ""},
		{"born today, clock in UTC", today, lateUTC, ""},
		{"1900", time.Date(1900, 1, 1, 0, 0, 0, 0, VNZone), now2026, ""},
		{"tomorrow", today.AddDate(0, 0, 1), now2026, "dob_future"},
		{"next year", time.Date(2027, 1, 1, 0, 0, 0, 0, VNZone), now2026, "dob_future"},
		{"1899", time.Date(1899, 12, 31, 0, 0, 0, 0, VNZone), now2026, "dob_too_old"},
		{"zero", time.Time{}, now2026, "dob_required"},
	} {
		err := ValidateDOB(tc.dob, tc.now)
		if tc.err != "" {
			checkErr(t, tc.name, err, tc.err)
		} else if err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}

func TestProvinceTable(t *testing.T) {
	if len(provinces.get()) != 63 {
		t.Errorf("%d provinces, want 63", len(provinces.get()))
	}
	for code, name := range provinces.get() {
		if len(code) != 3 || !isASCIIDigits(code) || code < "001" || code > "096" {
			t.Errorf("bad code %q", code)
		}
		if name == "" || CleanName(name) != name {
			t.Errorf("%s: name %q is not clean NFC", code, name)
		}
	}
	for _, tc := range []struct {
		code, want string
		ok         bool
	}{
		{"001", "Hà Nội", true}, {"038", "Thanh Hóa", true}, {"079", "TP. Hồ Chí Minh", true},
		{"095", "Bạc Liêu", true}, {"096", "Cà Mau", true},
		{"003", "", false}, {"000", "", false}, {"097", "", false}, {"96", "", false}, {"", "", false},
	} {
		got, ok := ProvinceName(tc.code)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ProvinceName(%q) = %q, %v; want %q, %v", tc.code, got, ok, tc.want, tc.ok)
		}
	}
}
