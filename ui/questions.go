package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/motcua/motcua"
)

// questionsMode is what the questions screen is doing.
type questionsMode int

const (
	qList     questionsMode = iota // the inbox
	qAnswer                        // writing an answer
	qTemplate                      // choosing an answer template
	qAsk                           // logging a walk-in question
)

// Template kinds, in the picker's order.
const (
	tplAll = iota
	tplDocuments
	tplFee
	tplTime
)

// questionsScreen is the inbox (open questions first, as store.Questions
// orders them), a question's text and answers, an answer editor with
// templates built from the catalog, and the form for a question asked at
// the counter.
type questionsScreen struct {
	c   *common
	cat *motcua.Catalog

	qs      []motcua.Question
	loaded  bool
	cursor  int
	offset  int
	mode    questionsMode
	editor  textarea.Model
	closeQ  bool // close the question with this answer
	saving  bool
	askForm form

	// The template picker.
	tplInput   textinput.Model
	tplMatches []motcua.Procedure
	tplPick    int
	tplKind    int
}

func newQuestions(c *common) questionsScreen {
	s := questionsScreen{c: c}
	if c.data.st != nil {
		s.cat = c.data.st.Catalog()
	}
	s.editor = textarea.New()
	s.editor.ShowLineNumbers = false
	s.editor.Prompt = ""
	// Well over the limit: a longer answer is refused with a sentence when
	// sent (the store says how long it may be), never cut without a word.
	s.editor.CharLimit = inputCap(motcua.MaxQuestionRunes)
	s.editor.SetStyles(c.st.TextArea)
	s.tplInput = textinput.New()
	s.tplInput.Prompt = ""
	s.tplInput.Placeholder = c.t.RecvProcedureHint
	s.tplInput.SetStyles(c.st.Input)
	s.resize(c.w, c.h)
	return s
}

func (s *questionsScreen) resize(w, h int) {
	s.editor.SetWidth(max(20, min(w, 110)-6))
	s.editor.SetHeight(max(3, min(20, h-13)))
	s.tplInput.SetWidth(max(10, min(w, 110)-30))
	s.askForm.setWidth(max(10, min(w, 110)-30))
}

func (s questionsScreen) enter() (screen, tea.Cmd) { return s, s.c.data.questions() }

func (s questionsScreen) current() *motcua.Question {
	if s.cursor < 0 || s.cursor >= len(s.qs) {
		return nil
	}
	return &s.qs[s.cursor]
}

func (s questionsScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case sizeMsg:
		s.resize(msg.w, msg.h)
	case questionsMsg:
		if msg.err != nil {
			return s, s.c.flashErr(msg.err)
		}
		var keep string
		if q := s.current(); q != nil {
			keep = q.ID
		}
		s.qs, s.loaded = msg.qs, true
		s.cursor = 0
		for i, q := range s.qs {
			if q.ID == keep {
				s.cursor = i
			}
		}
	case questionSavedMsg:
		s.saving = false
		if msg.err != nil {
			return s, s.c.flashErr(msg.err)
		}
		t := s.c.t
		note := fmt.Sprintf(t.QAnsweredF, clean(msg.q.AskerName))
		if ch := msg.q.Channel; ch == motcua.AskCounter || ch == motcua.AskPhone || ch == "" {
			// A walk-in's answer was given by voice: nothing is sent.
			note = fmt.Sprintf(t.QRecordedF, clean(msg.q.AskerName))
		}
		if msg.asked {
			note = fmt.Sprintf(t.QAskedF, clean(msg.q.AskerName))
		}
		s.mode = qList
		s.editor.Reset()
		s.editor.Blur()
		// Keep the cursor on the question just saved once the list reloads.
		s.qs = append([]motcua.Question{msg.q}, s.qs...)
		s.cursor = 0
		return s, tea.Batch(flash(note, false), s.c.data.questions())
	case tea.KeyPressMsg:
		if s.saving {
			return s, nil
		}
		switch s.mode {
		case qAnswer:
			return s.answerKey(msg)
		case qTemplate:
			return s.templateKey(msg)
		case qAsk:
			return s.askKey(msg)
		}
		return s.listKey(msg)
	case tea.PasteMsg:
		switch s.mode {
		case qAnswer:
			var cmd tea.Cmd
			s.editor, cmd = s.editor.Update(msg)
			return s, cmd
		case qAsk:
			if f := s.askForm.current(); f != nil {
				return s, f.update(s.c, msg)
			}
		}
	}
	return s, nil
}

