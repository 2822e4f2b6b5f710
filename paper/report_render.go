package paper

import (
	"strconv"
	"strings"

	"github.com/motcua/motcua"
)

// reportLine is one row of the report's main table.
type reportLine struct {
	vi, en string
	indent bool
	value  func(c Counts) float64
	pct    bool // a share, printed as "62,5 %"
}

func channelLine(ch motcua.Channel) reportLine {
	return reportLine{ch.Label(motcua.VI), ch.Label(motcua.EN), true, func(c Counts) float64 { return float64(c.ByChannel[ch]) }, false}
}

func satisfactionLine(s motcua.Satisfaction) reportLine {
	return reportLine{s.Label(motcua.VI), s.Label(motcua.EN), true, func(c Counts) float64 { return float64(c.Satisfaction[s]) }, false}
}

func n(f func(c Counts) int) func(c Counts) float64 {
	return func(c Counts) float64 { return float64(f(c)) }
}

// reportLines are the report's figures in the order the reports upward
// list them. A function, not a table built at start-up: every motcua
// command pays the package's initialisation, and only a report needs this.
func reportLines() []reportLine {
	return append(append([]reportLine{
		{"Hồ sơ tiếp nhận", "Dossiers received", false, n(func(c Counts) int { return c.Received }), false},
		channelLine(motcua.ChannelCounter), channelLine(motcua.ChannelHamlet), channelLine(motcua.ChannelPost), channelLine(motcua.ChannelOnline),
		{"Đã giải quyết", "Resolved", false, n(Counts.Resolved), false},
		{"Trước hạn", "Early", true, n(func(c Counts) int { return c.ResolvedEarly }), false},
		{"Đúng hạn", "On time", true, n(func(c Counts) int { return c.ResolvedOnTime }), false},
		{"Quá hạn", "Late", true, n(func(c Counts) int { return c.ResolvedLate }), false},
		{"Đang giải quyết", "In progress", false, n(func(c Counts) int { return c.OpenOnTime + c.OpenOverdue }), false},
		{"Trong hạn", "On time", true, n(func(c Counts) int { return c.OpenOnTime }), false},
		{"Quá hạn", "Overdue", true, n(func(c Counts) int { return c.OpenOverdue }), false},
		{"Công dân rút hồ sơ", "Withdrawn", false, n(func(c Counts) int { return c.Withdrawn }), false},
		{"Dừng xử lý", "Stopped", false, n(func(c Counts) int { return c.Stopped }), false},
		{"Từ chối tiếp nhận", "Refused", false, n(func(c Counts) int { return c.Refused }), false},
		{"Được hướng dẫn bổ sung (Mẫu 02)", "Guided to complete (form 02)", false, n(func(c Counts) int { return c.Guided }), false},
		{"Tại quầy, không tiếp nhận: hướng dẫn (Mẫu 02)", "At the counter, not received: guidance (form 02)", false, n(func(c Counts) int { return c.CounterGuidance }), false},
		{"Tại quầy, không tiếp nhận: từ chối (Mẫu 03)", "At the counter, not received: refused (form 03)", false, n(func(c Counts) int { return c.CounterRefusals }), false},
		{"Đã trả kết quả", "Results returned", false, n(func(c Counts) int { return c.Returned }), false},
		{"Được đánh giá", "Rated", false, n(func(c Counts) int { return c.Rated }), false},
		{"Tỷ lệ được đánh giá (mục tiêu 60 %)", "Share rated (target 60 %)", false, Counts.RatedShare, true},
	}, satisfactionLines()...), []reportLine{
		{"Điểm bình quân 9 chỉ số (trên 18)", "Average of the 9 indicators (of 18)", false, Counts.AveragePoints, false},
	}...)
}

// outcome is one slice of the outcomes pie.
type outcome struct {
	vi, en string
	n      func(c Counts) int
	rgb    [3]int
}

var outcomes = []outcome{
	{"Giải quyết trước hạn", "Resolved early", func(c Counts) int { return c.ResolvedEarly }, [3]int{46, 125, 50}},
	{"Giải quyết đúng hạn", "Resolved on time", func(c Counts) int { return c.ResolvedOnTime }, [3]int{129, 199, 132}},
	{"Giải quyết quá hạn", "Resolved late", func(c Counts) int { return c.ResolvedLate }, [3]int{229, 115, 115}},
	{"Đang giải quyết trong hạn", "In progress, on time", func(c Counts) int { return c.OpenOnTime }, [3]int{100, 181, 246}},
	{"Đang giải quyết quá hạn", "In progress, overdue", func(c Counts) int { return c.OpenOverdue }, [3]int{198, 40, 40}},
	{"Rút hồ sơ", "Withdrawn", func(c Counts) int { return c.Withdrawn }, [3]int{189, 189, 189}},
	{"Dừng xử lý", "Stopped", func(c Counts) int { return c.Stopped }, [3]int{117, 117, 117}},
	{"Từ chối", "Refused", func(c Counts) int { return c.Refused }, [3]int{255, 183, 77}},
}

// number prints a figure as Vietnamese reports do: "1.234", "62,5 %",
// "15,3" (English: "1,234", "62.5 %", "15.3").
func number(v float64, pct bool, lang motcua.Lang) string {
	thou, dec := ".", ","
	if lang == motcua.EN {
		thou, dec = ",", "."
	}
	if pct {
		return strings.Replace(strconv.FormatFloat(v*100, 'f', 1, 64), ".", dec, 1) + " %"
	}
	if v != float64(int64(v)) {
		return strings.Replace(strconv.FormatFloat(v, 'f', 1, 64), ".", dec, 1)
	}
	s := strconv.FormatInt(int64(v), 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(thou)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// columns are the units shown side by side, and the total when there are
// several.
func (r Report) columns() []UnitReport {
	if len(r.Units) == 1 {
		return r.Units
	}
	return append(append([]UnitReport(nil), r.Units...), r.Total)
}

func unitTitle(u UnitReport, lang motcua.Lang) string {
	if u.Unit == "" {
		return s0(Options{Lang: lang}, "Tổng cộng", "Total")
	}
	if u.UnitName != "" {
		return u.UnitName
	}
	return u.Unit
}

func monthLabel(m string) string {
	if len(m) == 7 {
		return m[5:] + "/" + m[:4]
	}
	return m
}

func periodOf(r Report) Period { return Period{From: r.From, To: r.To} }

// indicators name the nine evaluation indicators (NĐ 61/2018, scored 2/1/0
// per TT 01/2018/TT-VPCP; 18 points in all).
var indicators = [9][2]string{
	{"Thời gian giải quyết so với quy định", "Total time against the legal limit"},
	{"Thời gian xử lý của từng cơ quan, đơn vị", "Time taken by each body"},
	{"Số lần phải liên hệ để hoàn thiện hồ sơ", "Times contacted to complete the dossier"},
	{"Số cơ quan, đơn vị phải liên hệ", "Bodies the citizen had to contact"},
	{"Tiếp nhận, giải quyết, trả kết quả tại Bộ phận Một cửa", "Received, resolved and returned at the counter"},
	{"Công khai thủ tục hành chính", "Procedure made public"},
	{"Thái độ của cán bộ, công chức", "Officers' conduct"},
	{"Mức độ thuận tiện", "Convenience"},
	{"Đánh giá tổng thể", "Overall satisfaction"},
}

// indicatorAverage is indicator i's mean points (0–2) over the rated.
func (c Counts) indicatorAverage(i int) float64 {
	if c.Rated == 0 {
		return 0
	}
	return float64(c.IndicatorSum[i]) / float64(c.Rated)
}
