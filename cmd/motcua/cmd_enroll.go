package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/client"
	"github.com/motcua/motcua/store"
)

func init() {
	commands = append(commands, command{"enroll",
		"enroll --server ĐỊA_CHỈ --code MÃ [--officer TÊN] [--force]   đăng ký máy với máy chủ (mã do quản trị cấp)",
		"enroll --server URL --code CODE [--officer NAME] [--force]   enroll this terminal with a server (code from the admin)",
		runEnroll})
}

// long: the enrollment steps in the order the officer sees them (flags, the store, the request, the record); each is short.
func runEnroll(e *env, args []string) error {
	fs := newFlags("enroll")
	serverURL := fs.String("server", "", "")
	code := fs.String("code", "", "")
	officer := fs.String("officer", "", "")
	force := fs.Bool("force", false, "")
	timeout := fs.Duration("timeout", 30*time.Second, "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 0, "enroll --server ĐỊA_CHỈ --code MÃ [--officer TÊN]", "enroll --server URL --code CODE [--officer NAME]"); err != nil {
		return err
	}
	if *serverURL == "" || *code == "" {
		return motcua.Errorf(motcua.EINVALID, "usage", "", "Cần --server và --code (mã đăng ký do quản trị cấp).",
			"--server and --code are required (the enrollment code from the administrator).")
	}
	base, err := checkServerURL(*serverURL)
	if err != nil {
		return err
	}
	if insecure(base) {
		fmt.Fprintln(e.stderr, msg(e.lang, "Cảnh báo: %s không dùng HTTPS; khóa truy cập của máy sẽ đi qua mạng không mã hóa.",
			"Warning: %s does not use HTTPS; the terminal's token will cross the network unencrypted.", base))
	}
	if *officer != "" {
		if _, err := motcua.ValidateName(*officer); err != nil {
			return err
		}
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	defer s.Close()
	m, err := s.SyncMeta()
	if err != nil {
		return err
	}
	if m.Terminal.Enrolled() && !*force {
		return motcua.Errorf(motcua.EINVALID, "already_enrolled", "",
			"Máy đã đăng ký với %s (mã máy %s). Để đăng ký lại (ví dụ sau khi bị thu hồi), thêm --force.",
			"This terminal is already enrolled with %s (terminal %s). To enroll again (e.g. after a revocation), add --force.",
			m.Terminal.Server, m.Terminal.ID)
	}
	if m.Terminal.Officer == "" && *officer == "" {
		return motcua.Errorf(motcua.EINVALID, "officer_required", "officer",
			"Máy chưa cài đặt cán bộ: thêm --officer \"Họ Tên\".", "No officer is set up on this terminal yet: add --officer \"Full Name\".")
	}
	nonce := m.Terminal.InstallNonce
	if nonce == "" {
		nonce = motcua.NewID(time.Now())
	}
	manifest, err := s.StandaloneManifest()
	if err != nil {
		return err
	}
	req := motcua.EnrollRequest{Code: *code, InstallNonce: nonce, Schema: motcua.WireSchema, AckedSeq: m.AckedSeq, Standalone: &manifest}
	if m.Terminal.Enrolled() {
		req.Previous = &motcua.PreviousTerminal{TerminalID: m.Terminal.ID, Token: m.Terminal.Token}
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	c := client.New(base, "", client.Options{})
	resp, err := c.Enroll(ctx, req)
	if motcua.ErrorReason(err) == "previous_invalid" && req.Previous != nil {
		// The server does not know the old identity (another server, or a
		// restored one): enroll afresh; codes issued before stay pending.
		fmt.Fprintln(e.stderr, msg(e.lang, "Lưu ý: máy chủ không nhận danh tính cũ của máy; đăng ký như máy mới.",
			"Note: the server does not know this terminal's previous identity; enrolling as a new one."))
		req.Previous = nil
		resp, err = c.Enroll(ctx, req)
	}
	if err != nil {
		return netFailure(err)
	}
	info, err := s.SetEnrollment(store.Enrollment{Server: base, Response: resp, Officer: *officer, InstallNonce: nonce})
	if err != nil {
		return err
	}
	lane := ""
	if len(resp.Lanes) > 0 {
		l := resp.Lanes[0]
		lane = fmt.Sprintf("%04d–%04d", l.First, l.Last)
	}
	fmt.Fprintln(e.stdout, msg(e.lang, "Đã đăng ký: máy %s của đơn vị %s (%s), vai trò %s, dải số %s.",
		"Enrolled: terminal %s of unit %s (%s), role %s, lane %s.", info.ID, info.Unit, info.UnitName, info.Role.Label(e.lang), lane))
	if st, err := s.State(); err == nil && st.Waiting > 0 {
		fmt.Fprintln(e.stdout, msg(e.lang, "Có %d thao tác chờ gửi: chạy “motcua sync”.", "%d ops are waiting: run “motcua sync”.", st.Waiting))
	}
	return nil
}

// checkServerURL accepts http(s)://host[:port] and warns when a token would
// cross a network in clear.
func checkServerURL(s string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
		return "", motcua.Errorf(motcua.EINVALID, "server_url", "server",
			"Địa chỉ máy chủ %q không hợp lệ (ví dụ https://motcua.camau.gov.vn hoặc http://127.0.0.1:8080).",
			"Server address %q is invalid (e.g. https://motcua.camau.gov.vn or http://127.0.0.1:8080).", s)
	}
	return u.Scheme + "://" + u.Host, nil
}

// insecure reports plain HTTP to a host that is not this machine.
func insecure(base string) bool {
	u, err := url.Parse(base)
	if err != nil || u.Scheme != "http" {
		return false
	}
	ip := net.ParseIP(u.Hostname())
	return u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback())
}

// netFailure turns a client error into the one line the officer reads,
// and the exit status it deserves: a wrong enrollment code is bad input;
// what the officer cannot fix is a failure.
func netFailure(err error) error {
	var ae *motcua.Error
	if !errors.As(err, &ae) || ae.Status == 0 {
		return err
	}
	e := *ae
	switch {
	case e.Reason == motcua.ErrEnrollInvalid:
		e.Code = motcua.EINVALID
	case e.Code == motcua.EINVALID, e.Code == motcua.EUNAUTHORIZED, e.Code == motcua.EFORBIDDEN:
	default:
		e.Code = motcua.EINTERNAL
	}
	return &e
}
