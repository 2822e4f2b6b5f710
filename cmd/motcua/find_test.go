package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/motcua/motcua"
)

// `motcua find` takes what people read out: the printed tail, with or
// without its check digit, the day's number alone, the last digits of a
// phone.
func TestFindByWhatPeopleReadOut(t *testing.T) {
	c := newCLI(t)
	c.mustRun("init", "--unit", "000.00.06.H56", "--unit-name", "UBND xã Tân Thành", "--officer", "Trần Văn Bình")
	out := c.mustRun("receive", "--procedure", "1.001193", "--name", "Nguyễn Thị Ánh", "--phone", "0912 345 678")
	code := strings.SplitN(out, "\n", 2)[0]
	parsed, err := motcua.ParseCode(code)
	if err != nil {
		t.Fatal(err)
	}
	tail := code[len(code)-11:]
	for _, q := range []string{tail, fmt.Sprintf("%s-%d", tail, parsed.Check()), tail[7:], "5678", "345678"} {
		if found := c.mustRun("find", q); !strings.Contains(found, code) {
			t.Errorf("find %q: %q", q, found)
		}
	}
	if found := c.mustRun("find", fmt.Sprintf("%s-%d", tail, (parsed.Check()+1)%10)); strings.Contains(found, code) {
		t.Errorf("a wrong check digit found the dossier: %q", found)
	}
}
