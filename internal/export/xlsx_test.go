package export

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func openXLSX(t *testing.T, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// sheetXML returns a part of the workbook's package.
func sheetXML(t *testing.T, b []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			data, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return string(data)
		}
	}
	t.Fatalf("no %s in the workbook", name)
	return ""
}

// TestXLSXReadBack opens indicators.xlsx with excelize: every cell as in
// the CSV (text neutralised), numbers as numeric cells, header bold and
// frozen, the About sheet, and document properties from the edition.
func TestXLSXReadBack(t *testing.T) {
	tb, files := seedTable(t)
	b := fileNamed(t, files, XLSXName)
	f := openXLSX(t, b)
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "indicators" || got[1] != AboutSheet {
		t.Fatalf("sheets %v", got)
	}
	rows, err := f.GetRows("indicators", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != tb.Len()+1 {
		t.Fatalf("%d rows for %d indicators", len(rows), tb.Len())
	}
	for j, c := range Columns {
		if rows[0][j] != c.Name {
			t.Errorf("header %d = %q", j, rows[0][j])
		}
	}
	numeric := 0
	for i := range tb.Rows {
		row := rows[i+1]
		for j, cell := range tb.Cells(i) {
			got := ""
			if j < len(row) {
				got = row[j]
			}
			name, _ := excelize.CoordinatesToCellName(j+1, i+2)
			typ, err := f.GetCellType("indicators", name)
			if err != nil {
				t.Fatal(err)
			}
			if Columns[j].Numeric() && cell != "" {
				numeric++
				want, _ := strconv.ParseFloat(cell, 64)
				v, err := strconv.ParseFloat(got, 64)
				if err != nil || v != want || typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
					t.Errorf("%s (%s): %q of type %v, want the number %s", name, Columns[j].Name, got, typ, cell)
				}
				continue
			}
			if got != Neutralise(cell) {
				t.Errorf("%s (%s) = %q, want %q", name, Columns[j].Name, got, Neutralise(cell))
			}
		}
	}
	if numeric < 3*tb.Len() {
		t.Errorf("only %d numeric cells", numeric)
	}
	// The displayed value keeps the written decimals: 1712.60.
	if v, _ := f.GetCellValue("indicators", "E2"); v != tb.Cells(0)[column("value")] {
		t.Errorf("E2 shows %q, want %q", v, tb.Cells(0)[column("value")])
	}
	panes, err := f.GetPanes("indicators")
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Errorf("header not frozen: %+v %v", panes, err)
	}
	style, _ := f.GetCellStyle("indicators", "C1")
	if st, err := f.GetStyle(style); err != nil || st.Font == nil || !st.Font.Bold {
		t.Errorf("header not bold: %+v %v", st, err)
	}
	if w, _ := f.GetColWidth("indicators", "U"); w < 20 || w > 50 {
		t.Errorf("quote column width %v", w)
	}
	about, _ := f.GetRows(AboutSheet)
	text := ""
	for _, r := range about {
		text += strings.Join(r, "\t") + "\n"
	}
	for _, want := range []string{tb.Meta.TitleZh, Citation(&tb.Meta, "en"), Citation(&tb.Meta, "zh"), tb.Meta.LicenceURL, "quote_en", "1.0.0"} {
		if !strings.Contains(text, want) {
			t.Errorf("About sheet lacks %q", want)
		}
	}
	props, err := f.GetDocProps()
	if err != nil || props.Created != "2026-11-25T00:00:00Z" || props.Modified != props.Created || props.Version != "1.0.0" {
		t.Errorf("document properties %+v %v", props, err)
	}
	sheet := sheetXML(t, b, "xl/worksheets/sheet1.xml")
	if strings.Contains(sheet, "<f>") {
		t.Error("the workbook contains a formula")
	}
	last, _ := excelize.CoordinatesToCellName(len(Columns), tb.Len()+1)
	abs := regexp.MustCompile(`([A-Z]+)([0-9]+)`).ReplaceAllString(last, "$$$1$$$2")
	for _, want := range []string{`<autoFilter ref="$A$1:` + abs + `">`, `<dimension ref="A1:` + last + `">`} {
		if !strings.Contains(sheet, want) {
			t.Errorf("the indicators sheet lacks %s", want)
		}
	}
	// Columns in ascending order, as spreadsheets expect.
	prev := 0
	for _, m := range regexp.MustCompile(`<col min="([0-9]+)"`).FindAllStringSubmatch(sheet, -1) {
		n, _ := strconv.Atoi(m[1])
		if n <= prev {
			t.Errorf("column %d after column %d", n, prev)
		}
		prev = n
	}
	if prev != len(Columns) {
		t.Errorf("widths for %d of %d columns", prev, len(Columns))
	}
	if wbXML := sheetXML(t, b, "xl/workbook.xml"); !strings.Contains(wbXML, `name="_xlnm._FilterDatabase"`) {
		t.Error("the workbook does not define the filter's range")
	}
}

