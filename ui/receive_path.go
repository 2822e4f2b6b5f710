package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/motcua/motcua"
)

// recvPath is the dialog a reception opens instead of saving when a
// required paper is missing: no dossier and no code can be made, and the
// law gives the officer two paths, each logged and counted for the day:
// guidance to complete the file (Mẫu 02) or a refusal with its reason
// (Mẫu 03). Optional papers never open it.
type recvPath struct {
	missing []string
	form    form // "kind" (guidance or refusal), "reason"
	saving  bool
	problem string
}

const (
	pathGuide  = 0
	pathRefuse = 1
)

// openPath checks the applicant's part of the form (a record names who was
// guided or refused) and opens the dialog.
func (s receiveScreen) openPath(missing []string) (screen, tea.Cmd) {
	t := s.c.t
	for _, id := range recvBefore {
		f := s.form.get(id)
		if f.hidden {
			continue
		}
		f.revalidate()
		if f.errMsg == "" && f.required && strings.TrimSpace(f.value()) == "" {
			f.errMsg = t.RecvMissing
		}
		if f.errMsg != "" {
			f.touched = true
			s.problem = f.errMsg
			return s, tea.Batch(s.setFocus(id), flash(fmt.Sprintf(t.RecvFixErrorsF, f.errMsg), true))
		}
	}
	kind := newChoiceField(s.c, "kind", t.RecvPathKind, []string{t.RecvPathGuide, t.RecvPathRefuse}, pathGuide)
	reason := newTextField(s.c, "reason", t.RecvPathNote, "", motcua.MaxFieldRunes, nil)
	p := &recvPath{missing: missing, form: form{fields: []field{kind, reason}}}
	p.form.setWidth(max(10, min(s.c.w, 110)-24))
	p.form.focusAt(0)
	s.path = p
	s.problem = ""
	return s, nil
}

// relabel names the text field after the chosen path: a refusal's reason
// is required, a guidance's note is not.
func (p *recvPath) relabel(t *text) {
	r := p.form.get("reason")
	if p.form.get("kind").choice() == pathRefuse {
		r.label, r.required = t.RecvPathReason, true
	} else {
		r.label, r.required = t.RecvPathNote, false
		r.errMsg = ""
	}
}

func (s receiveScreen) pathKey(msg tea.KeyPressMsg) (screen, tea.Cmd) {
	if key.Matches(msg, s.c.keys.Back) {
		s.path = nil
		return s, nil
	}
	return s.pathInput(msg)
}

func (s receiveScreen) pathInput(msg tea.Msg) (screen, tea.Cmd) {
	p := *s.path
	cmd, save, _ := p.form.input(s.c, msg)
	p.relabel(s.c.t)
	p.problem = ""
	s.path = &p
	if save {
		return s.recordPath()
	}
	return s, cmd
}

// recordPath logs the guidance or refusal through the store.
func (s receiveScreen) recordPath() (screen, tea.Cmd) {
	t := s.c.t
	p := *s.path
	s.path = &p
	text := strings.TrimSpace(p.form.get("reason").value())
	kind := motcua.CounterGuidance
	if p.form.get("kind").choice() == pathRefuse {
		kind = motcua.CounterRefusal
		if text == "" {
			p.problem = t.RecvPathNeedsReason
			r := p.form.get("reason")
			r.errMsg, r.touched = t.RecvPathNeedsReason, true
			p.form.focusAt(1)
			return s, flash(t.RecvPathNeedsReason, true)
		}
	}
	a, err := s.applicant()
	if err != nil {
		p.problem = s.c.errText(err)
		return s, s.c.flashErr(err)
	}
	r := motcua.CounterRecord{Kind: kind, ProcedureCode: s.proc.Code, ProcedureName: s.proc.Name,
		Applicant: a, Missing: p.missing, Note: s.get("note")}
	if kind == motcua.CounterRefusal {
		r.Reason = text
	} else if text != "" {
		r.Note = strings.TrimSpace(text + " " + r.Note)
	}
	if s.form.get("sub").on() {
		if sub, err := s.person("sub_"); err == nil {
			r.Submitter = &sub
		}
	}
	for _, d := range s.docs {
		if d.Received {
			r.Received = append(r.Received, d.Name)
		}
	}
	p.saving = true
	return s, s.c.data.recordAtCounter(r, s.session)
}

