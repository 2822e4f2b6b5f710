package central

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	"github.com/motcua/motcua/internal/kv"
	"github.com/motcua/motcua/internal/kvbolt"
	"github.com/motcua/motcua/internal/kvpg"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// SchemaVersion is the layout of the central file.
const SchemaVersion = 1

var (
	bMeta        = []byte("c_meta")
	bUnits       = []byte("units")
	bTerminals   = []byte("terminals")
	bTokens      = []byte("tokens")
	bEnrollments = []byte("enrollments")
	bLanes       = []byte("lanes")
	bApplied     = []byte("applied")
	bOpIDs       = []byte("op_ids")
	bDossiers    = []byte("c_dossiers")
	bCodes       = []byte("c_codes")
	bDup         = []byte("c_dup")
	bQuestions   = []byte("c_questions")
	bChanges     = []byte("changes")
	bLatest      = []byte("latest")
	bCatalog     = []byte("c_catalog")
	bCalendar    = []byte("c_calendar")

	// The bucket registry: every bucket, created at open.
	allBuckets = [][]byte{bMeta, bUnits, bTerminals, bTokens, bEnrollments, bLanes, bApplied, bOpIDs,
		bDossiers, bCodes, bDup, bQuestions, bChanges, bLatest, bCatalog, bCalendar,
		bQByDossier, bHeld, bInboxRate, bOnlineSeq, // the citizen's side: public.go, online.go
		bCounterRecords} // guidance and refusals at the counter: counter_record.go

	kSchema   = []byte("schema")
	kCalendar = []byte("calendar")
)

// Lane plan of a unit's daily number space (docs/DESIGN.md §6).
const (
	ServerLaneFirst   = 1    // 0001–0999: the server's own online receptions
	ServerLaneLast    = 999  //
	LeaseFirst        = 1000 // 1000–8999 are leased to terminals
	LeaseLast         = 8999 // 9000–9999 is the standalone lane: never leased
	LaneReuseMargin   = 7 * 24 * time.Hour
	DefaultCounterLen = 1500
	DefaultHamletLen  = 300
	EnrollmentTTL     = 24 * time.Hour
)

// Store is the server's store: one bbolt file, written by one process.
type Store struct {
	db   kv.DB
	path string
	// file is the bbolt file under db, pg the PostgreSQL database: one of
	// them is nil.
	file *kvbolt.DB
	pg   *kvpg.DB
	// Now is the server clock; tests replace it.
	Now func() time.Time
	// Lane sizes by role.
	CounterLane, HamletLane int
	// HoldOrphanedRepush: after a restore from a backup, a re-pushed op on
	// a record the file does not hold waits (answer "held") for the
	// terminal that created the record, instead of being refused
	// (RELIABILITY.md, bug 2). motcua-server and the fault harness turn it
	// on; off, a terminal syncing alone always finishes (the client's e2e
	// tests run that way).
	HoldOrphanedRepush bool
	// UnitInboxPerHour is how many public questions a unit takes in an hour
	// before the rest are held for review (0 = DefaultUnitInboxPerHour).
	UnitInboxPerHour int
	// PullMaxBytes caps a pull page's stored JSON, whatever a terminal
	// asks (0 = motcua.MaxPullBytes).
	PullMaxBytes int
	// PullSlots bounds, on PostgreSQL, how many pulls read the database at
	// once (0 = DefaultPullSlots; postgres.go says why).
	PullSlots int

	jobs       chan *groupJob // the group commit's queue (group.go)
	quit       chan struct{}
	writerDone chan struct{}
	closeOnce  sync.Once
	commits    atomic.Uint64
	grouped    atomic.Uint64
	writerBusy atomic.Int64 // nanoseconds the writer spent in its transactions

	rules rulesCache // the decoded catalog and calendar (opcheck.go)

	tails     *tails        // the change logs' tails, kept by the group writer (tail.go)
	tailPulls atomic.Uint64 // pulls answered from a tail

	pullGate     chan struct{} // PullSlots' tokens, made at the first pull (postgres.go)
	pullGateOnce sync.Once
}

