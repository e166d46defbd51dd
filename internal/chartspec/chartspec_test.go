package chartspec

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"reportsite/internal/chart"
	"reportsite/internal/dataset"
	"reportsite/internal/srcpos"
)

func ptr(f float64) *float64 { return &f }

// indicators is a small dataset for the tests.
func indicators() []*dataset.Indicator {
	pct := func(id string, v float64, text string) *dataset.Indicator {
		return &dataset.Indicator{ID: id, NameZh: id + "中", NameEn: id + " en", Value: v, ValueText: text, Unit: "%", UnitEn: "%", Multiplier: 1, Kind: "yoy_pct", Paragraph: "p1"}
	}
	yuan := func(id string, v float64, text string) *dataset.Indicator {
		return &dataset.Indicator{ID: id, NameZh: id + "中", NameEn: id + " en", Value: v, ValueText: text, Unit: "亿元", UnitEn: "CNY", Multiplier: 1e8, Kind: "level", Paragraph: "p1"}
	}
	count := func(id string, v float64, text string) *dataset.Indicator {
		return &dataset.Indicator{ID: id, NameZh: id, NameEn: id, Value: v, ValueText: text, Unit: "条", UnitEn: "hazards", Multiplier: 1, Kind: "count", Paragraph: "p2"}
	}
	std := &dataset.Indicator{ID: "allowance", NameZh: "低保", NameEn: "allowance", Value: 1200, ValueText: "1200", Unit: "元/月", UnitEn: "CNY", Multiplier: 1, Base: ptr(1180), BaseText: "1180", Paragraph: "p2"}
	return []*dataset.Indicator{
		pct("gdp-yoy", 4.5, "4.5"), pct("fai-yoy", -13.1, "13.1"), yuan("gdp", 1712.6, "1712.60"),
		yuan("tax", 75.81, "75.81"), yuan("nontax", 59.39, "59.39"), yuan("revenue", 135.2, "135.2"),
		count("resolved", 2133, "2133"), count("tracked", 2343, "2343"), pct("rate", 91.04, "91.04"), pct("wrong-rate", 90.5, "90.5"),
		std,
	}
}

var paragraphs = map[string]bool{"p1": true, "p2": true}

func load(t *testing.T, src string) ([]*Chart, error) {
	t.Helper()
	return Load("charts.toml", []byte(src), indicators(), paragraphs)
}

func TestLoadResolves(t *testing.T) {
	charts, err := load(t, `
[[chart]]
id = "growth"
kind = "diverging"
title_zh = "增速"
title_en = "Growth"
paragraphs = ["p1"]
indicators = ["fai-yoy", "gdp-yoy"]
sort = "value-desc"
highlight = ["gdp-yoy"]

[[chart]]
id = "revenue"
kind = "composition"
title_zh = "收入"
title_en = "Revenue"
paragraphs = ["p1"]
total = "revenue"

  [[chart.row]]
  indicator = "tax"
  label_zh = "税收"
  label_en = "Tax"

  [[chart.row]]
  indicator = "nontax"

[[chart]]
id = "hazards"
kind = "progress"
title_zh = "隐患"
title_en = "Hazards"
paragraphs = ["p2", "p1"]

  [[chart.row]]
  indicator = "resolved"
  whole = "tracked"
  percent = "rate"

[[chart]]
id = "allowance"
kind = "dumbbell"
title_zh = "低保"
title_en = "Allowance"
paragraphs = ["p2"]
legend_zh = ["2022年", "2023年"]
legend_en = ["2022", "2023"]
indicators = ["allowance"]
`)
	if err != nil {
		t.Fatal(err)
	}
	if len(charts) != 4 {
		t.Fatalf("%d charts", len(charts))
	}
	g := charts[0]
	if g.Rows[0].Indicator.ID != "gdp-yoy" || !g.Rows[0].Highlight {
		t.Errorf("sort or highlight: %+v", g.Rows[0])
	}
	if g.Pos.Line != 2 || g.Pos.File != "charts.toml" {
		t.Errorf("position %v", g.Pos)
	}
	r := charts[1]
	if r.Rows[0].LabelEn != "Tax" || r.Rows[1].LabelEn != "nontax en" || r.Total.ID != "revenue" {
		t.Errorf("rows %+v %+v", r.Rows[0], r.Rows[1])
	}
	spec := r.Spec("en")
	if spec.Total == nil || spec.Rows[0].Value.Value != 75.81 {
		t.Errorf("spec %+v", spec)
	}
	h := charts[2].Spec("zh")
	if h.Rows[0].Whole.Value != 2343 || h.Rows[0].Percent.Value != 91.04 {
		t.Errorf("progress spec %+v", h.Rows[0])
	}
	a := charts[3].Spec("en")
	if a.Rows[0].Before == nil || a.Rows[0].Before.Value != 1180 || a.Rows[0].Before.Text != "1180" || a.Legend[1] != "2023" {
		t.Errorf("dumbbell spec %+v", a)
	}
	for _, c := range charts {
		for _, lang := range []string{"zh", "en"} {
			if _, err := chart.Render(c.Spec(lang), chart.Options{}); err != nil {
				t.Errorf("%s %s: %v", c.ID, lang, err)
			}
		}
	}
	if got := len(charts[2].Indicators()); got != 3 {
		t.Errorf("progress chart draws %d indicators, want 3", got)
	}
}

