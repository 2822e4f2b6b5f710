package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/motcua/motcua"
)

// A citizen lost the receipt: from the dossier's detail the officer presses
// m, is told what happens to the old key, must say yes, and the dossier gets
// a new key (queued for the server like every change) and the receipt is
// printed again with it (as `motcua rekey` then `motcua print`).
func TestFlowRekeyReprintsTheReceipt(t *testing.T) {
	fakeLp(t, false)
	st, clock := newTestStore(t)
	seed(t, st, clock)
	hits, err := st.Search(motcua.Query{Text: "vo thi hong"})
	if err != nil || len(hits) != 1 {
		t.Fatalf("seed: %v %v", hits, err)
	}
	id := hits[0].Dossier.ID
	oldKey, err := st.LookupKey(id)
	if err != nil || oldKey == "" {
		t.Fatalf("the seeded dossier has no key: %q %v", oldKey, err)
	}
	outBefore, _ := st.Outbox(0, 1000)

	f := startFlow(t, st, clock)
	f.wait("Trang chủ")
	f.keys(keyF3, "vo thi hong")
	f.wait("Võ Thị Hồng", "1 hồ sơ")
	f.keys(keyEnter)
	f.wait("m Cấp khóa tra cứu mới")
	f.keys("m")
	f.wait("người dân mất giấy tiếp nhận", "Khóa cũ trên giấy tiếp nhận", "Cấp khóa mới?")
	f.keys(keyCtrlS) // not confirmed yet: nothing happens
	f.wait("Chọn “Có” để cấp khóa mới.")
	if k, _ := st.LookupKey(id); k != oldKey {
		t.Fatal("the key changed without the officer's yes")
	}
	f.keys(keyRight)
	f.wait("Đủ thông tin")
	f.keys(keyCtrlS)
	fr := f.wait("Đã lưu: khóa tra cứu mới")

	newKey, err := st.LookupKey(id)
	if err != nil || newKey == oldKey || len(newKey) != len(oldKey) {
		t.Fatalf("new key %q (old %q) %v", newKey, oldKey, err)
	}
	if !strings.Contains(fr, motcua.FormatLookupKey(newKey)) {
		t.Fatalf("the screen does not show the new key %s:\n%s", motcua.FormatLookupKey(newKey), fr)
	}
	d, _ := st.Get(id)
	receipt := savedForm(t, st, "receipts", d.Code+".pdf")
	wantIn(t, "the reprinted receipt", receipt, "GIẤY TIẾP NHẬN", d.Code, motcua.FormatLookupKey(newKey))
	if strings.Contains(receipt, motcua.FormatLookupKey(oldKey)) {
		t.Fatal("the reprinted receipt still carries the old key")
	}
	if d.KeyHash != motcua.HashLookupKey(newKey) {
		t.Fatal("the dossier's key hash is not the new key's")
	}
	if out, _ := st.Outbox(0, 1000); len(out) != len(outBefore)+1 || out[len(out)-1].Kind != motcua.OpSetField {
		t.Fatalf("outbox %d → %d ops", len(outBefore), len(out))
	}
	f.keys(keyEsc)
	f.wait("Tìm:")
	f.tm.Send(keyCtrlC)
	f.tm.WaitFinished(t, teatest.WithFinalTimeout(3*time.Second))
}

// When the printer fails, the new key is still on screen with the printer's
// error, and the receipt (saved before printing) carries the new key: p 1
// prints it again.
func TestRekeyWithAFailingPrinter(t *testing.T) {
	fakeLp(t, true)
	m, st, _ := seededModel(t, 100, 30)
	m = openDossier(t, m, "vo thi hong")
	id := detailOf(t, m).d.ID
	old, _ := st.LookupKey(id)
	m = press(t, m, "m", keyRight, keyCtrlS)
	key, _ := st.LookupKey(id)
	if key == old {
		t.Fatal("no new key")
	}
	mustContain(t, m, "khóa tra cứu mới "+motcua.FormatLookupKey(key), "Tệp đã lưu")
	d, _ := st.Get(id)
	wantIn(t, "the saved receipt", savedForm(t, st, "receipts", d.Code+".pdf"), motcua.FormatLookupKey(key))
}

// The history row of a new key speaks the officer's language only: the
// stored text is the record's Vietnamese, and English is the screen's
// translation, never both on one line (older records held both).
func TestRekeyHistoryInOneLanguage(t *testing.T) {
	for _, lang := range []motcua.Lang{motcua.VI, motcua.EN} {
		st, clock := newTestStore(t)
		seed(t, st, clock)
		hits, err := st.Search(motcua.Query{Text: "vo thi hong"})
		if err != nil || len(hits) != 1 {
			t.Fatalf("seed: %v %v", hits, err)
		}
		if _, _, err := st.RotateLookupKey(hits[0].Dossier.ID); err != nil {
			t.Fatal(err)
		}
		var m tea.Model = newTestModel(t, st, clock, 160, 48, lang)
		m = openDossier(t, m, "vo thi hong")
		for i := 0; i < 4; i++ {
			m = press(t, m, tea.KeyPressMsg{Code: tea.KeyPgDown})
		}
		if lang == motcua.VI {
			mustContain(t, m, "Cấp lại khóa tra cứu")
			mustNotContain(t, m, "Lookup key reissued")
		} else {
			mustContain(t, m, "Lookup key reissued")
			mustNotContain(t, m, "Cấp lại khóa tra cứu")
		}
	}
}
