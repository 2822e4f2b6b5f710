package cli

import (
	"strings"
	"testing"

	"github.com/motcua/motcua"
)

// A test binary carries no VCS stamp, as a build outside a git checkout:
// what is unknown is said in the line's own language.
func TestVersionLineSaysUnknownInItsLanguage(t *testing.T) {
	vi, en := VersionLine("motcua", motcua.VI), VersionLine("motcua", motcua.EN)
	if strings.Contains(vi, "unknown") || strings.Contains(vi, "built") || !strings.Contains(vi, "commit không rõ") {
		t.Errorf("vi: %q", vi)
	}
	if strings.Contains(en, "không rõ") || !strings.Contains(en, "commit unknown") {
		t.Errorf("en: %q", en)
	}
}

// The release build's stamp wins, and its date is shown as every other date.
func TestVersionLineShowsTheStamp(t *testing.T) {
	old := [3]string{version, commit, date}
	t.Cleanup(func() { version, commit, date = old[0], old[1], old[2] })
	version, commit, date = "v1.2.0", "abc1234", "2026-12-06T03:04:05Z"
	got := VersionLine("motcua", motcua.VI)
	if !strings.HasPrefix(got, "motcua v1.2.0 (commit abc1234, ngày build 06/12/2026 10:04, ") {
		t.Errorf("vi: %q", got)
	}
	got = VersionLine("motcua-server", motcua.EN)
	if !strings.HasPrefix(got, "motcua-server v1.2.0 (commit abc1234, built 06/12/2026 10:04, ") {
		t.Errorf("en: %q", got)
	}
}

// A build of a work tree (the toolchain says "(devel)") says so in the
// line's language.
func TestVersionLineNamesASourceBuild(t *testing.T) {
	old := version
	t.Cleanup(func() { version = old })
	version = "(devel)"
	if got := VersionLine("motcua", motcua.VI); !strings.HasPrefix(got, "motcua (bản dựng từ mã nguồn) (commit") {
		t.Errorf("vi: %q", got)
	}
	if got := VersionLine("motcua", motcua.EN); !strings.HasPrefix(got, "motcua (built from source) (commit") {
		t.Errorf("en: %q", got)
	}
}
