package main

import (
	"fmt"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/cli"
)

func init() {
	commands = append(commands,
		command{"rekey", "rekey MÃ_HỒ_SƠ [--json]   cấp khóa tra cứu mới khi người dân mất giấy tiếp nhận (khóa cũ hết hiệu lực sau lần đồng bộ tới)",
			"rekey CODE [--json]   issue a new lookup key when the citizen lost the receipt (the old key stops working from the next sync)", runRekey},
	)
}

// rekeyJSON is `rekey --json`: a contract with scripts.
type rekeyJSON struct {
	Code      string `json:"code"`
	LookupKey string `json:"lookup_key"`
	LookupURL string `json:"lookup_url"`
}

func runRekey(e *env, args []string) error {
	fs := newFlags("rekey")
	asJSON := fs.Bool("json", false, "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 1, "rekey MÃ_HỒ_SƠ [--json]", "rekey CODE [--json]"); err != nil {
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
	key, done, err := s.RotateLookupKey(d.ID)
	if err != nil {
		return err
	}
	lookupURL, err := s.LookupURL(done.Dossier)
	if err != nil {
		return err
	}
	if *asJSON {
		return cli.NewJSONEncoder(e.stdout).Encode(rekeyJSON{Code: d.Code, LookupKey: motcua.FormatLookupKey(key), LookupURL: lookupURL})
	}
	fmt.Fprintln(e.stdout, motcua.FormatLookupKey(key))
	if lookupURL != "" {
		fmt.Fprintln(e.stdout, lookupURL)
	}
	fmt.Fprintln(e.stdout, msg(e.lang, "Khóa tra cứu mới của %s; khóa cũ hết hiệu lực sau lần đồng bộ tới. In lại giấy tiếp nhận: motcua print %s",
		"New lookup key of %s; the old key stops working from the next sync. Reprint the receipt: motcua print %s", d.Code, d.Code))
	return nil
}
