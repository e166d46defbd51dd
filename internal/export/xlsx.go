package export

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"
)

// XLSX writes the table as an Excel workbook: a sheet of indicators
// (header row bold, frozen and filterable; numbers as numeric cells shown
// with the decimals the report wrote; text cells neutralised) and an
// "About" sheet (source, licence, citation, column dictionary). The file is
// byte-identical for the same table: document properties carry the
// edition date and the zip is rewritten with fixed order and timestamps.
//
// excelize writes the workbook: it is the maintained pure-Go OOXML library
// (no cgo, no external program), and it sets numeric cells, styles, panes
// and document properties directly.
type XLSX struct {
	Sheet    string  // name of the indicators sheet; "indicators" when empty
	MaxWidth float64 // widest column, in characters; 50 when zero
}

// Workbook is indicators.xlsx.
var Workbook = XLSX{}

// AboutSheet is the name of the workbook's second sheet.
const AboutSheet = "About"

// Write writes t to w.
func (o XLSX) Write(w io.Writer, t *Table) error {
	b, err := o.Bytes(t)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// Bytes returns the workbook as bytes.
func (o XLSX) Bytes(t *Table) ([]byte, error) {
	sheet, maxWidth := o.Sheet, o.MaxWidth
	if sheet == "" {
		sheet = "indicators"
	}
	if maxWidth == 0 {
		maxWidth = 50
	}
	modified, err := editionTime(t.Meta.Edition)
	if err != nil {
		return nil, err
	}
	f := excelize.NewFile()
	defer f.Close()
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter {
		zw := zip.NewWriter(w)
		zw.RegisterCompressor(zip.Deflate, newFlate)
		return zw
	})
	wb := workbook{f: f, numFmt: map[int]int{}}
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E7E6E6"}}})
	if err != nil {
		return nil, err
	}
	// The About sheet is small and made cell by cell.
	if _, err := f.NewSheet(AboutSheet); err != nil {
		return nil, err
	}
	about := aboutRows(&t.Meta)
	aboutWidth := [3]float64{}
	for i, r := range about {
		for j, cell := range r {
			if cell == "" {
				continue
			}
			cell = Neutralise(cell)
			wb.text(AboutSheet, j, i, cell)
			aboutWidth[j] = max(aboutWidth[j], displayWidth(cell))
		}
	}
	for j, wd := range aboutWidth {
		col, _ := excelize.ColumnNumberToName(j + 1)
		wb.do(f.SetColWidth(AboutSheet, col, col, min(wd+2, 80)))
	}
	wb.do(f.SetCellStyle(AboutSheet, "A1", fmt.Sprintf("A%d", len(about)), bold))
	wb.do(f.SetSheetDimension(AboutSheet, fmt.Sprintf("A1:C%d", len(about))))
	// Before the stream: setting the active sheet reads every sheet back.
	f.SetActiveSheet(0)

	// The sheet is streamed: rows go straight to its XML instead of into
	// excelize's cell model, which it would then marshal (most of the
	// workbook's cost). A stream takes the column widths and panes before
	// the first row, and the filter and dimension from the sheet as it was
	// before streaming, so those are worked out first.
	rows := make([][]any, 0, t.Len()+1)
	widths := make([]float64, len(Columns))
	header := make([]any, len(Columns))
	for j, c := range Columns {
		header[j] = excelize.Cell{StyleID: bold, Value: c.Name}
		widths[j] = displayWidth(c.Name)
	}
	rows = append(rows, header)
	for i := range t.Rows {
		row := make([]any, len(Columns))
		for j, cell := range t.Cells(i) {
			if Columns[j].Numeric() && cell != "" {
				row[j] = wb.number(cell, j, i+1)
			} else if cell != "" {
				cell = Neutralise(cell)
				row[j] = cell
			}
			widths[j] = max(widths[j], displayWidth(cell))
		}
		rows = append(rows, row)
	}
	last, _ := excelize.CoordinatesToCellName(len(Columns), t.Len()+1)
	wb.do(f.AutoFilter(sheet, "A1:"+last, nil))
	wb.do(f.SetSheetDimension(sheet, "A1:"+last))
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	// Spreadsheets expect the columns' <col> elements in ascending order;
	// the stream lists them in the reverse order they were set.
	for j := len(widths) - 1; j >= 0; j-- {
		wb.do(sw.SetColWidth(j+1, j+1, min(widths[j]+2, maxWidth)))
	}
	wb.do(sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}))
	for i, row := range rows {
		name, _ := excelize.CoordinatesToCellName(1, i+1)
		wb.do(sw.SetRow(name, row))
	}
	wb.do(sw.Flush())

	m := &t.Meta
	stamp := modified.Format("2006-01-02T15:04:05Z")
	wb.do(f.SetDocProps(&excelize.DocProperties{
		Title:          m.TitleEn + ": indicators",
		Subject:        m.TitleZh,
		Creator:        m.PublisherEn,
		LastModifiedBy: m.PublisherEn,
		Description:    "Every figure of the report, each with its unit, period and the sentence it comes from. " + m.Licence,
		Identifier:     m.DataURL(),
		Language:       "zh-CN",
		Version:        m.Version(),
		Created:        stamp,
		Modified:       stamp,
	}))
	if wb.err != nil {
		return nil, wb.err
	}
	var raw bytes.Buffer
	if _, err := f.WriteTo(&raw); err != nil {
		return nil, err
	}
	return rezip(raw.Bytes(), modified)
}

// workbook collects the first error of a run of excelize calls.
type workbook struct {
	f      *excelize.File
	numFmt map[int]int // decimals → style id
	err    error
}

func (w *workbook) do(err error) {
	if w.err == nil {
		w.err = err
	}
}

func (w *workbook) text(sheet string, col, row int, s string) {
	name, _ := excelize.CoordinatesToCellName(col+1, row+1)
	w.do(w.f.SetCellStr(sheet, name, s))
}

// number makes a plain decimal a numeric cell displayed with its written
// decimals (1712.60 shows as 1712.60, not 1712.6); col and row (from 0)
// name the cell in an error.
func (w *workbook) number(s string, col, row int) any {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		name, _ := excelize.CoordinatesToCellName(col+1, row+1)
		w.do(fmt.Errorf("cell %s: %q is not a number", name, s))
		return nil
	}
	d := decimalsOf(s)
	id, ok := w.numFmt[d]
	if !ok {
		format := "0"
		if d > 0 {
			format += "." + strings.Repeat("0", d)
		}
		id, err = w.f.NewStyle(&excelize.Style{CustomNumFmt: &format})
		w.do(err)
		w.numFmt[d] = id
	}
	return excelize.Cell{StyleID: id, Value: v}
}

// displayWidth counts a wide (CJK) character as two columns.
func displayWidth(s string) float64 {
	n := 0.0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
