package site

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// renderAt loads and renders the project in root, in memory.
func renderAt(t *testing.T, root string) (*Project, map[string][]byte) {
	t.Helper()
	p, err := Load(root)
	if err != nil {
		t.Fatal(err)
	}
	files, err := Render(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	return p, files
}

// projectFiles renders the project itself (once per test binary).
var projectFiles = func() func(t *testing.T) (*Project, map[string][]byte) {
	var p *Project
	var files map[string][]byte
	return func(t *testing.T) (*Project, map[string][]byte) {
		if files == nil {
			p, files = renderAt(t, filepath.Join("..", ".."))
		}
		return p, files
	}
}()

// needTool returns the path of a command the test needs; without it the
// test skips, except with CI=true, where it fails.
func needTool(t *testing.T, name, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if ci, _ := strconv.ParseBool(os.Getenv("CI")); ci {
			t.Fatalf("%s not found (CI=true, so this is a failure): apt-get install %s", name, pkg)
		}
		t.Skipf("%s not found: apt-get install %s", name, pkg)
	}
	return path
}

// xmllint validates (or, with no schema, checks the well-formedness of)
// doc; it returns xmllint's complaint, or "" when the document passes.
func xmllint(t *testing.T, doc []byte, schema string) string {
	t.Helper()
	bin := needTool(t, "xmllint", "libxml2-utils")
	f := filepath.Join(t.TempDir(), "doc.xml")
	if err := os.WriteFile(f, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"--noout", "--nonet"}
	if schema != "" {
		args = append(args, "--schema", schema)
	}
	out, err := exec.Command(bin, append(args, f)...).CombinedOutput()
	if err != nil {
		return strings.TrimSpace(string(out))
	}
	return ""
}

const sitemapSchema = "testdata/sitemap/sitemap-hreflang.xsd"

func TestVendoredSitemapSchema(t *testing.T) {
	b, err := os.ReadFile("testdata/sitemap/sitemap.xsd")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	// sitemap@9.0.1 schema/sitemap.xsd from the npm registry (testdata/sitemap/README.md).
	if got := hex.EncodeToString(sum[:]); got != "fbec77e84467050d5667394a57cc5cdfe1239d80aca1d61e9e0827173c3d9df9" {
		t.Errorf("testdata/sitemap/sitemap.xsd was changed (sha256 %s): it must stay the sitemaps.org schema as published", got)
	}
}

func TestSitemapValidates(t *testing.T) {
	_, files := projectFiles(t)
	if msg := xmllint(t, files["sitemap.xml"], sitemapSchema); msg != "" {
		t.Errorf("sitemap.xml does not validate against %s:\n%s", sitemapSchema, msg)
	}
	// The validation has teeth: what the schemas forbid fails.
	for name, bad := range map[string]string{
		"link without hreflang": `<xhtml:link rel="alternate" href="https://example.org/en/"/>`,
		"relative href":         `<xhtml:link rel="alternate" hreflang="en" href="en/"/>`,
		"unknown element":       `<xhtml:meta name="x"/>`,
		"bad lastmod":           `<lastmod>yesterday</lastmod>`,
	} {
		doc := `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml"><url><loc>https://example.org/</loc>` + bad + `</url></urlset>`
		if strings.HasPrefix(name, "bad lastmod") {
			doc = strings.Replace(doc, "<loc>https://example.org/</loc>", "<loc>https://example.org/</loc>"+bad, 1)
			doc = strings.Replace(doc, bad+"</url>", "</url>", 1)
		}
		if xmllint(t, []byte(doc), sitemapSchema) == "" {
			t.Errorf("a sitemap with a %s passed validation", name)
		}
	}
}

type sitemapDoc struct {
	URLs []struct {
		Loc     string `xml:"loc"`
		Lastmod string `xml:"lastmod"`
		Links   []struct {
			Rel      string `xml:"rel,attr"`
			Hreflang string `xml:"hreflang,attr"`
			Href     string `xml:"href,attr"`
		} `xml:"http://www.w3.org/1999/xhtml link"`
	} `xml:"url"`
}

