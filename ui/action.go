package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/motcua/motcua"
)

// actionKind is what an action on the detail screen does.
type actionKind int

const (
	actTransition actionKind = iota
	actReschedule
	actRate
	actNote
	actEdit  // correct the applicant's contact details, the summary, the logbook number
	actRekey // a new lookup key for a lost receipt, then the receipt again
)

// action is one line of the detail screen's menu.
type action struct {
	kind  actionKind
	to    motcua.Status // for transitions
	label string
	key   key.Binding // its letter, the same in every status
}

// legalActions lists what may be done to d now: only the legal next
// statuses (motcua.NextStatuses), an apology while the deadline runs, the
// rating once the result is handed over, and a note; each only when the
// terminal's role may make it (motcua.Role.May, the rule Apply enforces).
func legalActions(c *common, d motcua.Dossier) []action {
	t, lang, k, may := c.t, c.lang, c.keys, c.info.Role.May
	var out []action
	if may(motcua.OpTransition) {
		for _, to := range motcua.NextStatuses(d.Status) {
			out = append(out, action{kind: actTransition, to: to, label: to.ActionLabel(lang), key: k.ActTo[to]})
		}
	}
	if d.Status.Open() && may(motcua.OpReschedule) {
		out = append(out, action{kind: actReschedule, label: t.DetReschedule, key: k.ActReschedule})
	}
	if d.Status == motcua.StatusReturned && d.Rating == nil && may(motcua.OpRate) {
		out = append(out, action{kind: actRate, label: t.DetRate, key: k.ActRate})
	}
	if may(motcua.OpSetField) {
		out = append(out, action{kind: actEdit, label: t.EvSetField, key: k.ActEdit})
	}
	if may(motcua.OpNote) {
		out = append(out, action{kind: actNote, label: t.ActNote, key: k.ActNote})
	}
	// A new key is a set_field of the key's hash (store.RotateLookupKey).
	if may(motcua.OpSetField) {
		out = append(out, action{kind: actRekey, label: t.RekeyLabel, key: k.ActRekey})
	}
	return out
}

// actionDialog collects what an action needs (a reason, a list, a
// recipient, a new date) and checks it with the domain's rules before
// offering to save. It is a plain struct owned by the detail screen.
type actionDialog struct {
	c   *common
	act action
	d   motcua.Dossier
	cal motcua.Calendar
	cat *motcua.Catalog

	form      form
	docs      []string // supplement: the documents that can be asked for
	docOn     []bool
	docCursor int
	onDocs    bool // the checklist has focus
	saving    bool
	tried     bool // a save was attempted: show what blocks it
}

// long: one case per action, each building its own fields.
func newActionDialog(c *common, d motcua.Dossier, a action, cal motcua.Calendar, cat *motcua.Catalog) actionDialog {
	t := c.t
	g := actionDialog{c: c, act: a, d: d, cal: cal, cat: cat}
	reason := func(required bool) field {
		label := t.ActReasonOptional
		if required {
			label = t.ActReason
		}
		placeholder := t.Optional
		if required {
			// An empty required field must still show where to type.
			placeholder = t.ActReasonHint
		}
		f := newTextField(c, "reason", label, placeholder, motcua.MaxFieldRunes, nil)
		f.required = required
		return f
	}
	var fields []field
	switch a.kind {
	case actTransition:
		switch a.to {
		case motcua.StatusRefused, motcua.StatusStopped:
			fields = append(fields, reason(true))
		case motcua.StatusSupplement:
			for _, doc := range d.Documents {
				g.docs = append(g.docs, clean(doc.Name))
			}
			if p, err := cat.Get(d.ProcedureCode); err == nil {
				for _, doc := range p.Documents {
					if !contains(g.docs, clean(doc.Name)) {
						g.docs = append(g.docs, clean(doc.Name))
					}
				}
			}
			g.docOn = make([]bool, len(g.docs))
			fields = append(fields, reason(true), newTextField(c, "other_docs", t.ActOtherDocs, t.ActOtherDocsHint, motcua.MaxFieldRunes, nil))
		case motcua.StatusReturned, motcua.StatusWithdrawn:
			rec := newTextField(c, "recipient", t.ActRecipient, "", 80, nil)
			who := d.Applicant.Name
			if d.Submitter != nil {
				who = d.Submitter.Name
			}
			rec.setValue(clean(who))
			rec.required = a.to == motcua.StatusReturned
			fields = append(fields, rec)
			if a.to == motcua.StatusReturned {
				fields = append(fields, newChoiceField(c, "method", t.ActMethod, []string{t.ActMethodCounter, t.ActMethodPost, t.ActMethodOnline}, 0))
			}
			fields = append(fields, reason(false))
		default:
			fields = append(fields, reason(false))
		}
	case actReschedule:
		days := newTextField(c, "days", t.ActDays, "", 3, func(v string) verdict {
			if n, err := strconv.Atoi(strings.TrimSpace(v)); err != nil || n < 1 || n > 60 {
				return verdict{err: t.DaysRange}
			}
			return verdict{}
		})
		days.setValue("1")
		fields = append(fields, reason(true), days)
	case actRate:
		answers := []string{t.RateUnset}
		for _, a := range satisfactions[1:] {
			answers = append(answers, a.Label(c.lang))
		}
		fields = append(fields,
			newChoiceField(c, "rate8", t.ActRate8, answers, 0),
			newChoiceField(c, "rate9", t.ActRate9, answers, 0),
			newTextField(c, "comment", t.ActComment, "", motcua.MaxFieldRunes, nil))
	case actNote:
		f := newTextField(c, "reason", t.ActNote, "", motcua.MaxNoteRunes, nil)
		f.required = true
		fields = append(fields, f)
	case actEdit:
		fields = editFields(c, d)
	case actRekey:
		fields = append(fields, newToggleField(c, "confirm", t.RekeyConfirm, false))
	}
	g.form = form{fields: fields}
	g.form.setWidth(max(10, dialogWidth(c.w)-4-dialogLabelW-4))
	g.form.focusAt(0)
	if len(g.docs) > 0 {
		// The list comes first: it is what the citizen must bring back.
		g.form.fields[0].blur()
		g.onDocs = true
	}
	return g
}

