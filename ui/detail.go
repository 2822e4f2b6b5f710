package ui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/motcua/motcua"
)

// detailScreen shows one dossier: every field, the history in the manner
// of Mẫu 05 (who, when, what, on time or late), and only the legal next
// actions, each opening a dialog that asks what the law requires.
type detailScreen struct {
	c   *common
	id  string
	cal motcua.Calendar
	cat *motcua.Catalog

	d       motcua.Dossier
	pending bool // not yet on the server
	loaded  bool
	loadErr string
	dialog  actionDialog
	open    bool // the dialog is open
	picking bool // p was pressed: the next key picks a form to print (print.go)
	offset  int
}

func newDetail(c *common, id string) detailScreen {
	s := detailScreen{c: c, id: id}
	if c.data.st != nil {
		s.cal, s.cat = c.data.st.Calendar(), c.data.st.Catalog()
	}
	return s
}

func (s detailScreen) enter() (screen, tea.Cmd) { return s, s.c.data.get(s.id) }

func (s detailScreen) actions() []action { return legalActions(s.c, s.d) }

func (s detailScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case dossierMsg:
		if msg.id != s.id {
			return s, nil
		}
		if msg.err != nil {
			s.loadErr = s.c.errText(msg.err)
			return s, nil
		}
		s.d, s.pending, s.loaded, s.loadErr = msg.d, msg.pending, true, ""
	case actionMsg:
		if msg.id != s.id || !s.open {
			return s, nil
		}
		s.dialog.saving = false
		if msg.err != nil {
			return s, s.c.flashErr(msg.err)
		}
		s.d, s.open, s.pending = msg.done.Dossier, false, true
		done := fmt.Sprintf(s.c.t.ActDoneF, msg.label)
		note := flash(done, false)
		if f := formAfter(msg.kind, s.d.Status); f != "" {
			note = s.c.printDossierForm(s.d, f, done) // the flash says both
		}
		// After a hand-over, offer the rating (indicators 8 and 9) at once.
		if s.d.Status == motcua.StatusReturned && s.d.Rating == nil && msg.kind == actTransition {
			for _, a := range s.actions() {
				if a.kind == actRate {
					s.dialog, s.open = newActionDialog(s.c, s.d, a, s.cal, s.cat), true
				}
			}
		}
		return s, note
	case tea.KeyPressMsg:
		if s.picking {
			return s.pickForm(msg)
		}
		if s.open {
			g, cmd, closed := s.dialog.update(msg)
			s.dialog = g
			if closed {
				s.open = false
			}
			return s, cmd
		}
		return s.key(msg)
	case tea.PasteMsg:
		if s.open {
			g, cmd, _ := s.dialog.update(msg)
			s.dialog = g
			return s, cmd
		}
	}
	return s, nil
}

func (s detailScreen) key(msg tea.KeyPressMsg) (screen, tea.Cmd) {
	k := s.c.keys
	switch {
	case key.Matches(msg, k.Back):
		return s, s.c.back()
	case key.Matches(msg, k.Refresh):
		return s.enter()
	case key.Matches(msg, k.Up):
		s.offset = max(0, s.offset-1)
	case key.Matches(msg, k.Down):
		s.offset++
	case key.Matches(msg, k.PageUp):
		s.offset = max(0, s.offset-10)
	case key.Matches(msg, k.PageDown):
		s.offset += 10
	case s.loaded && key.Matches(msg, k.Print):
		s.picking = true
	case s.loaded:
		for _, a := range s.actions() {
			if key.Matches(msg, a.key) {
				s.dialog, s.open = newActionDialog(s.c, s.d, a, s.cal, s.cat), true
				return s, nil
			}
		}
	}
	if s.loaded {
		// Keep the offset within the text, so ↑ works at once after ↓↓↓,
		// measured against the same space view gives the body: the last
		// history row must be reachable.
		s.offset = min(s.offset, s.maxOffset(s.c.w, s.c.h))
	}
	return s, nil
}

// maxOffset is the last scroll position: the body's end at the bottom.
func (s detailScreen) maxOffset(w, h int) int {
	return max(0, len(s.body(w))-max(1, h-len(s.top(w))))
}

