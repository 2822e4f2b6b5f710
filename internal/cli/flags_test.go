package cli

import (
	"testing"

	"github.com/motcua/motcua"
)

func TestParseFlagsMixesPositionalAndFlags(t *testing.T) {
	fs := NewFlags("find")
	limit := fs.Int("limit", 20, "")
	pos, err := ParseFlags(fs, []string{"nguyen", "--limit", "5", "van", "--", "--not-a-flag"})
	if err != nil || *limit != 5 || len(pos) != 3 || pos[0] != "nguyen" || pos[1] != "van" || pos[2] != "--not-a-flag" {
		t.Fatalf("%v %d %q", err, *limit, pos)
	}
	if _, err := ParseFlags(NewFlags("x"), []string{"--bogus"}); motcua.ErrorCode(err) != motcua.EINVALID {
		t.Fatalf("bad flag: %v", err)
	}
}

func TestDefaultLang(t *testing.T) {
	t.Setenv("MOTCUA_LANG", "")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "en_US.UTF-8")
	if DefaultLang() != motcua.EN {
		t.Fatal("LANG=en_US not English")
	}
	t.Setenv("LANG", "C")
	if DefaultLang() != motcua.VI {
		t.Fatal("LANG=C not Vietnamese")
	}
	t.Setenv("MOTCUA_LANG", "en")
	if DefaultLang() != motcua.EN {
		t.Fatal("MOTCUA_LANG ignored")
	}
}