// Open opens (creating if needed) the central file, mode 0600. A second
// process gets ELOCKED after about a second.
func Open(path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create data directory %s: %w", filepath.Dir(path), err)
	}
	opts := &bolt.Options{Timeout: time.Second, FreelistType: bolt.FreelistMapType}
	if runtime.GOOS != "windows" {
		// Map ahead, so the file's growth rarely has to wait for every
		// reader to finish (on Windows the mapping would grow the file).
		opts.InitialMmapSize = 256 << 20
	}
	c, err := openDB(path, opts)
	if err != nil {
		return nil, err
	}
	if err := c.db.Update(setup); err != nil {
		c.db.Close()
		return nil, fmt.Errorf("open central store %s: %w", path, err)
	}
	c.startWriter()
	return c, nil
}

// OpenReadOnly opens an existing central file to read it (the fault
// harness reads a stopped server's file this way): no set-up, no writer,
// and every writing method fails.
func OpenReadOnly(path string) (*Store, error) {
	c, err := openDB(path, &bolt.Options{ReadOnly: true, Timeout: 2 * time.Second})
	if err != nil {
		return nil, err
	}
	err = c.db.View(func(tx kv.Tx) error {
		if kv.Missing(tx, allBuckets) {
			return fmt.Errorf("not a central store file")
		}
		return nil
	})
	if err != nil {
		c.db.Close()
		return nil, fmt.Errorf("open central store %s: %w", path, err)
	}
	return c, nil
}

func openDB(path string, opts *bolt.Options) (*Store, error) {
	db, err := bolt.Open(path, 0o600, opts)
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, motcua.Errorf(motcua.ELOCKED, "store_locked", "",
			"Tệp dữ liệu máy chủ %s đang được tiến trình khác dùng.", "The server data file %s is in use by another process.", path)
	} else if err != nil {
		return nil, fmt.Errorf("open central store %s: %w", path, err)
	}
	file := kvbolt.New(db)
	return &Store{db: file, file: file, path: path, Now: time.Now, CounterLane: DefaultCounterLen, HamletLane: DefaultHamletLen}, nil
}

// setup creates every bucket of the registry, checks the schema, and seeds
// the catalog and calendar on a new file.
func setup(tx kv.Tx) error {
	if err := kv.CreateAll(tx, allBuckets); err != nil {
		return err
	}
	meta := tx.Bucket(bMeta)
	switch v := boltkv.GetU64(meta, kSchema); {
	case v == 0:
		if err := boltkv.PutU64(meta, kSchema, SchemaVersion); err != nil {
			return err
		}
	case v > SchemaVersion:
		return motcua.Errorf(motcua.EINVALID, "schema_newer", "",
			"Tệp dữ liệu do phiên bản máy chủ mới hơn tạo (lược đồ %d).", "The data file was written by a newer server (schema %d).", v)
	}
	if kv.Empty(tx.Bucket(bCatalog)) {
		for _, p := range motcua.SeedCatalog() {
			if err := boltkv.PutJSON(tx.Bucket(bCatalog), []byte(p.Code), p); err != nil {
				return err
			}
		}
	}
	if tx.Bucket(bCalendar).Get(kCalendar) == nil {
		return boltkv.PutJSON(tx.Bucket(bCalendar), kCalendar, motcua.DefaultCalendar())
	}
	return nil
}

// Close stops the writer (if any) and closes the file.
func (c *Store) Close() error {
	c.closeOnce.Do(func() {
		if c.quit != nil {
			close(c.quit)
			<-c.writerDone
		}
	})
	return c.db.Close()
}

// ErrBackupPostgres answers a file backup asked of a PostgreSQL store.
var ErrBackupPostgres = motcua.Errorf(motcua.EINVALID, "backup_postgres", "",
	"Máy chủ dùng PostgreSQL: hãy sao lưu bằng pg_dump, hoặc bản sao nền (pg_basebackup) kèm lưu trữ WAL (xem docs/DEPLOY.md).",
	"The server runs on PostgreSQL: back it up with pg_dump, or base backups (pg_basebackup) with WAL archiving (see docs/DEPLOY.md).")

