package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/motcua/motcua"
	"github.com/motcua/motcua/store"
)

// toDocs moves the focus to the documents checklist.
func toDocs(t *testing.T, m tea.Model) tea.Model {
	t.Helper()
	for i := 0; receiveOf(t, m).focus != "docs"; i++ {
		if i > 30 {
			t.Fatal("never reached the checklist")
		}
		m = press(t, m, keyTab)
	}
	return m
}

// missingBirthCertificate fills a birth registration and unticks the birth
// certificate (the second, required paper), then asks to save.
func missingBirthCertificate(t *testing.T, m tea.Model) tea.Model {
	t.Helper()
	m = press(t, m, keyF2, "khai sinh", keyEnter, "Lê Văn Cường", keyTab, keyTab, keyTab, keyTab, "0912345678")
	m = toDocs(t, m)
	return press(t, m, keyDown, keySpace, keyCtrlS)
}

func outboxWaiting(t *testing.T, st *store.Store) int {
	t.Helper()
	q, err := st.Queue()
	if err != nil {
		t.Fatal(err)
	}
	return q.Waiting
}

// Blocker 1: a file missing a required paper cannot be received: Ctrl+S
// opens the legal paths instead, and no dossier, no code, no op is made.
// Guidance (Mẫu 02) is logged with the missing paper and counted.
func TestMissingRequiredPaperOffersGuidanceNotACode(t *testing.T) {
	st, clock := newTestStore(t)
	var m tea.Model = newTestModel(t, st, clock, 80, 24, motcua.VI)
	m = missingBirthCertificate(t, m)
	r := receiveOf(t, m)
	if r.path == nil {
		t.Fatalf("ctrl+s with a required paper missing did not open the paths:\n%s", screenText(m))
	}
	mustContain(t, m, "không cấp mã", "✗ Giấy chứng sinh", "Hướng dẫn bổ sung (Mẫu 02)")
	if n := outboxWaiting(t, st); n != 0 {
		t.Fatalf("%d ops written for an incomplete file", n)
	}
	checkFrame(t, m, 80, 24)
	// Esc goes back to the form with nothing lost.
	m = press(t, m, keyEsc)
	if r := receiveOf(t, m); r.path != nil || r.get("name") != "Lê Văn Cường" {
		t.Fatal("esc did not return to the filled form")
	}
	m = press(t, m, keyCtrlS, keyEnter, "Hẹn quay lại thứ Hai", keyEnter)
	if _, ok := active(m).(homeScreen); !ok {
		t.Fatalf("after recording: %T\n%s", active(m), screenText(m))
	}
	mustContain(t, m, "Đã ghi Mẫu 02: Lê Văn Cường. Hôm nay 1 hướng dẫn, 0 từ chối.")
	rs, err := st.CounterRecords(fixedNow)
	if err != nil || len(rs) != 1 {
		t.Fatalf("records: %+v, %v", rs, err)
	}
	g := rs[0]
	if g.Kind != motcua.CounterGuidance || g.ProcedureCode != "1.001193" || g.Applicant.Phone != "0912345678" ||
		g.Officer != "Trần Văn Bình" || len(g.Missing) != 1 || !strings.HasPrefix(g.Missing[0], "Giấy chứng sinh") ||
		!strings.Contains(g.Note, "Hẹn quay lại thứ Hai") || len(g.Received) != 2 {
		t.Fatalf("guidance record: %+v", g)
	}
	// No dossier and no code: the guidance goes to the server as one
	// counter_record op.
	if ops, err := st.Outbox(0, 10); err != nil || len(ops) != 1 || ops[0].Kind != motcua.OpCounterRecord || ops[0].DossierID != "" {
		t.Fatalf("outbox after a guidance: %+v, %v", ops, err)
	}
	if _, ok, _ := st.Draft(draftReceive); ok {
		t.Fatal("the draft outlived the recorded guidance")
	}
}

// A refusal (Mẫu 03) must say why: without a reason it is not recorded.
func TestRefusalNeedsAReason(t *testing.T) {
	st, clock := newTestStore(t)
	var m tea.Model = newTestModel(t, st, clock, 80, 24, motcua.VI)
	m = missingBirthCertificate(t, m)
	m = press(t, m, keyRight, keyEnter, keyEnter)
	mustContain(t, m, "Lý do từ chối *", "Từ chối phải ghi rõ lý do.")
	if n, _ := st.CounterCounts(fixedNow); n.Refusals != 0 {
		t.Fatal("a refusal without a reason was recorded")
	}
	m = press(t, m, "Không thuộc thẩm quyền", keyCtrlS)
	mustContain(t, m, "Đã ghi Mẫu 03: Lê Văn Cường. Hôm nay 0 hướng dẫn, 1 từ chối.")
	rs, _ := st.CounterRecords(fixedNow)
	if len(rs) != 1 || rs[0].Kind != motcua.CounterRefusal || rs[0].Reason != "Không thuộc thẩm quyền" {
		t.Fatalf("refusal: %+v", rs)
	}
}

