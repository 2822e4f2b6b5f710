package motcua

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// seedJSON is the catalog a fresh install works with before its first sync;
// the server's catalog replaces it. Codes of the form CM.XX.nnn are local
// placeholders for procedures whose national code the research did not
// confirm: replace them with the codes of the province's decision.
//
//go:embed catalog/seed.json
var seedJSON []byte

var (
	nationalCodeRE = &lazyRegexp{pattern: `^\d\.\d{6}$`}
	localCodeRE    = &lazyRegexp{pattern: `^[A-Z]{2}\.[A-Z0-9.]+$`}
)

// loadSeed decodes the embedded catalog once. Unknown fields are an error so
// that a typo in the seed fails the tests instead of silently dropping data.
var loadSeed = sync.OnceValues(func() ([]Procedure, error) {
	dec := json.NewDecoder(bytes.NewReader(seedJSON))
	dec.DisallowUnknownFields()
	var ps []Procedure
	if err := dec.Decode(&ps); err != nil {
		return nil, err
	}
	return ps, nil
})

// SeedCatalog returns the embedded procedures. Each call returns a fresh deep
// copy, so a caller editing its result cannot change what others see. A seed
// that fails to decode yields nil (the tests guard against that).
func SeedCatalog() []Procedure {
	ps, err := loadSeed()
	if err != nil {
		return nil
	}
	return cloneProcedures(ps)
}

// Validate reports the first problem that would make p unusable at the desk:
// a procedure without a code, a name or a time limit cannot be received.
func (p Procedure) Validate() error {
	if p.Code == "" {
		return Errorf(EINVALID, "procedure_code_missing", "code",
			"Thủ tục thiếu mã.", "The procedure has no code.")
	}
	if !nationalCodeRE.MatchString(p.Code) && !localCodeRE.MatchString(p.Code) {
		return Errorf(EINVALID, "procedure_code_format", "code",
			"Mã thủ tục %q không đúng dạng (ví dụ 1.001193).",
			"Procedure code %q is malformed (expected e.g. 1.001193).", p.Code)
	}
	if strings.TrimSpace(p.Name) == "" {
		return Errorf(EINVALID, "procedure_name_missing", "name",
			"Thủ tục %s thiếu tên.", "Procedure %s has no name.", p.Code)
	}
	switch p.Time.Kind {
	case WorkingDays, CalendarDays, SameDay:
	default:
		return Errorf(EINVALID, "procedure_time_kind", "time.kind",
			"Thủ tục %s có loại thời hạn không hợp lệ (%q).",
			"Procedure %s has an unknown time kind (%q).", p.Code, string(p.Time.Kind))
	}
	if p.Time.Hours <= 0 {
		return Errorf(EINVALID, "procedure_time_hours", "time.hours",
			"Thủ tục %s phải có thời hạn giải quyết lớn hơn 0 giờ.",
			"Procedure %s must have a processing time above 0 hours.", p.Code)
	}
	switch p.Supplement {
	case "", SupplementRestart, SupplementExtendByPause:
	default:
		return Errorf(EINVALID, "procedure_supplement", "supplement",
			"Thủ tục %s có cách tính thời hạn khi bổ sung không hợp lệ (%q).",
			"Procedure %s has an unknown supplement policy (%q).", p.Code, string(p.Supplement))
	}
	for _, k := range p.Keywords {
		if strings.TrimSpace(k) == "" || utf8.RuneCountInString(k) > 100 {
			return Errorf(EINVALID, "procedure_keyword", "keywords",
				"Thủ tục %s: từ khóa trống hoặc dài quá 100 ký tự.",
				"Procedure %s: a keyword is empty or longer than 100 characters.", p.Code)
		}
	}
	for i, d := range p.Documents {
		if strings.TrimSpace(d.Name) == "" {
			return Errorf(EINVALID, "document_name_missing", "documents",
				"Thủ tục %s: thành phần hồ sơ thứ %d thiếu tên.",
				"Procedure %s: document %d has no name.", p.Code, i+1)
		}
		if d.Originals < 0 || d.Certified < 0 || d.Copies < 0 {
			return Errorf(EINVALID, "document_count_negative", "documents",
				"Thủ tục %s: số lượng của «%s» không được âm.",
				"Procedure %s: the counts of %q cannot be negative.", p.Code, d.Name)
		}
	}
	for _, f := range p.Fees {
		if err := f.validate(p.Code); err != nil {
			return err
		}
	}
	return nil
}

