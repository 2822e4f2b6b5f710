package main

import (
	"fmt"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/cli"
	"github.com/motcua/motcua/store"
)

func init() {
	commands = append(commands, command{"receive",
		"receive --procedure MÃ --name TÊN [--id SỐ] [--phone SĐT] [--dob dd/mm/yyyy] [--sex nam|nu] [--address ĐC] [--channel counter|hamlet|post] [--note GHI_CHÚ] [--pages N] [--copies N] [--outside-hours] [--json]   tiếp nhận hồ sơ",
		"receive --procedure CODE --name NAME [--id NUMBER] [--phone P] [--dob dd/mm/yyyy] [--sex nam|nu] [--address A] [--channel counter|hamlet|post] [--note TEXT] [--pages N] [--copies N] [--outside-hours] [--json]   receive a dossier",
		runReceive})
}

// receiptJSON is the --json shape of receive: a contract with scripts.
type receiptJSON struct {
	ID          string        `json:"id"`
	Code        string        `json:"code"`
	Check       int           `json:"check"`
	Appointment time.Time     `json:"appointment"`
	Status      motcua.Status `json:"status"`
	LookupKey   string        `json:"lookup_key"` // for the receipt; "" on a dossier made before keys
	LookupURL   string        `json:"lookup_url"` // the QR's address; "" when the unit has no public address
}

func runReceive(e *env, args []string) error {
	fs := newFlags("receive")
	proc := fs.String("procedure", "", "")
	name := fs.String("name", "", "")
	idNum := fs.String("id", "", "")
	phone := fs.String("phone", "", "")
	dob := fs.String("dob", "", "")
	sex := fs.String("sex", "", "")
	address := fs.String("address", "", "")
	email := fs.String("email", "", "")
	channel := fs.String("channel", "counter", "")
	note := fs.String("note", "", "")
	pages := fs.Int("pages", 0, "")
	copies := fs.Int("copies", 0, "")
	units := fs.Int("units", 0, "")
	paid := fs.Bool("paid", false, "")
	acceptClock := fs.Bool("accept-clock", false, "")
	outsideHours := fs.Bool("outside-hours", false, "")
	asJSON := fs.Bool("json", false, "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 0, "receive --procedure MÃ --name TÊN …", "receive --procedure CODE --name NAME …"); err != nil {
		return err
	}
	if *proc == "" || *name == "" {
		return motcua.Errorf(motcua.EINVALID, "usage", "", "Cần --procedure và --name.", "--procedure and --name are required.")
	}
	p, warnings, err := buildApplicant(*name, *idNum, *phone, *dob, *sex, *address, *email)
	if err != nil {
		return err
	}
	ch := motcua.Channel(*channel)
	if !ch.Valid() || ch == motcua.ChannelOnline {
		return motcua.Errorf(motcua.EINVALID, "channel", "channel", "Kênh %q không hợp lệ: dùng counter, hamlet hoặc post.",
			"Channel %q is invalid: use counter, hamlet or post.", *channel)
	}
	s, err := e.openExisting()
	if err != nil {
		return err
	}
	defer s.Close()
	s.Now = receiveNow
	if err := receptionHours(e, s.Calendar(), s.Now(), *outsideHours); err != nil {
		return err
	}
	done, err := s.Receive(motcua.ReceiveInput{
		ProcedureCode: *proc, Channel: ch, Applicant: p, Note: *note, FeePaid: *paid, AcceptClock: *acceptClock,
		Fee: motcua.FeeInput{Pages: *pages, Copies: *copies, Units: *units},
	})
	if err != nil {
		return err
	}
	for _, w := range append(warnings, done.Warnings...) {
		fmt.Fprintln(e.stderr, msg(e.lang, "Lưu ý: %s", "Note: %s", w.Text(e.lang)))
	}
	// After the output: the code is saved, and the officer need not wait for the copy.
	defer backupQuietly(e, s)
	return printReceipt(e, s, done.Dossier, *asJSON)
}

