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

// lazyMap is a lookup table built on first use, for the same reason as
// lazyRegexp: a package-level map literal is built by code at every process
// start. Declared as &lazyMap[K, V]{build: func() map[K]V {…}}, it is laid
// out by the linker, with no code at start.
type lazyMap[K comparable, V any] struct {
	once  sync.Once
	build func() map[K]V
	m     map[K]V
}

func (l *lazyMap[K, V]) get() map[K]V {
	l.once.Do(func() { l.m = l.build() })
	return l.m
}
