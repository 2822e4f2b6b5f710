package main

import (
	"fmt"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/cli"
)

func init() {
	commands = append(commands, command{"move",
		"move MÃ_HỒ_SƠ TRẠNG_THÁI [--reason LÝ_DO] [--to NGƯỜI_NHẬN] [--method counter|post|online] [--docs \"a;b\"] [--override] [--json]   chuyển trạng thái",
		"move CODE STATUS [--reason TEXT] [--to NAME] [--method counter|post|online] [--docs \"a;b\"] [--override] [--json]   move a dossier", runMove})
}

func runMove(e *env, args []string) error {
	fs := newFlags("move")
	reason := fs.String("reason", "", "")
	to := fs.String("to", "", "")
	method := fs.String("method", "counter", "")
	docs := fs.String("docs", "", "")
	override := fs.Bool("override", false, "")
	asJSON := fs.Bool("json", false, "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 2, "move MÃ_HỒ_SƠ TRẠNG_THÁI [--reason LÝ_DO] [--to NGƯỜI_NHẬN]", "move CODE STATUS [--reason TEXT] [--to NAME]"); err != nil {
		return err
	}
	target, err := motcua.ParseStatus(pos[1])
	if err != nil {
		return err
	}
	s, err := e.openExisting()
	if err != nil {
		return err
	}
	defer s.Close()
	d, err := s.GetByCode(pos[0])
	if err != nil {
		return err
	}
	a := motcua.TransitionArgs{From: d.Status, To: target, Reason: *reason, Recipient: *to,
		Method: motcua.ReturnMethod(*method), Override: *override}
	a.Documents = append(a.Documents, splitList(*docs)...)
	if target == motcua.StatusSupplement && len(a.Documents) == 0 && *reason != "" {
		// The reason alone names what is missing when no list is given.
		a.Documents = []string{*reason}
	}
	if target == motcua.StatusProcessing && d.Status == motcua.StatusSupplement {
		proc, err := s.Catalog().Get(d.ProcedureCode)
		if err == nil && proc.Supplement == motcua.SupplementRestart {
			a.Appointment = s.Calendar().Appointment(s.Now(), proc.Time)
		}
	}
	done, err := s.Transition(d.ID, a)
	if err != nil {
		return err
	}
	// After the output: the code is saved, and the officer need not wait for the copy.
	defer backupQuietly(e, s)
	if *asJSON {
		return cli.NewJSONEncoder(e.stdout).Encode(map[string]any{"code": d.Code, "from": d.Status, "status": done.Dossier.Status,
			"appointment": done.Dossier.Appointment})
	}
	fmt.Fprintln(e.stdout, msg(e.lang, "%s: %s → %s", "%s: %s → %s", d.Code, d.Status.Label(e.lang), done.Dossier.Status.Label(e.lang)))
	return nil
}

func splitList(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ';' {
			if t := motcua.SanitizeLine(s[start:i]); t != "" {
				out = append(out, t)
			}
			start = i + 1
		}
	}
	return out
}
