package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// fieldKind is what a form field holds.
type fieldKind int

const (
	fieldText   fieldKind = iota // one line of text
	fieldChoice                  // one of a few labels, ←/→ or space
	fieldToggle                  // yes/no, space
	fieldArea                    // several lines of text (a textarea)
)

// verdict is what a check says about a value: a hint when it is fine (may
// be ""), a warning the officer may override, or an error that blocks.
type verdict struct{ hint, warn, err string }

// checkFunc validates a text field as the officer types.
type checkFunc func(v string) verdict

// field is one row of a form: a label and an input. It is a plain struct
// with methods, not a tea.Model: the form owns it.
type field struct {
	id       string
	label    string
	kind     fieldKind
	required bool
	hidden   bool

	input   textinput.Model
	area    textarea.Model
	choices []string
	choice  int
	on      bool

	check   checkFunc
	hint    string
	warn    string
	errMsg  string
	touched bool // the officer typed here: show its error
}

func newTextField(c *common, id, label, placeholder string, limit int, check checkFunc) field {
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = placeholder
	in.CharLimit = limit
	in.SetStyles(c.st.Input)
	return field{id: id, label: label, kind: fieldText, input: in, check: check}
}

func newAreaField(c *common, id, label, placeholder string, limit int) field {
	ta := textarea.New()
	ta.Prompt = ""
	ta.Placeholder = placeholder
	ta.CharLimit = limit
	ta.ShowLineNumbers = false
	ta.SetStyles(c.st.TextArea)
	ta.SetHeight(4)
	return field{id: id, label: label, kind: fieldArea, area: ta}
}

func newChoiceField(id, label string, choices []string, initial int) field {
	return field{id: id, label: label, kind: fieldChoice, choices: choices, choice: initial}
}

func newToggleField(id, label string, on bool) field {
	return field{id: id, label: label, kind: fieldToggle, on: on}
}

// value is the field's text (text fields and areas).
func (f *field) value() string {
	switch f.kind {
	case fieldArea:
		return f.area.Value()
	case fieldText:
		return f.input.Value()
	}
	return ""
}

func (f *field) setValue(v string) {
	switch f.kind {
	case fieldArea:
		f.area.SetValue(v)
	case fieldText:
		f.input.SetValue(v)
		f.input.CursorEnd()
	}
	f.revalidate()
}

// revalidate runs the check and the required rule.
func (f *field) revalidate() {
	f.hint, f.warn, f.errMsg = "", "", ""
	v := strings.TrimSpace(f.value())
	if v == "" {
		return // "required" is reported on save, not while the officer moves on
	}
	if f.check != nil {
		r := f.check(f.value())
		f.hint, f.warn, f.errMsg = r.hint, r.warn, r.err
	}
}

func (f *field) focus() tea.Cmd {
	switch f.kind {
	case fieldText:
		return f.input.Focus()
	case fieldArea:
		return f.area.Focus()
	}
	return nil
}

func (f *field) blur() {
	f.input.Blur()
	f.area.Blur()
}

// typing reports whether the field takes printable keys as text.
func (f *field) typing() bool { return f.kind == fieldText || f.kind == fieldArea }

// update sends a key (or paste) to the field.
func (f *field) update(c *common, msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch f.kind {
	case fieldText:
		before := f.input.Value()
		f.input, cmd = f.input.Update(msg)
		if f.input.Value() != before {
			f.touched = true
			f.revalidate()
		}
	case fieldArea:
		before := f.area.Value()
		f.area, cmd = f.area.Update(msg)
		if f.area.Value() != before {
			f.touched = true
			f.revalidate()
		}
	case fieldChoice:
		if k, ok := msg.(tea.KeyPressMsg); ok {
			switch {
			case key.Matches(k, c.keys.Left):
				f.choice = (f.choice + len(f.choices) - 1) % len(f.choices)
			case key.Matches(k, c.keys.Right, c.keys.Toggle):
				f.choice = (f.choice + 1) % len(f.choices)
			}
		}
	case fieldToggle:
		if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, c.keys.Toggle, c.keys.Left, c.keys.Right) {
			f.on = !f.on
		}
	}
	return cmd
}

// setWidth sizes the input part.
func (f *field) setWidth(w int) {
	switch f.kind {
	case fieldText:
		f.input.SetWidth(max(4, w))
	case fieldArea:
		f.area.SetWidth(max(8, w))
	}
}

