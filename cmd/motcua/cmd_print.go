package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/paper"
	"github.com/motcua/motcua/paper/printer"
	"github.com/motcua/motcua/store"
)

func init() {
	commands = append(commands, command{"print",
		"print MÃ [--form 01|02|03|04|05] [--out TỆP.pdf] | print --logbook --from dd/mm/yyyy --to dd/mm/yyyy [--out TỆP.pdf]   in mẫu (PDF)",
		"print CODE [--form 01|02|03|04|05] [--out FILE.pdf] | print --logbook --from dd/mm/yyyy --to dd/mm/yyyy [--out FILE.pdf]   print a form (PDF)",
		runPrint})
}

// printReq is what the print command was asked for.
type printReq struct {
	form, out, from, to, size, queue string
	logbook, noPrint                 bool
}

func runPrint(e *env, args []string) error {
	fs := newFlags("print")
	var r printReq
	fs.StringVar(&r.form, "form", "01", "")
	fs.StringVar(&r.out, "out", "", "")
	fs.BoolVar(&r.logbook, "logbook", false, "")
	fs.StringVar(&r.from, "from", "", "")
	fs.StringVar(&r.to, "to", "", "")
	fs.StringVar(&r.size, "paper", os.Getenv("MOTCUA_PAPER"), "")
	fs.StringVar(&r.queue, "printer", "", "")
	fs.BoolVar(&r.noPrint, "no-print", false, "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	n := 1
	if r.logbook {
		n = 0
	}
	if err := wantArgs(pos, n, "print MÃ [--form 01|02|03|04|05] [--out TỆP.pdf] hoặc print --logbook --from NGÀY --to NGÀY",
		"print CODE [--form 01|02|03|04|05] [--out FILE.pdf] or print --logbook --from DATE --to DATE"); err != nil {
		return err
	}
	size, err := paper.ParseSize(r.size)
	if err != nil {
		return err
	}
	var period paper.Period
	if r.logbook {
		if period, err = paper.ParsePeriod(r.from, r.to, true); err != nil {
			return err
		}
	}
	s, err := e.openRead()
	if err != nil {
		return err
	}
	defer closeLookup(s)
	iss, err := issuer(s)
	if err != nil {
		return err
	}
	if p, err := s.Prefs(); err == nil && r.size == "" { // the settings' size unless --paper or MOTCUA_PAPER say
		if ps, err := paper.ParseSize(p.Paper); err == nil {
			size = ps
		}
	}
	o := paper.Options{Lang: e.lang, Size: size, Now: s.Now()}
	var buf bytes.Buffer
	var folder, name, title string
	if r.logbook {
		entries, err := logbookEntries(s, store.ExportFilter{From: period.From, To: period.To}, e.lang)
		if err != nil {
			return err
		}
		folder, title = printer.Forms, msg(e.lang, "Sổ theo dõi hồ sơ", "Logbook")
		name = "so-theo-doi-" + periodName(period) + ".pdf"
		err = paper.LogbookPDF(&buf, entries, period, iss, o)
		if err != nil {
			return err
		}
	} else {
		if folder, name, err = renderForm(&buf, s, pos[0], r.form, iss, o); err != nil {
			return err
		}
		title = pos[0]
	}
	return deliver(e, s, buf.Bytes(), folder, name, title, r)
}

// renderForm draws the asked form of a dossier and names its file.
func renderForm(buf *bytes.Buffer, s *store.Store, code, form string, iss paper.Issuer, o paper.Options) (folder, name string, err error) {
	d, err := s.GetByCode(code)
	if err != nil {
		return "", "", err
	}
	form = strings.TrimPrefix(strings.TrimSpace(form), "0")
	name = d.Code + "-mau-0" + form + ".pdf"
	folder = printer.Forms
	var n paper.Notice
	switch form {
	case "1":
		// The QR holds the lookup address when the unit has a public one.
		if o.LookupURL, err = s.LookupURL(d); err != nil {
			return "", "", err
		}
		if o.LookupKey, err = s.LookupKey(d.ID); err != nil {
			return "", "", err
		}
		return printer.Receipts, d.Code + ".pdf", paper.Receipt(buf, d, iss, o)
	case "2":
		if n, err = paper.GuidanceFromDossier(d); err == nil {
			err = paper.GuidanceForm(buf, n, iss, o)
		}
	case "3":
		if n, err = paper.RefusalFromDossier(d); err == nil {
			err = paper.RefusalForm(buf, n, iss, o)
		}
	case "4":
		if n, err = paper.ApologyFromDossier(d); err == nil {
			err = paper.ApologyForm(buf, n, iss, o)
		}
	case "5":
		err = paper.ControlSheet(buf, d, iss, o)
	default:
		return "", "", motcua.Errorf(motcua.EINVALID, "form", "form",
			"Mẫu %q không có: dùng 01, 02, 03, 04 hoặc 05 (sổ theo dõi: --logbook).",
			"There is no form %q: use 01, 02, 03, 04 or 05 (the logbook: --logbook).", motcua.SanitizeLine(form))
	}
	return folder, name, err
}

// deliver writes the PDF to --out, or saves it under the data directory
// and then prints it; the saved file is named whatever happens next.
func deliver(e *env, s *store.Store, pdf []byte, folder, name, title string, r printReq) error {
	if r.out != "" {
		if err := writeFileAtomic(r.out, pdf); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, msg(e.lang, "Đã lưu: %s", "Saved: %s", r.out))
		return nil
	}
	path, err := printer.Save(e.dataDir, folder, name, pdf)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, msg(e.lang, "Đã lưu: %s", "Saved: %s", path))
	if r.noPrint {
		return nil
	}
	queue := r.queue
	if queue == "" {
		if p, err := s.Prefs(); err == nil {
			queue = p.Printer
		}
	}
	if err := motcua.ValidatePrinter(queue); err != nil {
		return err
	}
	res, err := printer.Print(context.Background(), path, queue, title)
	if err != nil {
		return err
	}
	if res.Opened {
		fmt.Fprintln(e.stdout, msg(e.lang, "Đã mở tệp trong trình xem PDF: bấm Ctrl+P để in.", "The file is open in the PDF viewer: press Ctrl+P to print."))
		return nil
	}
	fmt.Fprintln(e.stdout, msg(e.lang, "Đã gửi đến máy in%s.", "Sent to the printer%s.", jobSuffix(res.Job)))
	return nil
}