// Path is the file (for PostgreSQL, the database's address without its
// password).
func (c *Store) Path() string { return c.path }

// Backup writes a consistent copy of the file (a hot backup), mode 0600.
func (c *Store) Backup(path string) error {
	if c.file == nil {
		return ErrBackupPostgres
	}
	return c.db.View(func(tx kv.Tx) error { return kvbolt.CopyFile(tx, path) })
}

// terminal is a terminal as stored: the record the admin sees, plus
// what authenticates it.
type terminal struct {
	motcua.TerminalRecord
	TokenHash    string `json:"token_hash"`
	InstallNonce string `json:"install_nonce"`
}

type enrollment struct {
	Unit      string      `json:"unit"`
	Role      motcua.Role `json:"role"`
	ExpiresAt time.Time   `json:"expires_at"`
	UsedBy    string      `json:"used_by,omitempty"`
}

// laneHolder says who holds a lane range of a unit.
type laneHolder struct {
	Terminal  string    `json:"terminal"`
	First     int       `json:"first"`
	Last      int       `json:"last"`
	ExpiresAt time.Time `json:"expires_at"`
}

func hashSecret(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func randomToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// enrollAlphabet has no 0/O, 1/I/L: codes are read aloud and typed.
const enrollAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

func newEnrollCode() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	var sb strings.Builder
	for i, v := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(enrollAlphabet[int(v)%len(enrollAlphabet)])
	}
	return sb.String()
}