func parseSitemap(t *testing.T, b []byte) (sitemapDoc, map[string]map[string]string) {
	t.Helper()
	var sm sitemapDoc
	if err := xml.Unmarshal(b, &sm); err != nil {
		t.Fatal(err)
	}
	alts := map[string]map[string]string{} // loc → hreflang → href
	for _, u := range sm.URLs {
		if alts[u.Loc] != nil {
			t.Errorf("%s is listed twice", u.Loc)
		}
		alts[u.Loc] = map[string]string{}
		for _, l := range u.Links {
			alts[u.Loc][l.Hreflang] = l.Href
		}
	}
	return sm, alts
}

// TestSitemapAlternatesAreReciprocal: every page lists itself among its
// alternates, every alternate is a page of the sitemap, and it lists the
// same set back.
func TestSitemapAlternatesAreReciprocal(t *testing.T) {
	p, files := projectFiles(t)
	sm, alts := parseSitemap(t, files["sitemap.xml"])
	if len(sm.URLs) == 0 {
		t.Fatal("empty sitemap")
	}
	for loc, set := range alts {
		if !strings.HasPrefix(loc, p.Site.BaseURL) {
			t.Errorf("%s is not under base_url %s", loc, p.Site.BaseURL)
		}
		self := false
		for lang, href := range set {
			self = self || (href == loc && lang != "x-default")
			back, ok := alts[href]
			if !ok {
				t.Errorf("%s: alternate %s=%s is not in the sitemap", loc, lang, href)
				continue
			}
			if !sameSet(set, back) {
				t.Errorf("%s lists %v, but its alternate %s lists %v", loc, set, href, back)
			}
		}
		self = self || set["x-default"] == loc // the language chooser is its set's x-default
		if len(set) > 0 && (!self || set["x-default"] == "") {
			t.Errorf("%s: alternates %v lack the page itself or an x-default", loc, set)
		}
		if len(set) != len(p.Site.Languages)+1 {
			t.Errorf("%s has %d alternates, want every language and x-default", loc, len(set))
		}
	}
	// Every page that search engines may index is in the sitemap.
	for name, b := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		loc := p.Site.BaseURL + strings.TrimSuffix(name, "index.html")
		noindex := bytes.Contains(b, []byte(`<meta name="robots" content="noindex">`))
		if _, listed := alts[loc]; listed == noindex {
			t.Errorf("%s: in the sitemap %v, noindex %v", name, listed, noindex)
		}
	}
	t.Logf("sitemap: %d URLs, each with %d alternates", len(sm.URLs), len(p.Site.Languages)+1)
}

