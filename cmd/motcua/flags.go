package main

import (
	"flag"
	"io"
	"strings"

	"github.com/motcua/motcua"
)

// newFlags makes a FlagSet that reports errors to us, not to stderr, so the
// user sees one line in their language.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseFlags lets flags and positional arguments mix in any order
// (`motcua find "nguyen van" --limit 5`), which the flag package alone does not.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if err == flag.ErrHelp {
				return nil, err
			}
			return nil, motcua.Errorf(motcua.EINVALID, "flag", "",
				"Tùy chọn không hợp lệ: %s.", "Invalid option: %s.", strings.TrimPrefix(err.Error(), "flag provided but not defined: "))
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if rest[0] == "--" {
			return append(positional, rest[1:]...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

func wantArgs(positional []string, n int, usageVI, usageEN string) error {
	if len(positional) != n {
		return &motcua.Error{Code: motcua.EINVALID, Reason: "usage", VI: "Cách dùng: motcua " + usageVI, EN: "Usage: motcua " + usageEN}
	}
	return nil
}
