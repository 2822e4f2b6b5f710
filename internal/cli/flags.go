// Package cli holds what both commands, motcua and motcua-server, need to
// read their command lines the same way.
package cli

import (
	"flag"
	"io"
	"os"
	"strings"

	"github.com/motcua/motcua"
)

// NewFlags makes a FlagSet that reports errors to the caller, not to
// stderr, so the user sees one line in their language.
func NewFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// ParseFlags lets flags and positional arguments mix in any order
// (`motcua find "nguyen van" --limit 5`), which the flag package alone does
// not. A bad flag is an EINVALID error; -h is flag.ErrHelp.
func ParseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
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

// DefaultLang is the language from the environment: MOTCUA_LANG first, then
// the locale; Vietnamese unless it says English.
func DefaultLang() motcua.Lang {
	for _, v := range []string{"MOTCUA_LANG", "LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := os.Getenv(v); s != "" {
			if l, ok := motcua.ParseLang(s); ok {
				return l
			}
			if v != "MOTCUA_LANG" {
				break
			}
		}
	}
	return motcua.VI
}
