package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/motcua/motcua"
)

func detailOf(t *testing.T, m tea.Model) detailScreen {
	t.Helper()
	d, ok := active(m).(detailScreen)
	if !ok {
		t.Fatalf("active screen is %T", active(m))
	}
	return d
}

// openDossier opens the detail of the dossier found by query.
func openDossier(t *testing.T, m tea.Model, query string) tea.Model {
	t.Helper()
	return press(t, m, keyF3, query, keyEnter)
}

func actionLabels(d detailScreen) []string {
	var out []string
	for _, a := range d.actions() {
		out = append(out, a.label)
	}
	return out
}

func TestDetailOffersOnlyLegalActions(t *testing.T) {
	m, _, _ := seededModel(t, 80, 24)
	m = openDossier(t, m, "nguyen") // status 2
	d := detailOf(t, m)
	want := []string{"Chuyển xử lý", "Công dân rút hồ sơ", "Xin lỗi, hẹn lại", "Sửa thông tin", "Ghi chú", "Cấp khóa tra cứu mới"}
	if got := actionLabels(d); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("actions %v, want %v", got, want)
	}
	mustNotContain(t, m, "Trả kết quả", "Đã có kết quả", "Dừng xử lý", "Từ chối")
	// The letter of an action not offered now does nothing; digits are no
	// longer positions.
	m = press(t, m, "t", "1")
	if detailOf(t, m).open {
		t.Fatal("t or 1 opened a dialog at status 2")
	}
	checkFrame(t, m, 80, 24)
	golden.RequireEqual(t, screenText(m))

	// A returned dossier offers only the rating, corrections, a note and a
	// new key (the citizen needs one to rate on the web).
	m = press(t, m, keyEsc, keyBackspace, keyBackspace, keyBackspace, keyBackspace, keyBackspace, keyBackspace, "pham", keyEnter)
	if got := actionLabels(detailOf(t, m)); strings.Join(got, "|") != "Ghi đánh giá hài lòng|Sửa thông tin|Ghi chú|Cấp khóa tra cứu mới" {
		t.Fatalf("returned: %v", got)
	}
	mustContain(t, m, "Hồ sơ đã kết thúc")
}

// The legal actions are exactly motcua.NextStatuses, for every status.
func TestLegalActionsFollowTheTransitionTable(t *testing.T) {
	c := &common{t: &viText, lang: motcua.VI}
	for _, st := range motcua.AllStatuses {
		var got []motcua.Status
		for _, a := range legalActions(c, motcua.Dossier{Status: st}) {
			if a.kind == actTransition {
				got = append(got, a.to)
				if !motcua.CanTransition(st, a.to) {
					t.Errorf("%d: offers illegal %d", st, a.to)
				}
			}
		}
		if len(got) != len(motcua.NextStatuses(st)) {
			t.Errorf("%d: offers %v, want %v", st, got, motcua.NextStatuses(st))
		}
	}
	c.info.Role = motcua.RoleHamlet
	if acts := legalActions(c, motcua.Dossier{Status: motcua.StatusProcessing}); len(acts) != 1 || acts[0].kind != actNote {
		t.Fatalf("hamlet head gets %+v", acts)
	}
}

func TestSupplementNeedsReasonAndDocuments(t *testing.T) {
	m, st, _ := seededModel(t, 80, 24)
	m = openDossier(t, m, "vo thi hong") // status 4
	m = press(t, m, "b")                 // Yêu cầu bổ sung
	d := detailOf(t, m)
	if !d.open || d.dialog.act.to != motcua.StatusSupplement {
		t.Fatalf("dialog: %+v", d.dialog.act)
	}
	mustContain(t, m, "Giấy tờ cần bổ sung", "Yêu cầu bổ sung cần lý do và danh sách giấy tờ")
	m = press(t, m, keyCtrlS)
	if !detailOf(t, m).open {
		t.Fatal("saved without a reason and a list")
	}
	// Tick the second document, then give the reason.
	m = press(t, m, keyDown, keySpace, keyTab, "Giấy chứng sinh bị mờ")
	checkFrame(t, m, 80, 24)
	mustContain(t, m, "╰") // the whole dialog fits at 80×24
	golden.RequireEqual(t, screenText(m))
	m = press(t, m, keyCtrlS)
	d = detailOf(t, m)
	if d.open || d.d.Status != motcua.StatusSupplement {
		t.Fatalf("after save: open %v status %d\n%s", d.open, d.d.Status, screenText(m))
	}
	stored, _ := st.Get(d.id)
	last := stored.History[len(stored.History)-1]
	if !strings.Contains(last.Text, "Giấy chứng sinh bị mờ") || !strings.Contains(last.Text, "- Giấy chứng sinh") {
		t.Fatalf("history text %q", last.Text)
	}
	mustContain(t, m, "Đã lưu: Yêu cầu bổ sung")
}

