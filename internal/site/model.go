package site

import (
	"html/template"
	"path/filepath"
	"strings"

	"reportsite/internal/config"
	"reportsite/internal/content"
	"reportsite/internal/render"
)

// Page is what a template sees. Every URL in a page is relative (see URL),
// so the site works under any path prefix and from the file system.
type Page struct {
	Kind        string // root, home, report, section, notfound
	Lang        string // zh or en
	LangTag     string // zh-Hans or en: the value of lang attributes
	Path        string // the page's directory relative to the site root: "zh/r/1-1/"
	Title       string // <title>, most specific first
	Heading     string
	Description string
	Site        *SiteView
	Report      *ReportView
	Section     *SectionView
	Prev, Next  *Link
	Crumbs      []Link
	Alternates  []Alternate // every language version, this one included
	T           map[string]string
	Reports     []*ReportView // home page: the reports in this language
	Nav         []Link        // the report's navigation bar (from features)
	Data        any           // a feature page's own model
	File        string        // output file when not Path+"index.html" (404.html)
	NoIndex     bool          // keep out of the sitemap and search engines
	Root        string        // when set, URL builds path-absolute links from it ("/nanhai/report/"): for 404.html, served at any depth
	Image       string        // the page's social card (PNG), path from the site root; set by the web feature
	Chrome      *Chrome       // set for rendering: what the page shares with others (see Chrome)
}

// Chrome is what the parts that many pages have in common are made from:
// the header's search box, the report's navigation bar, the footer, the
// links to the assets in the head. It holds the language, the way back
// to the site root, the site, the report and its navigation, and nothing
// page-specific. Pages with equal chrome share one *Chrome (Project.chrome),
// so the templates make those parts once per build with
// {{shared "partials/…" .Chrome}} (package render) instead of once per
// page: on an archive, most pages are indicator pages whose text is short
// and whose header and footer cost as much as the rest. Nothing may
// modify a Chrome.
type Chrome struct {
	Lang    string
	LangTag string
	Site    *SiteView
	T       map[string]string
	Report  *ReportView // nil on pages about no report
	Nav     []Link      // the report's navigation bar, when the page shows it
	root    string      // relative path to the site root ("../../"), or Page.Root
}

// URL is Page.URL for the pages that share c.
func (c *Chrome) URL(target string) string {
	if rel := c.root + target; rel != "" {
		return rel
	}
	return "./"
}

// chromeKey is everything a Chrome holds: pages with the same key share one.
type chromeKey struct {
	lang, root string
	site       *SiteView
	report     *ReportView
	nav        *Link // the navigation's first element: navigation slices are shared
	navLen     int
}

// chrome returns the Chrome of pg, shared with every page that has the
// same language, depth, site view, report view and navigation.
func (p *Project) chrome(pg *Page) *Chrome {
	root := pg.Root
	if root == "" {
		root = strings.Repeat("../", strings.Count(pg.Path, "/"))
	}
	key := chromeKey{lang: pg.Lang, root: root, site: pg.Site, report: pg.Report, navLen: len(pg.Nav)}
	if len(pg.Nav) > 0 {
		key.nav = &pg.Nav[0]
	}
	p.viewsMu.Lock()
	defer p.viewsMu.Unlock()
	if c, ok := p.chromes[key]; ok {
		return c
	}
	if p.chromes == nil {
		p.chromes = map[chromeKey]*Chrome{}
	}
	c := &Chrome{Lang: pg.Lang, LangTag: pg.LangTag, Site: pg.Site, T: pg.T, Report: pg.Report, Nav: pg.Nav, root: root}
	p.chromes[key] = c
	return c
}

// PageData is a page's Data made only when the page is rendered, after
// every Finisher: features use it for pages that are many and whose views
// are large (indicator pages), so that the views of the whole site are
// never in memory at once, and are made on the render workers. Prepare
// returns the Data the templates see. It runs beside other pages'
// Prepare, so it may only read. The value should hold the page's own
// inputs and nothing more (not the Project): the dev server compares
// page models, this value included, to decide what to render again.
type PageData interface {
	Prepare(pg *Page) any
}

// prepare replaces PageData by the Data it makes.
func (pg *Page) prepare() {
	if d, ok := pg.Data.(PageData); ok {
		pg.Data = d.Prepare(pg)
	}
}

// SiteView is the part of the site settings that pages show.
type SiteView struct {
	Title      string
	BaseURL    string
	Languages  []string
	Publisher  string
	Licence    string
	LicenceURL string
}

// Link is a labelled link.
type Link struct {
	Title  string
	Marker string
	Path   string // relative to the site root
}

// Alternate is the same page in a language.
type Alternate struct {
	Lang, LangTag, Name, Path string
	Current                   bool
}