func (s detailScreen) view(w, h int) string {
	st, t := s.c.st, s.c.t
	switch {
	case s.loadErr != "":
		return "\n  " + st.Error.Render(s.loadErr)
	case !s.loaded:
		return "\n  " + t.DetLoading
	}
	d := s.d
	head := " " + st.Key.Render(clean(d.Code)) + " · " + st.Title.Render(clean(d.Applicant.Name))
	status := " " + st.Label.Render(t.DetStatus+": ") + st.Key.Render(d.Status.Label(s.c.lang))
	if tag, style := s.dueTag(); tag != "" {
		status += " " + style.Render("["+tag+"]")
	}
	if d.Rescheduled() {
		status += " " + st.Warn.Render("["+t.DetRescheduled+"]")
	}
	if d.PossibleDup {
		status += " " + st.Warn.Render("["+t.DetPossibleDup+"]")
	}
	if s.pending && s.c.info.Enrolled() { // a standalone terminal has nothing to sync
		status += " " + st.Dim.Render("["+t.DetNotSynced+"]")
	}
	lines := []string{truncate(head, w), truncate(status, w)}
	if s.open {
		box := s.dialog.view(dialogWidth(w), h-len(lines))
		for _, l := range strings.Split(box, "\n") {
			lines = append(lines, " "+l)
		}
		return strings.Join(lines, "\n")
	}
	lines = append(lines, s.top(w)[2:]...)
	body := s.body(w)
	avail := max(1, h-len(lines))
	off := min(s.offset, s.maxOffset(w, h))
	end := min(len(body), off+avail)
	return strings.Join(append(lines, body[off:end]...), "\n")
}

// top is what stays above the scrolling body: the code and name, the
// status, the actions (each with its letter) and a blank line.
func (s detailScreen) top(w int) []string {
	st, t, d := s.c.st, s.c.t, s.d
	lines := []string{"", ""} // the code and the status line: one line each
	// The actions wrap between items, never inside one.
	line := " " + st.Label.Render(t.DetActions+":")
	for _, a := range s.actions() {
		item := st.Key.Render(a.key.Help().Key) + " " + a.label
		if width(line)+2+width(item) > w-1 {
			lines = append(lines, line)
			line = "  " + strings.Repeat(" ", width(t.DetActions))
		}
		line += "  " + item
	}
	lines = append(lines, line)
	if d.Status.Final() {
		lines = append(lines, " "+st.Dim.Render(truncate(t.DetNoActions, w-2)))
	}
	if s.picking {
		lines = append(lines, " "+s.pickLine(w-2))
	}
	return append(lines, "")
}

// dueTag is the derived flag next to the status: overdue, due today, soon.
func (s detailScreen) dueTag() (string, interface{ Render(...string) string }) {
	st, t := s.c.st, s.c.t
	if !s.d.Status.ClockRuns() {
		if s.d.Status.Open() {
			return t.DetDueWaiting, st.Value // the clock stops while the citizen completes
		}
		return "", st.Value
	}
	switch motcua.DueState(s.d.Appointment, s.c.now(), s.cal) {
	case motcua.DueOverdue:
		return t.DetDueOverdue, st.Overdue
	case motcua.DueToday:
		return t.DetDueToday, st.DueToday
	case motcua.DueSoon:
		return t.DetDueSoon, st.DueSoon
	}
	return "", st.Value
}

const detailLabelW = 12

