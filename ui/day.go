package ui

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/motcua/motcua"
)

// dayScreen is "Sổ hôm nay": the day's receptions, guidance (Mẫu 02) and
// refusals (Mẫu 03) given, results handed over and fees collected, per
// officer and in total (the cash count at closing), with the events below.
// "e" writes the book as CSV under the data directory, from inside the TUI
// (which holds the store, so the CLI cannot read it meanwhile).
type dayScreen struct {
	c      *common
	book   motcua.DayBook
	loaded bool
	offset int
}

type (
	dayBookMsg struct {
		book motcua.DayBook
		err  error
	}
	dayExportedMsg struct {
		path string
		err  error
	}
)

func newDay(c *common) dayScreen { return dayScreen{c: c} }

func (s dayScreen) enter() (screen, tea.Cmd) {
	st, now := s.c.data.st, s.c.now()
	return s, func() tea.Msg {
		b, err := st.DayBook(now)
		return dayBookMsg{book: b, err: err}
	}
}

func (s dayScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	dt := dayTextFor(s.c.lang)
	switch msg := msg.(type) {
	case dayBookMsg:
		if msg.err != nil {
			return s, s.c.flashErr(msg.err)
		}
		s.book, s.loaded = msg.book, true
	case dayExportedMsg:
		if msg.err != nil {
			return s, flash(fmt.Sprintf(dt.ExportFailedF, s.c.errText(msg.err)), true)
		}
		return s, flash(fmt.Sprintf(dt.ExportedF, msg.path), false)
	case tea.KeyPressMsg:
		k, dk := s.c.keys, newDayKeys(s.c.lang)
		switch {
		case key.Matches(msg, k.Back):
			return s, s.c.back()
		case key.Matches(msg, k.Up):
			s.offset = max(0, s.offset-1)
		case key.Matches(msg, k.Down):
			s.offset++
		case key.Matches(msg, k.PageUp):
			s.offset = max(0, s.offset-10)
		case key.Matches(msg, k.PageDown):
			s.offset += 10
		case key.Matches(msg, k.Refresh):
			return s.enter()
		case s.loaded && key.Matches(msg, dk.Export):
			return s, exportDay(filepath.Dir(s.c.data.st.Path()), s.book, s.c.lang)
		}
	}
	return s, nil
}

// exportDay writes the book to DIR/exports/so-hom-nay-yyyymmdd.csv (UTF-8
// with a BOM, so Excel reads the diacritics), through a temporary file
// renamed into place: a crash never leaves half a file under the name.
func exportDay(dir string, b motcua.DayBook, lang motcua.Lang) tea.Cmd {
	return func() tea.Msg {
		var buf bytes.Buffer
		buf.WriteString("\ufeff")
		w := csv.NewWriter(&buf)
		if err := w.WriteAll(b.CSVRows(lang)); err != nil {
			return dayExportedMsg{err: err}
		}
		out := filepath.Join(dir, "exports")
		if err := os.MkdirAll(out, 0o700); err != nil {
			return dayExportedMsg{err: err}
		}
		path := filepath.Join(out, "so-hom-nay-"+b.Day.Format("20060102")+".csv")
		tmp, err := os.CreateTemp(out, ".so-hom-nay-*.csv")
		if err != nil {
			return dayExportedMsg{err: err}
		}
		_, err = tmp.Write(buf.Bytes())
		if err == nil {
			err = tmp.Sync()
		}
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(tmp.Name(), path)
		}
		if err != nil {
			os.Remove(tmp.Name())
			return dayExportedMsg{err: err}
		}
		return dayExportedMsg{path: path}
	}
}

func (s dayScreen) view(w, h int) string {
	st, dt := s.c.st, dayTextFor(s.c.lang)
	if !s.loaded {
		return "\n  " + dt.Loading
	}
	b := s.book
	fw := max(20, min(w, 110)-2)
	day := s.c.t.Weekdays[b.Day.Weekday()] + " " + motcua.FormatDate(b.Day)
	lines := []string{"", "  " + st.Section.Render(truncate(dt.Title+" · "+day, fw)),
		"  " + truncate(fmt.Sprintf(dt.SummaryF, len(b.Received), len(b.Guidance), len(b.Refusals), len(b.Returned)), fw),
		"  " + st.Key.Render(truncate(fmt.Sprintf(dt.Cash, motcua.FormatVND(b.FeeTotal())), fw)), ""}
	lines = append(lines, s.officerTable(fw)...)
	lines = append(lines, "  "+st.Dim.Render(strings.Repeat("─", max(1, fw-2))))
	events := s.events(fw)
	if len(events) == 0 {
		events = []string{"  " + st.Dim.Render(dt.Nothing)}
	}
	avail := max(1, h-len(lines))
	off := min(s.offset, max(0, len(events)-avail))
	return strings.Join(append(lines, events[off:min(len(events), off+avail)]...), "\n")
}

