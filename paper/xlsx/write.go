package xlsx

import (
	"archive/zip"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

const (
	nsMain  = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPkg   = "http://schemas.openxmlformats.org/package/2006/relationships"
	nsChart = "http://schemas.openxmlformats.org/drawingml/2006/chart"
	nsDraw  = "http://schemas.openxmlformats.org/drawingml/2006/main"
	nsSSD   = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
	relType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	header  = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
)

// counter is a writer that counts, for WriteTo's result.
type counter struct {
	w io.Writer
	n int64
}

func (c *counter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// WriteTo writes the workbook as an xlsx file.
func (w *Workbook) WriteTo(out io.Writer) (int64, error) {
	if len(w.sheets) == 0 {
		w.AddSheet("Sheet1")
	}
	cw := &counter{w: out}
	z := zip.NewWriter(cw)
	parts, err := w.parts()
	if err != nil {
		return cw.n, err
	}
	for _, p := range parts {
		f, err := z.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: w.Now})
		if err != nil {
			return cw.n, fmt.Errorf("xlsx: %w", err)
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return cw.n, fmt.Errorf("xlsx: %w", err)
		}
	}
	if err := z.Close(); err != nil {
		return cw.n, fmt.Errorf("xlsx: %w", err)
	}
	return cw.n, nil
}

type part struct{ name, body string }

