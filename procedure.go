package motcua

// TimeKind says how a procedure's processing time is counted (docs/DOMAIN.md,
// "Working days and appointment dates").
type TimeKind string

const (
	WorkingDays  TimeKind = "working_days"  // ngày làm việc: skip rest days and holidays
	CalendarDays TimeKind = "calendar_days" // ngày: count every day, push a rest-day deadline forward
	SameDay      TimeKind = "same_day"      // trong ngày: received after 15:00 → next working day
)

// ProcessingTime is a legal time limit, stored in working hours (1 day = 8 h).
type ProcessingTime struct {
	Kind  TimeKind `json:"kind"`
	Hours int      `json:"hours"`
}

// SupplementPolicy says what a supplement request (bổ sung) does to the count.
type SupplementPolicy string

const (
	SupplementRestart       SupplementPolicy = "restart"         // count again from the complete dossier
	SupplementExtendByPause SupplementPolicy = "extend_by_pause" // move the appointment by the pause
)

// DocumentSpec is one line of a procedure's documents checklist.
type DocumentSpec struct {
	Name      string `json:"name"`
	Originals int    `json:"originals"` // bản chính
	Certified int    `json:"certified"` // bản sao chứng thực
	Copies    int    `json:"copies"`    // bản photo
	Required  bool   `json:"required"`
}

// FeeKind says how a fee line is computed.
type FeeKind string

const (
	FeeFixed   FeeKind = "fixed"    // one amount per dossier
	FeePerUnit FeeKind = "per_unit" // amount × count (bản sao, trường hợp, hợp đồng)
	FeePerPage FeeKind = "per_page" // chứng thực: first pages at Amount, from page PageBreak at PageAmount, capped per copy
)

// FeeLine is one phí or lệ phí of a procedure. Amounts are in đồng. Fees are
// set by provinces: they are data, never code.
type FeeLine struct {
	Name         string  `json:"name"`
	Kind         FeeKind `json:"kind"`
	Amount       int64   `json:"amount"`
	OnlineAmount *int64  `json:"online_amount,omitempty"` // when online submission costs less
	Unit         string  `json:"unit,omitempty"`          // "bản sao", "trang", "trường hợp"
	PageBreak    int     `json:"page_break,omitempty"`    // FeePerPage: the first page charged PageAmount
	PageAmount   int64   `json:"page_amount,omitempty"`
	CapPerCopy   int64   `json:"cap_per_copy,omitempty"`
	Note         string  `json:"note,omitempty"`
}

// Procedure is one administrative procedure (thủ tục hành chính) of the
// catalog. A dossier stores the Version it was received under.
type Procedure struct {
	Code   string `json:"code"` // mã TTHC, e.g. 1.001193
	Name   string `json:"name"`
	NameEN string `json:"name_en,omitempty"` // found by the picker too, whatever the language
	// Keywords are the everyday words citizens and officers use for it
	// ("chết", "báo tử" for khai tử; "làm sổ đỏ"): data, searched like names.
	Keywords   []string         `json:"keywords,omitempty"`
	Field      string           `json:"field"`  // lĩnh vực
	Agency     string           `json:"agency"` // cơ quan thực hiện
	Version    int              `json:"version"`
	Time       ProcessingTime   `json:"time"`
	Documents  []DocumentSpec   `json:"documents"`
	Fees       []FeeLine        `json:"fees"`
	Supplement SupplementPolicy `json:"supplement"`
	Note       string           `json:"note,omitempty"`
}
