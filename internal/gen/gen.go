// Package gen fills a motcua store with realistic Vietnamese dossiers, for
// cmd/motcua-gen, the benchmarks and manual testing.
//
// Everything goes through the store's real write path (Receive, Transition,
// Do): the generator only plays the officer and sets the store's clock. It
// simulates a commune office over a period: citizens arrive on working days
// within office hours, and each dossier then walks a legal path through the
// statuses at plausible intervals (processing, sometimes a supplement
// request, a payment, a withdrawal or a stop, the result, the hand-over, a
// rating). Events are replayed in time order; those after the end of the
// period have not happened yet, so recent dossiers are still in progress.
//
// The data is deterministic for a given seed and period, except the random
// parts of ids (dossier and op ids are UUIDv7, made by the store).
package gen

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/store"
)

// Version changes whenever the same seed starts to give other data; cached
// fixtures (the benchmarks') carry it in their name.
const Version = 1

// Config says what to generate.
type Config struct {
	N    int       // dossiers to receive
	Seed uint64    // the same seed and period give the same data
	End  time.Time // the simulated "now"; zero: today at 00:00 in Vietnam
	Days int       // receptions are spread over the Days before End; 0: 365

	// Progress, when set, is called about once a second and at the end.
	Progress func(Progress)
	// Context, when set, stops the fill early (Ctrl-C); Build then removes
	// its unfinished file and leaves nothing at its path.
	Context context.Context
}

// Progress reports how far a fill is.
type Progress struct {
	Received, Target int // dossiers received so far, and to receive
	Ops              int // committed actions (receptions included)
	Elapsed          time.Duration
	Simulated        time.Time // the simulated clock
}

// Stats is what a fill produced.
type Stats struct {
	Dossiers int
	Ops      int
	ByStatus map[motcua.Status]int
	From, To time.Time // the period
	Lane     motcua.Lane
	Elapsed  time.Duration
}

// Init is who the generated terminal is.
type Init struct {
	Unit, UnitName, Officer string
}

// DefaultInit is the terminal the generator sets up when none is given.
var DefaultInit = Init{Unit: "000.00.06.H56", UnitName: "Trung tâm Phục vụ hành chính công xã Tân Lộc", Officer: "Trần Văn Bình"}

// DefaultEnd is today at 00:00 in Vietnam: the latest end that leaves the
// store usable with the real clock afterwards (the store holds a reception
// whose clock looks like it went backwards).
func DefaultEnd() time.Time {
	now := time.Now().In(motcua.VNZone)
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, motcua.VNZone)
}

// Build creates the store file at path (the file must not exist), sets it up
// with in, and fills it through the store's real write path.
//
// The store is opened NoSync (store.Options): no fsync per commit, one Sync
// at the end, which is what makes a big fill fast on a disk (BENCHMARKS.md).
// A NoSync file is garbage after a crash, so it is built under a temporary
// name beside path (or in scratch, when not empty) and only put at path once
// synced: path never holds a partial store, whether the build fails, is
// interrupted (cfg.Context) or the machine goes down.
//
// scratch is no longer needed for speed (a build on a tmpfs still takes
// about 12 % less time: bbolt writes each page with its own pwrite, which
// costs more on a disk's file system); it is kept for scripts that pass it
// (motcua-gen --scratch). The file is then built there and copied to path.
func Build(path string, in Init, cfg Config, scratch string) (Stats, error) {
	if _, err := os.Stat(path); err == nil {
		return Stats{}, errExists(path)
	}
	dir := scratch
	if dir == "" {
		dir = filepath.Dir(path)
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return Stats{}, err
		}
	}
	work, err := tempFile(dir, filepath.Base(path)+".gen-*.part")
	if err != nil {
		if scratch != "" {
			err = fmt.Errorf("scratch: %w", err)
		}
		return Stats{}, err
	}
	defer os.Remove(work) // gone already when published
	s, err := store.OpenWith(work, store.Options{NoSync: true})
	if err != nil {
		return Stats{}, err
	}
	st, err := fillNew(s, in, cfg)
	if err == nil {
		err = s.Sync()
	}
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return st, err
	}
	if scratch != "" {
		return st, copyFile(work, path)
	}
	return st, publish(work, path)
}

