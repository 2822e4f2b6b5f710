package ui

import (
	"encoding/json"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/motcua/motcua"
)

// draftReceive is the reception form's draft in the store.
const draftReceive = "receive"

// draftDelay is how long the reception form waits after a change before
// it saves its draft: a fast typist writes once per pause, not per key.
const draftDelay = 400 * time.Millisecond

// draftGate orders a form's draft writes against the form's end. Each open
// form is a session; a save that runs after its session ended (the file was
// received, recorded or discarded meanwhile: Cmds run on their own
// goroutines) is dropped, so a finished form is never offered again.
type draftGate struct {
	mu   sync.Mutex
	next int
	done map[int]bool
}

// open starts a session (called in Update when a form opens: no I/O).
func (g *draftGate) open() int {
	if g == nil {
		return 0
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.next++
	return g.next
}

// save writes the session's snapshot, unless the session ended.
func (g *draftGate) save(st Store, session int, snap []byte) (*motcua.Draft, bool, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.done[session] {
		return nil, false, nil
	}
	if string(snap) == "{}" {
		return nil, true, st.DeleteDraft(draftReceive)
	}
	d, err := st.SaveDraft(draftReceive, snap)
	return &d, true, err
}

// finish ends a session and deletes its draft. A failed delete leaves a
// draft the officer is offered and can discard: never a lost reception.
func (g *draftGate) finish(st Store, session int) {
	if g == nil || session == 0 {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.done == nil {
		g.done = map[int]bool{}
	}
	g.done[session] = true
	_ = st.DeleteDraft(draftReceive)
}

// saveDraft keeps the form's snapshot in the store.
func (d data) saveDraft(session int, snap []byte) tea.Cmd {
	return func() tea.Msg {
		dr, wrote, err := d.drafts.save(d.st, session, snap)
		if !wrote {
			return nil
		}
		return draftSavedMsg{d: dr, err: err}
	}
}

// discardDraft ends the session (0: the draft offered at opening) and
// deletes the draft.
func (d data) discardDraft(session int) tea.Cmd {
	return func() tea.Msg {
		if session == 0 {
			return draftSavedMsg{err: d.st.DeleteDraft(draftReceive)}
		}
		d.drafts.finish(d.st, session)
		return draftSavedMsg{}
	}
}

// recvSnapshot is what a reception form's draft holds: what the officer
// chose and typed, by field id. Empty parts are left out, so an untouched
// form is "{}".
type recvSnapshot struct {
	Procedure string                `json:"procedure,omitempty"`
	Typed     string                `json:"typed,omitempty"` // the picker's text when nothing is chosen
	Text      map[string]string     `json:"text,omitempty"`
	Choice    map[string]int        `json:"choice,omitempty"`
	On        map[string]bool       `json:"on,omitempty"`
	Docs      []motcua.DocumentItem `json:"docs,omitempty"`
	Focus     string                `json:"focus,omitempty"` // where the officer was
}

func (s *receiveScreen) snapshot() recvSnapshot {
	var snap recvSnapshot
	if s.proc != nil {
		snap.Procedure = s.proc.Code
		snap.Docs = s.docs
	} else {
		snap.Typed = strings.TrimSpace(s.procInput.Value())
	}
	for i := range s.form.fields {
		f := &s.form.fields[i]
		switch f.kind {
		case fieldText, fieldArea:
			if v := f.value(); strings.TrimSpace(v) != "" {
				if snap.Text == nil {
					snap.Text = map[string]string{}
				}
				snap.Text[f.id] = v
			}
		case fieldChoice:
			if f.choice() != 0 {
				if snap.Choice == nil {
					snap.Choice = map[string]int{}
				}
				snap.Choice[f.id] = f.choice()
			}
		case fieldToggle:
			if f.on() {
				if snap.On == nil {
					snap.On = map[string]bool{}
				}
				snap.On[f.id] = true
			}
		}
	}
	if b, _ := json.Marshal(snap); string(b) != "{}" && s.focus != "proc" {
		snap.Focus = s.focus
	}
	return snap
}

func (s *receiveScreen) snapshotJSON() string {
	b, err := json.Marshal(s.snapshot())
	if err != nil {
		return "{}"
	}
	return string(b)
}

// dirty reports whether the officer chose or typed anything.
func (s *receiveScreen) dirty() bool { return s.snapshotJSON() != "{}" }

// restore fills the form from a draft.
func (s *receiveScreen) restore(d motcua.Draft) {
	var snap recvSnapshot
	if err := json.Unmarshal(d.Data, &snap); err != nil {
		return
	}
	if p, err := s.cat.Get(snap.Procedure); err == nil {
		s.setProc(p)
		if len(snap.Docs) == len(s.docs) {
			s.docs = append([]motcua.DocumentItem(nil), snap.Docs...)
		}
	} else if snap.Typed != "" {
		s.procInput.SetValue(snap.Typed)
		s.matches, s.pick, s.moved = s.cat.Search(snap.Typed), 0, false
	}
	for id, v := range snap.Choice {
		if f := s.form.get(id); f != nil && f.kind == fieldChoice {
			f.setChoice(v)
		}
	}
	for id, on := range snap.On {
		if f := s.form.get(id); f != nil && f.kind == fieldToggle {
			f.setOn(on)
		}
	}
	s.applyVisibility()
	for id, v := range snap.Text {
		if f := s.form.get(id); f != nil && (f.kind == fieldText || f.kind == fieldArea) {
			f.setValue(v)
			f.touched = true
		}
	}
	s.crossCheck()
	s.lastDraft = s.snapshotJSON()
	switch {
	case snap.Focus == "docs" && len(s.docs) > 0:
		s.setFocus("docs")
	case snap.Focus != "" && s.form.get(snap.Focus) != nil && !s.form.get(snap.Focus).hidden:
		s.setFocus(snap.Focus)
	case s.proc != nil:
		s.setFocus("name")
	}
}

// changed is called after every key or paste the form took: when the form
// differs from its last draft, a save is scheduled after a pause (at once
// when the delay is zero, as in tests).
func (s receiveScreen) changed() (receiveScreen, tea.Cmd) {
	if s.session == 0 || s.offer != nil {
		return s, nil
	}
	snap := s.snapshotJSON()
	if snap == s.lastDraft {
		return s, nil
	}
	s.lastDraft = snap
	s.draftGen++
	if s.c.draftDelay <= 0 {
		return s, s.c.data.saveDraft(s.session, []byte(snap))
	}
	gen := s.draftGen
	return s, tea.Tick(s.c.draftDelay, func(time.Time) tea.Msg { return draftTickMsg{gen: gen} })
}

// flushDraft saves the draft now (before quitting or leaving).
func (s receiveScreen) flushDraft() tea.Cmd {
	if s.session == 0 || s.offer != nil {
		return nil
	}
	return s.c.data.saveDraft(s.session, []byte(s.snapshotJSON()))
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