// editable are the dossier's fields an officer may correct after the
// reception (motcua.SetFieldArgs), by form field id.
var editable = []struct{ id, field string }{
	{"name", "applicant.name"}, {"phone", "applicant.phone"}, {"email", "applicant.email"},
	{"address", "applicant.address"}, {"summary", "summary"}, {"logbook", "logbook"},
	// Identity: corrected only with a reason (the id_reason field below).
	{"id_number", "applicant.id_number"}, {"dob", "applicant.dob"}, {"sex", "applicant.sex"},
}

// editFields is the edit dialog's form, filled with what the dossier holds.
func editFields(c *common, d motcua.Dossier) []field {
	t := c.t
	check := func(field string) checkFunc {
		return func(v string) verdict {
			if strings.TrimSpace(v) == "" && field != "applicant.name" {
				return verdict{}
			}
			if _, err := motcua.NormaliseField(field, v); err != nil {
				return verdict{err: c.errText(err)}
			}
			return verdict{}
		}
	}
	labels := map[string]string{"name": t.RecvName, "phone": t.RecvPhone, "email": t.RecvEmail, "address": t.RecvAddress,
		"summary": t.EditSummary, "logbook": t.DetLogbook, "id_number": t.RecvIDNumber, "dob": t.RecvDOB, "sex": t.RecvSex}
	limits := map[string]int{"name": 80, "phone": 20, "email": 120, "id_number": 30, "dob": 10, "sex": 5}
	var out []field
	for _, e := range editable {
		limit := limits[e.id]
		if limit == 0 {
			limit = motcua.MaxFieldRunes
		}
		f := newTextField(c, e.id, labels[e.id], "", limit, check(e.field))
		v := motcua.FieldValue(d, e.field)
		if e.id == "dob" {
			v = motcua.FormatDOB(v) // typed back as dd/mm/yyyy; stored as yyyy-mm-dd
		}
		f.setValue(clean(v))
		f.required = e.id == "name"
		out = append(out, f)
	}
	out = append(out, newTextField(c, "id_reason", t.EditIDReason, "", motcua.MaxFieldRunes, nil))
	return append(out, newToggleField(c, "paid", t.RecvFeePaid, d.FeePaid))
}

// edits are the SetField actions for what the officer changed, each with
// the value the officer saw, so a change made elsewhere meanwhile is a
// conflict, not an overwrite.
func (g *actionDialog) edits() []motcua.Action {
	var out []motcua.Action
	set := func(field, v string) {
		old := motcua.FieldValue(g.d, field)
		if now, err := motcua.NormaliseField(field, v); err == nil && now == old {
			return
		}
		a := motcua.SetFieldArgs{Field: field, Old: old, New: v}
		if motcua.IsIdentityField(field) {
			a.Reason = g.value("id_reason")
		}
		out = append(out, motcua.Action{Kind: motcua.OpSetField, DossierID: g.d.ID, Args: a})
	}
	for _, e := range editable {
		set(e.field, g.value(e.id))
	}
	set("fee_paid", strconv.FormatBool(g.form.get("paid").on()))
	return out
}

