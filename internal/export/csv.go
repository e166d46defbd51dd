package export

import (
	"bytes"
	"encoding/csv"
	"io"
)

// CSV writes the table as RFC 4180 CSV: a header row, comma-separated,
// fields quoted when they hold a comma, quote or line break, CRLF line
// endings, UTF-8. Numbers are plain decimals.
type CSV struct {
	// BOM starts the file with a UTF-8 byte order mark, which Excel needs
	// to read the file as UTF-8 instead of the machine's legacy code page.
	BOM bool
	// Neutralise prefixes text cells that a spreadsheet would read as a
	// formula with an apostrophe (see Neutralise). Numeric columns are
	// never touched: -13.1 stays a number.
	Neutralise bool
}

// Canonical is indicators.csv: the data exactly, for programs.
var Canonical = CSV{}

// Spreadsheet is indicators-excel.csv: opens in Excel with Chinese intact,
// and no cell runs as a formula.
var Spreadsheet = CSV{BOM: true, Neutralise: true}

// Write writes t to w.
func (o CSV) Write(w io.Writer, t *Table) error {
	if o.BOM {
		if _, err := io.WriteString(w, "\uFEFF"); err != nil {
			return err
		}
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	header := make([]string, len(Columns))
	for i, c := range Columns {
		header[i] = c.Name
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	record := make([]string, len(Columns))
	for i := range t.Rows {
		for j, cell := range t.Cells(i) {
			if o.Neutralise && !Columns[j].Numeric() {
				cell = Neutralise(cell)
			}
			record[j] = cell
		}
		if err := cw.Write(record); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Bytes returns the CSV as bytes.
func (o CSV) Bytes(t *Table) ([]byte, error) {
	var b bytes.Buffer
	err := o.Write(&b, t)
	return b.Bytes(), err
}

// Neutralise makes a text cell inert in a spreadsheet: a cell starting
// with = + - @ tab or CR would be read as a formula (CSV injection), so it
// gets a leading apostrophe, as OWASP recommends. Only text cells go
// through it; numbers must stay numbers.
func Neutralise(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
