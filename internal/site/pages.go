package site

import (
	"html/template"
	"strings"

	"reportsite/internal/content"
)

var langTags = map[string]string{"zh": "zh-Hans", "en": "en"}
var langNames = map[string]string{"zh": "中文", "en": "English"}

// Pages lists every HTML page of the site in a fixed order.
func (p *Project) Pages() []*Page {
	// Each language's pages are made on its own core (makers only read
	// the project, or go through its locked caches); they are listed in
	// language order.
	langs := p.Site.Languages
	perLang := make([][]*Page, len(langs))
	forEachParallel(len(langs), func(i int) { perLang[i] = p.languagePages(langs[i]) })
	pages := []*Page{p.page("root", langs[0], "")}
	for _, ps := range perLang {
		pages = append(pages, ps...)
	}
	return pages
}

// languagePages are the pages in one language: home, the reports' pages,
// the features' pages.
func (p *Project) languagePages(lang string) []*Page {
	home := p.page("home", lang, lang+"/")
	home.Heading = home.Site.Title
	home.Title = home.Site.Title
	home.Description = home.T["home_description"]
	for _, r := range p.Reports {
		rv := *p.reportView(r, lang) // a copy: the shared view has no Nav
		rv.Nav = p.reportNav(r, lang)
		home.Reports = append(home.Reports, &rv)
	}
	pages := []*Page{home}
	for _, r := range p.Reports {
		pages = append(pages, p.reportPages(r, lang)...)
	}
	for _, f := range p.features {
		pages = append(pages, f.Pages(p, lang)...)
	}
	return pages
}

// blocks makes the views of content blocks for the page at pagePath and
// lets decorators enrich them; RootURL in what they add becomes the
// page's relative path to the site root when the page is rendered (see
// BlockView.HTML).
func (p *Project) blocks(r *Report, blocks []content.Block, lang, pagePath string) []BlockView {
	decorated := p.decorated(r, blocks, lang)
	if len(decorated) == 0 {
		return nil
	}
	root := strings.Repeat("../", strings.Count(pagePath, "/"))
	views := append([]BlockView(nil), decorated...)
	for i := range views {
		views[i].root = root
	}
	return views
}

// decorated returns the views of blocks with every decorator applied,
// before RootURL is resolved. The same blocks appear on several pages (a
// section page and the side-by-side pages of both languages), and what
// decorators add depends only on the report, the blocks and data/ (see
// Decorator), so each list is decorated once per build and language.
func (p *Project) decorated(r *Report, blocks []content.Block, lang string) []BlockView {
	if len(blocks) == 0 {
		return nil
	}
	key := decoratedKey{report: r, lang: lang, first: &blocks[0], n: len(blocks)}
	p.viewsMu.Lock()
	v, ok := p.decorations[key]
	p.viewsMu.Unlock()
	if ok {
		return v
	}
	views := blockViews(blocks, lang)
	for _, f := range p.features {
		if d, ok := f.(Decorator); ok {
			d.Decorate(p, r, lang, views)
		}
	}
	p.viewsMu.Lock()
	if p.decorations == nil {
		p.decorations = map[decoratedKey][]BlockView{}
	}
	p.decorations[key] = views
	p.viewsMu.Unlock()
	return views
}

// decoratedKey names a list of blocks: the same slice of a document.
type decoratedKey struct {
	report *Report
	lang   string
	first  *content.Block
	n      int
}

// reportNav collects the features' links for a report.
// The links are collected once per build, report and language, and
// shared by the report's pages: nothing may modify them.
func (p *Project) reportNav(r *Report, lang string) []Link {
	key := r.Meta.ID + "\x00" + lang
	p.viewsMu.Lock()
	out, ok := p.navs[key]
	p.viewsMu.Unlock()
	if ok {
		return out
	}
	for _, f := range p.features {
		if n, ok := f.(Navigator); ok {
			out = append(out, n.ReportNav(p, r, lang)...)
		}
	}
	out = out[:len(out):len(out)] // an append makes a copy
	p.viewsMu.Lock()
	if p.navs == nil {
		p.navs = map[string][]Link{}
	}
	p.navs[key] = out
	p.viewsMu.Unlock()
	return out
}

