package site

import (
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"fmt"
	"image/png"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// webFeature makes the site a good citizen of the web: sitemap.xml with
// reciprocal hreflang alternates, robots.txt, per-language Atom feeds, a
// bilingual 404 page, favicon.ico, and the social cards that Open Graph and
// Twitter tags point to (layouts/partials/head-web.html). Every absolute URL
// comes from base_url in data/site.toml, so a site under a path prefix
// (https://example.gov.cn/nanhai/report/) is described correctly; pages
// themselves link relatively and work under any prefix.
type webFeature struct {
	cards   map[string]bool // names of layouts/assets/social/*.png, without .png
	favicon []byte          // layouts/assets/favicon-32.png, for favicon.ico
}

func newWebFeature() Feature { return &webFeature{cards: map[string]bool{}} }

// Social cards are committed PNGs, rendered once from HTML with Chromium
// by `go test ./internal/site -run TestSocialCards -update`: one per report
// and language (<report>-<lang>.png) and one per language for the other
// pages (site-<lang>.png). A report without its card shows the site's.
const socialDir = "social"

// Social card size: the 1.91:1 that Open Graph and Twitter's large card use.
const cardWidth, cardHeight = 1200, 630

func (f *webFeature) Load(p *Project) error {
	dir := filepath.Join(p.Root, "layouts", "assets")
	cards, _ := filepath.Glob(filepath.Join(dir, socialDir, "*.png"))
	for _, c := range cards {
		f.cards[strings.TrimSuffix(filepath.Base(c), ".png")] = true
	}
	b, err := os.ReadFile(filepath.Join(dir, "favicon-32.png"))
	if err == nil {
		if _, err := png.DecodeConfig(bytes.NewReader(b)); err != nil {
			return fmt.Errorf("%s: not a PNG: %v (render it again: go test ./internal/site -run TestSocialCards -update)", filepath.Join(dir, "favicon-32.png"), err)
		}
		f.favicon = b
	}
	return nil
}

// notFoundPage is the model of the bilingual 404 page.
type notFoundPage struct {
	Langs []notFoundLang
}

type notFoundLang struct {
	Lang, LangTag string
	T             map[string]string
	Home, Search  string // paths from the site root
}

// Pages adds the 404 page once, with the first language. A server shows
// 404.html for a missing URL at any depth (/zh/no/such/page/), so relative
// links cannot be right there: the page links path-absolutely, from the
// path of base_url (Page.Root). A <base> element would do the same for
// links but also send the skip link (#main) to the site root.
func (f *webFeature) Pages(p *Project, lang string) []*Page {
	if lang != p.Site.Languages[0] {
		return nil
	}
	pg := p.page("notfound", lang, "")
	pg.File, pg.NoIndex, pg.Alternates = "404.html", true, nil
	pg.Root = basePath(p.Site.BaseURL)
	var titles []string
	nf := notFoundPage{}
	for _, l := range p.Site.Languages {
		t := p.Strings[l]
		titles = append(titles, t["not_found_title"])
		nf.Langs = append(nf.Langs, notFoundLang{Lang: l, LangTag: langTags[l], T: t, Home: l + "/", Search: l + "/search/"})
	}
	pg.Heading = strings.Join(titles, " · ")
	pg.Title = pg.Heading + " | " + pg.Site.Title
	pg.Description = pg.T["not_found_text"]
	pg.Data = nf
	return []*Page{pg}
}

// basePath is the path of the base URL: "/" or "/nanhai/report/".
func basePath(base string) string {
	u, err := url.Parse(base)
	if err != nil || u.Path == "" {
		return "/"
	}
	return u.Path
}

// Files writes robots.txt and favicon.ico.
func (f *webFeature) Files(p *Project, out map[string][]byte) error {
	var b strings.Builder
	b.WriteString("# Crawlers read robots.txt only at the root of a host. When the site is\n")
	b.WriteString("# served under a path prefix, add the Sitemap line below to the host's own\n")
	b.WriteString("# /robots.txt.\n")
	b.WriteString("User-agent: *\nAllow: /\n\nSitemap: " + p.Site.BaseURL + "sitemap.xml\n")
	out["robots.txt"] = []byte(b.String())
	if f.favicon != nil {
		out["favicon.ico"] = icoFromPNG(f.favicon)
	}
	return nil
}

// icoFromPNG wraps a PNG in an ICO container (one image, stored as PNG,
// which every browser since 2007 reads): for the browsers and tools that
// ask for /favicon.ico without reading the page.
func icoFromPNG(b []byte) []byte {
	cfg, _ := png.DecodeConfig(bytes.NewReader(b))
	var ico bytes.Buffer
	dim := func(n int) byte {
		if n >= 256 {
			return 0 // 0 means 256
		}
		return byte(n)
	}
	binary.Write(&ico, binary.LittleEndian, [3]uint16{0, 1, 1}) // reserved, type icon, one image
	ico.Write([]byte{dim(cfg.Width), dim(cfg.Height), 0, 0})
	binary.Write(&ico, binary.LittleEndian, [2]uint16{1, 32}) // planes, bits per pixel
	binary.Write(&ico, binary.LittleEndian, [2]uint32{uint32(len(b)), 6 + 16})
	ico.Write(b)
	return ico.Bytes()
}

// Finish settles what every page says about itself (alternates that
// exist, a description, the social card), then writes sitemap.xml and the
// feeds.
func (f *webFeature) Finish(p *Project, pages []*Page, out map[string][]byte) error {
	exists := map[string]bool{}
	for _, pg := range pages {
		if pg.File == "" {
			exists[pg.Path] = true
		}
	}
	for _, pg := range pages {
		// A feature page that exists in one language only must not offer
		// (or declare to search engines) a translation that is not there.
		kept := pg.Alternates[:0:0]
		for _, a := range pg.Alternates {
			if exists[a.Path] {
				kept = append(kept, a)
			}
		}
		pg.Alternates = kept
		// Titles read from the most specific to the site (page | report |
		// site): a feature that names only its page and report gets the
		// site's name added here.
		if pg.Title == "" {
			pg.Title = pg.Site.Title
		} else if pg.Title != pg.Site.Title && !strings.HasSuffix(pg.Title, " | "+pg.Site.Title) {
			pg.Title += " | " + pg.Site.Title
		}
		if pg.Kind == "root" && pg.Description == "" {
			// The language chooser speaks every language.
			var ds []string
			for _, l := range p.Site.Languages {
				ds = append(ds, p.Strings[l]["home_description"])
			}
			pg.Description = strings.Join(ds, " ")
		}
		if pg.Description == "" {
			pg.Description = pg.T["home_description"]
		}
		pg.Image = f.card(pg)
	}
	maps.Copy(out, sitemaps(p, pages, sitemapMaxURLs, sitemapMaxBytes))
	for _, lang := range p.Site.Languages {
		b, err := feed(p, pages, lang)
		if err != nil {
			return err
		}
		out[lang+"/feed.xml"] = b
	}
	return nil
}

func (f *webFeature) card(pg *Page) string {
	if pg.Report != nil && f.cards[pg.Report.ID+"-"+pg.Lang] {
		return "assets/" + socialDir + "/" + pg.Report.ID + "-" + pg.Lang + ".png"
	}
	if f.cards["site-"+pg.Lang] {
		return "assets/" + socialDir + "/site-" + pg.Lang + ".png"
	}
	return ""
}

// HreflangLink is one <link rel="alternate" hreflang> of a page.
type HreflangLink struct {
	Lang, URL string
}

// Hreflang lists the page's language versions as absolute URLs, itself
// included, and the x-default: the language chooser (the site root) for the
// root and home pages, the Chinese original for every other page. The
// sitemap and the <head> both use it, so they cannot disagree; every page
// of a set lists the same set, so the links are reciprocal.
func (p *Page) Hreflang() []HreflangLink {
	if p.NoIndex || len(p.Alternates) < 2 {
		return nil
	}
	var out []HreflangLink
	for _, a := range p.Alternates {
		out = append(out, HreflangLink{a.LangTag, p.Abs(a.Path)})
	}
	def := p.Abs(p.Alternates[0].Path)
	if p.Kind == "root" || p.Kind == "home" {
		def = p.Abs("")
	}
	return append(out, HreflangLink{"x-default", def})
}

var ogLocales = map[string]string{"zh": "zh_CN", "en": "en_GB"} // the translation spells British

// OGLocale is the page's og:locale.
func (p *Page) OGLocale() string { return ogLocales[p.Lang] }

// OGLocaleAlternates are the og:locale:alternate values.
func (p *Page) OGLocaleAlternates() []string {
	var out []string
	for _, a := range p.Other() {
		out = append(out, ogLocales[a.Lang])
	}
	return out
}

// SocialTitle is the title a shared link shows: the page's own heading
// (og:site_name names the site).
func (p *Page) SocialTitle() string {
	if p.Heading != "" {
		return p.Heading
	}
	return p.Title
}

// ImageAlt describes the social card: it shows the report's title, or the
// site's.
func (p *Page) ImageAlt() string {
	if p.Report != nil {
		return p.Report.Title
	}
	return p.Site.Title
}

// lastmod of a page: the edition of its report, or the latest edition for
// pages about every report. Never the clock.
func lastmod(p *Project, pg *Page) string {
	if pg.Report != nil {
		return pg.Report.Edition
	}
	latest := ""
	for _, r := range p.Reports {
		latest = max(latest, r.Meta.Edition)
	}
	return latest
}

// The sitemaps.org limits of one sitemap file: 50,000 URLs and 50 MB
// (52,428,800 bytes) uncompressed. A 50-report archive lists ~22,000
// pages; past ~110 reports the sitemap is split (sitemaps).
const (
	sitemapMaxURLs  = 50000
	sitemapMaxBytes = 50 << 20
)

const (
	urlsetOpen  = `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n"
	urlsetClose = "</urlset>\n"
)

func inSitemap(pg *Page) bool { return !pg.NoIndex && pg.File == "" }

// sitemapPartSize is the size of the sitemap file that starts with
// pages[0]: the entries of the pages it will hold, as sitemaps writes them
// unless a URL needs escaping, and the file's head and tail. Its buffer is
// made that size at once; growing it by doubling had held twice the
// sitemap's 13 MB (50 reports) and copied it while the pages rendered.
func sitemapPartSize(p *Project, pages []*Page, maxURLs, maxBytes int) int {
	const (
		urlTags  = len("<url><loc></loc><lastmod></lastmod></url>\n")
		linkTags = len(`<xhtml:link rel="alternate" hreflang="" href=""/>`)
	)
	size, n := len(xml.Header)+len(urlsetOpen)+len(urlsetClose), 0
	base := len(p.Site.BaseURL)
	for _, pg := range pages {
		if !inSitemap(pg) {
			continue
		}
		entry := urlTags + base + len(pg.Path) + len(lastmod(p, pg))
		if len(pg.Alternates) >= 2 {
			for _, a := range pg.Alternates {
				entry += linkTags + len(a.LangTag) + base + len(a.Path)
			}
			entry += linkTags + len("x-default") + base
			if pg.Kind != "root" && pg.Kind != "home" { // as in Hreflang
				entry += len(pg.Alternates[0].Path)
			}
		}
		if n == maxURLs || size+entry > maxBytes {
			break
		}
		size += entry
		n++
	}
	return size
}

// sitemaps lists every indexable page with its hreflang alternates in
// sitemap.xml, or, when the list outgrows one file's limits (maxURLs
// entries, maxBytes bytes), in sitemap-1.xml, sitemap-2.xml… under a
// sitemap index at sitemap.xml, the address robots.txt gives.
func sitemaps(p *Project, pages []*Page, maxURLs, maxBytes int) map[string][]byte {
	var parts [][]byte
	var b bytes.Buffer
	n := 0 // entries in b
	var entry bytes.Buffer
	for i, pg := range pages {
		if !inSitemap(pg) {
			continue
		}
		entry.Reset()
		entry.WriteString("<url><loc>")
		writeXMLText(&entry, pg.Abs(pg.Path))
		entry.WriteString("</loc>")
		if m := lastmod(p, pg); m != "" {
			entry.WriteString("<lastmod>" + m + "</lastmod>")
		}
		for _, h := range pg.Hreflang() {
			entry.WriteString(`<xhtml:link rel="alternate" hreflang="`)
			entry.WriteString(h.Lang)
			entry.WriteString(`" href="`)
			writeXMLText(&entry, h.URL)
			entry.WriteString(`"/>`)
		}
		entry.WriteString("</url>\n")
		if n > 0 && (n == maxURLs || b.Len()+entry.Len()+len(urlsetClose) > maxBytes) {
			b.WriteString(urlsetClose)
			parts = append(parts, b.Bytes())
			b, n = bytes.Buffer{}, 0
		}
		if n == 0 {
			b.Grow(sitemapPartSize(p, pages[i:], maxURLs, maxBytes))
			b.WriteString(xml.Header)
			b.WriteString(urlsetOpen)
		}
		b.Write(entry.Bytes())
		n++
	}
	if n == 0 {
		b.WriteString(xml.Header)
		b.WriteString(urlsetOpen)
	}
	b.WriteString(urlsetClose)
	parts = append(parts, b.Bytes())
	if len(parts) == 1 {
		return map[string][]byte{"sitemap.xml": parts[0]}
	}
	files := map[string][]byte{}
	var index bytes.Buffer
	index.WriteString(xml.Header)
	index.WriteString(`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for i, part := range parts {
		name := fmt.Sprintf("sitemap-%d.xml", i+1)
		files[name] = part
		index.WriteString("<sitemap><loc>")
		writeXMLText(&index, p.Site.BaseURL+name)
		index.WriteString("</loc></sitemap>\n")
	}
	index.WriteString("</sitemapindex>\n")
	files["sitemap.xml"] = index.Bytes()
	return files
}

// writeXMLText is xml.EscapeText for a string: a URL made of printable
// ASCII other than & < > ' " (nearly every one) is written as it is, with
// no copy.
func writeXMLText(b *bytes.Buffer, s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '&' || c == '<' || c == '>' || c == '\'' || c == '"' {
			xml.EscapeText(b, []byte(s))
			return
		}
	}
	b.WriteString(s)
}

type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID       string      `xml:"id"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle,omitempty"`
	Updated  string      `xml:"updated"`
	Links    []atomLink  `xml:"link"`
	Author   atomPerson  `xml:"author"`
	Rights   string      `xml:"rights,omitempty"`
	Icon     string      `xml:"icon,omitempty"`
	Entries  []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel      string `xml:"rel,attr"`
	Type     string `xml:"type,attr,omitempty"`
	Href     string `xml:"href,attr"`
	HrefLang string `xml:"hreflang,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	ID        string     `xml:"id"`
	Title     string     `xml:"title"`
	Updated   string     `xml:"updated"`
	Published string     `xml:"published,omitempty"`
	Links     []atomLink `xml:"link"`
	Summary   string     `xml:"summary"`
}

func atomDate(d string) string {
	if d == "" {
		return ""
	}
	return d + "T00:00:00Z"
}

// feed is the Atom feed of a language's reports, newest edition first.
func feed(p *Project, pages []*Page, lang string) ([]byte, error) {
	var overviews []*Page
	var home *Page
	for _, pg := range pages {
		if pg.Lang != lang {
			continue
		}
		switch pg.Kind {
		case "report":
			overviews = append(overviews, pg)
		case "home":
			home = pg
		}
	}
	if home == nil {
		return nil, fmt.Errorf("feed %s: no home page", lang)
	}
	sort.SliceStable(overviews, func(i, j int) bool {
		return overviews[i].Report.Edition > overviews[j].Report.Edition
	})
	f := atomFeed{Lang: langTags[lang], ID: home.Abs(lang + "/"), Title: home.Site.Title, Subtitle: home.Description,
		Updated: atomDate(lastmod(p, home)), Author: atomPerson{home.Site.Publisher}, Rights: home.Site.Licence,
		Icon: home.Abs("assets/favicon-32.png"),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: home.Abs(lang + "/feed.xml")},
			{Rel: "alternate", Type: "text/html", Href: home.Abs(lang + "/")},
		}}
	for _, pg := range overviews {
		e := atomEntry{ID: pg.Abs(pg.Path), Title: pg.Report.Title, Updated: atomDate(pg.Report.Edition),
			Published: atomDate(pg.Report.Delivered), Summary: pg.Description,
			Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: pg.Abs(pg.Path), HrefLang: langTags[lang]}}}
		for _, a := range pg.Other() {
			e.Links = append(e.Links, atomLink{Rel: "alternate", Type: "text/html", Href: pg.Abs(a.Path), HrefLang: a.LangTag})
		}
		f.Entries = append(f.Entries, e)
	}
	b, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(append([]byte(xml.Header), b...), '\n'), nil
}
