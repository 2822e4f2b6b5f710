package ui

import (
	"regexp"
	"strings"
	"sync"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/motcua/motcua"
)

// Minimum and design sizes. Below the minimum the root shows a message
// instead of a layout that would clip.
const (
	minWidth  = 60
	minHeight = 18
)

// width is the display width of s in cells, by grapheme (never bytes).
func width(s string) int { return lipgloss.Width(s) }

// truncate cuts s to w cells, ending with "…" when it cut.
func truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if width(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}

// padRight pads s with spaces to w cells (truncating when longer).
func padRight(s string, w int) string {
	s = truncate(s, w)
	if n := w - width(s); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}

// padLeft right-aligns s in w cells.
func padLeft(s string, w int) string {
	s = truncate(s, w)
	if n := w - width(s); n > 0 {
		return strings.Repeat(" ", n) + s
	}
	return s
}

// amountRE is compiled at its first use, not at every process start
// (docs/DESIGN.md §16).
var amountRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(\d) đ`) })

// wrap breaks s into lines of at most w cells, on spaces where it can.
func wrap(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	// An amount and its currency stay on one line: "2.000 đ".
	s = amountRE().ReplaceAllString(s, "$1\u00a0đ")
	return strings.Split(strings.ReplaceAll(ansi.Wrap(s, w, ""), "\u00a0", " "), "\n")
}

// fit makes s exactly h lines, each cut to w cells: a screen can never push
// the status bar off the terminal or wrap a line.
func fit(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		lines[i] = truncate(l, w)
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// window returns the h lines of lines starting at *offset, moving *offset
// the least needed so that lines [from, to) are visible.
func window(lines []string, from, to, h int, offset *int) []string {
	if h <= 0 {
		return nil
	}
	if to-from > h {
		to = from + h
	}
	if from < *offset {
		*offset = from
	}
	if to > *offset+h {
		*offset = to - h
	}
	*offset = max(0, min(*offset, len(lines)-h))
	end := min(len(lines), *offset+h)
	return lines[*offset:end]
}

// clean prepares text that did not come from the officer's keyboard (the
// store, the network) for one line of the screen: control and escape
// sequences stripped, line breaks turned into spaces.
func clean(s string) string { return motcua.SanitizeLine(s) }

// cleanBlock is clean for multi-line text.
func cleanBlock(s string) string { return motcua.Sanitize(s) }

// labelled renders "label  value" with the label in a fixed column.
func labelled(st styles, label string, labelW int, value string) string {
	return st.Label.Render(padRight(label, labelW)) + " " + value
}

// shortCode drops the unit part of a tracking code for narrow tables:
// "000.00.06.H56-231027-0361" → "231027-0361".
func shortCode(code string) string {
	if i := strings.IndexByte(code, '-'); i >= 0 {
		return code[i+1:]
	}
	return code
}
