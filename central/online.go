package central

import (
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	"github.com/motcua/motcua/internal/kv"
)

// bOnlineSeq remembers the last number the server issued in its own lane
// (ServerLaneFirst–ServerLaneLast) per unit and day.
var bOnlineSeq = []byte("c_online_seq")

// SubmitOnline records a dossier submitted on the public page: the code
// comes from the server's own lane (never leased to a terminal), the status
// is 1 (Mới đăng ký), and a lookup key is made; only its hash is kept. The
// unit's terminals receive it with their next pull; accepting or refusing it
// are ordinary ops under Apply's rules.
func (c *Store) SubmitOnline(in motcua.OnlineSubmission) (motcua.OnlineReceipt, error) {
	now := c.Now()
	key := motcua.NewLookupKey()
	var rec motcua.OnlineReceipt
	err := c.db.Update(func(tx kv.Tx) (err error) {
		if in.Applicant, err = motcua.ValidateApplicant(in.Applicant, now); err != nil {
			return err
		}
		u, err := getUnit(tx, in.Unit)
		if err != nil {
			return err
		}
		if u == nil {
			return errUnitUnknown(in.Unit)
		}
		proc, err := serverProcedure(tx, in.ProcedureCode)
		if err != nil {
			return err
		}
		code, err := nextOnlineCode(tx, in.Unit, now)
		if err != nil {
			return err
		}
		cal := motcua.DefaultCalendar()
		if err := boltkv.GetJSON(tx.Bucket(bCalendar), kCalendar, &cal); err != nil {
			return err
		}
		args := motcua.ReceiveArgs{Code: code.String(), Unit: in.Unit, ProcedureCode: proc.Code, ProcedureName: proc.Name,
			ProcedureVersion: proc.Version, Channel: motcua.ChannelOnline, Applicant: in.Applicant, Summary: proc.Name,
			ReceivedAt: now, Appointment: cal.Appointment(now, proc.Time), Note: in.Note, LookupKey: key}
		for _, d := range proc.Documents {
			args.Documents = append(args.Documents, motcua.DocumentItem{Name: d.Name, Originals: d.Originals,
				Certified: d.Certified, Copies: d.Copies, Required: d.Required})
		}
		if _, fees, err := proc.Fee(motcua.FeeInput{Online: true, Copies: 1, Units: 1}); err == nil {
			for _, f := range fees {
				//lint:ignore S1016 a computed charge and a dossier's fee line are distinct types that may grow apart
				args.Fees = append(args.Fees, motcua.FeeItem{Name: f.Name, Amount: f.Amount, Detail: f.Detail})
			}
		}
		op, err := motcua.NewOp(motcua.OpReceive, motcua.NewID(now), args)
		if err != nil {
			return err
		}
		op.ID, op.ClientTime, op.Role, op.Terminal = motcua.NewID(now), now, motcua.RoleServer, "web"
		d, res := motcua.Apply(nil, op)
		if res.Status != motcua.Applied {
			return &motcua.Error{Code: motcua.EINVALID, Reason: res.Reason, VI: res.MessageVI, EN: res.MessageEN}
		}
		rec = motcua.OnlineReceipt{Code: d.Code, Check: code.Check(), Key: key, Unit: *u, Procedure: d.ProcedureName,
			ReceivedAt: d.ReceivedAt, Appointment: d.Appointment, Documents: d.Documents, Fees: d.Fees}
		return putDossier(tx, nil, &d)
	})
	return rec, err
}

// serverProcedure finds a procedure in the server's catalog, or in the
// seed catalog while the admin has not loaded one.
func serverProcedure(tx kv.Tx, code string) (motcua.Procedure, error) {
	procs, err := readCatalog(tx)
	if err != nil {
		return motcua.Procedure{}, err
	}
	if len(procs) == 0 {
		procs = motcua.SeedCatalog()
	}
	cat, err := motcua.NewCatalog(procs)
	if err != nil {
		return motcua.Procedure{}, err
	}
	return cat.Get(code)
}

// nextOnlineCode issues the next free number of the server's lane today.
func nextOnlineCode(tx kv.Tx, unit string, now time.Time) (motcua.Code, error) {
	day := now.In(motcua.VNZone).Format("060102")
	k := []byte(unit + "|" + day)
	n := int(boltkv.GetU64(tx.Bucket(bOnlineSeq), k))
	for n++; n <= ServerLaneLast; n++ {
		code, err := motcua.NewCode(unit, now, n)
		if err != nil {
			return motcua.Code{}, err
		}
		if tx.Bucket(bCodes).Get([]byte(code.String())) == nil {
			return code, boltkv.PutU64(tx.Bucket(bOnlineSeq), k, uint64(n))
		}
	}
	return motcua.Code{}, motcua.Errorf(motcua.ECONFLICT, "online_full", "",
		"Hôm nay đơn vị đã nhận đủ %d hồ sơ trực tuyến; xin nộp lại vào ngày mai hoặc tại bộ phận một cửa.",
		"The unit took its %d online dossiers for today; please submit tomorrow or at the counter.", ServerLaneLast)
}

// Procedures is the catalog the public pages offer: the admin's, or the
// seed catalog while none was loaded.
func (c *Store) Procedures() ([]motcua.Procedure, error) {
	var procs []motcua.Procedure
	err := c.db.View(func(tx kv.Tx) error { var err error; procs, err = readCatalog(tx); return err })
	if err == nil && len(procs) == 0 {
		procs = motcua.SeedCatalog()
	}
	return procs, err
}
