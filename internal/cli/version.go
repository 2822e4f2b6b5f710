package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"time"

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
// revision and commit time), "" for what neither says.
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
	return b
}

// VersionLine is the one line --version prints for program prog, in lang:
// what the build did not record is "không rõ" or "unknown", the build date
// is shown as every other date (dd/mm/yyyy HH:MM, Vietnam time).
func VersionLine(prog string, lang motcua.Lang) string {
	b := Build()
	unknown, dirty, devel, form := "không rõ", "+có sửa đổi", "(bản dựng từ mã nguồn)", "%s %s (commit %s, ngày build %s, %s %s/%s)"
	if lang == motcua.EN {
		unknown, dirty, devel, form = "unknown", "+dirty", "(built from source)", "%s %s (commit %s, built %s, %s %s/%s)"
	}
	if b.Version == "(devel)" { // the toolchain's word for a build of a work tree
		b.Version = devel
	}
	or := func(s string) string {
		if s == "" {
			return unknown
		}
		return s
	}
	commitText := or(b.Commit)
	if b.Modified {
		commitText += dirty
	}
	return fmt.Sprintf(form, prog, or(b.Version), commitText, or(buildDate(b.Date)), runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// buildDate shows an RFC 3339 stamp (the toolchain's vcs.time, the release
// script's date) as dd/mm/yyyy HH:MM in Vietnam; any other text as it is.
func buildDate(s string) string {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return motcua.FormatDateTime(t)
	}
	return s
}

// WantsVersion reports whether args are exactly a request for the version.
func WantsVersion(args []string) bool {
	return len(args) == 1 && (args[0] == "--version" || args[0] == "-version" || args[0] == "version")
}