func TestStopNeedsAReason(t *testing.T) {
	m, _, _ := seededModel(t, 80, 24)
	m = openDossier(t, m, "vo thi hong")
	m = press(t, m, "d") // Dừng xử lý
	if d := detailOf(t, m); d.dialog.act.to != motcua.StatusStopped {
		t.Fatalf("5 opened %+v", d.dialog.act)
	}
	m = press(t, m, keyEnter)
	mustContain(t, m, "Cần ghi lý do dừng xử lý")
	if !detailOf(t, m).open {
		t.Fatal("stopped without a reason")
	}
	m = press(t, m, "Công dân không bổ sung", keyEnter)
	if d := detailOf(t, m); d.open || d.d.Status != motcua.StatusStopped {
		t.Fatalf("status %d", d.d.Status)
	}
}

func TestRescheduleKeepsTheOriginalAppointment(t *testing.T) {
	m, _, _ := seededModel(t, 80, 24)
	m = openDossier(t, m, "khoa") // appointment Tue 31/10 14:00
	m = press(t, m, "h")          // Xin lỗi, hẹn lại
	mustContain(t, m, "Phiếu xin lỗi và hẹn lại", "Hẹn trả mới")
	m = press(t, m, "Chờ xác minh", keyTab, keyBackspace, "2")
	mustContain(t, m, "Sau 14 giờ 00 phút, ngày 02/11/2023")
	m = press(t, m, keyEnter)
	d := detailOf(t, m)
	if d.open {
		t.Fatalf("not saved:\n%s", screenText(m))
	}
	want := time.Date(2023, 11, 2, 14, 0, 0, 0, motcua.VNZone)
	if !d.d.Appointment.Equal(want) || d.d.OriginalAppt.IsZero() {
		t.Fatalf("appointment %v, original %v", d.d.Appointment, d.d.OriginalAppt)
	}
	mustContain(t, m, "Hẹn ban đầu", "đã xin lỗi, hẹn lại")
}

// 4 → 9 → 10, then the rating is offered at once.
func TestReturnThenRate(t *testing.T) {
	m, _, _ := seededModel(t, 80, 24)
	m = openDossier(t, m, "vo thi hong")
	m = press(t, m, "k", keyEnter) // Đã có kết quả, no note
	if s := detailOf(t, m).d.Status; s != motcua.StatusDone {
		t.Fatalf("status %d", s)
	}
	m = press(t, m, "t") // Trả kết quả
	mustContain(t, m, "Người nhận", "Võ Thị Hồng", "Tại quầy")
	m = press(t, m, keyTab, keyRight, keyCtrlS) // by post
	d := detailOf(t, m)
	if d.d.Status != motcua.StatusReturned || d.d.Outcome == nil || d.d.Outcome.Method != motcua.ReturnPost {
		t.Fatalf("after return: %d %+v", d.d.Status, d.d.Outcome)
	}
	if !d.open || d.dialog.act.kind != actRate {
		t.Fatal("the rating was not offered after the return")
	}
	mustContain(t, m, "Chỉ số 8", "Chỉ số 9")
	m = press(t, m, keyCtrlS)
	mustContain(t, m, "Cần chọn mức hài lòng")
	m = press(t, m, keyRight, keyTab, keyRight, keyRight, keyCtrlS)
	d = detailOf(t, m)
	if d.open || d.d.Rating == nil || d.d.Rating.Convenience != motcua.VerySatisfied || d.d.Rating.Overall != motcua.Satisfied {
		t.Fatalf("rating %+v", d.d.Rating)
	}
	mustContain(t, m, "Thuận tiện: Rất hài lòng · Hài lòng chung: Hài lòng")
}

func TestWithdrawal(t *testing.T) {
	m, _, _ := seededModel(t, 80, 24)
	m = openDossier(t, m, "tam")
	m = press(t, m, "u", keyEnter, "Không cần nữa", keyEnter)
	if s := detailOf(t, m).d.Status; s != motcua.StatusWithdrawn {
		t.Fatalf("status %d\n%s", s, screenText(m))
	}
}

func TestDetailHistoryIsMau05(t *testing.T) {
	m, _, _ := seededModel(t, 80, 24)
	m = openDossier(t, m, "pham")
	for i := 0; i < 3; i++ {
		m = press(t, m, tea.KeyPressMsg{Code: tea.KeyPgDown})
	}
	mustContain(t, m, "Quá trình giải quyết", "Thời gian", "Cán bộ", "Kết quả",
		"Đang xử lý → Đã xử lý xong", "Đúng hạn", "Phạm Văn Đức")
	checkFrame(t, m, 80, 24)
}