func errExists(path string) error {
	return fmt.Errorf("%s already exists; the generator fills a new store only", path)
}

// tempFile creates an empty file (mode 0600) in dir and returns its name;
// bbolt sets up an empty file as a new store.
func tempFile(dir, pattern string) (string, error) {
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return "", err
	}
	return f.Name(), f.Close()
}

func fillNew(s *store.Store, in Init, cfg Config) (Stats, error) {
	if cfg.End.IsZero() {
		cfg.End = DefaultEnd()
	}
	days := cfg.Days
	if days <= 0 {
		days = 365
	}
	start := cfg.End.AddDate(0, 0, -days)
	s.Now = func() time.Time { return start }
	if _, err := s.Init(in.Unit, in.UnitName, in.Officer); err != nil {
		return Stats{}, err
	}
	return Fill(s, cfg)
}

// copyFile copies a closed, synced store file to dst (0600) through a
// temporary file beside it, synced, then published.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return err
	}
	tmp, err := tempFile(filepath.Dir(dst), filepath.Base(dst)+".copy-*.part")
	if err != nil {
		return err
	}
	defer os.Remove(tmp) // gone already when published
	out, err := os.OpenFile(tmp, os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return publish(tmp, dst)
}

// publish puts the synced file tmp at path and syncs the directory. A hard
// link fails if path has appeared since the build began (another generator
// into the same directory), where a rename would replace it; on a file
// system without hard links it falls back to a rename.
func publish(tmp, path string) error {
	err := os.Link(tmp, path)
	switch {
	case err == nil:
		os.Remove(tmp)
	case errors.Is(err, fs.ErrExist):
		return errExists(path)
	default:
		if _, serr := os.Stat(path); serr == nil {
			return errExists(path)
		}
		if err := os.Rename(tmp, path); err != nil {
			return err
		}
	}
	d, err := os.Open(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && runtime.GOOS != "windows" {
		return fmt.Errorf("sync %s: %w", filepath.Dir(path), err)
	}
	return nil
}

// Fill receives cfg.N dossiers into s, an initialised store without
// dossiers, and moves them along. It replaces s.Now while it runs and sets
// it back to time.Now at the end.
func Fill(s *store.Store, cfg Config) (Stats, error) {
	if cfg.N < 0 {
		return Stats{}, errors.New("negative count")
	}
	if cfg.End.IsZero() {
		cfg.End = DefaultEnd()
	}
	if cfg.Days <= 0 {
		cfg.Days = 365
	}
	if _, err := s.Terminal(); err != nil {
		return Stats{}, err
	}
	if st, err := s.State(); err != nil {
		return Stats{}, err
	} else if st.Dossiers > 0 {
		return Stats{}, fmt.Errorf("the store already holds %d dossiers; the generator fills an empty one", st.Dossiers)
	}
	g := &generator{s: s, cfg: cfg, cal: s.Calendar(), began: time.Now()}
	g.r = rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15))
	g.people = NewPeople(g.r, cfg.End)
	g.sessions = [2]motcua.Session{g.cal.Morning, g.cal.Afternoon}
	if g.sessions[0].End == 0 {
		d := motcua.DefaultCalendar()
		g.sessions = [2]motcua.Session{d.Morning, d.Afternoon}
	}
	for _, p := range s.Catalog().All() {
		w, ok := procedureWeights[p.Code]
		if !ok {
			w = 1
		}
		g.procs = append(g.procs, p)
		g.procW = append(g.procW, weighted{p.Code, w})
	}
	if len(g.procs) == 0 {
		return Stats{}, errors.New("the store's catalog is empty")
	}
	g.procPick = newSampler(g.procW)
	for i := 0; i < 8; i++ {
		g.helpers = append(g.helpers, g.people.Citizen().Name)
	}
	defer func() { s.Now = time.Now }()
	s.Now = func() time.Time { return g.now }
	st, err := g.run()
	st.Elapsed = time.Since(g.began)
	return st, err
}

