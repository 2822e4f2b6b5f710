package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/central"
	"github.com/motcua/motcua/internal/cli"
	"github.com/motcua/motcua/server"
	"github.com/motcua/motcua/zalo"
)

// The Zalo Official Account channel (docs/DESIGN.md §14): motcua-server
// zalo set|status|off. The secrets are copied into DATA/zalo (mode 0600)
// by the command itself; the settings go to the store, through the admin
// socket while the server runs.

func (s *socketAdmin) SetZaloSettings(z motcua.ZaloSettings) error {
	return s.call("PUT", "/admin/zalo", z, nil)
}

func (s *socketAdmin) ZaloOff() error { return s.call("DELETE", "/admin/zalo", nil, nil) }

func (s *socketAdmin) ZaloStatus() (st motcua.ZaloStatus, err error) {
	err = s.call("GET", "/admin/zalo", nil, &st)
	return st, err
}

func (e *env) zaloAdmin() (server.ZaloAdmin, func(), error) {
	a, done, err := e.admin()
	if err != nil {
		return nil, nil, err
	}
	z, ok := a.(server.ZaloAdmin)
	if !ok {
		done()
		return nil, nil, fmt.Errorf("the store does not hold the Zalo channel")
	}
	return z, done, nil
}

// zalo set|status|off
func (e *env) zalo(args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "set":
			return e.zaloSet(args[1:])
		case "status":
			return e.zaloStatus(args[1:])
		case "off":
			return e.zaloOff(args[1:])
		}
	}
	return usagef("Cách dùng: motcua-server zalo set … | zalo status [--json] | zalo off",
		"Usage: motcua-server zalo set … | zalo status [--json] | zalo off")
}

func readSecretFile(flag, path string, required bool) (string, error) {
	if path == "" {
		if required {
			return "", usagef("Thiếu --%s TỆP.", "--%s FILE is missing.", flag)
		}
		return "", nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", motcua.Errorf(motcua.EINVALID, "usage", flag, "Không đọc được tệp %s (--%s).", "Cannot read file %s (--%s).", path, flag)
	}
	v := strings.TrimSpace(string(b))
	if v == "" || strings.ContainsAny(v, " \t\r\n") {
		return "", motcua.Errorf(motcua.EINVALID, "usage", flag, "Tệp %s (--%s) phải chứa đúng một khóa trên một dòng.",
			"File %s (--%s) must hold exactly one key on one line.", path, flag)
	}
	return v, nil
}

func (e *env) zaloSet(args []string) error {
	fs := newFlags("zalo set")
	oaID := fs.String("oa-id", "", "")
	appID := fs.String("app-id", "", "")
	secretFile := fs.String("secret-key-file", "", "")
	appSecretFile := fs.String("app-secret-file", "", "")
	accessFile := fs.String("access-token-file", "", "")
	refreshFile := fs.String("refresh-token-file", "", "")
	unit := fs.String("default-unit", "", "")
	apiURL := fs.String("api-url", "", "")
	oauthURL := fs.String("oauth-url", "", "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 || *oaID == "" || *appID == "" {
		return usagef("Cách dùng: motcua-server %[1]s", "Usage: motcua-server %[2]s", zaloSetUsage.vi, zaloSetUsage.en)
	}
	if *unit != "" {
		if err := motcua.ValidateUnitCode(*unit); err != nil {
			return err
		}
	}
	if *oauthURL == "" {
		*oauthURL = *apiURL // a stand-in serves both
	}
	secrets := map[string]string{}
	for _, f := range []struct {
		flag, path, name string
		required         bool
	}{
		{"secret-key-file", *secretFile, zalo.SecretKeyFile, true},
		{"access-token-file", *accessFile, zalo.AccessTokenFile, true},
		{"refresh-token-file", *refreshFile, zalo.RefreshTokenFile, false},
		{"app-secret-file", *appSecretFile, zalo.AppSecretFile, false},
	} {
		v, err := readSecretFile(f.flag, f.path, f.required)
		if err != nil {
			return err
		}
		if v != "" {
			secrets[f.name] = v
		}
	}
	if _, ok := secrets[zalo.AppSecretFile]; !ok && secrets[zalo.RefreshTokenFile] != "" {
		// One key file for both, when the province's IT has one.
		secrets[zalo.AppSecretFile] = secrets[zalo.SecretKeyFile]
	}
	if err := e.needData(); err != nil {
		return err // the keys go to DATA/zalo, on PostgreSQL too
	}
	a, done, err := e.zaloAdmin()
	if err != nil {
		return err
	}
	defer done()
	// The settings first: they are checked (the default unit must exist),
	// and a refused set leaves the secrets as they were.
	if err := a.SetZaloSettings(motcua.ZaloSettings{OAID: *oaID, AppID: *appID, DefaultUnit: *unit,
		APIURL: *apiURL, OAuthURL: *oauthURL}); err != nil {
		return err
	}
	dir := zalo.SecretsDir(e.dataDir)
	for name, v := range secrets {
		if err := zalo.WriteSecret(dir, name, v); err != nil {
			_ = a.ZaloOff() // half the keys of a set is no set
			return err
		}
	}
	fmt.Fprintln(e.stdout, e.msg("Đã bật kênh Zalo OA %s. Khóa bí mật và mã truy cập lưu trong %s (chỉ người chạy máy chủ đọc được). Đặt địa chỉ webhook của OA là https://<máy chủ>/zalo/webhook.",
		"Zalo OA %s channel on. The secret key and tokens are in %s (readable by the server's user only). Set the OA's webhook to https://<server>/zalo/webhook.", *oaID, dir))
	return nil
}

