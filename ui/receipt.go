package ui

import (
	"bytes"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/motcua/motcua"
	"github.com/motcua/motcua/paper"
	"github.com/motcua/motcua/paper/printer"
)

// receiptScreen shows what the citizen leaves with (Mẫu 01 in short): the
// code in large type with its check digit, the appointment in words, a QR
// code of the code, and keys that save and print the receipt as a PDF.
type receiptScreen struct {
	c        *common
	d        motcua.Dossier
	saved    string // where the receipt was saved, once it was
	printing bool
	printed  string // what the printer answered
	problem  string // why it did not print, and where the file is
	// lookupKey and lookupURL come from the store when the screen opens
	// (lookup.go); the QR holds the address, or the code when there is none.
	lookupKey, lookupURL string
}

func newReceipt(c *common, d motcua.Dossier) receiptScreen { return receiptScreen{c: c, d: d} }

func (s receiptScreen) enter() (screen, tea.Cmd) { return s, s.c.data.lookup(s.d) }

func (s receiptScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case lookupMsg:
		if msg.id == s.d.ID {
			s.lookupKey, s.lookupURL = msg.key, msg.url
		}
		return s, nil
	case receiptSavedMsg:
		if msg.err != nil {
			return s, s.c.flashErr(msg.err)
		}
		s.saved = msg.path
		return s, flash(fmt.Sprintf(s.c.t.ReceiptSavedF, msg.path), false)
	case printedMsg:
		s.printing = false
		if msg.path != "" {
			s.saved = msg.path
		}
		t := s.c.t
		s.problem = ""
		switch {
		case msg.err != nil && msg.path == "":
			return s, s.c.flashErr(msg.err)
		case msg.err != nil:
			// The sentence says what to do and where the saved file is.
			s.problem = s.c.errText(msg.err)
			return s, flash(s.problem, true)
		case msg.opened:
			s.problem = printer.OpenedMessage(s.c.lang, msg.path)
			return s, flash(s.problem, false)
		}
		s.printed = jobID(msg.job)
		return s, flash(fmt.Sprintf(t.PrintedF, jobLabel(t, s.printed)), false)
	case tea.KeyPressMsg:
		k := s.c.keys
		switch {
		case key.Matches(msg, k.Back):
			return s, s.c.back()
		case key.Matches(msg, k.SaveReceipt):
			return s, s.c.data.saveReceipt(s.d.Code, s.pdf)
		case key.Matches(msg, k.Print) && !s.printing:
			s.printing = true
			return s, s.c.data.printReceipt(s.d.Code, s.pdf, s.c.prefs.Printer)
		case key.Matches(msg, k.NewReceive):
			return s, s.c.nav(scrReceive, nil)
		case key.Matches(msg, k.Open):
			return s, s.c.nav(scrDetail, s.d.ID)
		}
	}
	return s, nil
}

// check is the Damm digit printed next to the code.
func (s receiptScreen) check() int {
	c, err := motcua.ParseCode(s.d.Code)
	if err != nil {
		return 0
	}
	return c.Check()
}

// facts are the receipt's lines, label and value, shared by the screen and
// the text file.
func (s receiptScreen) facts() [][2]string {
	t, d, lang := s.c.t, s.d, s.c.lang
	fee := motcua.FormatVND(d.FeeTotal())
	if d.FeePaid {
		fee += " (" + t.DetFeePaid + ")"
	}
	out := [][2]string{
		{t.ReceiptApplicant, strings.ToUpper(clean(d.Applicant.Name))},
	}
	if d.Applicant.Phone != "" {
		out = append(out, [2]string{t.ReceiptPhone, clean(d.Applicant.Phone)})
	}
	return append(out,
		[2]string{t.ReceiptProcedure, clean(d.ProcedureName)},
		[2]string{t.ReceiptReceivedAt, motcua.FormatWhen(d.ReceivedAt, lang)},
		[2]string{t.ReceiptAppointment, motcua.FormatAppointment(d.Appointment, lang)},
		[2]string{t.ReceiptFee, fee},
	)
}

