package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/motcua/motcua"
)

// receiveScreen is the reception form: a procedure picker, the applicant
// (and the submitter when someone else brings the file), the documents
// checklist pre-filled from the procedure, the fee and a note. Enter on the
// last field (or ctrl+s anywhere) saves through store.Receive in a Cmd.
type receiveScreen struct {
	c   *common
	cat *motcua.Catalog
	cal motcua.Calendar

	procInput textinput.Model
	matches   []motcua.Procedure
	noMatch   bool              // nothing matched what was typed: matches is every procedure, to pick with ↑↓
	pick      int               // highlighted match
	moved     bool              // the officer moved the highlight with the arrows
	proc      *motcua.Procedure // the chosen procedure

	form      form
	docs      []motcua.DocumentItem
	docCursor int
	docCol    int // 0 originals, 1 certified, 2 copies

	cross *recvCross // what the ID checks compare with; on the heap, read by the checks

	focus       string          // "proc", "docs" or a field id
	redoes      *motcua.Dossier // the refused reception this one takes the place of
	scroll      *int            // the first line shown; on the heap, because view has a value receiver
	saving      bool
	acceptClock bool // the officer confirmed a clock that went backwards
	sexAuto     bool // the sex was filled from the CCCD, not chosen by hand
	acceptHours bool // the officer confirmed a reception outside the unit's days or hours
	problem     string

	// The draft (draft.go): saved after each change, offered at opening.
	session   int           // the draft session; 0 keeps no draft (a redo)
	draftGen  int           // the latest change; older debounce ticks are dropped
	lastDraft string        // the snapshot last sent to the store
	draftAt   time.Time     // when the store last confirmed a save
	offer     *motcua.Draft // a draft found at opening, waiting for the officer's answer
	leaving   bool          // esc on a form with typed data: asking first

	path *recvPath // the legal paths for a file missing required papers (receive_path.go)
}

// recvCross is the applicant's date of birth and sex as typed so far: the
// CCCD encodes both, and a mismatch is a warning.
type recvCross struct {
	dob time.Time
	sex motcua.Sex
}

// Field ids, in the order of the form. "docs" sits between the two lists.
var (
	recvBefore = []string{"name", "id", "dob", "sex", "phone", "email", "address", "sub", "sub_name", "sub_id", "sub_phone", "sub_auth"}
	recvAfter  = []string{"pages", "copies", "units", "paid", "channel", "note"}
)

// long: the reception form's fields in screen order.
func newReceive(c *common) receiveScreen {
	t := c.t
	s := receiveScreen{c: c, focus: "proc", cross: &recvCross{}, scroll: new(int), lastDraft: "{}"}
	if c.data.st != nil {
		s.cat, s.cal = c.data.st.Catalog(), c.data.st.Calendar()
	}
	s.procInput = textinput.New()
	s.procInput.Prompt = ""
	s.procInput.Placeholder = t.RecvProcedureHint
	s.procInput.CharLimit = 80
	s.procInput.SetStyles(c.st.Input)
	s.procInput.Focus()
	s.matches = s.cat.Search("")

	positive := func(v string) verdict {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 1 || n > 10000 {
			return verdict{err: t.CountRange}
		}
		return verdict{}
	}
	name := func(v string) verdict {
		if _, err := motcua.ValidateName(v); err != nil {
			return verdict{err: c.errText(err)}
		}
		return verdict{}
	}
	dob := func(v string) verdict {
		d, err := motcua.ParseDate(v)
		if err == nil {
			err = motcua.ValidateDOB(d, c.now())
		}
		if err != nil {
			return verdict{err: c.errText(err)}
		}
		return verdict{}
	}
	phone := func(v string) verdict {
		p, kind, err := motcua.NormalizePhone(v)
		if err != nil {
			return verdict{err: c.errText(err)}
		}
		if kind == motcua.PhoneLandline {
			return verdict{hint: t.RecvLandline}
		}
		return verdict{hint: fmt.Sprintf(t.RecvMobileF, motcua.Carrier(p))}
	}
	cross := s.cross
	applicantID := func(v string) verdict { return idVerdict(c, v, cross.dob, cross.sex) }
	submitterID := func(v string) verdict { return idVerdict(c, v, time.Time{}, motcua.SexUnknown) }
	sexes := []string{t.SexUnknown, t.SexMale, t.SexFemale}
	email := func(v string) verdict {
		if _, err := motcua.ValidateEmail(v); err != nil {
			return verdict{err: c.errText(err)}
		}
		return verdict{}
	}
	channel := newChoiceField(c, "channel", t.RecvChannel, []string{motcua.ChannelCounter.Label(c.lang), motcua.ChannelPost.Label(c.lang)}, 0)
	// A hamlet head receives on the commune's behalf: the channel is fixed.
	channel.hidden = c.info.Role == motcua.RoleHamlet
	fields := []field{
		channel,
		newTextField(c, "name", t.RecvName, "", 80, name),
		newTextField(c, "id", t.RecvIDNumber, t.RecvIDHint, 20, applicantID),
		newTextField(c, "dob", t.RecvDOB, t.RecvDOBHint, 10, dob),
		newChoiceField(c, "sex", t.RecvSex, sexes, 0),
		newTextField(c, "phone", t.RecvPhone, "", 20, phone),
		newTextField(c, "email", t.RecvEmail, t.Optional, 120, email),
		newTextField(c, "address", t.RecvAddress, "", 200, nil),
		newToggleField(c, "sub", t.RecvSubmitterDiffers, false),
		newTextField(c, "sub_name", t.RecvSubmitter, "", 80, name),
		newTextField(c, "sub_id", t.RecvIDNumber, t.RecvIDHint, 20, submitterID),
		newTextField(c, "sub_phone", t.RecvPhone, "", 20, phone),
		newToggleField(c, "sub_auth", t.RecvAuthorised, false),
		newTextField(c, "pages", t.RecvPages, "", 5, positive),
		newTextField(c, "copies", t.RecvCopiesCount, "1", 5, positive),
		newTextField(c, "units", t.RecvUnits, "1", 5, positive),
		newToggleField(c, "paid", t.RecvFeePaid, false),
		newTextField(c, "note", t.RecvNote, "", motcua.MaxFieldRunes, nil),
	}
	s.form = form{fields: fields, focus: -1}
	for _, id := range []string{"name", "sub_name", "pages"} {
		s.form.get(id).required = true
	}
	s.applyVisibility()
	s.resize(c.w)
	s.session = c.data.drafts.open()
	s.offer = c.draft
	return s
}

