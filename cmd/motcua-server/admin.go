package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/central"
	"github.com/motcua/motcua/internal/cli"
	"github.com/motcua/motcua/server"
)

// admin returns the way to administer the data directory: through the
// running server's socket, or the file itself when no server runs. close
// must be called when done.
func (e *env) admin() (a server.Admin, close func(), err error) {
	if e.usesPostgres() && e.dataDir == "" {
		// The database takes writes from any process, a running server's too.
		c, err := e.openCentral(false)
		if err != nil {
			return nil, nil, err
		}
		return c, func() { c.Close() }, nil
	}
	if err := e.needData(); err != nil {
		return nil, nil, err
	}
	if conn, err := net.DialTimeout("unix", e.socketPath(), time.Second); err == nil {
		conn.Close()
		return newSocketAdmin(e.socketPath()), func() {}, nil
	}
	if _, err := os.Stat(e.dataDir); err != nil {
		if err := os.MkdirAll(e.dataDir, 0o700); err != nil {
			return nil, nil, err
		}
	}
	c, err := e.openCentral(false)
	if err != nil {
		if motcua.ErrorCode(err) == motcua.ELOCKED {
			return nil, nil, motcua.Errorf(motcua.ELOCKED, "server_running", "",
				"Máy chủ đang chạy nhưng không mở được ổ cắm quản trị %s: hãy dừng máy chủ rồi chạy lại lệnh.",
				"The server is running but its admin socket %s is not reachable: stop the server and run the command again.", e.socketPath())
		}
		return nil, nil, err
	}
	return c, func() { c.Close() }, nil
}

// socketAdmin speaks the admin API over the unix socket.
type socketAdmin struct{ hc *http.Client }

func newSocketAdmin(path string) *socketAdmin {
	return &socketAdmin{hc: &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "unix", path)
		}}}}
}

