package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua"
)

func TestOpenCreatesPrivateFile(t *testing.T) {
	s, _ := mustOpen(t)
	fi, err := os.Stat(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	if mode := fi.Mode().Perm(); mode != 0o600 {
		t.Fatalf("file mode %o, want 600", mode)
	}
}

func TestSecondOpenIsRefusedClearly(t *testing.T) {
	s, _ := mustOpen(t)
	start := time.Now()
	_, err := Open(s.Path())
	if motcua.ErrorCode(err) != motcua.ELOCKED {
		t.Fatalf("second open: %v, want ELOCKED", err)
	}
	if waited := time.Since(start); waited > 3*time.Second {
		t.Fatalf("second open waited %v", waited)
	}
	if !strings.Contains(motcua.ErrorMessage(err, motcua.VI), "đang mở ở cửa sổ khác") {
		t.Fatalf("message: %s", motcua.ErrorMessage(err, motcua.VI))
	}
}

func TestActionsBeforeInitAreRefused(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = s.Receive(motcua.ReceiveInput{ProcedureCode: "1.001193", Applicant: motcua.Person{Name: "Lê Văn Cường"}})
	if !errors.Is(err, motcua.ErrNotInitialised) {
		t.Fatalf("got %v", err)
	}
}

func TestReceiveIssuesStandaloneCodesAndContiguousSeqs(t *testing.T) {
	s, clock := mustOpen(t)
	var codes []string
	for i := 0; i < 5; i++ {
		d := mustReceive(t, s, "Nguyễn Thị Ánh")
		codes = append(codes, d.Dossier.Code)
		if d.Op.Seq != uint64(i+1) {
			t.Fatalf("seq %d, want %d", d.Op.Seq, i+1)
		}
		clock.Advance(time.Minute)
	}
	want := []string{"000.00.06.H56-231027-9000", "000.00.06.H56-231027-9001", "000.00.06.H56-231027-9002",
		"000.00.06.H56-231027-9003", "000.00.06.H56-231027-9004"}
	if strings.Join(codes, ",") != strings.Join(want, ",") {
		t.Fatalf("codes %v", codes)
	}
	// A new day starts again at the lane's first number.
	clock.Advance(24 * time.Hour)
	if d := mustReceive(t, s, "Lê Văn Cường"); d.Dossier.Code != "000.00.06.H56-231028-9000" {
		t.Fatalf("next day code %s", d.Dossier.Code)
	}
	st, err := s.State()
	if err != nil {
		t.Fatal(err)
	}
	if st.Waiting != 6 || st.LastSeq != 6 {
		t.Fatalf("state %+v", st)
	}
	ops, err := s.Outbox(1, 100)
	if err != nil || len(ops) != 6 {
		t.Fatalf("outbox %d ops, %v", len(ops), err)
	}
}

func TestReceiveComputesAppointmentAndFees(t *testing.T) {
	s, _ := mustOpen(t)
	d, err := s.Receive(motcua.ReceiveInput{ProcedureCode: "1.004222", Applicant: motcua.Person{Name: "Phạm Văn Dũng"}})
	if err != nil {
		t.Fatal(err)
	}
	// Fri 27/10/2023 09:32 + 7 working days.
	if got := motcua.FormatDate(d.Dossier.Appointment); got != "07/11/2023" {
		t.Fatalf("appointment %s", got)
	}
	if d.Dossier.FeeTotal() != 20000 {
		t.Fatalf("fee %d", d.Dossier.FeeTotal())
	}
	if len(d.Dossier.Documents) == 0 {
		t.Fatal("documents checklist not filled from the procedure")
	}
}

func TestBadInputWritesNothing(t *testing.T) {
	s, _ := mustOpen(t)
	cases := []motcua.ReceiveInput{
		{ProcedureCode: "9.999999", Applicant: motcua.Person{Name: "Lê Văn Cường"}},
		{ProcedureCode: "1.001193", Applicant: motcua.Person{Name: ""}},
		{ProcedureCode: "1.001193", Applicant: motcua.Person{Name: "Lê Văn 3"}},
		{ProcedureCode: "1.001193", Applicant: motcua.Person{Name: "Lê Văn Cường", Phone: "0123"}},
		{ProcedureCode: "1.001193", Applicant: motcua.Person{Name: "Lê Văn Cường", IDKind: motcua.IDCCCD, IDNumber: "12345"}},
	}
	for i, in := range cases {
		if _, err := s.Receive(in); err == nil {
			t.Fatalf("case %d accepted", i)
		} else if motcua.ErrorMessage(err, motcua.VI) == "" || motcua.ErrorCode(err) == motcua.EINTERNAL {
			t.Fatalf("case %d: unclear error %v", i, err)
		}
	}
	st, _ := s.State()
	if st.LastSeq != 0 || st.Dossiers != 0 {
		t.Fatalf("something was written: %+v", st)
	}
	// And the failed attempts did not burn numbers.
	if d := mustReceive(t, s, "Lê Văn Cường"); !strings.HasSuffix(d.Dossier.Code, "-9000") {
		t.Fatalf("code %s", d.Dossier.Code)
	}
}

func TestTransitionsFollowTheLaw(t *testing.T) {
	s, _ := mustOpen(t)
	d := mustReceive(t, s, "Nguyễn Thị Ánh").Dossier
	for _, to := range []motcua.Status{4, 9} {
		if _, err := s.Transition(d.ID, motcua.TransitionArgs{To: to}); err != nil {
			t.Fatalf("to %d: %v", to, err)
		}
	}
	if _, err := s.Transition(d.ID, motcua.TransitionArgs{To: 10}); motcua.ErrorReason(err) != "return_required" {
		t.Fatalf("return without recipient: %v", err)
	}
	if _, err := s.Transition(d.ID, motcua.TransitionArgs{To: 10, Recipient: "Nguyễn Thị Ánh", Method: motcua.ReturnCounter}); err != nil {
		t.Fatal(err)
	}
	before, _ := s.State()
	_, err := s.Transition(d.ID, motcua.TransitionArgs{To: 4})
	if motcua.ErrorReason(err) != "illegal_transition" {
		t.Fatalf("10→4: %v", err)
	}
	if !strings.Contains(motcua.ErrorMessage(err, motcua.VI), "Không được chuyển") {
		t.Fatalf("message %q", motcua.ErrorMessage(err, motcua.VI))
	}
	after, _ := s.State()
	if after.LastSeq != before.LastSeq {
		t.Fatal("a refused move wrote an op")
	}
	got, _ := s.Get(d.ID)
	if got.Status != motcua.StatusReturned || len(got.History) != 4 || got.Outcome == nil {
		t.Fatalf("dossier %+v", got)
	}
	// The status index followed the moves.
	hits, err := s.Search(motcua.Query{Status: motcua.StatusReturned})
	if err != nil || len(hits) != 1 {
		t.Fatalf("status listing %d, %v", len(hits), err)
	}
	if hits, _ := s.Search(motcua.Query{Status: motcua.StatusProcessing}); len(hits) != 0 {
		t.Fatal("stale status index entry")
	}
}

func TestSearch(t *testing.T) {
	s, clock := mustOpen(t)
	anh, err := s.Receive(motcua.ReceiveInput{ProcedureCode: "1.001193", Applicant: motcua.Person{Name: "Nguyễn Thị Ánh",
		IDKind: motcua.IDCCCD, IDNumber: "096187000123", Phone: "0912345678"}})
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute)
	mustReceive(t, s, "Nguyễn Thị Anh Thư")
	clock.Advance(time.Minute)
	mustReceive(t, s, "Đặng Văn Đức")
	clock.Advance(time.Minute)
	mustReceive(t, s, "Trần Thị Ánh")
	code, _ := motcua.ParseCode(anh.Dossier.Code)
	cases := []struct {
		q     string
		first string
		n     int
	}{
		{"nguyen thi anh", "Nguyễn Thị Ánh", 2},
		{"Nguyễn Thị Ánh", "Nguyễn Thị Ánh", 2},
		{"nguyen thi a", "Nguyễn Thị Anh Thư", 2},
		{"anh", "Trần Thị Ánh", 3},
		{"dang van duc", "Đặng Văn Đức", 1},
		{"ĐẶNG", "Đặng Văn Đức", 1},
		{anh.Dossier.Code, "Nguyễn Thị Ánh", 1},
		{code.WithCheck(), "Nguyễn Thị Ánh", 1},
		{strings.ToLower(anh.Dossier.Code), "Nguyễn Thị Ánh", 1},
		{"096187000123", "Nguyễn Thị Ánh", 1},
		{"+84 912 345 678", "Nguyễn Thị Ánh", 1},
		{"0912.345.678", "Nguyễn Thị Ánh", 1},
		{"le van cuong", "", 0},
	}
	for _, c := range cases {
		hits, err := s.Search(motcua.Query{Text: c.q})
		if err != nil {
			t.Fatalf("%q: %v", c.q, err)
		}
		if len(hits) != c.n {
			t.Errorf("%q: %d hits, want %d", c.q, len(hits), c.n)
			continue
		}
		if c.n > 0 && hits[0].Dossier.Applicant.Name != c.first {
			t.Errorf("%q: first %q, want %q", c.q, hits[0].Dossier.Applicant.Name, c.first)
		}
	}
	wrong := anh.Dossier.Code + "-" + string(rune('0'+(code.Check()+1)%10))
	if _, err := s.Search(motcua.Query{Text: wrong}); motcua.ErrorReason(err) != "code_check" {
		t.Fatalf("wrong check digit: %v", err)
	}
	if hits, _ := s.Search(motcua.Query{Text: "anh", Limit: 1}); len(hits) != 1 {
		t.Fatalf("limit ignored: %d", len(hits))
	}
}

