package main

import (
	"bytes"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/parser"
	"github.com/dustin/go-humanize"
	"github.com/go-resty/resty/v2"
	"github.com/go-resty/resty/v2/shellescape"
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
