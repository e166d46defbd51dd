package site

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"reportsite/internal/chart"
	"reportsite/internal/dataset"
)

// paletteCSSFile holds the chart colours for pages; it is generated from
// package chart so that the page and the standalone SVG files agree.
const paletteCSSFile = "../../layouts/assets/css/61-chart-palette.css"

func paletteCSS() string {
	return "/* Generated from internal/chart's palette by\n   go test ./internal/site -run TestChartPaletteCSS -update\n   Do not edit: change internal/chart/palette.go. */\n" + chart.CSS(".chart")
}

func TestChartPaletteCSS(t *testing.T) {
	want := paletteCSS()
	if *update {
		if err := os.WriteFile(paletteCSSFile, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(filepath.Clean(paletteCSSFile))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Fatalf("%s is out of date with internal/chart/palette.go: run go test ./internal/site -run TestChartPaletteCSS -update", paletteCSSFile)
	}
}

// chartDecl is charts.toml read independently of package chartspec: the
// test derives what each chart must show from the files, not from the
// code under test.
type chartDecl struct {
	ID         string   `toml:"id"`
	Kind       string   `toml:"kind"`
	Indicators []string `toml:"indicators"`
	Total      string   `toml:"total"`
	Row        []struct {
		Indicator, Whole, Percent string
	} `toml:"row"`
}

// parseEnFigure reads an English figure as the site prints it (RMB 171.26
// bn, 624,600, −13.1%, 8,357.86 mu) back into base units.
func parseEnFigure(s string) (float64, bool) {
	s = strings.ReplaceAll(s, "−", "-")
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "RMB ")
	s = strings.TrimSuffix(s, "/month")
	mult := 1.0
	for suffix, m := range map[string]float64{" bn": 1e9, " mn": 1e6, "%": 1, " pp": 1, " mu": 1, " m²": 1, " km²": 1, " km": 1} {
		if strings.HasSuffix(s, suffix) {
			s, mult = strings.TrimSuffix(s, suffix), m
			break
		}
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	if err != nil {
		return 0, false
	}
	if neg {
		v = -v
	}
	return v * mult, true
}

// parseZhFigure reads the number of a Chinese figure ("−13.1%", "14050亩").
func parseZhFigure(s string) (float64, bool) {
	s = strings.ReplaceAll(s, "−", "-")
	end := strings.IndexFunc(s, func(r rune) bool { return !(r == '-' || r == '.' || r >= '0' && r <= '9') })
	if end >= 0 {
		s = s[:end]
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

// expectedFigure is how a figure must read: in Chinese the report's own
// digits and unit, in English its value in base units.
type expectedFigure struct {
	zh   string
	base float64 // English: the value in base units (percentages as they are)
}

func figureOf(in *dataset.Indicator, value float64, text string) expectedFigure {
	sign := ""
	if value < 0 {
		sign = "−"
	}
	base := value
	if in.Unit != "%" && in.Unit != "个百分点" && in.Unit != "" {
		base = value * in.Multiplier
	}
	return expectedFigure{zh: sign + text + in.Unit, base: base}
}

func (e expectedFigure) matches(lang, s string) bool {
	if lang == "zh" {
		return s == e.zh
	}
	v, ok := parseEnFigure(s)
	return ok && math.Abs(v-e.base) <= 1e-9*math.Max(1, math.Abs(e.base))
}

// matchesBare is matches for a label printed without its unit on an axis
// whose caption ("单位：元/月", "Unit: RMB bn") names it.
func (e expectedFigure) matchesBare(lang, s, unit string) bool {
	if lang == "zh" {
		return s+unit == e.zh || s == e.zh
	}
	v, ok := parseEnFigure(s)
	for suffix, m := range map[string]float64{"RMB bn": 1e9, "RMB mn": 1e6} {
		if strings.HasPrefix(unit, suffix) {
			v *= m
		}
	}
	return ok && math.Abs(v-e.base) <= 1e-9*math.Max(1, math.Abs(e.base))
}

// svgOf cuts the inline SVG of figure id out of a page and decodes it.
func svgOf(t *testing.T, page []byte, id string) (svg []byte, figure string) {
	t.Helper()
	s := string(page)
	i := strings.Index(s, `<figure class="chart-figure" id="`+id+`"`)
	if i < 0 {
		t.Fatalf("figure %s not found", id)
	}
	end := strings.Index(s[i:], "</figure>")
	figure = s[i : i+end]
	a, b := strings.Index(figure, "<svg"), strings.Index(figure, "</svg>")
	if a < 0 || b < 0 {
		t.Fatalf("figure %s has no SVG", id)
	}
	return []byte(figure[a : b+len("</svg>")]), figure
}

var (
	tdRe          = regexp.MustCompile(`<td class="num">([^<]*)</td>`)
	unitCaptionRe = regexp.MustCompile(`>(?:单位：|Unit: )([^<]+)<`)
)

// TestChartValuesMatchDataset builds the site and checks, for every chart
// in both languages, that the values written in its SVG and in its data
// table are the dataset's figures, every one of them and nothing else;
// that each SVG on the page is well-formed XML; that the bars are drawn in
// proportion; and that the CSV and JSON downloads carry the same values.
func TestChartValuesMatchDataset(t *testing.T) {
	root := filepath.Join("..", "..")
	const report = "nanhai-2023-h1-plan-execution"
	dir := filepath.Join(root, "data", report)
	inds, _, err := dataset.Load(filepath.Join(dir, "indicators.toml"))
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]*dataset.Indicator{}
	for _, in := range inds {
		byID[in.ID] = in
	}
	var decls struct {
		Chart []chartDecl `toml:"chart"`
	}
	if _, err := toml.DecodeFile(filepath.Join(dir, "charts.toml"), &decls); err != nil {
		t.Fatal(err)
	}
	p, err := Load(root)
	if err != nil {
		t.Fatal(err)
	}
	files, err := Render(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if len(decls.Chart) < 10 {
		t.Errorf("%d charts, want at least 10", len(decls.Chart))
	}
	for _, d := range decls.Chart {
		fig := func(id string) expectedFigure {
			in := byID[id]
			if in == nil {
				t.Fatalf("%s: unknown indicator %s", d.ID, id)
			}
			return figureOf(in, in.Value, in.ValueText)
		}
		// What the chart must show, in its SVG and in its table: every
		// figure once (a dumbbell's before values too; a composition's
		// total), and for progress the part, the whole and the percentage.
		var wantSVG, wantTable []expectedFigure
		var wholes [][2]*dataset.Indicator // progress rows: part of whole, written as one line
		ids := d.Indicators
		for _, r := range d.Row {
			ids = append(ids, r.Indicator)
		}
		for k, id := range ids {
			in := byID[id]
			if in == nil {
				t.Fatalf("%s: unknown indicator %s", d.ID, id)
			}
			if d.Kind == "dumbbell" {
				before := figureOf(in, *in.Base, in.BaseText)
				wantSVG, wantTable = append(wantSVG, before), append(wantTable, before)
			}
			wantTable = append(wantTable, fig(id))
			if d.Kind != "progress" {
				wantSVG = append(wantSVG, fig(id))
				continue
			}
			r := d.Row[k]
			if r.Whole != "" {
				wholes = append(wholes, [2]*dataset.Indicator{in, byID[r.Whole]})
				wantTable = append(wantTable, fig(r.Whole))
			} else {
				wantSVG = append(wantSVG, fig(id))
			}
			if r.Percent != "" {
				wantSVG, wantTable = append(wantSVG, fig(r.Percent)), append(wantTable, fig(r.Percent))
			}
		}
		if d.Total != "" {
			wantSVG, wantTable = append(wantSVG, fig(d.Total)), append(wantTable, fig(d.Total))
		}
		for _, lang := range []string{"zh", "en"} {
			page := files[lang+"/"+report+"/charts/index.html"]
			svg, figure := svgOf(t, page, "chart-"+d.ID)
			if err := xml.Unmarshal(svg, new(struct{})); err != nil {
				t.Errorf("%s %s: inline SVG is not well-formed XML: %v", d.ID, lang, err)
			}
			// The value labels (class v), and each bar's length with the
			// value label that follows it.
			var values []string
			type bar struct {
				width float64
				value string
			}
			var bars []bar
			dec := xml.NewDecoder(bytes.NewReader(svg))
			inValue := false
			for {
				tok, err := dec.Token()
				if err != nil {
					break
				}
				switch el := tok.(type) {
				case xml.StartElement:
					attr := map[string]string{}
					for _, a := range el.Attr {
						attr[a.Name.Local] = a.Value
					}
					inValue = strings.Contains(" "+attr["class"]+" ", " v ")
					if el.Name.Local == "rect" && strings.HasPrefix(attr["class"], "f-") {
						w, _ := strconv.ParseFloat(attr["width"], 64)
						bars = append(bars, bar{width: w})
					}
				case xml.CharData:
					v := strings.TrimSpace(string(el))
					if !inValue || v == "" {
						continue
					}
					// A total is written with its label: "一般公共预算收入：135.2亿元".
					for _, sep := range []string{"：", ": "} {
						if _, after, ok := strings.Cut(v, sep); ok {
							v = after
						}
					}
					values = append(values, v)
					if n := len(bars); n > 0 && bars[n-1].value == "" {
						bars[n-1].value = v
					}
				case xml.EndElement:
					inValue = false
				}
			}
			// Progress: the part of a whole is one line, "6168 / 7993个" or
			// "6,168 of 7,993".
			for _, pw := range wholes {
				part, whole := figureOf(pw[0], pw[0].Value, pw[0].ValueText), figureOf(pw[1], pw[1].Value, pw[1].ValueText)
				found := false
				for i, v := range values {
					a, b, ok := strings.Cut(v, " of ")
					if lang == "zh" {
						a, b, ok = strings.Cut(v, " / ")
						a += pw[0].Unit
					}
					if ok && part.matches(lang, a) && whole.matches(lang, b) {
						values = append(values[:i], values[i+1:]...)
						found = true
						break
					}
				}
				if !found {
					t.Errorf("%s %s: the SVG does not state %s of %s", d.ID, lang, pw[0].ValueText, pw[1].ValueText)
				}
			}
			var cells []string
			for _, m := range tdRe.FindAllStringSubmatch(figure, -1) {
				if m[1] != "—" {
					cells = append(cells, html.UnescapeString(m[1]))
				}
			}
			for _, list := range []struct {
				what string
				want []expectedFigure
				got  []string
			}{{"SVG", wantSVG, values}, {"table", wantTable, cells}} {
				got := append([]string(nil), list.got...)
				// A dumbbell's dots carry bare numbers; its caption the unit.
				unit := ""
				if m := unitCaptionRe.FindStringSubmatch(string(svg)); m != nil && d.Kind == "dumbbell" && list.what == "SVG" {
					unit = m[1]
				}
				for _, w := range list.want {
					found := false
					for i, g := range got {
						if w.matches(lang, g) || unit != "" && w.matchesBare(lang, g, unit) {
							got = append(got[:i], got[i+1:]...)
							found = true
							break
						}
					}
					if !found {
						t.Errorf("%s %s: the %s lacks %s; it has %q", d.ID, lang, list.what, w.zh, list.got)
					}
				}
				for _, g := range got {
					t.Errorf("%s %s: the %s shows %q, which is not a figure of the chart", d.ID, lang, list.what, g)
				}
			}
			// Bars from zero, in proportion to the values they carry.
			if d.Kind == "bars" || d.Kind == "diverging" {
				k, longest := 0.0, 0.0
				parsed := make([]float64, len(bars))
				for i, b := range bars {
					v, ok := parseEnFigure(b.value)
					if lang == "zh" {
						v, ok = parseZhFigure(b.value)
					}
					if !ok {
						t.Fatalf("%s %s: bar %d has no readable value (%q)", d.ID, lang, i, b.value)
					}
					parsed[i] = math.Abs(v)
					if parsed[i] > longest {
						longest, k = parsed[i], b.width/parsed[i]
					}
				}
				for i, b := range bars {
					if math.Abs(b.width-k*parsed[i]) > 0.15 {
						t.Errorf("%s %s: the bar of %s is %.1f long, want %.1f", d.ID, lang, b.value, b.width, k*parsed[i])
					}
				}
				if len(bars) != len(wantSVG) {
					t.Errorf("%s %s: %d bars for %d figures", d.ID, lang, len(bars), len(wantSVG))
				}
			}
		}
		// Downloads: every value in the CSV and JSON is the dataset's.
		csvFile := files["data/"+report+"/charts/"+d.ID+".csv"]
		rows, err := csv.NewReader(bytes.NewReader(csvFile)).ReadAll()
		if err != nil || len(rows) < 2 {
			t.Fatalf("%s.csv: %v", d.ID, err)
		}
		for _, r := range rows[1:] {
			in := byID[r[3]]
			v, _ := strconv.ParseFloat(r[6], 64)
			want, text := in.Value, in.ValueText
			if r[2] == "before" {
				want, text = *in.Base, in.BaseText
			}
			if in == nil || v != want || r[7] != text {
				t.Errorf("%s.csv: %v does not match indicator %s", d.ID, r, r[3])
			}
		}
		var j struct {
			Rows []struct {
				Value struct {
					Indicator string
					Value     float64
				}
			}
		}
		if err := json.Unmarshal(files["data/"+report+"/charts/"+d.ID+".json"], &j); err != nil {
			t.Fatalf("%s.json: %v", d.ID, err)
		}
		for _, r := range j.Rows {
			if in := byID[r.Value.Indicator]; in == nil || in.Value != r.Value.Value {
				t.Errorf("%s.json: %s = %v", d.ID, r.Value.Indicator, r.Value.Value)
			}
		}
		for _, lang := range []string{"zh", "en"} {
			b := files["data/"+report+"/charts/"+d.ID+"."+lang+".svg"]
			if err := xml.Unmarshal(b, new(struct{})); err != nil {
				t.Errorf("%s.%s.svg is not well-formed: %v", d.ID, lang, err)
			}
			if xmllint, err := exec.LookPath("xmllint"); err == nil {
				cmd := exec.Command(xmllint, "--noout", "-")
				cmd.Stdin = bytes.NewReader(b)
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Errorf("%s.%s.svg: xmllint: %v\n%s", d.ID, lang, err, out)
				}
			}
			if len(b) > 8*1024 {
				t.Errorf("%s.%s.svg is %d bytes, over 8 KB", d.ID, lang, len(b))
			}
		}
	}
}

// TestChartsPlacedAndLinked: each chart follows its paragraph in both
// languages, the charts page and each chart's page and embed page exist,
// and the navigation links the charts page.
func TestChartsPlacedAndLinked(t *testing.T) {
	p, err := Load(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	f, ok := FeatureOf[*ChartsFeature](p)
	if !ok {
		t.Fatal("no charts feature")
	}
	const report = "nanhai-2023-h1-plan-execution"
	rc := f.reports[report]
	var r *Report
	for _, x := range p.Reports {
		if x.Meta.ID == report {
			r = x
		}
	}
	for _, lang := range p.Site.Languages {
		pages := p.Pages()
		byPath := map[string]*Page{}
		for _, pg := range pages {
			byPath[pg.Path] = pg
		}
		for _, c := range rc.charts {
			for _, path := range []string{chartPagePath(report, lang, c.ID), chartEmbedPath(report, lang, c.ID)} {
				if byPath[path] == nil {
					t.Errorf("no page %s", path)
				}
			}
			if !byPath[chartEmbedPath(report, lang, c.ID)].NoIndex {
				t.Errorf("%s: embed pages stay out of search engines", c.ID)
			}
			ref := rc.refs[lang][c.Paragraphs[0]]
			pg := byPath[strings.SplitN(ref.Path, "#", 2)[0]]
			if pg == nil || pg.Section == nil && pg.Report == nil {
				t.Fatalf("%s: the page of paragraph %s (%s) is missing", c.ID, c.Paragraphs[0], ref.Path)
			}
			var blocks []BlockView
			if pg.Section != nil {
				blocks = append(append(blocks, pg.Section.Blocks...), pg.Section.Closing...)
			} else {
				blocks = pg.Report.Preamble
			}
			placed := false
			for _, b := range blocks {
				if b.ID == c.Paragraphs[0] && strings.Contains(string(b.After()), `id="chart-`+c.ID+`"`) {
					placed = true
					if strings.Contains(string(b.After()), "%00") || strings.Contains(string(b.After()), RootURL) {
						t.Errorf("%s %s: a root marker was left in the figure's links", c.ID, lang)
					}
				}
			}
			if !placed {
				t.Errorf("%s %s: not placed after paragraph %s", c.ID, lang, c.Paragraphs[0])
			}
		}
		nav := f.ReportNav(p, r, lang)
		if len(nav) != 1 || nav[0].Path != chartsPath(report, lang) || nav[0].Title != map[string]string{"zh": "图表", "en": "Charts"}[lang] {
			t.Errorf("%s: navigation %+v", lang, nav)
		}
	}
}

// TestChartsBuildErrorIsPositioned: a mistake in charts.toml stops the
// build with the file, line and column of the mistake.
func TestChartsBuildErrorIsPositioned(t *testing.T) {
	root := t.TempDir()
	for _, dir := range []string{"data", "content", "seeds", "layouts"} {
		if err := os.CopyFS(filepath.Join(root, dir), os.DirFS(filepath.Join("..", "..", dir))); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(root, "data", "nanhai-2023-h1-plan-execution", ChartsFile)
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Misspell the first row's indicator.
	bad := strings.Replace(string(src), `indicator = "gdp-yoy"`, `indicator = "gdp-yoy2"`, 1)
	if bad == string(src) {
		t.Fatal("the seed's charts.toml no longer has the row this test edits")
	}
	if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	line := 1 + strings.Count(bad[:strings.Index(bad, `"gdp-yoy2"`)], "\n")
	_, err = Load(root)
	if err == nil {
		t.Fatal("the build accepted an unknown indicator")
	}
	want := fmt.Sprintf("%s:%d:%d: unknown indicator id \"gdp-yoy2\"", path, line, 15)
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error:\n%v\nwant it to contain %q", err, want)
	}
}
