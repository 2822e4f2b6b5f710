package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/cli"
)

func init() {
	commands = append(commands, command{"calendar",
		"calendar [NĂM] [--json] | calendar import TỆP.json   ngày nghỉ, ngày làm bù trong năm; nạp lịch mới (máy độc lập)",
		"calendar [YEAR] [--json] | calendar import FILE.json   the year's days off and make-up days; load a newer schedule (standalone)",
		runCalendar})
}

// calendarNow is the clock `motcua calendar` reads the current year from;
// tests replace it.
var calendarNow = time.Now

func runCalendar(e *env, args []string) error {
	if len(args) > 0 && args[0] == "import" {
		return runCalendarImport(e, args[1:])
	}
	fs := newFlags("calendar")
	asJSON := fs.Bool("json", false, "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return wantArgs(pos, 1, "calendar [NĂM] [--json]", "calendar [YEAR] [--json]")
	}
	year := calendarNow().In(motcua.VNZone).Year()
	if len(pos) == 1 {
		y, err := strconv.Atoi(pos[0])
		if err != nil || y < 1 || y > 9999 {
			return motcua.Errorf(motcua.EINVALID, "calendar_year", "year",
				"Năm %q không hợp lệ: gõ năm bốn chữ số, ví dụ 2025.", "Year %q is not valid: type four digits, e.g. 2025.", pos[0])
		}
		year = y
	}
	s, err := e.openRead()
	if err != nil {
		return err
	}
	cal := s.Calendar()
	s.Close()
	days := cal.Year(year)
	if *asJSON {
		enc := cli.NewJSONEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Year int              `json:"year"`
			Days []motcua.YearDay `json:"days"`
		}{year, append([]motcua.YearDay{}, days...)})
	}
	fmt.Fprintln(e.stdout, msg(e.lang, "Lịch năm %d: ngày nghỉ và ngày làm việc bù", "%d: days off and make-up working days", year))
	for _, d := range days {
		fmt.Fprintln(e.stdout, calendarLine(d, e.lang))
	}
	return nil
}

var weekdaysVI = [7]string{"CN", "T2", "T3", "T4", "T5", "T6", "T7"}

func calendarLine(d motcua.YearDay, l motcua.Lang) string {
	t, _ := time.ParseInLocation(time.DateOnly, d.Date, motcua.VNZone)
	wd, kind, name, source := weekdaysVI[t.Weekday()], "nghỉ    ", d.Name, d.Source
	if l == motcua.EN {
		wd, kind, name = t.Weekday().String()[:3], "off     ", d.NameEN
	}
	if d.Kind == motcua.DayWorkday {
		kind = pick(l, "làm việc", "working ")
	}
	line := fmt.Sprintf("%s  %-3s  %s  %s", motcua.FormatDate(t), wd, kind, motcua.SanitizeLine(name))
	if source != "" {
		line += "  [" + motcua.SanitizeLine(source) + "]"
	}
	return line
}

// runCalendarImport loads a calendar file (the format of
// `motcua-server calendar import`) into a standalone terminal.
func runCalendarImport(e *env, args []string) error {
	fs := newFlags("calendar import")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 1, "calendar import TỆP.json", "calendar import FILE.json"); err != nil {
		return err
	}
	b, err := readSmallFile(pos[0], 4<<20)
	if err != nil {
		return motcua.Errorf(motcua.EINVALID, "calendar_file", "file",
			"Không đọc được tệp %s (%v).", "Cannot read %s (%v).", pos[0], err)
	}
	cal, err := motcua.ParseCalendar(b)
	if err != nil {
		return err
	}
	s, err := e.openExisting()
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.ImportCalendar(cal); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, msg(e.lang, "Đã nạp lịch: %d dòng ngày nghỉ / làm bù.", "Calendar loaded: %d day entries.", len(cal.Overrides)))
	return nil
}

// readSmallFile reads at most limit bytes, refusing a bigger file rather
// than reading a truncated one.
func readSmallFile(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err == nil && int64(len(b)) > limit {
		err = fmt.Errorf("larger than %d bytes", limit)
	}
	return b, err
}