func (s receiveScreen) enter() (screen, tea.Cmd) { return s, nil }

// redo fills the form with a reception the server refused, so the officer
// checks it and saves it again under a new code. What the dossier does not
// keep (the page and copy counts of a per-page fee) is asked again.
func (s *receiveScreen) redo(d motcua.Dossier) {
	// The parked record is kept until it is redone: a redo needs no draft,
	// and must not take the place of the draft of another form.
	s.redoes, s.session, s.offer = &d, 0, nil
	if p, err := s.cat.Get(d.ProcedureCode); err == nil {
		s.procInput.SetValue(procName(p, s.c.lang))
		s.matches, s.pick, s.moved, s.noMatch = s.cat.Search(procName(p, s.c.lang)), 0, true, false
		for i, m := range s.matches {
			if m.Code == p.Code {
				s.pick = i
			}
		}
		s.choose()
		s.docs = append([]motcua.DocumentItem(nil), d.Documents...)
	}
	set := func(id, v string) { s.form.get(id).setValue(clean(v)) }
	person := func(prefix string, p motcua.Person) {
		set(prefix+"name", p.Name)
		set(prefix+"id", p.IDNumber)
		set(prefix+"phone", p.Phone)
	}
	a := d.Applicant
	person("", a)
	if dob, err := time.Parse("2006-01-02", a.DOB); err == nil {
		set("dob", dob.Format("02/01/2006"))
	}
	s.form.get("sex").setChoice(map[motcua.Sex]int{motcua.Male: 1, motcua.Female: 2}[a.Sex])
	set("email", a.Email)
	set("address", a.Address)
	if d.Submitter != nil {
		s.form.get("sub").setOn(true)
		person("sub_", *d.Submitter)
		s.form.get("sub_auth").setOn(d.Authorised)
	}
	s.form.get("paid").setOn(d.FeePaid)
	if d.Channel == motcua.ChannelPost {
		s.form.get("channel").setChoice(1)
	}
	note := fmt.Sprintf(s.c.t.RecvRedoNoteF, d.Code)
	for _, ev := range d.History {
		if n := strings.TrimSpace(clean(ev.Text)); ev.Kind == motcua.OpReceive && n != "" && !strings.Contains(n, note) {
			note = n + " " + note
		}
	}
	set("note", note)
	s.crossCheck()
	s.applyVisibility()
	s.setFocus("name")
}

// applyVisibility hides the submitter's fields unless someone else brings
// the file, and the fee counts the chosen procedure does not use.
func (s *receiveScreen) applyVisibility() {
	sub := s.form.get("sub").on()
	for _, id := range []string{"sub_name", "sub_id", "sub_phone", "sub_auth"} {
		s.form.get(id).hidden = !sub
	}
	perPage, perUnit := false, false
	if s.proc != nil {
		for _, f := range s.proc.Fees {
			perPage = perPage || f.Kind == motcua.FeePerPage
			perUnit = perUnit || f.Kind == motcua.FeePerUnit
		}
	}
	s.form.get("pages").hidden = !perPage
	s.form.get("copies").hidden = !perPage
	s.form.get("units").hidden = !perUnit
	// A free procedure has no fee to mark paid.
	s.form.get("paid").hidden = s.proc != nil && procFree(*s.proc)
}

