package ui

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/motcua/motcua"
	"github.com/motcua/motcua/store"
)

func seededModel(t *testing.T, w, h int) (tea.Model, *store.Store, *testClock) {
	t.Helper()
	st, clock := newTestStore(t)
	seed(t, st, clock)
	return newTestModel(t, st, clock, w, h, motcua.VI), st, clock
}

func dossiersOf(t *testing.T, m tea.Model) dossiersScreen {
	t.Helper()
	d, ok := active(m).(dossiersScreen)
	if !ok {
		t.Fatalf("active screen is %T", active(m))
	}
	return d
}

func names(ds []motcua.Dossier) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Applicant.Name)
	}
	return out
}

func TestDossierListSortedByDue(t *testing.T) {
	m, _, _ := seededModel(t, 80, 24)
	m = press(t, m, keyF3)
	got := names(dossiersOf(t, m).rows)
	// Open ones, soonest appointment first; then the closed ones: "all"
	// lists the returned one too.
	want := []string{"Võ Thị Hồng", "Nguyễn Thị Ánh", "Huỳnh Văn Tâm", "Đặng Minh Khoa", "Phạm Văn Đức"}
	if len(got) != len(want) {
		t.Fatalf("rows %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("rows %v, want %v", got, want)
		}
	}
	checkFrame(t, m, 80, 24)
	golden.RequireEqual(t, screenText(m))
}

func TestDossierSearchAsYouType(t *testing.T) {
	m, _, _ := seededModel(t, 80, 24)
	m = press(t, m, keyF3, "pham")
	got := names(dossiersOf(t, m).rows)
	if len(got) != 1 || got[0] != "Phạm Văn Đức" {
		t.Fatalf("pham: %v", got)
	}
	mustContain(t, m, "Phạm Văn Đức", "Đã trả kết quả")
	// By phone and by CCCD.
	m = press(t, m, keyBackspace, keyBackspace, keyBackspace, keyBackspace, "0912345678")
	if got := names(dossiersOf(t, m).rows); len(got) != 1 || got[0] != "Võ Thị Hồng" {
		t.Fatalf("phone: %v", got)
	}
}

// An answer to an older query never overwrites the newer one.
func TestDossierSearchDropsStaleAnswers(t *testing.T) {
	m, _, _ := seededModel(t, 80, 24)
	m = press(t, m, keyF3, "vo")
	d := dossiersOf(t, m)
	stale := searchMsg{seq: d.seq - 1, hits: []motcua.Dossier{{Applicant: motcua.Person{Name: "Cũ Rồi"}}}}
	m, _ = m.Update(stale)
	if got := names(dossiersOf(t, m).rows); len(got) != 1 || got[0] != "Võ Thị Hồng" {
		t.Fatalf("after a stale answer: %v", got)
	}
	mustNotContain(t, m, "Cũ Rồi")
}

func TestDossierFilters(t *testing.T) {
	m, _, _ := seededModel(t, 80, 24)
	m = press(t, m, keyF3, keyTab) // to the table: letters are commands
	if dossiersOf(t, m).typing() {
		t.Fatal("the search keeps focus after tab")
	}
	m = press(t, m, tea.KeyPressMsg{Code: 'd', Text: "d"}) // due: overdue
	if got := names(dossiersOf(t, m).rows); len(got) != 1 || got[0] != "Võ Thị Hồng" {
		t.Fatalf("overdue: %v", got)
	}
	mustContain(t, m, "Hạn: quá hạn")
	m = press(t, m, tea.KeyPressMsg{Code: 'd', Text: "d"}) // today
	if got := names(dossiersOf(t, m).rows); len(got) != 1 || got[0] != "Nguyễn Thị Ánh" {
		t.Fatalf("today: %v", got)
	}
	m = press(t, m, tea.KeyPressMsg{Code: 'd', Text: "d"}, tea.KeyPressMsg{Code: 'd', Text: "d"}) // received today
	if got := dossiersOf(t, m).rows; len(got) != 3 {
		t.Fatalf("received today: %v", names(got))
	}
	m = press(t, m, tea.KeyPressMsg{Code: 'd', Text: "d"})                // any
	m = press(t, m, tea.KeyPressMsg{Code: 's', Text: "s"}, "4", keyEnter) // the picker
	mustContain(t, m, "Trạng thái: Đang xử lý")
	if got := names(dossiersOf(t, m).rows); len(got) != 1 || got[0] != "Võ Thị Hồng" {
		t.Fatalf("status 4: %v", got)
	}
	// / goes back to the search box; letters are text again.
	m = press(t, m, tea.KeyPressMsg{Code: '/', Text: "/"}, "s")
	if v := dossiersOf(t, m).search.Value(); v != "s" {
		t.Fatalf("search holds %q", v)
	}
}

