package faults

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/central"
	"github.com/motcua/motcua/client"
	"github.com/motcua/motcua/server"
	"github.com/motcua/motcua/store"
)

// Child processes. A kill scenario re-executes its own test binary with
// EnvChild naming the role; the test binary's TestMain calls RunChild
// before anything else, and the child never returns: it is killed.
const (
	EnvChild     = "MOTCUA_FAULT_CHILD" // "terminal" or "server"
	EnvChildDB   = "MOTCUA_FAULT_CHILD_DB"
	EnvChildName = "MOTCUA_FAULT_CHILD_NAME"
	EnvChildLife = "MOTCUA_FAULT_CHILD_LIFE" // token prefix: one per process life
	EnvChildSeed = "MOTCUA_FAULT_CHILD_SEED"
	EnvChildData = "MOTCUA_FAULT_CHILD_DATA" // server: data directory
	EnvChildAddr = "MOTCUA_FAULT_CHILD_ADDR" // server: listen address
	EnvChildFP   = "MOTCUA_FAULT_CHILD_FAILPOINT"
	EnvChildPG   = "MOTCUA_FAULT_CHILD_PG" // server: a PostgreSQL DSN instead of the file (pg_server.go)
	// EnvChildStall, set for a server child, holds one sync request in
	// six for StallFor before deciding it (then goes on): longer than the
	// harness's 1 s request timeout, so the terminal sends it again, to the
	// same process or another, while the first copy is still running.
	EnvChildStall = "MOTCUA_FAULT_CHILD_STALL"
)

// StallFor is how long a stalled sync request waits (EnvChildStall).
const StallFor = 1200 * time.Millisecond

// RunChild runs the child named by EnvChild and exits; it returns at once
// when the process is not a child.
func RunChild() {
	switch os.Getenv(EnvChild) {
	case "":
		return
	case "terminal":
		terminalChild()
	case "server":
		serverChild()
	default:
		fmt.Fprintf(os.Stderr, "unknown child %q\n", os.Getenv(EnvChild))
	}
	os.Exit(3)
}

func childFail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "child: "+format+"\n", args...)
	os.Exit(3)
}

// terminalChild is a terminal's life: it opens the store, then receives,
// moves, annotates, logs and answers questions and syncs with the server
// at random, writing every
// history event to stdout (one write per line), until it is killed.
//
//	S       a sync begins        s  it ended (ok or not)
func terminalChild() {
	path, name, life := os.Getenv(EnvChildDB), os.Getenv(EnvChildName), os.Getenv(EnvChildLife)
	seed, _ := strconv.ParseUint(os.Getenv(EnvChildSeed), 10, 64)
	s, err := store.Open(path)
	if err != nil {
		childFail("open: %v", err)
	}
	h := NewHistory(life)
	h.W = os.Stdout
	r := rand.New(rand.NewPCG(seed, 1))
	a := &Actor{Name: name, S: s, H: h, R: r, Q: rand.New(rand.NewPCG(seed, 1+QuestionStream)), C: rand.New(rand.NewPCG(seed, 1+RecordStream))}
	sy, err := client.NewSyncer(s, client.SyncerOptions{StartBatch: 4, MinBatch: 2, MaxBatch: 16, PullLimit: 8,
		Timeout: func(int) time.Duration { return 3 * time.Second }})
	if err != nil {
		childFail("syncer: %v", err)
	}
	for i := 0; i < 100000; i++ {
		if r.IntN(4) == 0 {
			os.Stdout.WriteString("S\n")
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			_, err := sy.Drain(ctx)
			cancel()
			if err != nil && !Temporary(err) {
				childFail("sync: %v", err)
			}
			os.Stdout.WriteString("s\n")
			continue
		}
		if err := a.Step(nil, 40); !Expected(err) {
			childFail("step: %v", err)
		}
	}
	childFail("the loop ended without a kill")
}