// view renders the field: a label column, the input, and a line for the
// error or hint when there is one.
func (f *field) view(c *common, labelW, w int, focused bool) []string {
	st := c.st
	mark := "  "
	label := f.label
	if f.required {
		label += " *"
	}
	lab := st.Label.Render(padRight(label, labelW))
	if focused {
		mark = st.Focused.Render("▸ ")
		lab = st.Focused.Render(padRight(label, labelW))
	}
	valW := max(4, w-labelW-3)
	var lines []string
	switch f.kind {
	case fieldText:
		lines = append(lines, mark+lab+" "+truncate(f.input.View(), valW))
	case fieldArea:
		lines = append(lines, mark+lab)
		for _, l := range strings.Split(f.area.View(), "\n") {
			lines = append(lines, "    "+truncate(l, w-4))
		}
	case fieldChoice:
		var parts []string
		for i, ch := range f.choices {
			if i == f.choice {
				parts = append(parts, st.Focused.Render("(•) "+ch))
			} else {
				parts = append(parts, st.Dim.Render("( ) "+ch))
			}
		}
		lines = append(lines, mark+lab+" "+truncate(strings.Join(parts, "  "), valW))
	case fieldToggle:
		box := "[ ] " + c.t.No
		if f.on {
			box = "[x] " + c.t.Yes
		}
		lines = append(lines, mark+lab+" "+box)
	}
	pad := strings.Repeat(" ", labelW+3)
	switch {
	case f.errMsg != "" && (f.touched || !focused):
		for _, l := range wrap("✗ "+f.errMsg, valW) {
			lines = append(lines, pad+st.Error.Render(l))
		}
	case f.warn != "":
		for _, l := range wrap("! "+f.warn, valW) {
			lines = append(lines, pad+st.Warn.Render(l))
		}
	case f.hint != "":
		for _, l := range wrap("✓ "+f.hint, valW) {
			lines = append(lines, pad+st.OK.Render(l))
		}
	}
	return lines
}

// form is an ordered list of fields with one focused. Screens with special
// rows (the receive screen's procedure picker and checklist) manage their
// own focus and use fields for the rest.
type form struct {
	fields []field
	focus  int
	offset int // first visible line
}

func (f *form) visible() []int {
	var idx []int
	for i := range f.fields {
		if !f.fields[i].hidden {
			idx = append(idx, i)
		}
	}
	return idx
}

func (f *form) get(id string) *field {
	for i := range f.fields {
		if f.fields[i].id == id {
			return &f.fields[i]
		}
	}
	return nil
}

func (f *form) current() *field {
	if f.focus < 0 || f.focus >= len(f.fields) {
		return nil
	}
	return &f.fields[f.focus]
}

// move focuses the next (dir 1) or previous (dir -1) visible field and
// reports whether it moved (false past the last one).
func (f *form) move(dir int) (bool, tea.Cmd) {
	vis := f.visible()
	pos := -1
	for i, v := range vis {
		if v == f.focus {
			pos = i
		}
	}
	next := pos + dir
	if next < 0 || next >= len(vis) {
		return false, nil
	}
	return true, f.focusAt(vis[next])
}

func (f *form) focusAt(i int) tea.Cmd {
	if cur := f.current(); cur != nil {
		cur.blur()
	}
	f.focus = i
	return f.fields[i].focus()
}

// last reports whether the focused field is the last visible one.
func (f *form) last() bool {
	vis := f.visible()
	return len(vis) > 0 && vis[len(vis)-1] == f.focus
}

func (f *form) typing() bool {
	cur := f.current()
	return cur != nil && cur.typing()
}

// firstError returns the index and message of the first visible field that
// is invalid or required and empty, marking every such field touched.
func (f *form) firstError(missing string) (int, string) {
	at, msg := -1, ""
	for _, i := range f.visible() {
		fl := &f.fields[i]
		fl.revalidate()
		e := fl.errMsg
		if e == "" && fl.required && (fl.kind == fieldText || fl.kind == fieldArea) && strings.TrimSpace(fl.value()) == "" {
			e = missing
			fl.errMsg = missing
		}
		if e != "" {
			fl.touched = true
			if at < 0 {
				at, msg = i, e
			}
		}
	}
	return at, msg
}

// lines renders the visible fields and returns where the focused one is.
func (f *form) lines(c *common, labelW, w int) (out []string, from, to int) {
	for _, i := range f.visible() {
		if i == f.focus {
			from = len(out)
		}
		out = append(out, f.fields[i].view(c, labelW, w, i == f.focus)...)
		if i == f.focus {
			to = len(out)
		}
	}
	return out, from, to
}

func (f *form) setWidth(w int) {
	for i := range f.fields {
		f.fields[i].setWidth(w)
	}
}
