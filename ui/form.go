package ui

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// fieldKind is what a form field holds.
type fieldKind int

const (
	fieldText   fieldKind = iota // one line of text (huh.Input)
	fieldChoice                  // one of a few labels, ←/→ or space (huh.Select)
	fieldToggle                  // yes/no, space (huh.Confirm)
	fieldArea                    // several lines of text (huh.Text)
)

// verdict is what a check says about a value: a hint when it is fine (may
// be ""), a warning the officer may override, or an error that blocks.
type verdict struct{ hint, warn, err string }

// checkFunc validates a text field as the officer types.
type checkFunc func(v string) verdict

// field is one row of a form: a label and a huh v2 field. The huh field
// draws the input and edits the value; the form (below) moves the focus.
// It is a plain struct with methods, not a tea.Model: the form owns it.
//
// Why not huh.Form: it moves between fields through a Cmd round trip
// (NextField is a message), so a key typed right after Enter lands in the
// previous field (a teatest flow typed "UBND…" and got "BND…T"). The huh
// fields here have their own next/previous/submit keys switched off
// (huhKeyMap) and the form focuses and blurs them inside Update.
type field struct {
	id       string
	label    string
	kind     fieldKind
	required bool
	hidden   bool

	in   *huh.Input
	area *huh.Text
	sel  *huh.Select[int]
	conf *huh.Confirm
	val  *fieldValue // what the huh field writes into: on the heap, shared by copies

	placeholder string
	limit       int // most characters the value may have; more is an error, never cut
	tooLongF    string
	choices     []string

	check   checkFunc
	hint    string
	warn    string
	errMsg  string
	touched bool // the officer typed here: show its error
}

type fieldValue struct {
	text   string
	choice int
	on     bool
}

func newTextField(c *common, id, label, placeholder string, limit int, check checkFunc) field {
	f := field{id: id, label: label, kind: fieldText, check: check, placeholder: placeholder, val: &fieldValue{},
		limit: limit, tooLongF: c.t.TooLongF}
	f.in = huh.NewInput().Key(id).Prompt("").Placeholder(placeholder).CharLimit(inputCap(limit)).Inline(true).
		Value(&f.val.text)
	f.in.WithTheme(c.huhTheme()).WithKeyMap(huhKeyMap())
	return f
}

func newAreaField(c *common, id, label, placeholder string, limit int) field {
	f := field{id: id, label: label, kind: fieldArea, val: &fieldValue{}, limit: limit, tooLongF: c.t.TooLongF}
	f.area = huh.NewText().Key(id).Placeholder(placeholder).CharLimit(inputCap(limit)).Lines(4).
		ShowLineNumbers(false).ExternalEditor(false).Value(&f.val.text)
	f.area.WithTheme(c.huhTheme()).WithKeyMap(huhKeyMap())
	return f
}

func newChoiceField(c *common, id, label string, choices []string, initial int) field {
	f := field{id: id, label: label, kind: fieldChoice, choices: choices, val: &fieldValue{choice: initial}}
	opts := make([]huh.Option[int], len(choices))
	for i, ch := range choices {
		opts[i] = huh.NewOption(ch, i)
	}
	f.sel = huh.NewSelect[int]().Key(id).Options(opts...).Inline(true).Value(&f.val.choice)
	f.sel.WithTheme(c.huhTheme()).WithKeyMap(huhKeyMap())
	return f
}

func newToggleField(c *common, id, label string, on bool) field {
	f := field{id: id, label: label, kind: fieldToggle, val: &fieldValue{on: on}}
	f.conf = huh.NewConfirm().Key(id).Affirmative(c.t.Yes).Negative(c.t.No).Inline(true).Value(&f.val.on)
	f.conf.WithTheme(c.huhTheme()).WithKeyMap(huhKeyMap())
	return f
}

// inputCap is how much an input takes for a field of limit characters:
// well over the limit, so a paste or a barcode that is too long shows as an
// error the officer can fix instead of being cut without a word.
func inputCap(limit int) int {
	if limit <= 0 {
		return 0
	}
	return max(2*limit, limit+64)
}

// huhField is the huh field behind f.
func (f *field) huhField() huh.Field {
	switch f.kind {
	case fieldArea:
		return f.area
	case fieldChoice:
		return f.sel
	case fieldToggle:
		return f.conf
	}
	return f.in
}

// value is the field's text (text fields and areas).
func (f *field) value() string {
	switch f.kind {
	case fieldArea, fieldText:
		v, _ := f.huhField().GetValue().(string)
		return v
	}
	return ""
}

func (f *field) setValue(v string) {
	f.val.text = v
	switch f.kind {
	case fieldArea:
		f.area.Value(&f.val.text)
	case fieldText:
		f.in.Value(&f.val.text)
	}
	f.revalidate()
}

// choice is the index of the chosen label (choice fields); on is the
// toggle (toggle fields). The huh field writes both into val.
func (f *field) choice() int { return f.val.choice }
func (f *field) on() bool    { return f.val.on }

// setChoice and setOn set a choice or a toggle from outside (a form filled
// from a stored dossier).
func (f *field) setChoice(i int) {
	f.val.choice = max(0, min(i, len(f.choices)-1))
	f.sel.Value(&f.val.choice)
}

