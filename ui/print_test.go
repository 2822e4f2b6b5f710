package ui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/motcua/motcua"
	"github.com/motcua/motcua/paper"
	"github.com/motcua/motcua/store"
)

// savedForm is the text of the one PDF under DIR/forms (or receipts) whose
// name ends with suffix, read back by pdftotext.
func savedForm(t *testing.T, st *store.Store, folder, suffix string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (.ci/run installs poppler-utils)")
	}
	paths, _ := filepath.Glob(filepath.Join(filepath.Dir(st.Path()), folder, "*"+suffix))
	if len(paths) != 1 {
		t.Fatalf("%s/*%s: %v", folder, suffix, paths)
	}
	out, err := exec.Command("pdftotext", "-layout", paths[0], "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", paths[0], err)
	}
	return string(out)
}

func wantIn(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, text)
		}
	}
}

func TestFormAfterAction(t *testing.T) {
	cases := []struct {
		kind actionKind
		to   motcua.Status
		want string
	}{
		{actTransition, motcua.StatusSupplement, "02"}, {actTransition, motcua.StatusRefused, "03"},
		{actReschedule, 0, "04"}, {actTransition, motcua.StatusProcessing, ""}, {actNote, 0, ""}, {actRate, 0, ""},
	}
	for _, c := range cases {
		if got := formAfter(c.kind, c.to); got != c.want {
			t.Errorf("formAfter(%d, %d) = %q, want %q", c.kind, c.to, got, c.want)
		}
	}
}

// A supplement request (4 → 5) saves and prints Mẫu 02 with its list.
func TestSupplementPrintsForm02(t *testing.T) {
	log := fakeLp(t, false)
	m, st, _ := seededModel(t, 100, 30)
	m = openDossier(t, m, "vo thi hong")
	m = press(t, m, "b", keyDown, keySpace, keyTab, "Giấy chứng sinh bị mờ", keyCtrlS)
	code := detailOf(t, m).d.Code
	text := savedForm(t, st, "forms", code+"-mau-02.pdf")
	wantIn(t, "Mẫu 02", text, "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", code+"/HDHS", "Giấy chứng sinh bị mờ", "Võ Thị Hồng")
	mustContain(t, m, "Đã lưu: Yêu cầu bổ sung", "Mẫu 02 đã lưu ở")
	if b, _ := os.ReadFile(log); !strings.Contains(string(b), code+"-mau-02.pdf") {
		t.Fatalf("lp was not given the form: %q", b)
	}
}

// A reschedule saves and prints Mẫu 04 with the new date.
func TestReschedulePrintsForm04(t *testing.T) {
	fakeLp(t, false)
	m, st, _ := seededModel(t, 100, 30)
	m = openDossier(t, m, "khoa")
	m = press(t, m, "h", "Chờ xác minh", keyTab, keyBackspace, "2", keyEnter)
	code := detailOf(t, m).d.Code
	wantIn(t, "Mẫu 04", savedForm(t, st, "forms", code+"-mau-04.pdf"),
		"PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", "Chờ xác minh", "02/11/2023")
}

// A refusal given at the counter (no dossier) saves and prints Mẫu 03.
func TestCounterRefusalPrintsForm03(t *testing.T) {
	fakeLp(t, false)
	st, clock := newTestStore(t)
	var m tea.Model = newTestModel(t, st, clock, 80, 24, motcua.VI)
	m = missingBirthCertificate(t, m)
	m = press(t, m, keyRight, keyEnter, keyEnter, "Không thuộc thẩm quyền", keyCtrlS)
	mustContain(t, m, "Đã ghi Mẫu 03: Lê Văn Cường.")
	wantIn(t, "Mẫu 03", savedForm(t, st, "forms", "-mau-03.pdf"),
		"PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", "Lê Văn Cường", "Không thuộc thẩm quyền")
}

// p on the detail screen asks which form; a digit the dossier has prints
// it, one it has not (no refusal, no Mẫu 03) prints nothing.
func TestDetailReprintsAForm(t *testing.T) {
	fakeLp(t, false)
	m, st, _ := seededModel(t, 100, 30)
	m = openDossier(t, m, "vo thi hong")
	m = press(t, m, "p")
	mustContain(t, m, "In mẫu nào?", "1 Mẫu 01", "5 Mẫu 05")
	mustNotContain(t, m, "3 Mẫu 03")
	m = press(t, m, "5")
	code := detailOf(t, m).d.Code
	wantIn(t, "Mẫu 05", savedForm(t, st, "forms", code+"-mau-05.pdf"), "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", code)
	m = press(t, m, "p", "1")
	wantIn(t, "Mẫu 01", savedForm(t, st, "receipts", code+".pdf"), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", code)
	m = press(t, m, "p", "3")
	if ps, _ := filepath.Glob(filepath.Join(filepath.Dir(st.Path()), "forms", "*-mau-03.pdf")); len(ps) != 0 {
		t.Fatalf("a form the dossier has not was printed: %v", ps)
	}
	if detailOf(t, m).picking {
		t.Fatal("still asking after a key")
	}
}

// The receipt's paper follows the settings; MOTCUA_PAPER overrides them.
func TestPaperSizeFromSettings(t *testing.T) {
	c := &common{prefs: motcua.Prefs{Paper: "A5"}, now: func() time.Time { return fixedNow }}
	t.Setenv("MOTCUA_PAPER", "")
	if o, err := c.paperOptions(); err != nil || o.Size != paper.A5 {
		t.Fatalf("prefs A5: %v, %v", o.Size, err)
	}
	t.Setenv("MOTCUA_PAPER", "a4")
	if o, err := c.paperOptions(); err != nil || o.Size != paper.A4 {
		t.Fatalf("MOTCUA_PAPER=a4 over prefs A5: %v, %v", o.Size, err)
	}
	if paperChoice("A5") != 1 || paperChoice("") != 0 || paperChoice("B5") != 0 {
		t.Fatal("paperChoice")
	}
}

// F1 on the detail screen lists the reprint key and the forms' digits.
func TestDetailHelpListsPrint(t *testing.T) {
	m, _, _ := seededModel(t, 100, 40)
	m = openDossier(t, m, "khoa")
	m = press(t, m, keyF1)
	mustContain(t, m, "p            in", "1            Mẫu 01", "5            Mẫu 05 Phiếu kiểm soát")
}

// A print system that names no job (Windows, an lp that prints nothing)
// never leaves empty brackets in the officer's message; a job id from
// outside is cleaned of escapes.
func TestJobLabelNeverEmpty(t *testing.T) {
	for _, lang := range []motcua.Lang{motcua.VI, motcua.EN} {
		tx := textFor(lang)
		if got := fmt.Sprintf(tx.PrintedF, jobLabel(tx, "")); strings.Contains(got, "()") || !strings.Contains(got, tx.PrintQueued) {
			t.Errorf("%v: %q", lang, got)
		}
		if got := jobLabel(tx, "HP-42\x1b[2J"); strings.ContainsRune(got, 0x1b) || !strings.Contains(got, "HP-42") {
			t.Errorf("%v: job id not cleaned: %q", lang, got)
		}
	}
}
