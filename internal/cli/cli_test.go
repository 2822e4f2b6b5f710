package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/motcua/motcua"
)

func TestJSONEncoderEscapesControlAndBidi(t *testing.T) {
	var b bytes.Buffer
	in := map[string]string{"name": "Nguyễn\u202eAnh\u0085\u009b31m\u2066x\u200f", "ok": "Đồng ý <b>"}
	if err := NewJSONEncoder(&b).Encode(in); err != nil {
		t.Fatal(err)
	}
	for _, r := range b.String() {
		if UnsafeRune(r) {
			t.Fatalf("raw %U in %q", r, b.String())
		}
	}
	var back map[string]string
	if err := json.Unmarshal(b.Bytes(), &back); err != nil || back["name"] != in["name"] || back["ok"] != in["ok"] {
		t.Fatalf("round trip: %v %q", err, back)
	}
}

func TestEnvErrorNamesTheCause(t *testing.T) {
	file := filepath.Join(t.TempDir(), "f")
	os.WriteFile(file, nil, 0o600)
	err := os.MkdirAll(filepath.Join(file, "sub"), 0o700)
	if got := EnvError(fmt.Errorf("open store: %w", err)); motcua.ErrorReason(got) != "data_not_dir" || motcua.ErrorCode(got) != motcua.EINVALID {
		t.Fatalf("a file as data dir: %v", got)
	}
	perm := &fs.PathError{Op: "open", Path: "/srv/motcua", Err: syscall.EACCES}
	if got := EnvError(perm); motcua.ErrorReason(got) != "permission" || !strings.Contains(motcua.ErrorMessage(got, motcua.VI), "/srv/motcua") {
		t.Fatalf("permission: %v", got)
	}
	if got := EnvError(&fs.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}); motcua.ErrorReason(got) != "disk_full" {
		t.Fatalf("disk full: %v", got)
	}
}

func TestFlagErrorsInBothLanguages(t *testing.T) {
	fs := NewFlags("find")
	fs.Int("limit", 20, "")
	fs.String("status", "", "")
	for _, args := range [][]string{{"--bogus"}, {"--limit", "x"}, {"--status"}} {
		_, err := ParseFlags(fs, args)
		vi, en := motcua.ErrorMessage(err, motcua.VI), motcua.ErrorMessage(err, motcua.EN)
		if motcua.ErrorCode(err) != motcua.EINVALID || strings.Contains(vi, "flag") || strings.Contains(vi, "invalid") || vi == en {
			t.Errorf("%v: %q / %q", args, vi, en)
		}
	}
}

func TestLocalePrecedence(t *testing.T) {
	for _, tc := range []struct {
		all, msgs, lang string
		want            motcua.Lang
	}{
		{"C.UTF-8", "", "en_US.UTF-8", motcua.VI},
		{"en_US.UTF-8", "", "vi_VN.UTF-8", motcua.EN},
		{"", "en_GB.UTF-8", "vi_VN.UTF-8", motcua.EN},
		{"", "", "en_US.UTF-8", motcua.EN},
		{"", "", "", motcua.VI},
	} {
		t.Setenv("MOTCUA_LANG", "")
		t.Setenv("LC_ALL", tc.all)
		t.Setenv("LC_MESSAGES", tc.msgs)
		t.Setenv("LANG", tc.lang)
		if got := DefaultLang(); got != tc.want {
			t.Errorf("LC_ALL=%q LC_MESSAGES=%q LANG=%q: %s", tc.all, tc.msgs, tc.lang, got)
		}
	}
}

func TestWantsHelp(t *testing.T) {
	if !WantsHelp([]string{"x", "-h"}) || !WantsHelp([]string{"--help"}) || WantsHelp([]string{"--", "-h"}) || WantsHelp([]string{"h"}) {
		t.Fatal("WantsHelp")
	}
}