// ReportView is a report as shown in one language.
type ReportView struct {
	ID        string
	Title     string
	Period    string
	Edition   string
	Delivered string
	Issuer    string
	Meeting   string
	Presenter string
	SourceURL string
	Note      string
	Path      string // overview page
	SeedPath  string // the original text, for download
	SeedBytes int
	Preamble  []BlockView
	TOC       []TOCEntry
	Meta      config.Report
	Nav       []Link // the features' links for the report (on the home page)
}

// TOCEntry is one line of a table of contents, with its children.
type TOCEntry struct {
	Marker   string
	Title    template.HTML
	Path     string
	Children []TOCEntry
}

// SectionView is one page of the report's text.
type SectionView struct {
	Kind     string
	Marker   string
	Title    template.HTML
	Slug     string
	Blocks   []BlockView // for a part: the paragraphs before its subsections
	Closing  []BlockView // for a part: the paragraphs after them
	Children []TOCEntry  // for a part: its subsections
	File     string
}

// BlockView is a paragraph or an item heading.
type BlockView struct {
	Item   bool
	ID     string
	Marker string
	Body   template.HTML // the block's HTML, decorated; links from RootURL
	Lead   bool
	Text   string        // plain text, for features
	Added  template.HTML // a feature's addition after the block (a chart); links from RootURL
	root   string        // the page's relative path to the site root
}

// HTML is the block's HTML for its page: RootURL in the links decorators
// added becomes the page's path to the site root. It is resolved as the
// page is rendered, not when its model is made: the decorated HTML is
// shared by every page that shows the block, where resolved copies were
// a tenth of the live page models.
func (b BlockView) HTML() template.HTML { return resolveRoot(b.Body, b.root) }

// After is what a feature adds after the block, for its page (see HTML).
func (b BlockView) After() template.HTML { return resolveRoot(b.Added, b.root) }

func resolveRoot(h template.HTML, root string) template.HTML {
	return template.HTML(strings.ReplaceAll(string(h), RootURL, root))
}

// loadTemplates parses root's layouts. The page methods the layouts call
// most are given to the renderer to call without reflection.
func loadTemplates(root string) (*render.Templates, error) {
	return render.Load(filepath.Join(root, "layouts"),
		render.Method1((*Page).URL),
		render.Method0(BlockView.HTML),
		render.Method0(BlockView.After),
		render.Method1((*Page).Abs),
		render.Method1((*Chrome).URL),
		render.Method0((*Page).Other),
		render.Method0((*Page).Hreflang),
		render.Method0((*Page).OGLocale),
		render.Method0((*Page).OGLocaleAlternates),
		render.Method0((*Page).SocialTitle),
		render.Method0((*Page).ImageAlt),
		render.Method0((*Page).SectionBilingual),
	)
}

// URL returns target (a path from the site root, "" for the root) relative
// to this page.
func (p *Page) URL(target string) string {
	if p.Root != "" {
		return p.Root + target
	}
	return relativeURL(p.Path, target)
}

// relativeURL is the shortest relative URL from the page in directory from
// to target (both from the site root; target may end in #fragment): up to
// the directories they share, then down. An indicator's page links its
// neighbours as "../gdp-yoy/", not "../../../../en/report/data/gdp-yoy/".
func relativeURL(from, target string) string {
	path, frag := target, ""
	if i := strings.IndexByte(target, '#'); i >= 0 {
		path, frag = target[:i], target[i:]
	}
	common := 0 // bytes of the directories both start with
	for {
		i := strings.IndexByte(from[common:], '/')
		if i < 0 || !strings.HasPrefix(path[common:], from[common:common+i+1]) {
			break
		}
		common += i + 1
	}
	rel := strings.Repeat("../", strings.Count(from[common:], "/")) + path[common:] + frag
	if rel == "" || rel[0] == '#' {
		rel = "./" + rel
	}
	return rel
}

// Abs returns target as an absolute URL under the configured base URL.
func (p *Page) Abs(target string) string { return p.Site.BaseURL + target }

// Other returns the alternates other than the current language.
func (p *Page) Other() []Alternate {
	var out []Alternate
	for _, a := range p.Alternates {
		if !a.Current {
			out = append(out, a)
		}
	}
	return out
}

func blockViews(blocks []content.Block, lang string) []BlockView {
	var out []BlockView
	item := 0
	for _, b := range blocks {
		switch b.Kind {
		case content.Paragraph:
			out = append(out, BlockView{ID: b.ID, Body: template.HTML(b.HTML), Lead: b.Lead != "", Text: b.Text})
		case content.Item:
			item++
			out = append(out, BlockView{Item: true, ID: b.ID, Marker: ItemMarker(lang, item), Body: template.HTML(b.HTML), Text: b.Text})
		}
	}
	return out
}
