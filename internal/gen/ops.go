package gen

import (
	"time"

	"github.com/motcua/motcua"
)

// CounterProcedure is the procedure the benchmarks' counters receive: birth
// registration, the commonest at a commune desk.
const CounterProcedure = "1.001193"

// CounterAppointment is the appointment the server computes for a
// CounterProcedure received at now on the default calendar, which its op
// check accepts.
func CounterAppointment(now time.Time) (time.Time, error) {
	cat, err := motcua.NewCatalog(motcua.SeedCatalog())
	if err != nil {
		return time.Time{}, err
	}
	proc, err := cat.Get(CounterProcedure)
	if err != nil {
		return time.Time{}, err
	}
	return motcua.DefaultCalendar().Appointment(now, proc.Time), nil
}

// CounterOps are what an enrolled counter pushes for n dossiers of
// generated citizens: a reception with a code from its first lane, then
// 2→4, a note, 4→9 and the return, numbered from seq 1. The benchmarks of
// the client and of the central store share them.
func (p *People) CounterOps(r motcua.EnrollResponse, n int, now time.Time) ([]motcua.Op, error) {
	appointment, err := CounterAppointment(now)
	if err != nil {
		return nil, err
	}
	var ops []motcua.Op
	add := func(kind motcua.OpKind, id string, args any) error {
		op, err := motcua.NewOp(kind, id, args)
		if err != nil {
			return err
		}
		op.Seq, op.ID, op.ClientTime, op.Officer = uint64(len(ops)+1), motcua.NewID(now), now, "Trần Văn Bình"
		ops = append(ops, op)
		return nil
	}
	for i := 0; i < n; i++ {
		c := p.Citizen()
		id := motcua.NewID(now)
		code, err := motcua.NewCode(r.Unit, now, r.Lanes[0].First+i)
		if err != nil {
			return nil, err
		}
		steps := []struct {
			kind motcua.OpKind
			args any
		}{
			{motcua.OpReceive, motcua.ReceiveArgs{Code: code.String(), Unit: r.Unit, ProcedureCode: CounterProcedure,
				ProcedureName: "Đăng ký khai sinh", ProcedureVersion: 1, Channel: motcua.ChannelCounter, Applicant: c.Person,
				Summary: "Đăng ký khai sinh", ReceivedAt: now, Appointment: appointment,
				Documents: []motcua.DocumentItem{{Name: "Tờ khai đăng ký khai sinh (theo mẫu)", Originals: 1, Required: true, Received: true},
					{Name: "Giấy chứng sinh", Originals: 1, Required: true, Received: true}}}},
			{motcua.OpTransition, motcua.TransitionArgs{From: 2, To: 4}},
			{motcua.OpNote, motcua.NoteArgs{Text: "Đã kiểm tra đủ giấy tờ."}},
			{motcua.OpTransition, motcua.TransitionArgs{From: 4, To: 9}},
			{motcua.OpTransition, motcua.TransitionArgs{From: 9, To: 10, Recipient: c.Name, Method: motcua.ReturnCounter}},
		}
		for _, s := range steps {
			if err := add(s.kind, id, s.args); err != nil {
				return nil, err
			}
		}
	}
	return ops, nil
}