// body is the scrollable part: the fields, documents, fees and history.
// long: a view lays out the dossier top to bottom, section by section.
func (s detailScreen) body(w int) []string {
	st, t, lang, d := s.c.st, s.c.t, s.c.lang, s.d
	var out []string
	valW := max(10, w-detailLabelW-3)
	row := func(label string, values ...string) {
		first := true
		for _, v := range values {
			if v == "" {
				continue
			}
			for _, l := range wrap(v, valW) {
				lab := ""
				if first {
					lab = label
				}
				out = append(out, " "+labelled(st, lab, detailLabelW, l))
				first = false
			}
		}
	}
	person := func(p motcua.Person) []string {
		var ids []string
		if p.IDNumber != "" {
			ids = append(ids, strings.ToUpper(string(p.IDKind))+" "+clean(p.IDNumber))
		}
		if p.DOB != "" {
			ids = append(ids, t.DetDOB+" "+motcua.FormatDOB(clean(p.DOB)))
		}
		if p.Sex != motcua.SexUnknown {
			ids = append(ids, sexLabel(t, p.Sex))
		}
		var contact []string
		if p.Phone != "" {
			contact = append(contact, t.DetPhone+" "+clean(p.Phone))
		}
		if p.Email != "" {
			contact = append(contact, clean(p.Email))
		}
		if p.Address != "" {
			contact = append(contact, t.DetAddress+": "+clean(p.Address))
		}
		return []string{clean(p.Name), strings.Join(ids, " · "), strings.Join(contact, " · ")}
	}
	row(t.DetApplicant, person(d.Applicant)...)
	if d.Submitter != nil {
		sub := person(*d.Submitter)
		if d.Authorised {
			sub[0] += " (" + t.DetAuthorised + ")"
		}
		row(t.DetSubmitter, sub...)
	}
	row(t.DetProcedure, clean(d.ProcedureCode)+" · "+clean(d.ProcedureName))
	if d.Summary != "" && d.Summary != d.ProcedureName {
		row(t.DetSummary, clean(d.Summary))
	}
	channel := d.Channel.Label(lang)
	if d.Helper != "" {
		channel += " · " + t.DetHelper + " " + clean(d.Helper)
	}
	row(t.DetChannel, channel)
	row(t.DetReceivedAt, motcua.FormatWhen(d.ReceivedAt, lang)+" · "+clean(d.Officer))
	appt := motcua.FormatAppointment(d.Appointment, lang)
	if tag, _ := s.dueTag(); tag != "" {
		appt += " [" + tag + "]"
	}
	row(t.DetAppointment, appt)
	if d.Rescheduled() {
		row(t.DetOriginalAppt, motcua.FormatAppointment(d.OriginalAppt, lang)+" ("+t.DetRescheduled+")")
	}
	if !d.CompletedAt.IsZero() {
		tl := motcua.TimelinessOf(d.CompletedAt, d.Appointment)
		row(t.DetCompletedAt, motcua.FormatWhen(d.CompletedAt, lang)+" · "+tl.Label(lang))
	}
	if o := d.Outcome; o != nil {
		row(t.DetOutcome, fmt.Sprintf(t.DetReturnedF, motcua.FormatWhen(o.ReturnedAt, lang), clean(o.Recipient), s.methodLabel(o.Method)))
	}
	if r := d.Rating; r != nil {
		rated := fmt.Sprintf(t.DetRatedF, r.Convenience.Label(lang), r.Overall.Label(lang))
		if r.Levels() == 3 {
			rated += " " + t.DetRatedThree // made when the form offered three answers
		}
		row(t.DetRating, rated, clean(r.Comment))
	}
	if d.Logbook != "" {
		row(t.DetLogbook, clean(d.Logbook))
	}

	if len(d.Documents) > 0 {
		out = append(out, "", " "+st.Section.Render(t.DetDocuments))
		for _, doc := range d.Documents {
			box := "[ ] "
			if doc.Received {
				box = "[x] "
			}
			counts := fmt.Sprintf("%d %s · %d %s · %d %s", doc.Originals, t.RecvOriginals, doc.Certified, t.RecvCertified, doc.Copies, t.RecvCopies)
			nameW := max(10, w-4-4-width(counts)-2)
			out = append(out, "   "+box+padRight(clean(doc.Name), nameW)+" "+st.Dim.Render(counts))
		}
	}
	if d.FeeTotal() == 0 {
		// A free procedure: no fee line, no "0 đ (chưa nộp)".
		out = append(out, "", " "+st.Section.Render(t.DetHistory))
		return append(out, s.history(w)...)
	}
	out = append(out, "", " "+st.Section.Render(t.DetFees))
	for _, f := range d.Fees {
		l := clean(f.Name) + ": " + motcua.FormatVND(f.Amount)
		if f.Detail != "" {
			l += " (" + clean(f.Detail) + ")"
		}
		out = append(out, "   "+truncate(l, w-4))
	}
	paid := t.DetFeeUnpaid
	if d.FeePaid {
		paid = t.DetFeePaid
	}
	out = append(out, "   "+st.Key.Render(motcua.FormatVND(d.FeeTotal()))+" ("+paid+")")

	out = append(out, "", " "+st.Section.Render(t.DetHistory))
	return append(out, s.history(w)...)
}

