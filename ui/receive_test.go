package ui

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/motcua/motcua"
)

func openReceive(t *testing.T) (tea.Model, *testClock) {
	t.Helper()
	st, clock := newTestStore(t)
	m := newTestModel(t, st, clock, 80, 24, motcua.VI)
	return press(t, m, keyF2), clock
}

func receiveOf(t *testing.T, m tea.Model) receiveScreen {
	t.Helper()
	r, ok := active(m).(receiveScreen)
	if !ok {
		t.Fatalf("active screen is %T", active(m))
	}
	return r
}

func TestReceivePickerIsAccentInsensitive(t *testing.T) {
	m, _ := openReceive(t)
	m = press(t, m, "chung thuc ban sao")
	r := receiveOf(t, m)
	if len(r.matches) == 0 || r.matches[0].Code != "2.000815" {
		t.Fatalf("matches: %+v", r.matches)
	}
	mustContain(t, m, "Chứng thực bản sao từ bản chính")
	m = press(t, m, keyBackspace, keyBackspace, keyBackspace, keyBackspace, keyBackspace, keyBackspace, keyBackspace, keyBackspace, keyBackspace, keyBackspace, keyBackspace, keyBackspace, keyBackspace, keyBackspace, keyBackspace, keyBackspace, keyBackspace, keyBackspace, "1.0042")
	mustContain(t, m, "1.004222", "Đăng ký thường trú")
	checkFrame(t, m, 80, 24)
}

func TestReceiveValidatesAsTheOfficerTypes(t *testing.T) {
	m, _ := openReceive(t)
	m = press(t, m, "khai sinh", keyEnter, "Lê Văn Cường", keyTab, "09608500012")
	mustContain(t, m, "Số CCCD phải có đúng 12 chữ số (đang có 11)")
	m = press(t, m, "3")
	mustContain(t, m, "CCCD: Nam, sinh năm 1985, đăng ký khai sinh tại Cà Mau")
	m = press(t, m, keyTab, "12/03/1984")
	mustContain(t, m, "Số CCCD cho năm sinh 1985 nhưng ngày sinh đã nhập thuộc", "năm 1984")
	m = press(t, m, keyBackspace, "5")
	mustNotContain(t, m, "nhưng ngày sinh")
	m = press(t, m, keyBackspace, keyBackspace, keyBackspace, keyBackspace, "2099")
	mustContain(t, m, "ở tương lai")
	m = press(t, m, keyTab, keyTab, "0123")
	mustContain(t, m, "✗")
	m = press(t, m, keyBackspace, keyBackspace, keyBackspace, keyBackspace, "0912 345 678")
	mustContain(t, m, "Di động VinaPhone")
	checkFrame(t, m, 80, 24)
}

// Global keys are ignored while a field has focus: "q" and "?" are text.
func TestReceiveTypingQDoesNotQuit(t *testing.T) {
	m, _ := openReceive(t)
	m = press(t, m, "khai sinh", keyEnter)
	var cmd tea.Cmd
	for _, r := range "Quách Thị Quế?" {
		m, cmd = m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		if cmd != nil {
			if _, quit := cmd().(tea.QuitMsg); quit {
				t.Fatalf("typing %q quit the program", r)
			}
		}
	}
	r := receiveOf(t, m)
	if got := r.form.get("name").value(); got != "Quách Thị Quế?" {
		t.Fatalf("name field holds %q", got)
	}
	if m.(Model).showAll {
		t.Fatal("? opened help while typing")
	}
}

func TestReceiveRefusesIncompleteForms(t *testing.T) {
	m, _ := openReceive(t)
	m = press(t, m, keyCtrlS)
	mustContain(t, m, "Chưa chọn thủ tục")
	m = press(t, m, "khai tu", keyEnter, keyCtrlS)
	mustContain(t, m, "Thiếu thông tin bắt buộc")
	if r := receiveOf(t, m); r.focus != "name" {
		t.Fatalf("focus on %q, want the missing name", r.focus)
	}
}

