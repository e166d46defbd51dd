package export

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// TestJSONRoundTrip decodes indicators.json and compares every record
// with the CSV cells: same keys in the same order, numbers as JSON
// numbers written as in the CSV, null for absent numbers, lists as arrays.
func TestJSONRoundTrip(t *testing.T) {
	tb, files := seedTable(t)
	b := fileNamed(t, files, JSONName)
	checkJSON(t, tb, b)
	// Key order: the columns' order, in every record.
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.Token() // [
	for dec.More() {
		var keys []string
		dec.Token() // {
		for dec.More() {
			k, _ := dec.Token()
			keys = append(keys, k.(string))
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				t.Fatal(err)
			}
		}
		dec.Token() // }
		for j, c := range Columns {
			if j >= len(keys) || keys[j] != c.Name {
				t.Fatalf("record keys %v, want the columns in order", keys)
			}
		}
	}
}

func TestJSONSynthetic(t *testing.T) {
	tb := synthetic(t)
	for _, o := range []JSON{{}, {Indent: "\t"}} {
		b, err := o.Bytes(tb)
		if err != nil {
			t.Fatal(err)
		}
		checkJSON(t, tb, b)
		if !bytes.Contains(b, []byte(`"value": -13.1`)) || !bytes.Contains(b, []byte(`"target": null`)) || !bytes.Contains(b, []byte(`"flags": ["approximate"]`)) {
			t.Errorf("%s", b)
		}
		if bytes.Contains(b, []byte(`\u003c`)) || bytes.Contains(b, []byte(`"'=`)) {
			t.Errorf("JSON must keep text exactly (no HTML escaping, no neutralising): %s", b)
		}
	}
}

func checkJSON(t *testing.T, tb *Table, b []byte) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var records []map[string]any
	if err := dec.Decode(&records); err != nil {
		t.Fatal(err)
	}
	if len(records) != tb.Len() {
		t.Fatalf("%d records for %d rows", len(records), tb.Len())
	}
	for i, rec := range records {
		if len(rec) != len(Columns) {
			t.Errorf("record %d has %d fields, want %d", i, len(rec), len(Columns))
		}
		for j, c := range Columns {
			cell := tb.Cells(i)[j]
			got := rec[c.Name]
			switch {
			case c.Numeric() && cell == "":
				if got != nil {
					t.Errorf("record %d %s = %v, want null", i, c.Name, got)
				}
			case c.Numeric():
				if n, ok := got.(json.Number); !ok || string(n) != cell {
					t.Errorf("record %d %s = %#v, want the JSON number %s", i, c.Name, got, cell)
				}
			case c.List():
				want := tb.Rows[i].ListItems(c.Name)
				var items []string
				for _, x := range got.([]any) {
					items = append(items, x.(string))
				}
				if len(want) != 0 || len(items) != 0 {
					if !reflect.DeepEqual(items, want) {
						t.Errorf("record %d %s = %v, want %v", i, c.Name, items, want)
					}
				}
			default:
				if got != cell {
					t.Errorf("record %d %s = %#v, want %q", i, c.Name, got, cell)
				}
			}
		}
	}
}