// Catalog is an immutable, validated set of procedures indexed by code.
type Catalog struct {
	byCode map[string]int
	procs  []Procedure  // sorted by code
	names  [][]string   // folded name words, parallel to procs
	fields [][]string   // folded field words, parallel to procs
	alts   [][][]string // folded words of the English name and each keyword, parallel to procs
}

// NewCatalog validates every procedure and refuses duplicate codes: two
// versions of one code at once would make "received under version N"
// ambiguous. An empty supplement policy means the default, restart.
func NewCatalog(ps []Procedure) (*Catalog, error) {
	c := &Catalog{byCode: make(map[string]int, len(ps))}
	procs := cloneProcedures(ps)
	for _, p := range procs {
		if err := p.Validate(); err != nil {
			return nil, err
		}
	}
	sort.SliceStable(procs, func(i, j int) bool { return procs[i].Code < procs[j].Code })
	for i := range procs {
		p := &procs[i]
		if _, dup := c.byCode[p.Code]; dup {
			return nil, Errorf(EINVALID, "procedure_code_duplicate", "code",
				"Mã thủ tục %s bị trùng trong danh mục.",
				"Procedure code %s appears twice in the catalog.", p.Code)
		}
		if p.Supplement == "" {
			p.Supplement = SupplementRestart
		}
		c.byCode[p.Code] = i
		c.names = append(c.names, catalogWords(p.Name))
		c.fields = append(c.fields, catalogWords(p.Field))
		var alts [][]string
		for _, a := range append([]string{p.NameEN}, p.Keywords...) {
			if w := catalogWords(a); len(w) > 0 {
				alts = append(alts, w)
			}
		}
		c.alts = append(c.alts, alts)
	}
	c.procs = procs
	return c, nil
}

// Get returns a copy of the procedure with this code.
func (c *Catalog) Get(code string) (Procedure, error) {
	code = strings.TrimSpace(code)
	if c != nil {
		if i, ok := c.byCode[code]; ok {
			return cloneProcedure(c.procs[i]), nil
		}
	}
	return Procedure{}, Errorf(ENOTFOUND, "procedure_not_found", "code",
		"Không có thủ tục mã %s trong danh mục.",
		"No procedure with code %s in the catalog.", code)
}

// All returns copies of every procedure, sorted by code.
func (c *Catalog) All() []Procedure {
	if c == nil {
		return nil
	}
	return cloneProcedures(c.procs)
}

// Search finds procedures by code prefix ("1.0042") or by name words typed
// without diacritics ("khai sinh", "chung thuc"). Every query word must start
// a word of the name (or, ranked lower, of the English name or a keyword:
// "chet", "birth registration"; lower still, of the field). Results are best
// first: exact code, code prefix, exact name, name starting with the query,
// name containing it as a phrase, words anywhere, the same on the English
// name and keywords one step lower, field match; ties go to the
// shorter name, because the plain procedure ("Đăng ký khai sinh") is what the
// officer most often means. An empty query returns everything.
func (c *Catalog) Search(query string) []Procedure {
	if c == nil {
		return nil
	}
	q := strings.TrimSpace(query)
	if q == "" {
		return c.All()
	}
	qCode := strings.ToUpper(q)
	// A lone letter such as "c" is the start of a name, not of "CM.CT.001".
	codeLike := strings.ContainsAny(q, "0123456789.")
	qWords := catalogWords(q)

	type hit struct{ i, rank int }
	var hits []hit
	for i, p := range c.procs {
		rank := -1
		switch {
		case p.Code == qCode:
			rank = 0
		case codeLike && strings.HasPrefix(p.Code, qCode):
			rank = 1
		case len(qWords) > 0:
			rank = nameRank(c.names[i], qWords)
			if rank < 0 {
				rank = c.altRank(i, qWords)
			}
			if rank < 0 && wordsPrefixAll(c.fields[i], qWords) {
				rank = 7
			}
		}
		if rank >= 0 {
			hits = append(hits, hit{i, rank})
		}
	}
	sort.SliceStable(hits, func(a, b int) bool {
		ha, hb := hits[a], hits[b]
		if ha.rank != hb.rank {
			return ha.rank < hb.rank
		}
		la, lb := len(c.names[ha.i]), len(c.names[hb.i])
		if la != lb {
			return la < lb
		}
		return c.procs[ha.i].Code < c.procs[hb.i].Code
	})
	out := make([]Procedure, len(hits))
	for k, h := range hits {
		out[k] = cloneProcedure(c.procs[h.i])
	}
	return out
}