// printReceipt prints a new dossier's code, appointment, check digit, fee
// and lookup key (or the --json receipt).
func printReceipt(e *env, s *store.Store, d motcua.Dossier, asJSON bool) error {
	code, _ := motcua.ParseCode(d.Code)
	key, err := s.LookupKey(d.ID)
	if err != nil {
		return err
	}
	lookupURL, err := s.LookupURL(d)
	if err != nil {
		return err
	}
	if asJSON {
		return cli.NewJSONEncoder(e.stdout).Encode(receiptJSON{ID: d.ID, Code: d.Code, Check: code.Check(), Appointment: d.Appointment,
			Status: d.Status, LookupKey: key, LookupURL: lookupURL})
	}
	fmt.Fprintln(e.stdout, d.Code)
	fmt.Fprintln(e.stdout, msg(e.lang, "Hẹn trả: %s", "Appointment: %s", motcua.FormatDateTime(d.Appointment)))
	fmt.Fprintln(e.stdout, msg(e.lang, "Số kiểm tra: %d · Lệ phí: %s", "Check digit: %d · Fee: %s", code.Check(), motcua.FormatVND(d.FeeTotal())))
	fmt.Fprintln(e.stdout, msg(e.lang, "Khóa tra cứu: %s", "Lookup key: %s", motcua.FormatLookupKey(key)))
	if lookupURL != "" {
		fmt.Fprintln(e.stdout, msg(e.lang, "Tra cứu: %s", "Look up: %s", lookupURL))
	}
	return nil
}

// receiveNow is the clock of `motcua receive`: the time the dossier is
// received at and the one the unit's reception hours are checked against.
// Tests set it.
var receiveNow = time.Now

// receptionHours asks, as the reception form does, for a confirmation of a
// reception outside the unit's reception days or hours: without
// --outside-hours it refuses (exit 2) with the reason and the flag; with it,
// it notes on stderr from when the processing time is counted.
func receptionHours(e *env, cal motcua.Calendar, now time.Time, confirmed bool) error {
	vi, outside := cal.ReceptionNotice(now, motcua.VI)
	if !outside {
		return nil
	}
	en, _ := cal.ReceptionNotice(now, motcua.EN)
	if confirmed {
		fmt.Fprintln(e.stderr, msg(e.lang, "Lưu ý: %s", "Note: %s", pickMsg(e.lang, vi, en)))
		return nil
	}
	return &motcua.Error{Code: motcua.EINVALID, Reason: "outside_hours", Field: "outside-hours",
		VI: vi + " Nếu vẫn tiếp nhận, chạy lại lệnh với --outside-hours.",
		EN: en + " To receive it anyway, run the command again with --outside-hours."}
}

func pickMsg(lang motcua.Lang, vi, en string) string {
	if lang == motcua.EN {
		return en
	}
	return vi
}

// buildApplicant validates what was typed, returning overridable warnings
// apart from errors.
func buildApplicant(name, idNum, phone, dob, sex, address, email string) (motcua.Person, []motcua.Warning, error) {
	var p motcua.Person
	var warnings []motcua.Warning
	var err error
	if p.Name, err = motcua.ValidateName(name); err != nil {
		return p, nil, err
	}
	var born time.Time
	if dob != "" {
		if born, err = motcua.ParseDate(dob); err != nil {
			return p, nil, err
		}
		if err := motcua.ValidateDOB(born, time.Now()); err != nil {
			return p, nil, err
		}
		p.DOB = born.Format("2006-01-02")
	}
	if sex != "" {
		if p.Sex, err = motcua.ParseSex(sex); err != nil {
			return p, nil, err
		}
	}
	if idNum != "" {
		p.IDKind = motcua.GuessIDKind(idNum)
		if p.IDKind == motcua.IDOther && motcua.Digits(idNum) != "" && len(motcua.Digits(idNum)) >= len(idNum)-3 {
			// Mostly digits but neither 12 nor 9 of them: a mistyped CCCD, so
			// let the CCCD rule say what is wrong rather than accept it.
			p.IDKind = motcua.IDCCCD
		}
		if p.IDNumber, warnings, err = motcua.ValidateIDNumber(p.IDKind, idNum, born, p.Sex, time.Now()); err != nil {
			return p, nil, err
		}
	}
	if phone != "" {
		if p.Phone, _, err = motcua.NormalizePhone(phone); err != nil {
			return p, nil, err
		}
	}
	if p.Email, err = motcua.ValidateEmail(email); err != nil {
		return p, nil, err
	}
	p.Address = motcua.SanitizeLine(address)
	return p, warnings, nil
}
