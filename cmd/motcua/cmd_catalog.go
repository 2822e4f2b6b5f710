package main

import (
	"fmt"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/cli"
)

func init() {
	commands = append(commands, command{"catalog", "catalog [--json]   danh mục thủ tục", "catalog [--json]   the procedure catalog", runCatalog})
}

func runCatalog(e *env, args []string) error {
	fs := newFlags("catalog")
	asJSON := fs.Bool("json", false, "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 0, "catalog [--json]", "catalog [--json]"); err != nil {
		return err
	}
	s, err := e.openRead()
	if err != nil {
		return err
	}
	defer closeLookup(s)
	procs := s.Catalog().All()
	if *asJSON {
		enc := cli.NewJSONEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(procs)
	}
	for _, p := range procs {
		name := p.Name
		if e.lang == motcua.EN && p.NameEN != "" {
			name = p.NameEN
		}
		fmt.Fprintf(e.stdout, "%-10s  %-60s  %-22s  %s\n", p.Code, clip(name, 60), clip(timeLabel(p.Time, e.lang), 22), feeLabel(p, e.lang))
	}
	return nil
}

func timeLabel(t motcua.ProcessingTime, l motcua.Lang) string {
	days := t.Hours / 8
	switch t.Kind {
	case motcua.SameDay:
		return msg(l, "Trong ngày", "Same day")
	case motcua.CalendarDays:
		return msg(l, "%d ngày", "%d days", days)
	}
	if t.Hours%8 != 0 {
		return msg(l, "%d giờ làm việc", "%d working hours", t.Hours)
	}
	return msg(l, "%d ngày làm việc", "%d working days", days)
}

func feeLabel(p motcua.Procedure, l motcua.Lang) string {
	if len(p.Fees) == 0 {
		return msg(l, "Miễn phí", "Free")
	}
	f := p.Fees[0]
	s := motcua.FormatVND(f.Amount)
	if f.Unit != "" {
		s += "/" + f.Unit
	}
	return s
}
