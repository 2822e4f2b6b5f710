package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua"
)

func calendarJSON(t *testing.T, c *cliRun, args ...string) map[string]motcua.YearDay {
	t.Helper()
	out := c.mustRun(append([]string{"calendar"}, args...)...)
	var got struct {
		Year int              `json:"year"`
		Days []motcua.YearDay `json:"days"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	by := map[string]motcua.YearDay{}
	for _, d := range got.Days {
		by[d.Date] = d
	}
	return by
}

func TestCalendarCommand(t *testing.T) {
	c := newCLI(t)
	c.mustRun("init", "--unit", "000.00.06.H56", "--unit-name", "UBND xã Tân Thành", "--officer", "Trần Văn Bình")
	checks := map[string]motcua.DayKind{
		"2025-01-27": motcua.DayHoliday, "2025-05-02": motcua.DayHoliday,
		"2025-02-03": motcua.DayWorkday, "2025-04-26": motcua.DayWorkday,
		"2026-01-02": motcua.DayHoliday, "2026-01-10": motcua.DayWorkday,
	}
	years := map[string]map[string]motcua.YearDay{"2025": calendarJSON(t, c, "2025", "--json"), "2026": calendarJSON(t, c, "--json", "2026")}
	for date, kind := range checks {
		d, ok := years[date[:4]][date]
		if !ok || d.Kind != kind || d.Name == "" || d.Source == "" {
			t.Errorf("%s: %+v, want %s with a reason and a source", date, d, kind)
		}
	}
	text := c.mustRun("calendar", "2025")
	if !strings.Contains(text, "27/01/2025  T2   nghỉ") || !strings.Contains(text, "26/04/2025  T7   làm việc") {
		t.Errorf("text listing:\n%s", text)
	}
	if en := c.mustRun("--lang", "en", "calendar", "2026"); !strings.Contains(en, "10/01/2026  Sat  working") {
		t.Errorf("English listing:\n%s", en)
	}

	// The year defaults to the current one.
	calendarNow = func() time.Time { return time.Date(2024, 6, 1, 9, 0, 0, 0, motcua.VNZone) }
	t.Cleanup(func() { calendarNow = time.Now })
	if _, ok := calendarJSON(t, c, "--json")["2024-05-04"]; !ok {
		t.Error("calendar without a year does not list this year's make-up Saturday 04/05/2024")
	}

	for _, args := range [][]string{{"calendar", "năm"}, {"calendar", "2025", "2026"}, {"calendar", "import"}, {"calendar", "import", "/nonexistent.json"}} {
		if code, _, errs := c.run(args...); code != exitInput || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("%v: exit %d, %q", args, code, errs)
		}
	}
}

func TestCalendarImportStandalone(t *testing.T) {
	c := newCLI(t)
	c.mustRun("init", "--unit", "000.00.06.H56", "--unit-name", "UBND xã Tân Thành", "--officer", "Trần Văn Bình")
	file := filepath.Join(t.TempDir(), "lich2027.json")
	bad := `{"overrides":[{"date":"2027-02-31","kind":"holiday"}]}`
	if err := os.WriteFile(file, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := c.run("calendar", "import", file); code != exitInput || !strings.Contains(errs, "Dòng 1") {
		t.Fatalf("bad file: exit %d, %q", code, errs)
	}
	good := `{"overrides":[{"date":"2027-02-04","to":"2027-02-12","kind":"holiday","name":"Tết Đinh Mùi","name_en":"Lunar New Year","source":"TB 1/TB-BNV"},
		{"date":"2027-02-20","kind":"workday","name":"Làm bù","source":"TB 1/TB-BNV"}]}`
	if err := os.WriteFile(file, []byte(good), 0o600); err != nil {
		t.Fatal(err)
	}
	c.mustRun("calendar", "import", file)
	by := calendarJSON(t, c, "2027", "--json")
	if d := by["2027-02-11"]; d.Kind != motcua.DayHoliday || d.Origin != "override" || d.Source != "TB 1/TB-BNV" {
		t.Errorf("11/02/2027 after import: %+v", d)
	}
	if d := by["2027-02-20"]; d.Kind != motcua.DayWorkday {
		t.Errorf("20/02/2027 after import: %+v", d)
	}
	// Shipped years still apply under the import.
	if d := calendarJSON(t, c, "2025", "--json")["2025-01-27"]; d.Kind != motcua.DayHoliday {
		t.Errorf("27/01/2025 after import: %+v", d)
	}
}