// serverChild runs motcua-server's wiring (central.Open, server.New,
// an http.Server on loopback, as cmd/motcua-server serve does) with a
// failpoint: at a chosen moment it writes "FP <name>" to stdout and stops
// dead, for the parent to SIGKILL it right there.
//
//	after-commit  the batch committed, the answer not yet written
//	mid-answer    half of a sync answer (a pull page) written
//	before-apply  the request read, nothing decided yet
func serverChild() {
	dir, addr, fp := os.Getenv(EnvChildData), os.Getenv(EnvChildAddr), os.Getenv(EnvChildFP)
	seed, _ := strconv.ParseUint(os.Getenv(EnvChildSeed), 10, 64)
	r := rand.New(rand.NewPCG(seed, 2))
	c, err := openChildCentral(dir)
	if err != nil {
		childFail("open central: %v", err)
	}
	ln, err := listen(addr, 200, 25*time.Millisecond)
	if err != nil {
		childFail("listen: %v", err)
	}
	stall := os.Getenv(EnvChildStall) != ""
	var rmu sync.Mutex // r is drawn from by concurrent requests when stalling
	draw := func(n int) int { rmu.Lock(); defer rmu.Unlock(); return r.IntN(n) }
	// Each failpoint fires once per life, at the k-th chance.
	k := 1 + r.IntN(2)
	chances := 0
	stop := func(name string) {
		chances++
		if chances == k {
			os.Stdout.WriteString("FP " + name + "\n")
			time.Sleep(time.Minute)
		}
	}
	b := &fpBackend{Store: c, after: func(req motcua.SyncRequest) {
		if fp == "after-commit" && len(req.Ops) > 0 {
			stop(fp)
		}
	}, before: func(req motcua.SyncRequest) {
		if fp == "before-apply" {
			stop(fp)
		}
		if stall && draw(6) == 0 {
			os.Stdout.WriteString("STALL\n")
			time.Sleep(StallFor)
		}
	}}
	o := unlimited()
	if zh := zaloChild(c, dir); zh != nil {
		o.Zalo = zh
	}
	h := server.New(b, o).Handler()
	if fp == "mid-answer" {
		inner := h
		h = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			if req.URL.Path != "/v1/sync" {
				inner.ServeHTTP(w, req)
				return
			}
			inner.ServeHTTP(&halfWriter{ResponseWriter: w, stop: func() { stop(fp) }}, req)
		})
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(os.Stdout, "LISTEN %s\n", ln.Addr())
	err = srv.Serve(ln)
	childFail("serve: %v", err)
}

// openChildCentral opens the server child's store: the file in dir, or
// the PostgreSQL database EnvChildPG names, as motcua-server serve --db
// opens it (the schema is the parent's to migrate; the restore hold on).
func openChildCentral(dir string) (*central.Store, error) {
	dsn := os.Getenv(EnvChildPG)
	if dsn == "" {
		return central.Open(filepath.Join(dir, "central.db"))
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := central.OpenPostgres(ctx, dsn, central.PGOptions{ApplicationName: "motcua-fault-server"})
	if err != nil {
		return nil, err
	}
	c.HoldOrphanedRepush = true // as motcua-server serve runs it
	return c, nil
}

// fpBackend calls hooks around the central store's Sync.
type fpBackend struct {
	*central.Store
	before, after func(motcua.SyncRequest)
}

func (b *fpBackend) Sync(id string, req motcua.SyncRequest) (motcua.RawSyncResponse, error) {
	b.before(req)
	resp, err := b.Store.Sync(id, req)
	if err == nil {
		b.after(req)
	}
	return resp, err
}

// halfWriter writes half of the first body write, flushes it, then stops.
type halfWriter struct {
	http.ResponseWriter
	stop func()
	done bool
}

func (w *halfWriter) Write(p []byte) (int, error) {
	if !w.done && len(p) > 8 {
		w.done = true
		n, err := w.ResponseWriter.Write(p[:len(p)/2])
		if f, ok := w.ResponseWriter.(http.Flusher); ok {
			f.Flush()
		}
		w.stop()
		if err != nil {
			return n, err
		}
		m, err := w.ResponseWriter.Write(p[len(p)/2:])
		return n + m, err
	}
	return w.ResponseWriter.Write(p)
}
