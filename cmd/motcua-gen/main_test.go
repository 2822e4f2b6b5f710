package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/store"
)

func TestGenerateSmallStore(t *testing.T) {
	dir := t.TempDir()
	var out, errOut strings.Builder
	code := run([]string{"-n", "60", "--data", dir, "--seed", "3", "--end", "2026-06-01", "--days", "30", "--unit", "000.00.12.H12"}, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "60 dossiers") {
		t.Fatalf("output:\n%s", out.String())
	}
	s, err := store.Open(filepath.Join(dir, "motcua.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.CheckIntegrity(); err != nil {
		t.Fatal(err)
	}
	st, err := s.State()
	if err != nil || st.Dossiers != 60 || st.Terminal.Unit != "000.00.12.H12" {
		t.Fatalf("state %+v, %v", st, err)
	}
	// The store works with the real clock afterwards.
	if _, err := s.Receive(motcua.ReceiveInput{ProcedureCode: "1.001193", Applicant: motcua.Person{Name: "Lê Văn Cường"}}); err != nil {
		t.Fatal(err)
	}
}

func TestBadFlagsExit2(t *testing.T) {
	existing := t.TempDir()
	if code := run([]string{"-q", "-n", "1", "--data", existing, "--end", "2026-01-05", "--days", "7"}, io.Discard, io.Discard); code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, args := range [][]string{
		{"-n", "5"}, // no --data
		{"-n", "5", "--data", t.TempDir(), "--unit", "H56"},
		{"-n", "5", "--data", t.TempDir(), "--end", "2999-01-01"},
		{"-n", "5", "--data", t.TempDir(), "--end", "01/01/2026"},
		{"--data", t.TempDir(), "extra"},
		{"-n", "5", "--data", existing},
	} {
		var out, errOut strings.Builder
		if code := run(args, &out, &errOut); code != 2 || errOut.Len() == 0 {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut.String())
		}
	}
}

// --scratch is a contract (scripts pass it): it still works, with a
// directory or "auto", and leaves nothing behind in either place.
func TestScratchFlagStillWorks(t *testing.T) {
	for _, scratch := range []string{t.TempDir(), "auto"} {
		dir := t.TempDir()
		var out, errOut strings.Builder
		code := run([]string{"-q", "-n", "40", "--data", dir, "--seed", "2", "--end", "2026-06-01", "--days", "20", "--scratch", scratch}, &out, &errOut)
		if code != 0 {
			t.Fatalf("--scratch %s: exit %d: %s", scratch, code, errOut.String())
		}
		if left, _ := os.ReadDir(dir); len(left) != 1 || left[0].Name() != "motcua.db" {
			t.Fatalf("--scratch %s: data directory holds %v", scratch, left)
		}
		if scratch != "auto" {
			if left, _ := os.ReadDir(scratch); len(left) != 0 {
				t.Fatalf("scratch directory holds %v", left)
			}
		}
		s, err := store.Open(filepath.Join(dir, "motcua.db"))
		if err != nil {
			t.Fatal(err)
		}
		st, err := s.State()
		if err == nil {
			err = s.CheckIntegrity()
		}
		s.Close()
		if err != nil || st.Dossiers != 40 {
			t.Fatalf("--scratch %s: %d dossiers, %v", scratch, st.Dossiers, err)
		}
	}
}

func TestHelpExits0OnStdout(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"-help"}, {"-n", "5", "--help"}} {
		var out, errOut strings.Builder
		if code := run(args, &out, &errOut); code != 0 {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut.String())
		}
		if !strings.Contains(out.String(), "usage: motcua-gen") || !strings.Contains(out.String(), "-data") || errOut.Len() != 0 {
			t.Errorf("%v: stdout %q, stderr %q", args, out.String(), errOut.String())
		}
	}
	// After "--" a -h is an argument, not a request for help.
	var errOut strings.Builder
	if code := run([]string{"--data", t.TempDir(), "--", "-h"}, io.Discard, &errOut); code != 2 {
		t.Errorf("-- -h: exit %d, stderr %q", code, errOut.String())
	}
}
