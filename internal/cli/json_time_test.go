package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// Every instant comes out at +07:00, whatever zone it carried; text that
// only contains an instant, or quotes and backslashes around one, is left
// as it is.
func TestJSONInstantsInVietnamTime(t *testing.T) {
	at := time.Date(2023, 10, 27, 2, 32, 0, 0, time.UTC)
	var b bytes.Buffer
	err := NewJSONEncoder(&b).Encode(map[string]any{
		"a_utc":   at,
		"b_local": at.In(time.FixedZone("EST", -5*3600)),
		"c_note":  `\"2023-10-27T02:32:00Z`,
		"d_text":  "hẹn lúc 2023-10-27T02:32:00Z nhé",
		"e_list":  []any{at.Add(500 * time.Millisecond), "2023-10-27", `\`},
		"f_date":  "2023-10-27",
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"a_utc":"2023-10-27T09:32:00+07:00","b_local":"2023-10-27T09:32:00+07:00",` +
		`"c_note":"\\\"2023-10-27T02:32:00Z","d_text":"hẹn lúc 2023-10-27T02:32:00Z nhé",` +
		`"e_list":["2023-10-27T09:32:00.5+07:00","2023-10-27","\\"],"f_date":"2023-10-27"}`
	if got := strings.TrimSpace(b.String()); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