type generator struct {
	s        *store.Store
	cfg      Config
	cal      motcua.Calendar
	sessions [2]motcua.Session
	r        *rand.Rand
	people   *People
	procs    []motcua.Procedure
	procW    []weighted
	procPick *sampler
	helpers  []string
	recent   []Citizen // applicants who may come back
	now      time.Time
	began    time.Time
	events   eventHeap
	seq      uint64
	ops      int
	received int
	lastTick time.Time
}

// run draws the reception times, then replays receptions and the dossiers'
// later steps in time order.
func (g *generator) run() (Stats, error) {
	start := g.cfg.End.AddDate(0, 0, -g.cfg.Days)
	times, err := g.receptionTimes(start)
	if err != nil {
		return Stats{}, err
	}
	st := Stats{ByStatus: map[motcua.Status]int{}, From: start, To: g.cfg.End}
	lane, err := g.s.Lane()
	if err != nil {
		return st, err
	}
	st.Lane = lane
	var all []*dossier
	i := 0
	for i < len(times) || g.events.Len() > 0 {
		if i < len(times) && (g.events.Len() == 0 || !g.events[0].at.Before(times[i])) {
			g.now = times[i]
			d, err := g.receive()
			if err != nil {
				return st, fmt.Errorf("dossier %d at %s: %w", i+1, g.now.Format(time.RFC3339), err)
			}
			all = append(all, d)
			i++
		} else {
			ev := heap.Pop(&g.events).(*event)
			g.now = ev.at
			if err := g.step(ev.d); err != nil {
				return st, fmt.Errorf("dossier %s at %s: %w", ev.d.code, g.now.Format(time.RFC3339), err)
			}
		}
		g.tick(false)
		if g.cfg.Context != nil && g.ops%256 == 0 {
			if err := g.cfg.Context.Err(); err != nil {
				return st, err
			}
		}
	}
	g.tick(true)
	for _, d := range all {
		st.ByStatus[d.status]++
	}
	st.Dossiers, st.Ops = len(all), g.ops
	return st, nil
}

func (g *generator) tick(final bool) {
	if g.cfg.Progress == nil {
		return
	}
	if !final && time.Since(g.lastTick) < time.Second {
		return
	}
	g.lastTick = time.Now()
	g.cfg.Progress(Progress{Received: g.received, Target: g.cfg.N, Ops: g.ops, Elapsed: time.Since(g.began), Simulated: g.now})
}

// receptionTimes spreads N receptions over the reception days of the period:
// Mondays busiest, Fridays quieter, mornings busier than afternoons. It
// widens the terminal's lane when a day would need more numbers than the
// standalone lane holds.
func (g *generator) receptionTimes(start time.Time) ([]time.Time, error) {
	weekday := map[time.Weekday]float64{time.Monday: 1.35, time.Tuesday: 1.1, time.Wednesday: 1, time.Thursday: 1,
		time.Friday: 0.9, time.Saturday: 0.5}
	var days []time.Time
	var ws []weighted
	for d := start; d.Before(g.cfg.End); d = d.AddDate(0, 0, 1) {
		if g.cal.IsReceptionDay(d) {
			days = append(days, d)
			ws = append(ws, weighted{"", weekday[d.Weekday()]})
		}
	}
	if len(days) == 0 {
		return nil, errors.New("the period has no reception day")
	}
	pick := newSampler(ws)
	counts := make([]int, len(days))
	for i := 0; i < g.cfg.N; i++ {
		x := g.r.Float64() * pick.cum[len(pick.cum)-1]
		counts[sort.SearchFloat64s(pick.cum, x)]++
	}
	most := 0
	for _, c := range counts {
		most = max(most, c)
	}
	lane, err := g.s.Lane()
	if err != nil {
		return nil, err
	}
	switch {
	case most > 9999:
		return nil, fmt.Errorf("%d dossiers on one day exceed the 9999 numbers of a day: spread them over more days", most)
	case most > lane.Size():
		// A generated unit this busy has many counters; give this one terminal
		// the whole number space rather than pretend.
		if err := g.s.SetLane(motcua.Lane{First: 1, Last: 9999}); err != nil {
			return nil, err
		}
	}
	times := make([]time.Time, 0, g.cfg.N)
	for i, d := range days {
		for j := 0; j < counts[i]; j++ {
			sess := g.sessions[0]
			if !chance(g.r, 0.65) {
				sess = g.sessions[1]
			}
			sec := sess.Start*60 + g.r.IntN((sess.End-sess.Start)*60)
			times = append(times, d.Add(time.Duration(sec)*time.Second))
		}
	}
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	return times, nil
}