func sameSet(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

var (
	canonicalRe = regexp.MustCompile(`<link rel="canonical" href="([^"]+)">`)
	hreflangRe  = regexp.MustCompile(`<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">`)
	htmlLangRe  = regexp.MustCompile(`<html lang="([^"]+)">`)
	titleRe     = regexp.MustCompile(`<title>([^<]*)</title>`)
	metaRe      = regexp.MustCompile(`<meta (?:name|property)="([^"]+)" content=(?:"([^"]*)"|'([^']*)')>`)
	kindRe      = regexp.MustCompile(`<body class="kind-([a-z-]+)"`)
)

// TestPagesHeadsAgreeWithSitemap: each page's canonical link is its own
// URL, its hreflang links are the sitemap's, its <html lang> is its
// language, its <title> ends with the site's title, and it has a
// description and Open Graph tags with an image.
func TestPagesHeadsAgreeWithSitemap(t *testing.T) {
	p, files := projectFiles(t)
	_, alts := parseSitemap(t, files["sitemap.xml"])
	siteTitle := map[string]string{"zh-Hans": p.Site.TitleZh, "en": p.Site.TitleEn}
	descriptions := map[string]string{}
	pages := 0
	for _, name := range sortedPaths(files) {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		pages++
		b := string(files[name])
		embed := strings.Contains(b, `<body class="kind-embed">`) // a chart for other sites' iframes: a bare page
		lang := htmlLangRe.FindStringSubmatch(b)
		wantLang := "zh-Hans"
		if strings.HasPrefix(name, "en/") {
			wantLang = "en"
		}
		if lang == nil || lang[1] != wantLang {
			t.Errorf("%s: <html lang> %v, want %s", name, lang, wantLang)
			continue
		}
		title := titleRe.FindStringSubmatch(b)
		if title == nil || !strings.HasSuffix(title[1], siteTitle[wantLang]) {
			t.Errorf("%s: <title> %v does not end with the site's title", name, title)
		}
		meta := map[string]string{}
		for _, m := range metaRe.FindAllStringSubmatch(b, -1) {
			meta[m[1]] = m[2] + m[3]
		}
		for _, k := range []string{"description", "og:title", "og:description", "og:image", "og:locale", "twitter:card"} {
			if meta[k] == "" && (!embed || k == "description") {
				t.Errorf("%s: no %s", name, k)
			}
		}
		if !embed && !strings.HasPrefix(meta["og:image"], p.Site.BaseURL+"assets/social/") {
			t.Errorf("%s: og:image %q", name, meta["og:image"])
		}
		loc := p.Site.BaseURL + strings.TrimSuffix(name, "index.html")
		set, listed := alts[loc]
		if !listed {
			if hreflangRe.MatchString(b) || meta["og:url"] != "" || (canonicalRe.MatchString(b) && !embed) {
				t.Errorf("%s is not indexed but declares a canonical URL or alternates", name)
			}
			continue
		}
		if prev, dup := descriptions[meta["description"]]; dup {
			// The text pages' descriptions come from their leads and must
			// differ; feature pages' are reported.
			if k := kindRe.FindStringSubmatch(b); k != nil && strings.Contains(" root home report section ", " "+k[1]+" ") {
				t.Errorf("%s has the same description as %s", name, prev)
			} else {
				t.Logf("note: %s has the same description as %s", name, prev)
			}
		}
		descriptions[meta["description"]] = name
		if c := canonicalRe.FindStringSubmatch(b); c == nil || c[1] != loc || meta["og:url"] != loc {
			t.Errorf("%s: canonical %v, og:url %q, want %s", name, c, meta["og:url"], loc)
		}
		head := map[string]string{}
		for _, m := range hreflangRe.FindAllStringSubmatch(b, -1) {
			head[m[1]] = m[2]
		}
		if !sameSet(head, set) {
			t.Errorf("%s: hreflang in <head> %v, in the sitemap %v", name, head, set)
		}
	}
	t.Logf("%d pages checked", pages)
}

// TestSubPathBuild builds the site for https://example.gov.cn/nanhai/report/
// and checks that every absolute URL carries the prefix.
func TestSubPathBuild(t *testing.T) {
	root := copyProject(t)
	const base = "https://example.gov.cn/nanhai/report/"
	siteToml := filepath.Join(root, "data", "site.toml")
	b, err := os.ReadFile(siteToml)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?m)^base_url = ".*"$`)
	if !re.Match(b) {
		t.Fatal("no base_url line in data/site.toml")
	}
	if err := os.WriteFile(siteToml, re.ReplaceAll(b, []byte(`base_url = "`+base+`"`)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, files := renderAt(t, root)
	absRe := regexp.MustCompile(`https?://example\.gov\.cn[^"<\s]*`)
	counts := map[string]int{}
	for name, b := range files {
		if !strings.HasSuffix(name, ".html") && !strings.HasSuffix(name, ".xml") && name != "robots.txt" {
			continue
		}
		if bytes.Contains(b, []byte("reports.example.org")) {
			t.Errorf("%s still names the default host", name)
		}
		for _, u := range absRe.FindAllString(string(b), -1) {
			counts[name]++
			if !strings.HasPrefix(u, base) {
				t.Errorf("%s: %s lacks the prefix %s", name, u, base)
			}
		}
	}
	for _, name := range []string{"sitemap.xml", "robots.txt", "zh/feed.xml", "en/feed.xml", "index.html", "zh/" + seedID(t, files) + "/index.html"} {
		if counts[name] == 0 {
			t.Errorf("%s has no absolute URL under the prefix", name)
		}
	}
	if msg := xmllint(t, files["sitemap.xml"], sitemapSchema); msg != "" {
		t.Errorf("sub-path sitemap: %s", msg)
	}
	// The 404 page, served at any depth, links from the prefix's path.
	nf := string(files["404.html"])
	for _, want := range []string{`href="/nanhai/report/assets/site.css"`, `href="/nanhai/report/zh/"`, `href="/nanhai/report/en/"`, `href="#main"`} {
		if !strings.Contains(nf, want) {
			t.Errorf("404.html lacks %s", want)
		}
	}
	if regexp.MustCompile(`(href|src|action)="\.\./`).MatchString(nf) {
		t.Error("404.html has relative links, which break at depth")
	}
	t.Logf("absolute URLs under the prefix: sitemap %d, feeds %d+%d, robots %d", counts["sitemap.xml"], counts["zh/feed.xml"], counts["en/feed.xml"], counts["robots.txt"])
}