func (e *env) zaloStatus(args []string) error {
	fs := newFlags("zalo status")
	asJSON := fs.Bool("json", false, "")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) != 0 {
		return usagef("Cách dùng: motcua-server zalo status [--json]", "Usage: motcua-server zalo status [--json]")
	}
	a, done, err := e.zaloAdmin()
	if err != nil {
		return err
	}
	defer done()
	st, err := a.ZaloStatus()
	if err != nil {
		return err
	}
	if *asJSON {
		return cli.NewJSONEncoder(e.stdout).Encode(st)
	}
	if !st.Configured {
		fmt.Fprintln(e.stdout, e.msg("Kênh Zalo chưa được cài đặt (motcua-server zalo set …).", "The Zalo channel is not set up (motcua-server zalo set …)."))
		return nil
	}
	on := e.msg("đang bật", "on")
	if !st.Settings.On {
		on = e.msg("đang tắt", "off")
	}
	expiry := e.msg("chưa biết (làm mới khi Zalo báo hết hạn)", "unknown (refreshed when Zalo says it expired)")
	if !st.Settings.TokenExpiry.IsZero() {
		expiry = motcua.FormatDateTime(st.Settings.TokenExpiry)
	}
	fmt.Fprintln(e.stdout, e.msg("Kênh Zalo OA %s: %s", "Zalo OA %s channel: %s", st.Settings.OAID, on))
	fmt.Fprintln(e.stdout, e.msg("Mã truy cập hết hạn: %s", "Access token expires: %s", expiry))
	fmt.Fprintln(e.stdout, e.msg("Hộp thư đi: %d tin chờ gửi, %d không gửi được, %d đã gửi", "Outbox: %d waiting, %d undeliverable, %d sent",
		st.Outbox, st.Undeliverable, st.Sent))
	if st.LastError != "" {
		fmt.Fprintln(e.stdout, e.msg("Lỗi gần nhất (%s): %s", "Last error (%s): %s", motcua.FormatDateTime(st.LastErrorAt), motcua.SanitizeLine(st.LastError)))
	}
	return nil
}

func (e *env) zaloOff(args []string) error {
	if len(args) != 0 {
		return usagef("Cách dùng: motcua-server zalo off", "Usage: motcua-server zalo off")
	}
	a, done, err := e.zaloAdmin()
	if err != nil {
		return err
	}
	defer done()
	if err := a.ZaloOff(); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, e.msg("Đã tắt kênh Zalo: webhook từ chối sự kiện, không gửi tin. Hộp thư đi và khóa được giữ; “zalo set” bật lại.",
		"Zalo channel off: the webhook refuses events, nothing is sent. The outbox and keys are kept; “zalo set” turns it back on."))
	return nil
}

// startZalo runs the channel's Sender beside the server; stop ends it and
// waits, before the store closes.
func (e *env) startZalo(c *central.Store, log *slog.Logger) (*zalo.Handler, func()) {
	dir := zalo.SecretsDir(e.dataDir)
	h := zalo.NewHandler(c, dir, nil, log)
	s := zalo.NewSender(c, dir, nil, log)
	s.Shared = e.usesPostgres() // several API processes may send: one at a time
	if v, err := time.ParseDuration(os.Getenv("MOTCUA_ZALO_MAX_BACKOFF")); err == nil && v > 0 {
		s.Interval = min(s.Interval, v)
		s.Backoff = func(n int) time.Duration { return min(zalo.DefaultBackoff(n), v) }
	}
	h.Wake = s.Wake
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); s.Run(ctx) }()
	return h, func() { cancel(); <-done }
}
