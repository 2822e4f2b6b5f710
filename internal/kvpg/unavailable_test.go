package kvpg_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/kv"
	"github.com/motcua/motcua/internal/kvpg"
	"github.com/motcua/motcua/internal/kvpg/pgtest"
)

// A database that went away (restarted, its backends terminated, the link
// cut) is a passing outage, not a fault of the server: the engine reports
// it as EUNAVAILABLE, which the API answers with 503 and Retry-After, so
// terminals back off and balancers and monitoring see an outage instead of
// internal errors (500).
func TestTerminatedBackendIsUnavailable(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	if _, err := kvpg.Migrate(context.Background(), dsn, kvpg.Options{}, nil); err != nil {
		t.Fatal(err)
	}
	// One connection, opened by the first write (none kept open: MinConns).
	db, err := kvpg.Open(context.Background(), dsn, kvpg.Options{MaxConns: 1, MinConns: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	write := func(tx kv.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte("things"))
		if err != nil {
			return err
		}
		return b.Put([]byte("k"), []byte("v"))
	}
	if err := db.Update(write); err != nil {
		t.Fatal(err)
	}
	// The pool's one connection is now idle; end it from another session
	// as `pg_ctl restart -m fast` or an administrator would (SQLSTATE 57P01).
	admin, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(context.Background())
	var n int
	if err := admin.QueryRow(context.Background(), `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid()`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("terminate the pool's connection: %d, %v", n, err)
	}
	err = db.Update(write)
	if err == nil {
		t.Fatal("a write on a terminated connection succeeded: the test did not cut anything")
	}
	if code, status := motcua.ErrorCode(err), motcua.HTTPStatus(err); code != motcua.EUNAVAILABLE || status != http.StatusServiceUnavailable {
		t.Fatalf("terminated backend: code %q, status %d (%v); want %q, 503", code, status, err, motcua.EUNAVAILABLE)
	}
	if err := db.Update(write); err != nil { // the pool reconnects
		t.Fatalf("after the outage: %v", err)
	}
}

// TestCutLinkIsUnavailable cuts a TCP link to the database (every
// connection closed, new ones refused) and expects EUNAVAILABLE from reads
// and writes alike.
func TestCutLinkIsUnavailable(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	if _, err := kvpg.Migrate(context.Background(), dsn, kvpg.Options{}, nil); err != nil {
		t.Fatal(err)
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	link := newLink(t, cfg.Host, cfg.Port)
	via := fmt.Sprintf("host=127.0.0.1 port=%s user='%s' password='%s' dbname='%s' sslmode=disable",
		link.port(), cfg.User, cfg.Password, cfg.Database)
	db, err := kvpg.Open(context.Background(), via, kvpg.Options{MaxConns: 2, ConnectTimeout: 2e9})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// A read that asks the database (a transaction sends its BEGIN with its
	// first statement: one that reads nothing sends nothing).
	if err := db.Update(func(tx kv.Tx) error { _, err := tx.CreateBucketIfNotExists([]byte("t")); return err }); err != nil {
		t.Fatal(err)
	}
	read := func(tx kv.Tx) error { tx.Bucket([]byte("t")).Get([]byte("k")); return nil }
	if err := db.View(read); err != nil {
		t.Fatal(err)
	}
	link.cut()
	for _, run := range []func(func(kv.Tx) error) error{db.View, db.Update} {
		err := run(read)
		if code := motcua.ErrorCode(err); code != motcua.EUNAVAILABLE || motcua.HTTPStatus(err) != http.StatusServiceUnavailable {
			t.Fatalf("cut link: code %q (%v); want %q, 503", code, err, motcua.EUNAVAILABLE)
		}
	}
}

// link forwards TCP connections from loopback to the database until cut.
type link struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func newLink(t *testing.T, host string, port uint16) *link {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := &link{ln: ln}
	t.Cleanup(l.cut)
	network, addr := "tcp", net.JoinHostPort(host, strconv.Itoa(int(port)))
	if len(host) > 0 && host[0] == '/' { // a Unix socket directory
		network, addr = "unix", host+"/.s.PGSQL."+strconv.Itoa(int(port))
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			d, err := net.Dial(network, addr)
			if err != nil {
				c.Close()
				continue
			}
			l.mu.Lock()
			l.conns = append(l.conns, c, d)
			l.mu.Unlock()
			go func() { _, _ = io.Copy(d, c); d.Close() }()
			go func() { _, _ = io.Copy(c, d); c.Close() }()
		}
	}()
	return l
}

func (l *link) port() string { return strconv.Itoa(l.ln.Addr().(*net.TCPAddr).Port) }

func (l *link) cut() {
	l.ln.Close()
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, c := range l.conns {
		c.Close()
	}
	l.conns = nil
}