func (s questionsScreen) listKey(msg tea.KeyPressMsg) (screen, tea.Cmd) {
	k := s.c.keys
	switch {
	case key.Matches(msg, k.Back):
		return s, s.c.back()
	case key.Matches(msg, k.Up):
		s.cursor = max(0, s.cursor-1)
	case key.Matches(msg, k.Down):
		s.cursor = min(max(0, len(s.qs)-1), s.cursor+1)
	case key.Matches(msg, k.Answer):
		if s.current() == nil {
			return s, nil
		}
		s.mode, s.closeQ = qAnswer, false
		return s, s.editor.Focus()
	case key.Matches(msg, k.Ask):
		s.mode = qAsk
		s.askForm = s.newAskForm()
		return s, s.askForm.focusAt(0)
	case key.Matches(msg, k.Refresh):
		return s.enter()
	}
	return s, nil
}

func (s questionsScreen) answerKey(msg tea.KeyPressMsg) (screen, tea.Cmd) {
	k := s.c.keys
	switch {
	case key.Matches(msg, k.Cancel):
		s.mode = qList
		s.editor.Blur()
		return s, nil
	case key.Matches(msg, k.Send):
		text := strings.TrimSpace(s.editor.Value())
		q := s.current()
		if text == "" || q == nil {
			return s, flash(s.c.t.RecvMissing, true)
		}
		s.saving = true
		return s, s.c.data.answer(q.ID, text, s.closeQ)
	case key.Matches(msg, k.CloseQuestion):
		s.closeQ = !s.closeQ
		return s, nil
	case key.Matches(msg, k.Template):
		s.mode = qTemplate
		s.editor.Blur()
		s.tplInput.SetValue("")
		s.tplMatches, s.tplPick = s.cat.Search(""), 0
		return s, s.tplInput.Focus()
	}
	var cmd tea.Cmd
	s.editor, cmd = s.editor.Update(msg)
	return s, cmd
}

func (s questionsScreen) templateKey(msg tea.KeyPressMsg) (screen, tea.Cmd) {
	k := s.c.keys
	switch {
	case key.Matches(msg, k.Cancel):
		s.mode = qAnswer
		s.tplInput.Blur()
		return s, s.editor.Focus()
	case key.Matches(msg, k.Up):
		s.tplPick = max(0, s.tplPick-1)
		return s, nil
	case key.Matches(msg, k.Down):
		s.tplPick = min(max(0, len(s.tplMatches)-1), s.tplPick+1)
		return s, nil
	case key.Matches(msg, k.Next), key.Matches(msg, k.Right):
		s.tplKind = (s.tplKind + 1) % 4
		return s, nil
	case key.Matches(msg, k.Prev), key.Matches(msg, k.Left):
		s.tplKind = (s.tplKind + 3) % 4
		return s, nil
	case key.Matches(msg, k.Open):
		if len(s.tplMatches) == 0 {
			return s, nil
		}
		p := s.tplMatches[s.tplPick]
		var asker string
		if q := s.current(); q != nil {
			asker = clean(q.AskerName)
		}
		text := answerTemplate(s.c.t, p, s.tplKind, asker, strings.TrimSpace(s.editor.Value()) == "")
		s.editor.InsertString(text)
		s.mode = qAnswer
		s.tplInput.Blur()
		return s, s.editor.Focus()
	}
	before := s.tplInput.Value()
	var cmd tea.Cmd
	s.tplInput, cmd = s.tplInput.Update(msg)
	if v := s.tplInput.Value(); v != before {
		s.tplMatches, s.tplPick = s.cat.Search(v), 0
	}
	return s, cmd
}

func (s questionsScreen) newAskForm() form {
	c, t := s.c, s.c.t
	name := newTextField(c, "asker", t.QAsker, "", 80, func(v string) verdict {
		if _, err := motcua.ValidateName(v); err != nil {
			return verdict{err: c.errText(err)}
		}
		return verdict{}
	})
	name.required = true
	code := newTextField(c, "code", t.QDossier, "", 40, func(v string) verdict {
		if _, err := motcua.ParseCode(v); err != nil {
			return verdict{err: c.errText(err)}
		}
		return verdict{}
	})
	text := newAreaField(c, "text", t.QText, "", motcua.MaxQuestionRunes)
	text.required = true
	f := form{fields: []field{
		name,
		newTextField(c, "contact", t.QContact, "", 100, nil),
		code,
		newTextField(c, "title", t.QTitle, "", motcua.MaxTitleRunes, nil),
		text,
	}}
	f.setWidth(max(10, min(c.w, 110)-30))
	return f
}