// history is Mẫu 05's table: one row per event, who, when, what, and for
// status changes whether the step came before, on or after the
// appointment date.
func (s detailScreen) history(w int) []string {
	st, t, lang, d := s.c.st, s.c.t, s.c.lang, s.d
	whenW, whoW, resW := 16, 16, 10
	whatW := max(12, w-2-3-whenW-whoW-resW-4)
	head := "   " + padRight("#", 3) + padRight(t.DetColWhen, whenW) + " " + padRight(t.DetColWho, whoW) + " " +
		padRight(t.DetColWhat, whatW) + " " + t.DetColResult
	out := []string{st.TableHeader.Render(truncate(head, w))}
	for i, ev := range d.History {
		var what, res string
		switch ev.Kind {
		case motcua.OpReceive:
			// "Tiếp nhận", not "Received → Received" in English.
			what = t.EvReceive
		case motcua.OpTransition:
			what = ev.From.Label(lang) + " → " + ev.To.Label(lang)
			res = motcua.TimelinessOf(ev.At, d.Appointment).Label(lang)
		case motcua.OpNote:
			what = t.EvNote
		case motcua.OpReschedule:
			what = t.EvReschedule
		case motcua.OpRate:
			what = t.EvRate
		case motcua.OpSetField:
			what = t.EvSetField
		default:
			what = clean(string(ev.Kind))
		}
		resStyle := st.Value
		if ev.Conflict {
			res, resStyle = t.DetConflictMark, st.Warn
		} else if res == motcua.TimelinessLate.Label(lang) {
			resStyle = st.Overdue
		}
		line := "   " + padRight(strconv.Itoa(i+1), 3) + padRight(motcua.FormatDateTime(ev.At), whenW) + " " +
			padRight(clean(ev.Officer), whoW) + " " + padRight(what, whatW) + " " + resStyle.Render(res)
		out = append(out, line)
		pad := strings.Repeat(" ", 3+3+whenW+1+whoW+1)
		for _, tl := range strings.Split(s.eventText(ev), "\n") {
			if tl = strings.TrimSpace(tl); tl == "" {
				continue
			}
			for _, l := range wrap(tl, max(10, w-len(pad)-1)) {
				out = append(out, pad+st.Dim.Render(l))
			}
		}
	}
	return out
}

// eventText is an event's text for the screen. A hand-over's text names
// the method by its code ("Phạm Văn Đức (counter)"): the officer reads the
// label in their language instead.
func (s detailScreen) eventText(ev motcua.Event) string {
	text := cleanBlock(ev.Text)
	// A new key's row: records written before the words were Vietnamese
	// only carried an English gloss in brackets.
	switch strings.TrimSuffix(strings.TrimSuffix(text, " (Lookup key reissued elsewhere first)"), " (Lookup key reissued)") {
	case motcua.RekeyText:
		return s.c.t.EvRekey
	case motcua.RekeyLostText:
		return s.c.t.EvRekeyLost
	}
	if ev.Kind == motcua.OpTransition && ev.To == motcua.StatusReturned {
		for _, m := range []motcua.ReturnMethod{motcua.ReturnCounter, motcua.ReturnPost, motcua.ReturnOnline} {
			text = strings.Replace(text, "("+string(m)+")", "("+s.methodLabel(m)+")", 1)
		}
	}
	return text
}

func (s detailScreen) methodLabel(m motcua.ReturnMethod) string {
	t := s.c.t
	switch m {
	case motcua.ReturnPost:
		return t.ActMethodPost
	case motcua.ReturnOnline:
		return t.ActMethodOnline
	}
	return t.ActMethodCounter
}

func (s detailScreen) title() string { return s.c.t.TitleDetail }
func (s detailScreen) typing() bool  { return s.open && s.dialog.typing() }

func (s detailScreen) shortHelp() []key.Binding {
	k := s.c.keys
	if s.open {
		return []key.Binding{k.Next, k.Save, k.Cancel}
	}
	if s.picking {
		return append(s.c.formKeys(s.d), k.Cancel)
	}
	return append(s.actionKeys(), k.Print, k.Up, k.PageDown, k.Refresh, k.Back)
}

// actionKeys are the letters of the actions offered now.
func (s detailScreen) actionKeys() []key.Binding {
	if !s.loaded {
		return nil
	}
	var out []key.Binding
	for _, a := range s.actions() {
		out = append(out, a.key)
	}
	return out
}

func (s detailScreen) fullHelp() [][]key.Binding {
	k := s.c.keys
	return [][]key.Binding{
		s.actionKeys(),
		{k.Print, k.Up, k.PageUp, k.PageDown, k.Refresh, k.Back},
		k.Forms,
		{k.Next, k.Prev, k.Toggle, k.Left, k.Save, k.Cancel},
	}
}