// dialogLabelW is the label column of a dialog's fields.
const dialogLabelW = 24

// dialogWidth is the dialog box's width on a terminal w cells wide.
func dialogWidth(w int) int { return max(40, min(w-2, 100)) }

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// value reads a field's text, trimmed ("" when absent).
func (g *actionDialog) value(id string) string {
	if f := g.form.get(id); f != nil {
		return strings.TrimSpace(f.value())
	}
	return ""
}

// newAppointment is the date an apology or a completed supplement gives.
func (g *actionDialog) newAppointment() time.Time {
	now := g.c.now()
	switch {
	case g.act.kind == actReschedule:
		n, err := strconv.Atoi(g.value("days"))
		if err != nil || n < 1 {
			return time.Time{}
		}
		base := g.d.Appointment
		if base.Before(now) {
			base = now
		}
		return g.cal.AddWorkingDays(base, n)
	case g.act.kind == actTransition && g.d.Status == motcua.StatusSupplement && g.act.to == motcua.StatusProcessing:
		p, err := g.cat.Get(g.d.ProcedureCode)
		if err != nil {
			return time.Time{}
		}
		if p.Supplement == motcua.SupplementExtendByPause {
			var paused time.Time
			for _, ev := range g.d.History {
				if ev.To == motcua.StatusSupplement && !ev.Conflict {
					paused = ev.At
				}
			}
			if paused.IsZero() {
				return time.Time{}
			}
			return g.cal.AddWorkingDays(g.d.Appointment, max(0, g.cal.WorkingDaysBetween(paused, now)))
		}
		return g.cal.Appointment(now, p.Time)
	}
	return time.Time{}
}

// transitionArgs builds the domain's arguments from the form.
func (g *actionDialog) transitionArgs() motcua.TransitionArgs {
	a := motcua.TransitionArgs{From: g.d.Status, To: g.act.to, Reason: g.value("reason"), Recipient: g.value("recipient")}
	if g.act.to == motcua.StatusSupplement {
		for i, on := range g.docOn {
			if on {
				a.Documents = append(a.Documents, g.docs[i])
			}
		}
		for _, o := range strings.Split(g.value("other_docs"), ";") {
			if o = strings.TrimSpace(o); o != "" {
				a.Documents = append(a.Documents, o)
			}
		}
	}
	if f := g.form.get("method"); f != nil {
		a.Method = []motcua.ReturnMethod{motcua.ReturnCounter, motcua.ReturnPost, motcua.ReturnOnline}[f.choice()]
	} else if g.act.to == motcua.StatusWithdrawn {
		a.Method = motcua.ReturnCounter
	}
	a.Appointment = g.newAppointment()
	return a
}

// satisfactions are the rating dialog's choices: none yet, then the five
// answers best first.
var satisfactions = append([]motcua.Satisfaction{""}, motcua.Satisfactions...)

// check returns what blocks saving, as the officer should read it, or "".
func (g *actionDialog) check() string {
	t := g.c.t
	switch g.act.kind {
	case actTransition:
		if err := motcua.CheckTransition(g.transitionArgs()); err != nil {
			return g.c.errText(err)
		}
	case actReschedule:
		if g.value("reason") == "" {
			return g.c.errText(motcua.Errorf(motcua.EINVALID, "reason_required", "reason", "Phiếu xin lỗi cần ghi lý do chậm.", "An apology needs the reason for the delay."))
		}
		if g.newAppointment().IsZero() {
			return t.DaysRange
		}
	case actRate:
		if g.form.get("rate8").choice() == 0 || g.form.get("rate9").choice() == 0 {
			return t.RateMissing
		}
	case actNote:
		if g.value("reason") == "" {
			return t.RecvMissing
		}
	case actRekey:
		if !g.form.get("confirm").on() {
			return t.RekeyNeedsYes
		}
	case actEdit:
		if _, msg := g.form.firstError(t.RecvMissing); msg != "" {
			return msg
		}
		if len(g.edits()) == 0 {
			return t.EditNothing
		}
		for _, a := range g.edits() {
			if f := a.Args.(motcua.SetFieldArgs); motcua.IsIdentityField(f.Field) && f.Reason == "" {
				return t.EditIDReasonNeeded
			}
		}
	}
	return ""
}