func (s questionsScreen) askKey(msg tea.KeyPressMsg) (screen, tea.Cmd) {
	k := s.c.keys
	switch {
	case key.Matches(msg, k.Cancel):
		s.mode = qList
		return s, nil
	case key.Matches(msg, k.Save):
		if at, problem := s.askForm.firstError(s.c.t.RecvMissing); at >= 0 {
			return s, tea.Batch(s.askForm.focusAt(at), flash(problem, true))
		}
		get := func(id string) string { return strings.TrimSpace(s.askForm.get(id).value()) }
		s.saving = true
		return s, s.c.data.ask(motcua.AskArgs{Channel: motcua.AskCounter, AskerName: get("asker"), Contact: get("contact"),
			DossierCode: get("code"), Title: get("title"), Text: get("text"), ReceivedAt: s.c.now()})
	case key.Matches(msg, k.Next):
		_, cmd := s.askForm.move(1)
		return s, cmd
	case key.Matches(msg, k.Prev):
		_, cmd := s.askForm.move(-1)
		return s, cmd
	}
	f := s.askForm.current()
	if f == nil {
		return s, nil
	}
	if f.kind == fieldText && (key.Matches(msg, k.Open) || key.Matches(msg, k.Down)) {
		_, cmd := s.askForm.move(1)
		return s, cmd
	}
	if f.kind == fieldText && key.Matches(msg, k.Up) {
		_, cmd := s.askForm.move(-1)
		return s, cmd
	}
	return s, f.update(s.c, msg)
}

// answerTemplate builds a standard answer from the catalog: the documents
// needed, the fee and the processing time of p.
func answerTemplate(t *text, p motcua.Procedure, kind int, asker string, greet bool) string {
	var b strings.Builder
	if greet && asker != "" && kind == tplAll {
		fmt.Fprintf(&b, t.QTplGreetingF+"\n", asker)
	}
	if kind == tplAll || kind == tplDocuments {
		fmt.Fprintf(&b, t.QTplDocsF+"\n", clean(p.Name))
		for _, d := range p.Documents {
			var counts []string
			if d.Originals > 0 {
				counts = append(counts, fmt.Sprintf("%d %s", d.Originals, t.TplOriginals))
			}
			if d.Certified > 0 {
				counts = append(counts, fmt.Sprintf("%d %s", d.Certified, t.TplCertified))
			}
			if d.Copies > 0 {
				counts = append(counts, fmt.Sprintf("%d %s", d.Copies, t.TplCopies))
			}
			if d.Required {
				counts = append(counts, t.QTplDocLine)
			}
			line := "- " + clean(d.Name)
			if len(counts) > 0 {
				line += " (" + strings.Join(counts, ", ") + ")"
			}
			b.WriteString(line + "\n")
		}
	}
	if kind == tplAll || kind == tplFee {
		fmt.Fprintf(&b, t.QTplFeeF+"\n", feeText(t, p))
	}
	if kind == tplAll || kind == tplTime {
		fmt.Fprintf(&b, t.QTplTimeF+"\n", t.processingTime(p.Time))
	}
	if kind == tplAll {
		b.WriteString(t.QTplClosing + "\n")
	}
	return b.String()
}

// feeText describes a procedure's fees in one sentence.
func feeText(t *text, p motcua.Procedure) string {
	var parts []string
	for _, f := range p.Fees {
		var amount string
		switch f.Kind {
		case motcua.FeePerPage:
			amount = fmt.Sprintf(t.TplPerPageF, motcua.FormatVND(f.Amount))
			if f.PageBreak > 0 {
				amount += ", " + fmt.Sprintf(t.TplFromPageF, f.PageBreak, motcua.FormatVND(f.PageAmount))
			}
			if f.CapPerCopy > 0 {
				amount += ", " + fmt.Sprintf(t.TplCapF, motcua.FormatVND(f.CapPerCopy))
			}
		case motcua.FeePerUnit:
			unit := f.Unit
			if unit == "" {
				unit = t.TplUnit
			}
			amount = motcua.FormatVND(f.Amount) + "/" + clean(unit)
		default:
			amount = motcua.FormatVND(f.Amount)
			if f.Amount == 0 {
				amount = t.QTplFeeFree
			}
		}
		part := clean(f.Name) + ": " + amount
		// A fixed fee's note says when it is waived; a computed fee's note
		// repeats the formula already written out.
		if f.Note != "" && f.Kind == motcua.FeeFixed {
			part += " (" + strings.TrimSuffix(clean(f.Note), ".") + ")"
		}
		parts = append(parts, part)
	}
	if len(parts) == 0 {
		return t.QTplNoFee
	}
	return strings.Join(parts, "; ")
}

