package search_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"reportsite/internal/browsertest"
	"reportsite/internal/search"
	"reportsite/internal/site"
)

// These tests search the index built from the real project.

var (
	builtOnce sync.Once
	builtDir  string
	builtErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if builtDir != "" {
		os.RemoveAll(builtDir)
	}
	os.Exit(code)
}

// builtSite builds the project once for all tests of this package.
func builtSite(t testing.TB) string {
	t.Helper()
	builtOnce.Do(func() {
		builtDir, builtErr = os.MkdirTemp("", "reportsite-search-")
		if builtErr == nil {
			root, _ := filepath.Abs(filepath.Join("..", ".."))
			_, builtErr = site.Build(context.Background(), site.Options{Root: root, Out: filepath.Join(builtDir, "public")})
		}
	})
	if builtErr != nil {
		t.Fatal(builtErr)
	}
	return filepath.Join(builtDir, "public")
}

func openLang(t testing.TB, lang string) *search.Index {
	t.Helper()
	dir := filepath.Join(builtSite(t), "search", lang)
	ix, err := search.Open(func(name string) ([]byte, error) {
		return os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)+".js"))
	})
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// pageHas reports whether the built page at url (a path from the site
// root, with an anchor) holds text in the element the anchor names.
func pageHas(t *testing.T, url, text string) bool {
	t.Helper()
	path, id, _ := strings.Cut(url, "#")
	b, err := os.ReadFile(filepath.Join(builtSite(t), filepath.FromSlash(path), "index.html"))
	if err != nil {
		t.Fatalf("result %s: %v", url, err)
	}
	if id == "" {
		return strings.Contains(string(b), text)
	}
	i := strings.Index(string(b), ` id="`+id+`"`)
	if i < 0 {
		t.Fatalf("result %s: no element with id %s", url, id)
	}
	end := strings.Index(string(b[i:]), "</p>")
	if e2 := strings.Index(string(b[i:]), "</h2>"); end < 0 || (e2 >= 0 && e2 < end) {
		end = e2
	}
	return strings.Contains(string(b[i:i+end]), text)
}

// seedQueries are the queries of the acceptance test, with a
// paragraph each must find (its anchor) and the indicator it must list
// first, if any.
var seedQueries = []struct {
	lang, q   string
	paragraph string // an anchor among the results
	indicator string // the first indicator's text starts with this
}{
	{"zh", "营商环境", "", ""},
	{"zh", "地区生产总值", "#p486b7c", "地区生产总值 "},
	{"zh", "1712.60", "#p486b7c", "地区生产总值 1712.60亿元"},
	{"zh", "4.5%", "#p486b7c", ""},
	{"zh", "62.46", "", ""},
	{"en", "foreign trade", "", ""},
	{"en", "subsistence", "", ""},
	{"en", "1712.60", "", "Regional GDP 1712.60 × 100 million CNY"},
}

func TestSeedQueries(t *testing.T) {
	for _, c := range seedQueries {
		res, err := openLang(t, c.lang).Search(c.q)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Texts)+len(res.Indicators) == 0 {
			t.Errorf("%s %q: no results", c.lang, c.q)
			continue
		}
		for _, r := range res.Texts {
			// Every hit is highlighted and really on its page.
			if len(r.Marks) == 0 {
				t.Errorf("%s %q: %s has no highlight", c.lang, c.q, r.URL)
				continue
			}
			m := r.Text[r.Marks[0][0]:r.Marks[0][1]]
			if !pageHas(t, r.URL, m) {
				t.Errorf("%s %q: %s does not contain %q", c.lang, c.q, r.URL, m)
			}
		}
		if c.paragraph != "" {
			found := false
			for _, r := range res.Texts {
				found = found || strings.HasSuffix(r.URL, c.paragraph)
			}
			if !found {
				t.Errorf("%s %q: %s not among the results", c.lang, c.q, c.paragraph)
			}
		}
		if c.indicator != "" && (len(res.Indicators) == 0 || !strings.HasPrefix(res.Indicators[0].Text, c.indicator)) {
			t.Errorf("%s %q: first indicator %v, want %q", c.lang, c.q, res.Indicators, c.indicator)
		}
		t.Logf("%s %q: %d indicators, %d texts; first %s", c.lang, c.q, len(res.Indicators), len(res.Texts), firstURL(res))
	}
}

func firstURL(res *search.Results) string {
	if len(res.Texts) == 0 {
		return "-"
	}
	return res.Texts[0].URL
}

