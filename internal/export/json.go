package export

import (
	"bytes"
	"encoding/json"
	"io"
)

// JSON writes the table as a JSON array of records with the columns of
// Columns as keys, in that order. Numbers are JSON numbers written as in
// the CSV (1712.60 keeps its written decimals), absent numbers are null,
// list columns (flags, relation notes) are arrays of strings.
type JSON struct {
	Indent string // per level; "" writes one record per line
}

// Write writes t to w.
func (o JSON) Write(w io.Writer, t *Table) error {
	var b bytes.Buffer
	b.WriteString("[")
	for i := range t.Rows {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n")
		b.WriteString(o.Indent)
		b.WriteString("{")
		for j, cell := range t.Cells(i) {
			if j > 0 {
				b.WriteString(",")
			}
			if o.Indent != "" {
				b.WriteString("\n" + o.Indent + o.Indent)
			}
			writeJSONString(&b, Columns[j].Name)
			b.WriteString(": ")
			switch {
			case Columns[j].Numeric() && cell == "":
				b.WriteString("null")
			case Columns[j].Numeric():
				b.WriteString(cell) // a plain decimal is a valid JSON number
			case Columns[j].List():
				b.WriteString("[")
				for k, item := range t.Rows[i].ListItems(Columns[j].Name) {
					if k > 0 {
						b.WriteString(", ")
					}
					writeJSONString(&b, item)
				}
				b.WriteString("]")
			default:
				writeJSONString(&b, cell)
			}
		}
		if o.Indent != "" {
			b.WriteString("\n" + o.Indent)
		}
		b.WriteString("}")
	}
	b.WriteString("\n]\n")
	_, err := w.Write(b.Bytes())
	return err
}

// Bytes returns the JSON as bytes.
func (o JSON) Bytes(t *Table) ([]byte, error) {
	var b bytes.Buffer
	err := o.Write(&b, t)
	return b.Bytes(), err
}

// writeJSONString writes s as a JSON string, leaving <, > and & as they
// are (the file is data, not HTML).
func writeJSONString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)           // a string always encodes
	b.Truncate(b.Len() - 1) // Encode adds a newline
}
