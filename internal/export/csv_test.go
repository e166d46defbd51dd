package export

import (
	"bytes"
	"encoding/csv"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"reportsite/internal/dataset"
	"reportsite/internal/srcpos"
)

var plainDecimalRe = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?$`)

// readCSV parses b with encoding/csv, strictly (every record as wide as
// the header).
func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = len(Columns)
	records, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return records
}

func column(name string) int {
	for i, c := range Columns {
		if c.Name == name {
			return i
		}
	}
	panic("no column " + name)
}

// TestCanonicalCSVRoundTrip parses indicators.csv back and compares every
// field with the indicators it was made from.
func TestCanonicalCSVRoundTrip(t *testing.T) {
	tb, files := seedTable(t)
	b := fileNamed(t, files, CSVName)
	if bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		t.Fatal("indicators.csv starts with a BOM; the canonical CSV is UTF-8 without BOM")
	}
	if !bytes.HasPrefix(b, []byte("id,series,name_zh,name_en,value,value_text,decimals,")) {
		t.Fatalf("unexpected header: %.80q", b)
	}
	if n, crlf := bytes.Count(b, []byte("\n")), bytes.Count(b, []byte("\r\n")); n != crlf || n == 0 {
		t.Errorf("%d line feeds but %d CRLF: RFC 4180 lines end in CRLF", n, crlf)
	}
	records := readCSV(t, b)
	if len(records) != 1+len(seed.inds) || len(seed.inds) < 150 {
		t.Fatalf("%d records for %d indicators", len(records), len(seed.inds))
	}
	for j, c := range Columns {
		if records[0][j] != c.Name {
			t.Errorf("header column %d is %q, want %q", j, records[0][j], c.Name)
		}
	}
	get := func(rec []string, name string) string { return rec[column(name)] }
	for i, in := range seed.inds {
		rec := records[i+1]
		// Every field, from the cells the other formats use too…
		for j, want := range tb.Cells(i) {
			if rec[j] != want {
				t.Errorf("row %d (%s) column %s: %q, want %q", i+1, in.ID, Columns[j].Name, rec[j], want)
			}
		}
		// …and from the indicator itself, so that the cells are right.
		text := map[string]string{"id": in.ID, "series": in.Series, "name_zh": in.NameZh, "name_en": in.NameEn,
			"value_text": in.ValueText, "unit": in.Unit, "unit_en": in.UnitEn, "kind": in.Kind, "period": in.Period,
			"topic": in.Topic, "flags": strings.Join(in.Flags, ";"), "base_text": in.BaseText, "paragraph": in.Paragraph,
			"quote": in.Quote, "note": in.Note}
		for name, want := range text {
			if got := get(rec, name); got != want {
				t.Errorf("%s: %s = %q, want %q", in.ID, name, got, want)
			}
		}
		num := map[string]*float64{"value": &in.Value, "multiplier": &in.Multiplier, "base": in.Base, "target": in.Target}
		for name, want := range num {
			got := get(rec, name)
			if want == nil {
				if got != "" {
					t.Errorf("%s: %s = %q, want empty", in.ID, name, got)
				}
				continue
			}
			if !plainDecimalRe.MatchString(got) {
				t.Errorf("%s: %s = %q is not a plain decimal", in.ID, name, got)
			}
			if v, err := strconv.ParseFloat(got, 64); err != nil || v != *want {
				t.Errorf("%s: %s = %q, want %v", in.ID, name, got, *want)
			}
		}
		// value is value_text with its sign: the decimals as written.
		if want := strings.TrimPrefix(get(rec, "value"), "-"); want != in.ValueText {
			t.Errorf("%s: value %q does not keep value_text %q", in.ID, get(rec, "value"), in.ValueText)
		}
		if d := get(rec, "decimals"); d != strconv.Itoa(decimalsOf(in.ValueText)) || in.Decimals != decimalsOf(in.ValueText) {
			t.Errorf("%s: decimals %s (dataset says %d) for %q", in.ID, d, in.Decimals, in.ValueText)
		}
		if !strings.Contains(get(rec, "paragraph_url"), "/zh/"+seedReport+"/") || !strings.HasSuffix(get(rec, "paragraph_url"), "#"+in.Paragraph) {
			t.Errorf("%s: paragraph_url %q", in.ID, get(rec, "paragraph_url"))
		}
		if get(rec, "quote_en") == "" || get(rec, "quote_en_match") == "" {
			t.Errorf("%s: no quote_en", in.ID)
		}
	}
}

// TestNegativeValue: falls are signed in every format.
func TestNegativeValue(t *testing.T) {
	tb, _ := seedTable(t)
	neg := 0
	for i, r := range tb.Rows {
		if r.Value < 0 {
			neg++
			if v := tb.Cells(i)[column("value")]; v != "-"+r.ValueText {
				t.Errorf("%s: value %q, want -%s", r.ID, v, r.ValueText)
			}
		}
	}
	if neg == 0 {
		t.Fatal("the seed has falls (下降13.1%) but no negative value")
	}
}

// TestQuoteEnStatesTheFigure: nearly every seed figure's English sentence
// is found by the figure itself (all 186 at the time of writing), and the
// known ones are the right sentences.
func TestQuoteEnStatesTheFigure(t *testing.T) {
	tb, _ := seedTable(t)
	count := map[string]int{}
	for _, r := range tb.Rows {
		count[r.QuoteEnMatch]++
		if strings.Contains(r.QuoteEn, "\n") || strings.TrimSpace(r.QuoteEn) != r.QuoteEn {
			t.Errorf("%s: quote_en is not one trimmed sentence: %q", r.ID, r.QuoteEn)
		}
	}
	t.Logf("quote_en matched: %v", count)
	if count[MatchFigure] < len(tb.Rows)*9/10 {
		t.Errorf("only %d of %d quote_en found by figure", count[MatchFigure], len(tb.Rows))
	}
	byID := map[string]Row{}
	for _, r := range tb.Rows {
		byID[r.ID] = r
	}
	for id, want := range map[string]string{
		"gdp":                                "RMB 171.26 billion",
		"market-entities":                    "624,600 market entities",
		"fai-yoy":                            "fell by 13.1%",
		"gdp-structure-primary":              "1.9:49.6:48.5",
		"baidong-sculpture-park-green-space": "22,000 square metres", // 2.2万方: 方 is m² or m³
	} {
		r, ok := byID[id]
		if !ok {
			t.Errorf("no indicator %s in the seed", id)
			continue
		}
		if !strings.Contains(r.QuoteEn, want) || r.QuoteEnMatch != MatchFigure {
			t.Errorf("%s: quote_en %q (%s), want the sentence with %q", id, r.QuoteEn, r.QuoteEnMatch, want)
		}
	}
}

// synthetic is a table of one indicator whose text cells look like
// formulas, and a fall.
func synthetic(t *testing.T) *Table {
	t.Helper()
	base := 54.7
	in := &dataset.Indicator{ID: "synthetic", Series: "synthetic", NameZh: "=HYPERLINK(\"http://evil.example/\",\"点击\")",
		NameEn: "+cmd|' /C calc'!A0", Value: -13.1, ValueText: "13.1", Unit: "%", UnitEn: "%", Multiplier: 1,
		Kind: "yoy_pct", Period: "2023-H1", Topic: "@SUM(1+1)", Paragraph: "p1", Quote: "=1+2，下降13.1%",
		Base: &base, BaseText: "54.7", Flags: []string{"approximate"}, Note: "-2+3", Pos: srcpos.Pos{File: "indicators.toml", Line: 3, Col: 1}}
	row := Row{Indicator: in, ParagraphURL: "https://example.org/zh/r/#p1", QuoteEn: "\tTab first", QuoteEnMatch: MatchFigure}
	tb, err := NewTable(syntheticMeta(), []Row{row})
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

func syntheticMeta() Meta {
	return Meta{Report: "r", TitleZh: "测试报告", TitleEn: "Test report", Edition: "2024-01-02", Seed: "r.txt", SeedText: []byte("=1+2，下降13.1%"),
		PublisherEn: "Editors", Licence: "CC BY 4.0", LicenceURL: "https://creativecommons.org/licenses/by/4.0/", BaseURL: "https://example.org/",
		Changelog: &Changelog{Versions: []*Version{{Version: "1.0.0"}}}}
}

// TestFormulaNeutralisation: text cells that start a formula get an
// apostrophe in the spreadsheet CSV only; numbers never do.
func TestFormulaNeutralisation(t *testing.T) {
	tb := synthetic(t)
	canonical, err := Canonical.Bytes(tb)
	if err != nil {
		t.Fatal(err)
	}
	excel, err := Spreadsheet.Bytes(tb)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(excel, []byte("\xEF\xBB\xBFid,")) {
		t.Fatalf("indicators-excel.csv must start with a UTF-8 BOM and the header: %.10q", excel)
	}
	if n, crlf := bytes.Count(excel, []byte("\n")), bytes.Count(excel, []byte("\r\n")); n != crlf {
		t.Errorf("indicators-excel.csv: %d LF but %d CRLF", n, crlf)
	}
	c := readCSV(t, canonical)[1]
	e := readCSV(t, excel[3:])[1]
	want := map[string][2]string{ // column → canonical, spreadsheet
		"name_zh":  {tb.Rows[0].NameZh, "'" + tb.Rows[0].NameZh},
		"name_en":  {"+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
		"topic":    {"@SUM(1+1)", "'@SUM(1+1)"},
		"quote":    {"=1+2，下降13.1%", "'=1+2，下降13.1%"},
		"quote_en": {"\tTab first", "'\tTab first"},
		"note":     {"-2+3", "'-2+3"},
		"value":    {"-13.1", "-13.1"}, // a negative number stays a number
		"base":     {"54.7", "54.7"},
		"id":       {"synthetic", "synthetic"},
	}
	for name, w := range want {
		if got := c[column(name)]; got != w[0] {
			t.Errorf("canonical %s = %q, want %q (unchanged)", name, got, w[0])
		}
		if got := e[column(name)]; got != w[1] {
			t.Errorf("spreadsheet %s = %q, want %q", name, got, w[1])
		}
	}
	for j, col := range Columns {
		if col.Numeric() && c[j] != e[j] {
			t.Errorf("numeric column %s differs: %q vs %q", col.Name, c[j], e[j])
		}
	}
}

func TestNeutralise(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "=A1": "'=A1", "+1": "'+1", "-1": "'-1", "@x": "'@x", "\tx": "'\tx", "\rx": "'\rx",
		"a=b": "a=b", "地区生产总值": "地区生产总值", "＝全角": "＝全角", "'=x": "'=x",
	} {
		if got := Neutralise(in); got != want {
			t.Errorf("Neutralise(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestNewTableRejects: the export refuses a figure whose value and written
// digits disagree, and says where.
func TestNewTableRejects(t *testing.T) {
	base := 3.0
	cases := []struct {
		name string
		edit func(*dataset.Indicator)
		want string
	}{
		{"value differs from value_text", func(in *dataset.Indicator) { in.Value = 1712.6; in.ValueText = "1712.06" }, "value = 1712.6 but value_text = \"1712.06\""},
		{"sign lost in digits", func(in *dataset.Indicator) { in.Value = -13.1; in.ValueText = "13.2" }, "value = -13.1"},
		{"base differs", func(in *dataset.Indicator) { in.Base = &base; in.BaseText = "4" }, "base = 3 but base_text"},
		{"base_text alone", func(in *dataset.Indicator) { in.BaseText = "4" }, "base_text = \"4\" is set but base is not"},
		{"no multiplier", func(in *dataset.Indicator) { in.Multiplier = 0 }, "multiplier = 0"},
		{"control character", func(in *dataset.Indicator) { in.Quote = "a\rb" }, "control character U+000D"},
		{"bad id", func(in *dataset.Indicator) { in.ID = "GDP total" }, "the id must be"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := &dataset.Indicator{ID: "x", Value: 5, ValueText: "5", Multiplier: 1, Quote: "5", Pos: srcpos.Pos{File: "data/r/indicators.toml", Line: 12, Col: 1}}
			c.edit(in)
			_, err := NewTable(syntheticMeta(), []Row{{Indicator: in}})
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "data/r/indicators.toml:12:1: ") {
				t.Fatalf("got %v, want a positioned error containing %q", err, c.want)
			}
		})
	}
	dup := &dataset.Indicator{ID: "x", Value: 5, ValueText: "5", Multiplier: 1}
	if _, err := NewTable(syntheticMeta(), []Row{{Indicator: dup}, {Indicator: dup}}); err == nil || !strings.Contains(err.Error(), "duplicate id") {
		t.Errorf("duplicate ids: got %v", err)
	}
}

func TestWrittenNumber(t *testing.T) {
	for _, c := range []struct {
		v        float64
		text     string
		want     string
		decimals int
	}{
		{1712.6, "1712.60", "1712.60", 2}, {-13.1, "13.1", "-13.1", 1}, {5, "05", "5", 0}, {0.5, ".5", "0.5", 1},
		{62.46, "６２.４６", "62.46", 2}, {1, "一", "1", 0}, {12000, "12,000", "12000", 0},
	} {
		got, d, err := writtenNumber(c.v, c.text)
		if err != nil || got != c.want || d != c.decimals {
			t.Errorf("writtenNumber(%v, %q) = %q, %d, %v; want %q, %d", c.v, c.text, got, d, err, c.want, c.decimals)
		}
	}
	if s := plainDecimal(1e8); s != "100000000" {
		t.Errorf("plainDecimal(1e8) = %q", s)
	}
}

// FuzzCSVRoundTrip: any text a record may hold comes back from
// encoding/csv as written (CR is refused by NewTable, CRLF in a quoted
// field reads back as LF, so both are left out).
func FuzzCSVRoundTrip(f *testing.F) {
	for _, s := range []string{"地区生产总值1712.60亿元", "=1+2", "a,b", `say "hi"`, "line\nbreak", " lead", "", "-13.1"} {
		f.Add(s, s+"x")
	}
	f.Fuzz(func(t *testing.T, quote, name string) {
		if strings.ContainsRune(quote+name, '\r') {
			t.Skip()
		}
		in := &dataset.Indicator{ID: "x", Value: 1, ValueText: "1", Multiplier: 1, Quote: quote, NameZh: name}
		tb, err := NewTable(syntheticMeta(), []Row{{Indicator: in}})
		if err != nil {
			return // refused: control characters
		}
		for _, o := range []CSV{Canonical, Spreadsheet} {
			b, err := o.Bytes(tb)
			if err != nil {
				t.Fatal(err)
			}
			r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))))
			r.FieldsPerRecord = len(Columns)
			recs, err := r.ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			wantQ, wantN := quote, name
			if o.Neutralise {
				wantQ, wantN = Neutralise(quote), Neutralise(name)
			}
			if len(recs) != 2 || recs[1][column("quote")] != wantQ || recs[1][column("name_zh")] != wantN {
				t.Fatalf("%+v: read back %q", o, recs)
			}
		}
	})
}

// TestRelationNotes: a relation that fails in the report's own figures
// travels with the figure into every format.
func TestRelationNotes(t *testing.T) {
	in := &dataset.Indicator{ID: "part", Value: 49.6, ValueText: "49.6", Multiplier: 1, Quote: "49.6",
		Notes: []dataset.RelationNote{
			{Relation: "structure", Type: "ratio_sum", En: "1.9 + 49.6 + 48.5 = 100.0", Zh: "1.9＋49.6＋48.5＝100.0"},
			{Relation: "share", Type: "share", En: "49.6 is not 50/100", Zh: "49.6 不等于 50/100"},
		}}
	tb, err := NewTable(syntheticMeta(), []Row{{Indicator: in}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Canonical.Bytes(tb)
	if err != nil {
		t.Fatal(err)
	}
	rec := readCSV(t, b)[1]
	if got := rec[column("relation_notes")]; got != "structure: 1.9 + 49.6 + 48.5 = 100.0 | share: 49.6 is not 50/100" {
		t.Errorf("relation_notes = %q", got)
	}
	if got := rec[column("relation_notes_zh")]; got != "structure: 1.9＋49.6＋48.5＝100.0 | share: 49.6 不等于 50/100" {
		t.Errorf("relation_notes_zh = %q", got)
	}
	js, err := JSON{}.Bytes(tb)
	if err != nil {
		t.Fatal(err)
	}
	checkJSON(t, tb, js)
	if !strings.Contains(string(js), `"relation_notes": ["structure: 1.9 + 49.6 + 48.5 = 100.0", "share: 49.6 is not 50/100"]`) {
		t.Errorf("JSON: %s", js)
	}
}