func TestReceivePerPageFeeNeedsPages(t *testing.T) {
	m, _ := openReceive(t)
	m = press(t, m, "2.000815", keyEnter, "Lê Văn Cường", keyCtrlS)
	mustContain(t, m, "Cần nhập số trang")
	r := receiveOf(t, m)
	if r.form.get("pages").hidden || r.form.get("copies").hidden {
		t.Fatal("pages and copies are hidden for a per-page fee")
	}
	// To the pages field: tab through the applicant, the submitter toggle
	// and the checklist.
	for receiveOf(t, m).focus != "pages" {
		m = press(t, m, keyTab)
	}
	m = press(t, m, "5", keyTab, "2")
	mustContain(t, m, "14.000 đ", "5 trang × 2 bản")
	for receiveOf(t, m).focus != "note" {
		m = press(t, m, keyTab)
	}
	m = press(t, m, keyEnter)
	rc, ok := active(m).(receiptScreen)
	if !ok {
		t.Fatalf("after save: %T\n%s", active(m), screenText(m))
	}
	if rc.d.FeeTotal() != 14000 {
		t.Fatalf("fee %d", rc.d.FeeTotal())
	}
	mustContain(t, m, "14.000 đ")
}

func TestReceiveChecklistCounts(t *testing.T) {
	m, _ := openReceive(t)
	m = press(t, m, "khai sinh", keyEnter, "Lê Văn Cường")
	for receiveOf(t, m).focus != "docs" {
		m = press(t, m, keyTab)
	}
	// Down to the marriage certificate (optional, unticked), tick it, and
	// add a second original.
	m = press(t, m, keyDown, keyDown, keyDown, keySpace, tea.KeyPressMsg{Code: '+', Text: "+"})
	r := receiveOf(t, m)
	if d := r.docs[3]; !d.Received || d.Originals != 2 {
		t.Fatalf("doc 4: %+v", d)
	}
	if r.docs[4].Received {
		t.Fatal("an optional document starts ticked")
	}
	m = press(t, m, keyCtrlS)
	rc := active(m).(receiptScreen)
	if got := rc.d.Documents[3]; !got.Received || got.Originals != 2 {
		t.Fatalf("saved doc 4: %+v", got)
	}
	if rc.d.Documents[4].Received {
		t.Fatal("saved an unticked document as received")
	}
}

func TestReceiveGolden(t *testing.T) {
	m, _ := openReceive(t)
	m = press(t, m, "khai sinh", keyEnter, "Lê Văn Cường", keyTab, "096085000123", keyTab, "12/03/1985", keyTab, keyTab, "0912345678")
	checkFrame(t, m, 80, 24)
	golden.RequireEqual(t, screenText(m))
}

// The receipt: code, check digit, appointment in words, a QR code, and a
// PDF in the receipts folder beside the store.
func TestReceiptShowsCodeAndSavesFile(t *testing.T) {
	m, _ := openReceive(t)
	m = press(t, m, "khai sinh", keyEnter, "Lê Văn Cường", keyCtrlS)
	rc, ok := active(m).(receiptScreen)
	if !ok {
		t.Fatalf("after save: %T", active(m))
	}
	code, err := motcua.ParseCode(rc.d.Code)
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, m, rc.d.Code, "số kiểm tra", "LÊ VĂN CƯỜNG", "Trước 17 giờ 00 phút, ngày 27/10/2023", "Quét mã để tra cứu", "▀")
	if rc.check() != code.Check() {
		t.Fatal("wrong check digit")
	}
	checkFrame(t, m, 80, 24)
	golden.RequireEqual(t, screenText(m))

	m = press(t, m, tea.KeyPressMsg{Code: 's', Text: "s"})
	path := active(m).(receiptScreen).saved
	if filepath.Base(filepath.Dir(path)) != "receipts" {
		t.Fatalf("saved to %q", path)
	}
	if !strings.HasSuffix(path, ".pdf") {
		t.Fatalf("the receipt is not a PDF: %q", path)
	}
	wantPDFText(t, path, rc.d.Code, "GIẤY TIẾP NHẬN", "Lê Văn Cường", "Tờ khai đăng ký khai sinh", "Trần Văn Bình")
	mustContain(t, m, "Đã lưu biên nhận")
	// n starts the next reception; esc returns home.
	if _, ok := active(press(t, m, tea.KeyPressMsg{Code: 'n', Text: "n"})).(receiveScreen); !ok {
		t.Fatal("n did not open a new reception")
	}
	if _, ok := active(press(t, m, keyEsc)).(homeScreen); !ok {
		t.Fatal("esc did not go home")
	}
}

