package main

import (
	"fmt"
	"net/url"
	"text/tabwriter"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/cli"
	"github.com/motcua/motcua/server"
)

// The review of public questions held back by a unit's hourly cap
// (docs/DESIGN.md §10): motcua-server questions held [--unit CODE] [--json],
// questions release ID… and questions drop ID….

func (s *socketAdmin) HeldQuestions(unit string) (qs []motcua.Question, err error) {
	path := "/admin/questions/held"
	if unit != "" {
		path += "?unit=" + url.QueryEscape(unit)
	}
	err = s.call("GET", path, nil, &qs)
	return qs, err
}

func (s *socketAdmin) ReleaseHeld(id string, drop bool) error {
	return s.call("POST", "/admin/questions/held/"+url.PathEscape(id)+"/release", server.ReleaseRequest{Drop: drop}, nil)
}

// questions held|release|drop
func (e *env) questions(args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "held":
			return e.heldQuestions(args[1:])
		case "release", "drop":
			return e.releaseQuestions(args[1:], args[0] == "drop")
		}
	}
	return usagef("Cách dùng: motcua-server questions held [--unit MÃ] [--json] | questions release MÃ_CÂU_HỎI… | questions drop MÃ_CÂU_HỎI…",
		"Usage: motcua-server questions held [--unit CODE] [--json] | questions release QUESTION_ID… | questions drop QUESTION_ID…")
}

func (e *env) heldQuestions(args []string) error {
	fs := newFlags("questions held")
	asJSON := fs.Bool("json", false, "")
	unit := fs.String("unit", "", "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("Cách dùng: motcua-server questions held [--unit MÃ] [--json]", "Usage: motcua-server questions held [--unit CODE] [--json]")
	}
	if *unit != "" {
		if err := motcua.ValidateUnitCode(*unit); err != nil {
			return err
		}
	}
	a, done, err := e.admin()
	if err != nil {
		return err
	}
	defer done()
	qs, err := a.HeldQuestions(*unit)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := cli.NewJSONEncoder(e.stdout)
		for _, q := range qs {
			if err := enc.Encode(q); err != nil {
				return err
			}
		}
		return nil
	}
	if len(qs) == 0 {
		fmt.Fprintln(e.stdout, e.msg("Không có câu hỏi nào đang giữ.", "No question is held."))
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, e.msg("MÃ\tĐƠN VỊ\tNHẬN LÚC\tNGƯỜI HỎI\tHỒ SƠ\tNỘI DUNG", "ID\tUNIT\tRECEIVED\tASKED BY\tDOSSIER\tTEXT"))
	for _, q := range qs {
		dossier := q.DossierCode
		if dossier == "" {
			dossier = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", q.ID, q.Unit, motcua.FormatDateTime(q.ReceivedAt),
			cell(q.AskerName, 24), cell(dossier, 40), cell(q.Text, 60))
	}
	return tw.Flush()
}

// cell is text from a citizen made safe for one table cell: no control or
// escape sequences, no tabs or line breaks, cut at n characters with "…".
func cell(s string, n int) string {
	s = motcua.SanitizeLine(s)
	r := []rune(s)
	if len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func (e *env) releaseQuestions(ids []string, drop bool) error {
	if len(ids) == 0 {
		return usagef("Cách dùng: motcua-server questions release|drop MÃ_CÂU_HỎI…", "Usage: motcua-server questions release|drop QUESTION_ID…")
	}
	a, done, err := e.admin()
	if err != nil {
		return err
	}
	defer done()
	for _, id := range ids {
		if err := a.ReleaseHeld(id, drop); err != nil {
			return err
		}
		if drop {
			fmt.Fprintln(e.stdout, e.msg("Đã bỏ câu hỏi %s.", "Question %s dropped.", motcua.SanitizeLine(id)))
		} else {
			fmt.Fprintln(e.stdout, e.msg("Đã chuyển câu hỏi %s cho đơn vị (các máy nhận ở lần đồng bộ sau).", "Question %s delivered to its unit (terminals get it at their next sync).", motcua.SanitizeLine(id)))
		}
	}
	return nil
}
