package store

import (
	"github.com/motcua/motcua"
	bolt "go.etcd.io/bbolt"
)

// Online dossiers (docs/DESIGN.md §10) arrive by the pull in status 1 (Mới
// đăng ký); an officer accepts them (1→2, the appointment counted from the
// acceptance) or refuses them (1→3, with the reason). Both are ordinary
// transitions, so two officers acting at once get one winner and one
// conflict, as with every op.

// OnlineInbox lists the dossiers submitted online that wait for an officer,
// oldest first; n is their number (the home screen's count).
func (s *Store) OnlineInbox(limit int) (list []motcua.Dossier, n int, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		var ids []string
		c := tx.Bucket(bIdxStatus).Cursor()
		for k, _ := c.Seek([]byte{byte(motcua.StatusRegistered)}); k != nil && k[0] == byte(motcua.StatusRegistered); k, _ = c.Next() {
			if n < limit {
				ids = append(ids, string(k[9:]))
			}
			n++
		}
		list, err = loadInOrder(tx, ids)
		return err
	})
	return list, n, err
}

// AcceptOnline accepts an online dossier: status 2, and the appointment
// counted from now by the procedure's processing time.
func (s *Store) AcceptOnline(id string) (motcua.Done, error) {
	return s.Transition(id, motcua.TransitionArgs{From: motcua.StatusRegistered, To: motcua.StatusReceived})
}

// acceptanceAppointment fills the appointment of a 1→2 transition made by
// any path (AcceptOnline, the UI's action, `motcua move`): the processing
// time counts from the acceptance, not from the online submission.
func (s *Store) acceptanceAppointment(a *motcua.Action) {
	t, ok := a.Args.(motcua.TransitionArgs)
	if a.Kind != motcua.OpTransition || !ok || t.From != motcua.StatusRegistered || t.To != motcua.StatusReceived || !t.Appointment.IsZero() {
		return
	}
	d, err := s.Get(a.DossierID)
	if err != nil {
		return
	}
	if proc, err := s.Catalog().Get(d.ProcedureCode); err == nil {
		t.Appointment = s.Calendar().Appointment(s.Now(), proc.Time)
		a.Args = t
	}
}

// RefuseOnline refuses an online dossier (Mẫu 03) with the reason the
// citizen will read on the lookup page.
func (s *Store) RefuseOnline(id, reason string) (motcua.Done, error) {
	return s.Transition(id, motcua.TransitionArgs{From: motcua.StatusRegistered, To: motcua.StatusRefused, Reason: reason})
}