// A QR code drawn for a light or a dark terminal decodes to the same
// modules: the two renderings are each other's negative.
func TestQRLinesNegative(t *testing.T) {
	a, b := qrLines("000.00.06.H56-231027-9001", true), qrLines("000.00.06.H56-231027-9001", false)
	if len(a) == 0 || len(a) != len(b) {
		t.Fatalf("%d and %d lines", len(a), len(b))
	}
	flip := map[rune]rune{'█': ' ', ' ': '█', '▀': '▄', '▄': '▀'}
	for i := range a[:len(a)-1] {
		ra, rb := []rune(a[i]), []rune(b[i])
		for j := range ra {
			if flip[ra[j]] != rb[j] {
				t.Fatalf("line %d col %d: %q vs %q", i, j, ra[j], rb[j])
			}
		}
	}
	// Version 1 (21 modules) plus the quiet zone: 25 cells, 13 lines.
	if w := len([]rune(a[0])); w != 21+2*qrQuiet {
		t.Fatalf("QR is %d cells wide", w)
	}
}

// The first commit of the day takes the day's hot backup beside the store.
func TestFirstCommitOfTheDayBacksUp(t *testing.T) {
	st, clock := newTestStore(t)
	var m tea.Model = newTestModel(t, st, clock, 80, 24, motcua.VI)
	m = press(t, m, keyF2, "khai sinh", keyEnter, "Lê Văn Cường", keyCtrlS)
	if _, ok := active(m).(receiptScreen); !ok {
		t.Fatalf("not saved: %T", active(m))
	}
	if _, err := os.Stat(st.Path() + ".20231027.bak"); err != nil {
		t.Fatalf("no backup: %v", err)
	}
}

// wantPDFText reads a PDF with pdftotext (poppler-utils; .ci/run installs
// it) and checks it holds each text.
func wantPDFText(t *testing.T, path string, wants ...string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("no PDF at %s: %v", path, err)
	}
	p, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("MOTCUA_REQUIRE_TOOLS") != "" {
			t.Fatal("pdftotext is missing (poppler-utils)")
		}
		t.Skip("pdftotext is missing: apt-get install poppler-utils")
	}
	out, err := exec.Command(p, "-raw", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range wants {
		if !strings.Contains(string(out), w) {
			t.Fatalf("the PDF lacks %q:\n%s", w, out)
		}
	}
}

// Under --lang en the picker lists, and the panel titles, the catalog's
// English names; the official Vietnamese name stays in the dossier.
func TestReceivePickerShowsEnglishNames(t *testing.T) {
	st, clock := newTestStore(t)
	m := press(t, newTestModel(t, st, clock, 80, 24, motcua.EN), keyF2)
	m = press(t, m, "birth")
	r := receiveOf(t, m)
	if len(r.matches) == 0 || r.matches[0].Code != "1.001193" {
		t.Fatalf("matches: %+v", r.matches)
	}
	mustContain(t, m, "1.001193", "Birth registration")
	mustNotContain(t, m, "Đăng ký khai sinh")
	m = press(t, m, keyEnter)
	if got := receiveOf(t, m).procInput.Value(); got != "Birth registration" {
		t.Fatalf("chosen procedure reads %q", got)
	}
	checkFrame(t, m, 80, 24)

	vi := press(t, newTestModel(t, st, clock, 80, 24, motcua.VI), keyF2, "khai sinh")
	mustContain(t, vi, "Đăng ký khai sinh")
}