// TestLoadErrors: every mistake is reported at its line and column with
// what to do.
func TestLoadErrors(t *testing.T) {
	head := "[[chart]]\nid = \"c\"\nkind = \"bars\"\ntitle_zh = \"标题\"\ntitle_en = \"Title\"\nparagraphs = [\"p1\"]\n"
	cases := []struct {
		name, src string
		line, col int
		want      string
	}{
		{"unknown indicator", head + "indicators = [\"gdp\", \"gpd\"]\n", 7, 22, `unknown indicator id "gpd"`},
		{"unit mismatch", head + "indicators = [\"gdp\",\n  \"gdp-yoy\"]\n", 8, 3, "unit mismatch inside one axis"},
		{"no data", head, 1, 1, "has no data"},
		{"unknown kind", strings.Replace(head, `"bars"`, `"pie"`, 1) + "indicators = [\"gdp\"]\n", 3, 1, `unknown chart kind "pie"`},
		{"unknown key", head + "indicator = [\"gdp\"]\n", 7, 1, `unknown key "chart.indicator"`},
		{"unknown paragraph", strings.Replace(head, `["p1"]`, `["p1", "p9"]`, 1) + "indicators = [\"gdp\"]\n", 6, 21, `unknown paragraph id "p9"`},
		{"no paragraph", strings.Replace(head, `paragraphs = ["p1"]`, ``, 1) + "indicators = [\"gdp\"]\n", 1, 1, "names no paragraph"},
		{"bad colour", head + "indicators = [\"gdp\"]\ncolours = [\"red\"]\n", 8, 12, `unknown colour "red"`},
		{"bad sort", head + "indicators = [\"gdp\"]\nsort = \"up\"\n", 8, 1, `unknown sort "up"`},
		{"both forms", head + "indicators = [\"gdp\"]\n[[chart.row]]\nindicator = \"gdp\"\n", 7, 1, "both indicators and"},
		{"missing title", strings.Replace(head, "title_en = \"Title\"\n", "", 1) + "indicators = [\"gdp\"]\n", 1, 1, "needs title_zh and title_en"},
		{"bad id", strings.Replace(head, `id = "c"`, `id = "C D"`, 1) + "indicators = [\"gdp\"]\n", 2, 1, "lower-case letters"},
		{"duplicate id", head + "indicators = [\"gdp\"]\n" + head + "indicators = [\"gdp\"]\n", 9, 1, "already used at line 1"},
		{"dumbbell without base", strings.Replace(head, `"bars"`, `"dumbbell"`, 1) + "indicators = [\"gdp\"]\n", 7, 15, "has no base value"},
		{"percent disagrees", strings.Replace(head, `"bars"`, `"progress"`, 1) + "[[chart.row]]\nindicator = \"resolved\"\nwhole = \"tracked\"\npercent = \"wrong-rate\"\n", 10, 11, "the part, the whole or the percentage is wrong"},
		{"progress needs rows", strings.Replace(head, `"bars"`, `"progress"`, 1) + "indicators = [\"resolved\"]\n", 7, 1, "needs [[chart.row]] tables"},
		{"parts do not add up", strings.Replace(head, `"bars"`, `"composition"`, 1) + "indicators = [\"tax\", \"gdp\"]\ntotal = \"revenue\"\n", 8, 9, "the parts add up to"},
		{"highlight not a row", head + "indicators = [\"gdp\"]\nhighlight = [\"tax\"]\n", 8, 14, `highlight "tax" is not a row`},
		{"legend of one", strings.Replace(head, `"bars"`, `"dumbbell"`, 1) + "indicators = [\"allowance\"]\nlegend_en = [\"2022\"]\n", 8, 1, "give exactly two"},
		{"toml syntax", head + "indicators = [\"gdp\"\n", 7, 0, ""},
	}
	for _, c := range cases {
		_, err := load(t, c.src)
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		e, ok := srcpos.First(err)
		if !ok {
			t.Errorf("%s: error without a position: %v", c.name, err)
			continue
		}
		if e.Pos.File != "charts.toml" || e.Pos.Line != c.line || (c.col > 0 && e.Pos.Col != c.col) {
			t.Errorf("%s: at %v, want charts.toml:%d:%d\n%v", c.name, e.Pos, c.line, c.col, err)
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v\nwant it to say %q", c.name, err, c.want)
		}
	}
}

