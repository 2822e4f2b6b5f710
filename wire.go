package motcua

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The sync wire: what a terminal and the central server say to each other
// (docs/DESIGN.md §4). The server does not import the client, nor the client the
// server; both speak these types. Requests are decoded strictly by the
// server (unknown fields and trailing data are refused); responses are
// decoded leniently by the client, so a newer server may add fields.

// WireSchema is the protocol version a terminal speaks; the server answers
// 426 to one older than MinWireSchema (the terminal stops and keeps its data).
// Schema 2 answers a push with compact verdicts (verdict.go) instead of a
// result per op; a schema-1 terminal is still answered with results.
const (
	WireSchema    = 2
	MinWireSchema = 1
	// CompactSchema is the first schema answered with verdicts.
	CompactSchema = 2
)

// Limits of one exchange, shared so that both sides agree.
const (
	MaxSyncOps       = 500     // ops per request
	MaxPullLimit     = 1000    // snapshots per page
	DefaultPullLimit = 500     // snapshots per page when the terminal asks for 0
	MinPullBytes     = 4 << 10 // the smallest byte bound of a page a server honours
	MaxPullBytes     = 4 << 20 // the largest: a terminal asking for more (or for no bound) gets this
	MaxSyncBody      = 1 << 20 // compressed request bytes; above it the server answers 413
	MaxSyncBodyRaw   = 8 << 20 // decompressed request bytes (a gzip bomb is a 413 too)
	MaxPublicBody    = 16 << 10
	LeaseDays        = 30 // a lane lease is renewed to this many days at every sync
)

// SyncRequest is the body of POST /v1/sync: a push batch and a pull request
// in one round trip.
type SyncRequest struct {
	TerminalID   string      `json:"terminal_id"`
	InstallNonce string      `json:"install_nonce"`
	Schema       int         `json:"schema"`
	AckedSeq     uint64      `json:"acked_seq"` // the last seq this terminal saw acknowledged
	Ops          []Op        `json:"ops"`       // contiguous seqs, ascending
	Pull         PullRequest `json:"pull"`
}

// PullRequest asks for the changes after a cursor.
type PullRequest struct {
	Cursor string `json:"cursor"` // "" = from the beginning
	Limit  int    `json:"limit"`  // snapshots per page; 0 = DefaultPullLimit
	// MaxBytes bounds a page by the stored JSON of its snapshots (before
	// gzip), within [MinPullBytes, MaxPullBytes]; 0 = MaxPullBytes. A Limit
	// above MaxPullLimit counts as MaxPullLimit: the server caps both. A page always carries at least one
	// snapshot, so any bound makes progress. A terminal on a slow link asks
	// for small pages and grows them with the throughput it measures
	// (docs/DESIGN.md §4).
	MaxBytes int `json:"max_bytes,omitempty"`
	// Full asks for every record, the terminal's own writes too: it is
	// rebuilding its copy after a reset (it sweeps what it is not sent).
	// Otherwise a schema-2 terminal is not sent back what it wrote itself.
	Full bool `json:"full,omitempty"`
}

// SyncResponse answers a SyncRequest.
type SyncResponse struct {
	LastAppliedSeq uint64 `json:"last_applied_seq"`
	// Results is the schema-1 answer: one result per op, with its ids.
	Results []Result `json:"results,omitempty"`
	// Verdicts is the schema-2 answer (verdict.go): runs of applied seqs,
	// and an entry of its own for each op with something to say.
	Verdicts   []Verdict `json:"verdicts,omitempty"`
	Pull       PullPage  `json:"pull"`
	Lanes      []Lane    `json:"lanes"`
	ServerTime time.Time `json:"server_time"`
	// Held is a re-pushed seq the server keeps waiting (it was restored from
	// a backup, and another terminal has yet to re-push the record the op
	// acts on): the terminal tries again later, from Held.
	Held uint64 `json:"held,omitempty"`
}

