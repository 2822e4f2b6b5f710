package central

import (
	"testing"

	"github.com/motcua/motcua"
)

// The decoded catalog a reception is checked against is kept between
// requests; a new catalog must still be the one the next reception meets.
func TestReceptionCheckedAgainstNewCatalog(t *testing.T) {
	c, _ := mustCentral(t)
	s, _ := withTerminal(t, c, motcua.RoleCounter)
	mustReceive(t, s, "Nguyễn Thị Ánh")
	pump(t, s, c, 10)
	var procs []motcua.Procedure
	for _, p := range motcua.SeedCatalog() {
		if p.Code != "1.001193" {
			procs = append(procs, p)
		}
	}
	if err := c.SetCatalog(procs); err != nil {
		t.Fatal(err)
	}
	mustReceive(t, s, "Trần Văn Bình") // the terminal has not pulled the new catalog yet
	pump(t, s, c, 10)
	ops, err := c.AppliedOps("")
	if err != nil || len(ops) != 2 {
		t.Fatalf("applied %+v %v", ops, err)
	}
	if ops[0].Result.Status != motcua.Applied {
		t.Fatalf("first reception %+v", ops[0].Result)
	}
	if r := ops[1].Result; r.Status != motcua.Rejected || r.Reason != "procedure_unknown" {
		t.Fatalf("reception after the catalog changed: %+v", r)
	}
}