// dossier is the generator's view of one dossier.
type dossier struct {
	id, code     string
	proc         *motcua.Procedure
	applicant    string
	status       motcua.Status
	appt         time.Time
	next         action
	branched     bool      // the fate at status 4 was drawn
	lateDone     time.Time // when a late dossier is done
	supplementAt time.Time
}

type action struct {
	to         motcua.Status // a transition, or:
	reschedule time.Time     // an apology moving the appointment here
	rate       bool
}

func (g *generator) receive() (*dossier, error) {
	r := g.r
	p := &g.procs[sort.SearchFloat64s(g.procPick.cum, r.Float64()*g.procPick.cum[len(g.procPick.cum)-1])]
	var who Citizen
	if len(g.recent) > 100 && chance(r, 0.12) {
		who = uniform(r, g.recent) // someone who came before
	} else {
		who = g.people.Citizen()
		if len(g.recent) < 5000 {
			g.recent = append(g.recent, who)
		} else {
			g.recent[r.IntN(len(g.recent))] = who
		}
	}
	in := motcua.ReceiveInput{ProcedureCode: p.Code, Channel: motcua.ChannelCounter, Applicant: who.Person, FeePaid: chance(r, 0.96)}
	switch x := r.Float64(); {
	case x < 0.10:
		in.Channel, in.Helper = motcua.ChannelHamlet, uniform(r, g.helpers)
	case x < 0.14:
		in.Channel = motcua.ChannelPost
	}
	if chance(r, 0.12) {
		fam := who.Family
		if chance(r, 0.4) {
			fam = g.people.Family()
		}
		sub := g.people.CitizenOf(fam).Person
		sub.Address = who.Address
		in.Submitter, in.Authorised = &sub, chance(r, 0.5)
	}
	for _, f := range p.Fees {
		switch f.Kind {
		case motcua.FeePerPage:
			in.Fee.Pages, in.Fee.Copies = 1+r.IntN(12), 1+r.IntN(5)
		case motcua.FeePerUnit:
			in.Fee.Units = 1 + r.IntN(3)*r.IntN(2)
		}
	}
	switch p.Code {
	case "1.001193":
		in.Summary = "Đăng ký khai sinh cho cháu " + g.people.Child(who.Family)
	case "2.000815":
		in.Summary = "Chứng thực bản sao " + uniform(r, []string{"căn cước công dân", "giấy khai sinh", "bằng tốt nghiệp",
			"giấy chứng nhận quyền sử dụng đất", "sổ hộ nghèo", "giấy chứng nhận kết hôn", "học bạ"})
	}
	if chance(r, 0.03) {
		in.Note = uniform(r, []string{"Công dân hẹn nhận qua bưu điện", "Đã hướng dẫn bổ sung bản chính khi nhận kết quả",
			"Người cao tuổi, ưu tiên giải quyết"})
	}
	done, err := g.s.Receive(in)
	if err != nil {
		return nil, err
	}
	g.ops++
	g.received++
	d := &dossier{id: done.Dossier.ID, code: done.Dossier.Code, proc: p, applicant: done.Dossier.Applicant.Name,
		status: done.Dossier.Status, appt: done.Dossier.Appointment}
	g.plan(d)
	return d, nil
}

