package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"syscall"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/central"
	"github.com/motcua/motcua/server"
	"github.com/motcua/motcua/web"
)

func (e *env) centralPath() string { return filepath.Join(e.dataDir, "central.db") }
func (e *env) socketPath() string  { return filepath.Join(e.dataDir, "admin.sock") }

// serveOptions are serve's flags, checked.
type serveOptions struct {
	addr, cert, key, publicURL string
	counterLane, hamletLane    int
	level                      slog.Level
}

// serve runs the server until the context ends: the flags, the store, the
// listeners, then the loop that backs up hourly until a stop.
func (e *env) serve(args []string) error {
	o, err := e.serveFlags(args)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(e.stderr, &slog.HandlerOptions{Level: o.level}))
	c, err := central.Open(e.centralPath())
	if err != nil {
		if motcua.ErrorCode(err) == motcua.ELOCKED {
			return motcua.Errorf(motcua.ELOCKED, "running", "", "Máy chủ đã chạy trên thư mục dữ liệu %s.", "A server already runs on data directory %s.", e.dataDir)
		}
		return err
	}
	defer c.Close()
	c.CounterLane, c.HamletLane = o.counterLane, o.hamletLane
	c.HoldOrphanedRepush = true
	if o.publicURL != "" {
		// The address printed in QR codes; without the flag the one set
		// before (flag or admin) stays.
		if _, err := c.SetPublicURL(o.publicURL); err != nil {
			return err
		}
	}
	pages := web.New(c, web.Options{PublicURL: func() string { u, _ := c.PublicURL(); return u }})
	srv := server.New(c, server.Options{Logger: log, Pages: pages})

	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return listenError(o.addr, err)
	}
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 15 * time.Second,
		// A 1 MiB batch over GPRS takes minutes: the body timeouts are generous.
		ReadTimeout:    10 * time.Minute,
		WriteTimeout:   10 * time.Minute,
		IdleTimeout:    2 * time.Minute,
		MaxHeaderBytes: 64 << 10,
		ErrorLog:       slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	admin, adminErr := e.listenAdmin()
	if adminErr != nil {
		log.Warn("admin socket unavailable: stop the server to run admin commands", "err", adminErr.Error())
	}
	errc := make(chan error, 2)
	go func() {
		if o.cert != "" {
			errc <- hs.ServeTLS(ln, o.cert, o.key)
		} else {
			errc <- hs.Serve(ln)
		}
	}()
	var as *http.Server
	if admin != nil {
		as = &http.Server{Handler: srv.AdminHandler(), ReadHeaderTimeout: 10 * time.Second}
		go func() { errc <- as.Serve(admin) }()
	}
	scheme := "http"
	if o.cert != "" {
		scheme = "https"
	}
	log.Info("motcua-server listening", "addr", ln.Addr().String(), "tls", o.cert != "", "data", e.dataDir)
	fmt.Fprintln(e.stdout, e.msg("Máy chủ motcua đang chạy tại %s://%s (dữ liệu: %s). Nhấn Ctrl+C để dừng.",
		"motcua server listening on %s://%s (data: %s). Press Ctrl+C to stop.", scheme, ln.Addr(), e.dataDir))
	if e.ready != nil {
		e.ready(ln.Addr().String())
	}
	serveErr := e.untilStopped(c, log, errc)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	hs.Shutdown(ctx)
	if as != nil {
		as.Shutdown(ctx)
		os.Remove(e.socketPath())
	}
	log.Info("motcua-server stopped")
	return serveErr
}

