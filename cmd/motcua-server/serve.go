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
	"strings"
	"syscall"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/central"
	"github.com/motcua/motcua/server"
	"github.com/motcua/motcua/web"
)

func (e *env) centralPath() string { return filepath.Join(e.dataDir, "central.db") }
func (e *env) socketPath() string  { return filepath.Join(e.dataDir, "admin.sock") }

// serveConfig is what `serve` was told on its command line.
type serveConfig struct {
	addr, cert, key           string
	metricsAddr, metricsToken string
	publicURL                 string // the address printed in QR codes
	trustedProxy              string // reverse proxies whose X-Forwarded-For the pages believe
	counterLane, hamletLane   int
	limits                    server.Limits
	level                     slog.Level
	migrate                   bool // PostgreSQL: apply pending migrations first (under a lock)
}

// parseServe reads and checks serve's flags, before anything is opened.
func (e *env) parseServe(args []string) (serveConfig, error) {
	var cfg serveConfig
	fs := newFlags("serve")
	fs.StringVar(&cfg.addr, "addr", "127.0.0.1:8080", "")
	fs.StringVar(&cfg.cert, "tls-cert", "", "")
	fs.StringVar(&cfg.key, "tls-key", "", "")
	fs.StringVar(&cfg.metricsAddr, "metrics-addr", "", "")
	fs.StringVar(&cfg.metricsToken, "metrics-token", os.Getenv("MOTCUA_METRICS_TOKEN"), "")
	fs.IntVar(&cfg.counterLane, "counter-lane", central.DefaultCounterLen, "")
	fs.IntVar(&cfg.hamletLane, "hamlet-lane", central.DefaultHamletLen, "")
	fs.IntVar(&cfg.limits.MaxConns, "max-conns", 1024, "")
	fs.IntVar(&cfg.limits.MaxConnsPerIP, "max-conns-per-ip", 32, "")
	logLevel := fs.String("log-level", "info", "")
	fs.StringVar(&cfg.publicURL, "public-url", "", "")
	fs.StringVar(&cfg.trustedProxy, "trusted-proxy", "", "")
	fs.BoolVar(&cfg.migrate, "migrate", false, "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return cfg, err
	}
	if len(pos) > 0 {
		return cfg, usagef("Đối số thừa: %q.", "Unexpected argument %q.", pos[0])
	}
	if err := e.needData(); err != nil {
		return cfg, err
	}
	if (cfg.cert == "") != (cfg.key == "") {
		return cfg, usagef("--tls-cert và --tls-key phải đi cùng nhau.", "--tls-cert and --tls-key go together.")
	}
	for _, f := range []string{cfg.cert, cfg.key} {
		if f != "" {
			if _, err := os.Stat(f); err != nil {
				return cfg, usagef("Không đọc được tệp %s.", "Cannot read %s.", f)
			}
		}
	}
	span := central.LeaseLast - central.LeaseFirst + 1
	if cfg.counterLane < 10 || cfg.counterLane > span || cfg.hamletLane < 10 || cfg.hamletLane > span {
		return cfg, usagef("Kích thước dải số phải từ 10 đến %d.", "Lane sizes must be 10 to %d.", span)
	}
	if cfg.limits.MaxConns < 1 || cfg.limits.MaxConnsPerIP < 1 {
		return cfg, usagef("--max-conns và --max-conns-per-ip phải lớn hơn 0.", "--max-conns and --max-conns-per-ip must be above 0.")
	}
	if err := cfg.level.UnmarshalText([]byte(*logLevel)); err != nil {
		return cfg, usagef("--log-level phải là debug, info, warn hoặc error.", "--log-level must be debug, info, warn or error.")
	}
	for _, a := range []string{cfg.addr, cfg.metricsAddr} {
		if _, _, err := net.SplitHostPort(a); a != "" && err != nil {
			return cfg, usagef("Địa chỉ %q không hợp lệ (ví dụ 127.0.0.1:8080).", "Address %q is invalid (e.g. 127.0.0.1:8080).", a)
		}
	}
	return cfg, nil
}

// serve runs the server until the context ends.
func (e *env) serve(args []string) error {
	cfg, err := e.parseServe(args)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(e.stderr, &slog.HandlerOptions{Level: cfg.level, ReplaceAttr: vnLogTime}))
	c, err := e.openCentral(cfg.migrate)
	if err != nil {
		if motcua.ErrorCode(err) == motcua.ELOCKED {
			return motcua.Errorf(motcua.ELOCKED, "running", "", "Máy chủ đã chạy trên thư mục dữ liệu %s.", "A server already runs on data directory %s.", e.dataDir)
		}
		return err
	}
	defer c.Close()
	c.CounterLane, c.HamletLane = cfg.counterLane, cfg.hamletLane
	c.HoldOrphanedRepush = true
	if st, err := c.RestoreState(); err == nil && !st.HoldUntil.IsZero() {
		log.Warn("restore hold open: ops on records this file lacks wait for the terminal that created them",
			"restored_at", st.RestoredAt, "hold_until", st.HoldUntil)
	}
	if cfg.publicURL != "" {
		// The address printed in QR codes; without the flag the one set
		// before (flag or admin) stays.
		if _, err := c.SetPublicURL(cfg.publicURL); err != nil {
			return err
		}
	}
	pages := web.New(c, web.Options{PublicURL: func() string { u, _ := c.PublicURL(); return u },
		ClientIP: web.ProxyClientIP(strings.Split(cfg.trustedProxy, ",")),
		ZaloOA: func() string {
			if z, _ := c.ZaloSettings(); z.On {
				return z.OAID
			}
			return ""
		}})
	zh, stopZalo := e.startZalo(c, log)
	defer stopZalo() // before the store closes
	srv := server.New(c, server.Options{Logger: log, Pages: pages, MetricsToken: cfg.metricsToken, Zalo: zh})
	servers, errc, err := e.listen(cfg, srv, log)
	if err != nil {
		return err
	}
	backups := time.NewTicker(time.Hour)
	defer backups.Stop()
	e.backup(c, log)
	var serveErr error