func (s *socketAdmin) call(method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, "http://admin"+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.hc.Do(req)
	if err != nil {
		return fmt.Errorf("admin socket: %w", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		var e motcua.APIError
		json.Unmarshal(raw, &e)
		code := motcua.EINTERNAL
		switch resp.StatusCode {
		case http.StatusBadRequest:
			code = motcua.EINVALID
		case http.StatusNotFound:
			code = motcua.ENOTFOUND
		case http.StatusForbidden:
			code = motcua.EFORBIDDEN
		}
		return &motcua.Error{Code: code, Reason: e.Error, VI: e.MessageVI, EN: e.Message}
	}
	if out != nil {
		return json.Unmarshal(raw, out)
	}
	return nil
}

func (s *socketAdmin) AddUnit(code, name, parent string) (u motcua.Unit, err error) {
	err = s.call("POST", "/admin/units", server.AddUnitRequest{Code: code, Name: name, Parent: parent}, &u)
	return u, err
}

func (s *socketAdmin) Units() (us []motcua.Unit, err error) {
	err = s.call("GET", "/admin/units", nil, &us)
	return us, err
}

func (s *socketAdmin) CreateEnrollment(unit string, role motcua.Role) (e motcua.Enrollment, err error) {
	err = s.call("POST", "/admin/enrollments", server.EnrollmentRequest{Unit: unit, Role: role}, &e)
	return e, err
}

func (s *socketAdmin) Terminals() (ts []motcua.TerminalRecord, err error) {
	err = s.call("GET", "/admin/terminals", nil, &ts)
	return ts, err
}

func (s *socketAdmin) Revoke(id string) (t motcua.TerminalRecord, err error) {
	err = s.call("POST", "/admin/terminals/"+id+"/revoke", nil, &t)
	return t, err
}

func (s *socketAdmin) Release(id string) (t motcua.TerminalRecord, err error) {
	err = s.call("POST", "/admin/terminals/"+id+"/release", nil, &t)
	return t, err
}

func (s *socketAdmin) SetCatalog(procs []motcua.Procedure) error {
	return s.call("PUT", "/admin/catalog", procs, nil)
}

func (s *socketAdmin) Backup(path string) error {
	return s.call("POST", "/admin/backup", server.BackupRequest{Path: path}, nil)
}

func (s *socketAdmin) RestoreState() (st motcua.RestoreState, err error) {
	err = s.call("GET", "/admin/restore", nil, &st)
	return st, err
}

func (s *socketAdmin) EndRestoreHold() (st motcua.RestoreState, err error) {
	err = s.call("POST", "/admin/restore/end", nil, &st)
	return st, err
}

func (s *socketAdmin) SetCalendar(cal motcua.Calendar) error {
	return s.call("PUT", "/admin/calendar", cal, nil)
}

func (s *socketAdmin) Dossiers(code string) (ds []motcua.Dossier, err error) {
	err = s.call("GET", "/admin/units/"+url.PathEscape(code)+"/dossiers", nil, &ds)
	return ds, err
}

func (s *socketAdmin) CounterRecords(code string, from, to time.Time) (rs []motcua.CounterRecord, err error) {
	q := url.Values{}
	if !from.IsZero() {
		q.Set("from", from.In(motcua.VNZone).Format(time.DateOnly))
	}
	if !to.IsZero() {
		q.Set("to", to.In(motcua.VNZone).Format(time.DateOnly))
	}
	path := "/admin/units/" + url.PathEscape(code) + "/counter-records"
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	err = s.call("GET", path, nil, &rs)
	return rs, err
}

func (s *socketAdmin) SetUnitHours(code string, h motcua.OfficeHours) (u motcua.Unit, err error) {
	err = s.call("PUT", "/admin/units/"+url.PathEscape(code)+"/hours", h, &u)
	return u, err
}

// unit add CODE NAME [--parent CODE] | unit list
// long: the unit subcommands (add, list, hours), one short case each.
func (e *env) unit(args []string) error {
	if len(args) > 0 && args[0] == "hours" {
		return e.unitHours(args[1:])
	}
	if len(args) > 0 && args[0] == "contact" {
		return e.unitContact(args[1:])
	}
	if len(args) == 0 || (args[0] != "add" && args[0] != "list") {
		return usagef("Cách dùng: motcua-server unit add MÃ TÊN [--parent MÃ] | unit list", "Usage: motcua-server unit add CODE NAME [--parent CODE] | unit list")
	}
	fs := newFlags("unit")
	parent := fs.String("parent", "", "")
	rename := fs.Bool("rename", false, "")
	asJSON := fs.Bool("json", false, "")
	pos, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	if args[0] == "list" {
		if len(pos) != 0 {
			return usagef("Cách dùng: motcua-server unit list [--json]", "Usage: motcua-server unit list [--json]")
		}
		a, done, err := e.admin()
		if err != nil {
			return err
		}
		defer done()
		us, err := a.Units()
		if err != nil {
			return err
		}
		if *asJSON {
			enc := cli.NewJSONEncoder(e.stdout)
			for _, u := range us {
				if err := enc.Encode(u); err != nil {
					return err
				}
			}
			return nil
		}
		for _, u := range us {
			fmt.Fprintf(e.stdout, "%s  %s  %s\n", u.Code, motcua.SanitizeLine(u.Name), u.Parent)
		}
		return nil
	}
	if len(pos) < 2 {
		return usagef("Cách dùng: motcua-server unit add MÃ TÊN [--parent MÃ]", "Usage: motcua-server unit add CODE NAME [--parent CODE]")
	}
	code, name := pos[0], strings.Join(pos[1:], " ")
	if err := motcua.ValidateUnitCode(code); err != nil {
		return err
	}
	if *parent != "" {
		if err := motcua.ValidateUnitCode(*parent); err != nil {
			return err
		}
	}
	a, done, err := e.admin()
	if err != nil {
		return err
	}
	defer done()
	old, exists, err := findUnit(a, code)
	if err != nil {
		return err
	}
	if exists && old.Name != motcua.CleanName(name) && !*rename {
		return motcua.Errorf(motcua.EINVALID, "unit_exists", "code",
			"Đơn vị %s đã có với tên “%s”: thêm --rename nếu muốn đổi tên thành “%s”.",
			"Unit %s already exists as “%s”: add --rename to rename it to “%s”.", code, motcua.SanitizeLine(old.Name), motcua.SanitizeLine(name))
	}
	u, err := a.AddUnit(code, name, *parent)
	if err != nil {
		return err
	}
	switch {
	case !exists:
		fmt.Fprintln(e.stdout, e.msg("Đã thêm đơn vị %s (%s).", "Unit %s (%s) added.", u.Code, u.Name))
	case old.Name != u.Name:
		fmt.Fprintln(e.stdout, e.msg("Đã đổi tên đơn vị %s: “%s” → “%s”.", "Unit %s renamed: “%s” → “%s”.", u.Code, old.Name, u.Name))
	default:
		fmt.Fprintln(e.stdout, e.msg("Đơn vị %s (%s) đã có, không thay đổi.", "Unit %s (%s) already exists, unchanged.", u.Code, u.Name))
	}
	return nil
}

func findUnit(a server.Admin, code string) (motcua.Unit, bool, error) {
	us, err := a.Units()
	if err != nil {
		return motcua.Unit{}, false, err
	}
	for _, u := range us {
		if u.Code == code {
			return u, true, nil
		}
	}
	return motcua.Unit{}, false, nil
}

// checkReleasable refuses to release a terminal that does not exist, is
// revoked (releasing it would do nothing: it still cannot sync) or is not
// quarantined, instead of reporting a success that changed nothing.
func checkReleasable(a server.Admin, id string) error {
	ts, err := a.Terminals()
	if err != nil {
		return err
	}
	for _, t := range ts {
		if t.ID != id {
			continue
		}
		switch {
		case t.Revoked():
			return motcua.Errorf(motcua.EINVALID, "terminal_revoked", "terminal",
				"Máy %s đã bị thu hồi: gỡ cách ly không có tác dụng; hãy đăng ký lại máy bằng mã mới (motcua-server enroll).",
				"Terminal %s is revoked: releasing it would do nothing; enroll it again with a new code (motcua-server enroll).", id)
		case !t.Quarantined:
			return motcua.Errorf(motcua.EINVALID, "not_quarantined", "terminal",
				"Máy %s không bị cách ly: không có gì để gỡ.", "Terminal %s is not quarantined: there is nothing to release.", id)
		}
		return nil
	}
	return motcua.Errorf(motcua.ENOTFOUND, "terminal_unknown", "terminal",
		"Không có máy %s (xem “motcua-server terminals”).", "There is no terminal %s (see “motcua-server terminals”).", id)
}

// enroll --unit CODE --role counter|hamlet
func (e *env) enroll(args []string) error {
	fs := newFlags("enroll")
	unit := fs.String("unit", "", "")
	role := fs.String("role", "counter", "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 || *unit == "" {
		return usagef("Cách dùng: motcua-server enroll --unit MÃ --role counter|hamlet", "Usage: motcua-server enroll --unit CODE --role counter|hamlet")
	}
	if err := motcua.ValidateUnitCode(*unit); err != nil {
		return err
	}
	r := motcua.Role(*role)
	if r != motcua.RoleCounter && r != motcua.RoleHamlet {
		return usagef("--role phải là counter (cán bộ một cửa) hoặc hamlet (trưởng ấp).", "--role must be counter or hamlet.")
	}
	a, done, err := e.admin()
	if err != nil {
		return err
	}
	defer done()
	en, err := a.CreateEnrollment(*unit, r)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, en.Code)
	fmt.Fprintln(e.stdout, e.msg("Mã đăng ký dùng một lần cho đơn vị %s, vai trò %s, hết hạn %s. Trên máy trạm: motcua enroll --server ĐỊA_CHỈ --code %s",
		"One-time enrollment code for unit %s, role %s, expires %s. On the terminal: motcua enroll --server URL --code %s",
		en.Unit, en.Role.Label(e.lang), motcua.FormatDateTime(en.ExpiresAt), en.Code))
	return nil
}

