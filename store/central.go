package store

// The central store: the server's bbolt file. Its bucket tree (numbers are
// big-endian, "|" is a 0x00 separator):
//
//	c_meta        schema → u64
//	units         unit code → json motcua.Unit
//	terminals     terminal id → json centralTerminal (record + token hash + install nonce)
//	tokens        sha256(token) hex → terminal id
//	enrollments   sha256(normalised code) hex → json centralEnrollment (one-time, 24 h)
//	lanes         unit | first u16 → json laneHolder (who holds which range; freed 7 days after expiry)
//	applied       terminal id | seq u64 → json appliedOp (op hash + stored result), per-terminal exactly-once
//	op_ids        op id → terminal id | seq u64 (an op re-pushed under a new identity is not applied twice)
//	c_dossiers    dossier id → json motcua.Dossier
//	c_codes       tracking code → dossier id (the unique index)
//	c_dup         unit | id number | procedure | dossier id → ∅ (open dossiers: possible-duplicate check)
//	c_questions   question id → json motcua.Question
//	changes       unit → bucket: change seq u64 → json changeEntry (append-only; the pull cursor)
//	latest        unit | kind | id → change seq u64 (the entry that carries the latest snapshot)
//	c_catalog     procedure code → json motcua.Procedure
//	c_calendar    "calendar" → json motcua.Calendar
//
// Every sync request is one Update: the ops' effects, the terminal's
// last_applied_seq, the op hashes and results, and the change-log entries
// commit together, so an acknowledgement never runs ahead of its effect.

import (
	"bytes"
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
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// CentralSchemaVersion is the layout of the central file.
const CentralSchemaVersion = 1

var (
	cbMeta        = []byte("c_meta")
	cbUnits       = []byte("units")
	cbTerminals   = []byte("terminals")
	cbTokens      = []byte("tokens")
	cbEnrollments = []byte("enrollments")
	cbLanes       = []byte("lanes")
	cbApplied     = []byte("applied")
	cbOpIDs       = []byte("op_ids")
	cbDossiers    = []byte("c_dossiers")
	cbCodes       = []byte("c_codes")
	cbDup         = []byte("c_dup")
	cbQuestions   = []byte("c_questions")
	cbChanges     = []byte("changes")
	cbLatest      = []byte("latest")
	cbCatalog     = []byte("c_catalog")
	cbCalendar    = []byte("c_calendar")

	centralBuckets = [][]byte{cbMeta, cbUnits, cbTerminals, cbTokens, cbEnrollments, cbLanes, cbApplied, cbOpIDs,
		cbDossiers, cbCodes, cbDup, cbQuestions, cbChanges, cbLatest, cbCatalog, cbCalendar}
)

// Lane plan of a unit's daily number space (DESIGN.md §6).
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

// Central is the server's store.
type Central struct {
	db   *bolt.DB
	path string
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

	jobs       chan *groupJob // the group commit's queue (central_group.go)
	quit       chan struct{}
	writerDone chan struct{}
	closeOnce  sync.Once
	commits    atomic.Uint64
	grouped    atomic.Uint64
}

// OpenCentral opens (creating if needed) the central file, mode 0600. A
// second process gets ELOCKED after about a second.
func OpenCentral(path string) (*Central, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create data directory %s: %w", filepath.Dir(path), err)
	}
	opts := &bolt.Options{Timeout: time.Second, FreelistType: bolt.FreelistMapType}
	if runtime.GOOS != "windows" {
		// Map ahead, so the file's growth rarely has to wait for every
		// reader to finish (on Windows the mapping would grow the file).
		opts.InitialMmapSize = 256 << 20
	}
	db, err := bolt.Open(path, 0o600, opts)
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, motcua.Errorf(motcua.ELOCKED, "store_locked", "",
			"Tệp dữ liệu máy chủ %s đang được tiến trình khác dùng.", "The server data file %s is in use by another process.", path)
	} else if err != nil {
		return nil, fmt.Errorf("open central store %s: %w", path, err)
	}
	c := &Central{db: db, path: path, Now: time.Now, CounterLane: DefaultCounterLen, HamletLane: DefaultHamletLen}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range centralBuckets {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		meta := tx.Bucket(cbMeta)
		switch v := getU64(meta, kSchema); {
		case v == 0:
			if err := putU64(meta, kSchema, CentralSchemaVersion); err != nil {
				return err
			}
		case v > CentralSchemaVersion:
			return motcua.Errorf(motcua.EINVALID, "schema_newer", "",
				"Tệp dữ liệu do phiên bản máy chủ mới hơn tạo (lược đồ %d).", "The data file was written by a newer server (schema %d).", v)
		}
		if tx.Bucket(cbCatalog).Stats().KeyN == 0 {
			for _, p := range motcua.SeedCatalog() {
				if err := putJSON(tx.Bucket(cbCatalog), []byte(p.Code), p); err != nil {
					return err
				}
			}
		}
		if tx.Bucket(cbCalendar).Get(kCalendar) == nil {
			return putJSON(tx.Bucket(cbCalendar), kCalendar, motcua.DefaultCalendar())
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open central store %s: %w", path, err)
	}
	c.startWriter()
	return c, nil
}

