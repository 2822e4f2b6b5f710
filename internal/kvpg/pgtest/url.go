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

// URL writes a DSN as a postgres:// URL: a key=value one (host, port,
// user, dbname, sslmode; a unix socket directory goes in the host query
// parameter), or a URL as it is.
func URL(dsn string) string {
	if _, ok := asURL(dsn); ok {
		return dsn
	}
	kv := map[string]string{}
	for _, f := range strings.Fields(dsn) {
		if k, v, ok := strings.Cut(f, "="); ok {
			kv[k] = v
		}
	}
	u := url.URL{Scheme: "postgres", Path: "/" + kv["dbname"]}
	if kv["user"] != "" {
		u.User = url.User(kv["user"])
	}
	q := url.Values{}
	if h := kv["host"]; strings.HasPrefix(h, "/") {
		q.Set("host", h)
	} else if h != "" {
		u.Host = h
		if p := kv["port"]; p != "" {
			u.Host += ":" + p
		}
	}
	if s := kv["sslmode"]; s != "" {
		q.Set("sslmode", s)
	}
	u.RawQuery = q.Encode()
	return u.String()
}