// TestXLSXNeutralises: a synthetic figure whose name and quote start with
// "=" gives text cells with an apostrophe, never a formula; its negative
// value is a number.
func TestXLSXNeutralises(t *testing.T) {
	tb := synthetic(t)
	b, err := Workbook.Bytes(tb)
	if err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, b)
	for col, want := range map[string]string{"name_zh": "'" + tb.Rows[0].NameZh, "quote": "'=1+2，下降13.1%", "note": "'-2+3", "topic": "'@SUM(1+1)"} {
		name, _ := excelize.CoordinatesToCellName(column(col)+1, 2)
		got, _ := f.GetCellValue("indicators", name)
		typ, _ := f.GetCellType("indicators", name)
		formula, _ := f.GetCellFormula("indicators", name)
		if got != want || formula != "" || typ != excelize.CellTypeInlineString {
			t.Errorf("%s = %q (type %v, formula %q), want the text %q", col, got, typ, formula, want)
		}
	}
	value, _ := excelize.CoordinatesToCellName(column("value")+1, 2)
	if got, _ := f.GetCellValue("indicators", value, excelize.Options{RawCellValue: true}); got != "-13.1" {
		t.Errorf("value = %q, want -13.1", got)
	}
	if strings.Contains(sheetXML(t, b, "xl/worksheets/sheet1.xml"), "<f>") {
		t.Error("the workbook contains a formula")
	}
}

// TestDeterministic: two builds give the same bytes, and the archives'
// entries are in a fixed order with the edition as their only timestamp.
func TestDeterministic(t *testing.T) {
	_, first := seedTable(t)
	tb, err := loadSeed()
	if err != nil {
		t.Fatal(err)
	}
	second, err := Bundle(tb)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != len(second) {
		t.Fatalf("%d files, then %d", len(first), len(second))
	}
	for i := range first {
		if first[i].Name != second[i].Name || !bytes.Equal(first[i].Data, second[i].Data) {
			t.Errorf("%s differs between two builds", first[i].Name)
		}
	}
	edition, _ := editionTime(tb.Meta.Edition)
	for _, name := range []string{XLSXName, ZipName(seedReport)} {
		b := fileNamed(t, first, name)
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatal(err)
		}
		for i, f := range zr.File {
			if !f.Modified.Equal(edition) {
				t.Errorf("%s: %s dated %v, want %v", name, f.Name, f.Modified, edition)
			}
			if name == XLSXName && i == 0 && f.Name != "[Content_Types].xml" {
				t.Errorf("%s: first part %s", name, f.Name)
			}
		}
	}
}

// TestZipContents: the archive holds every download and the original
// text, byte for byte, under one folder.
func TestZipContents(t *testing.T) {
	tb, files := seedTable(t)
	b := fileNamed(t, files, ZipName(seedReport))
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]byte{tb.Meta.Seed: tb.Meta.SeedText}
	for _, f := range files {
		if f.Name != ZipName(seedReport) {
			want[f.Name] = f.Data
		}
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		rel, ok := strings.CutPrefix(f.Name, seedReport+"-data/")
		if !ok {
			t.Errorf("%s is outside the archive's folder", f.Name)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if w, ok := want[rel]; !ok || !bytes.Equal(w, data) {
			t.Errorf("%s: not the published file", f.Name)
		}
		delete(want, rel)
	}
	if len(want) > 0 {
		t.Errorf("missing from the archive: %v (has %v)", want, names)
	}
	if !strings.HasSuffix(names[0], ReadmeName) {
		t.Errorf("README.txt should come first: %v", names)
	}
}

// A value that is not a plain decimal is an error naming its cell.
func TestXLSXNumberErrorNamesTheCell(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	wb := workbook{f: f, numFmt: map[int]int{}}
	if c := wb.number("1712.60", 4, 1); wb.err != nil || c.(excelize.Cell).Value != 1712.6 {
		t.Fatalf("1712.60: %v %v", c, wb.err)
	}
	if c := wb.number("1,712", 4, 1); c != nil || wb.err == nil || wb.err.Error() != `cell E2: "1,712" is not a number` {
		t.Errorf("1,712: cell %v, error %v", c, wb.err)
	}
}
