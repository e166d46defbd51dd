package site

import (
	"context"
	"encoding/json"
	"html"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"reportsite/internal/content"
)

// renderProject loads and renders the project at root in memory.
func renderProject(t *testing.T, root string) (*Project, map[string][]byte) {
	t.Helper()
	p, err := Load(root)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	out, err := Render(context.Background(), p)
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	return p, out
}

// An attribute value, quoted either way or not at all (the minifier
// chooses).
const attrValue = `(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))`

var (
	figureLinkRe = regexp.MustCompile(`<a class="?figure"? href=` + attrValue + ` aria-label=` + attrValue + `>([^<]*)</a>`)
	hrefRe       = regexp.MustCompile(`href=` + attrValue)
	ldRe         = regexp.MustCompile(`(?s)<script type="?application/ld\+json"?>(.*?)</script>`)
	rowRe        = regexp.MustCompile(`<tr id="?i-([a-z0-9-]+)"?[ >]`)
)

// group returns the first non-empty of the submatches from i on (the one
// quoting style that matched).
func group(m []string, i int) string {
	for _, s := range m[i : i+3] {
		if s != "" {
			return s
		}
	}
	return ""
}

// resolve turns a relative link of the page at pagePath (a directory)
// into an output file name.
func resolve(pagePath, href string) string {
	href = strings.SplitN(href, "#", 2)[0]
	p := path.Clean(path.Join(pagePath, href))
	if strings.HasSuffix(href, "/") || href == "" {
		return strings.TrimPrefix(p+"/index.html", "./")
	}
	return p
}

// TestDatasetPages: the real site has a dataset page and a page per
// indicator in each language; every figure of the text that is an
// indicator links to its page in both languages; every link of the
// dataset pages resolves; the JSON-LD is a schema.org Dataset whose
// distributions are files of the site.
func TestDatasetPages(t *testing.T) {
	p, out := renderProject(t, filepath.Join("..", ".."))
	f, ok := FeatureOf[*DatasetFeature](p)
	if !ok {
		t.Fatal("no dataset feature")
	}
	d := f.Dataset(seedReport)
	n := len(d.Indicators)
	t.Logf("English figures located: %d linked, %d not found", f.EnglishLinked, f.EnglishMissed)
	if f.EnglishMissed != 0 {
		t.Errorf("%d indicators have no figure in the English paragraph", f.EnglishMissed)
	}
	for _, lang := range []string{"zh", "en"} {
		base := lang + "/" + seedReport + "/"
		if _, ok := out[base+"data/index.html"]; !ok {
			t.Fatalf("no dataset page %sdata/", base)
		}
		// Figures in the text.
		linked := map[string]int{}
		for name, b := range out {
			if !strings.HasPrefix(name, base) || strings.Contains(name, "/data/") || !strings.HasSuffix(name, "index.html") {
				continue
			}
			page := strings.TrimSuffix(name, "index.html")
			for _, m := range figureLinkRe.FindAllStringSubmatch(string(b), -1) {
				href, label := html.UnescapeString(group(m, 1)), html.UnescapeString(group(m, 4))
				target := resolve(page, href)
				if _, ok := out[target]; !ok {
					t.Errorf("%s: figure link %s resolves to %s, which does not exist", name, href, target)
				}
				id := path.Base(path.Dir(target))
				in := d.Indicator(id)
				if in == nil {
					t.Errorf("%s: figure link to unknown indicator %s", name, id)
					continue
				}
				// The side-by-side pages hold both languages: each figure links
				// to the indicator page of its own language.
				// The accessible name says what the figure is and holds
				// the figure as the reader sees it (WCAG 2.5.3, label in
				// name), which may be worded differently from DisplayEn
				// ("nearly 10" in the text, "about 10 events" on the page).
				want := in.NameEn + ": "
				suffix := " — indicator page"
				if strings.HasPrefix(target, "zh/") {
					want, suffix = in.NameZh+"：", "——指标页"
				}
				if !strings.HasPrefix(label, want) || !strings.HasSuffix(label, suffix) {
					t.Errorf("%s: the link to %s is labelled %q, want %q…%q", name, id, label, want, suffix)
				}
				if strings.HasPrefix(target, lang+"/") {
					linked[id]++
				}
			}
		}
		for _, in := range d.Indicators {
			if linked[in.ID] == 0 {
				t.Errorf("%s: the figure of %s (%s) is not linked in the text", lang, in.ID, in.Quote)
			}
		}
		t.Logf("%s: %d of %d indicators linked from the text", lang, len(linked), n)

		// Every link of the dataset page and of one indicator page resolves.
		for _, page := range []string{base + "data/", base + "data/gdp/", base + "data/budget-revenue/"} {
			b := out[page+"index.html"]
			if b == nil {
				t.Fatalf("no page %s", page)
			}
			for _, m := range hrefRe.FindAllStringSubmatch(string(b), -1) {
				href := html.UnescapeString(group(m, 1))
				if strings.HasPrefix(href, "http") || strings.HasPrefix(href, "#") || strings.HasPrefix(href, "mailto:") {
					continue
				}
				if _, ok := out[resolve(page, href)]; !ok {
					t.Errorf("%s: link %s resolves to %s, which is not in the output", page, href, resolve(page, href))
				}
			}
			ld := ldRe.FindSubmatch(b)
			if ld == nil {
				t.Fatalf("%s: no JSON-LD", page)
			}
			var v struct {
				Type         string   `json:"@type"`
				Name         string   `json:"name"`
				License      string   `json:"license"`
				InLanguage   []string `json:"inLanguage"`
				Temporal     string   `json:"temporalCoverage"`
				Distribution []struct {
					Type, ContentURL, EncodingFormat string
				} `json:"distribution"`
				IsPartOf struct {
					Type string `json:"@type"`
					URL  string `json:"url"`
				} `json:"isPartOf"`
			}
			if err := json.Unmarshal(ld[1], &v); err != nil {
				t.Fatalf("%s: JSON-LD does not parse: %v\n%s", page, err, ld[1])
			}
			if v.Type != "Dataset" || v.Name == "" || v.License == "" || v.Temporal != "2023-01-01/2023-06-30" || len(v.InLanguage) != 2 {
				t.Errorf("%s: JSON-LD %+v", page, v)
			}
			// The dataset page lists the downloads; an indicator's page
			// names the dataset it is part of.
			if page == base+"data/" {
				if len(v.Distribution) < 6 {
					t.Errorf("%s: %d distributions", page, len(v.Distribution))
				}
			} else if v.IsPartOf.Type != "Dataset" || v.IsPartOf.URL != p.Site.BaseURL+base+"data/" || len(v.Distribution) != 0 {
				t.Errorf("%s: isPartOf %+v, %d distributions; want the dataset page and none", page, v.IsPartOf, len(v.Distribution))
			}
			for _, dist := range v.Distribution {
				rel := strings.TrimPrefix(dist.ContentURL, p.Site.BaseURL)
				if rel == dist.ContentURL || out[rel] == nil || dist.EncodingFormat == "" {
					t.Errorf("%s: distribution %+v is not an absolute URL of a file of the site", page, dist)
				}
			}
		}
		if got := len(rowRe.FindAllString(string(out[base+"data/index.html"]), -1)); got != n {
			t.Errorf("%s dataset table has %d rows, want %d", lang, got, n)
		}
	}
	// Chinese fragments on English pages carry their language.
	en := string(out["en/"+seedReport+"/data/gdp/index.html"])
	for _, frag := range []string{`<blockquote lang=zh-Hans><p>上半年全区完成地区生产总值<mark>1712.60亿元</mark>`, `<p class=ds-other-name lang=zh-Hans>地区生产总值</p>`} {
		if !strings.Contains(strings.ReplaceAll(en, `"`, ""), frag) {
			t.Errorf("the English GDP page lacks %s", frag)
		}
	}
}

