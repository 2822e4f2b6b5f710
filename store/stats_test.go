package store

import (
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	bolt "go.etcd.io/bbolt"
)

// statsFixture fills a store on Friday 27/10/2023 09:32: one dossier
// overdue (received on Wednesday, same-day procedure), two due today
// (same-day procedures received today), one due Monday (soon: the next
// working day), one due on Wednesday (not in any band), one returned
// (never due), and two questions, one answered.
func statsFixture(t *testing.T) (*Store, *fakeClock) {
	t.Helper()
	s, clock := mustOpen(t)
	recv := func(proc, name string) motcua.Done {
		t.Helper()
		d, err := s.Receive(motcua.ReceiveInput{ProcedureCode: proc, Applicant: motcua.Person{Name: name}})
		if err != nil {
			t.Fatalf("receive %s: %v", name, err)
		}
		return d
	}
	clock.t = time.Date(2023, 10, 25, 9, 0, 0, 0, motcua.VNZone)
	recv("1.001193", "Quá Hạn")
	clock.t = time.Date(2023, 10, 27, 9, 32, 0, 0, motcua.VNZone)
	recv("1.001193", "Hôm Nay Một")
	recv("1.000894", "Hôm Nay Hai")
	recv("CM.CT.002", "Sắp Đến Hạn")
	recv("1.004873", "Còn Lâu")
	done := recv("1.001193", "Đã Trả")
	id := done.Dossier.ID
	for _, to := range []motcua.Status{motcua.StatusProcessing, motcua.StatusDone} {
		if _, err := s.Transition(id, motcua.TransitionArgs{To: to}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Transition(id, motcua.TransitionArgs{To: motcua.StatusReturned, Recipient: "Đã Trả", Method: motcua.ReturnCounter}); err != nil {
		t.Fatal(err)
	}
	q1, err := s.Ask(motcua.AskArgs{AskerName: "Người Hỏi", Text: "Làm khai sinh cần gì?"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Ask(motcua.AskArgs{AskerName: "Người Hỏi Hai", Text: "Lệ phí bao nhiêu?"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AnswerQuestion(q1.Question.ID, "Cần tờ khai và giấy chứng sinh.", false); err != nil {
		t.Fatal(err)
	}
	return s, clock
}

func TestStatsCountsBandsAndQueues(t *testing.T) {
	s, clock := statsFixture(t)
	err := s.db.Update(func(tx *bolt.Tx) error {
		return putResult(tx, motcua.Result{Seq: 3, Status: motcua.Conflicted, MessageVI: "Xung đột"})
	})
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.Stats(clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	want := motcua.Stats{ReceivedToday: 5, Overdue: 1, DueToday: 2, DueSoon: 1, OpenQuestions: 1, Queue: motcua.Queue{Waiting: 12, Results: 1}}
	got := st
	got.OldestWaiting = time.Time{}
	if got != want {
		t.Fatalf("stats\n got %+v\nwant %+v", got, want)
	}
	if wantOldest := time.Date(2023, 10, 25, 9, 0, 0, 0, motcua.VNZone); !st.OldestWaiting.Equal(wantOldest) {
		t.Fatalf("oldest waiting %v, want %v", st.OldestWaiting, wantOldest)
	}
	q, err := s.Queue()
	if err != nil || q != st.Queue {
		t.Fatalf("queue %+v, %v", q, err)
	}
}

// The bands must agree with motcua.DueState, which the dossier list uses.
func TestListDueAgreesWithDueState(t *testing.T) {
	s, clock := statsFixture(t)
	now := clock.Now()
	for band, want := range map[motcua.Due][]string{
		motcua.DueOverdue: {"Quá Hạn"},
		motcua.DueToday:   {"Hôm Nay Một", "Hôm Nay Hai"},
		motcua.DueSoon:    {"Sắp Đến Hạn"},
	} {
		ds, err := s.ListDue(band, now, 0)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, d := range ds {
			names = append(names, d.Applicant.Name)
			if got := motcua.DueState(d.Appointment, now, s.Calendar()); string(got) != string(band) {
				t.Errorf("%s in band %s but DueState says %s", d.Applicant.Name, band, got)
			}
		}
		if len(names) != len(want) {
			t.Fatalf("band %s: %v, want %v", band, names, want)
		}
		seen := map[string]bool{}
		for _, n := range names {
			seen[n] = true
		}
		for _, n := range want {
			if !seen[n] {
				t.Fatalf("band %s: %v, want %v", band, names, want)
			}
		}
	}
	// On Saturday, Monday is the next working day: Friday's same-day
	// dossiers are overdue, Monday's is soon.
	sat := time.Date(2023, 10, 28, 10, 0, 0, 0, motcua.VNZone)
	st, err := s.Stats(sat)
	if err != nil {
		t.Fatal(err)
	}
	if st.Overdue != 3 || st.DueToday != 0 || st.DueSoon != 1 || st.ReceivedToday != 0 {
		t.Fatalf("Saturday: %+v", st)
	}
}

func TestListDueRespectsLimit(t *testing.T) {
	s, clock := statsFixture(t)
	ds, err := s.ListDue(motcua.DueToday, clock.Now(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 {
		t.Fatalf("got %d dossiers, want 1", len(ds))
	}
}

func TestReceivedOnListsLatestFirst(t *testing.T) {
	s, clock := statsFixture(t)
	ds, err := s.ReceivedOn(clock.Now(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 5 {
		t.Fatalf("got %d, want 5", len(ds))
	}
	for i := 1; i < len(ds); i++ {
		if ds[i-1].Code <= ds[i].Code {
			t.Fatalf("not latest first: %s before %s", ds[i-1].Code, ds[i].Code)
		}
	}
	if ds[0].Applicant.Name != "Đã Trả" {
		t.Fatalf("latest is %s", ds[0].Applicant.Name)
	}
	ds, err = s.ReceivedOn(clock.Now(), 2)
	if err != nil || len(ds) != 2 {
		t.Fatalf("limit 2: %d, %v", len(ds), err)
	}
	ds, err = s.ReceivedOn(time.Date(2023, 10, 25, 12, 0, 0, 0, motcua.VNZone), 0)
	if err != nil || len(ds) != 1 || ds[0].Applicant.Name != "Quá Hạn" {
		t.Fatalf("25/10: %v, %v", ds, err)
	}
}

func TestStatsOnEmptyStore(t *testing.T) {
	s, clock := mustOpen(t)
	st, err := s.Stats(clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if st != (motcua.Stats{}) {
		t.Fatalf("empty store: %+v", st)
	}
}

// The O(1) count trusts the outbox to run from acked_seq+1 to last_seq; if
// its ends say otherwise, the count walks the bucket rather than report a
// wrong number. (A gap in the middle is what CheckIntegrity reports.)
func TestQueueFallsBackWhenTheOutboxEndsDisagree(t *testing.T) {
	s, _ := statsFixture(t)
	var saved []byte
	err := s.db.Update(func(tx *bolt.Tx) error {
		saved = append([]byte(nil), tx.Bucket(bOutbox).Get(boltkv.U64(1))...)
		return tx.Bucket(bOutbox).Delete(boltkv.U64(1))
	})
	if err != nil {
		t.Fatal(err)
	}
	q, err := s.Queue()
	if err != nil {
		t.Fatal(err)
	}
	if q.Waiting != 11 {
		t.Fatalf("waiting %d, want 11", q.Waiting)
	}
	// Put it back, so the integrity check at cleanup passes.
	err = s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bOutbox).Put(boltkv.U64(1), saved) })
	if err != nil {
		t.Fatal(err)
	}
}