func (s receiptScreen) view(w, h int) string {
	st, t := s.c.st, s.c.t
	code := clean(s.d.Code)
	check := s.check()
	big := bigText(shortCode(code) + fmt.Sprintf("-%d", check))
	var qrl []string
	if s.c.st.noColor {
		qrl = qrLines(s.qrText(), !s.c.isDark)
	} else {
		qrl = qrLines(s.qrText(), true)
		for i, l := range qrl {
			qrl[i] = st.QR.Render(l)
		}
	}
	qrW := 0
	if len(qrl) > 0 {
		qrW = width(qrl[0])
	}
	// The QR code goes on the right when there is room for it next to the
	// big code; otherwise the text keeps the width and the QR is dropped.
	leftW := w - 2
	showQR := len(qrl) > 0 && w-qrW-3 >= width(big[0]) && h >= len(qrl)+2
	if showQR {
		leftW = w - qrW - 4
	}
	labelW := 11
	var left []string
	left = append(left, st.Title.Render(truncate(t.ReceiptTitle, leftW)), "")
	for _, r := range big {
		left = append(left, st.Big.Render(r))
	}
	left = append(left, "", st.Key.Render(code)+" · "+fmt.Sprintf(t.ReceiptCheckF, check), "")
	for _, f := range s.facts() {
		for i, l := range wrap(f[1], max(10, leftW-labelW-1)) {
			lab := ""
			if i == 0 {
				lab = f[0]
			}
			left = append(left, labelled(st, lab, labelW, l))
		}
	}
	switch {
	case s.printing:
		left = append(left, "", st.Key.Render(truncate(t.Printing, leftW)))
	case s.problem != "":
		// The whole sentence, wrapped: it says where the file is.
		left = append(left, "")
		left = append(left, wrapStyled(st.Warn, "✗ "+s.problem, leftW)...)
	case s.printed != "":
		left = append(left, "")
		left = append(left, wrapStyled(st.OK, "✓ "+fmt.Sprintf(t.PrintedF, jobLabel(t, s.printed)), leftW)...)
	case s.saved != "":
		left = append(left, "")
		left = append(left, wrapStyled(st.OK, "✓ "+fmt.Sprintf(t.ReceiptSavedF, s.saved), leftW)...)
	}
	if !showQR {
		return indent(left, " ")
	}
	right := append([]string{""}, qrl...)
	scan := truncate(t.ReceiptScan, qrW)
	right = append(right, strings.Repeat(" ", (qrW-width(scan))/2)+st.Hint.Render(scan))
	var out []string
	for i := 0; i < max(len(left), len(right)); i++ {
		l, r := "", ""
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		out = append(out, " "+padRight(l, leftW)+"  "+r)
	}
	return strings.Join(out, "\n")
}

func indent(lines []string, pad string) string {
	for i, l := range lines {
		lines[i] = pad + l
	}
	return strings.Join(lines, "\n")
}

// pdf draws the receipt as printed (Mẫu 01, paper.Receipt): two copies on
// A4, or one per A5 page, as the settings say (MOTCUA_PAPER overrides). It runs inside a Cmd.
func (s receiptScreen) pdf() ([]byte, error) {
	o, err := s.c.paperOptions()
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	o.LookupURL, o.LookupKey = s.lookupURL, s.lookupKey
	err = paper.Receipt(&b, s.d, s.c.issuer(), o)
	return b.Bytes(), err
}

func (s receiptScreen) title() string { return s.c.t.TitleReceipt }
func (s receiptScreen) typing() bool  { return false }

func (s receiptScreen) shortHelp() []key.Binding {
	k := s.c.keys
	return []key.Binding{k.Print, k.SaveReceipt, k.NewReceive, k.Back}
}

func (s receiptScreen) fullHelp() [][]key.Binding {
	k := s.c.keys
	return [][]key.Binding{{k.Print, k.SaveReceipt, k.NewReceive, k.Open, k.Back}}
}

// jobID is the print job's name from what CUPS answers ("request id is
// Laser-12 (1 file(s))" → "Laser-12"): the officer reads no English.
func jobID(answer string) string {
	if rest, ok := strings.CutPrefix(strings.TrimSpace(answer), "request id is "); ok {
		if f := strings.Fields(rest); len(f) > 0 {
			return f[0]
		}
	}
	return answer
}