// procFree reports a procedure that charges nothing, whatever is counted.
func procFree(p motcua.Procedure) bool {
	for _, f := range p.Fees {
		if f.Amount != 0 || f.PageAmount != 0 || (f.OnlineAmount != nil && *f.OnlineAmount != 0) {
			return false
		}
	}
	return true
}

// stops is the focus order: the picker, the fields before the checklist,
// the checklist, the fields after it.
func (s *receiveScreen) stops() []string {
	out := []string{"proc"}
	add := func(ids []string) {
		for _, id := range ids {
			if !s.form.get(id).hidden {
				out = append(out, id)
			}
		}
	}
	add(recvBefore)
	if len(s.docs) > 0 {
		out = append(out, "docs")
	}
	add(recvAfter)
	return out
}

func (s *receiveScreen) setFocus(id string) tea.Cmd {
	if s.focus == "proc" {
		s.procInput.Blur()
	}
	if f := s.form.current(); f != nil {
		f.blur()
	}
	s.focus = id
	switch id {
	case "proc":
		s.form.focus = -1
		return s.procInput.Focus()
	case "docs":
		s.form.focus = -1
		return nil
	}
	for i := range s.form.fields {
		if s.form.fields[i].id == id {
			s.form.focus = i
			return s.form.fields[i].focus()
		}
	}
	return nil
}

// move goes to the next (1) or previous (-1) stop and stays on the last:
// only Enter on the last field, or ctrl+s, saves.
func (s receiveScreen) move(dir int) (screen, tea.Cmd) {
	if s.focus == "proc" {
		s.choose()
	}
	stops := s.stops()
	at := 0
	for i, id := range stops {
		if id == s.focus {
			at = i
		}
	}
	next := at + dir
	if next < 0 || next >= len(stops) {
		return s, nil
	}
	if stops[next] == "docs" {
		s.docCursor = 0
		if dir < 0 {
			s.docCursor = len(s.docs) - 1
		}
	}
	return s, s.setFocus(stops[next])
}

// choose takes the highlighted match as the procedure, refilling the
// checklist when the procedure changes.
func (s *receiveScreen) choose() {
	if len(s.matches) == 0 || ((strings.TrimSpace(s.procInput.Value()) == "" || s.noMatch) && !s.moved) {
		return // nothing typed or pointed at (or nothing matched): the first match is no answer
	}
	p := s.matches[min(s.pick, len(s.matches)-1)]
	if s.proc != nil && s.proc.Code == p.Code {
		return
	}
	s.setProc(p)
}

// setProc takes p as the procedure and fills the checklist from it: the
// required papers ticked, the optional ones not.
func (s *receiveScreen) setProc(p motcua.Procedure) {
	s.proc = &p
	s.procInput.SetValue(procName(p, s.c.lang))
	s.matches, s.pick, s.noMatch = s.cat.Search(procName(p, s.c.lang)), 0, false
	s.docs = nil
	for _, d := range p.Documents {
		s.docs = append(s.docs, motcua.DocumentItem{Name: d.Name, Originals: d.Originals, Certified: d.Certified,
			Copies: d.Copies, Required: d.Required, Received: d.Required})
	}
	s.docCursor, s.docCol = 0, 0
	s.applyVisibility()
}

func (s receiveScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case sizeMsg:
		s.resize(msg.w)
		return s, nil
	case receivedMsg:
		s.saving = false
		if msg.err != nil {
			if motcua.ErrorReason(msg.err) == "clock_backwards" {
				s.acceptClock = true
			}
			s.problem = s.c.errText(msg.err)
			return s, s.c.flashErr(msg.err)
		}
		note := fmt.Sprintf(s.c.t.RecvSavedF, msg.done.Dossier.Code)
		if s.redoes != nil {
			note = fmt.Sprintf(s.c.t.RecvRedoneF, msg.done.Dossier.Code, s.redoes.Code)
		}
		// Every warning is shown, not only the last one.
		var warns []string
		for _, w := range msg.done.Warnings {
			warns = append(warns, w.Text(s.c.lang))
		}
		if len(warns) > 0 {
			note += " " + fmt.Sprintf(s.c.t.RecvWarnF, strings.Join(warns, " · "))
		}
		return s, tea.Batch(s.c.nav(scrReceipt, msg.done.Dossier), flash(note, len(warns) > 0))
	case counterRecordedMsg:
		return s.recorded(msg)
	case draftTickMsg:
		if msg.gen != s.draftGen || s.session == 0 {
			return s, nil // a newer change has its own tick
		}
		return s, s.c.data.saveDraft(s.session, []byte(s.lastDraft))
	case draftSavedMsg:
		if msg.d != nil {
			s.draftAt = msg.d.SavedAt
		}
		return s, nil
	case tea.KeyPressMsg:
		if s.saving || (s.path != nil && s.path.saving) {
			return s, nil
		}
		ns, cmd := s.key(msg)
		return afterChange(ns, cmd)
	case tea.PasteMsg:
		if s.offer != nil || s.leaving {
			return s, nil
		}
		if s.path != nil {
			return afterChange(s.pathInput(msg))
		}
		ns, cmd := s.input(msg)
		return afterChange(ns, cmd)
	}
	return s, nil
}