func seedID(t *testing.T, files map[string][]byte) string {
	for name := range files {
		if strings.HasPrefix(name, "data/") && strings.HasSuffix(name, ".txt") {
			return strings.Split(name, "/")[1]
		}
	}
	t.Fatal("no report")
	return ""
}

type feedDoc struct {
	Lang    string `xml:"lang,attr"`
	ID      string `xml:"id"`
	Updated string `xml:"updated"`
	Links   []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Summary string `xml:"summary"`
		Links   []struct {
			Href     string `xml:"href,attr"`
			HrefLang string `xml:"hreflang,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

func TestFeeds(t *testing.T) {
	p, files := projectFiles(t)
	for _, lang := range p.Site.Languages {
		name := lang + "/feed.xml"
		b := files[name]
		if msg := xmllint(t, b, ""); msg != "" {
			t.Errorf("%s is not well-formed: %s", name, msg)
		}
		var f feedDoc
		if err := xml.Unmarshal(b, &f); err != nil {
			t.Fatal(err)
		}
		if f.Lang != langTags[lang] || f.ID != p.Site.BaseURL+lang+"/" || len(f.Entries) != len(p.Reports) {
			t.Errorf("%s: lang %q id %q with %d entries", name, f.Lang, f.ID, len(f.Entries))
		}
		self := false
		for _, l := range f.Links {
			self = self || (l.Rel == "self" && l.Href == p.Site.BaseURL+name)
		}
		if !self {
			t.Errorf("%s: no rel=self link to itself", name)
		}
		editions := map[string]bool{}
		for _, r := range p.Reports {
			editions[r.Meta.Edition+"T00:00:00Z"] = true
		}
		for _, e := range f.Entries {
			if !editions[e.Updated] || e.Title == "" || e.Summary == "" || !strings.HasPrefix(e.ID, p.Site.BaseURL+lang+"/") {
				t.Errorf("%s: entry %+v", name, e)
			}
		}
		if !editions[f.Updated] {
			t.Errorf("%s: updated %s is no report's edition", name, f.Updated)
		}
		// Feeds are discoverable from every page of the language.
		home := string(files[lang+"/index.html"])
		if !strings.Contains(home, `type="application/atom+xml" href="../`+lang+`/feed.xml"`) {
			t.Errorf("%s/index.html does not link its feed", lang)
		}
	}
}

func TestRobotsAndIcons(t *testing.T) {
	p, files := projectFiles(t)
	if !strings.Contains(string(files["robots.txt"]), "\nSitemap: "+p.Site.BaseURL+"sitemap.xml\n") {
		t.Errorf("robots.txt:\n%s", files["robots.txt"])
	}
	ico := files["favicon.ico"]
	if len(ico) < 22 || binary.LittleEndian.Uint16(ico[2:]) != 1 || binary.LittleEndian.Uint16(ico[4:]) != 1 {
		t.Fatalf("favicon.ico has no ICO header")
	}
	off := binary.LittleEndian.Uint32(ico[18:])
	img, err := png.Decode(bytes.NewReader(ico[off:]))
	if err != nil || img.Bounds().Dx() != int(ico[6]) {
		t.Errorf("favicon.ico: embedded PNG %v, %v", img.Bounds(), err)
	}
	for _, f := range []string{"assets/favicon.svg", "assets/favicon-32.png", "assets/apple-touch-icon.png"} {
		if len(files[f]) == 0 {
			t.Errorf("%s is missing", f)
		}
	}
}

func TestNotFoundPage(t *testing.T) {
	p, files := projectFiles(t)
	b := string(files["404.html"])
	if b == "" {
		t.Fatal("no 404.html")
	}
	for _, want := range []string{`<html lang="zh-Hans">`, `<meta name="robots" content="noindex">`, `<section lang="en">`,
		p.Strings["zh"]["not_found_title"], p.Strings["en"]["not_found_title"], `href="/zh/"`, `href="/en/"`, `href="/zh/search/"`} {
		if !strings.Contains(b, want) {
			t.Errorf("404.html lacks %s", want)
		}
	}
}

// TestAlternatesExist: no page offers a translation that is not built.
func TestAlternatesExist(t *testing.T) {
	p, files := projectFiles(t)
	var missing []string
	for _, pg := range p.Pages() {
		for _, a := range pg.Alternates {
			if _, ok := files[a.Path+"index.html"]; !ok {
				missing = append(missing, pg.Path+" → "+a.Path)
			}
		}
	}
	sort.Strings(missing)
	// Pages() rebuilds the pages without the web feature's Finish, so
	// report what Finish had to prune rather than fail on it.
	if len(missing) > 0 {
		t.Logf("alternates pruned by the web feature (pages in one language only): %d, e.g. %s", len(missing), missing[0])
	}
	sm, _ := parseSitemap(t, files["sitemap.xml"])
	for _, u := range sm.URLs {
		for _, l := range u.Links {
			rel := strings.TrimPrefix(l.Href, p.Site.BaseURL)
			if _, ok := files[rel+"index.html"]; !ok {
				t.Errorf("sitemap: %s offers %s, which is not built", u.Loc, l.Href)
			}
		}
	}
}

// TestWriteXMLText: writeXMLText writes what xml.EscapeText does.
func TestWriteXMLText(t *testing.T) {
	for _, s := range []string{"", "https://reports.example.org/en/r/data/gdp/", "a&b<c>d'e\"f", "tab\there\nnew\rline", "中文/路径", "bad\xffbyte", "\x00\x1f\x7f"} {
		var got, want bytes.Buffer
		writeXMLText(&got, s)
		xml.EscapeText(&want, []byte(s))
		if got.String() != want.String() {
			t.Errorf("writeXMLText(%q) = %q, xml.EscapeText gives %q", s, got.String(), want.String())
		}
	}
}

// TestSitemapSplits: past a file's limits (50,000 URLs or 50 MB in the
// protocol; here lowered) the sitemap is split into parts under a sitemap
// index at sitemap.xml; every part validates, keeps within the limits,
// and together they list what the single sitemap lists, in its order.
func TestSitemapSplits(t *testing.T) {
	p, files := projectFiles(t)
	web, ok := FeatureOf[*webFeature](p)
	if !ok {
		t.Fatal("no web feature")
	}
	pages := p.Pages()
	settled := map[string][]byte{}
	if err := web.Finish(p, pages, settled); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(settled["sitemap.xml"], files["sitemap.xml"]) {
		t.Fatal("the pages made again give another sitemap")
	}
	whole, _ := parseSitemap(t, files["sitemap.xml"])
	for _, limit := range []struct{ urls, bytes int }{{100, sitemapMaxBytes}, {sitemapMaxURLs, 64 << 10}} {
		parts := sitemaps(p, pages, limit.urls, limit.bytes)
		var index struct {
			Locs []string `xml:"sitemap>loc"`
		}
		if err := xml.Unmarshal(parts["sitemap.xml"], &index); err != nil {
			t.Fatal(err)
		}
		if msg := xmllint(t, parts["sitemap.xml"], ""); msg != "" || !bytes.Contains(parts["sitemap.xml"], []byte(`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)) {
			t.Errorf("the sitemap index is not a well-formed sitemapindex: %s", msg)
		}
		if len(index.Locs) < 2 || len(parts) != len(index.Locs)+1 {
			t.Fatalf("limits %+v: an index of %d parts, %d files", limit, len(index.Locs), len(parts))
		}
		var locs []string
		for i, loc := range index.Locs {
			name := fmt.Sprintf("sitemap-%d.xml", i+1)
			if loc != p.Site.BaseURL+name {
				t.Errorf("part %d is at %s, want %s", i+1, loc, p.Site.BaseURL+name)
			}
			part := parts[name]
			if msg := xmllint(t, part, sitemapSchema); msg != "" {
				t.Errorf("%s does not validate:\n%s", name, msg)
			}
			sm, _ := parseSitemap(t, part)
			if len(sm.URLs) > limit.urls || len(part) > limit.bytes {
				t.Errorf("%s: %d URLs, %d bytes, over the limits %+v", name, len(sm.URLs), len(part), limit)
			}
			for _, u := range sm.URLs {
				locs = append(locs, u.Loc)
			}
		}
		if len(locs) != len(whole.URLs) {
			t.Fatalf("limits %+v: the parts list %d URLs, the sitemap %d", limit, len(locs), len(whole.URLs))
		}
		for i, u := range whole.URLs {
			if locs[i] != u.Loc {
				t.Fatalf("limits %+v: URL %d is %s in the parts, %s in the sitemap", limit, i, locs[i], u.Loc)
			}
		}
	}
}

