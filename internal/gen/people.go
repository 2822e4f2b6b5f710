package gen

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/motcua/motcua"
)

// sampler draws from a weighted table in O(log n).
type sampler struct {
	names []string
	cum   []float64
}

func newSampler(ws []weighted) *sampler {
	s := &sampler{names: make([]string, len(ws)), cum: make([]float64, len(ws))}
	total := 0.0
	for i, w := range ws {
		total += w.Weight
		s.names[i], s.cum[i] = w.Name, total
	}
	return s
}

func (s *sampler) pick(r *rand.Rand) string {
	x := r.Float64() * s.cum[len(s.cum)-1]
	return s.names[sort.SearchFloat64s(s.cum, x)]
}

// uniform picks one element of a list.
func uniform[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// chance is true with probability p.
func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// Citizen is a generated person with the facts the generator needs beyond
// what the dossier stores.
type Citizen struct {
	motcua.Person
	Family string
	Birth  time.Time
}

// People makes citizens of a Cà Mau commune. It is deterministic for a given
// source of randomness and reference date.
type People struct {
	r        *rand.Rand
	today    time.Time // ages are counted to this date
	family   *sampler
	midMale  *sampler
	midFem   *sampler
	province *sampler
	carrier  *sampler
}

// NewPeople returns a generator of citizens drawing on r, aged relative to
// today.
func NewPeople(r *rand.Rand, today time.Time) *People {
	var cs []weighted
	for _, c := range carriers {
		cs = append(cs, weighted{c.Name, c.Share})
	}
	return &People{r: r, today: today, family: newSampler(FamilyNames), midMale: newSampler(MiddleMale),
		midFem: newSampler(MiddleFemale), province: newSampler(birthProvinces), carrier: newSampler(cs)}
}

// Family draws a family name with its real frequency.
func (p *People) Family() string { return p.family.pick(p.r) }

// Name draws a full name for a person of the given sex born in birthYear:
// family, one or two middle names, a given name. Older people more often
// carry Văn or Thị and the southern birth-order names (Út, Tám, …).
func (p *People) Name(family string, sex motcua.Sex, birthYear int) string {
	r := p.r
	old := birthYear < 1975
	parts := []string{family}
	traditional := 0.35
	if old {
		traditional = 0.75
	}
	switch {
	case sex == motcua.Female && chance(r, traditional+0.05):
		parts = append(parts, "Thị")
	case sex == motcua.Female:
		parts = append(parts, p.midFem.pick(r))
	case chance(r, traditional):
		parts = append(parts, "Văn")
	default:
		parts = append(parts, p.midMale.pick(r))
	}
	// Younger people sometimes carry two middle names, often the mother's
	// family name first ("Trần Lê Minh Khang").
	if !old && parts[1] != "Văn" && parts[1] != "Thị" && chance(r, 0.12) {
		second := p.family.pick(r)
		if chance(r, 0.5) {
			if sex == motcua.Female {
				second = p.midFem.pick(r)
			} else {
				second = p.midMale.pick(r)
			}
		}
		if second != parts[1] && second != family {
			parts = []string{family, second, parts[1]}
		}
	}
	given := GivenMale
	if sex == motcua.Female {
		given = GivenFemale
	}
	g := uniform(r, given)
	for tries := 0; birthOrderNames[g] && !old && !chance(r, 0.15) && tries < 4; tries++ {
		g = uniform(r, given)
	}
	if strings.Contains(g, " ") && len(parts) > 2 {
		parts = parts[:2] // a compound given name keeps the name at four words
	}
	return strings.Join(append(parts, g), " ")
}

// Sex draws a sex; women file a little more of a commune's dossiers.
func (p *People) Sex() motcua.Sex {
	if chance(p.r, 0.53) {
		return motcua.Female
	}
	return motcua.Male
}

// birth draws the birth date of an adult applicant: mostly 20–55, some
// older, a few 18–20.
func (p *People) birth() time.Time {
	r := p.r
	var age float64
	switch x := r.Float64(); {
	case x < 0.05:
		age = 18 + 2*r.Float64()
	case x < 0.72:
		age = 20 + 35*r.Float64()
	case x < 0.95:
		age = 55 + 20*r.Float64()
	default:
		age = 75 + 17*r.Float64()
	}
	days := int(age * 365.2425)
	t := p.today.AddDate(0, 0, -days)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// CCCD returns a 12-digit citizen ID consistent with a birth date and sex:
// birth-province code, the century-and-sex digit, the two-digit year, and a
// random serial.
func (p *People) CCCD(birth time.Time, sex motcua.Sex) string {
	prov := p.province.pick(p.r)
	if chance(p.r, 0.02) {
		prov = uniform(p.r, otherProvinces)
	}
	d := (birth.Year()/100 - 19) * 2
	if sex == motcua.Female {
		d++
	}
	return fmt.Sprintf("%s%d%02d%06d", prov, d, birth.Year()%100, p.r.IntN(1_000_000))
}

// Mobile returns a valid mobile number of a weighted carrier, written the
// way people write it: mostly plain, sometimes grouped or with +84.
func (p *People) Mobile() string {
	r := p.r
	name := p.carrier.pick(r)
	var prefix string
	for _, c := range carriers {
		if c.Name == name {
			prefix = uniform(r, c.Prefixes)
		}
	}
	n := fmt.Sprintf("%s%07d", prefix, r.IntN(10_000_000))
	switch x := r.Float64(); {
	case x < 0.70:
		return n
	case x < 0.85:
		return n[:4] + " " + n[4:7] + " " + n[7:]
	case x < 0.93:
		return n[:4] + "." + n[4:7] + "." + n[7:]
	default:
		return "+84 " + n[1:4] + " " + n[4:7] + " " + n[7:]
	}
}

// Address returns a Cà Mau address: hamlet or khóm, commune or ward,
// sometimes with the district older records name.
func (p *People) Address() string {
	r := p.r
	c := uniform(r, communes)
	var place string
	switch {
	case c.Ward && chance(r, 0.5):
		place = fmt.Sprintf("Số %d đường %s, khóm %d", 1+r.IntN(300), uniform(r, streets), 1+r.IntN(12))
	case c.Ward:
		place = fmt.Sprintf("Khóm %d", 1+r.IntN(12))
	case chance(r, 0.5):
		place = fmt.Sprintf("Ấp %d", 1+r.IntN(14))
	default:
		place = "Ấp " + uniform(r, hamlets)
	}
	if chance(r, 0.15) {
		return fmt.Sprintf("%s, %s, %s, tỉnh Cà Mau", place, c.Name, c.Legacy)
	}
	return fmt.Sprintf("%s, %s, tỉnh Cà Mau", place, c.Name)
}

// Citizen draws an adult applicant: name, sex, date of birth, ID document
// (mostly a CCCD consistent with both; a few legacy CMNDs; a few none),
// phone, sometimes an e-mail, address.
func (p *People) Citizen() Citizen {
	return p.CitizenOf(p.Family())
}

// CitizenOf is Citizen with a given family name (a relative).
func (p *People) CitizenOf(family string) Citizen {
	r := p.r
	sex := p.Sex()
	birth := p.birth()
	c := Citizen{Family: family, Birth: birth}
	c.Name = p.Name(family, sex, birth.Year())
	c.Sex = sex
	c.DOB = birth.Format("2006-01-02")
	switch x := r.Float64(); {
	case x < 0.93:
		c.IDKind, c.IDNumber = motcua.IDCCCD, p.CCCD(birth, sex)
	case x < 0.96 && birth.Year() < 1990:
		c.IDKind, c.IDNumber = motcua.IDCMND, fmt.Sprintf("38%07d", r.IntN(10_000_000))
	}
	if chance(r, 0.85) {
		c.Phone = p.Mobile()
	}
	if chance(r, 0.04) {
		words := motcua.Tokens(c.Name)
		c.Email = fmt.Sprintf("%s%s%d@gmail.com", words[len(words)-1], words[0], r.IntN(1000))
	}
	c.Address = p.Address()
	return c
}

// Child names a baby of a family, for birth-registration summaries.
func (p *People) Child(family string) string {
	sex := p.Sex()
	return p.Name(family, sex, p.today.Year())
}