// afterChange schedules the draft's save when a key changed the form.
func afterChange(ns screen, cmd tea.Cmd) (screen, tea.Cmd) {
	r, ok := ns.(receiveScreen)
	if !ok {
		return ns, cmd
	}
	r, save := r.changed()
	return r, tea.Batch(cmd, save)
}

func (s receiveScreen) key(msg tea.KeyPressMsg) (screen, tea.Cmd) {
	k := s.c.keys
	switch {
	case s.offer != nil:
		return s.offerKey(msg)
	case s.leaving:
		return s.leaveKey(msg)
	case s.path != nil:
		return s.pathKey(msg)
	}
	switch {
	case key.Matches(msg, k.Back):
		if s.dirty() {
			s.leaving = true
			return s, nil
		}
		return s, tea.Batch(s.c.data.discardDraft(s.session), s.c.back())
	case key.Matches(msg, k.Save):
		if s.focus == "proc" {
			s.choose()
		}
		return s.save()
	case key.Matches(msg, k.Next):
		return s.move(1)
	case key.Matches(msg, k.Prev):
		return s.move(-1)
	}
	switch s.focus {
	case "proc":
		switch {
		case key.Matches(msg, k.Up):
			s.pick, s.moved = max(0, s.pick-1), true
			return s, nil
		case key.Matches(msg, k.Down):
			s.pick, s.moved = min(len(s.matches)-1, s.pick+1), true
			return s, nil
		case key.Matches(msg, k.Open):
			return s.move(1)
		}
	case "docs":
		return s.docsKey(msg)
	default:
		switch {
		case key.Matches(msg, k.Open):
			if s.form.last() {
				return s.save()
			}
			return s.move(1)
		case key.Matches(msg, k.Up):
			if f := s.form.current(); f != nil && f.kind != fieldArea {
				return s.move(-1)
			}
		case key.Matches(msg, k.Down):
			if f := s.form.current(); f != nil && f.kind != fieldArea {
				return s.move(1)
			}
		}
	}
	return s.input(msg)
}

// input gives a key or a paste to the focused input.
func (s receiveScreen) input(msg tea.Msg) (screen, tea.Cmd) {
	if s.focus == "proc" {
		before := s.procInput.Value()
		var cmd tea.Cmd
		s.procInput, cmd = s.procInput.Update(msg)
		if v := s.procInput.Value(); v != before {
			var matched bool
			s.matches, matched = s.cat.SearchOrAll(v)
			s.noMatch = !matched
			s.pick, s.moved = 0, false
		}
		return s, cmd
	}
	f := s.form.current()
	if f == nil {
		return s, nil
	}
	cmd := f.update(s.c, msg)
	if f.id == "sex" {
		s.sexAuto = false // chosen by hand
	}
	switch f.id {
	case "sub", "sub_auth":
		s.applyVisibility()
	case "id":
		s.sexFromCCCD()
	}
	s.crossCheck()
	s.problem = ""
	return s, cmd
}

func (s receiveScreen) docsKey(msg tea.KeyPressMsg) (screen, tea.Cmd) {
	k := s.c.keys
	d := &s.docs[s.docCursor]
	count := func() *int {
		switch s.docCol {
		case 1:
			return &d.Certified
		case 2:
			return &d.Copies
		}
		return &d.Originals
	}
	switch {
	case key.Matches(msg, k.Up):
		if s.docCursor == 0 {
			return s.move(-1)
		}
		s.docCursor--
	case key.Matches(msg, k.Down):
		if s.docCursor == len(s.docs)-1 {
			return s.move(1)
		}
		s.docCursor++
	case key.Matches(msg, k.Open):
		return s.move(1)
	case key.Matches(msg, k.Toggle):
		d.Received = !d.Received
	case key.Matches(msg, k.Left):
		s.docCol = (s.docCol + 2) % 3
	case key.Matches(msg, k.Right):
		s.docCol = (s.docCol + 1) % 3
	case key.Matches(msg, k.More):
		if n := count(); *n < 99 {
			*n++
			d.Received = true
		}
	case key.Matches(msg, k.Less):
		if n := count(); *n > 0 {
			*n--
		}
	}
	return s, nil
}