// storeActions are the actions to commit, as one.
func (g *actionDialog) storeActions() []motcua.Action {
	if g.act.kind == actEdit {
		return g.edits()
	}
	return []motcua.Action{g.storeAction()}
}

// storeAction is the action to commit.
func (g *actionDialog) storeAction() motcua.Action {
	id := g.d.ID
	switch g.act.kind {
	case actReschedule:
		return motcua.Action{Kind: motcua.OpReschedule, DossierID: id,
			Args: motcua.RescheduleArgs{Reason: g.value("reason"), Old: g.d.Appointment, New: g.newAppointment()}}
	case actRate:
		return motcua.Action{Kind: motcua.OpRate, DossierID: id, Args: motcua.RateArgs{
			Convenience: satisfactions[g.form.get("rate8").choice()], Overall: satisfactions[g.form.get("rate9").choice()],
			Comment: g.value("comment"), Channel: "counter", Scale: len(motcua.Satisfactions)}}
	case actNote:
		return motcua.Action{Kind: motcua.OpNote, DossierID: id, Args: motcua.NoteArgs{Text: g.value("reason")}}
	}
	return motcua.Action{Kind: motcua.OpTransition, DossierID: id, Args: g.transitionArgs()}
}

// update handles a key; done is true when the dialog asks to close
// (cancelled), submit is a Cmd when it saves.
func (g actionDialog) update(msg tea.Msg) (actionDialog, tea.Cmd, bool) {
	k := g.c.keys
	if g.saving {
		return g, nil, false
	}
	km, isKey := msg.(tea.KeyPressMsg)
	if isKey {
		switch {
		case key.Matches(km, k.Cancel):
			return g, nil, true
		case key.Matches(km, k.Save):
			return g.submit()
		case key.Matches(km, k.Next):
			return g.move(1), nil, false
		case key.Matches(km, k.Prev):
			return g.move(-1), nil, false
		}
		if g.onDocs {
			switch {
			case key.Matches(km, k.Up):
				g.docCursor = max(0, g.docCursor-1)
			case key.Matches(km, k.Down):
				if g.docCursor == len(g.docs)-1 {
					return g.move(1), nil, false
				}
				g.docCursor++
			case key.Matches(km, k.Toggle):
				g.docOn[g.docCursor] = !g.docOn[g.docCursor]
			case key.Matches(km, k.Open):
				return g.move(1), nil, false
			}
			return g, nil, false
		}
		switch {
		case key.Matches(km, k.Open):
			if g.form.last() {
				return g.submit()
			}
			return g.move(1), nil, false
		case key.Matches(km, k.Up):
			return g.move(-1), nil, false
		case key.Matches(km, k.Down):
			return g.move(1), nil, false
		}
	}
	f := g.form.current()
	if f == nil {
		return g, nil, false
	}
	return g, f.update(g.c, msg), false
}

// move walks the focus: the checklist (when there is one), then the fields.
func (g actionDialog) move(dir int) actionDialog {
	switch {
	case g.onDocs && dir > 0:
		g.onDocs = false
		g.form.focusAt(g.form.visible()[0])
	case g.onDocs:
	case dir < 0 && len(g.docs) > 0 && g.form.focus == g.form.visible()[0]:
		g.form.current().blur()
		g.onDocs = true
	default:
		g.form.move(dir)
	}
	return g
}

func (g actionDialog) submit() (actionDialog, tea.Cmd, bool) {
	g.tried = true
	if msg := g.check(); msg != "" {
		return g, flash(msg, true), false
	}
	g.saving = true
	if g.act.kind == actRekey {
		return g, g.c.data.rekey(g.d.ID, g.c.t.RekeyDoneF), false
	}
	return g, g.c.data.act(g.d.ID, g.act.kind, g.act.label, g.storeActions()), false
}

func (g actionDialog) typing() bool { return !g.onDocs && g.form.typing() }