// TestDatasetRelationNoteShown: a relation that fails in the report's
// figures shows as a flagged note on the pages of the figures involved and
// in the dataset table, and the build passes.
func TestDatasetRelationNoteShown(t *testing.T) {
	root := copyProject(t)
	rel := filepath.Join(root, "data", seedReport, "relations.toml")
	b, err := os.ReadFile(rel)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, rel, append(b, "\n[[relation]]\nid = \"industrial-va-two-parts\"\ntype = \"sum\"\ntotal = \"industrial-va\"\nparts = [\"advanced-manufacturing-va\", \"high-tech-manufacturing-va\"]\n"...))
	_, out := renderProject(t, root)
	for _, lang := range []string{"en", "zh"} {
		page := html.UnescapeString(string(out[lang+"/"+seedReport+"/data/industrial-va/index.html"]))
		want := "does NOT hold in the report's own figures"
		if lang == "zh" {
			want = "按原文数据不相符"
		}
		if !strings.Contains(page, "ds-notes") || !strings.Contains(page, want) {
			t.Errorf("%s: the industrial-va page does not show the failing relation", lang)
		}
		table := string(out[lang+"/"+seedReport+"/data/index.html"])
		loc := regexp.MustCompile(`<tr id="?i-industrial-va"?[ >]`).FindStringIndex(table)
		if loc == nil {
			t.Fatalf("%s: no industrial-va row", lang)
		}
		row := table[loc[0]:]
		row = row[:strings.Index(row, "</tr>")]
		if !strings.Contains(row, "ds-flag") {
			t.Errorf("%s: the dataset table does not flag industrial-va: %s", lang, row)
		}
	}
	if page := string(out["en/"+seedReport+"/data/gdp/index.html"]); strings.Contains(page, "ds-notes") {
		t.Error("an uninvolved indicator shows a note")
	}
}