// PullPage carries the latest snapshot of each dossier and question of the
// terminal's unit that changed after the cursor (compacted: a dossier changed
// ten times comes once), and the catalog and calendar when they changed.
type PullPage struct {
	Cursor    string      `json:"cursor"`
	Reset     bool        `json:"reset"` // the cursor was unknown: this page starts from the beginning
	HasMore   bool        `json:"has_more"`
	Dossiers  []Dossier   `json:"dossiers"`
	Questions []Question  `json:"questions"`
	Catalog   []Procedure `json:"catalog,omitempty"`
	Calendar  *Calendar   `json:"calendar,omitempty"`
	// Public is the unit's public address and contacts, sent on every page
	// when the server has them (lookupkey.go).
	Public *PublicInfo `json:"public,omitempty"`
	// CounterRecords are the guidance and refusals the unit's terminals gave
	// at the counter (counter_record.go), for every terminal's day book.
	CounterRecords []CounterRecord `json:"counter_records,omitempty"`
}

// RawSyncResponse is a SyncResponse whose pulled dossiers and questions
// are still the JSON the server stored: the server copies them into the
// answer without decoding and re-encoding them. Its JSON is a SyncResponse's.
type RawSyncResponse struct {
	LastAppliedSeq uint64      `json:"last_applied_seq"`
	Results        []Result    `json:"results,omitempty"`
	Verdicts       []Verdict   `json:"verdicts,omitempty"`
	Pull           RawPullPage `json:"pull"`
	Lanes          []Lane      `json:"lanes"`
	ServerTime     time.Time   `json:"server_time"`
	Held           uint64      `json:"held,omitempty"`
	// Counts is what the server did with the request, for its own metrics:
	// never on the wire.
	Counts SyncCounts `json:"-"`
}

// SyncCounts is what one sync request did, for the server's metrics: the
// ops decided now by result, the stored results answered again (a resent
// batch), the op held, and the snapshots pulled and echoes left out.
type SyncCounts struct {
	Decided  map[ResultStatus]int
	Replayed int
	Held     int
	Echoes   int // snapshots of the terminal's own writes not sent back
}

// RawPullPage is a PullPage with its records as stored JSON.
type RawPullPage struct {
	Cursor    string            `json:"cursor"`
	Reset     bool              `json:"reset"`
	HasMore   bool              `json:"has_more"`
	Dossiers  []json.RawMessage `json:"dossiers"`
	Questions []json.RawMessage `json:"questions"`
	Catalog   []Procedure       `json:"catalog,omitempty"`
	Calendar  *Calendar         `json:"calendar,omitempty"`
	Public    *PublicInfo       `json:"public,omitempty"`
	// CounterRecords are stored JSON too.
	CounterRecords []json.RawMessage `json:"counter_records,omitempty"`
}

// Decode turns the raw records into values.
func (r RawSyncResponse) Decode() (SyncResponse, error) {
	out := SyncResponse{LastAppliedSeq: r.LastAppliedSeq, Results: r.Results, Verdicts: r.Verdicts, Lanes: r.Lanes, ServerTime: r.ServerTime, Held: r.Held,
		Pull: PullPage{Cursor: r.Pull.Cursor, Reset: r.Pull.Reset, HasMore: r.Pull.HasMore, Catalog: r.Pull.Catalog, Calendar: r.Pull.Calendar, Public: r.Pull.Public,
			Dossiers: make([]Dossier, len(r.Pull.Dossiers)), Questions: make([]Question, len(r.Pull.Questions))}}
	for i, raw := range r.Pull.Dossiers {
		if err := json.Unmarshal(raw, &out.Pull.Dossiers[i]); err != nil {
			return SyncResponse{}, err
		}
	}
	for i, raw := range r.Pull.Questions {
		if err := json.Unmarshal(raw, &out.Pull.Questions[i]); err != nil {
			return SyncResponse{}, err
		}
	}
	if len(r.Pull.CounterRecords) > 0 {
		out.Pull.CounterRecords = make([]CounterRecord, len(r.Pull.CounterRecords))
	}
	for i, raw := range r.Pull.CounterRecords {
		if err := json.Unmarshal(raw, &out.Pull.CounterRecords[i]); err != nil {
			return SyncResponse{}, err
		}
	}
	return out, nil
}

// EnrollRequest exchanges a one-time enrollment code for a terminal identity
// (POST /v1/enroll).
type EnrollRequest struct {
	Code         string `json:"code"`
	InstallNonce string `json:"install_nonce"`
	Schema       int    `json:"schema"`
	// AckedSeq is the last seq of the terminal's outbox already known to a
	// server (0 for a new or standalone terminal); the server expects the
	// next one.
	AckedSeq uint64 `json:"acked_seq"`
	// Previous identifies a revoked identity this laptop held (after a fork
	// or a lost token), proven by its old token: codes issued in the old
	// identity's lanes stay valid for the new one.
	Previous *PreviousTerminal `json:"previous,omitempty"`
	// Standalone declares the codes the terminal issued before it enrolled
	// (standalone.go); absent from terminals of older versions.
	Standalone *StandaloneManifest `json:"standalone,omitempty"`
}

