package store

import (
	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	bolt "go.etcd.io/bbolt"
)

var kPrefs = []byte("prefs")

// Prefs reads the settings (zero when none were saved).
func (s *Store) Prefs() (motcua.Prefs, error) {
	var p motcua.Prefs
	err := s.db.View(func(tx *bolt.Tx) error { return boltkv.GetJSON(tx.Bucket(bMeta), kPrefs, &p) })
	return p, err
}

// SetPrefs saves the settings, checked: an unknown language or a printer
// name with spaces or control characters is refused with nothing written.
func (s *Store) SetPrefs(p motcua.Prefs) error {
	if p.Lang != "" && p.Lang != motcua.VI && p.Lang != motcua.EN {
		return motcua.Errorf(motcua.EINVALID, "lang", "lang", "Ngôn ngữ %q không hỗ trợ: dùng vi hoặc en.",
			"Language %q is not supported: use vi or en.", p.Lang)
	}
	if err := motcua.ValidatePrinter(p.Printer); err != nil {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error { return boltkv.PutJSON(tx.Bucket(bMeta), kPrefs, p) })
}

// SetUnitName renames the unit on a standalone terminal (communes were
// merged and renamed in 2025; the unit code stays, codes carry it). An
// enrolled terminal takes its unit's name from the server.
func (s *Store) SetUnitName(name string) (motcua.TerminalInfo, error) {
	name = motcua.CleanName(name)
	if name == "" {
		return motcua.TerminalInfo{}, motcua.Errorf(motcua.EINVALID, "unit_name", "unit-name", "Chưa nhập tên đơn vị.", "The unit name is missing.")
	}
	return s.updateTerminal(func(_ *bolt.Tx, info *motcua.TerminalInfo) error {
		switch {
		case info.Unit == "":
			return motcua.ErrNotInitialised
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
func (s *Store) SetOfficer(name string) (motcua.TerminalInfo, error) {
	off, err := motcua.ValidateName(name)
	if err != nil {
		return motcua.TerminalInfo{}, err
	}
	return s.updateTerminal(func(_ *bolt.Tx, info *motcua.TerminalInfo) error {
		if info.Unit == "" {
			return motcua.ErrNotInitialised
		}
		info.Officer = off
		return nil
	})
}
