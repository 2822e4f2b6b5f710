package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/motcua/motcua"
)

// resultsBlock is one period's figures on a unit's results page: the
// numbers as a table and the same numbers as a bar chart drawn here (inline
// SVG with presentation attributes only, so the strict CSP holds and no
// script runs).
type resultsBlock struct {
	ID, Title string
	R         motcua.UnitResults
	Bars      []resultBar
	Height    int
	// Levels are the ratings' five answers, each a share of the ratings.
	Levels       []resultBar
	LevelsHeight int
}

// resultBar is one bar: its words, its figure as text and its geometry.
type resultBar struct {
	Label, Value string
	Y, TextY     int
	W            float64
	Fill         string
}

// The chart's geometry in viewBox units: each label sits above its bar, so
// a 320 px phone needs no sideways scroll.
const (
	chartBarW = 300 // a full bar: all received, or 100 %
	chartRow  = 44
)

// resultsIndex is /ket-qua: every unit, each linking to its page.
func (s *Site) resultsIndex(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(r, "results_h1")
	units, err := s.b.Units()
	if err != nil {
		s.oops(w, r)
		return
	}
	p.Units = units
	s.render(w, r, "results_index", p)
}

// results is /ket-qua/{unit}: the unit's public figures this month and this
// year, by the same rules as the period's report (motcua.ResultsOf). It reads
// every dossier of the unit, so it counts against the key-less lookups'
// per-address limit.
func (s *Site) results(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(r, "results_h1")
	u, err := s.b.Unit(r.PathValue("unit"))
	if motcua.ErrorCode(err) == motcua.ENOTFOUND || motcua.ErrorCode(err) == motcua.EINVALID {
		s.refuse(w, r, http.StatusNotFound, "results_h1", "results_no_unit")
		return
	}
	if err != nil {
		s.oops(w, r)
		return
	}
	if !s.lookupAddr.allow(s.o.ClientIP(r)) {
		s.refuse(w, r, http.StatusTooManyRequests, "too_many_h", "too_many")
		return
	}
	ds, err := s.b.Dossiers(u.Code)
	if err != nil {
		s.oops(w, r)
		return
	}
	now := s.o.Now().In(motcua.VNZone)
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, motcua.VNZone)
	year := time.Date(now.Year(), 1, 1, 0, 0, 0, 0, motcua.VNZone)
	p.Unit = u
	p.Results = []resultsBlock{
		s.block(p.Lang, "m", fmt.Sprintf(tr(p.Lang, "results_month"), int(now.Month()), now.Year()), motcua.ResultsOf(ds, month, now)),
		s.block(p.Lang, "y", fmt.Sprintf(tr(p.Lang, "results_year"), now.Year()), motcua.ResultsOf(ds, year, now)),
	}
	s.render(w, r, "results", p)
}

// block lays out one period's chart: counts scaled to the period's
// received, shares to 100 %.
func (s *Site) block(lang motcua.Lang, id, title string, res motcua.UnitResults) resultsBlock {
	b := resultsBlock{ID: id, Title: title, R: res}
	scale := float64(max(res.Received, 1))
	add := func(key string, v float64, text, fill string) {
		y := len(b.Bars) * chartRow
		b.Bars = append(b.Bars, resultBar{Label: tr(lang, key), Value: text, Y: y + 18, TextY: y + 14,
			W: max(chartBarW*v, 0), Fill: fill})
	}
	count := func(key string, n int, fill string) { add(key, float64(n)/scale, strconv.Itoa(n), fill) }
	count("res_received", res.Received, "#1d4f91")
	count("res_in_time", res.InTime(), "#00703c")
	count("res_late", res.ResolvedLate, "#b10e1e")
	add("res_rated", res.RatedShare(), percent(res.RatedShare(), lang), "#4c2c92")
	add("res_satisfied", res.SatisfiedShare(), percent(res.SatisfiedShare(), lang), "#005a30")
	b.Height = len(b.Bars) * chartRow
	b.Levels, b.LevelsHeight = levelBars(lang, res)
	return b
}

// levelFills colour the five answers from dark green to red; each bar also
// carries its words and figure, so colour is never the only cue.
var levelFills = map[motcua.Satisfaction]string{
	motcua.VerySatisfied: "#005a30", motcua.Satisfied: "#2e7d32", motcua.Neutral: "#505a5f",
	motcua.Dissatisfied: "#a94400", motcua.VeryDissatisfied: "#b10e1e",
}

// levelBars is the chart of the five answers to the overall question, each
// as a share of the ratings, with its count.
func levelBars(lang motcua.Lang, res motcua.UnitResults) ([]resultBar, int) {
	var bars []resultBar
	for i, lv := range motcua.Satisfactions {
		n, share := res.Satisfaction[lv], 0.0
		if res.Rated > 0 {
			share = float64(n) / float64(res.Rated)
		}
		y := i * chartRow
		bars = append(bars, resultBar{Label: lv.Label(lang), Value: fmt.Sprintf("%d (%s)", n, percent(share, lang)),
			Y: y + 18, TextY: y + 14, W: chartBarW * share, Fill: levelFills[lv]})
	}
	return bars, len(bars) * chartRow
}

// percent writes a share the way each language reads it (67,5 % / 67.5%).
func percent(v float64, lang motcua.Lang) string {
	t := strconv.FormatFloat(v*100, 'f', 1, 64)
	if lang == motcua.EN {
		return t + "%"
	}
	for i := range len(t) {
		if t[i] == '.' {
			t = t[:i] + "," + t[i+1:]
		}
	}
	return t + " %"
}
