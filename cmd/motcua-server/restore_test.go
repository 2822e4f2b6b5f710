package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua"
)

// TestRestoreCommand: the admin's restore puts a backup in place with the
// server stopped, keeps the replaced file, opens the hold (shown by
// terminals and restore), refuses to run under a live server, and the hold
// ends through the running server's socket.
func TestRestoreCommand(t *testing.T) {
	data := shortDir(t)
	ctx := context.Background()
	run := func(want int, contains string, args ...string) string {
		t.Helper()
		code, out, errs := runCmd(t, ctx, append([]string{"--lang", "en", "--data", data}, args...)...)
		if code != want || !strings.Contains(out+errs, contains) {
			t.Fatalf("%v: exit %d, out %q, err %q; want %d and %q", args, code, out, errs, want, contains)
		}
		return out
	}
	run(0, "UBND", "unit", "add", "000.00.06.H56", "UBND xã Tân Thành")
	backup := filepath.Join(data, "b.db")
	run(0, "b.db", "backup", "--out", backup)
	run(0, "Never restored", "restore")
	run(2, "", "restore", "--from", filepath.Join(data, "nope.db"))
	run(2, "", "restore", "--from", backup, "--end")
	os.WriteFile(filepath.Join(data, "junk.db"), []byte("not bbolt"), 0o600)
	run(2, "not a backup", "restore", "--from", filepath.Join(data, "junk.db"))
	out := run(0, "Restore hold open until", "restore", "--from", backup)
	if !strings.Contains(out, "kept at") {
		t.Fatalf("the replaced file is not reported: %q", out)
	}
	if kept, _ := filepath.Glob(filepath.Join(data, "central.db.replaced-*")); len(kept) != 1 {
		t.Fatalf("replaced file kept: %v", kept)
	}
	run(0, "Restore hold open until", "terminals")

	// With the server running, a restore is refused and the hold ends
	// through its socket.
	sctx, cancel := context.WithCancel(ctx)
	addrc, done := make(chan string, 1), make(chan int)
	var logs bytes.Buffer
	go func() {
		e := &env{stdout: &bytes.Buffer{}, stderr: &logs, lang: motcua.EN, ctx: sctx, dataDir: data, ready: func(a string) { addrc <- a }}
		done <- e.report(e.serve([]string{"--addr", "127.0.0.1:0"}))
	}()
	select {
	case <-addrc:
	case <-time.After(5 * time.Second):
		t.Fatal("server did not start")
	}
	run(1, "running", "restore", "--from", backup)
	run(0, "the hold has ended", "restore", "--end")
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("server exit %d", code)
	}
	if !strings.Contains(logs.String(), "restore hold open") || !strings.Contains(logs.String(), "restore hold ended by the admin") {
		t.Fatalf("the hold is not in the server's log: %s", logs.String())
	}
	if _, err := os.Stat(filepath.Join(data, "central.db")); err != nil {
		t.Fatal(err)
	}
}
