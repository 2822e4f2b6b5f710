package xlsx

import (
	"fmt"
	"strings"
)

// The size of a chart in cells: 8 default columns by 15 rows, about
// 480 × 290 pixels, the size spreadsheet programs give a new chart.
const chartCols, chartRows = 8, 15

// drawing is the sheet's drawing part, its relationships to the charts
// (numbered from first+1 across the workbook) and the charts' parts.
func (s *Sheet) drawing(first int) (drawing, drawingRels string, charts []string, err error) {
	var d, r strings.Builder
	d.WriteString(header + `<xdr:wsDr xmlns:xdr="` + nsSSD + `" xmlns:a="` + nsDraw + `">`)
	for i, c := range s.charts {
		col, row, err := parseCell(c.At)
		if err != nil {
			return "", "", nil, err
		}
		id := i + 1
		fmt.Fprintf(&d, `<xdr:twoCellAnchor editAs="oneCell">`+
			`<xdr:from><xdr:col>%d</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>%d</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>`+
			`<xdr:to><xdr:col>%d</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>%d</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>`+
			`<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="%d" name="Chart %d"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>`+
			`<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>`+
			`<a:graphic><a:graphicData uri="%s"><c:chart xmlns:c="%s" xmlns:r="%s" r:id="rId%d"/></a:graphicData></a:graphic>`+
			`</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>`,
			col-1, row-1, col-1+chartCols, row-1+chartRows, id+1, id, nsChart, nsChart, nsRel, id)
		fmt.Fprintf(&r, `<Relationship Id="rId%d" Type="%schart" Target="../charts/chart%d.xml"/>`, id, relType, first+id)
		charts = append(charts, c.xml())
	}
	d.WriteString(`</xdr:wsDr>`)
	return d.String(), rels(r.String()), charts, nil
}

// xml is the chart part: one series drawn from the sheet's cells, a title,
// and for a column chart its two axes.
func (c Chart) xml() string {
	var b strings.Builder
	b.WriteString(header + `<c:chartSpace xmlns:c="` + nsChart + `" xmlns:a="` + nsDraw + `" xmlns:r="` + nsRel + `">`)
	b.WriteString(`<c:roundedCorners val="0"/><c:chart>`)
	if c.Title != "" {
		fmt.Fprintf(&b, `<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr b="1"/></a:pPr><a:r><a:rPr lang="vi-VN" b="1"/><a:t>%s</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>`, esc(c.Title))
	}
	b.WriteString(`<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>`)
	series := fmt.Sprintf(`<c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:strRef><c:f>%s</c:f></c:strRef></c:tx>`+
		`<c:cat><c:strRef><c:f>%s</c:f></c:strRef></c:cat><c:val><c:numRef><c:f>%s</c:f></c:numRef></c:val></c:ser>`,
		esc(c.Name), esc(c.Categories), esc(c.Values))
	switch c.Kind {
	case Pie:
		b.WriteString(`<c:pieChart><c:varyColors val="1"/>` + series + `<c:firstSliceAng val="0"/></c:pieChart>`)
	default:
		b.WriteString(`<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>` + series +
			`<c:gapWidth val="150"/><c:axId val="1"/><c:axId val="2"/></c:barChart>` +
			`<c:catAx><c:axId val="1"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/>` +
			`<c:numFmt formatCode="General" sourceLinked="1"/><c:tickLblPos val="nextTo"/><c:crossAx val="2"/><c:crosses val="autoZero"/>` +
			`<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/></c:catAx>` +
			`<c:valAx><c:axId val="2"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/>` +
			`<c:majorGridlines/><c:numFmt formatCode="General" sourceLinked="1"/><c:tickLblPos val="nextTo"/><c:crossAx val="1"/>` +
			`<c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>`)
	}
	b.WriteString(`</c:plotArea>`)
	if c.Legend {
		b.WriteString(`<c:legend><c:legendPos val="r"/><c:overlay val="0"/></c:legend>`)
	}
	b.WriteString(`<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>`)
	return b.String()
}