// The paths need to know who: with no name the form says so first.
func TestPathsNeedTheApplicantsName(t *testing.T) {
	st, clock := newTestStore(t)
	var m tea.Model = newTestModel(t, st, clock, 80, 24, motcua.VI)
	m = press(t, m, keyF2, "khai sinh", keyEnter)
	m = toDocs(t, m)
	m = press(t, m, keySpace, keyCtrlS)
	r := receiveOf(t, m)
	if r.path != nil || r.focus != "name" {
		t.Fatalf("paths opened without a name (focus %q)", r.focus)
	}
}

// Optional papers stay optional: unticked, the file is received.
func TestOptionalPaperStaysOptional(t *testing.T) {
	st, clock := newTestStore(t)
	var m tea.Model = newTestModel(t, st, clock, 80, 24, motcua.VI)
	m = press(t, m, keyF2, "khai sinh", keyEnter, "Lê Văn Cường")
	m = toDocs(t, m)
	r := receiveOf(t, m)
	if r.docs[4].Required || r.docs[4].Received {
		t.Fatalf("doc 5 is not an unticked optional paper: %+v", r.docs[4])
	}
	m = press(t, m, keyCtrlS)
	if _, ok := active(m).(receiptScreen); !ok {
		t.Fatalf("a file with only optional papers missing was not received: %T", active(m))
	}
}

// The " *" of a required paper is never cut off, whatever the name's
// length, at 80 and 160 columns.
func TestRequiredMarkerNeverCut(t *testing.T) {
	for _, w := range []int{80, 160} {
		st, clock := newTestStore(t)
		var m tea.Model = newTestModel(t, st, clock, w, 48, motcua.VI)
		m = press(t, m, keyF2, "khai sinh", keyEnter)
		r := receiveOf(t, m)
		required := 0
		for _, l := range strings.Split(screenText(m), "\n") {
			if !strings.Contains(l, "[x]") && !strings.Contains(l, "[ ]") {
				continue
			}
			name, _, _ := strings.Cut(l, " chính")
			name = strings.TrimRight(strings.TrimRight(name, "0123456789 "), " ")
			if strings.HasSuffix(name, "*") {
				required++
			}
		}
		want := 0
		for _, d := range r.docs {
			if d.Required {
				want++
			}
		}
		if required != want || want < 3 {
			t.Fatalf("%d columns: %d rows marked required, want %d:\n%s", w, required, want, screenText(m))
		}
	}
}

// The paths dialog at the three sizes, in both languages.
func TestPathsGolden(t *testing.T) {
	for _, lang := range []motcua.Lang{motcua.VI, motcua.EN} {
		for _, size := range [][2]int{{60, 18}, {80, 24}, {160, 48}} {
			t.Run(fmt.Sprintf("%s_%dx%d", lang, size[0], size[1]), func(t *testing.T) {
				st, clock := newTestStore(t)
				var m tea.Model = newTestModel(t, st, clock, size[0], size[1], lang)
				m = missingBirthCertificate(t, m)
				m = press(t, m, keyRight, keyTab)
				if receiveOf(t, m).path == nil {
					t.Fatal("no paths dialog")
				}
				checkFrame(t, m, size[0], size[1])
				golden.RequireEqual(t, screenText(m))
			})
		}
	}
}

// The same through a real program (teatest): a birth registration with
// the birth certificate unticked never gets a code, and the guidance is
// logged.
func TestFlowMissingRequiredPaperGetsNoCode(t *testing.T) {
	st, clock := newTestStore(t)
	f := startFlow(t, st, clock)
	f.wait("Tiếp nhận hôm nay")
	f.keys(keyF2, "khai sinh")
	f.wait("1.001193")
	f.keys(keyEnter, "Lê Văn Cường")
	for range 8 { // name → id, dob, sex, phone, email, address, submitter, checklist
		f.keys(keyTab)
	}
	f.keys(keyDown, keySpace)
	f.wait("▸ [ ] Giấy chứng sinh")
	f.keys(keyCtrlS)
	f.wait("không cấp mã", "Hướng dẫn bổ sung (Mẫu 02)")
	if n := outboxWaiting(t, st); n != 0 {
		t.Fatalf("%d ops for an incomplete file", n)
	}
	f.keys(keyEnter, keyEnter)
	f.wait("Đã ghi Mẫu 02: Lê Văn Cường")
	if n, err := st.CounterCounts(fixedNow); err != nil || n.Guidance != 1 {
		t.Fatalf("counts: %+v %v", n, err)
	}
	if codeRE.MatchString(f.frame()) || outboxWaiting(t, st) != 1 { // the guidance's op, no reception
		t.Fatal("a code was issued")
	}
}