// Close stops the writer and closes the file.
func (c *Central) Close() error {
	c.closeOnce.Do(func() {
		close(c.quit)
		<-c.writerDone
	})
	return c.db.Close()
}

// Path is the file.
func (c *Central) Path() string { return c.path }

// Backup writes a consistent copy of the file (a hot backup), mode 0600.
func (c *Central) Backup(path string) error {
	return c.db.View(func(tx *bolt.Tx) error { return tx.CopyFile(path, 0o600) })
}

// centralTerminal is a terminal as stored: the record the admin sees, plus
// what authenticates it.
type centralTerminal struct {
	motcua.TerminalRecord
	TokenHash    string `json:"token_hash"`
	InstallNonce string `json:"install_nonce"`
}

type centralEnrollment struct {
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

func cGetTerminal(tx *bolt.Tx, id string) (*centralTerminal, error) {
	v := tx.Bucket(cbTerminals).Get([]byte(id))
	if v == nil {
		return nil, nil
	}
	var t centralTerminal
	if err := json.Unmarshal(v, &t); err != nil {
		return nil, fmt.Errorf("decode terminal %s: %w", id, err)
	}
	return &t, nil
}

func cPutTerminal(tx *bolt.Tx, t *centralTerminal) error {
	return putJSON(tx.Bucket(cbTerminals), []byte(t.ID), t)
}

func cGetUnit(tx *bolt.Tx, code string) (*motcua.Unit, error) {
	var u motcua.Unit
	if err := getJSON(tx.Bucket(cbUnits), []byte(code), &u); err != nil {
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
func (c *Central) AddUnit(code, name, parent string) (motcua.Unit, error) {
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
	err := c.db.Update(func(tx *bolt.Tx) error {
		if parent != "" {
			if p, err := cGetUnit(tx, parent); err != nil {
				return err
			} else if p == nil {
				return errUnitUnknown(parent)
			}
		}
		old, err := cGetUnit(tx, code)
		if err != nil {
			return err
		}
		u = motcua.Unit{Code: code, Name: name, Parent: parent, CreatedAt: now}
		if old != nil {
			u.CreatedAt, u.Hours = old.CreatedAt, old.Hours
		}
		if err := putJSON(tx.Bucket(cbUnits), []byte(code), u); err != nil {
			return err
		}
		if old != nil {
			return nil
		}
		if err := cLogChange(tx, code, kindCatalog, "catalog"); err != nil {
			return err
		}
		return cLogChange(tx, code, kindCalendar, "calendar")
	})
	return u, err
}

// Units lists the offices, by code.
func (c *Central) Units() ([]motcua.Unit, error) {
	var out []motcua.Unit
	err := c.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(cbUnits).ForEach(func(_, v []byte) error {
			var u motcua.Unit
			if err := json.Unmarshal(v, &u); err != nil {
				return err
			}
			out = append(out, u)
			return nil
		})
	})
	return out, err
}

// CreateEnrollment makes a one-time code for a new terminal of unit, valid
// for 24 hours. Only its hash is stored: the code is shown once.
func (c *Central) CreateEnrollment(unit string, role motcua.Role) (motcua.Enrollment, error) {
	if role != motcua.RoleCounter && role != motcua.RoleHamlet {
		return motcua.Enrollment{}, motcua.Errorf(motcua.EINVALID, "role", "role", "Vai trò %q không hợp lệ: dùng counter hoặc hamlet.",
			"Role %q is invalid: use counter or hamlet.", role)
	}
	if err := motcua.ValidateUnitCode(unit); err != nil {
		return motcua.Enrollment{}, err
	}
	now := c.Now()
	e := motcua.Enrollment{Code: newEnrollCode(), Unit: unit, Role: role, ExpiresAt: now.Add(EnrollmentTTL)}
	err := c.db.Update(func(tx *bolt.Tx) error {
		if u, err := cGetUnit(tx, unit); err != nil {
			return err
		} else if u == nil {
			return errUnitUnknown(unit)
		}
		// Forget codes that expired long ago, so the bucket stays small.
		b := tx.Bucket(cbEnrollments)
		var stale [][]byte
		_ = b.ForEach(func(k, v []byte) error {
			var old centralEnrollment
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
		return putJSON(b, []byte(hashSecret(normaliseEnrollCode(e.Code))), centralEnrollment{Unit: unit, Role: role, ExpiresAt: e.ExpiresAt})
	})
	return e, err
}

var errEnrollInvalid = motcua.Errorf(motcua.EUNAUTHORIZED, "enroll_invalid", "code",
	"Mã đăng ký không đúng, đã dùng hoặc đã hết hạn (hiệu lực 24 giờ). Hãy xin quản trị mã mới.",
	"The enrollment code is wrong, used or expired (valid 24 hours). Ask the administrator for a new one.")

// Enroll exchanges a one-time code for a terminal identity: an id, a random
// bearer token (only its hash is kept) and a first lane.
func (c *Central) Enroll(req motcua.EnrollRequest) (motcua.EnrollResponse, error) {
	if !motcua.ValidID(req.InstallNonce) {
		return motcua.EnrollResponse{}, motcua.Errorf(motcua.EINVALID, "install_nonce", "install_nonce",
			"Thiếu mã cài đặt của máy.", "The install nonce is missing or malformed.")
	}
	now := c.Now()
	token := randomToken()
	var resp motcua.EnrollResponse
	err := c.db.Update(func(tx *bolt.Tx) error {
		key := []byte(hashSecret(normaliseEnrollCode(req.Code)))
		var e centralEnrollment
		if err := getJSON(tx.Bucket(cbEnrollments), key, &e); err != nil {
			return err
		}
		if e.Unit == "" || e.UsedBy != "" || !now.Before(e.ExpiresAt) {
			return errEnrollInvalid
		}
		u, err := cGetUnit(tx, e.Unit)
		if err != nil {
			return err
		}
		if u == nil {
			return errUnitUnknown(e.Unit)
		}
		t := &centralTerminal{
			TerminalRecord: motcua.TerminalRecord{ID: motcua.NewID(now), Unit: e.Unit, Role: e.Role, EnrolledAt: now,
				LastAppliedSeq: req.AckedSeq},
			TokenHash: hashSecret(token), InstallNonce: req.InstallNonce,
		}
		if p := req.Previous; p != nil {
			old, err := cGetTerminal(tx, p.TerminalID)
			if err != nil {
				return err
			}
			if old == nil || old.TokenHash != hashSecret(p.Token) || old.Unit != e.Unit {
				return motcua.Errorf(motcua.EFORBIDDEN, "previous_invalid", "previous",
					"Danh tính cũ của máy không hợp lệ hoặc thuộc đơn vị khác.", "The previous identity is invalid or belongs to another unit.")
			}
			t.Predecessors = append([]string{old.ID}, old.Predecessors...)
		}
		if _, err := c.leaseLane(tx, t, now); err != nil {
			return err
		}
		e.UsedBy = t.ID
		if err := putJSON(tx.Bucket(cbEnrollments), key, e); err != nil {
			return err
		}
		if err := cPutTerminal(tx, t); err != nil {
			return err
		}
		if err := tx.Bucket(cbTokens).Put([]byte(t.TokenHash), []byte(t.ID)); err != nil {
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
func (c *Central) Authenticate(token string) (motcua.TerminalRecord, error) {
	var rec motcua.TerminalRecord
	err := c.db.View(func(tx *bolt.Tx) error {
		t, err := cAuth(tx, token)
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

func cAuth(tx *bolt.Tx, token string) (*centralTerminal, error) {
	if token == "" {
		return nil, errUnauthorized
	}
	id := tx.Bucket(cbTokens).Get([]byte(hashSecret(token)))
	if id == nil {
		return nil, errUnauthorized
	}
	t, err := cGetTerminal(tx, string(id))
	if err != nil {
		return nil, err
	}
	if t == nil {
		return nil, errUnauthorized
	}
	if t.Revoked() {
		return t, errRevoked
	}
	return t, nil
}

// Terminals lists the enrolled terminals, by unit then enrollment.
func (c *Central) Terminals() ([]motcua.TerminalRecord, error) {
	var out []motcua.TerminalRecord
	err := c.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(cbTerminals).ForEach(func(_, v []byte) error {
			var t centralTerminal
			if err := json.Unmarshal(v, &t); err != nil {
				return err
			}
			out = append(out, t.TerminalRecord)
			return nil
		})
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
func (c *Central) Revoke(id string) (motcua.TerminalRecord, error) {
	return c.updateTerminal(id, func(t *centralTerminal, now time.Time) {
		if !t.Revoked() {
			t.RevokedAt = now
		}
	})
}

// Release lifts a fork quarantine: use it when the duplicate install has
// been wiped or revoked under a new identity, and the remaining one may go on.
func (c *Central) Release(id string) (motcua.TerminalRecord, error) {
	return c.updateTerminal(id, func(t *centralTerminal, _ time.Time) {
		t.Quarantined, t.QuarantineReason = false, ""
	})
}

func (c *Central) updateTerminal(id string, fn func(*centralTerminal, time.Time)) (motcua.TerminalRecord, error) {
	var rec motcua.TerminalRecord
	err := c.db.Update(func(tx *bolt.Tx) error {
		t, err := cGetTerminal(tx, id)
		if err != nil {
			return err
		}
		if t == nil {
			return errTerminalUnknown(id)
		}
		fn(t, c.Now())
		rec = t.TerminalRecord
		return cPutTerminal(tx, t)
	})
	return rec, err
}

// SetCatalog replaces the procedure catalog; every unit pulls it.
func (c *Central) SetCatalog(procs []motcua.Procedure) error {
	if _, err := motcua.NewCatalog(procs); err != nil {
		return err
	}
	return c.db.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(cbCatalog); err != nil {
			return err
		}
		b, err := tx.CreateBucket(cbCatalog)
		if err != nil {
			return err
		}
		for _, p := range procs {
			if err := putJSON(b, []byte(p.Code), p); err != nil {
				return err
			}
		}
		return cLogAllUnits(tx, kindCatalog, "catalog")
	})
}

// SetCalendar replaces the working calendar (hours and published holiday
// overrides); every unit pulls it.
func (c *Central) SetCalendar(cal motcua.Calendar) error {
	return c.db.Update(func(tx *bolt.Tx) error {
		if err := putJSON(tx.Bucket(cbCalendar), kCalendar, cal); err != nil {
			return err
		}
		return cLogAllUnits(tx, kindCalendar, "calendar")
	})
}

func cLogAllUnits(tx *bolt.Tx, kind byte, id string) error {
	return tx.Bucket(cbUnits).ForEach(func(k, _ []byte) error { return cLogChange(tx, string(k), kind, id) })
}

// Dossiers returns every dossier of a unit ("" = all units), by id.
func (c *Central) Dossiers(unit string) ([]motcua.Dossier, error) {
	var out []motcua.Dossier
	err := c.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(cbDossiers).ForEach(func(_, v []byte) error {
			var d motcua.Dossier
			if err := json.Unmarshal(v, &d); err != nil {
				return err
			}
			if unit == "" || d.Unit == unit {
				out = append(out, d)
			}
			return nil
		})
	})
	return out, err
}

// Questions returns every question of a unit ("" = all), by id.
func (c *Central) Questions(unit string) ([]motcua.Question, error) {
	var out []motcua.Question
	err := c.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(cbQuestions).ForEach(func(_, v []byte) error {
			var q motcua.Question
			if err := json.Unmarshal(v, &q); err != nil {
				return err
			}
			if unit == "" || q.Unit == unit {
				out = append(out, q)
			}
			return nil
		})
	})
	return out, err
}

// Terminal returns one terminal's record.
func (c *Central) Terminal(id string) (motcua.TerminalRecord, error) {
	var rec motcua.TerminalRecord
	err := c.db.View(func(tx *bolt.Tx) error {
		t, err := cGetTerminal(tx, id)
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
func (c *Central) CheckIntegrity() error {
	return c.db.View(func(tx *bolt.Tx) error {
		codes := tx.Bucket(cbCodes)
		n := 0
		err := tx.Bucket(cbDossiers).ForEach(func(k, v []byte) error {
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
		if m := codes.Stats().KeyN; m != n {
			return fmt.Errorf("code index has %d entries for %d dossiers", m, n)
		}
		err = tx.Bucket(cbTerminals).ForEach(func(k, v []byte) error {
			var t centralTerminal
			if err := json.Unmarshal(v, &t); err != nil {
				return err
			}
			cur := tx.Bucket(cbApplied).Cursor()
			prefix := append(append([]byte(nil), k...), sep)
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
		var first error
		for err := range tx.Check() {
			if first == nil {
				first = fmt.Errorf("bbolt check: %w", err)
			}
		}
		return first
	})
}

// Ping checks that the file answers (the health endpoint).
func (c *Central) Ping() error { return c.db.View(func(*bolt.Tx) error { return nil }) }
