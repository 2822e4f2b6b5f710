package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/central"
)

// holdQuestions makes a unit and asks it 33 questions in one hour: the unit
// takes 30, the other 3 are held for review.
func holdQuestions(t *testing.T, data string) []string {
	t.Helper()
	c, err := central.Open(filepath.Join(data, "central.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.AddUnit("000.00.06.H56", "UBND xã Tân Thành", ""); err != nil {
		t.Fatal(err)
	}
	var held []string
	for i := range 33 {
		rec, err := c.AddPublicQuestion(motcua.PublicQuestion{Unit: "000.00.06.H56", Name: "Người hỏi", Contact: "0912345678",
			Text: fmt.Sprintf("Câu hỏi số %d\x1b[31m\tđỏ", i)})
		if err != nil {
			t.Fatal(err)
		}
		if rec.Held {
			held = append(held, rec.ID)
		}
	}
	if len(held) != 3 {
		t.Fatalf("held %d, want 3", len(held))
	}
	return held
}

func heldJSON(t *testing.T, ctx context.Context, data string) []motcua.Question {
	t.Helper()
	code, out, errs := runCmd(t, ctx, "--data", data, "questions", "held", "--json")
	if code != 0 {
		t.Fatalf("questions held --json: %d %s", code, errs)
	}
	var qs []motcua.Question
	dec := json.NewDecoder(strings.NewReader(out))
	for dec.More() {
		var q motcua.Question
		if err := dec.Decode(&q); err != nil {
			t.Fatalf("%v in %s", err, out)
		}
		qs = append(qs, q)
	}
	return qs
}

// With the server stopped the commands work on the file; running, through
// the admin socket. A released question reaches the unit's list, a dropped
// one is gone, and an unknown id is a clear input error.
func TestQuestionsHeldAndRelease(t *testing.T) {
	data := shortDir(t)
	held := holdQuestions(t, data)
	bg := context.Background()
	if qs := heldJSON(t, bg, data); len(qs) != 3 || qs[0].ID != held[0] {
		t.Fatalf("held %+v", qs)
	}
	code, out, _ := runCmd(t, bg, "--data", data, "--lang", "en", "questions", "held")
	if code != 0 || !strings.Contains(out, held[2]) || strings.Contains(out, "\x1b") || !strings.Contains(out, "ASKED BY") {
		t.Fatalf("questions held: %d %q", code, out)
	}
	if code, out, errs := runCmd(t, bg, "--data", data, "--lang", "en", "questions", "release", held[0]); code != 0 || !strings.Contains(out, "delivered") {
		t.Fatalf("release: %d %s %s", code, out, errs)
	}
	if code, _, errs := runCmd(t, bg, "--data", data, "--lang", "en", "questions", "release", "nope"); code != exitInput && code != exitFailure || !strings.Contains(errs, "No held question") {
		t.Fatalf("unknown id: %d %s", code, errs)
	}
	if code, _, _ := runCmd(t, bg, "--data", data, "questions"); code != exitInput {
		t.Fatalf("bare questions: %d", code)
	}
	reviewThroughSocket(t, data, held)
	checkDelivered(t, data, held)
}

// reviewThroughSocket runs the server and drops held[1], releases held[2].
func reviewThroughSocket(t *testing.T, data string, held []string) {
	ctx, cancel := context.WithCancel(context.Background())
	addrc, done := make(chan string, 1), make(chan int)
	go func() {
		e := &env{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, lang: motcua.EN, ctx: ctx, dataDir: data, ready: func(a string) { addrc <- a }}
		done <- e.report(e.serve([]string{"--addr", "127.0.0.1:0"}))
	}()
	select {
	case <-addrc:
	case <-time.After(5 * time.Second):
		t.Fatal("server did not start")
	}
	if qs := heldJSON(t, ctx, data); len(qs) != 2 {
		t.Fatalf("held through the socket %+v", qs)
	}
	if code, out, errs := runCmd(t, ctx, "--data", data, "--lang", "en", "questions", "drop", held[1]); code != 0 || !strings.Contains(out, "dropped") {
		t.Fatalf("drop: %d %s %s", code, out, errs)
	}
	if code, out, errs := runCmd(t, ctx, "--data", data, "--lang", "en", "questions", "release", held[2]); code != 0 {
		t.Fatalf("release through the socket: %d %s %s", code, out, errs)
	}
	if code, _, errs := runCmd(t, ctx, "--data", data, "--lang", "en", "questions", "release", held[1]); code == 0 || !strings.Contains(errs, "No held question") {
		t.Fatalf("a dropped question released: %d %s", code, errs)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("server exit %d", code)
	}
}

// checkDelivered: 30 questions plus the two released reached the unit, the
// dropped one did not, nothing is held.
func checkDelivered(t *testing.T, data string, held []string) {
	c, err := central.Open(filepath.Join(data, "central.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	qs, _ := c.Questions("000.00.06.H56")
	left, _ := c.HeldQuestions("")
	ids := map[string]bool{}
	for _, q := range qs {
		ids[q.ID] = true
	}
	if len(qs) != 32 || !ids[held[0]] || !ids[held[2]] || ids[held[1]] || len(left) != 0 {
		t.Fatalf("delivered %d (want 32: 30 + 2 released), held left %d", len(qs), len(left))
	}
}