// TestNumbersAreExact: "1.8" must not find 1.85 or 11.8, and every hit of a
// number query shows that number exactly.
func TestNumbersAreExact(t *testing.T) {
	for _, q := range []string{"1.8", "18", "4.5", "62.46", "2.3"} {
		res, err := openLang(t, "zh").Search(q)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range append(res.Indicators, res.Texts...) {
			for _, m := range r.Marks {
				if got := r.Text[m[0]:m[1]]; got != q {
					t.Errorf("%q highlighted %q in %s", q, got, r.URL)
				}
			}
		}
	}
}

// TestIndexSize reports the size of each language's index for the seed,
// plain and gzipped (as most servers send it), and what the acceptance
// queries download.
func TestIndexSize(t *testing.T) {
	dir := builtSite(t)
	for _, lang := range []string{"zh", "en"} {
		total, zipped, files := 0, 0, 0
		err := filepath.WalkDir(filepath.Join(dir, "search", lang), func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(path)
			total += len(b)
			zipped += gzipSize(b)
			files++
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("index %s: %d files, %d bytes (%d gzipped)", lang, files, total, zipped)
		for _, c := range seedQueries {
			if c.lang != lang {
				continue
			}
			got, gz := 0, 0
			ix, err := search.Open(func(name string) ([]byte, error) {
				b, err := os.ReadFile(filepath.Join(dir, "search", lang, filepath.FromSlash(name)+".js"))
				got += len(b)
				gz += gzipSize(b)
				return b, err
			})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := ix.Search(c.q); err != nil {
				t.Fatal(err)
			}
			t.Logf("  query %q downloads %d bytes (%d gzipped)", c.q, got, gz)
		}
	}
}

func gzipSize(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}

// jsResult is a result as the script reports it, offsets in code points.
type jsResult struct {
	Doc   int      `json:"doc"`
	Score int      `json:"score"`
	URL   string   `json:"url"`
	Marks [][2]int `json:"marks"`
}

type jsResults struct {
	Short      bool       `json:"short"`
	Truncated  bool       `json:"truncated"`
	Indicators []jsResult `json:"indicators"`
	Texts      []jsResult `json:"texts"`
}

func goResults(res *search.Results) jsResults {
	conv := func(rs []search.Result) []jsResult {
		out := []jsResult{}
		for _, r := range rs {
			j := jsResult{Doc: r.Doc, Score: r.Score, URL: r.URL, Marks: [][2]int{}}
			for _, m := range r.Marks {
				j.Marks = append(j.Marks, [2]int{utf8.RuneCountInString(r.Text[:m[0]]), utf8.RuneCountInString(r.Text[:m[1]])})
			}
			out = append(out, j)
		}
		return out
	}
	return jsResults{Short: res.Short, Truncated: res.Truncated, Indicators: conv(res.Indicators), Texts: conv(res.Texts)}
}

// TestSearchMatchesJavaScriptOnTheSite runs the same queries through the Go
// engine and search.js (in Node.js) on the built index: same results, same
// order, same scores and highlights.
func TestSearchMatchesJavaScriptOnTheSite(t *testing.T) {
	queries := map[string][]string{
		"zh": {"营商环境", "地区生产总值", "1712.60", "４．５％", "62.46", "南海区", "增长 下降", "年", "GDP", "1.8", "外贸 进出口"},
		"en": {"foreign trade", "subsistence", "1712.60", "subsist", "Nanhai", "4.5%", "the", "R&D", "营商环境"},
	}
	for lang, qs := range queries {
		dir := filepath.Join(builtSite(t), "search", lang) + string(filepath.Separator)
		var got []jsResults
		search.RunNode(t, `
const fs = require("fs"), vm = require("vm");
let captured = null;
global.reportsiteSearchData = (name, data) => { captured = data; };
const engine = new search.Engine(name => {
  vm.runInThisContext(fs.readFileSync(`+jsQuote(dir)+` + name + ".js", "utf8"));
  return Promise.resolve(captured);
});
const cp = (s, i) => Array.from(s.slice(0, i)).length;
let input = "";
process.stdin.on("data", d => input += d);
process.stdin.on("end", async () => {
  const out = [];
  for (const q of JSON.parse(input)) {
    const r = await engine.search(q);
    const conv = rs => rs.map(x => ({doc: x.doc, score: x.score, url: x.url, marks: x.marks.map(m => [cp(x.text, m[0]), cp(x.text, m[1])])}));
    out.push({short: r.short, truncated: r.truncated, indicators: conv(r.indicators), texts: conv(r.texts)});
  }
  process.stdout.write(JSON.stringify(out));
});
`, qs, &got)
		ix := openLang(t, lang)
		for i, q := range qs {
			res, err := ix.Search(q)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := json.Marshal(goResults(res))
			have, _ := json.Marshal(got[i])
			if string(want) != string(have) {
				t.Errorf("%s %q:\n  Go %s\n  JS %s", lang, q, abbrev(want), abbrev(have))
			}
		}
	}
}

func jsQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func abbrev(b []byte) string {
	if len(b) > 600 {
		return string(b[:600]) + "…"
	}
	return string(b)
}

// TestBrowserSearch types the queries into the search page of each
// language, checks the results, and follows the first to its paragraph.
func TestBrowserSearch(t *testing.T) {
	dir := builtSite(t)
	base := browsertest.ServeDir(t, dir)
	ctx := browsertest.Browser(t)
	cases := []struct{ lang, q, want string }{
		{"zh", "营商环境", "营商环境"},
		{"zh", "地区生产总值", "地区生产总值"},
		{"zh", "1712.60", "1712.60"},
		{"en", "foreign trade", "foreign trade"},
		{"en", "subsistence", "subsistence"},
	}
	for _, c := range cases {
		if err := browsertest.Navigate(ctx, base+"/"+c.lang+"/search/"); err != nil {
			t.Fatal(err)
		}
		tctx, cancel := context.WithTimeout(ctx, browsertest.Timeout)
		err := chromedp.Do(tctx, chromedp.SendKeys(chromedp.CSS("#search-q"), c.q))
		cancel()
		if err != nil {
			t.Fatalf("type %q: %v", c.q, err)
		}
		var res struct {
			Status     string   `json:"status"`
			Indicators []string `json:"indicators"`
			Titles     []string `json:"titles"`
			Marks      []string `json:"marks"`
			Href       string   `json:"href"`
		}
		err = waitEval(ctx, `(() => {
			const s = document.querySelector(".search-status").textContent;
			const li = document.querySelectorAll(".search-results li");
			if (!li.length) return null;
			return {status: s,
				indicators: Array.from(document.querySelectorAll(".search-indicators li")).map(e => e.textContent),
				titles: Array.from(li).map(e => e.querySelector("a").textContent),
				marks: Array.from(document.querySelectorAll(".search-results mark")).map(e => e.textContent),
				href: Array.from(li).map(e => e.querySelector("a").getAttribute("href")).find(h => h.includes("#"))};
		})()`, &res)
		if err != nil {
			t.Fatalf("%s %q: no results appeared: %v", c.lang, c.q, err)
		}
		t.Logf("%s %q: %s %d indicators, %d results, first %s → %s", c.lang, c.q, res.Status, len(res.Indicators), len(res.Titles), res.Titles[0], res.Href)
		for _, m := range res.Marks {
			for _, word := range strings.Fields(c.q) {
				if strings.EqualFold(m, word) {
					goto marked
				}
			}
			t.Errorf("%s %q: highlighted %q", c.lang, c.q, m)
		marked:
		}
		if c.q == "1712.60" || c.q == "地区生产总值" {
			if len(res.Indicators) == 0 || !strings.Contains(res.Indicators[0], "1712.60") {
				t.Errorf("%s %q: the GDP indicator should come first, got %v", c.lang, c.q, res.Indicators)
			}
		}
		browsertest.Screenshot(t, ctx, fmt.Sprintf("search-%s-%s", c.lang, strings.ReplaceAll(c.q, " ", "-")), 390, 844)
		// Follow the first result that leads to a paragraph (the first
		// may be a page's title).
		if res.Href == "" {
			t.Fatalf("%s %q: no result links to a paragraph", c.lang, c.q)
		}
		if err := browsertest.Click(ctx, `.search-results li a[href="`+res.Href+`"]`); err != nil {
			t.Fatal(err)
		}
		var target struct {
			Hash string  `json:"hash"`
			Text string  `json:"text"`
			Top  float64 `json:"top"`
			H    float64 `json:"h"`
		}
		err = waitEval(ctx, `(() => {
			if (!location.pathname.endsWith("/") || location.pathname.endsWith("/search/") || document.readyState !== "complete") return null;
			const el = location.hash ? document.getElementById(location.hash.slice(1)) : document.querySelector("h1");
			if (!el) return null;
			return {hash: location.hash, text: el.textContent, top: el.getBoundingClientRect().top, h: innerHeight};
		})()`, &target)
		if err == nil && (target.Top < -1 || target.Top > target.H) {
			// The browser scrolls to the anchor once the page has laid
			// out; give it a moment before judging.
			time.Sleep(500 * time.Millisecond)
			err = waitEval(ctx, `(() => {
				const el = document.getElementById(location.hash.slice(1));
				return {hash: location.hash, text: el.textContent, top: el.getBoundingClientRect().top, h: innerHeight};
			})()`, &target)
		}
		if err != nil {
			t.Fatalf("%s %q: following %s: %v", c.lang, c.q, res.Href, err)
		}
		if !containsFold(target.Text, c.want) {
			t.Errorf("%s %q: landed on %s whose text lacks %q: %.80s", c.lang, c.q, target.Hash, c.want, target.Text)
		}
		if target.Top < -1 || target.Top > target.H {
			t.Errorf("%s %q: %s is not in view (top %v of %v)", c.lang, c.q, target.Hash, target.Top, target.H)
		}
		loc, _ := browsertest.Location(ctx)
		t.Logf("  followed to %s", loc)
	}
}

// TestBrowserSearchWithoutJavaScript: the page says search needs
// JavaScript, and the header's box still leads to the search page.
func TestBrowserSearchWithoutJavaScript(t *testing.T) {
	dir := builtSite(t)
	base := browsertest.ServeDir(t, dir)
	ctx := browsertest.Browser(t)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	if err := browsertest.Navigate(ctx, base+"/zh/nanhai-2023-h1-plan-execution/"); err != nil {
		t.Fatal(err)
	}
	tctx, cancel := context.WithTimeout(ctx, browsertest.Timeout)
	err := chromedp.Do(tctx, chromedp.SendKeys(chromedp.CSS("#site-search-q"), "营商环境\r"))
	cancel()
	if err != nil {
		t.Fatal(err)
	}
	var loc string
	if err := waitEval(ctx, `location.pathname.endsWith("/zh/search/") ? location.href : null`, &loc); err != nil {
		t.Fatalf("the header's search box did not lead to the search page: %v", err)
	}
	if err := browsertest.WaitVisible(ctx, ".search-nojs"); err != nil {
		t.Fatal(err)
	}
	note, err := browsertest.Text(ctx, ".search-nojs")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(note, "JavaScript") {
		t.Errorf("no-script note = %q", note)
	}
	t.Logf("without JavaScript: %s shows %q", loc, note)
	browsertest.Screenshot(t, ctx, "search-nojs-zh", 390, 700)
}

// waitEval evaluates js until it returns something other than null.
func waitEval(ctx context.Context, js string, out any) error {
	deadline := time.Now().Add(browsertest.Timeout)
	for {
		var raw json.RawMessage
		err := browsertest.Eval(ctx, js, &raw)
		if err == nil && string(raw) != "null" {
			return json.Unmarshal(raw, out)
		}
		if time.Now().After(deadline) {
			if err == nil {
				err = fmt.Errorf("still null after %v", browsertest.Timeout)
			}
			return err
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

// TestBrowserFromFileSystem opens the built site straight from disk: the
// search page finds results (its index loads through script elements,
// which file:// pages may load, unlike fetch), and links lead to pages,
// not to folder listings.
func TestBrowserFromFileSystem(t *testing.T) {
	dir := builtSite(t)
	ctx := browsertest.Browser(t)
	if err := browsertest.Navigate(ctx, "file://"+filepath.Join(dir, "zh", "search", "index.html")+"?q="+"营商环境"); err != nil {
		t.Fatal(err)
	}
	var hrefs []string
	if err := waitEval(ctx, `(() => {
		const a = document.querySelectorAll(".search-results li a");
		return a.length ? Array.from(a).map(e => e.getAttribute("href")) : null;
	})()`, &hrefs); err != nil {
		t.Fatalf("no results from file://: %v", err)
	}
	for _, h := range hrefs {
		if !strings.Contains(h, "index.html") {
			t.Errorf("result link %s does not name index.html", h)
		}
	}
	var navs []string
	if err := browsertest.Eval(ctx, `Array.from(document.querySelectorAll("header a, .crumbs a")).map(e => e.getAttribute("href"))`, &navs); err != nil {
		t.Fatal(err)
	}
	for _, h := range navs {
		if strings.HasSuffix(h, "/") {
			t.Errorf("from file://, the link %s leads to a folder", h)
		}
	}
	if err := browsertest.Click(ctx, `.search-results li a[href*="#"]`); err != nil {
		t.Fatal(err)
	}
	var loc string
	if err := waitEval(ctx, `location.pathname.endsWith("/index.html") && !location.pathname.includes("/search/") && location.hash ? location.href : null`, &loc); err != nil {
		t.Fatalf("following a result from file://: %v", err)
	}
	t.Logf("from file://: %d results, followed to %s", len(hrefs), loc)
}
