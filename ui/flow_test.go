package ui

// End-to-end flows through a real tea.Program (teatest): the event loop,
// the Cmds on their own goroutines, the store underneath. They wait on the
// latest frame the program drew (as text), not on the raw terminal stream:
// the renderer writes only the cells that changed, so a word typed one
// letter at a time never appears whole in the stream.

import (
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/motcua/motcua"
	"github.com/motcua/motcua/store"
)

// recorder wraps the root model and keeps the last frame it drew.
type recorder struct {
	Model
	mu    *sync.Mutex
	frame *string
}

func (r recorder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := r.Model.Update(msg)
	r.Model = m.(Model)
	return r, cmd
}

func (r recorder) View() tea.View {
	v := r.Model.View()
	r.mu.Lock()
	*r.frame = ansi.Strip(v.Content)
	r.mu.Unlock()
	return v
}

type flow struct {
	t   *testing.T
	tm  *teatest.TestModel
	rec recorder
}

func startFlow(t *testing.T, st *store.Store, clock *testClock) *flow {
	t.Helper()
	m := New(Config{Store: st, Now: clock.Now, Lang: motcua.VI})
	m.pollEvery, m.fade = 0, 0
	rec := recorder{Model: m, mu: &sync.Mutex{}, frame: new(string)}
	tm := teatest.NewTestModel(t, rec, teatest.WithInitialTermSize(80, 24),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	t.Cleanup(func() {
		tm.Quit()
		// A day's backup still being written would race the removal of
		// the temp dir; hold the backup lock so none starts after this.
		m.c.data.backup.Lock()
	})
	return &flow{t: t, tm: tm, rec: rec}
}

func (f *flow) frame() string {
	f.rec.mu.Lock()
	defer f.rec.mu.Unlock()
	return *f.rec.frame
}

// wait blocks until the frame contains every want, or fails after 5 s.
func (f *flow) wait(want ...string) string {
	f.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		fr := f.frame()
		ok := true
		for _, w := range want {
			if !strings.Contains(fr, w) {
				ok = false
				break
			}
		}
		if ok {
			return fr
		}
		if time.Now().After(deadline) {
			f.t.Fatalf("waited for %q; the screen is:\n%s", want, fr)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (f *flow) keys(keys ...any) {
	for _, k := range keys {
		switch k := k.(type) {
		case string:
			f.tm.Type(k)
		case tea.KeyPressMsg:
			f.tm.Send(k)
		}
	}
}

// offered is the detail screen's actions, from "Thao tác:" to the blank
// line after them.
func offered(frame string) string {
	_, rest, ok := strings.Cut(frame, "Thao tác:")
	if !ok {
		return ""
	}
	acts, _, _ := strings.Cut(rest, "\n\n")
	return acts
}

var codeRE = regexp.MustCompile(`000\.00\.06\.H56-231027-\d{4}`)

// The officer's day: receive Lê Văn Cường's dossier and see its code; find
// it by typing "cuong"; move it 2 → 4 → 9 → 10, never being offered an
// illegal step; record the rating.
func TestFlowReceiveSearchMoveRate(t *testing.T) {
	st, clock := newTestStore(t)
	seed(t, st, clock)
	f := startFlow(t, st, clock)
	f.wait("Trang chủ", "Tiếp nhận hôm nay")

	f.keys(keyF2)
	f.wait("Thủ tục *")
	f.keys("khai sinh")
	f.wait("1.001193   Đăng ký khai sinh")
	f.keys(keyEnter)
	f.wait("▸ Họ và tên")
	f.keys("Lê Văn Cường")
	f.wait("Lê Văn Cường")
	f.keys(keyCtrlS)
	fr := f.wait("GIẤY TIẾP NHẬN HỒ SƠ", "LÊ VĂN CƯỜNG", "số kiểm tra", "Trước 17 giờ 00 phút, ngày 27/10/2023")
	code := codeRE.FindString(fr)
	if code == "" {
		t.Fatalf("no code on the receipt:\n%s", fr)
	}

	f.keys(keyEsc)
	f.wait("Trang chủ")
	f.keys(keyF3)
	f.wait("Tìm:")
	f.keys("cuong")
	f.wait("Lê Văn Cường", "1 hồ sơ")
	f.keys(keyEnter)
	fr = f.wait(code, "Trạng thái: Được tiếp nhận", "x Chuyển xử lý")
	if a := offered(fr); strings.Contains(a, "Trả kết quả") || strings.Contains(a, "Đã có kết quả") {
		t.Fatalf("an illegal action is offered at status 2:\n%s", fr)
	}

	f.keys("x")
	f.wait("Đủ thông tin")
	f.keys(keyEnter)
	fr = f.wait("Trạng thái: Đang xử lý", "k Đã có kết quả")
	if a := offered(fr); strings.Contains(a, "Trả kết quả") || strings.Contains(a, "Chuyển xử lý") {
		t.Fatalf("an illegal action is offered at status 4:\n%s", fr)
	}
	f.keys("k")
	f.wait("Đủ thông tin")
	f.keys(keyEnter)
	f.wait("Trạng thái: Đã xử lý xong", "t Trả kết quả")
	f.keys("t")
	f.wait("Người nhận", "Tại quầy")
	f.keys(keyCtrlS)
	f.wait("Trạng thái: Đã trả kết quả", "Chỉ số 8", "Chỉ số 9")
	f.keys(keyRight, keyTab, keyRight, keyRight, keyCtrlS)
	f.wait("Thuận tiện: Rất hài lòng · Hài lòng chung: Hài lòng")

	f.tm.Send(keyCtrlC)
	f.tm.WaitFinished(t, teatest.WithFinalTimeout(3*time.Second))
	d, err := st.GetByCode(code)
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != motcua.StatusReturned || d.Rating == nil || d.Outcome == nil || d.Outcome.Recipient != "Lê Văn Cường" {
		t.Fatalf("stored: status %d rating %+v outcome %+v", d.Status, d.Rating, d.Outcome)
	}
	var steps []string
	for _, ev := range d.History {
		steps = append(steps, string(ev.Kind)+":"+ev.To.String())
	}
	want := "receive:Received transition:Processing transition:Done transition:Returned rate:?0"
	if strings.Join(steps, " ") != want {
		t.Fatalf("history %v", steps)
	}
}

func TestFlowAnswerQuestionWithTemplate(t *testing.T) {
	st, clock := newTestStore(t)
	seed(t, st, clock)
	f := startFlow(t, st, clock)
	f.wait("Trang chủ")
	f.keys(keyF4)
	f.wait("Lý Thị Mai", "Chưa có câu trả lời")
	f.keys(keyEnter)
	f.wait("Câu trả lời", "Đóng câu hỏi sau khi trả lời")
	f.keys(keyCtrlT)
	f.wait("Mẫu trả lời")
	f.keys("khai sinh")
	f.wait("▸ 1.001193")
	f.keys(keyEnter)
	f.wait("Chào Lý Thị Mai,")
	f.keys(keyCtrlS)
	f.wait("Đã ghi câu trả lời cho Lý Thị Mai")
	f.tm.Send(keyCtrlC)
	f.tm.WaitFinished(t, teatest.WithFinalTimeout(3*time.Second))
	qs, err := st.Questions()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs {
		if q.AskerName == "Lý Thị Mai" {
			if q.Status != motcua.QuestionAnswered || len(q.Answers) != 1 || !strings.Contains(q.Answers[0].Text, "Giấy chứng sinh") {
				t.Fatalf("stored: %+v", q)
			}
			return
		}
	}
	t.Fatal("question gone")
}

// On an empty data directory the setup form comes first.
func TestFlowFirstRunSetup(t *testing.T) {
	st, clock := newTestStoreAt(t, t.TempDir()+"/motcua.db", false)
	f := startFlow(t, st, clock)
	f.wait("Cài đặt ban đầu", "Mã đơn vị")
	f.keys("000.00.06.h56", keyEnter)
	f.wait("Tên đơn vị")
	f.keys("UBND xã Tân Thành", keyEnter)
	f.keys("Trần Văn Bình", keyEnter)
	f.wait("Trang chủ", "Đã cài đặt UBND xã Tân Thành, cán bộ Trần Văn Bình")
	f.tm.Send(keyCtrlC)
	f.tm.WaitFinished(t, teatest.WithFinalTimeout(3*time.Second))
	info, err := st.Terminal()
	if err != nil || info.Unit != "000.00.06.H56" || info.Officer != "Trần Văn Bình" {
		t.Fatalf("terminal %+v, %v", info, err)
	}
}
