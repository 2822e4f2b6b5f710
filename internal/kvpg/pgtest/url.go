package pgtest

import (
	"net/url"
	"strings"
)

// asURL recognises a postgres:// DSN and returns a function that names
// another database in it.
func asURL(dsn string) (func(string) string, bool) {
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		return nil, false
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return nil, false
	}
	return func(name string) string {
		v := *u
		v.Path = "/" + name
		return v.String()
	}, true
}
