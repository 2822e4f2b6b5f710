// Package cli holds what both commands, motcua and motcua-server, need to
// read their command lines the same way.
package cli

import (
	"flag"
	"io"
	"os"

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
			return nil, flagError(err)
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
// the locale as POSIX reads it for messages — the first of LC_ALL,
// LC_MESSAGES and LANG that is set decides, even when it names neither
// language (LC_ALL=C.UTF-8 LANG=en_US.UTF-8 is the C locale, so
// Vietnamese). Vietnamese unless it says English.
func DefaultLang() motcua.Lang {
	if l, ok := motcua.ParseLang(os.Getenv("MOTCUA_LANG")); ok {
		return l
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := os.Getenv(v); s != "" {
			l, _ := motcua.ParseLang(s)
			return l
		}
	}
	return motcua.VI
}