func (s questionsScreen) tplKinds() []string {
	t := s.c.t
	return []string{t.QTplAll, t.QTplDocuments, t.QTplFee, t.QTplTime}
}

// long: a view lays out the screen top to bottom.
func (s questionsScreen) view(w, h int) string {
	st, t := s.c.st, s.c.t
	fw := min(w, 110)
	if s.mode == qAsk {
		lines := []string{" " + st.Title.Render(t.QNewTitle), ""}
		fl, from, to := s.askForm.lines(s.c, 20, fw)
		off := 0
		lines = append(lines, window(fl, from, to, max(1, h-4), &off)...)
		lines = append(lines, "", " "+st.Hint.Render(truncate(t.QAskHint, w-2)))
		return strings.Join(lines, "\n")
	}
	if s.loaded && len(s.qs) == 0 {
		return "\n  " + st.Dim.Render(t.QNone) + "\n\n  " + st.Hint.Render(t.QAskHint2)
	}
	var lines []string
	// The inbox: a few rows, the selected question below.
	listH := min(len(s.qs), max(3, h/4))
	if s.mode != qList {
		listH = min(len(s.qs), 2)
	}
	var rows []string
	for i, q := range s.qs {
		mark := "  "
		if q.Status.Open() {
			mark = "● "
		} else if q.LateAnswers() > 0 && q.ClosedBy == s.c.info.Officer {
			mark = "! " // answered elsewhere after this officer closed it
		}
		if q.Delivery == motcua.DeliveryUndeliverable {
			mark = "✗ " // the answer never reached the follower on Zalo
		}
		if q.Channel == motcua.AskZalo {
			mark = strings.TrimSuffix(mark, " ") + "Z" // asked by Zalo: answered by Zalo
		}
		title := clean(q.Title)
		if title == "" {
			title = clean(q.Text)
		}
		row := mark + padRight(q.Status.Label(s.c.lang), 12) + " " + padRight(clean(q.AskerName), 18) + " " +
			padRight(title, max(10, w-2-2-12-18-11-4)) + " " + motcua.FormatDateTime(q.ReceivedAt)[:5]
		if i == s.cursor {
			rows = append(rows, st.Selected.Render(truncate(row, w-1)))
		} else if q.Status.Open() {
			rows = append(rows, st.Key.Render(truncate(row, w-1)))
		} else {
			rows = append(rows, truncate(row, w-1))
		}
	}
	off := s.offset
	lines = append(lines, window(rows, s.cursor, s.cursor+1, listH, &off)...)
	lines = append(lines, st.Dim.Render(strings.Repeat("─", max(1, w-1))))
	q := s.current()
	if q == nil {
		return strings.Join(lines, "\n")
	}
	var detail []string
	head := clean(q.Title)
	if head == "" {
		head = t.QText
	}
	detail = append(detail, " "+st.Title.Render(truncate(head, fw-2)))
	meta := []string{clean(q.AskerName)}
	if q.Contact != "" {
		meta = append(meta, clean(q.Contact))
	}
	meta = append(meta, s.channelLabel(q.Channel), motcua.FormatDateTime(q.ReceivedAt), q.Status.Label(s.c.lang))
	detail = append(detail, " "+st.Dim.Render(truncate(strings.Join(meta, " · "), fw-2)))
	if q.DossierCode != "" {
		detail = append(detail, " "+st.Label.Render(t.QDossier+": ")+clean(q.DossierCode))
	}
	if l := s.deliveryLine(q, fw); l != "" {
		detail = append(detail, l)
	}
	for _, para := range strings.Split(cleanBlock(q.Text), "\n") {
		for _, l := range wrap(para, fw-4) {
			detail = append(detail, "   "+l)
		}
	}
	switch s.mode {
	case qAnswer:
		detail = append(detail, "", " "+st.Section.Render(t.QAnswer))
		for _, l := range strings.Split(s.editor.View(), "\n") {
			detail = append(detail, "   "+l)
		}
		box := "[ ] "
		if s.closeQ {
			box = "[x] "
		}
		detail = append(detail, "   "+box+t.QCloseAfter+st.Dim.Render(" (ctrl+o)"))
		if s.saving {
			detail = append(detail, "   "+st.Key.Render(t.Saving))
		}
	case qTemplate:
		detail = append(detail, "", " "+st.Section.Render(t.QTemplates)+"  "+st.Hint.Render(t.QPickTemplate))
		var kinds []string
		for i, k := range s.tplKinds() {
			if i == s.tplKind {
				kinds = append(kinds, st.Focused.Render("(•) "+k))
			} else {
				kinds = append(kinds, st.Dim.Render("( ) "+k))
			}
		}
		detail = append(detail, "   "+truncate(strings.Join(kinds, "  "), w-4))
		detail = append(detail, "   "+st.Label.Render(padRight(t.QTplPickProcedure, 10))+" "+s.tplInput.View())
		n := min(len(s.tplMatches), max(3, h-len(lines)-len(detail)-2))
		start := max(0, min(s.tplPick-n+1, len(s.tplMatches)-n))
		for i := start; i < start+n && i < len(s.tplMatches); i++ {
			p := s.tplMatches[i]
			row := padRight(p.Code, 10) + " " + clean(p.Name)
			if i == s.tplPick {
				detail = append(detail, "   "+st.Selected.Render(truncate("▸ "+row, w-5)))
			} else {
				detail = append(detail, "   "+truncate("  "+row, w-5))
			}
		}
	default:
		detail = append(detail, "", " "+st.Section.Render(t.QAnswers))
		if len(q.Answers) == 0 {
			detail = append(detail, "   "+st.Dim.Render(t.QNoAnswers))
		}
		for _, a := range q.Answers {
			head := "   " + st.Key.Render(clean(a.Officer)) + st.Dim.Render(" · "+motcua.FormatDateTime(a.At))
			if a.AfterClose {
				head += " " + st.Warn.Render("· "+t.QAfterClose)
			}
			detail = append(detail, head)
			for _, para := range strings.Split(cleanBlock(a.Text), "\n") {
				for _, l := range wrap(para, fw-6) {
					detail = append(detail, "     "+l)
				}
			}
		}
	}
	// In the editor, keep its end in view: that is where the officer types.
	avail := max(1, h-len(lines))
	if len(detail) > avail {
		if s.mode == qList {
			detail = detail[:avail]
		} else {
			detail = detail[len(detail)-avail:]
		}
	}
	return strings.Join(append(lines, detail...), "\n")
}

