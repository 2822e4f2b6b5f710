package main

import (
	"fmt"

	"github.com/motcua/motcua"
)

// unit hours CODE [--morning 07:00-11:30] [--afternoon 13:30-17:00]
// [--saturday] [--cutoff 15:00]: a unit's own office hours, pulled by its
// terminals inside the calendar.
func (e *env) unitHours(args []string) error {
	fs := newFlags("unit hours")
	def := motcua.DefaultCalendar()
	morning := fs.String("morning", "07:00-11:30", "")
	afternoon := fs.String("afternoon", "13:30-17:00", "")
	saturday := fs.Bool("saturday", false, "")
	cutoff := fs.String("cutoff", "15:00", "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("Cách dùng: motcua-server unit hours MÃ [--morning 07:00-11:30] [--afternoon 13:30-17:00] [--saturday] [--cutoff 15:00]",
			"Usage: motcua-server unit hours CODE [--morning 07:00-11:30] [--afternoon 13:30-17:00] [--saturday] [--cutoff 15:00]")
	}
	if err := motcua.ValidateUnitCode(pos[0]); err != nil {
		return err
	}
	h := motcua.OfficeHours{SaturdayReception: *saturday, SameDayCutoff: def.SameDayCutoff}
	if h.Morning, err = motcua.ParseSession(*morning); err != nil {
		return err
	}
	if h.Afternoon, err = motcua.ParseSession(*afternoon); err != nil {
		return err
	}
	if h.SameDayCutoff, err = motcua.ParseClock(*cutoff); err != nil {
		return err
	}
	if err := h.Validate(); err != nil {
		return err
	}
	a, done, err := e.admin()
	if err != nil {
		return err
	}
	defer done()
	u, err := a.SetUnitHours(pos[0], h)
	if err != nil {
		return err
	}
	sat := e.msg("không", "no")
	if h.SaturdayReception {
		sat = e.msg("sáng thứ Bảy", "Saturday mornings")
	}
	fmt.Fprintln(e.stdout, e.msg("Giờ làm việc của %s: %s, %s; tiếp nhận thứ Bảy: %s; chốt trong ngày %02d:%02d. Các máy của đơn vị nhận ở lần đồng bộ tới.",
		"Office hours of %s: %s, %s; Saturday reception: %s; same-day cutoff %02d:%02d. The unit's terminals get them at their next sync.",
		u.Code, motcua.FormatSession(h.Morning), motcua.FormatSession(h.Afternoon), sat, h.SameDayCutoff/60, h.SameDayCutoff%60))
	return nil
}