func TestWrapText(t *testing.T) {
	span := func(text, sub string) linkSpan {
		i := strings.Index(text, sub)
		return linkSpan{i, i + len(sub), "<a>", "</a>"}
	}
	tests := []struct {
		name, md, figure, want string
	}{
		{"plain", "全区完成1712.60亿元，增长4.5%。", "1712.60亿元", "全区完成<a>1712.60亿元</a>，增长4.5%。"},
		{"after a lead", "**经济运行稳中向好**。完成1712.60亿元。", "1712.60亿元", "<strong>经济运行稳中向好</strong>。完成<a>1712.60亿元</a>。"},
		{"after an entity", "A &amp; B 171.26 billion", "171.26 billion", "A &amp; B <a>171.26 billion</a>"},
		{"an entity inside", "R&amp;D 5%", "R&D 5%", "<a>R&amp;D 5%</a>"},
		{"crossing a tag is refused", "**增长4.5**%", "4.5%", "<strong>增长4.5</strong>%"},
		{"inside an existing link is refused", "[增长4.5%](x)", "4.5%", `<a href="x">增长4.5%</a>`},
		{"at the end", "增长4.5%", "4.5%", "增长<a>4.5%</a>"},
	}
	for _, tt := range tests {
		h, text, err := content.Inline(tt.md)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := wrapText(h, text, []linkSpan{span(text, tt.figure)})
		if !ok || got != tt.want {
			t.Errorf("%s: wrapText(%q) = %q, %v; want %q", tt.name, h, got, ok, tt.want)
		}
	}
	// Two figures, given in any order.
	h, text, _ := content.Inline("完成1712.60亿元，增长4.5%。")
	got, _ := wrapText(h, text, []linkSpan{span(text, "1712.60亿元"), span(text, "4.5%")})
	if want := "完成<a>1712.60亿元</a>，增长<a>4.5%</a>。"; got != want {
		t.Errorf("two spans: %q, want %q", got, want)
	}
	// Text that does not match the HTML is left alone.
	if _, ok := wrapText("abc", "abd", []linkSpan{{0, 1, "<a>", "</a>"}}); ok {
		t.Error("a mismatched text was decorated")
	}
}

// FuzzWrapText: whatever the Markdown and the span, the result keeps the
// text and stays well-formed (as many <a> as </a>, never nested).
func FuzzWrapText(f *testing.F) {
	f.Add("**经济运行稳中向好**。完成1712.60亿元，增长4.5%。", 10, 20)
	f.Add("A &amp; B [link](x) 171.26 *billion*", 0, 5)
	f.Fuzz(func(t *testing.T, md string, a, b int) {
		if !utf8.ValidString(md) {
			return
		}
		h, text, err := content.Inline(md)
		if err != nil || a < 0 || b > len(text) || a >= b {
			return
		}
		got, ok := wrapText(h, text, []linkSpan{{a, b, `<a class="figure" href="x">`, "</a>"}})
		if !ok {
			return
		}
		if content.PlainText(got) != content.PlainText(h) {
			t.Fatalf("text changed: %q → %q", h, got)
		}
		depth := 0
		for _, tag := range regexp.MustCompile(`</?a[ >]`).FindAllString(got, -1) {
			if strings.HasPrefix(tag, "</") {
				depth--
			} else {
				depth++
			}
			if depth > 1 || depth < 0 {
				t.Fatalf("nested or unbalanced links: %q", got)
			}
		}
	})
}

// TestJSONLDCannotCloseTheScript: whatever the data says, the JSON-LD
// cannot end its <script> element or open another.
func TestJSONLDCannotCloseTheScript(t *testing.T) {
	js := string(jsonLD(&ldDataset{Name: "</script><script>alert(1)</script> & <!--"}))
	for _, bad := range []string{"</script", "<script", "<!--", "&"} {
		if strings.Contains(js, bad) {
			t.Errorf("JSON-LD contains %q: %s", bad, js)
		}
	}
	var back map[string]any
	if err := json.Unmarshal([]byte(js), &back); err != nil || back["name"] != "</script><script>alert(1)</script> & <!--" {
		t.Errorf("JSON-LD does not read back: %v %q", err, back["name"])
	}
}

// TestJSONLDKeysSorted: the JSON-LD structs declare their fields in the
// byte order of their keys (the order the map they replaced was written
// in), at every level, so that pages keep their bytes.
func TestJSONLDKeysSorted(t *testing.T) {
	thing := &ldThing{Type: "Dataset", Name: "n", URL: "u"}
	full := &ldDataset{Creator: thing, Distribution: []ldDownload{{Name: "a.csv"}}, InLanguage: []string{"zh-Hans"},
		IsPartOf: thing, Publisher: thing, SpatialCoverage: thing, VariableMeasured: &ldProperty{Value: 1}}
	b, err := json.Marshal(full)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	objects := 0
	var value func()
	value = func() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		switch tok {
		case json.Delim('{'):
			objects++
			last := ""
			for dec.More() {
				key, _ := dec.Token()
				if k := key.(string); k <= last {
					t.Errorf("key %q after %q in %s", k, last, b)
				} else {
					last = k
				}
				value()
			}
			dec.Token() // }
		case json.Delim('['):
			for dec.More() {
				value()
			}
			dec.Token() // ]
		}
	}
	value()
	if objects < 7 {
		t.Errorf("%d objects in %s", objects, b)
	}
}