// siteView is the site as pages show it in lang, shared by all of them:
// nothing may modify it.
func (p *Project) siteView(lang string) *SiteView {
	p.viewsMu.Lock()
	defer p.viewsMu.Unlock()
	if v, ok := p.sites[lang]; ok {
		return v
	}
	v := &SiteView{Title: p.Site.TitleZh, BaseURL: p.Site.BaseURL, Languages: p.Site.Languages,
		Publisher: p.Site.PublisherZh, Licence: p.Site.Licence, LicenceURL: p.Site.LicenceURL}
	if lang == "en" {
		v.Title, v.Publisher = p.Site.TitleEn, p.Site.PublisherEn
	}
	if p.sites == nil {
		p.sites = map[string]*SiteView{}
	}
	p.sites[lang] = v
	return v
}

func (p *Project) page(kind, lang, path string) *Page {
	pg := &Page{Kind: kind, Lang: lang, LangTag: langTags[lang], Path: path, T: p.Strings[lang], Site: p.siteView(lang)}
	for _, l := range p.Site.Languages {
		alt := Alternate{Lang: l, LangTag: langTags[l], Name: langNames[l], Current: l == lang}
		switch {
		case kind == "root":
			alt.Path = l + "/"
		default:
			alt.Path = l + strings.TrimPrefix(path, lang)
		}
		pg.Alternates = append(pg.Alternates, alt)
	}
	return pg
}

// reportView returns the report as shown in one language. It is built
// once per build (its preamble's decorations and its table of contents
// cost as much as a page) and shared by all the report's pages, so
// nothing may modify it.
func (p *Project) reportView(r *Report, lang string) *ReportView {
	key := r.Meta.ID + "\x00" + lang
	p.viewsMu.Lock()
	v, ok := p.views[key]
	p.viewsMu.Unlock()
	if ok {
		return v
	}
	v = p.newReportView(r, lang) // not under the lock: it decorates blocks
	p.viewsMu.Lock()
	defer p.viewsMu.Unlock()
	if first, ok := p.views[key]; ok {
		return first // made meanwhile by another goroutine
	}
	if p.views == nil {
		p.views = map[string]*ReportView{}
	}
	p.views[key] = v
	return v
}

func (p *Project) newReportView(r *Report, lang string) *ReportView {
	m := r.Meta
	v := &ReportView{ID: m.ID, Title: m.TitleZh, Period: m.Period, Edition: m.Edition, Delivered: m.Delivered,
		Issuer: m.IssuerZh, Meeting: m.MeetingZh, Presenter: m.Presenter, SourceURL: m.SourceURL, Note: m.NoteZh,
		Path: lang + "/" + m.ID + "/", SeedPath: "data/" + m.ID + "/" + m.Seed, SeedBytes: len(r.Seed), Meta: *m}
	if lang == "en" {
		v.Title, v.Issuer, v.Meeting, v.Note = m.TitleEn, m.IssuerEn, m.MeetingEn, m.NoteEn
	}
	doc := r.Docs[lang]
	var part *TOCEntry
	for _, s := range doc.Sections {
		switch s.Kind {
		case content.KindPreamble:
			v.Preamble = p.blocks(r, s.Blocks, lang, v.Path)
		case content.KindPart:
			v.TOC = append(v.TOC, TOCEntry{Marker: PartMarker(lang, s.Part), Title: template.HTML(s.TitleHTML), Path: v.Path + s.Slug + "/"})
			part = &v.TOC[len(v.TOC)-1]
		case content.KindSection:
			e := TOCEntry{Marker: SectionMarker(lang, s.Number), Title: template.HTML(s.TitleHTML), Path: v.Path + s.Slug + "/"}
			item := 0
			for _, b := range s.Blocks {
				if b.Kind == content.Item {
					item++
					e.Children = append(e.Children, TOCEntry{Marker: ItemMarker(lang, item), Title: template.HTML(b.HTML), Path: e.Path + "#" + b.ID})
				}
			}
			if part != nil {
				part.Children = append(part.Children, e)
			}
		}
	}
	return v
}