// idVerdict checks an ID number, against the date of birth and sex typed
// so far when given: a mismatch is a warning the officer may override,
// because only the officer holds the card.
func idVerdict(c *common, v string, dob time.Time, sex motcua.Sex) verdict {
	t := c.t
	kind := guessIDKind(v)
	n, warnings, err := motcua.ValidateIDNumber(kind, v, dob, sex, c.now())
	if err != nil {
		return verdict{err: c.errText(err)}
	}
	var r verdict
	switch kind {
	case motcua.IDCCCD:
		if info, err := motcua.DecodeCCCD(n); err == nil {
			r.hint = fmt.Sprintf(t.RecvCCCDInfoF, sexLabel(t, info.Sex), info.BirthYear, info.Province)
		}
	case motcua.IDCMND:
		r.hint = t.RecvCMNDHint
	case motcua.IDPassport:
		r.hint = t.RecvPassportHint
	default:
		r.hint = t.RecvOtherHint
	}
	for _, w := range warnings {
		if w.Reason != "cmnd_legacy" {
			r.warn = w.Text(c.lang)
		}
	}
	return r
}

// crossCheck re-runs the applicant's ID check after the date of birth or
// the sex changed.
func (s *receiveScreen) crossCheck() {
	s.cross.dob, _ = motcua.ParseDate(s.form.get("dob").value())
	s.cross.sex = s.sex()
	s.form.get("id").revalidate()
}

func (s *receiveScreen) sex() motcua.Sex {
	switch s.form.get("sex").choice() {
	case 1:
		return motcua.Male
	case 2:
		return motcua.Female
	}
	return motcua.SexUnknown
}

func sexLabel(t *text, x motcua.Sex) string {
	switch x {
	case motcua.Male:
		return t.SexMale
	case motcua.Female:
		return t.SexFemale
	}
	return t.SexUnknown
}

// guessIDKind is motcua.GuessIDKind, except that a number made mostly of
// digits is taken as a mistyped CCCD, so the CCCD rule says what is wrong.
func guessIDKind(v string) motcua.IDKind {
	kind := motcua.GuessIDKind(v)
	if kind == motcua.IDOther {
		if d := motcua.Digits(v); d != "" && len(d) >= len(strings.TrimSpace(v))-3 {
			return motcua.IDCCCD
		}
	}
	return kind
}

// feeInput reads the counts typed for the fee (zero when not shown).
func (s *receiveScreen) feeInput() motcua.FeeInput {
	n := func(id string) int {
		f := s.form.get(id)
		if f.hidden {
			return 0
		}
		v, _ := strconv.Atoi(strings.TrimSpace(f.value()))
		return v
	}
	return motcua.FeeInput{Pages: n("pages"), Copies: n("copies"), Units: n("units")}
}

// save checks everything and, when the form is complete, commits it.
func (s receiveScreen) save() (screen, tea.Cmd) {
	t := s.c.t
	if s.proc == nil {
		s.problem = t.RecvChooseProcedure
		return s, tea.Batch(s.setFocus("proc"), flash(fmt.Sprintf(t.RecvFixErrorsF, t.RecvChooseProcedure), true))
	}
	s.crossCheck()
	if missing := motcua.MissingRequired(s.docs); len(missing) > 0 {
		// No code for an incomplete file: the officer is offered the law's
		// two paths instead, once the applicant is known.
		return s.openPath(missing)
	}
	if at, msg := s.form.firstError(t.RecvMissing); at >= 0 {
		s.problem = msg
		return s, tea.Batch(s.setFocus(s.form.fields[at].id), flash(fmt.Sprintf(t.RecvFixErrorsF, msg), true))
	}
	if _, _, err := s.proc.Fee(s.feeInput()); err != nil {
		s.problem = s.c.errText(err)
		return s, s.c.flashErr(err)
	}
	in, err := s.buildInput()
	if err != nil {
		s.problem = s.c.errText(err)
		return s, s.c.flashErr(err)
	}
	if notice, outside := s.cal.ReceptionNotice(s.c.now(), s.c.lang); outside && !s.acceptHours {
		s.acceptHours, s.problem = true, notice+" "+t.RecvConfirmOutside
		return s, flash(s.problem, true)
	}
	s.saving, s.problem = true, ""
	return s, s.c.data.receive(in, s.session)
}

func (s *receiveScreen) get(id string) string { return strings.TrimSpace(s.form.get(id).value()) }