// PreviousTerminal proves a former identity.
type PreviousTerminal struct {
	TerminalID string `json:"terminal_id"`
	Token      string `json:"token"`
}

// EnrollResponse is a new terminal identity. The token is shown once: the
// server keeps only its SHA-256 hash.
type EnrollResponse struct {
	TerminalID     string    `json:"terminal_id"`
	Token          string    `json:"token"`
	Unit           string    `json:"unit"`
	UnitName       string    `json:"unit_name"`
	Role           Role      `json:"role"`
	Lanes          []Lane    `json:"lanes"`
	LastAppliedSeq uint64    `json:"last_applied_seq"`
	ServerTime     time.Time `json:"server_time"`
}

// APIError is the body of every error response. Error is a stable slug
// (seq_gap, terminal_fork, revoked, bad_request, too_large, …).
type APIError struct {
	Error      string `json:"error"`
	Message    string `json:"message"`
	MessageVI  string `json:"message_vi"`
	Expected   uint64 `json:"expected,omitempty"`    // seq_gap: the seq the server expects next
	RetryAfter int    `json:"retry_after,omitempty"` // seconds, also in the Retry-After header
}

// Error slugs the terminal acts on.
const (
	ErrSeqGap        = "seq_gap"
	ErrTerminalFork  = "terminal_fork"
	ErrRevoked       = "revoked"
	ErrUnauthorized  = "unauthorized"
	ErrForbidden     = "forbidden"
	ErrTooLarge      = "too_large"
	ErrBadRequest    = "bad_request"
	ErrUpgrade       = "upgrade_required"
	ErrRateLimited   = "rate_limited"
	ErrUnavailable   = "unavailable"
	ErrNotFound      = "not_found"
	ErrEnrollInvalid = "enroll_invalid"
	// ErrAheadOfServer: the terminal claims acknowledgements the server does
	// not hold, and the admin has not restored the server from a backup: the
	// terminal stops until a person looks (409, expected = the server's
	// next seq).
	ErrAheadOfServer = "ahead_of_server"
)

// PingResponse is GET /v1/ping: the server's clock.
type PingResponse struct {
	ServerTime time.Time `json:"server_time"`
	Schema     int       `json:"schema"`
}