// view renders the dialog in a box w wide and at most h high; a long
// checklist scrolls around its cursor.
// long: a view lays out its dialog top to bottom.
func (g actionDialog) view(w, h int) string {
	st, t := g.c.st, g.c.t
	inner := max(20, w-4)
	title := g.act.label
	if g.act.kind == actReschedule {
		title = t.ActRescheduleTitle
	} else if g.act.kind == actRate {
		title = t.ActRateTitle
	} else if g.act.kind == actRekey {
		title = t.RekeyTitle
	}
	lines := []string{st.Title.Render(truncate(title, inner)), ""}
	if g.act.kind == actRekey {
		lines = append(append(lines, wrapStyled(st.Warn, t.RekeyWarn, inner)...), "")
	}
	// One focus mark at a time: on the checklist, no field shows one.
	fm := g.form
	if g.onDocs {
		fm.focus = -1
	}
	fl, _, _ := fm.lines(g.c, dialogLabelW, inner)
	if len(g.docs) > 0 {
		lines = append(lines, st.Label.Render(t.ActDocsToSupply+" *"))
		var rows []string
		for i, d := range g.docs {
			box := "[ ] "
			if g.docOn[i] {
				box = "[x] "
			}
			row := truncate(box+d, inner-2)
			if g.onDocs && i == g.docCursor {
				rows = append(rows, st.Focused.Render("▸ ")+row)
			} else {
				rows = append(rows, "  "+row)
			}
		}
		// Room left for the list once the rest is drawn: a blank line, the
		// fields, the new appointment, a blank, the status, the hint and
		// the border.
		apptLines := 0
		if !g.newAppointment().IsZero() {
			apptLines = 3
		}
		room := max(2, h-len(lines)-1-len(fl)-apptLines-1-1-1-2)
		off := 0
		lines = append(lines, window(rows, g.docCursor, g.docCursor+1, room, &off)...)
		lines = append(lines, "")
	}
	lines = append(lines, fl...)
	if appt := g.newAppointment(); !appt.IsZero() {
		label := t.ActNewAppt
		if g.act.kind == actTransition {
			label = t.ActNewApptSupplement
		}
		oldV, newV := motcua.FormatAppointment(g.d.Appointment, g.c.lang), motcua.FormatAppointment(appt, g.c.lang)
		lw := min(dialogLabelW, inner-max(width(oldV), width(newV))-1)
		lines = append(lines, "")
		if lw >= 14 {
			lines = append(lines, labelled(st, "  "+t.ActOldAppt, lw, oldV), labelled(st, "  "+label, lw, st.Key.Render(newV)))
		} else { // narrow: each value under its label
			lines = append(lines, st.Label.Render("  "+t.ActOldAppt), "    "+oldV, st.Label.Render("  "+label), "    "+st.Key.Render(newV))
		}
	}
	lines = append(lines, "")
	if g.act.kind == actTransition && g.act.to == motcua.StatusReturned && !g.d.FeePaid && g.d.FeeTotal() > 0 {
		// Handing a result over with the fee unpaid is allowed (a
		// reduction, a fee paid elsewhere) but never unnoticed.
		lines = append(lines, wrapStyled(st.Warn, "! "+fmt.Sprintf(t.ActFeeUnpaidF, motcua.FormatVND(g.d.FeeTotal())), inner)...)
	}
	switch blocked := g.check(); {
	case g.saving:
		lines = append(lines, st.Key.Render(t.Saving))
	case blocked != "" && g.tried:
		lines = append(lines, wrapStyled(st.Error, "✗ "+blocked, inner)...)
	case blocked != "":
		lines = append(lines, wrapStyled(st.Dim, "· "+blocked, inner)...)
	default:
		lines = append(lines, st.OK.Render(truncate("✓ "+fmt.Sprintf(t.ActReadyF, g.act.label), inner)))
	}
	hint := wrapStyled(st.Hint, t.ActHint, inner)
	// On a small terminal the box gives up, in order: its hint (the help
	// bar has the keys), its blank lines, then the lines at the top.
	if len(lines)+len(hint)+2 <= h {
		lines = append(lines, hint...)
	}
	if len(lines)+2 > h {
		var packed []string
		for _, l := range lines {
			if l != "" {
				packed = append(packed, l)
			}
		}
		lines = packed
	}
	if over := len(lines) + 2 - h; over > 0 && over < len(lines) {
		lines = lines[over:]
	}
	for i, l := range lines {
		lines[i] = truncate(l, inner) // the box must not wrap a line into two
	}
	return st.Box.Width(w).Padding(0, 1).Render(strings.Join(lines, "\n"))
}

func wrapStyled(s interface{ Render(...string) string }, text string, w int) []string {
	var out []string
	for _, l := range wrap(text, w) {
		out = append(out, s.Render(l))
	}
	return out
}