// deliveryLine says where the answers to a Zalo question are: waiting in
// the server's outbox, delivered, or refused by Zalo (and why).
func (s questionsScreen) deliveryLine(q *motcua.Question, fw int) string {
	st, t := s.c.st, s.c.t
	switch q.Delivery {
	case motcua.DeliveryPending:
		return " " + st.Label.Render(t.QDelivery+": ") + st.Dim.Render(t.QDeliveryPending)
	case motcua.DeliverySent:
		return " " + st.Label.Render(t.QDelivery+": ") + t.QDeliverySent
	case motcua.DeliveryUndeliverable:
		l := t.QDeliveryUndeliverable
		if n := clean(q.DeliveryNote); n != "" {
			l += " — " + n
		}
		return " " + st.Label.Render(t.QDelivery+": ") + st.Warn.Render(truncate(l, max(10, fw-len(t.QDelivery)-4)))
	}
	return ""
}

func (s questionsScreen) channelLabel(ch motcua.QuestionChannel) string {
	t := s.c.t
	switch ch {
	case motcua.AskZalo:
		return t.ChZalo
	case motcua.AskWeb:
		return t.ChWeb
	case motcua.AskPhone:
		return t.ChPhone
	}
	return t.ChCounter
}

func (s questionsScreen) title() string { return s.c.t.TitleQuestions }
func (s questionsScreen) typing() bool  { return s.mode != qList }

func (s questionsScreen) shortHelp() []key.Binding {
	k := s.c.keys
	switch s.mode {
	case qAnswer:
		return []key.Binding{k.Template, k.Send, k.CloseQuestion, k.Cancel}
	case qTemplate:
		return []key.Binding{k.Up, k.Left, k.Open, k.Cancel}
	case qAsk:
		return []key.Binding{k.Next, k.Save, k.Cancel}
	}
	return []key.Binding{k.Up, k.Answer, k.Ask, k.Refresh, k.Back}
}

func (s questionsScreen) fullHelp() [][]key.Binding {
	k := s.c.keys
	return [][]key.Binding{
		{k.Up, k.Answer, k.Ask, k.Refresh, k.Back},
		{k.Template, k.Send, k.CloseQuestion, k.Cancel},
		{k.Left, k.Open, k.Next, k.Save},
	}
}