// reportPages returns the overview and one page per part and subsection.
func (p *Project) reportPages(r *Report, lang string) []*Page {
	rv := p.reportView(r, lang)
	home := Link{Title: p.Strings[lang]["home"], Path: lang + "/"}
	overview := p.page("report", lang, rv.Path)
	overview.Report = rv
	overview.Heading = rv.Title
	overview.Title = rv.Title + " | " + overview.Site.Title
	overview.Description = description(rv, r.Docs[lang], lang)
	overview.Crumbs = []Link{home}
	nav := p.reportNav(r, lang)
	overview.Nav = nav
	pages := []*Page{overview}
	prev := &Link{Title: rv.Title, Path: rv.Path}
	var partTitle Link
	var sectionPages []*Page
	for _, s := range r.Docs[lang].Sections {
		if s.Kind == content.KindPreamble {
			continue
		}
		pg := p.page("section", lang, rv.Path+s.Slug+"/")
		pg.Report = rv
		sv := &SectionView{Kind: s.Kind, Title: template.HTML(s.TitleHTML), Slug: s.Slug, File: s.File}
		plain := content.PlainText(s.TitleHTML)
		if s.Kind == content.KindPart {
			sv.Marker = PartMarker(lang, s.Part)
			before, after := splitAtSections(s.Blocks)
			sv.Blocks = p.blocks(r, before, lang, pg.Path)
			sv.Closing = p.blocks(r, after, lang, pg.Path)
			for _, e := range rv.TOC {
				if e.Path == pg.Path {
					sv.Children = e.Children
				}
			}
			partTitle = Link{Title: plain, Marker: sv.Marker, Path: pg.Path}
			pg.Crumbs = []Link{home, {Title: rv.Title, Path: rv.Path}}
		} else {
			sv.Marker = SectionMarker(lang, s.Number)
			sv.Blocks = p.blocks(r, s.Blocks, lang, pg.Path)
			pg.Crumbs = []Link{home, {Title: rv.Title, Path: rv.Path}, partTitle}
		}
		pg.Section = sv
		pg.Nav = nav
		pg.Heading = plain
		pg.Title = sv.Marker + plain + " | " + rv.Title
		pg.Description = sectionDescription(s, lang)
		pg.Prev = prev
		prev = &Link{Title: plain, Marker: sv.Marker, Path: pg.Path}
		sectionPages = append(sectionPages, pg)
	}
	for i, pg := range sectionPages {
		if i+1 < len(sectionPages) {
			n := sectionPages[i+1]
			pg.Next = &Link{Title: n.Heading, Marker: n.Section.Marker, Path: n.Path}
		}
	}
	if len(sectionPages) > 0 {
		f := sectionPages[0]
		overview.Next = &Link{Title: f.Heading, Marker: f.Section.Marker, Path: f.Path}
	}
	return append(pages, sectionPages...)
}

func splitAtSections(blocks []content.Block) (before, after []content.Block) {
	for i, b := range blocks {
		if b.Kind == content.Sections {
			return blocks[:i], blocks[i+1:]
		}
	}
	return blocks, nil
}

// description builds a meta description from the leads: they are the
// report's own one-line summaries.
func description(rv *ReportView, d *content.Document, lang string) string {
	var leads []string
	for _, s := range d.Sections {
		for _, b := range s.Paragraphs() {
			if b.Lead != "" {
				leads = append(leads, b.Lead)
			}
		}
	}
	return clipText(rv.Title+sep(lang)+strings.Join(leads, space(lang)), 160)
}

func sectionDescription(s *content.Section, lang string) string {
	var parts []string
	for _, b := range s.Paragraphs() {
		if b.Lead != "" {
			parts = append(parts, b.Lead)
		}
	}
	if len(parts) == 0 {
		for _, b := range s.Paragraphs() {
			parts = append(parts, b.Text)
			break
		}
	}
	if len(parts) == 0 {
		return content.PlainText(s.TitleHTML)
	}
	return clipText(content.PlainText(s.TitleHTML)+sep(lang)+strings.Join(parts, space(lang)), 160)
}

func sep(lang string) string {
	if lang == "zh" {
		return "："
	}
	return ": "
}

func space(lang string) string {
	if lang == "zh" {
		return ""
	}
	return " "
}

func clipText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
