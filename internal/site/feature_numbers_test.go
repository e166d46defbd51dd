package site

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"reportsite/internal/config"
	"reportsite/internal/content"
	"reportsite/internal/quantity"
)

const numbersReport = "nanhai-2023-h1-plan-execution"

// reportsOnly reads the project's reports without running any feature, so
// that the numbers check is tested on its own.
func reportsOnly(t testing.TB, root string) ([]*Report, []string) {
	t.Helper()
	s, err := config.LoadSite(filepath.Join(root, "data", "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	metas, err := config.LoadReports(filepath.Join(root, "data"))
	if err != nil {
		t.Fatal(err)
	}
	var reports []*Report
	for _, m := range metas {
		r, err := loadReport(root, m, s.Languages)
		if err != nil {
			t.Fatal(err)
		}
		reports = append(reports, r)
	}
	return reports, s.Languages
}

// TestNumbersCheckRealContent: every number of the published report is in
// the English edition, and nothing else.
func TestNumbersCheckRealContent(t *testing.T) {
	reports, langs := reportsOnly(t, filepath.Join("..", ".."))
	f := newNumbersFeature().(*numbersFeature)
	texts := 0
	for _, r := range reports {
		if err := f.checkReport(new(quantity.Memo), r, langs); err != nil {
			t.Fatalf("the English edition's numbers differ from the Chinese:\n%v", err)
		}
		texts += len(documentTexts(r.Docs["zh"]))
	}
	if f.Paragraphs != texts || f.Quantities == 0 {
		t.Errorf("compared %d texts of %d, %d numbers", f.Paragraphs, texts, f.Quantities)
	}
	if f.Names[numbersReport] == nil || len(f.Names[numbersReport].Decls) == 0 {
		t.Errorf("numerals.toml was not read")
	}
	t.Logf("numbers check: %d texts (titles, headings, paragraphs) compared, %d numbers in the Chinese", f.Paragraphs, f.Quantities)
}

func editFile(t *testing.T, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Count(b, []byte(old)) != 1 {
		t.Fatalf("%s does not contain %q exactly once", path, old)
	}
	if err := os.WriteFile(path, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// at returns "path:line:col" of the first occurrence of s in the file
// (col in characters, as srcpos counts).
func at(t *testing.T, path, s string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(b), "\n") {
		if k := strings.Index(line, s); k >= 0 {
			return fmt.Sprintf("%s:%d:%d", path, i+1, utf8.RuneCountInString(line[:k])+1)
		}
	}
	t.Fatalf("%s does not contain %q", path, s)
	return ""
}

// lineOf returns "path:line" of the line after the paragraph id line.
func lineOf(t *testing.T, path, id string) string {
	t.Helper()
	pos := at(t, path, "{#"+id+"}")
	file, rest, _ := strings.Cut(strings.TrimPrefix(pos, path), ":")
	_ = file
	var line int
	fmt.Sscanf(rest, "%d", &line)
	return fmt.Sprintf("%s:%d", path, line+1)
}

// TestNumbersCheckFails breaks the English edition of a copy of the project
// on purpose and checks that the build fails, naming the English and the
// Chinese positions and both readings.
func TestNumbersCheckFails(t *testing.T) {
	zhFile := func(root, page string) string { return filepath.Join(root, "content", numbersReport, "zh", page+".md") }
	enFile := func(root, page string) string { return filepath.Join(root, "content", numbersReport, "en", page+".md") }
	tests := []struct {
		name string
		page string
		old  string
		new  string
		// want returns the texts the build error must contain, computed on
		// the broken copy.
		want func(t *testing.T, zh, en string) []string
	}{
		{"drop a number", "1-1", "the district had a total of 624,600 market entities", "the district had a large number of market entities",
			func(t *testing.T, zh, en string) []string {
				return []string{lineOf(t, en, "p486b7c") + ":1: numbers differ from the Chinese at " + at(t, zh, "62.46万户"),
					"published 62.46万户 = 624,600 count has no counterpart in the English paragraph", "(expected: 624,600)"}
			}},
		{"billion as million", "1-1", "RMB 171.26 billion", "RMB 171.26 million",
			func(t *testing.T, zh, en string) []string {
				return []string{at(t, en, "171.26 million") + ": numbers differ from the Chinese at " + at(t, zh, "1712.60亿元"),
					"published: 1712.60亿元 = 171,260,000,000 CNY; English: RMB 171.26 million = 171,260,000 CNY (×1000 off"}
			}},
		{"亿 as 万", "1-1", "RMB 10.2 billion", "RMB 1.02 million",
			func(t *testing.T, zh, en string) []string {
				return []string{at(t, en, "1.02 million") + ": numbers differ from the Chinese at " + at(t, zh, "102亿元"),
					"published: 102亿元 = 10,200,000,000 CNY; English: RMB 1.02 million = 1,020,000 CNY (×10000 off"}
			}},
		{"下降 as rose", "1-1", "fixed-asset investment fell by 13.1% year on year", "fixed-asset investment rose by 13.1% year on year",
			func(t *testing.T, zh, en string) []string {
				return []string{at(t, en, "13.1%") + ": numbers differ from the Chinese at " + at(t, zh, "13.1%"),
					"direction differs: published 13.1% = down 13.1 %; English: 13.1% = up 13.1 % (a decrease became an increase"}
			}},
		{"percentage as percentage points", "1-1", "up 33.52% year on year", "up 33.52 percentage points year on year",
			func(t *testing.T, zh, en string) []string {
				return []string{at(t, en, "33.52 percentage") + ": numbers differ from the Chinese at " + at(t, zh, "33.52%"), "unit differs"}
			}},
		{"an extra number", "1-1", "organized 65 enterprises", "organized 65 enterprises in 12 delegations",
			func(t *testing.T, zh, en string) []string {
				return []string{at(t, en, "12 delegations") + ": numbers differ from the Chinese at " + lineOf(t, zh, "pbddaac") + ":1", "English 12 = 12 count has no counterpart"}
			}},
		{"remove a paragraph", "1-1", "{#paef9f5}\n", "",
			func(t *testing.T, zh, en string) []string {
				return []string{"expected paef9f5 (as at " + at(t, zh, "{#paef9f5}") + "), found", en}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := copyProject(t)
			en, zh := enFile(root, tt.page), zhFile(root, tt.page)
			if tt.name == "remove a paragraph" {
				removeParagraph(t, en, "paef9f5")
			} else {
				editFile(t, en, tt.old, tt.new)
			}
			_, err := Load(root)
			if err == nil {
				t.Fatal("the build passed")
			}
			msg := err.Error()
			for _, w := range tt.want(t, zh, en) {
				if !strings.Contains(msg, w) {
					t.Errorf("the build error lacks %q:\n%s", w, clipErr(msg, numbersReport))
				}
			}
		})
	}
}

// removeParagraph deletes a paragraph (its id line and text) from a file.
func removeParagraph(t *testing.T, path, id string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	for i, l := range lines {
		if l == "{#"+id+"}" {
			j := i + 1
			for j < len(lines) && lines[j] != "" {
				j++
			}
			lines = append(lines[:i], lines[j+1:]...)
			if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatalf("%s has no paragraph %s", path, id)
}

// clipErr keeps the lines of a long build error that concern the numbers.
func clipErr(msg, keep string) string {
	var out []string
	for _, l := range strings.Split(msg, "\n") {
		if strings.Contains(l, "numbers differ") || strings.Contains(l, "expected") || strings.Contains(l, "numerals") || strings.Contains(l, "declared") {
			out = append(out, l)
		}
	}
	if len(out) == 0 {
		return msg
	}
	return strings.Join(out, "\n")
}

// TestNumeralsFileChecked: a declared name followed by a unit, and one that
// occurs nowhere, fail the build at their declaration.
func TestNumeralsFileChecked(t *testing.T) {
	root := copyProject(t)
	path := filepath.Join(root, "data", numbersReport, "numerals.toml")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Count(string(b), "\n")
	add := "\n[[name]]\ntext = \"4.5\"\nparagraph = \"p486b7c\"\nreason = \"test\"\n" +
		"\n[[name]]\ntext = \"9999\"\nparagraph = \"p486b7c\"\nreason = \"test\"\n" +
		"\n[[name]]\ntext = \"1310\"\nparagraph = \"pnothere\"\nreason = \"test\"\n"
	if err := os.WriteFile(path, append(b, add...), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(root)
	if err == nil {
		t.Fatal("the build passed")
	}
	msg := err.Error()
	for _, w := range []string{
		fmt.Sprintf("%s:%d:1: \"4.5\" is followed by the unit \"%%\"", path, lines+2),
		fmt.Sprintf("%s:%d:1: the declared name \"9999\" occurs nowhere in paragraph p486b7c", path, lines+7),
		fmt.Sprintf("%s:%d:1: paragraph \"pnothere\" does not exist", path, lines+12),
	} {
		if !strings.Contains(msg, w) {
			t.Errorf("the build error lacks %q:\n%s", w, clipErr(msg, ""))
		}
	}
}

// TestNumbersEnglishNameMissing: a declared name dropped from the English
// is named at the English paragraph.
func TestNumbersEnglishNameMissing(t *testing.T) {
	root := copyProject(t)
	en := filepath.Join(root, "content", numbersReport, "en", "1-3.md")
	editFile(t, en, `"1 centre + N bases"`, `"one centre + N bases"`)
	_, err := Load(root)
	if err == nil {
		t.Fatal("the build passed")
	}
	want := lineOf(t, en, "pdc7813") + `:1: the declared name "1 centre + N bases" occurs nowhere in paragraph pdc7813`
	if !strings.Contains(err.Error(), want) {
		t.Errorf("the build error lacks %q:\n%s", want, clipErr(err.Error(), ""))
	}
}

func TestSourcePos(t *testing.T) {
	md := "**经济运行稳中向好**。上半年全区完成\n地区生产总值*1712.60*亿元，A\\*B 4.5%"
	_, plain, err := content.Inline(md)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		s         string
		line, col int
	}{
		{"经济", 10, 3}, {"上半年", 10, 14}, {"1712.60", 11, 8}, {"4.5%", 11, 24},
	} {
		off := strings.Index(plain, tt.s)
		got := sourcePos("f.md", md, 10, 1, plain, off)
		if got.Line != tt.line || got.Col != tt.col {
			t.Errorf("%q at %d:%d, want %d:%d", tt.s, got.Line, got.Col, tt.line, tt.col)
		}
	}
}

// BenchmarkNumbersCheck measures the check over the whole report: scanning
// and comparing every aligned pair of texts.
func BenchmarkNumbersCheck(b *testing.B) {
	reports, langs := reportsOnly(b, filepath.Join("..", ".."))
	b.ResetTimer()
	for b.Loop() {
		f := newNumbersFeature().(*numbersFeature)
		for _, r := range reports {
			if err := f.checkReport(nil, r, langs); err != nil { // no memo: measure the scanning
				b.Fatal(err)
			}
		}
	}
}
