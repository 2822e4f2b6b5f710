package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/motcua/motcua"
)

// A reception on a day the unit does not receive (here Sunday 26/01/2025,
// in the published Tết break) asks first and says from when the time is
// counted; saving again receives it.
func TestReceptionOutsideHoursAsksFirst(t *testing.T) {
	m, clock := openReceive(t)
	clock.t = time.Date(2025, 1, 26, 10, 0, 0, 0, motcua.VNZone)
	m = press(t, m, "khai sinh", keyEnter, "Lê Văn Cường", keyCtrlS)
	r := receiveOf(t, m)
	if !strings.Contains(r.problem, "không phải ngày tiếp nhận") || !strings.Contains(r.problem, "03/02/2025") || !strings.Contains(r.problem, "Lưu lần nữa") {
		t.Fatalf("no confirmation asked: %q", r.problem)
	}
	mustContain(t, m, "không phải ngày tiếp nhận")
	m = press(t, m, keyCtrlS)
	rc, ok := active(m).(receiptScreen)
	if !ok {
		t.Fatalf("after confirming: %T", active(m))
	}
	if want := time.Date(2025, 2, 3, 17, 0, 0, 0, motcua.VNZone); !rc.d.Appointment.Equal(want) {
		t.Errorf("appointment %s, want 03/02/2025 17:00", rc.d.Appointment.In(motcua.VNZone))
	}
}

// A mistyped date of birth is corrected in "Sửa thông tin" with a reason:
// without one the dialog says so; with one the history shows the change.
func TestEditIdentityNeedsAReason(t *testing.T) {
	m, st, _ := seededModel(t, 80, 24)
	m = openDossier(t, m, "nguyen")
	m = press(t, m, "s") // Sửa thông tin
	if d := detailOf(t, m); !d.open || d.dialog.act.kind != actEdit {
		t.Fatalf("s opened %+v", d.dialog.act)
	}
	clear := tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	// name, phone, email, address, summary, logbook, id_number, dob
	m = press(t, m, keyTab, keyTab, keyTab, keyTab, keyTab, keyTab, keyTab, clear, "12/03/1985", keyCtrlS)
	mustContain(t, m, "cần ghi lý do")
	if !detailOf(t, m).open {
		t.Fatal("saved an identity correction without a reason")
	}
	m = press(t, m, keyTab, keyTab, "Gõ nhầm ngày sinh khi tiếp nhận", keyCtrlS)
	d := detailOf(t, m)
	if d.open {
		t.Fatalf("still open:\n%s", screenText(m))
	}
	stored, _ := st.Get(d.id)
	last := stored.History[len(stored.History)-1]
	if stored.Applicant.DOB != "1985-03-12" || !strings.Contains(last.Text, "lý do: Gõ nhầm ngày sinh khi tiếp nhận") {
		t.Fatalf("stored dob %q, history %q", stored.Applicant.DOB, last.Text)
	}
}

// Everyday words find the procedure; a word nothing matches lists every
// procedure instead of a dead end, and Enter picks only what the officer
// pointed at.
func TestProcedurePickerEverydayWordsAndNoDeadEnd(t *testing.T) {
	m, _ := openReceive(t)
	m = press(t, m, "bao tu")
	if r := receiveOf(t, m); len(r.matches) == 0 || r.matches[0].Code != "1.000656" || r.noMatch {
		t.Fatalf("“bao tu”: %+v", r.matches)
	}
	m, _ = openReceive(t)
	m = press(t, m, "xyzzy")
	r := receiveOf(t, m)
	if !r.noMatch || len(r.matches) != len(r.cat.All()) {
		t.Fatalf("no match: noMatch=%v, %d procedures", r.noMatch, len(r.matches))
	}
	mustContain(t, m, "dưới đây là tất cả thủ tục", "Đăng ký khai sinh")
	m = press(t, m, keyEnter)
	if receiveOf(t, m).proc != nil {
		t.Fatal("Enter chose a procedure nobody pointed at")
	}
	m, _ = openReceive(t)
	m = press(t, m, "xyzzy", keyDown, keyEnter)
	if receiveOf(t, m).proc == nil {
		t.Fatal("↓ Enter did not choose from the full list")
	}
}