// SearchOrAll is Search that never leaves the officer at a dead end: when
// nothing matches a non-empty query it returns every procedure, and matched
// is false so the picker can say so.
func (c *Catalog) SearchOrAll(query string) (procs []Procedure, matched bool) {
	if procs = c.Search(query); len(procs) > 0 || strings.TrimSpace(query) == "" {
		return procs, true
	}
	return c.All(), false
}

// altRank scores the English name and the keywords, one step below the
// same match on the official name, or -1.
func (c *Catalog) altRank(i int, q []string) int {
	best := -1
	for _, a := range c.alts[i] {
		if r := nameRank(a, q); r >= 0 && (best < 0 || r+1 < best) {
			best = r + 1
		}
	}
	return best
}

// nameRank scores how well the query words match the name words, or -1.
// The last query word may be a prefix, so results follow the officer's typing.
func nameRank(name, q []string) int {
	if len(q) == len(name) && phraseAt(name, q, 0) {
		return 2
	}
	if phraseAt(name, q, 0) {
		return 3
	}
	for start := 1; start+len(q) <= len(name); start++ {
		if phraseAt(name, q, start) {
			return 4
		}
	}
	if wordsPrefixAll(name, q) {
		return 5
	}
	return -1
}

// phraseAt reports whether q occurs in name as consecutive words from start;
// earlier words must match whole, the last may be a prefix.
func phraseAt(name, q []string, start int) bool {
	if start+len(q) > len(name) {
		return false
	}
	for k, w := range q {
		nw := name[start+k]
		if k == len(q)-1 {
			if !strings.HasPrefix(nw, w) {
				return false
			}
		} else if nw != w {
			return false
		}
	}
	return true
}

// wordsPrefixAll reports whether every query word starts some word of name.
func wordsPrefixAll(name, q []string) bool {
	for _, w := range q {
		found := false
		for _, nw := range name {
			if strings.HasPrefix(nw, w) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// catalogWords splits folded text on anything that is not a letter or digit,
// so "cha, mẹ, con" and "hộ tịch / bản sao" give clean words.
func catalogWords(s string) []string {
	return strings.FieldsFunc(Fold(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

func cloneProcedures(ps []Procedure) []Procedure {
	if ps == nil {
		return nil
	}
	out := make([]Procedure, len(ps))
	for i, p := range ps {
		out[i] = cloneProcedure(p)
	}
	return out
}

// cloneProcedure copies the slices and the OnlineAmount pointers, the parts a
// shallow copy would still share.
func cloneProcedure(p Procedure) Procedure {
	if p.Documents != nil {
		p.Documents = append([]DocumentSpec(nil), p.Documents...)
	}
	if p.Fees != nil {
		fees := make([]FeeLine, len(p.Fees))
		for i, f := range p.Fees {
			if f.OnlineAmount != nil {
				v := *f.OnlineAmount
				f.OnlineAmount = &v
			}
			fees[i] = f
		}
		p.Fees = fees
	}
	return p
}
