package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua"
)

type cliRun struct {
	t    *testing.T
	data string
}

func newCLI(t *testing.T) *cliRun {
	t.Setenv("MOTCUA_DATA", "")
	t.Setenv("LANG", "C")
	// Receptions happen in office hours unless a test says otherwise: the
	// last open instant before now, so a run at night or on a holiday
	// still receives "today or just before".
	receiveNow = func() time.Time { return lastOpen(motcua.DefaultCalendar(), time.Now()) }
	t.Cleanup(func() { receiveNow = time.Now })
	return &cliRun{t: t, data: filepath.Join(t.TempDir(), "data")}
}

func (c *cliRun) run(args ...string) (code int, stdout, stderr string) {
	c.t.Helper()
	var out, errb bytes.Buffer
	code = run(append([]string{"--data", c.data}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

func (c *cliRun) mustRun(args ...string) string {
	c.t.Helper()
	code, out, errs := c.run(args...)
	if code != 0 {
		c.t.Fatalf("motcua %v: exit %d, stderr %s", args, code, errs)
	}
	return out
}

// The "tried as a new user would" flow.
func TestNewUserFlow(t *testing.T) {
	c := newCLI(t)
	c.mustRun("init", "--unit", "000.00.06.H56", "--unit-name", "UBND xã Tân Thành", "--officer", "Trần Văn Bình")
	out := c.mustRun("receive", "--procedure", "1.001193", "--name", "Nguyễn Thị Ánh", "--phone", "0912 345 678")
	code := strings.SplitN(out, "\n", 2)[0]
	if !strings.HasPrefix(code, "000.00.06.H56-") || strings.ContainsAny(code, " \t") {
		t.Fatalf("first line is not the code alone: %q", out)
	}
	if !strings.Contains(out, "Hẹn trả") {
		t.Fatalf("no appointment: %q", out)
	}
	if found := c.mustRun("find", "nguyen thi anh"); !strings.Contains(found, code) {
		t.Fatalf("find: %q", found)
	}
	if shown := c.mustRun("show", code); !strings.Contains(shown, "Nguyễn Thị Ánh") || !strings.Contains(shown, "Quá trình xử lý") {
		t.Fatalf("show: %q", shown)
	}
	c.mustRun("move", code, "4")
	c.mustRun("move", code, "9")
	c.mustRun("move", code, "10", "--to", "Nguyễn Thị Ánh")
	exit, _, errs := c.run("move", code, "4")
	if exit != exitInput || !strings.Contains(errs, "Không được chuyển") || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
		t.Fatalf("10→4: exit %d, %q", exit, errs)
	}
}

func TestReceiveJSON(t *testing.T) {
	c := newCLI(t)
	c.mustRun("init", "--unit", "000.00.06.H56", "--unit-name", "UBND xã Tân Thành", "--officer", "Trần Văn Bình")
	out := c.mustRun("receive", "--procedure", "2.000815", "--name", "Lê Văn Cường", "--pages", "5", "--json")
	var r map[string]any
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v: %q", err, out)
	}
	for _, k := range []string{"id", "code", "check", "appointment", "status"} {
		if _, ok := r[k]; !ok {
			t.Errorf("missing %s in %s", k, out)
		}
	}
	if r["status"].(float64) != 2 {
		t.Errorf("status %v", r["status"])
	}
	// A standalone terminal has no public address: the key is made (offline),
	// the lookup address is empty, and the QR holds the bare code.
	if k, _ := r["lookup_key"].(string); motcua.NormalizeLookupKey(k) == "" {
		t.Errorf("lookup_key %q", r["lookup_key"])
	}
	if u, ok := r["lookup_url"].(string); !ok || u != "" {
		t.Errorf("lookup_url %v", r["lookup_url"])
	}
	var shown map[string]any
	if err := json.Unmarshal([]byte(c.mustRun("show", r["code"].(string), "--json")), &shown); err != nil {
		t.Fatal(err)
	}
	if u, ok := shown["lookup_url"].(string); !ok || u != "" || shown["key_hash"] == "" {
		t.Errorf("show --json: lookup_url %v, key_hash %v", shown["lookup_url"], shown["key_hash"])
	}
}

func TestBadInputExitsTwoAndWritesNothing(t *testing.T) {
	c := newCLI(t)
	// Before init nothing exists; a bad init must not create the data file.
	if code, _, errs := c.run("init", "--unit", "H56", "--unit-name", "X", "--officer", "Trần Văn Bình"); code != exitInput || errs == "" {
		t.Fatalf("bad unit: %d %q", code, errs)
	}
	if _, err := os.Stat(filepath.Join(c.data, "motcua.db")); !os.IsNotExist(err) {
		t.Fatal("a refused init created the data file")
	}
	c.mustRun("init", "--unit", "000.00.06.H56", "--unit-name", "UBND xã Tân Thành", "--officer", "Trần Văn Bình")
	bad := [][]string{
		{"receive", "--procedure", "1.001193", "--name", "Lê Văn 3"},
		{"receive", "--procedure", "1.001193", "--name", "Lê Văn Cường", "--id", "12345678901"},
		{"receive", "--procedure", "1.001193", "--name", "Lê Văn Cường", "--phone", "0123"},
		{"receive", "--procedure", "1.001193", "--name", "Lê Văn Cường", "--dob", "31/02/1990"},
		{"receive", "--procedure", "9.999999", "--name", "Lê Văn Cường"},
		{"receive", "--procedure", "1.001193", "--name", "Lê Văn Cường", "--bogus"},
		{"find"},
		{"find", "x", "--status", "42"},
		{"move", "000.00.06.H56-231027-0361"},
		{"nonsense"},
	}
	for _, args := range bad {
		code, out, errs := c.run(args...)
		if code != exitInput || out != "" || strings.Count(strings.TrimSpace(errs), "\n") != 0 || errs == "" {
			t.Errorf("%v: exit %d, out %q, err %q", args, code, out, errs)
		}
		if strings.Contains(errs, "goroutine") || strings.Contains(errs, "panic") {
			t.Errorf("%v: stack trace on screen", args)
		}
	}
	if out := c.mustRun("export", "--format", "jsonl"); out != "" {
		t.Fatalf("something was written: %q", out)
	}
}

func TestEnglish(t *testing.T) {
	c := newCLI(t)
	c.mustRun("init", "--unit", "000.00.06.H56", "--unit-name", "UBND xã Tân Thành", "--officer", "Trần Văn Bình")
	code, _, errs := c.run("--lang", "en", "receive", "--procedure", "1.001193", "--name", "Le Van 3")
	if code != exitInput || !strings.Contains(errs, "name") || strings.Contains(errs, "Họ tên") {
		t.Fatalf("english error: %q", errs)
	}
	out := c.mustRun("receive", "--procedure", "1.001193", "--name", "Lê Văn Cường", "--lang", "en")
	if !strings.Contains(out, "Appointment") {
		t.Fatalf("english receipt: %q", out)
	}
}

func TestExportCSVDefusesFormulas(t *testing.T) {
	c := newCLI(t)
	c.mustRun("init", "--unit", "000.00.06.H56", "--unit-name", "UBND xã Tân Thành", "--officer", "Trần Văn Bình")
	c.mustRun("receive", "--procedure", "1.001193", "--name", "Lê Văn Cường", "--address", "=HYPERLINK(\"x\")")
	out := c.mustRun("export")
	if !strings.Contains(out, "'=HYPERLINK") || !strings.HasPrefix(out, "\ufeffMã hồ sơ,") {
		t.Fatalf("csv: %q", out)
	}
	if out := c.mustRun("export", "--no-bom"); !strings.HasPrefix(out, "Mã hồ sơ,") || !strings.Contains(out, "'=HYPERLINK") {
		t.Fatalf("csv --no-bom: %q", out)
	}
}

func TestUILanguagePrecedence(t *testing.T) {
	for _, c := range []struct {
		args  []string
		saved motcua.Lang
		want  motcua.Lang
	}{
		{nil, "", motcua.VI},
		{nil, motcua.EN, motcua.EN},
		{[]string{"--lang", "vi"}, motcua.EN, motcua.VI},
		{[]string{"--lang=en"}, "", motcua.EN},
	} {
		t.Setenv("LANG", "vi_VN.UTF-8")
		e := &env{lang: defaultLang()}
		if _, err := e.parseGlobal(c.args); err != nil {
			t.Fatal(err)
		}
		if got := e.uiLang(motcua.Prefs{Lang: c.saved}); got != c.want {
			t.Errorf("%v with %q saved: %q, want %q", c.args, c.saved, got, c.want)
		}
	}
}

// TestJSONOnInitAndMove: init and move print one JSON object with --json.
func TestJSONOnInitAndMove(t *testing.T) {
	c := newCLI(t)
	var in map[string]string
	out := c.mustRun("init", "--unit", "000.00.06.H56", "--unit-name", "UBND xã Tân Thành", "--officer", "Trần Văn Bình", "--json")
	if err := json.Unmarshal([]byte(out), &in); err != nil || in["unit"] != "000.00.06.H56" || in["officer"] != "Trần Văn Bình" {
		t.Fatalf("init --json: %v %q", err, out)
	}
	code := strings.SplitN(c.mustRun("receive", "--procedure", "1.001193", "--name", "Nguyễn Thị Ánh"), "\n", 2)[0]
	var mv struct {
		Code   string        `json:"code"`
		From   motcua.Status `json:"from"`
		Status motcua.Status `json:"status"`
	}
	out = c.mustRun("move", code, "4", "--json")
	if err := json.Unmarshal([]byte(out), &mv); err != nil || mv.Code != code || mv.Status != 4 || mv.From != motcua.StatusReceived {
		t.Fatalf("move --json: %v %q", err, out)
	}
}

// TestMissingDataAndBackupExit2: check on a data directory that does not
// exist, and restore from a backup that does not exist, are bad input.
func TestMissingDataAndBackupExit2(t *testing.T) {
	c := newCLI(t)
	if code, _, errs := c.run("--lang", "en", "check"); code != 2 || !strings.Contains(errs, "no motcua data") {
		t.Fatalf("check on a missing dir: %d %q", code, errs)
	}
	if code, _, errs := c.run("--lang", "en", "restore", "--from", filepath.Join(t.TempDir(), "nope.bak")); code != 2 || !strings.Contains(errs, "no backup file") {
		t.Fatalf("restore --from missing: %d %q", code, errs)
	}
	file := filepath.Join(t.TempDir(), "afile")
	os.WriteFile(file, nil, 0o600)
	var out, errb bytes.Buffer
	if code := run([]string{"--lang", "en", "--data", file, "init", "--unit", "000.00.06.H56", "--unit-name", "X", "--officer", "Trần Văn Bình"}, &out, &errb); code != 2 ||
		!strings.Contains(errb.String(), "a file where a folder is needed") {
		t.Fatalf("data dir is a file: %d %q", code, errb.String())
	}
}

// motcua rekey prints a new key (and --json the code, key and lookup_url);
// the dossier's key hash changes, and an unknown code is an input error.
func TestRekey(t *testing.T) {
	c := newCLI(t)
	c.mustRun("init", "--unit", "000.00.06.H56", "--unit-name", "UBND xã Tân Thành", "--officer", "Trần Văn Bình")
	code := strings.SplitN(c.mustRun("receive", "--procedure", "1.001193", "--name", "Nguyễn Thị Ánh"), "\n", 2)[0]
	var before, after struct {
		KeyHash string `json:"key_hash"`
	}
	json.Unmarshal([]byte(c.mustRun("show", code, "--json")), &before)
	var r rekeyJSON
	if err := json.Unmarshal([]byte(c.mustRun("rekey", code, "--json")), &r); err != nil || r.Code != code || len(r.LookupKey) != 17 || r.LookupURL != "" {
		t.Fatalf("rekey --json: %+v %v", r, err)
	}
	json.Unmarshal([]byte(c.mustRun("show", code, "--json")), &after)
	if after.KeyHash == before.KeyHash || after.KeyHash != motcua.HashLookupKey(r.LookupKey) {
		t.Fatalf("key hash %q → %q", before.KeyHash, after.KeyHash)
	}
	if out := c.mustRun("--lang", "en", "rekey", code); !strings.Contains(out, "New lookup key of "+code) {
		t.Fatalf("rekey: %q", out)
	}
	if code, _, errs := c.run("rekey", "000.00.06.H56-231027-9999"); code == 0 || errs == "" {
		t.Fatalf("unknown code: %d %q", code, errs)
	}
}

// lastOpen steps back from t by the hour to an instant the unit receives.
func lastOpen(cal motcua.Calendar, t time.Time) time.Time {
	for i := 0; i < 24*30; i++ {
		if _, outside := cal.ReceptionNotice(t, motcua.VI); !outside {
			return t
		}
		t = t.Add(-time.Hour)
	}
	return t
}
