package site

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"reportsite/internal/config"
	"reportsite/internal/content"
	"reportsite/internal/glossary"
)

// glossaryProject reads the reports of root without running features and
// loads the glossary feature on them.
func glossaryProject(t testing.TB, root string) (*Project, *glossaryFeature, error) {
	t.Helper()
	reports, langs := reportsOnly(t, root)
	strs, err := config.LoadStrings(filepath.Join(root, "data", "i18n.toml"), langs)
	if err != nil {
		t.Fatal(err)
	}
	p := &Project{Root: root, Reports: reports, Strings: strs, Site: &config.Site{Languages: langs}}
	f := newGlossaryFeature().(*glossaryFeature)
	return p, f, f.Load(p)
}

// TestGlossaryRealContent: the English edition carries the rendering of
// every glossary term of its Chinese, paragraph by paragraph, and every
// document title pairs up.
func TestGlossaryRealContent(t *testing.T) {
	_, f, err := glossaryProject(t, filepath.Join("..", ".."))
	if err != nil {
		t.Fatalf("the term check fails on the real content:\n%v", err)
	}
	occurring := 0
	for _, tr := range f.g.Terms {
		if f.result.Uses[tr] > 0 {
			occurring++
		}
	}
	if occurring < 120 {
		t.Errorf("%d glossary terms occur in the report, want at least 120", occurring)
	}
	titles := 0
	for _, m := range f.titles {
		for _, ts := range m {
			titles += len(ts)
		}
	}
	if titles == 0 {
		t.Error("no document titles paired")
	}
	t.Logf("glossary: %s; %d document titles paired", f.result.Summary(f.g), titles)
}