// TestSeedCharts loads the real charts.toml against the real indicators.
func TestSeedCharts(t *testing.T) {
	dir := filepath.Join("..", "..", "data", "nanhai-2023-h1-plan-execution")
	inds, _, err := dataset.Load(filepath.Join(dir, "indicators.toml"))
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join(dir, "charts.toml"))
	if err != nil {
		t.Fatal(err)
	}
	paras := map[string]bool{}
	for _, in := range inds {
		paras[in.Paragraph] = true
	}
	charts, err := Load(filepath.Join(dir, "charts.toml"), src, inds, paras)
	if err != nil {
		t.Fatal(err)
	}
	if len(charts) < 10 {
		t.Errorf("%d charts, want at least 10", len(charts))
	}
	kinds := map[chart.Kind]int{}
	for _, c := range charts {
		kinds[c.Kind]++
	}
	for _, k := range chart.Kinds {
		if kinds[k] == 0 {
			t.Errorf("no %s chart", k)
		}
	}
}

// FuzzLoad: any charts.toml loads or fails with a positioned error, never
// a panic.
func FuzzLoad(f *testing.F) {
	f.Add("[[chart]]\nid = \"c\"\nkind = \"bars\"\ntitle_zh = \"标题\"\ntitle_en = \"T\"\nparagraphs = [\"p1\"]\nindicators = [\"gdp\"]\n")
	f.Add("[[chart]]\nkind = \"progress\"\n[[chart.row]]\nindicator = \"resolved\"\nwhole = \"tracked\"\npercent = \"rate\"\n[[chart.row]]\n")
	f.Add("[[chart]]\nid=\"x\"\nkind=\"dumbbell\"\ntitle_zh=\"a\"\ntitle_en=\"b\"\nparagraphs=[\"p2\"]\nindicators=[\"allowance\",\"gdp\"]\nlegend_zh=[\"a\"]\n")
	f.Add("[[chart.row]]\n[[chart]]\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, src string) {
		charts, err := Load("charts.toml", []byte(src), indicators(), paragraphs)
		if err != nil {
			if _, ok := srcpos.First(err); !ok && !strings.HasPrefix(err.Error(), "charts.toml") {
				t.Fatalf("error without a position: %v", err)
			}
			return
		}
		for _, c := range charts {
			for _, lang := range []string{"zh", "en"} {
				if _, err := chart.Render(c.Spec(lang), chart.Options{}); err != nil {
					t.Fatalf("a chart that loads must draw: %s: %v", c.ID, err)
				}
			}
		}
	})
}