func jobSuffix(job string) string {
	if job == "" {
		return ""
	}
	return " (" + job + ")"
}

// writeFileAtomic writes a file the officer named, whole or not at all.
func writeFileAtomic(path string, data []byte) error {
	if err := printer.WriteFile(path, data); err != nil {
		return motcua.Errorf(motcua.EINVALID, "out", "out", "Không ghi được tệp %s: kiểm tra thư mục có tồn tại và ghi được.",
			"Could not write %s: check the folder exists and can be written.", path)
	}
	return nil
}

// issuer is the terminal's unit and officer, as printed on the forms.
func issuer(s *store.Store) (paper.Issuer, error) {
	info, err := s.Terminal()
	if err != nil {
		return paper.Issuer{}, err
	}
	return paper.Issuer{Unit: info.Unit, UnitName: info.UnitName, Officer: info.Officer}, nil
}

// logbookEntries reads the logbook's lines in reception order.
func logbookEntries(s *store.Store, f store.ExportFilter, lang motcua.Lang) ([]paper.LogEntry, error) {
	cal, now := s.Calendar(), s.Now()
	var out []paper.LogEntry
	err := s.Each(f, func(d motcua.Dossier) error {
		out = append(out, paper.NewLogEntry(d, lang, cal, now))
		return nil
	})
	return out, err
}
