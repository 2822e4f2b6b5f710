package main

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/parser"
	"github.com/dustin/go-humanize"
	"github.com/go-resty/resty/v2"
	"github.com/go-resty/resty/v2/shellescape"
	"github.com/mattn/go-runewidth"
)

// The patched copies in third_party/ (go.mod's replace) move work from the
// package's init to its first use. These are the uses: they answer as
// upstream's do. TestInitWork checks that the init work is gone.

func TestHumanizeParsesSIAtFirstUse(t *testing.T) {
	for _, c := range []struct {
		in   string
		v    float64
		unit string
	}{{"2.2345 pF", 2.2345e-12, "F"}, {"1.5k", 1500, ""}, {"3 MB", 3e6, "B"}} {
		v, unit, err := humanize.ParseSI(c.in)
		if err != nil || unit != c.unit || v < c.v*0.999999 || v > c.v*1.000001 {
			t.Errorf("ParseSI(%q) = %v %q %v, want %v %q", c.in, v, unit, err, c.v, c.unit)
		}
	}
	if _, _, err := humanize.ParseSI("many"); err == nil {
		t.Error(`ParseSI("many") parsed`)
	}
}

func TestRestyContentTypesAtFirstUse(t *testing.T) {
	for ct, want := range map[string][2]bool{
		"application/json":              {true, false},
		"application/problem+json; q=1": {true, false},
		"TEXT/XML; charset=utf-8":       {false, true},
		"application/atom+xml":          {false, true},
		"text/plain":                    {false, false},
		"image/png":                     {false, false},
	} {
		if got := [2]bool{resty.IsJSONType(ct), resty.IsXMLType(ct)}; got != want {
			t.Errorf("%q: IsJSONType, IsXMLType = %v, want %v", ct, got, want)
		}
	}
	for in, want := range map[string]string{"": "''", "plain-word": "plain-word", "a b": "'a b'", "it's": `'it'"'"'s'`} {
		if got := shellescape.Quote(in); got != want {
			t.Errorf("Quote(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestAnsiTablesAtFirstUse(t *testing.T) {
	if !bytes.Equal(parser.Table, parser.GenerateTransitionTable()) {
		t.Fatal("parser.Table (written out in third_party/ansi/parser/table.go) differs from GenerateTransitionTable()")
	}
	for s, want := range map[string]int{
		"abc":               3,
		"e\u0301":           1, // a combining mark (Mn) takes no column
		"a\u200db":          2, // ZWJ (Cf)
		"x\U000E0100":       1, // a variation selector above the BMP (Mn)
		"Nguyễn Văn Tý":     13,
		"\x1b[31mđỏ\x1b[0m": 2,
	} {
		if got := ansi.WcWidth.StringWidth(s); got != want {
			t.Errorf("WcWidth.StringWidth(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestUltravioletKeysAtFirstUse(t *testing.T) {
	// keyTypeString: a key's name.
	for k, want := range map[uv.Key]string{
		{Code: uv.KeyEnter}:                       "enter",
		{Code: uv.KeyF12, Mod: uv.ModCtrl}:        "ctrl+f12",
		{Code: uv.KeyKpEnter}:                     "enter",
		{Code: uv.KeyMediaPlayPause}:              "mediaplaypause",
		{Code: 'a', Mod: uv.ModAlt}:               "alt+a",
		{Code: uv.KeyIsoLevel5Shift}:              "isolevel5shift",
		{Code: uv.KeyLeftSuper, Mod: uv.ModShift}: "shift+leftsuper",
	} {
		if got := k.String(); got != want {
			t.Errorf("%+v.String() = %q, want %q", k, got, want)
		}
	}
	// stringKeyType: a name back to its key.
	for s, k := range map[string]uv.Key{"ctrl+pgdown": {Code: uv.KeyPgDown, Mod: uv.ModCtrl}, "kp5": {Code: uv.KeyKp5}, "esc": {Code: uv.KeyEscape}} {
		if !k.MatchString(s) {
			t.Errorf("%+v does not match %q", k, s)
		}
	}
	// kittyKeyMap, with the C0 entries upstream's init added: Kitty's
	// CSI code u sequences.
	for seq, want := range map[string]uv.Key{
		"\x1b[57399u": {Code: uv.KeyKp0},
		"\x1b[57441u": {Code: uv.KeyLeftShift},
		"\x1b[13u":    {Code: uv.KeyEnter},
		"\x1b[1u":     {Code: 'a', Mod: uv.ModCtrl},
		"\x1b[0u":     {Code: uv.KeySpace, Mod: uv.ModCtrl},
		"\x1b[29u":    {Code: ']', Mod: uv.ModCtrl},
	} {
		var d uv.EventDecoder
		n, ev := d.Decode([]byte(seq))
		k, ok := ev.(uv.KeyPressEvent)
		if n != len(seq) || !ok || k.Code != want.Code || k.Mod != want.Mod {
			t.Errorf("Decode(%q) = %d, %#v, want %+v", seq, n, ev, want)
		}
	}
}

func TestRunewidthTablesAtFirstUse(t *testing.T) {
	// Below 0x300 the low region (filled at the first lookup), above it the
	// whole table; both planes, and the joiner bitmap through StringWidth.
	for _, c := range []struct {
		r      rune
		narrow int
		wide   int
	}{{'a', 1, 1}, {0x1F, 0, 0}, {0xAD, 0, 0}, {0xA1, 1, 2}, {0x2C7, 1, 2}, {0x301, 0, 0}, {'ữ', 1, 1}, {'中', 2, 2}, {0x1F600, 2, 2}} {
		narrow := &runewidth.Condition{StrictEmojiNeutral: true}
		wide := &runewidth.Condition{StrictEmojiNeutral: true, EastAsianWidth: true}
		if got := narrow.RuneWidth(c.r); got != c.narrow {
			t.Errorf("RuneWidth(%U) = %d, want %d", c.r, got, c.narrow)
		}
		if got := wide.RuneWidth(c.r); got != c.wide {
			t.Errorf("East Asian RuneWidth(%U) = %d, want %d", c.r, got, c.wide)
		}
	}
	narrow := &runewidth.Condition{StrictEmojiNeutral: true}
	for s, want := range map[string]int{"Nguyễn Văn Tý": 13, "e\u0301": 1, "👍🏽": 2, "a\u200db": 2, "中文": 4, "\r\n": 0} {
		if got := narrow.StringWidth(s); got != want {
			t.Errorf("StringWidth(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestRestyXMLIsOptIn: the resty copy links no encoding/xml, so XML bodies
// need the marshallers set (upstream's defaults, one call each); without
// them an XML body is resty.ErrNoXML, not a panic. motcua's client sends and
// reads JSON only.
func TestRestyXMLIsOptIn(t *testing.T) {
	type point struct {
		XMLName xml.Name `xml:"point"`
		X       int      `xml:"x"`
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/xml")
		if len(b) == 0 {
			b = []byte("<point><x>7</x></point>")
		}
		_, _ = w.Write(b)
	}))
	defer srv.Close()

	var got point
	_, err := resty.New().R().SetResult(&got).Get(srv.URL)
	if !errors.Is(err, resty.ErrNoXML) {
		t.Errorf("XML reply without an unmarshaller: err %v, want ErrNoXML", err)
	}
	_, err = resty.New().R().SetHeader("Content-Type", "application/xml").SetBody(point{X: 1}).Post(srv.URL)
	if !errors.Is(err, resty.ErrNoXML) {
		t.Errorf("XML body without a marshaller: err %v, want ErrNoXML", err)
	}

	c := resty.New().SetXMLMarshaler(xml.Marshal).SetXMLUnmarshaler(xml.Unmarshal)
	if _, err := c.R().SetResult(&got).Get(srv.URL); err != nil || got.X != 7 {
		t.Errorf("XML reply with xml.Unmarshal: %+v, %v", got, err)
	}
	got = point{}
	if _, err := c.R().SetHeader("Content-Type", "application/xml").SetBody(point{X: 3}).SetResult(&got).Post(srv.URL); err != nil || got.X != 3 {
		t.Errorf("XML round trip with xml.Marshal: %+v, %v", got, err)
	}
}

// TestLipglossWriterAtFirstUse: the Lip Gloss copy sets Writer at the first
// Print/Sprint-family call, to upstream's value, and keeps one a program set.
// Nothing else in this test binary prints through Lip Gloss.
func TestLipglossWriterAtFirstUse(t *testing.T) {
	if lipgloss.Writer != nil {
		t.Fatal("lipgloss.Writer is set before any use: the colour profile was detected at start-up")
	}
	styled := "\x1b[38;2;106;0;255mx\x1b[m"
	want := colorprofile.Detect(os.Stdout, os.Environ())
	_ = lipgloss.Sprint(styled)
	if lipgloss.Writer == nil || lipgloss.Writer.Forward != os.Stdout || lipgloss.Writer.Profile != want {
		t.Fatalf("after Sprint, Writer = %+v, want stdout with profile %v", lipgloss.Writer, want)
	}
	saved := lipgloss.Writer
	defer func() { lipgloss.Writer = saved }()
	lipgloss.Writer = &colorprofile.Writer{Forward: os.Stdout, Profile: colorprofile.NoTTY}
	if got := lipgloss.Sprint(styled); got != "x" {
		t.Errorf("Sprint with a no-terminal writer set = %q, want %q", got, "x")
	}
	lipgloss.Writer.Profile = colorprofile.TrueColor
	if got := lipgloss.Sprint(styled); got != styled {
		t.Errorf("Sprint with a true-colour writer set = %q, want it unchanged", got)
	}
}
