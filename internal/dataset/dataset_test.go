package dataset

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"reportsite/internal/content"
)

const seedReport = "nanhai-2023-h1-plan-execution"

// root is the project directory (tests run in internal/dataset).
var root = filepath.Join("..", "..")

func seedDir() string { return filepath.Join(root, "data", seedReport) }

func readZh(t testing.TB) *content.Document {
	t.Helper()
	doc, err := content.ReadDocument(seedReport, "zh", filepath.Join(root, "content", seedReport, "zh"))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func openSeed(t testing.TB) *Dataset {
	t.Helper()
	d, err := Open(seedReport, seedDir(), readZh(t))
	if err != nil {
		t.Fatalf("the seed's dataset does not check:\n%v", err)
	}
	return d
}

// copyData copies the seed's data folder, for tests that break it.
func copyData(t testing.TB) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), seedReport)
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(seedDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(seedDir(), e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// edit replaces old by new in path; old must occur exactly once. It
// returns the position (file:line:col) where the replacement starts.
func edit(t testing.TB, path, old, new string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(b, []byte(old)); n != 1 {
		t.Fatalf("%s holds %q %d times, want once", path, old, n)
	}
	i := bytes.Index(b, []byte(old))
	if err := os.WriteFile(path, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	line := 1 + bytes.Count(b[:i], []byte("\n"))
	col := utf8.RuneCount(b[bytes.LastIndexByte(b[:i], '\n')+1:i]) + 1
	return fmt.Sprintf("%s:%d:%d", path, line, col)
}

func appendTo(t testing.TB, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}

// TestSeedDataset: the curated seed dataset checks, every number of the
// text is accounted for, every declared relation holds, and no detected
// relation is left undeclared. The numbers are logged for the record.
func TestSeedDataset(t *testing.T) {
	d := openSeed(t)
	if len(d.Indicators) < 150 {
		t.Fatalf("%d indicators: the seed has close to 200 facts", len(d.Indicators))
	}
	total := 0
	var kinds []string
	for _, kc := range d.CountsByKind() {
		total += kc.Count
		kinds = append(kinds, fmt.Sprintf("%s %d", kc.Kind, kc.Count))
	}
	if total != len(d.Indicators) {
		t.Errorf("counts by kind add up to %d, want %d", total, len(d.Indicators))
	}
	t.Logf("%d indicators: %s", len(d.Indicators), strings.Join(kinds, ", "))
	c := d.Coverage
	t.Logf("coverage: %s", c.Summary())
	if len(c.Unaccounted) != 0 {
		t.Errorf("%d numbers unaccounted", len(c.Unaccounted))
	}
	if c.Values != len(d.Indicators) {
		t.Errorf("%d numbers are indicator values, want one per indicator (%d)", c.Values, len(d.Indicators))
	}
	if got := c.Values + c.Bases + c.Names + c.Years + c.Dates; got != c.Numbers {
		t.Errorf("accounted %d of %d numbers", got, c.Numbers)
	}
	if len(d.Relations) == 0 {
		t.Fatal("no relations declared")
	}
	for _, r := range d.Relations {
		t.Logf("relation %s (%s): %s", r.ID, r.Type, r.En)
		if !r.Holds {
			t.Errorf("relation %s does not hold in the seed: %s", r.ID, r.En)
		}
	}
	for _, c := range d.Candidates {
		t.Errorf("candidate relation not declared in %s nor dismissed:\n%s", RelationsFile, c.TOML())
	}
	for _, in := range d.Indicators {
		p := d.Paragraph(in.Paragraph)
		if got := p.Text[in.ValueOffset : in.ValueOffset+len(in.ValueText)]; got != in.ValueText {
			t.Errorf("%s: the text at its offset reads %q, want %q", in.ID, got, in.ValueText)
		}
		if in.Decimals != Decimals(in.ValueText) {
			t.Errorf("%s: decimals %d for %q", in.ID, in.Decimals, in.ValueText)
		}
		if len(in.Notes) != 0 {
			t.Errorf("%s carries notes although every relation holds: %v", in.ID, in.Notes)
		}
	}
}

// TestVerifyFails breaks one field of a record at a time: each break must
// fail with a message positioned at the field in indicators.toml (or the
// record) and naming the paragraph.
func TestVerifyFails(t *testing.T) {
	tests := []struct {
		name, old, new string
		want           []string // besides the position
	}{
		{"quote not in the paragraph", `quote = "全区完成地区生产总值1712.60亿元"`, `quote = "全区完成地区生产总值1712.6亿元"`,
			[]string{"gdp: quote", "does not occur verbatim in paragraph p486b7c"}},
		{"value differs from the text", "value = 1712.6\n", "value = 1712.7\n",
			[]string{"gdp: value = 1712.7 but the text says 1712.60", "paragraph p486b7c"}},
		{"a decrease made positive", "value = -13.1\n", "value = 13.1\n",
			[]string{"fai-yoy: value = 13.1 is positive but the quote says \"下降\" before 13.1", "paragraph paef9f5", "write value = -13.1"}},
		{"an increase made negative", "value = 4.5\nvalue_text = \"4.5\"\nunit = \"%\"\nunit_en = \"%\"\nmultiplier = 1.0\nkind = \"yoy_pct\"\nperiod = \"2023-H1\"\ntopic = \"economy\"\nparagraph = \"p486b7c\"",
			"value = -4.5\nvalue_text = \"4.5\"\nunit = \"%\"\nunit_en = \"%\"\nmultiplier = 1.0\nkind = \"yoy_pct\"\nperiod = \"2023-H1\"\ntopic = \"economy\"\nparagraph = \"p486b7c\"",
			[]string{"gdp-yoy: value = -4.5 is negative but the quote says \"增长\" before it"}},
		{"value_text inside a longer number", "value = 1712.6\nvalue_text = \"1712.60\"", "value = 1712.0\nvalue_text = \"1712\"",
			[]string{"gdp: value_text \"1712\" is not a whole number in the quote"}},
		{"multiplier off by 万/亿", "multiplier = 1e8\nkind = \"level\"\nperiod = \"2023-H1\"\ntopic = \"economy\"\nparagraph = \"p486b7c\"\nquote = \"全区完成地区生产总值1712.60亿元\"",
			"multiplier = 1e4\nkind = \"level\"\nperiod = \"2023-H1\"\ntopic = \"economy\"\nparagraph = \"p486b7c\"\nquote = \"全区完成地区生产总值1712.60亿元\"",
			[]string{"gdp: multiplier = 10000 does not match unit \"亿元\", which implies 1e+08"}},
		{"unknown kind", `kind = "level"` + "\nperiod = \"2023-H1\"\ntopic = \"economy\"\nparagraph = \"p486b7c\"\nquote = \"全区完成", `kind = "levels"` + "\nperiod = \"2023-H1\"\ntopic = \"economy\"\nparagraph = \"p486b7c\"\nquote = \"全区完成",
			[]string{`gdp: unknown kind "levels"`}},
		{"period not in the fixed form", "period = \"2023-H1\"\ntopic = \"economy\"\nparagraph = \"p486b7c\"\nquote = \"全区完成", "period = \"2023H1\"\ntopic = \"economy\"\nparagraph = \"p486b7c\"\nquote = \"全区完成",
			[]string{`gdp: period "2023H1" is not in the fixed form`}},
		{"duplicate id", `id = "gdp-yoy"`, `id = "gdp"`, []string{`duplicate id "gdp"`}},
		{"unknown paragraph", "paragraph = \"p486b7c\"\nquote = \"全区完成", "paragraph = \"p486b7d\"\nquote = \"全区完成",
			[]string{`gdp: paragraph "p486b7d" is not in the Chinese text`}},
		{"base differs from the text", "base = 54.7\n", "base = 54.8\n", []string{"online-registration-share: base = 54.8 but the text says 54.7"}},
		{"a qualifier without its flag", "quote = \"改造新增绿地面积约46万平方米\"\nflags = [\"approximate\"]", "quote = \"改造新增绿地面积约46万平方米\"",
			[]string{`new-green-space: the quote says "约" around 46`, `add flag "approximate"`}},
		{"unknown key", `quote = "增长4.5%"`, `quote = "增长4.5%"` + "\nsource = \"x\"", []string{`unknown key "indicator.source"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyData(t)
			file := filepath.Join(dir, IndicatorsFile)
			pos := edit(t, file, tt.old, tt.new)
			_, err := Open(seedReport, dir, readZh(t))
			if err == nil {
				t.Fatal("the broken record passed")
			}
			msg := err.Error()
			// The error is positioned on a line of the edited record.
			line := strings.SplitN(strings.TrimPrefix(pos, file+":"), ":", 2)[0]
			if !strings.Contains(msg, file+":") {
				t.Errorf("the error is not positioned in %s:\n%s", file, msg)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("the error lacks %q:\n%s", w, msg)
				}
			}
			t.Logf("edit at line %s: %s", line, firstLine(msg))
		})
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// TestVerifyPositionsAtTheField: the error points at the line of the
// field to fix, with the line shown.
func TestVerifyPositionsAtTheField(t *testing.T) {
	dir := copyData(t)
	file := filepath.Join(dir, IndicatorsFile)
	pos := edit(t, file, `quote = "全区完成地区生产总值1712.60亿元"`, `quote = "全区完成地区生产总值1712.6亿元"`)
	_, err := Open(seedReport, dir, readZh(t))
	if err == nil {
		t.Fatal("passed")
	}
	want := strings.TrimSuffix(pos, ":1") + ":9: gdp: quote"
	if !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error starts %q, want %q", firstLine(err.Error()), want)
	}
	if !strings.Contains(err.Error(), "content/"+seedReport+"/zh/1-1.md:10:1") && !strings.Contains(err.Error(), filepath.Join("content", seedReport, "zh", "1-1.md")+":10:1") {
		t.Errorf("the error does not name the paragraph's place in the content file:\n%s", err)
	}
}

// TestBaseDirection: 由A提升至B needs B > A.
func TestBaseDirection(t *testing.T) {
	dir := copyData(t)
	file := filepath.Join(dir, IndicatorsFile)
	// Say the share was 70.5 at the start of the year: 提升至69.5 then
	// contradicts it. The text must say 70.5 for the record to verify, so
	// test with a paragraph of our own instead.
	_ = file
	p := &Paragraph{ID: "ptest", Text: "登记网办业务量占比由年初74.7%提升至69.5%。", markdown: "登记网办业务量占比由年初74.7%提升至69.5%。", line: 1, File: "x.md"}
	base := 74.7
	in := &Indicator{ID: "share", Series: "share", NameZh: "占比", NameEn: "Share", Value: 69.5, ValueText: "69.5", Unit: "%", UnitEn: "%", Multiplier: 1,
		Kind: "share_pct", Period: "2023-06-30", Topic: "services", Paragraph: "ptest", Quote: "由年初74.7%提升至69.5%", Base: &base, BaseText: "74.7"}
	d := &Dataset{Report: "r", Indicators: []*Indicator{in}, paragraphs: map[string]*Paragraph{"ptest": p}, byID: map[string]*Indicator{}}
	errs := d.verify(nil)
	if len(errs) != 1 || !strings.Contains(errs[0].Msg, `the quote says "提升" between the base 74.7 and the value 69.5`) {
		t.Errorf("got %v, want one error about 提升", errs)
	}
	base = 54.7
	in.Quote, in.BaseText = "由年初54.7%提升至69.5%", "54.7"
	p.Text = "登记网办业务量占比由年初54.7%提升至69.5%。"
	p.markdown = p.Text
	if errs := d.verify(nil); len(errs) != 0 {
		t.Errorf("a rise from 54.7 to 69.5 fails: %v", errs)
	}
}

// TestCoverageFails: a figure without a record fails the build, named with
// its paragraph, its place in the content file and its context; extract
// then proposes the missing record.
func TestCoverageFails(t *testing.T) {
	dir := copyData(t)
	file := filepath.Join(dir, IndicatorsFile)
	b, _ := os.ReadFile(file)
	start := bytes.Index(b, []byte("[[indicator]]\nid = \"gdp-yoy\"\n"))
	end := bytes.Index(b[start+1:], []byte("[[indicator]]")) + start + 1
	if err := os.WriteFile(file, append(append([]byte{}, b[:start]...), b[end:]...), 0o644); err != nil {
		t.Fatal(err)
	}
	zh := readZh(t)
	_, err := Open(seedReport, dir, zh)
	if err == nil {
		t.Fatal("a figure without a record passed")
	}
	content := filepath.Join(root, "content", seedReport, "zh", "1-1.md")
	for _, w := range []string{content + ":10:", "paragraph p486b7c: the number 4.5% (…", "增长【4.5】%", "is not accounted for", "reportsite extract -report " + seedReport} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("the error lacks %q:\n%s", w, err)
		}
	}
	var out bytes.Buffer
	if err := Extract(&out, ExtractOptions{Report: seedReport, DataDir: dir, Zh: zh, Period: "2023-H1"}); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"# 1 proposals", "value_text = \"4.5\"", "kind = \"yoy_pct\"", "value = 4.5\n", "quote = \"增长4.5%\"", "paragraph = \"p486b7c\"", "1 unaccounted", "name_zh = \"地区生产总值增长\""} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("extract output lacks %q:\n%s", w, out.String())
		}
	}
}

// TestNameMustNotBeAQuantity: a numeral followed by a unit cannot be
// declared a name, and a figure cannot be both a name and an indicator.
func TestNameMustNotBeAQuantity(t *testing.T) {
	dir := copyData(t)
	appendTo(t, filepath.Join(dir, NamesFile), "\n[[name]]\ntext = \"65\"\nparagraph = \"pbddaac\"\nreason = \"test\"\n")
	_, err := Open(seedReport, dir, readZh(t))
	if err == nil {
		t.Fatal("a quantity declared as a name passed")
	}
	for _, w := range []string{"can never be declared a name", "firms-overseas-trade-events: its figure is inside \"65\", which numerals.toml declares a name"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("the error lacks %q:\n%s", w, err)
		}
	}
}
