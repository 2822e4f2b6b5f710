package main

import (
	"fmt"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/cli"
)

func init() {
	commands = append(commands,
		command{"init", "init --unit MÃ --unit-name TÊN --officer TÊN [--json]   cài đặt đơn vị và cán bộ",
			"init --unit CODE --unit-name NAME --officer NAME [--json]   set the unit and officer", runInit},
	)
}

func runInit(e *env, args []string) error {
	fs := newFlags("init")
	unit := fs.String("unit", "", "")
	unitName := fs.String("unit-name", "", "")
	officer := fs.String("officer", "", "")
	asJSON := fs.Bool("json", false, "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 0, "init --unit MÃ --unit-name TÊN --officer TÊN", "init --unit CODE --unit-name NAME --officer NAME"); err != nil {
		return err
	}
	if *unit == "" || *unitName == "" || *officer == "" {
		return motcua.Errorf(motcua.EINVALID, "usage", "",
			"Cần đủ --unit, --unit-name và --officer.", "--unit, --unit-name and --officer are all required.")
	}
	// Validate before opening, so bad input never creates a file.
	if err := motcua.ValidateUnitCode(*unit); err != nil {
		return err
	}
	if _, err := motcua.ValidateName(*officer); err != nil {
		return err
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	defer s.Close()
	info, err := s.Init(*unit, *unitName, *officer)
	if err != nil {
		return err
	}
	if *asJSON {
		return cli.NewJSONEncoder(e.stdout).Encode(map[string]string{"unit": info.Unit, "unit_name": info.UnitName, "officer": info.Officer, "data": s.Path()})
	}
	fmt.Fprintln(e.stdout, msg(e.lang, "Đã cài đặt: %s (%s), cán bộ %s. Dữ liệu: %s",
		"Set up: %s (%s), officer %s. Data: %s", info.UnitName, info.Unit, info.Officer, s.Path()))
	return nil
}