func TestDossierOpensDetail(t *testing.T) {
	m, _, _ := seededModel(t, 80, 24)
	m = press(t, m, keyF3, "nguyen", keyEnter)
	d, ok := active(m).(detailScreen)
	if !ok || d.d.Applicant.Name != "Nguyễn Thị Ánh" {
		t.Fatalf("opened %T %+v", active(m), d.d.Applicant)
	}
	m = press(t, m, keyEsc)
	if v := dossiersOf(t, m).search.Value(); v != "nguyen" {
		t.Fatalf("back to the list lost the query: %q", v)
	}
}

func TestDossierListWide(t *testing.T) {
	m, _, _ := seededModel(t, 160, 48)
	m = press(t, m, keyF3)
	checkFrame(t, m, 160, 48)
	mustContain(t, m, "000.00.06.H56-231025-9000", "Võ Thị Hồng")
}

// Item 4: the dossier list finds the code as printed and the day's number.
func TestDossierSearchByPrintedNumber(t *testing.T) {
	st, clock := newTestStore(t)
	seed(t, st, clock)
	var m tea.Model = newTestModel(t, st, clock, 80, 24, motcua.VI)
	m = press(t, m, keyF3, "231027-9000")
	mustContain(t, m, "Nguyễn Thị Ánh", "1 hồ sơ")
	code, _ := motcua.ParseCode("000.00.06.H56-231027-9000")
	m = press(t, m, fmt.Sprintf("-%d", code.Check()))
	mustContain(t, m, "Nguyễn Thị Ánh", "1 hồ sơ")
	var back []any
	for range len("231027-9000-0") {
		back = append(back, keyBackspace)
	}
	m = press(t, m, append(back, "9000")...)
	mustContain(t, m, "Nguyễn Thị Ánh", "Đặng Minh Khoa", "Võ Thị Hồng")
	m = press(t, m, keyBackspace, keyBackspace, keyBackspace, keyBackspace, "5678")
	mustContain(t, m, "Võ Thị Hồng", "1 hồ sơ")
}

// Item 6: no silent cap (the total is shown, and scrolling past the end
// reads on); "tất cả" means every status; the status filter is a picker
// reachable from the search box.
func TestDossierListHasNoSilentCap(t *testing.T) {
	st, clock := newTestStore(t)
	seed(t, st, clock)
	first := []string{"An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Khoa", "Lan", "Minh", "Nam", "Oanh", "Phúc", "Quế", "Sơn", "Tâm"}
	for i := range 205 {
		name := "Công Dân " + first[i%15] + " " + first[i/15%15]
		if _, err := st.Receive(motcua.ReceiveInput{ProcedureCode: "1.001193", Applicant: motcua.Person{Name: name}}); err != nil {
			t.Fatal(err)
		}
	}
	var m tea.Model = newTestModel(t, st, clock, 80, 24, motcua.VI)
	m = press(t, m, keyF3)
	mustContain(t, m, "đang hiện 200/210 hồ sơ")
	m = press(t, m, keyTab)
	for i := 0; i < 25; i++ {
		m = press(t, m, tea.KeyPressMsg{Code: tea.KeyPgDown})
	}
	mustContain(t, m, "210 hồ sơ")
	mustNotContain(t, m, "đang hiện")
	checkFrame(t, m, 80, 24)
}

func TestDossierStatusPickerAndAll(t *testing.T) {
	st, clock := newTestStore(t)
	seed(t, st, clock)
	var m tea.Model = newTestModel(t, st, clock, 80, 24, motcua.VI)
	m = press(t, m, keyF3)
	mustContain(t, m, "Trạng thái: tất cả", "Phạm Văn Đức", "5 hồ sơ") // the returned one too
	ctrlF := tea.KeyPressMsg{Code: 'f', Mod: tea.ModCtrl}
	m = press(t, m, ctrlF) // from the search box, no Tab
	mustContain(t, m, "Lọc theo trạng thái", "10  Đã trả kết quả")
	checkFrame(t, m, 80, 24)
	for range 10 {
		m = press(t, m, keyDown)
	}
	m = press(t, m, keyEnter)
	mustContain(t, m, "Trạng thái: Đã trả kết quả", "Phạm Văn Đức", "1 hồ sơ")
	m = press(t, m, ctrlF, "0", keyEnter, tea.KeyPressMsg{Code: 'd', Mod: tea.ModCtrl})
	mustContain(t, m, "Trạng thái: tất cả", "Hạn: quá hạn")
}