loop:
	for {
		select {
		case <-e.ctx.Done():
			break loop
		case err := <-errc:
			if !errors.Is(err, http.ErrServerClosed) {
				serveErr = err
			}
			break loop
		case <-backups.C:
			e.backup(c, log)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, hs := range servers {
		hs.Shutdown(ctx)
	}
	if e.adminSocket {
		os.Remove(e.socketPath())
	}
	log.Info("motcua-server stopped")
	return serveErr
}

// listen opens the public address (with its connection limits), the admin
// socket and the private metrics address when asked, serves each, and
// says where the server runs.
func (e *env) listen(cfg serveConfig, srv *server.Server, log *slog.Logger) ([]*http.Server, chan error, error) {
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return nil, nil, listenError(cfg.addr, err)
	}
	errc := make(chan error, 3)
	hs := server.NewHTTPServer(srv.Handler(), slog.NewLogLogger(log.Handler(), slog.LevelWarn))
	limited := srv.Listen(ln, cfg.limits)
	go func() {
		if cfg.cert != "" {
			errc <- hs.ServeTLS(limited, cfg.cert, cfg.key)
		} else {
			errc <- hs.Serve(limited)
		}
	}()
	servers := []*http.Server{hs}
	if cfg.metricsAddr != "" {
		mln, err := net.Listen("tcp", cfg.metricsAddr)
		if err != nil {
			ln.Close()
			return nil, nil, listenError(cfg.metricsAddr, err)
		}
		ms := &http.Server{Handler: srv.MetricsHandler(), ReadHeaderTimeout: 10 * time.Second}
		go func() { errc <- ms.Serve(mln) }()
		servers = append(servers, ms)
	}
	if admin, err := e.listenAdmin(); err != nil {
		log.Warn("admin socket unavailable: stop the server to run admin commands", "err", err.Error())
	} else {
		as := &http.Server{Handler: srv.AdminHandler(), ReadHeaderTimeout: 10 * time.Second}
		go func() { errc <- as.Serve(admin) }()
		servers = append(servers, as)
		e.adminSocket = true
	}
	scheme := "http"
	if cfg.cert != "" {
		scheme = "https"
	}
	log.Info("motcua-server listening", "addr", ln.Addr().String(), "tls", cfg.cert != "", "data", e.dataDir,
		"max_conns", cfg.limits.MaxConns, "max_conns_per_ip", cfg.limits.MaxConnsPerIP)
	fmt.Fprintln(e.stdout, e.msg("Máy chủ motcua đang chạy tại %s://%s (dữ liệu: %s). Nhấn Ctrl+C để dừng.",
		"motcua server listening on %s://%s (data: %s). Press Ctrl+C to stop.", scheme, ln.Addr(), e.dataDir))
	if cfg.cert == "" && !isLoopback(ln.Addr()) {
		log.Warn("plain http on a network address: tokens and citizens' data travel unencrypted; use --tls-cert/--tls-key or a TLS reverse proxy", "addr", ln.Addr().String())
		fmt.Fprintln(e.stderr, e.msg("Cảnh báo: máy chủ dùng http không mã hóa trên địa chỉ mạng %s: khóa truy cập và dữ liệu người dân đi qua mạng không được bảo vệ. Hãy dùng --tls-cert/--tls-key hoặc đặt sau một reverse proxy có TLS (xem docs/DEPLOY.md).",
			"Warning: plain http on network address %s: tokens and citizens' data cross the network unprotected. Use --tls-cert/--tls-key or a TLS reverse proxy (see docs/DEPLOY.md).", ln.Addr()))
	}
	if e.ready != nil {
		e.ready(ln.Addr().String())
	}
	return servers, errc, nil
}

// isLoopback reports whether a listening address is reachable only from
// this machine.
func isLoopback(a net.Addr) bool {
	tcp, ok := a.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
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
	// On PostgreSQL nothing else makes DIR: the socket still needs it.
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return nil, err
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
	if c.Engine() != "bbolt" {
		return // PostgreSQL is backed up by its own tools (docs/DEPLOY.md)
	}
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

// vnLogTime writes a log line's time in Vietnam time (+07:00), as every
// JSON output of both programs (docs/CLI.md, "Dates and times"), whatever
// the server's time zone.
func vnLogTime(groups []string, a slog.Attr) slog.Attr {
	if len(groups) == 0 && a.Key == slog.TimeKey && a.Value.Kind() == slog.KindTime {
		a.Value = slog.TimeValue(a.Value.Time().In(motcua.VNZone))
	}
	return a
}
