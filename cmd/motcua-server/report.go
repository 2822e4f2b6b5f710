package main

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/cli"
	"github.com/motcua/motcua/paper"
	"github.com/motcua/motcua/paper/printer"
)

// report --from dd/mm/yyyy --to dd/mm/yyyy [--unit CODE] [--format json|xlsx|pdf] [--out FILE]
//
// The period's report across the server's units, each and their total.
// While the server runs it reads the dossiers through the admin socket
// (GET /admin/units/{code}/dossiers); otherwise it reads the data file.
func (e *env) periodReport(args []string) error {
	fs := newFlags("report")
	from := fs.String("from", "", "")
	to := fs.String("to", "", "")
	unit := fs.String("unit", "", "")
	format := fs.String("format", "json", "")
	out := fs.String("out", "", "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 || *from == "" || *to == "" {
		return usagef("Cách dùng: motcua-server report --from dd/mm/yyyy --to dd/mm/yyyy [--unit MÃ] [--format json|xlsx|pdf] [--out TỆP]",
			"Usage: motcua-server report --from dd/mm/yyyy --to dd/mm/yyyy [--unit CODE] [--format json|xlsx|pdf] [--out FILE]")
	}
	p, err := paper.ParsePeriod(*from, *to, true)
	if err != nil {
		return err
	}
	if *format != "json" && *format != "xlsx" && *format != "pdf" {
		return usagef("--format phải là json, xlsx hoặc pdf.", "--format must be json, xlsx or pdf.")
	}
	if err := e.needData(); err != nil {
		return err
	}
	r, err := e.buildReport(p, *unit)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	switch *format {
	case "json":
		enc := cli.NewJSONEncoder(&buf)
		enc.SetIndent("", "  ")
		err = enc.Encode(r)
	case "pdf":
		name := e.msg("Các đơn vị trên máy chủ", "The server's units")
		if len(r.Units) == 1 {
			name = r.Units[0].UnitName
		}
		err = paper.ReportPDF(&buf, r, paper.Issuer{UnitName: name}, paper.Options{Lang: e.lang, Now: r.GeneratedAt})
	default:
		err = paper.ReportXLSX(&buf, r, e.lang)
	}
	if err != nil {
		return err
	}
	return e.writeReport(buf.Bytes(), *out, fmt.Sprintf("bao-cao-%s-%s.%s", p.From.Format("20060102"), p.To.Format("20060102"), *format), *format == "json")
}

// buildReport tallies every unit (or the one asked), through the running
// server or from the data file.
func (e *env) buildReport(p paper.Period, only string) (paper.Report, error) {
	c, closeSrc, err := e.reportSource()
	if err != nil {
		return paper.Report{}, err
	}
	defer closeSrc()
	units, err := c.Units()
	if err != nil {
		return paper.Report{}, err
	}
	now := time.Now()
	var reports []paper.UnitReport
	for _, u := range units {
		if only != "" && u.Code != only {
			continue
		}
		ds, err := c.Dossiers(u.Code)
		if err != nil {
			return paper.Report{}, err
		}
		t := paper.NewUnitTally(u.Code, u.Name, p, motcua.DefaultCalendar(), now)
		for _, d := range ds {
			t.Add(d)
		}
		recs, err := c.CounterRecords(u.Code, p.From, p.To) // guidance and refusals: no dossier
		if err != nil {
			return paper.Report{}, err
		}
		for _, r := range recs {
			t.AddRecord(r)
		}
		reports = append(reports, t.Report())
	}
	if only != "" && len(reports) == 0 {
		return paper.Report{}, motcua.Errorf(motcua.EINVALID, "unit_unknown", "unit",
			"Máy chủ không có đơn vị %s (xem: motcua-server unit list).", "The server has no unit %s (see: motcua-server unit list).", motcua.SanitizeLine(only))
	}
	return paper.NewReport(p, now, reports), nil
}

// writeReport prints JSON, or writes the file to --out, or saves it in
// the data directory's reports folder and says where.
func (e *env) writeReport(data []byte, out, name string, text bool) error {
	switch {
	case out == "-" || (out == "" && text):
		_, err := e.stdout.Write(data)
		return err
	case out == "":
		path, err := printer.Save(e.dataDir, "reports", name, data)
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, e.msg("Đã lưu: %s", "Saved: %s", path))
		return nil
	}
	if err := printer.WriteFile(out, data); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, e.msg("Đã lưu: %s", "Saved: %s", out))
	return nil
}

// reportSource is where the report reads units and dossiers: the running
// server's admin socket, or the data file read-only when none runs.
func (e *env) reportSource() (interface {
	Units() ([]motcua.Unit, error)
	Dossiers(unit string) ([]motcua.Dossier, error)
	CounterRecords(unit string, from, to time.Time) ([]motcua.CounterRecord, error)
}, func(), error) {
	if conn, err := net.DialTimeout("unix", e.socketPath(), time.Second); err == nil {
		conn.Close()
		return newSocketAdmin(e.socketPath()), func() {}, nil
	}
	c, err := e.openCentralReadOnly()
	if err != nil {
		if motcua.ErrorCode(err) == motcua.ELOCKED {
			return nil, nil, motcua.Errorf(motcua.ELOCKED, "server_running", "",
				"Máy chủ đang chạy nhưng không mở được ổ cắm quản trị %s: dừng máy chủ rồi chạy lại báo cáo.",
				"The server is running but its admin socket %s is not reachable: stop it and run the report again.", e.socketPath())
		}
		if _, serr := os.Stat(e.centralPath()); serr != nil {
			return nil, nil, motcua.Errorf(motcua.ENOTFOUND, "no_data", "data",
				"Thư mục %s chưa có dữ liệu máy chủ.", "%s holds no server data.", e.dataDir)
		}
		return nil, nil, err
	}
	return c, func() { c.Close() }, nil
}