// terminals [--json]
func (e *env) terminals(args []string) error {
	fs := newFlags("terminals")
	asJSON := fs.Bool("json", false, "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("Cách dùng: motcua-server terminals [--json]", "Usage: motcua-server terminals [--json]")
	}
	a, done, err := e.admin()
	if err != nil {
		return err
	}
	defer done()
	ts, err := a.Terminals()
	if err != nil {
		return err
	}
	if *asJSON {
		enc := cli.NewJSONEncoder(e.stdout)
		for _, t := range ts {
			if err := enc.Encode(t); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, e.msg("MÃ MÁY\tĐƠN VỊ\tVAI TRÒ\tDẢI SỐ\tĐỒNG BỘ LẦN CUỐI\tSỐ TT\tTÌNH TRẠNG", "TERMINAL\tUNIT\tROLE\tLANE\tLAST SYNC\tSEQ\tSTATE"))
	for _, t := range ts {
		lane := "-"
		if n := len(t.Leases); n > 0 {
			l := t.Leases[n-1]
			lane = fmt.Sprintf("%04d–%04d", l.First, l.Last)
		}
		last := "-"
		if !t.LastSync.IsZero() {
			last = motcua.FormatDateTime(t.LastSync)
		}
		state := e.msg("hoạt động", "active")
		switch {
		case t.Revoked():
			state = e.msg("đã thu hồi", "revoked")
		case t.Quarantined:
			state = e.msg("cách ly (sao chép tệp)", "quarantined (fork)")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\n", t.ID, t.Unit, t.Role, lane, last, t.LastAppliedSeq, state)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if ra, ok := a.(server.RestoreAdmin); ok {
		if st, err := ra.RestoreState(); err == nil && !st.HoldUntil.IsZero() {
			fmt.Fprintln(e.stdout, e.restoreLine(st))
		}
	}
	return nil
}

// revoke TERMINAL | release TERMINAL
func (e *env) revoke(args []string, release bool) error {
	verb := "revoke"
	if release {
		verb = "release"
	}
	pos, err := parseFlags(newFlags(verb), args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || !motcua.ValidID(pos[0]) {
		return usagef("Cách dùng: motcua-server %s MÃ_MÁY (32 ký tự, xem “motcua-server terminals”)",
			"Usage: motcua-server %s TERMINAL (32 characters, see “motcua-server terminals”)", verb)
	}
	a, done, err := e.admin()
	if err != nil {
		return err
	}
	defer done()
	if release {
		if err := checkReleasable(a, pos[0]); err != nil {
			return err
		}
		t, err := a.Release(pos[0])
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, e.msg("Đã gỡ cách ly máy %s.", "Terminal %s released from quarantine.", t.ID))
		return nil
	}
	t, err := a.Revoke(pos[0])
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, e.msg("Đã thu hồi máy %s: máy giữ dữ liệu nhưng không đồng bộ được nữa; dải số của máy được cấp lại sau khi hết hạn.",
		"Terminal %s revoked: it keeps its data but cannot sync; its lane is reused after it expires.", t.ID))
	return nil
}

// catalog import FILE | calendar import FILE
func (e *env) importFile(what string, args []string) error {
	pos, err := parseFlags(newFlags(what), args)
	if err != nil {
		return err
	}
	if len(pos) != 2 || pos[0] != "import" {
		return usagef("Cách dùng: motcua-server %s import TỆP.json", "Usage: motcua-server %s import FILE.json", what)
	}
	raw, err := os.ReadFile(pos[1])
	if err != nil {
		return usagef("Không đọc được tệp %s.", "Cannot read %s.", pos[1])
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	a, done, err := e.admin()
	if err != nil {
		return err
	}
	defer done()
	if what == "catalog" {
		var procs []motcua.Procedure
		if err := dec.Decode(&procs); err != nil {
			return usagef("Tệp danh mục không hợp lệ: %v.", "Invalid catalog file: %v.", err)
		}
		if err := a.SetCatalog(procs); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, e.msg("Đã thay danh mục: %d thủ tục.", "Catalog replaced: %d procedures.", len(procs)))
		return nil
	}
	// The same reader as `motcua calendar import`: one format, one check.
	cal, err := motcua.ParseCalendar(raw)
	if err != nil {
		return err
	}
	if err := a.SetCalendar(cal); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, e.msg("Đã thay lịch làm việc (%d ngày điều chỉnh).", "Calendar replaced (%d overrides).", len(cal.Overrides)))
	return nil
}