// normaliseEnrollCode keeps letters and digits, upper-cased, so "abcd efgh"
// and "ABCD-EFGH" are the same code.
func normaliseEnrollCode(s string) string {
	var sb strings.Builder
	for _, r := range strings.ToUpper(s) {
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

func getTerminal(tx kv.Tx, id string) (*terminal, error) {
	v := tx.Bucket(bTerminals).Get([]byte(id))
	if v == nil {
		return nil, nil
	}
	t, err := decodeTerminal(v)
	if err != nil {
		return nil, fmt.Errorf("decode terminal %s: %w", id, err)
	}
	return t, nil
}

func decodeTerminal(v []byte) (*terminal, error) {
	var t terminal
	if err := json.Unmarshal(v, &t); err != nil {
		return nil, err
	}
	return &t, nil
}

func putTerminal(tx kv.Tx, t *terminal) error {
	return boltkv.PutJSON(tx.Bucket(bTerminals), []byte(t.ID), t)
}

func getUnit(tx kv.Tx, code string) (*motcua.Unit, error) {
	var u motcua.Unit
	if err := boltkv.GetJSON(tx.Bucket(bUnits), []byte(code), &u); err != nil {
		return nil, err
	}
	if u.Code == "" {
		return nil, nil
	}
	return &u, nil
}

var errUnitUnknown = func(code string) error {
	return motcua.Errorf(motcua.ENOTFOUND, "unit_unknown", "unit", "Máy chủ chưa có đơn vị %s: hãy chạy “motcua-server unit add”.",
		"The server has no unit %s: run “motcua-server unit add”.", code)
}

// AddUnit registers an office. Adding an existing unit with the same parent
// renames it; its first pull then carries the catalog and calendar.
func (c *Store) AddUnit(code, name, parent string) (motcua.Unit, error) {
	if err := motcua.ValidateUnitCode(code); err != nil {
		return motcua.Unit{}, err
	}
	name = motcua.CleanName(name)
	if name == "" {
		return motcua.Unit{}, motcua.Errorf(motcua.EINVALID, "unit_name", "name", "Chưa nhập tên đơn vị.", "The unit name is missing.")
	}
	if parent != "" {
		if err := motcua.ValidateUnitCode(parent); err != nil {
			return motcua.Unit{}, err
		}
		if parent == code {
			return motcua.Unit{}, motcua.Errorf(motcua.EINVALID, "unit_parent", "parent", "Đơn vị không thể là cấp trên của chính nó.", "A unit cannot be its own parent.")
		}
	}
	now := c.Now()
	var u motcua.Unit
	err := c.db.Update(func(tx kv.Tx) error {
		if parent != "" {
			if p, err := getUnit(tx, parent); err != nil {
				return err
			} else if p == nil {
				return errUnitUnknown(parent)
			}
		}
		old, err := getUnit(tx, code)
		if err != nil {
			return err
		}
		u = motcua.Unit{Code: code, Name: name, Parent: parent, CreatedAt: now}
		if old != nil {
			u.CreatedAt, u.Hours, u.Address, u.Phone, u.OpenHours = old.CreatedAt, old.Hours, old.Address, old.Phone, old.OpenHours
		}
		if err := boltkv.PutJSON(tx.Bucket(bUnits), []byte(code), u); err != nil {
			return err
		}
		if old != nil {
			return nil
		}
		if err := logChange(tx, code, kindCatalog, "catalog"); err != nil {
			return err
		}
		return logChange(tx, code, kindCalendar, "calendar")
	})
	return u, err
}

// Units lists the offices, by code.
func (c *Store) Units() ([]motcua.Unit, error) {
	var out []motcua.Unit
	err := c.db.View(func(tx kv.Tx) (err error) {
		out, err = boltkv.Records[motcua.Unit](tx.Bucket(bUnits), nil)
		return err
	})
	return out, err
}

// CreateEnrollment makes a one-time code for a new terminal of unit, valid
// for 24 hours. Only its hash is stored: the code is shown once.
func (c *Store) CreateEnrollment(unit string, role motcua.Role) (motcua.Enrollment, error) {
	if role != motcua.RoleCounter && role != motcua.RoleHamlet {
		return motcua.Enrollment{}, motcua.Errorf(motcua.EINVALID, "role", "role", "Vai trò %q không hợp lệ: dùng counter hoặc hamlet.",
			"Role %q is invalid: use counter or hamlet.", role)
	}
	if err := motcua.ValidateUnitCode(unit); err != nil {
		return motcua.Enrollment{}, err
	}
	now := c.Now()
	e := motcua.Enrollment{Code: newEnrollCode(), Unit: unit, Role: role, ExpiresAt: now.Add(EnrollmentTTL)}
	err := c.db.Update(func(tx kv.Tx) error {
		if u, err := getUnit(tx, unit); err != nil {
			return err
		} else if u == nil {
			return errUnitUnknown(unit)
		}
		// Forget codes that expired long ago, so the bucket stays small.
		b := tx.Bucket(bEnrollments)
		var stale [][]byte
		_ = b.ForEach(func(k, v []byte) error {
			var old enrollment
			if json.Unmarshal(v, &old) == nil && now.Sub(old.ExpiresAt) > 30*24*time.Hour {
				stale = append(stale, append([]byte(nil), k...))
			}
			return nil
		})
		for _, k := range stale {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		return boltkv.PutJSON(b, []byte(hashSecret(normaliseEnrollCode(e.Code))), enrollment{Unit: unit, Role: role, ExpiresAt: e.ExpiresAt})
	})
	return e, err
}

var errEnrollInvalid = motcua.Errorf(motcua.EUNAUTHORIZED, "enroll_invalid", "code",
	"Mã đăng ký không đúng, đã dùng hoặc đã hết hạn (hiệu lực 24 giờ). Hãy xin quản trị mã mới.",
	"The enrollment code is wrong, used or expired (valid 24 hours). Ask the administrator for a new one.")

// Enroll exchanges a one-time code for a terminal identity: an id, a random
// bearer token (only its hash is kept) and a first lane.
func (c *Store) Enroll(req motcua.EnrollRequest) (motcua.EnrollResponse, error) {
	if !motcua.ValidID(req.InstallNonce) {
		return motcua.EnrollResponse{}, motcua.Errorf(motcua.EINVALID, "install_nonce", "install_nonce",
			"Thiếu mã cài đặt của máy.", "The install nonce is missing or malformed.")
	}
	now := c.Now()
	token := randomToken()
	var resp motcua.EnrollResponse
	err := c.db.Update(func(tx kv.Tx) error {
		key := []byte(hashSecret(normaliseEnrollCode(req.Code)))
		var e enrollment
		if err := boltkv.GetJSON(tx.Bucket(bEnrollments), key, &e); err != nil {
			return err
		}
		if e.Unit == "" || e.UsedBy != "" || !now.Before(e.ExpiresAt) {
			return errEnrollInvalid
		}
		u, err := getUnit(tx, e.Unit)
		if err != nil {
			return err
		}
		if u == nil {
			return errUnitUnknown(e.Unit)
		}
		t := &terminal{
			TerminalRecord: motcua.TerminalRecord{ID: motcua.NewID(now), Unit: e.Unit, Role: e.Role, EnrolledAt: now,
				LastAppliedSeq: req.AckedSeq},
			TokenHash: hashSecret(token), InstallNonce: req.InstallNonce,
		}
		if req.Standalone != nil {
			m := req.Standalone.Trimmed(now)
			t.Standalone = &m
		}
		if p := req.Previous; p != nil {
			old, err := getTerminal(tx, p.TerminalID)
			if err != nil {
				return err
			}
			if old == nil || old.TokenHash != hashSecret(p.Token) || old.Unit != e.Unit {
				return motcua.Errorf(motcua.EFORBIDDEN, "previous_invalid", "previous",
					"Danh tính cũ của máy không hợp lệ hoặc thuộc đơn vị khác.", "The previous identity is invalid or belongs to another unit.")
			}
			t.Predecessors = append([]string{old.ID}, old.Predecessors...)
			if old.Standalone != nil {
				// Fixed at the first enrollment: codes minted alone since
				// (a clock and lane set back) are not declared anew.
				m := *old.Standalone
				t.Standalone = &m
			}
		}
		if _, err := c.leaseLane(tx, t, now); err != nil {
			return err
		}
		e.UsedBy = t.ID
		if err := boltkv.PutJSON(tx.Bucket(bEnrollments), key, e); err != nil {
			return err
		}
		if err := putTerminal(tx, t); err != nil {
			return err
		}
		if err := tx.Bucket(bTokens).Put([]byte(t.TokenHash), []byte(t.ID)); err != nil {
			return err
		}
		resp = motcua.EnrollResponse{TerminalID: t.ID, Token: token, Unit: u.Code, UnitName: u.Name, Role: t.Role,
			Lanes: currentLanes(t), LastAppliedSeq: t.LastAppliedSeq, ServerTime: now}
		return nil
	})
	return resp, err
}

// Authenticate finds the terminal a bearer token belongs to: EUNAUTHORIZED
// for an unknown token, EFORBIDDEN for a revoked terminal.
func (c *Store) Authenticate(token string) (motcua.TerminalRecord, error) {
	if c.pg != nil {
		return c.authenticatePG(token)
	}
	var rec motcua.TerminalRecord
	err := c.db.View(func(tx kv.Tx) error {
		t, err := authenticate(tx, token)
		if t != nil {
			rec = t.TerminalRecord
		}
		return err
	})
	return rec, err
}

var (
	errUnauthorized = motcua.Errorf(motcua.EUNAUTHORIZED, "unauthorized", "", "Máy chưa đăng ký hoặc khóa truy cập không đúng: hãy đăng ký lại máy.",
		"Unknown terminal or wrong token: enroll the terminal again.")
	errRevoked = motcua.Errorf(motcua.EFORBIDDEN, "revoked", "", "Máy này đã bị thu hồi quyền đồng bộ. Dữ liệu trên máy vẫn được giữ; hãy liên hệ quản trị.",
		"This terminal was revoked. Its data is kept; contact the administrator.")
	errForked = motcua.Errorf(motcua.ECONFLICT, "terminal_fork", "",
		"Máy chủ phát hiện hai máy cùng dùng một danh tính (sao chép tệp dữ liệu). Máy tạm dừng cấp mã cho đến khi quản trị xử lý; dữ liệu vẫn được giữ.",
		"The server saw two installs using one identity (a copied data file). This terminal stops issuing codes until an administrator acts; its data is kept.")
)

func authenticate(tx kv.Tx, token string) (*terminal, error) {
	if token == "" {
		return nil, errUnauthorized
	}
	id := tx.Bucket(bTokens).Get([]byte(hashSecret(token)))
	if id == nil {
		return nil, errUnauthorized
	}
	t, err := getTerminal(tx, string(id))
	if err != nil {
		return nil, err
	}
	return admitted(t)
}

// admitted is authentication's verdict on the terminal a token led to
// (nil: none), on either engine.
func admitted(t *terminal) (*terminal, error) {
	if t == nil {
		return nil, errUnauthorized
	}
	if t.Revoked() {
		return t, errRevoked
	}
	return t, nil
}

// Terminals lists the enrolled terminals, by unit then enrollment.
func (c *Store) Terminals() ([]motcua.TerminalRecord, error) {
	var out []motcua.TerminalRecord
	err := c.db.View(func(tx kv.Tx) error {
		ts, err := boltkv.Records[terminal](tx.Bucket(bTerminals), nil)
		for _, t := range ts {
			out = append(out, t.TerminalRecord)
		}
		return err
	})
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Unit != out[j].Unit {
			return out[i].Unit < out[j].Unit
		}
		return out[i].EnrolledAt.Before(out[j].EnrolledAt)
	})
	return out, err
}

func errTerminalUnknown(id string) error {
	return motcua.Errorf(motcua.ENOTFOUND, "terminal_unknown", "terminal", "Không có máy %s.", "No terminal %s.", id)
}

// Revoke stops a terminal: it gets 403 from then on and keeps its data. Its
// lane is not renewed, and is re-leased only after it has expired (plus a
// margin), because the laptop may still issue codes offline until then.
func (c *Store) Revoke(id string) (motcua.TerminalRecord, error) {
	return c.updateTerminal(id, func(t *terminal, now time.Time) {
		if !t.Revoked() {
			t.RevokedAt = now
		}
	})
}

// Release lifts a fork quarantine: use it when the duplicate install has
// been wiped or revoked under a new identity, and the remaining one may go on.
func (c *Store) Release(id string) (motcua.TerminalRecord, error) {
	return c.updateTerminal(id, func(t *terminal, _ time.Time) {
		t.Quarantined, t.QuarantineReason = false, ""
	})
}

func (c *Store) updateTerminal(id string, fn func(*terminal, time.Time)) (motcua.TerminalRecord, error) {
	var rec motcua.TerminalRecord
	err := c.db.Update(func(tx kv.Tx) error {
		t, err := getTerminal(tx, id)
		if err != nil {
			return err
		}
		if t == nil {
			return errTerminalUnknown(id)
		}
		fn(t, c.Now())
		rec = t.TerminalRecord
		return putTerminal(tx, t)
	})
	return rec, err
}

// SetCatalog replaces the procedure catalog; every unit pulls it.
func (c *Store) SetCatalog(procs []motcua.Procedure) error {
	if _, err := motcua.NewCatalog(procs); err != nil {
		return err
	}
	return c.db.Update(func(tx kv.Tx) error {
		b := tx.Bucket(bCatalog)
		if err := kv.Clear(b); err != nil {
			return err
		}
		if _, err := b.NextSequence(); err != nil { // the key of the decoded copies (rulesCache)
			return err
		}
		for _, p := range procs {
			if err := boltkv.PutJSON(b, []byte(p.Code), p); err != nil {
				return err
			}
		}
		return logAllUnits(tx, kindCatalog, "catalog")
	})
}

// SetCalendar replaces the working calendar (hours and published holiday
// overrides); every unit pulls it.
func (c *Store) SetCalendar(cal motcua.Calendar) error {
	return c.db.Update(func(tx kv.Tx) error {
		if err := boltkv.PutJSON(tx.Bucket(bCalendar), kCalendar, cal); err != nil {
			return err
		}
		if _, err := tx.Bucket(bCalendar).NextSequence(); err != nil { // the key of the decoded copies (rulesCache)
			return err
		}
		return logAllUnits(tx, kindCalendar, "calendar")
	})
}

func logAllUnits(tx kv.Tx, kind byte, id string) error {
	return tx.Bucket(bUnits).ForEach(func(k, _ []byte) error { return logChange(tx, string(k), kind, id) })
}

// Dossiers returns every dossier of a unit ("" = all units), by id.
func (c *Store) Dossiers(unit string) ([]motcua.Dossier, error) {
	var out []motcua.Dossier
	err := c.db.View(func(tx kv.Tx) (err error) {
		out, err = boltkv.Records(tx.Bucket(bDossiers), func(d *motcua.Dossier) bool { return unit == "" || d.Unit == unit })
		return err
	})
	return out, err
}

// Questions returns every question of a unit ("" = all), by id.
func (c *Store) Questions(unit string) ([]motcua.Question, error) {
	var out []motcua.Question
	err := c.db.View(func(tx kv.Tx) (err error) {
		out, err = boltkv.Records(tx.Bucket(bQuestions), func(q *motcua.Question) bool { return unit == "" || q.Unit == unit })
		return err
	})
	return out, err
}

// Terminal returns one terminal's record.
func (c *Store) Terminal(id string) (motcua.TerminalRecord, error) {
	var rec motcua.TerminalRecord
	err := c.db.View(func(tx kv.Tx) error {
		t, err := getTerminal(tx, id)
		if err != nil {
			return err
		}
		if t == nil {
			return errTerminalUnknown(id)
		}
		rec = t.TerminalRecord
		return nil
	})
	return rec, err
}

// CheckIntegrity verifies the invariants the fault tests rely on: one code
// per dossier and one dossier per code, every applied row of a terminal at
// or below its last_applied_seq, and bbolt's own page checks.
func (c *Store) CheckIntegrity() error {
	return c.db.View(func(tx kv.Tx) error {
		codes := tx.Bucket(bCodes)
		n := 0
		err := tx.Bucket(bDossiers).ForEach(func(k, v []byte) error {
			var d motcua.Dossier
			if err := json.Unmarshal(v, &d); err != nil {
				return fmt.Errorf("decode dossier %s: %w", k, err)
			}
			n++
			if id := codes.Get([]byte(d.Code)); !bytes.Equal(id, k) {
				return fmt.Errorf("code %s points at %q, not %s", d.Code, id, k)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if m, err := kv.Count(codes); err != nil {
			return err
		} else if m != n {
			return fmt.Errorf("code index has %d entries for %d dossiers", m, n)
		}
		err = tx.Bucket(bTerminals).ForEach(func(k, v []byte) error {
			var t terminal
			if err := json.Unmarshal(v, &t); err != nil {
				return err
			}
			cur := tx.Bucket(bApplied).Cursor()
			prefix := append(append([]byte(nil), k...), boltkv.Sep)
			for ak, _ := cur.Seek(prefix); ak != nil && bytes.HasPrefix(ak, prefix); ak, _ = cur.Next() {
				if seq := binary.BigEndian.Uint64(ak[len(prefix):]); seq > t.LastAppliedSeq {
					return fmt.Errorf("terminal %s: applied seq %d above last_applied_seq %d", k, seq, t.LastAppliedSeq)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		return kvbolt.Check(tx)
	})
}

// Ping checks that the file answers (the health endpoint).
func (c *Store) Ping() error {
	if c.pg != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return c.pg.Ping(ctx)
	}
	return c.db.View(func(kv.Tx) error { return nil })
}
