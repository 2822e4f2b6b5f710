package ui

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/motcua/motcua"
	"github.com/motcua/motcua/paper"
	"github.com/motcua/motcua/paper/printer"
)

// The paper an action hands out (issue 12): after a supplement request the
// detail screen prints Mẫu 02, after a refusal Mẫu 03, after a reschedule
// Mẫu 04; a guidance or refusal given at the counter prints its Mẫu 02 or
// 03; and p on the detail screen reprints any form the dossier has. The
// PDF is drawn, saved under DIR/forms (the receipt: DIR/receipts) and sent
// to the printer inside a Cmd; the answer is a flash naming the file.

// formAfter is the form the action just done calls for ("" for none).
func formAfter(kind actionKind, to motcua.Status) string {
	switch {
	case kind == actReschedule:
		return "04"
	case kind == actRekey: // the receipt again, with the new key and QR
		return "01"
	case kind == actTransition && to == motcua.StatusSupplement:
		return "02"
	case kind == actTransition && to == motcua.StatusRefused:
		return "03"
	}
	return ""
}

// formsOf lists the forms d has: the receipt and the control sheet always,
// 02, 03 and 04 once their event is in the history.
func formsOf(d motcua.Dossier) []string {
	out := []string{"01"}
	if _, err := paper.GuidanceFromDossier(d); err == nil {
		out = append(out, "02")
	}
	if _, err := paper.RefusalFromDossier(d); err == nil {
		out = append(out, "03")
	}
	if _, err := paper.ApologyFromDossier(d); err == nil {
		out = append(out, "04")
	}
	return append(out, "05")
}

// formKeys are the digits of the forms d has, for the help bar.
func (c *common) formKeys(d motcua.Dossier) []key.Binding {
	var out []key.Binding
	for _, f := range formsOf(d) {
		out = append(out, c.keys.Forms[f[1]-'1'])
	}
	return out
}

// paperOptions are the options every form is drawn with: the officer's
// language and the receipt's paper size (the unit's setting; MOTCUA_PAPER
// overrides it on one machine).
func (c *common) paperOptions() (paper.Options, error) {
	v := c.prefs.Paper
	if env := os.Getenv("MOTCUA_PAPER"); env != "" {
		v = env
	}
	size, err := paper.ParseSize(v)
	return paper.Options{Lang: c.lang, Size: size, Now: c.now()}, err
}

func (c *common) issuer() paper.Issuer {
	return paper.Issuer{Unit: c.info.Unit, UnitName: c.info.UnitName, Officer: c.info.Officer}
}

// printDossierForm draws form ("01"–"05") of dos, saves it and prints it.
func (c *common) printDossierForm(dos motcua.Dossier, form, note string) tea.Cmd {
	o, err := c.paperOptions()
	if err != nil {
		return c.flashErr(err)
	}
	iss, st := c.issuer(), c.data.st
	return c.printForm(form, note, func(b *bytes.Buffer) (folder, name string, err error) {
		folder, name = printer.Forms, dos.Code+"-mau-"+form+".pdf"
		var n paper.Notice
		switch form {
		case "01":
			o.LookupKey, _ = st.LookupKey(dos.ID)
			o.LookupURL, _ = st.LookupURL(dos)
			return printer.Receipts, dos.Code + ".pdf", paper.Receipt(b, dos, iss, o)
		case "02":
			if n, err = paper.GuidanceFromDossier(dos); err == nil {
				err = paper.GuidanceForm(b, n, iss, o)
			}
		case "03":
			if n, err = paper.RefusalFromDossier(dos); err == nil {
				err = paper.RefusalForm(b, n, iss, o)
			}
		case "04":
			if n, err = paper.ApologyFromDossier(dos); err == nil {
				err = paper.ApologyForm(b, n, iss, o)
			}
		default:
			err = paper.ControlSheet(b, dos, iss, o)
		}
		return folder, name, err
	})
}

// printCounterForm draws the Mẫu 02 or 03 of a guidance or refusal given
// at the counter, saves it and prints it.
func (c *common) printCounterForm(r motcua.CounterRecord, note string) tea.Cmd {
	o, err := c.paperOptions()
	if err != nil {
		return c.flashErr(err)
	}
	iss, form := c.issuer(), "02"
	if r.Kind == motcua.CounterRefusal {
		form = "03"
	}
	if r.Officer != "" {
		iss.Officer = r.Officer
	}
	return c.printForm(form, note, func(b *bytes.Buffer) (string, string, error) {
		return printer.Forms, r.At.In(motcua.VNZone).Format("20060102-150405") + "-" + r.ID + "-mau-" + form + ".pdf",
			paper.CounterRecordForm(b, r, iss, o)
	})
}

// printForm runs draw, saves its PDF beside the store and sends it to the
// configured printer, all in the returned Cmd; the flash starts with note
// (what was just done, "" on a reprint) and names the file whatever the
// printer says.
func (c *common) printForm(form, note string, draw func(*bytes.Buffer) (folder, name string, err error)) tea.Cmd {
	st, lang, queue, t := c.data.st, c.lang, c.prefs.Printer, c.t
	if note != "" {
		note += " "
	}
	return func() tea.Msg {
		fail := func(err error) tea.Msg { return flashMsg{text: note + motcua.ErrorMessage(err, lang), isErr: true} }
		var b bytes.Buffer
		folder, name, err := draw(&b)
		if err != nil {
			return fail(err)
		}
		path, err := printer.Save(filepath.Dir(st.Path()), folder, name, b.Bytes())
		if err != nil {
			return fail(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), printer.Timeout)
		defer cancel()
		res, err := printer.Print(ctx, path, queue, name)
		switch {
		case err != nil:
			return fail(err)
		case res.Opened:
			return flashMsg{text: note + fmt.Sprintf(t.FormSavedF, form, path) + " " + printer.OpenedMessage(lang, path)}
		}
		return flashMsg{text: note + fmt.Sprintf(t.FormPrintedF, form, path, jobLabel(t, res.Job))}
	}
}

// pickForm takes the key after p on the detail screen: a form's digit
// prints it, anything else puts the question away.
func (s detailScreen) pickForm(msg tea.KeyPressMsg) (screen, tea.Cmd) {
	s.picking = false
	for i, f := range []string{"01", "02", "03", "04", "05"} {
		if key.Matches(msg, s.c.keys.Forms[i]) && contains(formsOf(s.d), f) {
			return s, s.c.printDossierForm(s.d, f, "")
		}
	}
	return s, nil
}

// pickLine is the question p asks, with the forms the dossier has.
func (s detailScreen) pickLine(w int) string {
	line := s.c.t.PrintPick
	for _, b := range s.c.formKeys(s.d) {
		line += "  " + b.Help().Key + " " + b.Help().Desc
	}
	return s.c.st.Key.Render(truncate(line, w))
}

// paperChoice is the settings screen's choice for a stored paper size:
// 0 A4 (also "" and anything unknown), 1 A5.
func paperChoice(v string) int {
	if size, _ := paper.ParseSize(v); size == paper.A5 {
		return 1
	}
	return 0
}

// jobLabel is the print system's job id, cleaned, or a word when it gave
// none (Windows, or an lp that printed nothing): never empty brackets.
func jobLabel(t *text, job string) string {
	if job = clean(job); job != "" {
		return job
	}
	return t.PrintQueued
}
