package motcua

import (
	"regexp"
	"sync"
)

// lazyRegexp compiles its pattern on first use instead of at process
// start: every command pays the package's initialisation, `motcua find`
// and `--help` included, and most never check a code's format. Declared as
// &lazyRegexp{pattern: …}, a variable is laid out by the linker, with no
// code at start.
type lazyRegexp struct {
	pattern string
	once    sync.Once
	re      *regexp.Regexp
}

func (l *lazyRegexp) get() *regexp.Regexp {
	l.once.Do(func() { l.re = regexp.MustCompile(l.pattern) })
	return l.re
}

func (l *lazyRegexp) MatchString(s string) bool { return l.get().MatchString(s) }

func (l *lazyRegexp) FindStringSubmatch(s string) []string { return l.get().FindStringSubmatch(s) }
