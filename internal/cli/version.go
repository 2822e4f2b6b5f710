package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/motcua/motcua"
)

// Set by the release build (scripts/release.sh) with
//
//	-ldflags "-X github.com/motcua/motcua/internal/cli.version=v1.2.0
//	          -X github.com/motcua/motcua/internal/cli.commit=…
//	          -X github.com/motcua/motcua/internal/cli.date=…"
//
// A plain `go build` leaves them empty and the build info fills them in.
var version, commit, date string

// BuildInfo is what --version prints.
type BuildInfo struct {
	Version, Commit, Date string
	Modified              bool // built from a work tree with uncommitted changes
}

// Build returns the version, commit and build date: the release build's
// stamp first, then what the Go toolchain recorded (module version, VCS
// revision and commit time), "unknown" for what neither says.
func Build() BuildInfo {
	b := BuildInfo{Version: version, Commit: commit, Date: date}
	if info, ok := debug.ReadBuildInfo(); ok {
		if b.Version == "" && info.Main.Version != "" {
			b.Version = info.Main.Version
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				if b.Commit == "" {
					b.Commit = s.Value
				}
			case "vcs.time":
				if b.Date == "" {
					b.Date = s.Value
				}
			case "vcs.modified":
				b.Modified = s.Value == "true" && commit == ""
			}
		}
	}
	for _, f := range []*string{&b.Version, &b.Commit, &b.Date} {
		if *f == "" {
			*f = "unknown"
		}
	}
	return b
}

// VersionLine is the one line --version prints for program prog.
func VersionLine(prog string, lang motcua.Lang) string {
	b := Build()
	commitText := b.Commit
	if b.Modified {
		commitText += "+dirty"
	}
	if lang == motcua.EN {
		return fmt.Sprintf("%s %s (commit %s, built %s, %s %s/%s)", prog, b.Version, commitText, b.Date, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	}
	return fmt.Sprintf("%s %s (commit %s, ngày build %s, %s %s/%s)", prog, b.Version, commitText, b.Date, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// WantsVersion reports whether args are exactly a request for the version.
func WantsVersion(args []string) bool {
	return len(args) == 1 && (args[0] == "--version" || args[0] == "-version" || args[0] == "version")
}