// person reads the applicant (prefix "") or the submitter ("sub_").
func (s *receiveScreen) person(prefix string) (motcua.Person, error) {
	var p motcua.Person
	var err error
	if p.Name, err = motcua.ValidateName(s.get(prefix + "name")); err != nil {
		return p, err
	}
	if v := s.get(prefix + "id"); v != "" {
		p.IDKind = guessIDKind(v)
		if p.IDNumber, _, err = motcua.ValidateIDNumber(p.IDKind, v, time.Time{}, motcua.SexUnknown, s.c.now()); err != nil {
			return p, err
		}
	}
	if v := s.get(prefix + "phone"); v != "" {
		if p.Phone, _, err = motcua.NormalizePhone(v); err != nil {
			return p, err
		}
	}
	return p, nil
}

// applicant reads the applicant's part of the form.
func (s *receiveScreen) applicant() (motcua.Person, error) {
	a, err := s.person("")
	if err != nil {
		return a, err
	}
	if v := s.get("dob"); v != "" {
		d, err := motcua.ParseDate(v)
		if err != nil {
			return a, err
		}
		a.DOB = d.Format("2006-01-02")
	}
	a.Sex = s.sex()
	a.Address = s.get("address")
	if a.Email, err = motcua.ValidateEmail(s.get("email")); err != nil {
		return a, err
	}
	return a, nil
}

// buildInput builds the store's ReceiveInput from the form.
func (s *receiveScreen) buildInput() (motcua.ReceiveInput, error) {
	get := s.get
	a, err := s.applicant()
	if err != nil {
		return motcua.ReceiveInput{}, err
	}
	ch := motcua.ChannelCounter
	if s.form.get("channel").choice() == 1 {
		ch = motcua.ChannelPost
	}
	var helper string
	if s.c.info.Role == motcua.RoleHamlet {
		ch, helper = motcua.ChannelHamlet, s.c.info.Officer
	}
	in := motcua.ReceiveInput{
		ProcedureCode: s.proc.Code, Channel: ch, Helper: helper, Applicant: a,
		Documents: append([]motcua.DocumentItem(nil), s.docs...), Fee: s.feeInput(),
		FeePaid: s.form.get("paid").on(), Note: get("note"), AcceptClock: s.acceptClock,
	}
	if s.redoes != nil {
		in.Redoes = s.redoes.ID
	}
	if s.form.get("sub").on() {
		sub, err := s.person("sub_")
		if err != nil {
			return motcua.ReceiveInput{}, err
		}
		in.Submitter = &sub
		in.Authorised = s.form.get("sub_auth").on()
	}
	return in, nil
}

func (s *receiveScreen) resize(w int) {
	s.procInput.SetWidth(max(10, min(w, 110)-24))
	s.form.setWidth(max(10, min(w, 110)-24))
}

const recvLabelW = 18

