package ui

import (
	"charm.land/bubbles/v2/key"
	"github.com/motcua/motcua"
)

// dayText is the day screen's wording, kept beside it so the screen adds
// no line to the shared tables.
type dayText struct {
	Title, Key, KeyExport, Loading                                 string
	Received, Guidance, Refusals, Returned, Fees, Officer, Total   string
	SummaryF, Nothing, ExportedF, ExportFailedF, Cash, NoOfficer   string
	KindReceived, KindGuidance, KindRefusal, KindReturned, KindFee string
}

// dayTexts by language: an array, not a map, so the linker lays it out with
// no code at start (docs/DESIGN.md §16).
var dayTexts = [...]dayText{
	dayVI: {
		Title: "Sổ hôm nay", Key: "sổ hôm nay", KeyExport: "xuất CSV", Loading: "Đang đọc sổ hôm nay…",
		Received: "Tiếp nhận", Guidance: "Hướng dẫn", Refusals: "Từ chối", Returned: "Trả KQ", Fees: "Thu (đồng)",
		Officer: "Cán bộ", Total: "Tổng cộng",
		SummaryF:  "Tiếp nhận %d · hướng dẫn (Mẫu 02) %d · từ chối (Mẫu 03) %d · trả kết quả %d",
		Nothing:   "Hôm nay chưa có việc nào được ghi.",
		ExportedF: "Đã xuất sổ hôm nay ra %s", ExportFailedF: "Không xuất được sổ: %s",
		Cash: "Tiền thu trong ngày: %s (đối chiếu két cuối ngày)", NoOfficer: "(không rõ)",
		KindReceived: "Tiếp nhận", KindGuidance: "Hướng dẫn", KindRefusal: "Từ chối", KindReturned: "Trả KQ", KindFee: "Thu phí",
	},
	dayEN: {
		Title: "Today's book", Key: "today's book", KeyExport: "export CSV", Loading: "Reading today's book…",
		Received: "Received", Guidance: "Guidance", Refusals: "Refused", Returned: "Returned", Fees: "Fees (VND)",
		Officer: "Officer", Total: "Total",
		SummaryF:  "Received %d · guidance (form 02) %d · refused (form 03) %d · returned %d",
		Nothing:   "Nothing recorded today yet.",
		ExportedF: "Today's book exported to %s", ExportFailedF: "The book could not be exported: %s",
		Cash: "Cash taken today: %s (check it against the drawer at closing)", NoOfficer: "(unknown)",
		KindReceived: "Received", KindGuidance: "Guidance", KindRefusal: "Refused", KindReturned: "Returned", KindFee: "Fee",
	},
}

const (
	dayVI = iota
	dayEN
)

func dayTextFor(l motcua.Lang) dayText {
	if l == motcua.EN {
		return dayTexts[dayEN]
	}
	return dayTexts[dayVI]
}

// dayKeys are the day screen's keys: F7 anywhere, "o" on the home screen
// (sổ), "e" to export.
type dayKeys struct{ Go, Home, Export key.Binding }

func newDayKeys(l motcua.Lang) dayKeys {
	t := dayTextFor(l)
	return dayKeys{
		Go:     key.NewBinding(key.WithKeys("f7"), key.WithHelp("F7", t.Key)),
		Home:   key.NewBinding(key.WithKeys("o"), key.WithHelp("o", t.Key)),
		Export: key.NewBinding(key.WithKeys("e"), key.WithHelp("e", t.KeyExport)),
	}
}