// recorded takes the store's answer: the officer is told the day's counts
// and goes back; the form's draft is gone with it.
func (s receiveScreen) recorded(msg counterRecordedMsg) (screen, tea.Cmd) {
	if s.path == nil {
		return s, nil
	}
	t := s.c.t
	p := *s.path
	s.path = &p
	p.saving = false
	if msg.err != nil && msg.rec.ID == "" {
		p.problem = s.c.errText(msg.err)
		return s, s.c.flashErr(msg.err)
	}
	f := t.RecvGuidedF
	if msg.rec.Kind == motcua.CounterRefusal {
		f = t.RecvRefusedF
	}
	s.session = 0
	note := fmt.Sprintf(f, clean(msg.rec.Applicant.Name), msg.counts.Guidance, msg.counts.Refusals)
	return s, tea.Batch(s.c.back(), s.c.printCounterForm(msg.rec, note))
}

func (s receiveScreen) pathView(w, h int) string {
	st, t, p := s.c.st, s.c.t, s.path
	fw := min(w, 110)
	var lines []string
	lines = append(lines, "  "+st.Error.Render(truncate("✗ "+t.RecvPathTitle, fw-4)))
	lines = append(lines, "  "+st.Dim.Render(truncate(clean(s.proc.Name)+" ("+s.proc.Code+") · "+clean(s.get("name")), fw-4)))
	for _, l := range wrap(t.RecvPathIntro, fw-4) {
		lines = append(lines, "  "+l)
	}
	for _, m := range p.missing {
		for i, l := range wrap(clean(m), fw-8) {
			mark := "  ✗ "
			if i > 0 {
				mark = "    "
			}
			lines = append(lines, "  "+st.Error.Render(mark+l))
		}
	}
	lines = append(lines, "")
	fl, _, _ := p.form.lines(s.c, recvLabelW, fw)
	lines = append(lines, fl...)
	lines = append(lines, "")
	hint := st.Hint.Render(t.RecvPathHint)
	switch {
	case p.saving:
		hint = st.Key.Render(t.Saving)
	case p.problem != "":
		hint = st.Error.Render("✗ " + p.problem)
	}
	lines = append(lines, "  "+hint)
	var got []string
	for _, d := range s.docs {
		if d.Received {
			got = append(got, "  ✓ "+clean(d.Name))
		}
	}
	if len(got) > 0 {
		lines = append(lines, "", "  "+st.Label.Render(t.RecvReceivedDocs))
		for _, g := range got {
			lines = append(lines, "  "+truncate(g, fw-4))
		}
	}
	_ = h
	return strings.Join(lines, "\n")
}

// offerKey answers the draft offered at opening.
func (s receiveScreen) offerKey(msg tea.KeyPressMsg) (screen, tea.Cmd) {
	k := s.c.keys
	switch {
	case key.Matches(msg, k.Open):
		d := *s.offer
		s.offer = nil
		s.restore(d)
		return s, flash(s.c.t.DraftRestored, false)
	case key.Matches(msg, k.Discard):
		s.offer = nil
		return s, tea.Batch(s.c.data.discardDraft(0), flash(s.c.t.DraftDiscarded, false))
	case key.Matches(msg, k.Back):
		return s, s.c.back() // the draft stays for later
	}
	return s, nil
}

// leaveKey answers "leave the form?" (esc with typed data).
func (s receiveScreen) leaveKey(msg tea.KeyPressMsg) (screen, tea.Cmd) {
	k := s.c.keys
	switch {
	case key.Matches(msg, k.Leave):
		s.leaving = false
		return s, tea.Batch(s.flushDraft(), s.c.back())
	case key.Matches(msg, k.Discard):
		s.leaving = false
		session := s.session
		s.session = 0
		return s, tea.Batch(s.c.data.discardDraft(session), s.c.back(), flash(s.c.t.DraftDiscarded, false))
	case key.Matches(msg, k.Stay):
		s.leaving = false
	}
	return s, nil
}

func (s receiveScreen) offerView(w int) string {
	st, t, d := s.c.st, s.c.t, s.offer
	var snap recvSnapshot
	_ = jsonUnmarshal(d.Data, &snap)
	var what []string
	if p, err := s.cat.Get(snap.Procedure); err == nil {
		what = append(what, clean(procName(p, s.c.lang)))
	}
	if n := snap.Text["name"]; n != "" {
		what = append(what, clean(n))
	}
	if len(what) == 0 {
		what = append(what, clean(snap.Typed))
	}
	at := d.SavedAt.In(motcua.VNZone).Format("15:04 02/01/2006")
	lines := []string{"", "  " + st.Title.Render(truncate(t.DraftOfferTitle, w-4)), ""}
	for _, l := range wrap(strings.Join(what, " · "), w-4) {
		lines = append(lines, "  "+st.Key.Render(l))
	}
	for _, l := range wrap(fmt.Sprintf(t.DraftOfferF, at, clean(d.Officer)), w-4) {
		lines = append(lines, "  "+st.Dim.Render(l))
	}
	lines = append(lines, "")
	for _, l := range wrap(t.DraftOfferHint, w-4) {
		lines = append(lines, "  "+l)
	}
	return strings.Join(lines, "\n")
}