// Correcting details writes one SetField per changed field, with the value
// the officer saw, in one commit; saving with nothing changed is refused.
func TestEditDetailsWritesOnlyWhatChanged(t *testing.T) {
	m, st, _ := seededModel(t, 80, 24)
	m = openDossier(t, m, "nguyen")
	before := detailOf(t, m).d
	m = press(t, m, "s") // Sửa thông tin
	if d := detailOf(t, m); !d.open || d.dialog.act.kind != actEdit {
		t.Fatalf("4 opened %+v", d.dialog.act)
	}
	mustContain(t, m, before.Applicant.Name)
	m = press(t, m, keyCtrlS)
	mustContain(t, m, "Chưa sửa gì.")
	if !detailOf(t, m).open {
		t.Fatal("saved an edit that changes nothing")
	}
	clear := tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	m = press(t, m, keyTab, clear, "0912 345 678", keyTab, keyTab, "Ấp Tân Hưng, xã Tân Thành")
	checkFrame(t, m, 80, 24)
	m = press(t, m, keyCtrlS)
	d := detailOf(t, m)
	if d.open {
		t.Fatalf("still open:\n%s", screenText(m))
	}
	stored, _ := st.Get(d.id)
	if stored.Applicant.Phone != "0912345678" || stored.Applicant.Address != "Ấp Tân Hưng, xã Tân Thành" ||
		stored.Applicant.Name != before.Applicant.Name || stored.Version != before.Version+2 {
		t.Fatalf("stored %+v v%d (was v%d)", stored.Applicant, stored.Version, before.Version)
	}
	mustContain(t, m, "Đã lưu: Sửa thông tin")
}

// Item 3: the newest history row is reachable at 80×24, on a finished
// dossier whose header has an extra line, however many PgDn are pressed.
func TestDetailNewestHistoryRowReachable(t *testing.T) {
	m, _, _ := seededModel(t, 80, 24)
	m = openDossier(t, m, "pham") // returned: four events
	for i := 0; i < 6; i++ {
		m = press(t, m, tea.KeyPressMsg{Code: tea.KeyPgDown})
	}
	mustContain(t, m, "4  27/10/2023 08:40 Trần Văn Bình    Đã xử lý xong → Đã trả")
	// Item 17: the method is a label, not the code "(counter)".
	mustContain(t, m, "Phạm Văn Đức (Tại quầy)")
	mustNotContain(t, m, "(counter)", "Tiếp nhận → Được tiếp nhận")
	// ↑ answers at once after many ↓.
	before := screenText(m)
	m = press(t, m, keyUp)
	if screenText(m) == before {
		t.Fatal("↑ after many PgDn did not move at once")
	}
	checkFrame(t, m, 80, 24)
}

// Item 7: an action's letter is the same in every status; a letter whose
// action is not legal now does nothing.
func TestActionLettersAreStable(t *testing.T) {
	m, _, _ := seededModel(t, 80, 24)
	m = openDossier(t, m, "nguyen") // status 2
	m = press(t, m, "x")
	if d := detailOf(t, m); !d.open || d.dialog.act.to != motcua.StatusProcessing {
		t.Fatalf("x at status 2: %+v", d.dialog.act)
	}
	m = press(t, m, keyEnter)
	if s := detailOf(t, m).d.Status; s != motcua.StatusProcessing {
		t.Fatalf("status %d", s)
	}
	m = press(t, m, "x") // processing → processing is no action
	if detailOf(t, m).open {
		t.Fatal("x opened a dialog at status 4")
	}
	m = press(t, m, "b")
	if d := detailOf(t, m); !d.open || d.dialog.act.to != motcua.StatusSupplement {
		t.Fatalf("b at status 4: %+v", d.dialog.act)
	}
	m = press(t, m, keyEsc, keyF1)
	mustContain(t, m, "b            Yêu cầu bổ sung", "k            Đã có kết quả", "g            Ghi chú")
}

// Item 8: a hand-over with the fee unpaid warns; a free procedure shows no
// fee line in the dossier and no "fee paid" toggle at reception.
func TestFeeWarningsAndFreeProcedures(t *testing.T) {
	m, _, _ := seededModel(t, 80, 24)
	m = openDossier(t, m, "pham") // 12.000 đ unpaid, returned already: use a fresh one
	m = press(t, m, keyEsc, keyEsc)
	m = press(t, m, keyF2, "2.000815", keyEnter, "Lý Văn Phí", keyCtrlS, "4", keyCtrlS) // the first ctrl+s asks for the page count
	m = press(t, m, keyF3, "ly van phi", keyEnter, "x", keyEnter, "k", keyEnter, "t")
	mustContain(t, m, "Chưa thu phí, lệ phí")
	m = press(t, m, keyEsc, keyEsc, keyEsc, keyF3, "nguyen thi anh", keyEnter) // 1.001193 is free
	mustNotContain(t, m, "Lệ phí", "chưa nộp")
	m = press(t, m, keyF2)
	m = press(t, m, "khai sinh", keyEnter)
	mustNotContain(t, m, "Đã nộp phí", "Lệ phí")
}

// Item 17: the supplement dialog shows one focus mark, and its required
// reason shows where to type.
func TestSupplementDialogOneMarker(t *testing.T) {
	m, _, _ := seededModel(t, 80, 24)
	m = openDossier(t, m, "vo thi hong")
	m = press(t, m, "b")
	if n := strings.Count(screenText(m), "▸"); n != 1 {
		t.Fatalf("%d focus marks:\n%s", n, screenText(m))
	}
	mustContain(t, m, "gõ lý do (bắt buộc)")
}
