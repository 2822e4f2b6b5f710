package cli

import (
	"regexp"
	"sync"

	"github.com/motcua/motcua"
)

// The flag package words its errors in English; these patterns find the
// flag and the value in them, so the user reads a sentence in their own
// language and never the package's wording. They compile at the first bad
// flag, not at every process start.
var (
	reUndefined = &lazyRegexp{pattern: `^flag provided but not defined: -+(.*)$`}
	reNeedsArg  = &lazyRegexp{pattern: `^flag needs an argument: -+(.*)$`}
	reBadValue  = &lazyRegexp{pattern: `^invalid (?:boolean )?value "(.*)" for (?:flag )?-+([^:]*):`}
	reBadSyntax = &lazyRegexp{pattern: `^bad flag syntax: (.*)$`}
)

type lazyRegexp struct {
	pattern string
	once    sync.Once
	re      *regexp.Regexp
}

func (l *lazyRegexp) FindStringSubmatch(s string) []string {
	l.once.Do(func() { l.re = regexp.MustCompile(l.pattern) })
	return l.re.FindStringSubmatch(s)
}

// flagError turns an error from flag.FlagSet.Parse into an EINVALID error
// with a sentence in each language.
func flagError(err error) error {
	s := err.Error()
	if m := reUndefined.FindStringSubmatch(s); m != nil {
		return motcua.Errorf(motcua.EINVALID, "flag", m[1],
			"Không có tùy chọn --%s. Gõ --help để xem các tùy chọn.", "There is no option --%s. Use --help to see the options.", m[1])
	}
	if m := reNeedsArg.FindStringSubmatch(s); m != nil {
		return motcua.Errorf(motcua.EINVALID, "flag_value", m[1], "Thiếu giá trị cho --%s.", "Missing a value for --%s.", m[1])
	}
	if m := reBadValue.FindStringSubmatch(s); m != nil {
		return motcua.Errorf(motcua.EINVALID, "flag_value", m[2],
			"Giá trị %q không hợp lệ cho --%s.", "Value %q is not valid for --%s.", m[1], m[2])
	}
	if m := reBadSyntax.FindStringSubmatch(s); m != nil {
		return motcua.Errorf(motcua.EINVALID, "flag", "", "Tùy chọn viết sai: %q.", "Malformed option: %q.", m[1])
	}
	return motcua.Errorf(motcua.EINVALID, "flag", "", "Tùy chọn không hợp lệ.", "Invalid option.")
}
