package main

import (
	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/cli"
)

// newFlags and parseFlags are the shared command-line readers.
var (
	newFlags   = cli.NewFlags
	parseFlags = cli.ParseFlags
)

func wantArgs(positional []string, n int, usageVI, usageEN string) error {
	if len(positional) != n {
		return &motcua.Error{Code: motcua.EINVALID, Reason: "usage", VI: "Cách dùng: motcua " + usageVI, EN: "Usage: motcua " + usageEN}
	}
	return nil
}