// step performs a dossier's planned action and plans the next one.
func (g *generator) step(d *dossier) error {
	r, a := g.r, d.next
	var err error
	var done motcua.Done
	switch {
	case a.rate:
		sat := func() motcua.Satisfaction {
			switch x := r.Float64(); {
			case x < 0.68:
				return motcua.VerySatisfied
			case x < 0.97:
				return motcua.Satisfied
			}
			return motcua.Dissatisfied
		}
		_, err = g.s.Do(motcua.Action{Kind: motcua.OpRate, DossierID: d.id, Args: motcua.RateArgs{
			Convenience: sat(), Overall: sat(), Comment: uniform(r, ratingComments), Channel: "counter"}})
		if err == nil {
			g.ops++
		}
		return err // rated: the story ends
	case !a.reschedule.IsZero():
		done, err = g.s.Do(motcua.Action{Kind: motcua.OpReschedule, DossierID: d.id, Args: motcua.RescheduleArgs{
			Reason: uniform(r, delayReasons), Old: d.appt, New: a.reschedule}})
		if err != nil {
			return err
		}
		d.appt = done.Dossier.Appointment
	default:
		t := motcua.TransitionArgs{From: d.status, To: a.to}
		switch a.to {
		case motcua.StatusSupplement:
			t.Reason = uniform(r, supplementReasons)
			t.Documents = []string{uniform(r, d.proc.Documents).Name}
			d.supplementAt = g.now
		case motcua.StatusProcessing:
			if d.status == motcua.StatusSupplement {
				t.Appointment = g.resumed(d)
			}
		case motcua.StatusStopped:
			t.Reason = uniform(r, stopReasons)
		case motcua.StatusWithdrawn:
			t.Reason, t.Recipient, t.Method = uniform(r, withdrawReasons), d.applicant, motcua.ReturnCounter
		case motcua.StatusReturned:
			t.Recipient, t.Method = d.applicant, motcua.ReturnCounter
			if chance(r, 0.15) {
				t.Recipient = g.people.Citizen().Name
			}
			switch x := r.Float64(); {
			case x < 0.09:
				t.Method = motcua.ReturnPost
			case x < 0.12:
				t.Method = motcua.ReturnOnline
			}
		}
		done, err = g.s.Transition(d.id, t)
		if err != nil {
			return err
		}
		d.status, d.appt = done.Dossier.Status, done.Dossier.Appointment
	}
	g.ops++
	g.plan(d)
	return nil
}

// resumed is the appointment after a supplement: counted again from now, or
// the old one moved by the pause, as the procedure says.
func (g *generator) resumed(d *dossier) time.Time {
	if d.proc.Supplement == motcua.SupplementExtendByPause {
		return g.cal.AddWorkingDays(d.appt, max(1, g.cal.WorkingDaysBetween(d.supplementAt, g.now)))
	}
	return g.cal.Appointment(g.now, d.proc.Time)
}

