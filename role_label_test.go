package motcua

import "testing"

// A role is named in the reader's language, with its code beside it where
// the admin typed the code (`--role counter`).
func TestRoleLabel(t *testing.T) {
	cases := []struct {
		r      Role
		vi, en string
	}{
		{RoleCounter, "cán bộ một cửa (counter)", "counter officer (counter)"},
		{RoleHamlet, "trưởng ấp, khóm (hamlet)", "hamlet head (hamlet)"},
		{Role("robot"), "robot", "robot"},
	}
	for _, c := range cases {
		if got := c.r.Label(VI); got != c.vi {
			t.Errorf("%s vi: %q, want %q", c.r, got, c.vi)
		}
		if got := c.r.Label(EN); got != c.en {
			t.Errorf("%s en: %q, want %q", c.r, got, c.en)
		}
	}
}
