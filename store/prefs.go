package store

import (
	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	bolt "go.etcd.io/bbolt"
)

var kPrefs = []byte("prefs")

// Prefs are the terminal's settings chosen in the UI. They live in the data
// file, so they travel with it to a new laptop and survive a restore.
type Prefs struct {
	// Lang is the officer's language; "" follows --lang and LANG.
	Lang motcua.Lang `json:"lang,omitempty"`
	// Printer is the print queue receipts go to (lp -d); "" is the
	// system's default printer.
	Printer string `json:"printer,omitempty"`
}

// Prefs reads the settings (zero when none were saved).
func (s *Store) Prefs() (Prefs, error) {
	var p Prefs
	err := s.db.View(func(tx *bolt.Tx) error { return boltkv.GetJSON(tx.Bucket(bMeta), kPrefs, &p) })
	return p, err
}

// SetPrefs saves the settings, checked: an unknown language or a printer
// name with spaces or control characters is refused with nothing written.
func (s *Store) SetPrefs(p Prefs) error {
	if p.Lang != "" && p.Lang != motcua.VI && p.Lang != motcua.EN {
		return motcua.Errorf(motcua.EINVALID, "lang", "lang", "Ngôn ngữ %q không hỗ trợ: dùng vi hoặc en.",
			"Language %q is not supported: use vi or en.", p.Lang)
	}
	if err := ValidatePrinter(p.Printer); err != nil {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error { return boltkv.PutJSON(tx.Bucket(bMeta), kPrefs, p) })
}

// ValidatePrinter checks a CUPS queue name: printable, no spaces, no "/" or
// "#" (CUPS refuses them), at most 127 bytes; "" is the default printer.
func ValidatePrinter(name string) error {
	if len(name) > 127 {
		return errPrinter(name)
	}
	for _, r := range name {
		if r <= ' ' || r == 0x7f || r == '/' || r == '#' || r == '\\' || r == '\'' || r == '"' {
			return errPrinter(name)
		}
	}
	return nil
}

func errPrinter(name string) error {
	return motcua.Errorf(motcua.EINVALID, "printer", "printer",
		"Tên máy in %q không hợp lệ: dùng tên hàng đợi in (lpstat -p), không có dấu cách.",
		"Printer name %q is not valid: use the print queue's name (lpstat -p), without spaces.", motcua.SanitizeLine(name))
}

// SetUnitName renames the unit on a standalone terminal (communes were
// merged and renamed in 2025; the unit code stays, codes carry it). An
// enrolled terminal takes its unit's name from the server.
func (s *Store) SetUnitName(name string) (TerminalInfo, error) {
	name = motcua.CleanName(name)
	if name == "" {
		return TerminalInfo{}, motcua.Errorf(motcua.EINVALID, "unit_name", "unit-name", "Chưa nhập tên đơn vị.", "The unit name is missing.")
	}
	return s.updateTerminal(func(_ *bolt.Tx, info *TerminalInfo) error {
		switch {
		case info.Unit == "":
			return ErrNotInitialised
		case info.Enrolled():
			return motcua.Errorf(motcua.EINVALID, "unit_name_server", "unit-name",
				"Máy đã đăng ký với máy chủ: tên đơn vị do máy chủ quản lý, hãy nhờ quản trị đổi.",
				"This terminal is enrolled: the server holds the unit's name; ask the admin to change it.")
		}
		info.UnitName = name
		return nil
	})
}

// SetOfficer records who works at the terminal from now on (a change of
// shift): every later action carries the new name; earlier ones keep theirs.
func (s *Store) SetOfficer(name string) (TerminalInfo, error) {
	off, err := motcua.ValidateName(name)
	if err != nil {
		return TerminalInfo{}, err
	}
	return s.updateTerminal(func(_ *bolt.Tx, info *TerminalInfo) error {
		if info.Unit == "" {
			return ErrNotInitialised
		}
		info.Officer = off
		return nil
	})
}