// backupNow is `backup [--out FILE]`: a hot copy of the central file taken
// now, by the running server when there is one (through its socket: it
// holds the file) or from the file itself. It is written beside its name
// and renamed into place, so FILE is never half a copy.
func (e *env) backupNow(args []string) error {
	fs := newFlags("backup")
	out := fs.String("out", "", "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("Cách dùng: motcua-server backup [--out TỆP]", "Usage: motcua-server backup [--out FILE]")
	}
	if e.usesPostgres() {
		return central.ErrBackupPostgres
	}
	if err := e.needData(); err != nil {
		return err
	}
	if _, err := os.Stat(e.centralPath()); err != nil {
		return motcua.Errorf(motcua.ENOTFOUND, "no_data", "data", "Không có dữ liệu máy chủ ở %s: hãy kiểm tra --data.",
			"There is no server data at %s: check --data.", e.dataDir)
	}
	path := *out
	if path == "" {
		path = filepath.Join(e.dataDir, "backups", "central-"+time.Now().In(motcua.VNZone).Format("20060102-150405")+".db")
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return err
		}
	}
	if abs, err := filepath.Abs(path); err == nil {
		path = abs // the server resolves it from its own working directory
	}
	if _, err := os.Stat(path); err == nil {
		return usagef("Tệp %s đã có: hãy chọn tên khác.", "%s already exists: choose another name.", path)
	}
	a, done, err := e.admin()
	if err != nil {
		return err
	}
	defer done()
	if err := a.Backup(path + ".tmp"); err != nil {
		os.Remove(path + ".tmp")
		return err
	}
	if err := os.Rename(path+".tmp", path); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, path)
	return nil
}
