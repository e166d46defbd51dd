package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// soffice runs headless LibreOffice under timeout(1) with a private
// profile, or skips the test when it is not installed (but fails on CI,
// which installs libreoffice-calc-nogui).
func soffice(t *testing.T, dir string, args ...string) {
	t.Helper()
	bin, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("soffice not found: CI must install libreoffice-calc-nogui")
		}
		t.Skip("soffice not found: install libreoffice-calc-nogui to open the spreadsheets in a real client")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	full := append([]string{"-k", "10", "180", bin, "-env:UserInstallation=file://" + filepath.Join(dir, "profile"),
		"--headless", "--norestore", "--nologo"}, args...)
	cmd := exec.CommandContext(ctx, "timeout", full...)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// TestLibreOffice opens the spreadsheet files in LibreOffice Calc and
// checks what it read: Chinese text intact, numbers as numeric cells,
// formula-like text kept as text.
func TestLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("starts LibreOffice")
	}
	tb, files := seedTable(t)
	syn := synthetic(t)
	synXLSX, err := Workbook.Bytes(syn)
	if err != nil {
		t.Fatal(err)
	}
	synCSV, err := Spreadsheet.Bytes(syn)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		path := filepath.Join(dir, "in", name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	seedX, synX := write("seed.xlsx", fileNamed(t, files, XLSXName)), write("synthetic.xlsx", synXLSX)
	seedC, synC := write("seed-excel.csv", fileNamed(t, files, ExcelCSVName)), write("synthetic-excel.csv", synCSV)
	for _, p := range []string{seedC, synC} {
		b, _ := os.ReadFile(p)
		if !bytes.HasPrefix(b, []byte("\xEF\xBB\xBFid,")) || bytes.Count(b, []byte("\n")) != bytes.Count(b, []byte("\r\n")) {
			t.Fatalf("%s: not UTF-8 with BOM and CRLF", p)
		}
	}

	// 1. XLSX → XLSX as LibreOffice saves it.
	soffice(t, dir, "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", filepath.Join(dir, "xlsx"), seedX, synX)
	checkCalcSheet(t, tb, filepath.Join(dir, "xlsx", "seed.xlsx"), true)
	checkCalcSheet(t, syn, filepath.Join(dir, "xlsx", "synthetic.xlsx"), true)

	// 2. XLSX → CSV with the character set stated (76 = UTF-8), raw values.
	soffice(t, dir, "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false", "--outdir", filepath.Join(dir, "csv"), seedX)
	b, err := os.ReadFile(filepath.Join(dir, "csv", "seed.csv"))
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != tb.Len()+1 {
		t.Fatalf("LibreOffice's CSV has %d records for %d rows", len(recs), tb.Len())
	}
	for i := range tb.Rows {
		checkRecord(t, "xlsx→csv", i, recs[i+1], tb.Cells(i))
	}

	// 3. The BOM CSV, imported with the charset stated (headless
	// LibreOffice does not take it from the BOM), saved as XLSX.
	soffice(t, dir, "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", filepath.Join(dir, "fromcsv"), seedC, synC)
	checkCalcSheet(t, tb, filepath.Join(dir, "fromcsv", "seed-excel.xlsx"), false)
	checkCalcSheet(t, syn, filepath.Join(dir, "fromcsv", "synthetic-excel.xlsx"), false)

	// 4. The control: the canonical CSV, not neutralised, does give
	// LibreOffice a formula, so the checks above can fail.
	canonical, err := Canonical.Bytes(syn)
	if err != nil {
		t.Fatal(err)
	}
	raw := write("synthetic-raw.csv", canonical)
	soffice(t, dir, "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", filepath.Join(dir, "raw"), raw)
	f, err := excelize.OpenFile(filepath.Join(dir, "raw", "synthetic-raw.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	name, _ := excelize.CoordinatesToCellName(column("name_zh")+1, 2)
	if formula, _ := f.GetCellFormula(f.GetSheetList()[0], name); !strings.HasPrefix(formula, "HYPERLINK") {
		t.Errorf("control: the raw %q should be a formula in LibreOffice, got %q", syn.Rows[0].NameZh, formula)
	}
}

// checkRecord compares a row read back from LibreOffice with the cells:
// text exactly (neutralised), numbers by value.
func checkRecord(t *testing.T, what string, i int, got, cells []string) {
	t.Helper()
	for j, cell := range cells {
		g := ""
		if j < len(got) {
			g = got[j]
		}
		c := Columns[j]
		switch {
		case c.Numeric() && cell != "":
			want, _ := strconv.ParseFloat(cell, 64)
			if v, err := strconv.ParseFloat(g, 64); err != nil || v != want {
				t.Errorf("%s row %d %s: %q, want %s", what, i+1, c.Name, g, cell)
			}
		case g != Neutralise(cell) && !looseText(c.Name, g, cell):
			t.Errorf("%s row %d %s: %q, want %q", what, i+1, c.Name, g, Neutralise(cell))
		}
	}
}

// looseText admits what a spreadsheet legitimately does to a CSV cell
// that looks like a number or a date (documented in the README): value_text
// 1712.60 read as 1712.6, a period 2023 as a number, 2023-06-30 as a date.
func looseText(column, got, want string) bool {
	switch column {
	case "value_text", "base_text", "period":
		a, errA := strconv.ParseFloat(got, 64)
		b, errB := strconv.ParseFloat(want, 64)
		return errA == nil && errB == nil && a == b || column == "period" && len(want) == 10 && got != ""
	}
	return false
}

// checkCalcSheet reads a workbook LibreOffice wrote: every row as in the
// table, Chinese intact, numeric columns numeric cells, no formula.
// strict: the source was XLSX, so text cells (value_text, periods) stay
// text; from CSV LibreOffice may read them as numbers or dates.
func checkCalcSheet(t *testing.T, tb *Table, path string, strict bool) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetList()[0]
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != tb.Len()+1 {
		t.Fatalf("%s: %d rows for %d", path, len(rows), tb.Len())
	}
	if h := rows[0][0]; h != "id" {
		t.Errorf("%s: first header cell %q, want \"id\" (a BOM read as text?)", path, h)
	}
	chinese, loose := 0, 0
	for i := range tb.Rows {
		row := rows[i+1]
		cells := tb.Cells(i)
		for j, cell := range cells {
			name, _ := excelize.CoordinatesToCellName(j+1, i+2)
			typ, _ := f.GetCellType(sheet, name)
			if formula, _ := f.GetCellFormula(sheet, name); formula != "" {
				t.Errorf("%s %s: LibreOffice made a formula %q", path, name, formula)
			}
			got := ""
			if j < len(row) {
				got = row[j]
			}
			c := Columns[j]
			switch {
			case c.Numeric() && cell != "":
				want, _ := strconv.ParseFloat(cell, 64)
				if v, err := strconv.ParseFloat(got, 64); err != nil || v != want || typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
					t.Errorf("%s %s (%s): %q of type %v, want the number %s", path, name, c.Name, got, typ, cell)
				}
			case got == Neutralise(cell):
				if strings.ContainsFunc(got, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
					chinese++
				}
			case strict || !looseText(c.Name, got, cell):
				t.Errorf("%s %s (%s) = %q, want %q", path, name, c.Name, got, Neutralise(cell))
			default:
				loose++
			}
		}
	}
	if chinese < tb.Len() {
		t.Errorf("%s: only %d cells of Chinese text survived", path, chinese)
	}
	t.Logf("%s: %d rows, %d Chinese text cells intact, %d text cells read as numbers or dates (value_text, period)", filepath.Base(path), len(rows)-1, chinese, loose)
}
