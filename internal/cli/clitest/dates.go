package clitest

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// The date rule of both programs (docs/CLI.md, "Dates and times"): people
// read dd/mm/yyyy, dd/mm/yyyy HH:MM and HH:MM (and mm/yyyy for a month);
// JSON carries RFC 3339 at +07:00, yyyy-mm-dd or yyyy-mm. CheckDates finds
// every date- or time-like fragment of an output and fails on any other
// shape.
var (
	// Not dates: unit and tracking codes (and the printed tail of one),
	// lookup keys (three groups of five Crockford base32 symbols, where
	// "3T94" is chance, not a time), addresses, versions, paths, a
	// document's counts (1/0/0).
	notDates = regexp.MustCompile(`\b[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}\b|\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}(-\d{6}-\d{4}(-?\d)?)?|\b\d{6}-\d{4}\b|` +
		`\b\d{1,3}(\.\d{1,3}){3}(:\d+)?\b|\[::1?\](:\d+)?|\bgo\d+(\.\d+)+|\bv\d+(\.\d+)+|(^|[\s"'(=:])(/|\./|~/)[^\s"',)]*|https?://[^\s"',)]+|\(\d+/\d+/\d+\)`)
	// The human shapes: a date with its time, a date, a month, a time of day.
	humanDate = regexp.MustCompile(`\b\d{2}/\d{2}/\d{4} \d{2}:\d{2}\b|\b\d{2}/\d{2}/\d{4}\b|\b\d{2}/\d{4}\b|\b\d{2}:\d{2}\b`)
	// What still looks like a date or a time once those are gone.
	dateLike = regexp.MustCompile(`\d{1,4}-\d{1,2}-\d{1,4}|\d{1,4}/\d{1,2}/\d{1,4}|\d{1,2}\.\d{1,2}\.\d{2,4}|\d{1,2}:\d{2}|:\d{2}\b|\d{1,2} giờ \d{1,2} phút|\dT\d{2}|` +
		`\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d|\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)|\bUTC\b|[+-]\d{4}\b`)
	humanAlone = regexp.MustCompile(`^\d{2}/\d{2}/\d{4}( \d{2}:\d{2})?$`)
	// The JSON shapes, for a string that is a date or an instant alone.
	jsonDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?\+07:00$|^\d{4}-\d{2}(-\d{2})?$`)
)

// BadDates returns the date- or time-like fragments of human text that do
// not follow the rule.
func BadDates(text string) []string {
	text = blank(text, notDates)
	// A time with seconds is not a human shape: catch it before its HH:MM
	// part is taken for a time of day.
	bad := regexp.MustCompile(`\b\d{1,2}:\d{2}:\d{2}\b`).FindAllString(text, -1)
	text = blank(text, humanDate)
	return append(bad, dateLike.FindAllString(text, -1)...)
}

// BadJSONDates walks every JSON value of out (one or more, indented or one
// a line) and returns its strings that break the rule: a string that is
// only a date or an instant must be RFC 3339 at +07:00, yyyy-mm-dd or
// yyyy-mm; a sentence holding dates follows the human rule. Output that is
// not JSON is judged as human text.
func BadJSONDates(out string) []string {
	dec := json.NewDecoder(strings.NewReader(out))
	var bad []string
	for dec.More() {
		var v any
		if err := dec.Decode(&v); err != nil {
			return append(bad, BadDates(out)...)
		}
		walkStrings(v, func(s string) {
			switch {
			case jsonDate.MatchString(s):
			case humanAlone.MatchString(s):
				bad = append(bad, s) // a date for people where a program reads
			default:
				bad = append(bad, BadDates(s)...)
			}
		})
	}
	return bad
}

func walkStrings(v any, f func(string)) {
	switch x := v.(type) {
	case string:
		f(x)
	case []any:
		for _, e := range x {
			walkStrings(e, f)
		}
	case map[string]any:
		for _, e := range x {
			walkStrings(e, f)
		}
	}
}

func blank(s string, re *regexp.Regexp) string {
	return re.ReplaceAllStringFunc(s, func(m string) string { return strings.Repeat(" ", len(m)) })
}

// CheckDates fails t when an output of the command line args breaks the
// date rule; asJSON says whether stdout is JSON. Stderr is human text.
func CheckDates(t *testing.T, args []string, stdout, stderr string, asJSON bool) {
	t.Helper()
	bad := BadDates(stderr)
	if asJSON {
		bad = append(bad, BadJSONDates(stdout)...)
	} else {
		bad = append(bad, BadDates(stdout)...)
	}
	if len(bad) > 0 {
		t.Errorf("%v: dates not in the rule's shape %q\nstdout: %s\nstderr: %s", args, bad, stdout, stderr)
	}
}