// TestGlossaryCheckFails breaks a copy of the project on purpose.
func TestGlossaryCheckFails(t *testing.T) {
	en := func(root, slug string) string {
		return filepath.Join(root, "content", seedReport, "en", slug+".md")
	}
	zh := func(root, slug string) string {
		return filepath.Join(root, "content", seedReport, "zh", slug+".md")
	}
	tests := []struct {
		name   string
		break_ func(t *testing.T, root string)
		want   func(root string) []string
	}{
		{"rendering replaced in the English", func(t *testing.T, root string) {
			editFile(t, en(root, "2-4"), `"Dragon Soaring in Nanhai" and "Mulberry Bay Pastoral"`, `"Dragon Soaring in Nanhai" and "Mulberry Bay Countryside"`)
		}, func(root string) []string {
			return []string{lineOf(t, en(root, "2-4"), "pe577c3") + ":1: pe577c3 桑湾田园", at(t, zh(root, "2-4"), "桑湾田园"), `«"Mulberry Bay Pastoral"»`}
		}},
		{"rendering changed in the glossary", func(t *testing.T, root string) {
			editFile(t, filepath.Join(root, "data", "glossary.toml"), `en = "\"1310\" specific arrangements"`, `en = "\"1310\" specific plans"`)
		}, func(root string) []string {
			return []string{lineOf(t, en(root, "1"), "pe10e90") + ":1: pe10e90 1310", lineOf(t, en(root, "2"), "p773075") + ":1: p773075 1310", `«"1310" specific plans»`}
		}},
		{"document title not in italics", func(t *testing.T, root string) {
			editFile(t, en(root, "1-4"), "*Spring of Nanhai*", "Spring of Nanhai")
		}, func(root string) []string {
			return []string{lineOf(t, en(root, "1-4"), "paf5d0c") + ":1: paf5d0c has 1 document title(s) in the Chinese (《南海之春》, at " + lineOf(t, zh(root, "1-4"), "paf5d0c") + ":1) but 0 in italics here"}
		}},
		{"italics that are no title", func(t *testing.T, root string) {
			editFile(t, en(root, "1-1"), "Market entities grew rapidly", "Market entities grew *rapidly*")
		}, func(root string) []string {
			return []string{"p486b7c has 0 document title(s) in the Chinese", "but 1 in italics here"}
		}},
		{"stale exception", func(t *testing.T, root string) {
			editFile(t, filepath.Join(root, "data", "glossary.toml"), `paragraph = "pdd607a"`, `paragraph = "p2a1b2f"`)
		}, func(root string) []string {
			return []string{"exception for 高质量发展 in p2a1b2f exempts nothing", "pdd607a 高质量发展 is in the Chinese"}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root := copyProject(t)
			tc.break_(t, root)
			_, _, err := glossaryProject(t, root)
			if err == nil {
				t.Fatal("the check passed")
			}
			for _, w := range tc.want(root) {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
}

// TestGlossaryDecorate: the first use of a slogan on a page links to its
// glossary entry with the definition; later uses do not; document titles
// carry their Chinese title; nothing lands inside a tag or a link.
func TestGlossaryDecorate(t *testing.T) {
	p, f, err := glossaryProject(t, filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	r := p.Reports[0]
	var sec *content.Section
	for _, s := range r.Docs["en"].Sections {
		if s.Slug == "1-2" {
			sec = s
		}
	}
	views := blockViews(sec.Blocks, "en")
	f.Decorate(p, r, "en", views)
	all := ""
	for _, v := range views {
		all += string(v.Body) + "\n"
	}
	yi, _ := f.g.Term("益晒你")
	link := `<a class="term" href="` + RootURL + `en/` + seedReport + `/glossary/#t-yi-sai-ni" title="`
	if n := strings.Count(all, link); n != 1 {
		t.Errorf("%d links to the glossary entry of 益晒你, want 1 (first use only)", n)
	}
	if !strings.Contains(all, `title="`+strings.ReplaceAll(yi.DefinitionEN, "'", "&#39;")+`">&#34;Yi Sai Ni&#34;</a>`) {
		t.Errorf("the link does not carry the definition:\n%s", all)
	}
	if !strings.Contains(all, `<span class="doc-title" lang="zh-Hans" title="《佛山市南海区全域土地综合整治试点实施方案》"><em lang="en">Implementation Plan for the Pilot Programme`) {
		t.Errorf("a document title lacks its Chinese title:\n%s", all)
	}
	if regexp.MustCompile(`<a [^>]*<a |<a [^>]*>[^<]*<a `).MatchString(all) {
		t.Errorf("a link inside a link:\n%s", all)
	}
	// What a reader sees is unchanged.
	for i, v := range views {
		got := content.PlainText(regexp.MustCompile(`<span class="visually-hidden">.*?\)</span>`).ReplaceAllString(string(v.Body), ""))
		if want := sec.Blocks[i].Text; sec.Blocks[i].Kind != content.Sections && got != want {
			t.Errorf("block %s text changed:\n got %q\nwant %q", v.ID, got, want)
		}
	}
	// Chinese pages explain with definition_zh only where there is one.
	zv := blockViews(r.Docs["zh"].Sections[2].Blocks, "zh")
	f.Decorate(p, r, "zh", zv)
	for _, v := range zv {
		for _, m := range regexp.MustCompile(`href="[^"]*#(t-[a-z0-9-]+)" title="([^"]*)"`).FindAllStringSubmatch(string(v.Body), -1) {
			if m[2] == "" {
				t.Errorf("Chinese term link %s without a definition", m[1])
			}
		}
	}
}

func BenchmarkGlossaryCheck(b *testing.B) {
	_, f, err := glossaryProject(b, filepath.Join("..", ".."))
	if err != nil {
		b.Fatal(err)
	}
	var units []glossary.Unit
	for _, r := range reportsFor(b) {
		for _, pr := range alignedPairs(r.Docs["zh"], r.Docs["en"]) {
			units = append(units, pr.unit)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		if r := f.g.Check(units); len(r.Errors) > 0 {
			b.Fatal(r.Errors.Err())
		}
	}
	b.ReportMetric(float64(len(units)), "paragraphs")
	b.ReportMetric(float64(len(f.g.Terms)), "terms")
}

func reportsFor(b *testing.B) []*Report {
	r, _ := reportsOnly(b, filepath.Join("..", ".."))
	return r
}

// TestChineseRuns: English is escaped, each run of Chinese (with the
// Chinese punctuation inside it) is one span, and a stray byte reads as
// U+FFFD, as when the text is read rune by rune.
func TestChineseRuns(t *testing.T) {
	for in, want := range map[string]string{
		"":           "",
		`a<b> & "c"`: "a&lt;b&gt; &amp; &#34;c&#34;",
		"the “两个毫不动摇”, 《规划》": `the “<span lang="zh-Hans">两个毫不动摇”</span>, 《<span lang="zh-Hans">规划》</span>`,
		"中文，再中文 x":           `<span lang="zh-Hans">中文，再中文</span> x`,
		"\xff中\xfe<":         "\uFFFD<span lang=\"zh-Hans\">中</span>\uFFFD&lt;",
	} {
		if got := string(chineseRuns(in)); got != want {
			t.Errorf("chineseRuns(%q) = %q, want %q", in, got, want)
		}
	}
}