func (f *field) setOn(on bool) {
	f.val.on = on
	f.conf.Value(&f.val.on)
}

// revalidate runs the check and the required rule.
func (f *field) revalidate() {
	f.hint, f.warn, f.errMsg = "", "", ""
	v := strings.TrimSpace(f.value())
	if v == "" {
		return // "required" is reported on save, not while the officer moves on
	}
	if n := utf8.RuneCountInString(v); f.limit > 0 && n > f.limit {
		f.errMsg = fmt.Sprintf(f.tooLongF, f.limit, n)
		return
	}
	if f.check != nil {
		r := f.check(f.value())
		f.hint, f.warn, f.errMsg = r.hint, r.warn, r.err
	}
}

// focus and blur drop huh's Cmds: a focused huh field answers with a
// cursor-blink timer only (the UI's cursors do not blink: a timer would make
// every frame depend on the clock).
func (f *field) focus() tea.Cmd {
	f.huhField().Focus()
	return nil
}

func (f *field) blur() {
	f.huhField().Blur()
}

// typing reports whether the field takes printable keys as text.
func (f *field) typing() bool { return f.kind == fieldText || f.kind == fieldArea }

// update sends a key (or paste) to the field.
//
// The huh field's Cmd is dropped on purpose. With next, previous and submit
// switched off (huhKeyMap) and no TitleFunc, DescriptionFunc or suggestions,
// what a huh field returns for a key is its cursor-blink timer, or its own
// clipboard read, which the form does itself.
func (f *field) update(c *common, msg tea.Msg) tea.Cmd {
	// The inputs would read the clipboard in a Cmd of their own; the form
	// drops the inputs' Cmds, so it reads the clipboard itself.
	if k, ok := msg.(tea.KeyPressMsg); ok && f.typing() && key.Matches(k, c.keys.Paste) {
		return readClipboard
	}
	if f.kind == fieldChoice {
		// The choice moves here, not in huh's Select: it stops at the last
		// label, and an officer expects → and space to wrap round.
		k, ok := msg.(tea.KeyPressMsg)
		if !ok {
			return nil
		}
		n := len(f.choices)
		switch {
		case key.Matches(k, c.keys.Left):
			f.setChoice((f.choice() + n - 1) % n)
		case key.Matches(k, c.keys.Right, c.keys.Toggle):
			f.setChoice((f.choice() + 1) % n)
		}
		return nil
	}
	before := f.value()
	f.huhField().Update(msg)
	if f.typing() && f.value() != before {
		f.touched = true
		f.revalidate()
	}
	return nil
}

// setWidth sizes the input part.
func (f *field) setWidth(w int) {
	switch f.kind {
	case fieldText:
		f.in.WithWidth(max(4, w))
	case fieldArea:
		f.area.WithWidth(max(8, w))
	case fieldChoice:
		f.sel.WithWidth(max(8, w))
	case fieldToggle:
		f.conf.WithWidth(max(8, w))
	}
}

// view renders the field: a label column, the huh field, and a line for
// the error or hint when there is one.
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
	case fieldArea:
		lines = append(lines, mark+lab)
		for _, l := range strings.Split(f.area.View(), "\n") {
			lines = append(lines, "    "+truncate(l, w-4))
		}
	case fieldText:
		// A text field away from the focus is drawn here: huh draws an
		// unfocused input in the bubbles defaults' colours, whatever the
		// terminal's background or NO_COLOR.
		v := st.Value.Render(f.value())
		if f.value() == "" {
			v = st.Dim.Render(f.placeholder)
		}
		if focused {
			v = strings.TrimRight(firstLine(f.in.View()), " ")
		}
		lines = append(lines, mark+lab+" "+truncate(v, valW))
	default:
		lines = append(lines, mark+lab+" "+truncate(strings.TrimRight(firstLine(f.huhField().View()), " "), valW))
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

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// form is an ordered list of fields with one focused. Screens with special
// rows (the receive screen's procedure picker and checklist) manage their
// own focus and use fields for the rest.
type form struct {
	fields []field
	focus  int
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

// input is what a screen made of one form (set-up, settings) does with a
// key or a paste: tab, shift+tab and the arrows move the focus; Enter moves
// on, or asks to save on the last field, and stays on a field the officer
// must correct; ctrl+s asks to save; anything else goes to the focused
// field (typed is then true).
func (f *form) input(c *common, msg tea.Msg) (cmd tea.Cmd, save, typed bool) {
	k := c.keys
	if km, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(km, k.Next, k.Down):
			_, cmd = f.move(1)
			return cmd, false, false
		case key.Matches(km, k.Prev, k.Up):
			_, cmd = f.move(-1)
			return cmd, false, false
		case key.Matches(km, k.Save):
			return nil, true, false
		case key.Matches(km, k.Open):
			if cur := f.current(); cur != nil && cur.errMsg != "" {
				cur.touched = true
				return nil, false, false
			}
			if f.last() {
				return nil, true, false
			}
			_, cmd = f.move(1)
			return cmd, false, false
		}
	}
	if cur := f.current(); cur != nil {
		return cur.update(c, msg), false, true
	}
	return nil, false, false
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