// TestSitemapPartSize: each sitemap file's buffer is made its size at
// once (sitemapPartSize), whole or split: the estimate is exact for URLs
// that need no escaping, as here, so no file grows past it.
func TestSitemapPartSize(t *testing.T) {
	p, _ := projectFiles(t)
	pages := p.Pages()
	for _, limit := range []struct{ urls, bytes int }{{sitemapMaxURLs, sitemapMaxBytes}, {100, sitemapMaxBytes}, {sitemapMaxURLs, 64 << 10}} {
		parts := sitemaps(p, pages, limit.urls, limit.bytes)
		names := []string{"sitemap.xml"}
		if len(parts) > 1 {
			names = names[:0]
			for i := 1; i < len(parts); i++ {
				names = append(names, fmt.Sprintf("sitemap-%d.xml", i))
			}
		}
		start := 0 // the first page of each part
		for _, name := range names {
			part := parts[name]
			want := sitemapPartSize(p, pages[start:], limit.urls, limit.bytes)
			if len(part) != want {
				t.Errorf("limits %+v: %s has %d bytes, sitemapPartSize says %d", limit, name, len(part), want)
			}
			if cap(part) > want+want/8+8192 { // rounded up to the allocator's size, not doubled
				t.Errorf("limits %+v: %s's buffer holds %d bytes for %d: it grew while filled", limit, name, cap(part), len(part))
			}
			for n := bytes.Count(part, []byte("<url>")); n > 0; start++ {
				if inSitemap(pages[start]) {
					n--
				}
			}
		}
	}
}