// plan draws a dossier's next action and queues it, unless it falls after
// the end of the period or the dossier's story is over.
// long: one pass drawing a day of receptions with the rates of the data set, kept together so the rates read as one table.
func (g *generator) plan(d *dossier) {
	r, now := g.r, g.now
	sameDay := d.proc.Time.Kind == motcua.SameDay
	var at time.Time
	var next action
	switch d.status {
	case motcua.StatusReceived:
		switch {
		case chance(r, 0.004):
			next, at = action{to: motcua.StatusWithdrawn}, g.workDay(now, r.IntN(3))
		case sameDay:
			next, at = action{to: motcua.StatusProcessing}, g.later(now, 5+r.IntN(85))
		default:
			next, at = action{to: motcua.StatusProcessing}, g.workDay(now, r.IntN(2))
		}
	case motcua.StatusProcessing:
		if !d.branched {
			d.branched = true
			switch x := r.Float64(); {
			case x < 0.07 && len(d.proc.Documents) > 0:
				next, at = action{to: motcua.StatusSupplement}, g.between(now, d.appt, 0.4)
			case x < 0.10:
				next, at = action{to: motcua.StatusPayment}, g.between(now, d.appt, 0.5)
			case x < 0.11:
				next, at = action{to: motcua.StatusStopped}, g.between(now, d.appt, 0.8)
			case x < 0.117:
				next, at = action{to: motcua.StatusWithdrawn}, g.between(now, d.appt, 0.8)
			}
			if at.IsZero() && chance(r, 0.06) {
				// Late: done one to five working days after the appointment,
				// often with an apology that moves it first.
				d.lateDone = g.workDay(d.appt, 1+r.IntN(5))
				if chance(r, 0.6) {
					next = action{reschedule: g.closing(d.lateDone)}
					at = g.between(now, d.appt, 0.9)
				}
			}
		}
		if at.IsZero() {
			next = action{to: motcua.StatusDone}
			if !d.lateDone.IsZero() {
				at = d.lateDone
			} else {
				at = g.between(now, d.appt, 1)
			}
		}
	case motcua.StatusSupplement:
		at = g.workDay(now, 1+r.IntN(10))
		switch x := r.Float64(); {
		case x < 0.85:
			next = action{to: motcua.StatusProcessing}
		case x < 0.93:
			next = action{to: motcua.StatusWithdrawn}
		default:
			next = action{to: motcua.StatusStopped}
		}
	case motcua.StatusPayment:
		at = g.workDay(now, r.IntN(6))
		switch x := r.Float64(); {
		case x < 0.60:
			next = action{to: motcua.StatusDone}
		case x < 0.95:
			next = action{to: motcua.StatusProcessing}
		default:
			next = action{to: motcua.StatusWithdrawn}
		}
	case motcua.StatusDone:
		next = action{to: motcua.StatusReturned}
		switch x := r.Float64(); {
		case sameDay && x < 0.55:
			at = g.later(now, 5+r.IntN(55))
		case x < 0.97:
			at = g.workDay(now, min(r.IntN(4), r.IntN(8)))
		default:
			at = g.workDay(now, 20+r.IntN(60)) // collected late
		}
	case motcua.StatusReturned:
		if chance(r, 0.55) {
			next, at = action{rate: true}, now.Add(time.Duration(1+r.IntN(10))*time.Minute)
		}
	}
	if at.IsZero() || !at.Before(g.cfg.End) {
		return
	}
	if !at.After(now) {
		at = now.Add(time.Minute)
	}
	d.next = next
	g.seq++
	heap.Push(&g.events, &event{at: at, seq: g.seq, d: d})
}

// inOffice reports whether t is within a session of a working day.
func (g *generator) inOffice(t time.Time) bool {
	t = t.In(motcua.VNZone)
	m := t.Hour()*60 + t.Minute()
	if !g.cal.IsWorkingDay(t) {
		return false
	}
	for _, s := range g.sessions {
		if m >= s.Start && m < s.End {
			return true
		}
	}
	return false
}

// open moves t to the next moment the office is open (t itself if it is).
func (g *generator) open(t time.Time) time.Time {
	t = t.In(motcua.VNZone)
	for i := 0; i < 60 && !g.inOffice(t); i++ {
		m := t.Hour()*60 + t.Minute()
		day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, motcua.VNZone)
		switch {
		case g.cal.IsWorkingDay(t) && m < g.sessions[0].Start:
			t = day.Add(time.Duration(g.sessions[0].Start) * time.Minute)
		case g.cal.IsWorkingDay(t) && m < g.sessions[1].Start:
			t = day.Add(time.Duration(g.sessions[1].Start) * time.Minute)
		default:
			t = day.AddDate(0, 0, 1).Add(time.Duration(g.sessions[0].Start) * time.Minute)
		}
	}
	return t
}

// later is minutes of office time after t, roughly: t + minutes, moved into
// office hours.
func (g *generator) later(t time.Time, minutes int) time.Time {
	return g.open(t.Add(time.Duration(minutes)*time.Minute + time.Duration(g.r.IntN(60))*time.Second))
}

// workDay is a random office moment n working days after t (n = 0: later
// the same day when there is time left).
func (g *generator) workDay(t time.Time, n int) time.Time {
	day := t
	if n > 0 {
		day = g.cal.AddWorkingDays(t, n)
	}
	d := day.In(motcua.VNZone)
	midnight := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, motcua.VNZone)
	s := g.sessions[g.r.IntN(2)]
	at := midnight.Add(time.Duration(s.Start*60+g.r.IntN((s.End-s.Start)*60)) * time.Second)
	if n == 0 && !at.After(t) {
		return g.later(t, 10+g.r.IntN(120))
	}
	return g.open(at)
}

