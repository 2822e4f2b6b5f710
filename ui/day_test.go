package ui

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/motcua/motcua"
)

// The day's book: receptions, a guidance and a refusal, a hand-over and the
// fees, per officer and in total; "e" writes it as CSV beside the store.
func dayModel(t *testing.T, w, h int, lang motcua.Lang) (tea.Model, *testClock, string) {
	t.Helper()
	st, clock := newTestStore(t)
	paid, err := st.Receive(motcua.ReceiveInput{ProcedureCode: "2.000815", Applicant: motcua.Person{Name: "Lê Văn Cường"},
		Fee: motcua.FeeInput{Pages: 3, Copies: 2}, FeePaid: true})
	if err != nil {
		t.Fatal(err)
	}
	unpaid, err := st.Receive(motcua.ReceiveInput{ProcedureCode: "2.000815", Applicant: motcua.Person{Name: "Phạm Thị Lan"},
		Fee: motcua.FeeInput{Pages: 1, Copies: 1}})
	if err != nil {
		t.Fatal(err)
	}
	clock.t = clock.t.Add(time.Hour)
	if _, err := st.DoAll([]motcua.Action{{Kind: motcua.OpSetField, DossierID: unpaid.Dossier.ID,
		Args: motcua.SetFieldArgs{Field: "fee_paid", Old: "false", New: "true"}}}); err != nil {
		t.Fatal(err)
	}
	from := motcua.StatusReceived
	for _, to := range []motcua.Status{motcua.StatusProcessing, motcua.StatusDone} {
		if _, err := st.DoAll([]motcua.Action{{Kind: motcua.OpTransition, DossierID: paid.Dossier.ID, Args: motcua.TransitionArgs{From: from, To: to}}}); err != nil {
			t.Fatal(err)
		}
		from = to
	}
	if _, err := st.DoAll([]motcua.Action{{Kind: motcua.OpTransition, DossierID: paid.Dossier.ID,
		Args: motcua.TransitionArgs{From: motcua.StatusDone, To: motcua.StatusReturned, Recipient: "Lê Văn Cường", Method: motcua.ReturnCounter}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.RecordAtCounter(motcua.CounterRecord{Kind: motcua.CounterGuidance, ProcedureCode: "1.001193", ProcedureName: "Đăng ký khai sinh",
		Applicant: motcua.Person{Name: "Lý Thị Mai"}, Missing: []string{"Giấy chứng sinh"}}); err != nil {
		t.Fatal(err)
	}
	var m tea.Model = newTestModel(t, st, clock, w, h, lang)
	m = press(t, m, "o")
	return m, clock, filepath.Dir(st.Path())
}

func TestDayBookScreen(t *testing.T) {
	m, _, dir := dayModel(t, 80, 24, motcua.VI)
	s, ok := active(m).(dayScreen)
	if !ok {
		t.Fatalf("o opened %T", active(m))
	}
	b := s.book
	if len(b.Received) != 2 || len(b.Guidance) != 1 || len(b.Returned) != 1 || len(b.Fees) != 2 || b.FeeTotal() <= 0 {
		t.Fatalf("book: %d received, %d guidance, %d fees, total %d", len(b.Received), len(b.Guidance), len(b.Fees), b.FeeTotal())
	}
	mustContain(t, m, "Sổ hôm nay", "Tiếp nhận 2", "hướng dẫn (Mẫu 02) 1", "trả kết quả 1", "Trần Văn Bình", "Tổng cộng", motcua.FormatVND(b.FeeTotal()), "Lý Thị Mai")
	checkFrame(t, m, 80, 24)
	golden.RequireEqual(t, screenText(m))
	m = press(t, m, "e")
	path := filepath.Join(dir, "exports", "so-hom-nay-20231027.csv")
	mustContain(t, m, "Đã xuất sổ hôm nay")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	all := ""
	for _, r := range rows {
		all += strings.Join(r, "|") + "\n"
	}
	if !strings.Contains(all, "Tổng thu trong ngày|27/10/2023") || !strings.Contains(all, "Hướng dẫn (Mẫu 02)") {
		t.Errorf("csv:\n%s", all)
	}
}

func TestDayBookScreenSizes(t *testing.T) {
	for _, lang := range []motcua.Lang{motcua.VI, motcua.EN} {
		for _, sz := range [][2]int{{60, 18}, {80, 24}, {160, 48}} {
			t.Run(fmt.Sprintf("%s_%dx%d", lang, sz[0], sz[1]), func(t *testing.T) {
				m, _, _ := dayModel(t, sz[0], sz[1], lang)
				checkFrame(t, m, sz[0], sz[1])
				golden.RequireEqual(t, screenText(m))
			})
		}
	}
	m, _, _ := dayModel(t, 80, 24, motcua.EN)
	mustContain(t, m, "Today's book", "Received 2", "Total")
}