// parts lays out the package: the content types, the relationships, the
// properties, the workbook, the styles, and per sheet its XML with its
// drawing and charts.
func (w *Workbook) parts() ([]part, error) {
	var ps []part
	var types strings.Builder
	types.WriteString(header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
		`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>`)
	var sheets, wbRels, names strings.Builder
	chartNo := 0
	for i, s := range w.sheets {
		n := strconv.Itoa(i + 1)
		fmt.Fprintf(&types, `<Override PartName="/xl/worksheets/sheet%s.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, n)
		fmt.Fprintf(&sheets, `<sheet name="%s" sheetId="%s" r:id="rId%s"/>`, esc(s.Name), n, n)
		fmt.Fprintf(&wbRels, `<Relationship Id="rId%s" Type="%sworksheet" Target="worksheets/sheet%s.xml"/>`, n, relType, n)
		if s.filter != "" {
			fmt.Fprintf(&names, `<definedName name="_xlnm._FilterDatabase" localSheetId="%d" hidden="1">%s!%s</definedName>`,
				i, esc(quoteSheet(s.Name)), esc(absolute(s.filter)))
		}
		body, err := s.xml(len(s.charts) > 0)
		if err != nil {
			return nil, err
		}
		ps = append(ps, part{"xl/worksheets/sheet" + n + ".xml", body})
		if len(s.charts) == 0 {
			continue
		}
		fmt.Fprintf(&types, `<Override PartName="/xl/drawings/drawing%s.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>`, n)
		ps = append(ps, part{"xl/worksheets/_rels/sheet" + n + ".xml.rels", rels(fmt.Sprintf(
			`<Relationship Id="rId1" Type="%sdrawing" Target="../drawings/drawing%s.xml"/>`, relType, n))})
		drawing, drawingRels, charts, err := s.drawing(chartNo)
		if err != nil {
			return nil, err
		}
		for j, c := range charts {
			name := strconv.Itoa(chartNo + j + 1)
			fmt.Fprintf(&types, `<Override PartName="/xl/charts/chart%s.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>`, name)
			ps = append(ps, part{"xl/charts/chart" + name + ".xml", c})
		}
		chartNo += len(charts)
		ps = append(ps, part{"xl/drawings/drawing" + n + ".xml", drawing}, part{"xl/drawings/_rels/drawing" + n + ".xml.rels", drawingRels})
	}
	types.WriteString(`</Types>`)
	n := len(w.sheets)
	fmt.Fprintf(&wbRels, `<Relationship Id="rId%d" Type="%sstyles" Target="styles.xml"/>`, n+1, relType)
	definedNames := ""
	if names.Len() > 0 {
		definedNames = "<definedNames>" + names.String() + "</definedNames>"
	}
	ps = append([]part{
		{"[Content_Types].xml", types.String()},
		{"_rels/.rels", rels(`<Relationship Id="rId1" Type="` + relType + `officeDocument" Target="xl/workbook.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
			`<Relationship Id="rId3" Type="` + relType + `extended-properties" Target="docProps/app.xml"/>`)},
		{"docProps/core.xml", w.core()},
		{"docProps/app.xml", header + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>motcua</Application></Properties>`},
		{"xl/workbook.xml", header + `<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><bookViews><workbookView/></bookViews><sheets>` +
			sheets.String() + `</sheets>` + definedNames + `</workbook>`},
		{"xl/_rels/workbook.xml.rels", rels(wbRels.String())},
		{"xl/styles.xml", w.stylesXML()},
	}, ps...)
	return ps, nil
}

func rels(inner string) string {
	return header + `<Relationships xmlns="` + nsPkg + `">` + inner + `</Relationships>`
}

func (w *Workbook) core() string {
	now := w.Now.UTC().Format(time.RFC3339)
	return header + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
		`xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + esc(w.Title) + `</dc:title><dc:subject>` + esc(w.Subject) + `</dc:subject><dc:creator>` + esc(w.Creator) + `</dc:creator>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + now + `</dcterms:created>` +
		`<dcterms:modified xsi:type="dcterms:W3CDTF">` + now + `</dcterms:modified></cp:coreProperties>`
}

// xml is the worksheet part, its elements in the order the schema wants.
func (s *Sheet) xml(drawing bool) (string, error) {
	var b strings.Builder
	b.WriteString(header + `<worksheet xmlns="` + nsMain + `" xmlns:r="` + nsRel + `">`)
	b.WriteString(`<sheetViews><sheetView workbookViewId="0">`)
	if s.freeze.cols > 0 || s.freeze.rows > 0 {
		pane := map[[2]bool]string{{true, false}: "topRight", {false, true}: "bottomLeft", {true, true}: "bottomRight"}[[2]bool{s.freeze.cols > 0, s.freeze.rows > 0}]
		top := CellName(s.freeze.cols+1, s.freeze.rows+1)
		b.WriteString(`<pane`)
		if s.freeze.cols > 0 {
			fmt.Fprintf(&b, ` xSplit="%d"`, s.freeze.cols)
		}
		if s.freeze.rows > 0 {
			fmt.Fprintf(&b, ` ySplit="%d"`, s.freeze.rows)
		}
		fmt.Fprintf(&b, ` topLeftCell="%s" activePane="%s" state="frozen"/><selection pane="%s" activeCell="%s" sqref="%s"/>`, top, pane, pane, top, top)
	}
	b.WriteString(`</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>`)
	if len(s.widths) > 0 {
		b.WriteString(`<cols>`)
		for _, c := range s.widths {
			fmt.Fprintf(&b, `<col min="%d" max="%d" width="%s" customWidth="1"/>`, c.from, c.to, num(c.width))
		}
		b.WriteString(`</cols>`)
	}
	b.WriteString(`<sheetData>`)
	for _, r := range sortedKeys(s.rows) {
		fmt.Fprintf(&b, `<row r="%d">`, r)
		row := s.rows[r]
		for _, c := range sortedKeys(row) {
			writeCell(&b, CellName(c, r), row[c])
		}
		b.WriteString(`</row>`)
	}
	b.WriteString(`</sheetData>`)
	if s.filter != "" {
		fmt.Fprintf(&b, `<autoFilter ref="%s"/>`, esc(s.filter))
	}
	b.WriteString(`<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>`)
	if drawing {
		b.WriteString(`<drawing r:id="rId1"/>`)
	}
	b.WriteString(`</worksheet>`)
	return b.String(), nil
}

func writeCell(b *strings.Builder, ref string, c cell) {
	style := ""
	if c.style > 0 {
		style = fmt.Sprintf(` s="%d"`, c.style)
	}
	switch v := c.v.(type) {
	case nil:
		fmt.Fprintf(b, `<c r="%s"%s/>`, ref, style)
	case string:
		fmt.Fprintf(b, `<c r="%s"%s t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>`, ref, style, esc(v))
	case int64:
		fmt.Fprintf(b, `<c r="%s"%s><v>%d</v></c>`, ref, style, v)
	case float64:
		fmt.Fprintf(b, `<c r="%s"%s><v>%s</v></c>`, ref, style, num(v))
	case time.Time:
		fmt.Fprintf(b, `<c r="%s"%s><v>%s</v></c>`, ref, style, num(serial(v)))
	}
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func sortedKeys[V any](m map[int]V) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// stylesXML lists the fonts, fills, borders and number formats the
// registered styles use, and one cell format per style.
func (w *Workbook) stylesXML() string {
	var fmts, fills, xfs strings.Builder
	nFmts, nFills := 0, 2 // fills 0 and 1 are the two Excel requires
	for _, s := range w.styles {
		numFmt := s.BuiltinFmt
		if s.NumFmt != "" {
			numFmt = 164 + nFmts
			nFmts++
			fmt.Fprintf(&fmts, `<numFmt numFmtId="%d" formatCode="%s"/>`, numFmt, esc(s.NumFmt))
		}
		fill := 0
		if s.Fill != "" {
			fill = nFills
			nFills++
			fmt.Fprintf(&fills, `<fill><patternFill patternType="solid"><fgColor rgb="FF%s"/><bgColor indexed="64"/></patternFill></fill>`, esc(s.Fill))
		}
		font, border := map[bool]int{false: 0, true: 1}[s.Bold], map[bool]int{false: 0, true: 1}[s.BorderBottom]
		fmt.Fprintf(&xfs, `<xf numFmtId="%d" fontId="%d" fillId="%d" borderId="%d" xfId="0"`, numFmt, font, fill, border)
		for _, a := range []struct {
			name string
			on   bool
		}{{"applyNumberFormat", numFmt != 0}, {"applyFont", s.Bold}, {"applyFill", fill != 0}, {"applyBorder", s.BorderBottom}} {
			if a.on {
				fmt.Fprintf(&xfs, ` %s="1"`, a.name)
			}
		}
		if s.Wrap || s.HAlign != "" || s.VAlign != "" {
			xfs.WriteString(` applyAlignment="1"><alignment`)
			if s.HAlign != "" {
				fmt.Fprintf(&xfs, ` horizontal="%s"`, esc(s.HAlign))
			}
			if s.VAlign != "" {
				fmt.Fprintf(&xfs, ` vertical="%s"`, esc(s.VAlign))
			}
			if s.Wrap {
				xfs.WriteString(` wrapText="1"`)
			}
			xfs.WriteString(`/></xf>`)
		} else {
			xfs.WriteString(`/>`)
		}
	}
	var b strings.Builder
	b.WriteString(header + `<styleSheet xmlns="` + nsMain + `">`)
	if nFmts > 0 {
		fmt.Fprintf(&b, `<numFmts count="%d">%s</numFmts>`, nFmts, fmts.String())
	}
	b.WriteString(`<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>` +
		`<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>`)
	fmt.Fprintf(&b, `<fills count="%d"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>%s</fills>`, nFills, fills.String())
	b.WriteString(`<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>` +
		`<border><left/><right/><top/><bottom style="thin"><color rgb="FF000000"/></bottom><diagonal/></border></borders>`)
	b.WriteString(`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>`)
	fmt.Fprintf(&b, `<cellXfs count="%d"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>%s</cellXfs>`, len(w.styles)+1, xfs.String())
	b.WriteString(`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`)
	return b.String()
}

// quoteSheet is a sheet name as a formula reference writes it: 'Biểu đồ'.
func quoteSheet(name string) string { return "'" + strings.ReplaceAll(name, "'", "''") + "'" }

// absolute is "A1:S20" → "$A$1:$S$20".
func absolute(ref string) string {
	parts := strings.Split(ref, ":")
	for i, p := range parts {
		j := strings.IndexFunc(p, func(r rune) bool { return r >= '0' && r <= '9' })
		if j > 0 {
			parts[i] = "$" + p[:j] + "$" + p[j:]
		}
	}
	return strings.Join(parts, ":")
}

// esc escapes text for XML and drops what XML 1.0 cannot hold (control
// characters other than tab and newlines, lone surrogates, U+FFFE/FFFF).
func esc(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			continue // a byte that is not UTF-8
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteRune(r)
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF:
			continue
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