// long: a view lays out the form top to bottom.
func (s receiveScreen) view(w, h int) string {
	switch {
	case s.offer != nil:
		return s.offerView(w)
	case s.path != nil:
		return s.pathView(w, h)
	}
	st, t := s.c.st, s.c.t
	fw := min(w, 110) // very wide lines are hard to read: keep the form compact
	var lines []string
	var from, to int
	if s.redoes != nil {
		for _, l := range wrap(fmt.Sprintf(t.RecvRedoF, clean(s.redoes.Code)), fw-4) {
			lines = append(lines, "  "+st.Warn.Render(l))
		}
	}

	// The procedure picker.
	focused := s.focus == "proc"
	lab := st.Label.Render(padRight(t.RecvProcedure+" *", recvLabelW))
	m := "  "
	if focused {
		m, lab = st.Focused.Render("▸ "), st.Focused.Render(padRight(t.RecvProcedure+" *", recvLabelW))
	}
	lines = append(lines, m+lab+" "+s.procInput.View())
	pad := strings.Repeat(" ", recvLabelW+3)
	if focused {
		n := min(len(s.matches), max(3, h/4))
		start := max(0, min(s.pick-n+1, len(s.matches)-n))
		if len(s.matches) == 0 || s.noMatch {
			lines = append(lines, pad+st.Error.Render(t.RecvNoProcedure))
		}
		for i := start; i < start+n && i < len(s.matches); i++ {
			p := s.matches[i]
			row := padRight(p.Code, 10) + " " + clean(procName(p, s.c.lang))
			if i == s.pick && (s.moved || (!s.noMatch && strings.TrimSpace(s.procInput.Value()) != "")) {
				lines = append(lines, pad+st.Selected.Render(truncate("▸ "+row, fw-len(pad))))
			} else {
				lines = append(lines, pad+truncate("  "+row, fw-len(pad)))
			}
		}
	}
	if s.proc != nil && !focused {
		lines = append(lines, pad+st.OK.Render(truncate("✓ "+s.proc.Code+" · "+t.processingTime(s.proc.Time), fw-len(pad))))
	}
	if focused {
		to = len(lines)
	}

	section := func(title string) {
		lines = append(lines, "", "  "+st.Section.Render(title))
	}
	fieldLines := func(ids []string) {
		for _, id := range ids {
			i := s.fieldIndex(id)
			f := &s.form.fields[i]
			if f.hidden {
				continue
			}
			if id == "sub_name" {
				section(t.RecvSubmitter)
			}
			if s.focus == id {
				from = len(lines)
			}
			lines = append(lines, f.view(s.c, recvLabelW, fw, s.focus == id)...)
			if s.focus == id {
				to = len(lines)
			}
		}
	}
	section(t.RecvApplicant)
	fieldLines(recvBefore)

	if len(s.docs) > 0 {
		section(t.RecvDocuments)
		countW := 30
		for i, d := range s.docs {
			box := "[ ] "
			if d.Received {
				box = "[x] "
			}
			nameW := max(10, fw-4-4-countW-1)
			// The required mark is never cut off with a long name.
			name := padRight(clean(d.Name), nameW)
			if d.Required {
				name = padRight(truncate(clean(d.Name), nameW-2)+" *", nameW)
			}
			counts := []string{
				fmt.Sprintf("%d %s", d.Originals, t.RecvOriginals),
				fmt.Sprintf("%d %s", d.Certified, t.RecvCertified),
				fmt.Sprintf("%d %s", d.Copies, t.RecvCopies),
			}
			cur := s.focus == "docs" && i == s.docCursor
			if cur {
				counts[s.docCol] = st.Selected.Render(counts[s.docCol])
			}
			cs := padLeft(strings.Join(counts, " · "), countW)
			row := box + name + " " + cs
			if cur {
				from, to = len(lines), len(lines)+1
				lines = append(lines, st.Focused.Render("▸ ")+row)
			} else {
				lines = append(lines, "  "+row)
			}
		}
		if missing := motcua.MissingRequired(s.docs); len(missing) > 0 {
			for _, l := range wrap(fmt.Sprintf(t.RecvMissingRequiredF, clean(strings.Join(missing, "; "))), fw-6) {
				lines = append(lines, "    "+st.Error.Render(l))
			}
		}
		if s.focus == "docs" {
			lines = append(lines, "    "+st.Hint.Render(t.ActPickDocs+" · ←→ · +/-"))
		}
	}

	if s.proc == nil || !procFree(*s.proc) {
		section(t.RecvFee)
	}
	if s.proc != nil && !procFree(*s.proc) {
		total, charges, err := s.proc.Fee(s.feeInput())
		if err != nil {
			lines = append(lines, "    "+st.Warn.Render(truncate(s.c.errText(err), fw-4)))
		} else {
			for _, ch := range charges {
				l := clean(ch.Name) + ": " + motcua.FormatVND(ch.Amount)
				if ch.Detail != "" {
					l += " (" + clean(ch.Detail) + ")"
				}
				lines = append(lines, "    "+truncate(l, fw-4))
			}
			if len(charges) > 1 {
				lines = append(lines, "    "+st.Key.Render(t.RecvFee+": "+motcua.FormatVND(total)))
			}
		}
	}
	fieldLines(recvAfter)

	bodyH := max(1, h-2)
	body := window(lines, from, to, bodyH, s.scroll)
	for len(body) < bodyH {
		body = append(body, "") // the footer stays at the bottom
	}
	// A wide terminal shows what the procedure says beside the form.
	if panelW := w - fw - 3; panelW >= 30 && s.proc != nil {
		panel := s.procedurePanel(panelW)
		for i := range body {
			if i < len(panel) {
				body[i] = padRight(body[i], fw) + " ┊ " + panel[i]
			} else {
				body[i] = padRight(body[i], fw) + " ┊"
			}
		}
	}
	return strings.Join(body, "\n") + "\n" + s.footer(w)
}

// procName is the procedure's name in the officer's language: the
// catalog's English name under --lang en when it has one, else the official
// Vietnamese name (what the receipt and the dossier keep either way).
func procName(p motcua.Procedure, lang motcua.Lang) string {
	if lang == motcua.EN && strings.TrimSpace(p.NameEN) != "" {
		return p.NameEN
	}
	return p.Name
}

