package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/motcua/motcua"
)

// conflictsScreen lists what the server did not apply as the officer did
// it (conflicts and rejections, store.Results), each with its message and
// what to do; the officer opens the dossier or dismisses the item. A
// reception the server refused is not in the dossier list any more (it is
// parked, store.Parked): Enter receives it again, with a new code.
type conflictsScreen struct {
	c      *common
	rs     []motcua.Result
	codes  map[string]string         // dossier id → tracking code, for the ones on this terminal
	parked map[string]motcua.Dossier // refused receptions
	loaded bool
	cursor int
}

// redoArg opens the reception form on a refused reception.
type redoArg struct{ d motcua.Dossier }

func newConflicts(c *common) conflictsScreen { return conflictsScreen{c: c} }

func (s conflictsScreen) enter() (screen, tea.Cmd) { return s, s.c.data.results() }

func (s conflictsScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case resultsMsg:
		if msg.err != nil {
			return s, s.c.flashErr(msg.err)
		}
		s.rs, s.codes, s.parked, s.loaded = msg.rs, msg.codes, msg.parked, true
		s.cursor = min(s.cursor, max(0, len(s.rs)-1))
	case dismissedMsg:
		if msg.err != nil {
			return s, s.c.flashErr(msg.err)
		}
		for i, r := range s.rs {
			if (msg.id != "" && r.DossierID == msg.id) || (msg.id == "" && r.Seq == msg.seq) {
				s.rs = append(s.rs[:i:i], s.rs[i+1:]...)
				break
			}
		}
		s.cursor = min(s.cursor, max(0, len(s.rs)-1))
		return s, tea.Batch(flash(s.c.t.ConfDismissed, false), s.c.data.queue())
	case tea.KeyPressMsg:
		k := s.c.keys
		switch {
		case key.Matches(msg, k.Back):
			return s, s.c.back()
		case key.Matches(msg, k.Up):
			s.cursor = max(0, s.cursor-1)
		case key.Matches(msg, k.Down):
			s.cursor = min(max(0, len(s.rs)-1), s.cursor+1)
		case key.Matches(msg, k.Refresh):
			return s.enter()
		case len(s.rs) > 0 && key.Matches(msg, k.Dismiss):
			if r := s.rs[s.cursor]; s.isParked(r) {
				return s, s.c.data.dismissParked(r.DossierID, r.Seq)
			}
			return s, s.c.data.dismiss(s.rs[s.cursor].Seq)
		case len(s.rs) > 0 && key.Matches(msg, k.Open):
			if r := s.rs[s.cursor]; s.isParked(r) {
				return s, s.c.nav(scrReceive, redoArg{d: s.parked[r.DossierID]})
			}
			if r := s.rs[s.cursor]; s.codes[r.DossierID] != "" {
				return s, s.c.nav(scrDetail, r.DossierID)
			}
		}
	}
	return s, nil
}

func (s conflictsScreen) isParked(r motcua.Result) bool {
	_, ok := s.parked[r.DossierID]
	return ok && r.DossierID != ""
}

func (s conflictsScreen) view(w, h int) string {
	st, t := s.c.st, s.c.t
	if !s.loaded {
		return "\n  " + t.Loading
	}
	if len(s.rs) == 0 {
		return "\n  " + st.OK.Render(t.ConfNone)
	}
	tw := min(w, 110) - 4
	var blocks [][]string
	for i, r := range s.rs {
		head := fmt.Sprintf(t.ConfSeqF, r.Seq)
		if r.Seq == 0 { // a parked reception whose rejection was dismissed
			head = ""
		}
		if code := s.codes[r.DossierID]; code != "" {
			head = strings.TrimPrefix(head+" · "+fmt.Sprintf(t.ConfDossierF, clean(code)), " · ")
		}
		kind := t.EvConflict
		advice := t.ConfAdviceConflict
		switch {
		case s.isParked(r):
			kind, advice = t.ConfRejected, t.ConfAdviceParked
		case r.Status == motcua.Rejected:
			kind, advice = t.ConfRejected, t.ConfAdviceRejected
		case r.Status == motcua.Applied:
			// Applied but kept for review: a possible duplicate dossier.
			kind, advice = t.DetPossibleDup, t.ConfAdviceDuplicate
		}
		head += " · " + kind
		var b []string
		if i == s.cursor {
			b = append(b, st.Selected.Render(truncate("▸ "+head, w-1)))
		} else {
			b = append(b, "  "+st.Key.Render(truncate(head, w-3)))
		}
		if p, ok := s.parked[r.DossierID]; ok && s.isParked(r) {
			b = append(b, "    "+st.Key.Render(truncate(fmt.Sprintf(t.ConfParkedF, clean(p.Applicant.Name), clean(p.ProcedureName)), tw)))
		}
		msg := r.Message(s.c.lang)
		if msg == "" {
			msg = r.MessageVI
		}
		for _, l := range wrap(clean(msg), tw) {
			b = append(b, "    "+l)
		}
		for _, l := range wrap(t.ConfWhatToDo+": "+advice, tw) {
			b = append(b, "    "+st.Warn.Render(l))
		}
		blocks = append(blocks, append(b, ""))
	}
	// Show blocks from the one before the cursor, so the selected one is
	// always on screen with some context.
	start := max(0, s.cursor-1)
	var lines []string
	for _, b := range blocks[start:] {
		if len(lines)+len(b) > h && len(lines) > 0 {
			break
		}
		lines = append(lines, b...)
	}
	return strings.Join(lines, "\n")
}

func (s conflictsScreen) title() string { return s.c.t.TitleConflicts }
func (s conflictsScreen) typing() bool  { return false }

func (s conflictsScreen) shortHelp() []key.Binding {
	k := s.c.keys
	if len(s.rs) > 0 && s.isParked(s.rs[min(s.cursor, len(s.rs)-1)]) {
		return []key.Binding{k.Up, k.Redo, k.Dismiss, k.Back}
	}
	return []key.Binding{k.Up, k.Open, k.Dismiss, k.Back}
}

func (s conflictsScreen) fullHelp() [][]key.Binding {
	k := s.c.keys
	return [][]key.Binding{{k.Up, k.Open, k.Redo, k.Dismiss, k.Refresh, k.Back}}
}