// between is a random office moment in the first share of [a, b], or soon
// after a when b is not after it.
func (g *generator) between(a, b time.Time, share float64) time.Time {
	if !b.After(a) {
		return g.later(a, 10+g.r.IntN(50))
	}
	t := a.Add(time.Duration(g.r.Float64() * share * float64(b.Sub(a))))
	t = g.open(t)
	if t.After(b) && b.After(a) {
		t = b
	}
	if !t.After(a) {
		t = a.Add(time.Minute)
	}
	return t
}

// closing is the end of the afternoon session on t's day.
func (g *generator) closing(t time.Time) time.Time {
	d := t.In(motcua.VNZone)
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, motcua.VNZone).Add(time.Duration(g.sessions[1].End) * time.Minute)
}

type event struct {
	at  time.Time
	seq uint64
	d   *dossier
}

type eventHeap []*event

func (h eventHeap) Len() int { return len(h) }
func (h eventHeap) Less(i, j int) bool {
	if !h[i].at.Equal(h[j].at) {
		return h[i].at.Before(h[j].at)
	}
	return h[i].seq < h[j].seq
}
func (h eventHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *eventHeap) Push(x any)   { *h = append(*h, x.(*event)) }
func (h *eventHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}

// NameQuery returns a two-word unaccented name query as an officer types
// it: a family name drawn with its real frequency and a given name
// ("nguyen anh", "tran cuong").
func (p *People) NameQuery() string {
	given := GivenMale
	if p.Sex() == motcua.Female {
		given = GivenFemale
	}
	g := uniform(p.r, given)
	if i := strings.LastIndexByte(g, ' '); i >= 0 {
		g = g[i+1:]
	}
	return motcua.Fold(p.Family() + " " + g)
}

// FixtureConfig is the benchmark fixture's recipe: n dossiers over the year
// before 1 November 2026, seed 1. `motcua-gen -n N --seed 1 --end 2026-11-01
// --days 365` makes the same data.
func FixtureConfig(n int) Config {
	return Config{N: n, Seed: 1, End: time.Date(2026, 11, 1, 0, 0, 0, 0, motcua.VNZone), Days: 365}
}

// FixtureLayout changes whenever the store starts to write the same data
// into a different file (page fill, buckets, index layout), so that cached
// fixtures, whose size and speed the benchmarks report, are built again.
// 2: outbox pages filled, dossier pages to 90 % (store/do.go, 8f086d4).
// 3: dossier records compressed, store schema 2 (store/codec.go).
// 4: the number endings index, store schema 3 (store/index_ends.go).
const FixtureLayout = 4

// FixtureDir is the data directory of the benchmark fixture of n dossiers:
// $MOTCUA_BENCH_DATA when set, else a directory under the system's temp
// directory named after Version, FixtureLayout, n and the seed, so that runs
// share it.
func FixtureDir(n int) string {
	if d := os.Getenv("MOTCUA_BENCH_DATA"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "motcua-bench", fmt.Sprintf("v%d-l%d-n%d-seed1", Version, FixtureLayout, n))
}

// Fixture returns the store file of the benchmark fixture of n dossiers,
// building it first when it does not exist (minutes for 100,000; NoSync,
// under a temporary name, so a run that sees the file sees it whole). logf,
// when set, hears about a build.
func Fixture(n int, logf func(format string, args ...any)) (string, error) {
	path := filepath.Join(FixtureDir(n), "motcua.db")
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	if logf != nil {
		logf("building the %d-dossier fixture at %s (once; about 3 minutes per 100,000)", n, path)
	}
	st, err := Build(path, DefaultInit, FixtureConfig(n), "")
	if err != nil {
		return "", fmt.Errorf("build fixture %s: %w", path, err)
	}
	if logf != nil {
		logf("fixture built: %d dossiers, %d ops in %v", st.Dossiers, st.Ops, st.Elapsed.Round(time.Second))
	}
	return path, nil
}