// officerTable is the totals per officer, then the total line.
func (s dayScreen) officerTable(fw int) []string {
	st, dt := s.c.st, dayTextFor(s.c.lang)
	// Five number columns of up to 11 cells; a narrow window shrinks them
	// before the names, which need at least 10.
	colW := min(11, max(8, (fw-2-10)/5))
	nameW := max(10, fw-2-5*colW)
	row := func(name string, a, b, c, d int, fee int64) string {
		cells := padRight(truncate(name, nameW), nameW)
		for _, n := range []int{a, b, c, d} {
			cells += padLeft(fmt.Sprint(n), colW)
		}
		return "  " + cells + padLeft(motcua.FormatVND(fee), colW)
	}
	head := "  " + padRight(dt.Officer, nameW)
	for _, h := range []string{dt.Received, dt.Guidance, dt.Refusals, dt.Returned, dt.Fees} {
		head += padLeft(truncate(h, colW-1), colW)
	}
	out := []string{st.Label.Render(truncate(head, fw))}
	var tot motcua.OfficerDay
	for _, o := range s.book.ByOfficer() {
		name := clean(o.Officer)
		if name == "" {
			name = dt.NoOfficer
		}
		out = append(out, truncate(row(name, o.Received, o.Guidance, o.Refusals, o.Returned, o.Fees), fw))
		tot.Received, tot.Guidance, tot.Refusals, tot.Returned, tot.Fees = tot.Received+o.Received, tot.Guidance+o.Guidance,
			tot.Refusals+o.Refusals, tot.Returned+o.Returned, tot.Fees+o.Fees
	}
	return append(out, st.Key.Render(truncate(row(dt.Total, tot.Received, tot.Guidance, tot.Refusals, tot.Returned, tot.Fees), fw)))
}

// events lists the day's entries in time order: time, kind, code, citizen.
func (s dayScreen) events(fw int) []string {
	dt := dayTextFor(s.c.lang)
	type ev struct {
		at   time.Time
		line string
	}
	var evs []ev
	add := func(at time.Time, kind, code, name, extra string) {
		line := "  " + at.In(motcua.VNZone).Format("15:04") + "  " + padRight(kind, 10) + " " + padRight(shortCode(clean(code)), 11) + " " + clean(name)
		if extra != "" {
			line += " · " + extra
		}
		evs = append(evs, ev{at, truncate(line, fw)})
	}
	b := s.book
	for _, d := range b.Received {
		add(d.ReceivedAt, dt.KindReceived, d.Code, d.Applicant.Name, clean(d.ProcedureName))
	}
	for _, r := range b.Guidance {
		add(r.At, dt.KindGuidance, "", r.Applicant.Name, clean(r.ProcedureName))
	}
	for _, r := range b.Refusals {
		add(r.At, dt.KindRefusal, "", r.Applicant.Name, clean(r.ProcedureName))
	}
	for _, d := range b.Returned {
		add(d.Outcome.ReturnedAt, dt.KindReturned, d.Code, d.Applicant.Name, clean(d.ProcedureName))
	}
	for _, f := range b.Fees {
		add(f.At, dt.KindFee, f.Code, f.Name, motcua.FormatVND(f.Amount))
	}
	// Stable by time: the kinds keep their order within a minute.
	for i := 1; i < len(evs); i++ {
		for j := i; j > 0 && evs[j].at.Before(evs[j-1].at); j-- {
			evs[j], evs[j-1] = evs[j-1], evs[j]
		}
	}
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.line
	}
	return out
}

func (s dayScreen) title() string { return dayTextFor(s.c.lang).Title }
func (s dayScreen) typing() bool  { return false }

func (s dayScreen) shortHelp() []key.Binding {
	k := s.c.keys
	return []key.Binding{k.Up, newDayKeys(s.c.lang).Export, k.Refresh, k.Back}
}

func (s dayScreen) fullHelp() [][]key.Binding {
	k := s.c.keys
	return [][]key.Binding{{k.Up, k.PageUp, newDayKeys(s.c.lang).Export, k.Refresh, k.Back}}
}
