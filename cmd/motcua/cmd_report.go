package main

import (
	"bytes"
	"fmt"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/cli"
	"github.com/motcua/motcua/paper"
	"github.com/motcua/motcua/paper/printer"
	"github.com/motcua/motcua/store"
)

func init() {
	commands = append(commands, command{"report",
		"report --from dd/mm/yyyy --to dd/mm/yyyy [--format xlsx|pdf|json] [--out TỆP]   báo cáo kết quả giải quyết của đơn vị",
		"report --from dd/mm/yyyy --to dd/mm/yyyy [--format xlsx|pdf|json] [--out FILE]   the unit's report for a period",
		runReport})
}

func runReport(e *env, args []string) error {
	fs := newFlags("report")
	from := fs.String("from", "", "")
	to := fs.String("to", "", "")
	format := fs.String("format", "xlsx", "")
	out := fs.String("out", "", "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 0, "report --from NGÀY --to NGÀY [--format xlsx|pdf|json] [--out TỆP]",
		"report --from DATE --to DATE [--format xlsx|pdf|json] [--out FILE]"); err != nil {
		return err
	}
	period, err := paper.ParsePeriod(*from, *to, true)
	if err != nil {
		return err
	}
	if *format != "xlsx" && *format != "pdf" && *format != "json" {
		return motcua.Errorf(motcua.EINVALID, "format", "format", "--format phải là xlsx, pdf hoặc json.", "--format must be xlsx, pdf or json.")
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
	now := s.Now()
	t := paper.NewUnitTally(iss.Unit, iss.UnitName, period, s.Calendar(), now)
	if err := s.Each(store.ExportFilter{From: period.From, To: period.To}, func(d motcua.Dossier) error { t.Add(d); return nil }); err != nil {
		return err
	}
	recs, err := s.CounterRecordsBetween(period.From, period.To) // guidance and refusals: no dossier
	if err != nil {
		return err
	}
	for _, r := range recs {
		t.AddRecord(r)
	}
	r := paper.NewReport(period, now, []paper.UnitReport{t.Report()})
	var buf bytes.Buffer
	switch *format {
	case "json":
		enc := cli.NewJSONEncoder(&buf)
		enc.SetIndent("", "  ")
		err = enc.Encode(r)
	case "pdf":
		err = paper.ReportPDF(&buf, r, iss, paper.Options{Lang: e.lang, Now: now})
	default:
		err = paper.ReportXLSX(&buf, r, e.lang)
	}
	if err != nil {
		return err
	}
	return writeOutput(e, buf.Bytes(), *out, "bao-cao-"+periodName(period)+"."+*format, *format == "json")
}

// writeOutput puts a generated file where it was asked: --out FILE, "-"
// for stdout, or (no --out) stdout for text and DIR/forms for a binary
// file, whose path is then printed.
func writeOutput(e *env, data []byte, out, name string, text bool) error {
	switch {
	case out == "-" || (out == "" && text):
		_, err := e.stdout.Write(data)
		return err
	case out == "":
		path, err := printer.Save(e.dataDir, printer.Forms, name, data)
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, msg(e.lang, "Đã lưu: %s", "Saved: %s", path))
		return nil
	}
	if err := writeFileAtomic(out, data); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, msg(e.lang, "Đã lưu: %s", "Saved: %s", out))
	return nil
}