// serveFlags reads and checks serve's flags.
func (e *env) serveFlags(args []string) (serveOptions, error) {
	fs := newFlags("serve")
	addr := fs.String("addr", "127.0.0.1:8080", "")
	cert := fs.String("tls-cert", "", "")
	key := fs.String("tls-key", "", "")
	counterLane := fs.Int("counter-lane", central.DefaultCounterLen, "")
	hamletLane := fs.Int("hamlet-lane", central.DefaultHamletLen, "")
	logLevel := fs.String("log-level", "info", "")
	publicURL := fs.String("public-url", "", "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return serveOptions{}, err
	}
	o := serveOptions{addr: *addr, cert: *cert, key: *key, publicURL: *publicURL, counterLane: *counterLane, hamletLane: *hamletLane}
	if len(pos) > 0 {
		return o, usagef("Đối số thừa: %q.", "Unexpected argument %q.", pos[0])
	}
	if err := e.needData(); err != nil {
		return o, err
	}
	if (o.cert == "") != (o.key == "") {
		return o, usagef("--tls-cert và --tls-key phải đi cùng nhau.", "--tls-cert and --tls-key go together.")
	}
	for _, f := range []string{o.cert, o.key} {
		if f != "" {
			if _, err := os.Stat(f); err != nil {
				return o, usagef("Không đọc được tệp %s.", "Cannot read %s.", f)
			}
		}
	}
	span := central.LeaseLast - central.LeaseFirst + 1
	if o.counterLane < 10 || o.counterLane > span || o.hamletLane < 10 || o.hamletLane > span {
		return o, usagef("Kích thước dải số phải từ 10 đến %d.", "Lane sizes must be 10 to %d.", span)
	}
	if err := o.level.UnmarshalText([]byte(*logLevel)); err != nil {
		return o, usagef("--log-level phải là debug, info, warn hoặc error.", "--log-level must be debug, info, warn or error.")
	}
	if _, _, err := net.SplitHostPort(o.addr); err != nil {
		return o, usagef("Địa chỉ %q không hợp lệ (ví dụ 127.0.0.1:8080).", "Address %q is invalid (e.g. 127.0.0.1:8080).", o.addr)
	}
	return o, nil
}

// untilStopped backs up now and every hour until the context ends or a
// listener fails (its error, unless it was closed).
func (e *env) untilStopped(c *central.Store, log *slog.Logger, errc <-chan error) error {
	backups := time.NewTicker(time.Hour)
	defer backups.Stop()
	e.backup(c, log)
	for {
		select {
		case <-e.ctx.Done():
			return nil
		case err := <-errc:
			if !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			return nil
		case <-backups.C:
			e.backup(c, log)
		}
	}
}

// listenAdmin opens the admin socket, readable only by the data's owner. A
// stale socket left by a crash is replaced; a live one means another server.
func (e *env) listenAdmin() (net.Listener, error) {
	p := e.socketPath()
	if len(p) > 100 {
		return nil, fmt.Errorf("socket path %s is too long", p)
	}
	if conn, err := net.DialTimeout("unix", p, time.Second); err == nil {
		conn.Close()
		return nil, fmt.Errorf("another server answers on %s", p)
	}
	os.Remove(p)
	ln, err := net.Listen("unix", p)
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(p, 0o600); err != nil {
		ln.Close()
		return nil, err
	}
	return ln, nil
}

// backup keeps one hot copy of the central file per day, for a week, in
// DIR/backups (mode 0600).
func (e *env) backup(c *central.Store, log *slog.Logger) {
	dir := filepath.Join(e.dataDir, "backups")
	name := filepath.Join(dir, "central-"+time.Now().In(motcua.VNZone).Format("20060102")+".db")
	if _, err := os.Stat(name); err == nil {
		return
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		log.Error("backup", "err", err.Error())
		return
	}
	if err := c.Backup(name + ".tmp"); err != nil {
		log.Error("backup", "err", err.Error())
		return
	}
	if err := os.Rename(name+".tmp", name); err != nil {
		log.Error("backup", "err", err.Error())
		return
	}
	log.Info("hot backup written", "file", name)
	old, _ := filepath.Glob(filepath.Join(dir, "central-*.db"))
	sort.Strings(old)
	for len(old) > 7 {
		os.Remove(old[0])
		old = old[1:]
	}
}

// listenError says why the address cannot be served: a port another
// program holds or one that needs privileges is the machine's state, not
// bad input (exit 1); an address this machine does not have is bad input.
func listenError(addr string, err error) error {
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		return motcua.Errorf(motcua.ECONFLICT, "addr_in_use", "addr",
			"Cổng %s đang được chương trình khác dùng: hãy dừng chương trình đó hoặc chọn --addr khác.",
			"Port %s is in use by another program: stop it or choose another --addr.", addr)
	case errors.Is(err, syscall.EACCES):
		return motcua.Errorf(motcua.EFORBIDDEN, "addr_denied", "addr",
			"Không được phép mở cổng %s (cổng dưới 1024 cần quyền): hãy dùng cổng từ 1024 trở lên, hoặc đặt máy chủ sau một proxy.",
			"Not allowed to listen on %s (ports below 1024 need privileges): use a port from 1024 up, or a reverse proxy.", addr)
	}
	return motcua.Errorf(motcua.EINVALID, "listen", "addr", "Không mở được địa chỉ %s: máy này không có địa chỉ đó?",
		"Cannot listen on %s: does this machine have that address?", addr)
}
