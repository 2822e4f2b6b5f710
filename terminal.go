package motcua

import "time"

// The types below are what a terminal's store hands to the packages that
// drive it (the client's syncer, the UI, the commands): they live here, in
// the root, so those packages need not import the store (see doc.go,
// ARCHITECTURE).

// TerminalInfo is who this terminal is.
type TerminalInfo struct {
	ID           string    `json:"id"`
	InstallNonce string    `json:"install_nonce"`
	Unit         string    `json:"unit"`
	UnitName     string    `json:"unit_name"`
	Officer      string    `json:"officer"`
	Role         Role      `json:"role"`
	Server       string    `json:"server,omitempty"`
	Token        string    `json:"token,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
}

// Enrolled reports whether the terminal has a server.
func (t TerminalInfo) Enrolled() bool { return t.Server != "" && t.Token != "" }

// ErrNotInitialised is returned by actions on a store that has no unit yet.
// A literal, not Errorf: the linker lays it out, with no fmt call at every
// process start (docs/DESIGN.md §16); the same for the packages' other
// package-level errors.
var ErrNotInitialised = &Error{Code: EINVALID, Reason: "not_initialised",
	VI: "Máy chưa được cài đặt đơn vị: hãy chạy “motcua init --unit MÃ --unit-name TÊN --officer TÊN”.",
	EN: "This terminal has no unit yet: run “motcua init --unit CODE --unit-name NAME --officer NAME”."}

// SyncMeta is what the syncer needs to build a request.
type SyncMeta struct {
	Terminal  TerminalInfo
	LastSeq   uint64 // the last op seq allocated
	AckedSeq  uint64 // the last seq the server acknowledged
	Cursor    string
	Resetting bool   // a reset pull is in progress
	Stopped   string // non-empty: an error slug that stopped syncing until the officer or an admin acts
	LastSync  time.Time
}

// SyncApplied is what one recorded exchange changed.
type SyncApplied struct {
	AckedSeq  uint64               // the acknowledged seq after this exchange
	Acked     int                  // ops that left the outbox
	Results   map[ResultStatus]int // verdicts on newly acknowledged ops
	Parked    int                  // refused receptions moved out of the dossier list
	Dossiers  int                  // snapshots pulled
	Questions int
	Reference bool // the catalog or calendar changed
	Reset     bool // this page started or continued a reset
	Swept     int  // records a finished reset removed
	HasMore   bool
	// ServerAhead: the server acknowledged seqs this file never wrote: the
	// file was restored from an old copy (or cloned). The next op will be
	// refused as a fork.
	ServerAhead bool
}

// Stats is what the home screen shows: today's work at a glance. The due
// counts are disjoint bands (a dossier is in at most one of them), judged by
// calendar date in Vietnam as DueState judges them.
type Stats struct {
	ReceivedToday int // codes issued for this unit today, on any terminal
	Overdue       int // open dossiers whose appointment date has passed
	DueToday      int // open dossiers due today
	DueSoon       int // open dossiers due after today, by the next working day
	OpenQuestions int // questions still waiting for an answer
	Online        int // dossiers submitted online waiting for an officer (status 1)
	Queue
}

// Queue is the state of the outbox the status bar shows.
type Queue struct {
	Waiting       int       // ops not yet acknowledged by the server
	OldestWaiting time.Time // client time of the oldest of them
	Results       int       // conflicts and rejections not yet dismissed
}

// Action is an officer's intention, before the store gives it a seq.
type Action struct {
	Kind       OpKind
	DossierID  string
	QuestionID string // for question ops (ask, answer)
	Args       any    // one of the *Args types, matching Kind
}

// Done is what one committed action produced.
type Done struct {
	Op       Op
	Dossier  Dossier
	Question Question // for question ops
	Result   Result
	Warnings []Warning
}

// ReceiveInput is what the officer fills in at reception.
type ReceiveInput struct {
	ProcedureCode string
	Channel       Channel
	Applicant     Person
	Submitter     *Person
	Authorised    bool
	Helper        string
	Summary       string
	// Documents nil is the procedure's checklist with the required documents
	// received: an optional one (an authorisation "if any") is not ticked
	// unless the officer says so, or the receipt would list what the citizen
	// never handed over.
	Documents []DocumentItem
	Fee       FeeInput
	FeePaid   bool
	Note      string
	// AcceptClock confirms a reception although the clock went backwards;
	// the officer has been shown the clock and said it is right.
	AcceptClock bool
	// Redoes is the id of a parked reception (one the server refused) that
	// this one takes the place of. The parked record and its rejection go in
	// the same transaction as the new reception, so a crash or a second try
	// can never redo it twice.
	Redoes string
}

// Query is a search: by code, ID number, phone, or name words.
type Query struct {
	Text   string
	Status Status // 0: any
	// Due keeps the open dossiers at least that urgent (Due.AtLeast): with
	// DueToday, those due today and the overdue ones; "" keeps every one.
	Due   Due
	Limit int       // 0: 50
	Now   time.Time // for Due; zero: the store's clock
}

// Match says how a hit matched, which is also its rank.
type Match int

const (
	MatchCode Match = iota
	MatchIDNumber
	MatchPhone
	MatchNameExact
	MatchNamePrefix
	MatchName
	MatchList
)

// Hit is one search result.
type Hit struct {
	Dossier Dossier
	Match   Match
}

// Prefs are the terminal's settings chosen in the UI. They live in the data
// file, so they travel with it to a new laptop and survive a restore.
type Prefs struct {
	// Lang is the officer's language; "" follows --lang and LANG.
	Lang Lang `json:"lang,omitempty"`
	// Printer is the print queue receipts go to (lp -d); "" is the
	// system's default printer.
	Printer string `json:"printer,omitempty"`
	// Paper is the receipt's paper size, "A4" (two copies a sheet, also
	// "") or "A5" (one copy a sheet); MOTCUA_PAPER and --paper override it.
	Paper string `json:"paper,omitempty"`
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
	return Errorf(EINVALID, "printer", "printer",
		"Tên máy in %q không hợp lệ: dùng tên hàng đợi in (lpstat -p), không có dấu cách.",
		"Printer name %q is not valid: use the print queue's name (lpstat -p), without spaces.", SanitizeLine(name))
}