func TestNameChangeMovesIndexEntries(t *testing.T) {
	s, _ := mustOpen(t)
	d := mustReceive(t, s, "Nguyen Van A").Dossier
	if _, err := s.Do(motcua.Action{Kind: motcua.OpSetField, DossierID: d.ID,
		Args: motcua.SetFieldArgs{Field: "applicant.name", Old: d.Applicant.Name, New: "Lê Văn Cường"}}); err != nil {
		t.Fatal(err)
	}
	if hits, _ := s.Search(motcua.Query{Text: "nguyen van a"}); len(hits) != 0 {
		t.Fatal("old name still found")
	}
	if hits, _ := s.Search(motcua.Query{Text: "cuong"}); len(hits) != 1 {
		t.Fatal("new name not found")
	}
}

func TestLaneExhaustionAndWarning(t *testing.T) {
	s, _ := mustOpen(t)
	if err := s.SetLane(motcua.Lane{First: 1, Last: 5, ExpiresAt: s.Now().Add(30 * 24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	var warned bool
	for i := 0; i < 5; i++ {
		d := mustReceive(t, s, "Lê Văn Cường")
		warned = warned || len(d.Warnings) > 0
	}
	if !warned {
		t.Fatal("no warning at 80% of the lane")
	}
	if _, err := s.Receive(motcua.ReceiveInput{ProcedureCode: "1.001193", Applicant: motcua.Person{Name: "Lê Văn Cường"}}); motcua.ErrorReason(err) != "lane_exhausted" {
		t.Fatalf("exhausted lane: %v", err)
	}
}

func TestExpiredLaneRefusesCodes(t *testing.T) {
	s, clock := mustOpen(t)
	if err := s.SetLane(motcua.Lane{First: 1, Last: 500, ExpiresAt: s.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(2 * time.Hour)
	if _, err := s.Receive(motcua.ReceiveInput{ProcedureCode: "1.001193", Applicant: motcua.Person{Name: "Lê Văn Cường"}}); motcua.ErrorReason(err) != "lane_expired" {
		t.Fatalf("expired lane: %v", err)
	}
}

func TestBackwardsClockIsHeldForConfirmation(t *testing.T) {
	s, clock := mustOpen(t)
	first := mustReceive(t, s, "Lê Văn Cường")
	clock.Advance(-48 * time.Hour)
	_, err := s.Receive(motcua.ReceiveInput{ProcedureCode: "1.001193", Applicant: motcua.Person{Name: "Lê Văn Cường"}})
	if motcua.ErrorReason(err) != "clock_backwards" {
		t.Fatalf("backwards clock: %v", err)
	}
	d, err := s.Receive(motcua.ReceiveInput{ProcedureCode: "1.001193", Applicant: motcua.Person{Name: "Lê Văn Cường"}, AcceptClock: true})
	if err != nil {
		t.Fatal(err)
	}
	if d.Dossier.Code == first.Dossier.Code {
		t.Fatal("code reused")
	}
}

func TestQuestionsAskAndAnswer(t *testing.T) {
	s, clock := mustOpen(t)
	first, err := s.Ask(motcua.AskArgs{AskerName: "Lê Thị Hoa", Contact: "0912 345 678", Text: "Làm khai sinh cần giấy gì?"})
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute)
	if _, err := s.Ask(motcua.AskArgs{AskerName: "Võ Văn Tám", Text: "Bao giờ có kết quả?"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Ask(motcua.AskArgs{AskerName: "Võ Văn Tám", Text: "   "}); motcua.ErrorReason(err) != "question_empty" {
		t.Fatalf("empty question: %v", err)
	}
	if _, err := s.AnswerQuestion(first.Question.ID, "Cần tờ khai và giấy chứng sinh.", false); err != nil {
		t.Fatal(err)
	}
	qs, err := s.Questions()
	if err != nil || len(qs) != 2 {
		t.Fatalf("%d questions, %v", len(qs), err)
	}
	if qs[0].AskerName != "Võ Văn Tám" || qs[1].Status != motcua.QuestionAnswered || qs[1].Contact != "0912345678" {
		t.Fatalf("order or state wrong: %+v", qs)
	}
	st, _ := s.State()
	if st.LastSeq != 3 {
		t.Fatalf("last seq %d", st.LastSeq)
	}
}