// Unit is an office (đơn vị) known to the server.
type Unit struct {
	Code      string    `json:"code"`
	Name      string    `json:"name"`
	Parent    string    `json:"parent,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	// Hours, when set, are the unit's own office hours: its terminals get
	// them inside the calendar they pull.
	Hours *OfficeHours `json:"hours,omitempty"`
	// The unit's public contacts, set by the admin, shown on citizens' pages
	// (OpenHours is the text of its opening hours, for people to read).
	Address   string `json:"address,omitempty"`
	Phone     string `json:"phone,omitempty"`
	OpenHours string `json:"open_hours,omitempty"`
}

// LaneLease is a lane held by a terminal from Since until ExpiresAt (renewed
// at every sync).
type LaneLease struct {
	First     int       `json:"first"`
	Last      int       `json:"last"`
	Since     time.Time `json:"since"`
	ExpiresAt time.Time `json:"expires_at"`
}

// Lane is the lease as the terminal uses it.
func (l LaneLease) Lane() Lane { return Lane{First: l.First, Last: l.Last, ExpiresAt: l.ExpiresAt} }

// TerminalRecord is what an admin sees of an enrolled terminal. It never
// carries the token or its hash.
type TerminalRecord struct {
	ID               string      `json:"id"`
	Unit             string      `json:"unit"`
	Role             Role        `json:"role"`
	EnrolledAt       time.Time   `json:"enrolled_at"`
	LastSync         time.Time   `json:"last_sync,omitzero"`
	LastAppliedSeq   uint64      `json:"last_applied_seq"`
	Leases           []LaneLease `json:"leases"` // the current one last
	RevokedAt        time.Time   `json:"revoked_at,omitzero"`
	Quarantined      bool        `json:"quarantined,omitempty"`
	QuarantineReason string      `json:"quarantine_reason,omitempty"`
	Predecessors     []string    `json:"predecessors,omitempty"`
	// Standalone is what the terminal declared at enrollment (trimmed):
	// the only standalone-lane codes the server takes from it.
	Standalone *StandaloneManifest `json:"standalone,omitempty"`
}

// Revoked reports whether an admin revoked the terminal.
func (t TerminalRecord) Revoked() bool { return !t.RevokedAt.IsZero() }

// Enrollment is a one-time code an admin hands to a terminal's installer.
type Enrollment struct {
	Code      string    `json:"code"`
	Unit      string    `json:"unit"`
	Role      Role      `json:"role"`
	ExpiresAt time.Time `json:"expires_at"`
}

// PublicQuestion is POST /v1/public/questions: a citizen's question.
type PublicQuestion struct {
	Unit        string `json:"unit"`
	Name        string `json:"name"`
	Contact     string `json:"contact"`
	DossierCode string `json:"dossier_code,omitempty"`
	Title       string `json:"title,omitempty"`
	Text        string `json:"text"`
	// Key is the dossier's lookup key: a question about a dossier needs it.
	Key string `json:"key,omitempty"`
}

// AskArgs turns the public form into a question op's arguments.
func (q PublicQuestion) AskArgs(now time.Time) AskArgs {
	return AskArgs{Unit: q.Unit, Channel: AskWeb, AskerName: q.Name, Contact: q.Contact,
		DossierCode: q.DossierCode, Title: q.Title, Text: q.Text, ReceivedAt: now}
}

// QuestionReceipt acknowledges a public question.
type QuestionReceipt struct {
	ID         string    `json:"id"`
	ReceivedAt time.Time `json:"received_at"`
	// Held: the unit's inbox took too many questions this hour; this one is
	// kept for review and delivered when an admin releases it.
	Held bool `json:"held,omitempty"`
}

// PublicDossier is what anyone holding a code may see: no ID number, no
// phone, no address, no name (initials let 20 addresses list a commune's
// dossiers by person: the applicant stays empty; the keyed view is the
// lookup page's, CitizenView).
type PublicDossier struct {
	Code          string    `json:"code"`
	Check         int       `json:"check"`
	Unit          string    `json:"unit"`
	ProcedureCode string    `json:"procedure_code"`
	ProcedureName string    `json:"procedure_name"`
	Applicant     string    `json:"applicant"` // initials
	Status        Status    `json:"status"`
	StatusLabel   string    `json:"status_label"`
	ReceivedAt    time.Time `json:"received_at"`
	Appointment   time.Time `json:"appointment"`
	CompletedAt   time.Time `json:"completed_at,omitzero"`
}

// PublicView masks a dossier for the public lookup.
func PublicView(d Dossier) PublicDossier {
	c, _ := ParseCode(d.Code)
	return PublicDossier{Code: d.Code, Check: c.Check(), Unit: d.Unit, ProcedureCode: d.ProcedureCode,
		ProcedureName: SanitizeLine(d.ProcedureName), Status: d.Status,
		StatusLabel: d.Status.Label(VI), ReceivedAt: d.ReceivedAt, Appointment: d.Appointment, CompletedAt: d.CompletedAt}
}

// Initials masks a name: "Nguyễn Thị Ánh" → "N. T. Á.".
func Initials(name string) string {
	var parts []string
	for _, w := range strings.Fields(NFC(name)) {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLetter(r) {
			parts = append(parts, string(unicode.ToUpper(r))+".")
		}
	}
	return strings.Join(parts, " ")
}

// GapError is what a central store returns when a batch does not start at
// the seq it expects next: the terminal resends from Expected (HTTP 409
// {"error":"seq_gap","expected":N}).
type GapError struct{ Expected uint64 }

func (e *GapError) Error() string {
	return "seq gap: the server expects seq " + strconv.FormatUint(e.Expected, 10)
}

// RestoreState is what the admin sees of the server's restore from a
// backup (motcua-server restore, terminals, /metrics).
type RestoreState struct {
	// RestoredAt is when the admin last put a backup in place (zero: never).
	RestoredAt time.Time `json:"restored_at,omitzero"`
	// HoldUntil is when the hold ends: until then an op on a record the
	// file lacks waits for the terminal that created it (zero: no hold).
	HoldUntil time.Time `json:"hold_until,omitzero"`
}