// procedurePanel describes the chosen procedure: its field and agency,
// time limit, documents, fees and notes, as the catalog has them.
func (s receiveScreen) procedurePanel(w int) []string {
	st, t, p := s.c.st, s.c.t, s.proc
	out := []string{st.Title.Render(truncate(clean(procName(*p, s.c.lang)), w))}
	out = append(out, st.Dim.Render(truncate(p.Code+" · "+clean(p.Field)+" · "+clean(p.Agency), w)), "")
	add := func(label, text string) {
		if strings.TrimSpace(text) == "" {
			return
		}
		out = append(out, st.Label.Render(label))
		for _, l := range wrap(text, w-2) {
			out = append(out, "  "+l)
		}
	}
	add(t.RecvTime, t.processingTime(p.Time))
	add(t.RecvFee, feeText(t, *p))
	var docs []string
	for _, d := range p.Documents {
		docs = append(docs, "• "+clean(d.Name))
	}
	add(t.RecvDocuments, strings.Join(docs, "\n"))
	add(t.RecvNote, clean(p.Note))
	return out
}

// footer is the last two lines: what the procedure promises, and how to
// save (or the problem that stopped the last save).
func (s receiveScreen) footer(w int) string {
	st, t := s.c.st, s.c.t
	var info string
	if s.proc != nil {
		appt := s.cal.Appointment(s.c.now(), s.proc.Time)
		info = t.RecvAppointment + ": " + s.cal.FormatAppointment(appt, s.c.lang) + " · " + t.RecvTime + ": " + t.processingTime(s.proc.Time)
	}
	hint := st.Hint.Render(t.RecvEnterSaves)
	if !s.draftAt.IsZero() {
		hint += st.Hint.Render(" · " + fmt.Sprintf(t.DraftSavedF, s.draftAt.In(motcua.VNZone).Format("15:04:05")))
	}
	switch {
	case s.leaving:
		if ls := wrap(t.LeaveTitle+" "+t.LeaveHint, w-2); len(ls) == 2 {
			return " " + st.Warn.Render(ls[0]) + "\n" + " " + st.Warn.Render(ls[1])
		}
		return truncate(" "+st.Warn.Render(t.LeaveTitle), w) + "\n" + truncate(" "+st.Key.Render(t.LeaveHint), w)
	case s.saving:
		hint = st.Key.Render(t.Saving)
	case s.problem != "":
		hint = st.Error.Render("✗ " + s.problem)
	}
	return truncate(" "+st.Dim.Render(info), w) + "\n" + truncate(" "+hint, w)
}

func (s receiveScreen) fieldIndex(id string) int {
	for i := range s.form.fields {
		if s.form.fields[i].id == id {
			return i
		}
	}
	return -1
}

func (s receiveScreen) title() string { return s.c.t.TitleReceive }

// typing is always true: the picker and text fields take printable keys,
// and the checklist and yes/no rows use space and +/- themselves. The
// officer leaves with esc, gets help with F1.
func (s receiveScreen) typing() bool { return true }

// inForm makes ctrl+c ask before quitting: the officer may be typing a file.
func (s receiveScreen) inForm() bool { return true }

func (s receiveScreen) shortHelp() []key.Binding {
	k := s.c.keys
	switch {
	case s.offer != nil:
		return []key.Binding{k.Resume, k.Discard, k.Back}
	case s.leaving:
		return []key.Binding{k.Leave, k.Discard, k.Stay}
	case s.path != nil:
		return []key.Binding{k.Left, k.Next, k.Save, k.Back}
	}
	if s.focus == "docs" {
		return []key.Binding{k.Toggle, k.Left, k.More, k.Less, k.Next, k.Save, k.Back}
	}
	return []key.Binding{k.Next, k.Prev, k.Save, k.Back}
}

func (s receiveScreen) fullHelp() [][]key.Binding {
	k := s.c.keys
	switch {
	case s.offer != nil:
		return [][]key.Binding{{k.Resume, k.Discard, k.Back}}
	case s.leaving:
		return [][]key.Binding{{k.Leave, k.Discard, k.Stay}}
	}
	return [][]key.Binding{
		{k.Next, k.Prev, k.Up, k.Open, k.Save, k.Back, k.Paste},
		{k.Toggle, k.Left, k.More, k.Less},
	}
}

// sexFromCCCD fills the sex from a valid CCCD while the officer has not
// chosen one: the number encodes it, and a key saved is a key saved. A
// choice made by hand is never overwritten.
func (s *receiveScreen) sexFromCCCD() {
	sex := s.form.get("sex")
	if sex.choice() != 0 && !s.sexAuto {
		return
	}
	info, err := motcua.DecodeCCCD(motcua.Digits(s.form.get("id").value()))
	choice := 0
	if err == nil && guessIDKind(s.form.get("id").value()) == motcua.IDCCCD {
		choice = map[motcua.Sex]int{motcua.Male: 1, motcua.Female: 2}[info.Sex]
	}
	sex.setChoice(choice)
	s.sexAuto = choice != 0
}
