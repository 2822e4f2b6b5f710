package store

import (
	"testing"

	"github.com/motcua/motcua"
)

func TestPrefsAndOfficer(t *testing.T) {
	s, _ := mustOpen(t)
	if p, err := s.Prefs(); err != nil || p != (motcua.Prefs{}) {
		t.Fatalf("fresh prefs %+v %v", p, err)
	}
	if err := s.SetPrefs(motcua.Prefs{Lang: motcua.EN, Printer: "HP_LaserJet_M15"}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []motcua.Prefs{{Lang: "fr"}, {Printer: "máy in 1"}, {Printer: "a/b"}, {Printer: "x\x1b[2J"}} {
		if err := s.SetPrefs(bad); err == nil {
			t.Errorf("accepted %+v", bad)
		}
	}
	if p, _ := s.Prefs(); p.Lang != motcua.EN || p.Printer != "HP_LaserJet_M15" {
		t.Fatalf("prefs after refused saves %+v", p)
	}

	if _, err := s.SetUnitName("  "); err == nil {
		t.Fatal("an empty unit name was accepted")
	}
	if info, err := s.SetUnitName("UBND xã Tân Thành  Mới"); err != nil || info.UnitName != "UBND xã Tân Thành Mới" || info.Unit != testUnit {
		t.Fatalf("rename: %+v %v", info, err)
	}

	d := mustReceive(t, s, "Lê Văn Cường").Dossier
	if _, err := s.SetOfficer("  "); err == nil {
		t.Fatal("an empty officer name was accepted")
	}
	info, err := s.SetOfficer(" Nguyễn Thị Hoa ")
	if err != nil || info.Officer != "Nguyễn Thị Hoa" {
		t.Fatalf("officer %q %v", info.Officer, err)
	}
	moved, err := s.Transition(d.ID, motcua.TransitionArgs{To: motcua.StatusProcessing})
	if err != nil {
		t.Fatal(err)
	}
	h := moved.Dossier.History
	if h[0].Officer != "Trần Văn Bình" || h[len(h)-1].Officer != "Nguyễn Thị Hoa" {
		t.Fatalf("history officers %q, %q", h[0].Officer, h[len(h)-1].Officer)
	}
}
