package motcua

import (
	"strings"
	"time"
)

// identityFields are the applicant's identity, correctable after reception
// only with a reason (a mistyped CCCD, date of birth or sex): the correction
// is an op like any other, decided by Apply and written in the history.
var identityFields = &lazyMap[string, bool]{build: func() map[string]bool {
	return map[string]bool{"applicant.id_number": true, "applicant.dob": true, "applicant.sex": true}
}}

// IsIdentityField reports whether correcting field needs a reason.
func IsIdentityField(field string) bool { return identityFields.get()[field] }

// normaliseIdentity checks a corrected identity value at the op's time, as
// Apply stores it: the number without separators, the date as yyyy-mm-dd,
// the sex as nam/nu. Empty clears the field.
func normaliseIdentity(field, v string, at time.Time) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	switch field {
	case "applicant.id_number":
		kind := GuessIDKind(v)
		if d := stripIDSeparators(v); kind == IDOther && isASCIIDigits(d) {
			kind = IDCCCD // digits alone are a CCCD mistyped: say what is wrong with it
		}
		n, _, err := ValidateIDNumber(kind, v, time.Time{}, SexUnknown, at)
		return n, err
	case "applicant.dob":
		d, err := time.ParseInLocation("2006-01-02", v, VNZone)
		if err != nil {
			if d, err = ParseDate(v); err != nil {
				return "", err
			}
		}
		if err := ValidateDOB(d, at); err != nil {
			return "", err
		}
		return d.Format("2006-01-02"), nil
	case "applicant.sex":
		s, err := ParseSex(v)
		return string(s), err
	}
	return "", Errorf(EINVALID, "field_unknown", "field", "Không sửa được trường %q.", "Field %q cannot be changed.", field)
}

// setIdentity writes a normalised identity value into the applicant.
func setIdentity(p *Person, field, v string) {
	switch field {
	case "applicant.id_number":
		p.IDNumber = v
		p.IDKind = ""
		if v != "" {
			p.IDKind = GuessIDKind(v)
		}
	case "applicant.dob":
		p.DOB = v
	case "applicant.sex":
		p.Sex = Sex(v)
	}
}

func identityValue(p Person, field string) string {
	switch field {
	case "applicant.id_number":
		return p.IDNumber
	case "applicant.dob":
		return p.DOB
	case "applicant.sex":
		return string(p.Sex)
	}
	return ""
}
