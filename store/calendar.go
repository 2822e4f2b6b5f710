package store

import (
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/motcua/motcua/internal/boltkv"

	"github.com/motcua/motcua"
)

// ErrCalendarFromServer refuses a local calendar import on an enrolled
// terminal: its calendar comes from the server and the next pull would
// silently undo the import.
var ErrCalendarFromServer = &motcua.Error{Code: motcua.EINVALID, Reason: "calendar_from_server",
	VI: "Máy này nhận lịch làm việc từ máy chủ; hãy nhập lịch ở máy chủ (motcua-server calendar import TỆP).",
	EN: "This terminal takes its calendar from the server; import the file there (motcua-server calendar import FILE)."}

// ImportCalendar replaces a standalone terminal's calendar (hours and
// overrides) with cal, as `motcua-server calendar import` does for a server.
// The shipped published schedules still apply under the overrides.
func (s *Store) ImportCalendar(cal motcua.Calendar) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		var info motcua.TerminalInfo
		if err := boltkv.GetJSON(tx.Bucket(bMeta), kTerminal, &info); err != nil {
			return err
		}
		if info.Enrolled() {
			return ErrCalendarFromServer
		}
		return boltkv.PutJSON(tx.Bucket(bCalendar), kCalendar, cal)
	})
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.cal = cal
	s.mu.Unlock()
	return nil
}

// resumeAppointment is the appointment a dossier waiting on the citizen
// (status from) gets when it goes back to processing now; zero when the
// dossier or its procedure cannot be read (Apply then keeps the old one).
func (s *Store) resumeAppointment(id string, from motcua.Status) time.Time {
	d, err := s.Get(id)
	if err != nil || d.Status != from {
		return time.Time{}
	}
	p, err := s.Catalog().Get(d.ProcedureCode)
	if err != nil {
		return time.Time{}
	}
	return motcua.ResumeAppointment(d, p, s.Calendar(), s.Now())
}
