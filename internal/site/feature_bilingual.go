package site

import (
	"html/template"

	"reportsite/internal/content"
)

// bilingualFeature makes a side-by-side page per section,
// /{lang}/{report}/{section}/bilingual/: the Chinese original and the
// English translation in two columns, one row per paragraph, each row
// carrying the paragraph's shared id so that anchors work across every
// view. The Chinese stays on the left in both languages' versions: it is
// the original; only the interface language differs.
type bilingualFeature struct{}

func newBilingualFeature() Feature { return bilingualFeature{} }

func (bilingualFeature) Load(*Project) error                     { return nil }
func (bilingualFeature) Files(*Project, map[string][]byte) error { return nil }

// bilingualView is the model of a side-by-side page.
type bilingualView struct {
	Section  Link // the section's own page in this language
	Before   []bilingualRow
	Children []bilingualChild // a part's subsections, between Before and After
	After    []bilingualRow
}

type bilingualRow struct {
	ID     string
	Item   bool
	ZH, EN BlockView
}

type bilingualChild struct {
	Marker, OtherMarker string
	Title, OtherTitle   template.HTML
	Path                string // the child's side-by-side page
}

// bilingualPath is the side-by-side page of a section page.
func bilingualPath(sectionPath string) string { return sectionPath + "bilingual/" }

func (bilingualFeature) Pages(p *Project, lang string) []*Page {
	if len(p.Site.Languages) < 2 {
		return nil
	}
	var pages []*Page
	for _, r := range p.Reports {
		zh, en := r.Docs["zh"], r.Docs["en"]
		if zh == nil || en == nil {
			continue
		}
		rv := p.reportView(r, lang)
		home := Link{Title: p.Strings[lang]["home"], Path: lang + "/"}
		nav := p.reportNav(r, lang)
		var reportPages []*Page
		for i, zs := range zh.Sections {
			if zs.Kind == content.KindPreamble || i >= len(en.Sections) {
				continue
			}
			es := en.Sections[i]
			own := zs
			if lang != "zh" {
				own = es
			}
			secPath := rv.Path + zs.Slug + "/"
			path := bilingualPath(secPath)
			marker := SectionMarker(lang, own.Number)
			if own.Kind == content.KindPart {
				marker = PartMarker(lang, own.Part)
			}
			plain := content.PlainText(own.TitleHTML)
			v := &bilingualView{Section: Link{Title: plain, Marker: marker, Path: secPath}}
			zb, za := splitAtSections(zs.Blocks)
			eb, ea := splitAtSections(es.Blocks)
			v.Before = p.bilingualRows(r, zb, eb, path)
			v.After = p.bilingualRows(r, za, ea, path)
			if zs.Kind == content.KindPart {
				for j := i + 1; j < len(zh.Sections) && j < len(en.Sections); j++ {
					c, ce := zh.Sections[j], en.Sections[j]
					if c.Kind != content.KindSection || c.Part != zs.Part {
						continue
					}
					ch := bilingualChild{Marker: SectionMarker("zh", c.Number), Title: template.HTML(c.TitleHTML),
						OtherMarker: SectionMarker("en", c.Number), OtherTitle: template.HTML(ce.TitleHTML),
						Path: bilingualPath(rv.Path + c.Slug + "/")}
					if lang != "zh" {
						ch.Marker, ch.OtherMarker = ch.OtherMarker, ch.Marker
						ch.Title, ch.OtherTitle = ch.OtherTitle, ch.Title
					}
					v.Children = append(v.Children, ch)
				}
			}
			pg := p.page("bilingual", lang, path)
			pg.Report = rv
			pg.Heading = p.Strings[lang]["bilingual_view"]
			pg.Title = marker + plain + " · " + pg.Heading + " | " + rv.Title
			pg.Description = pg.Heading + ": " + marker + plain
			pg.Crumbs = []Link{home, {Title: rv.Title, Path: rv.Path}, v.Section}
			pg.Nav = nav
			pg.Data = v
			if n := len(reportPages); n > 0 {
				prev := reportPages[n-1]
				ps := prev.Data.(*bilingualView).Section
				pg.Prev = &Link{Title: ps.Title, Marker: ps.Marker, Path: prev.Path}
				prev.Next = &Link{Title: plain, Marker: marker, Path: pg.Path}
			}
			reportPages = append(reportPages, pg)
		}
		pages = append(pages, reportPages...)
	}
	return pages
}

// bilingualRows pairs the blocks of the two languages by id (Align has
// checked that they match one to one, in order).
func (p *Project) bilingualRows(r *Report, zh, en []content.Block, pagePath string) []bilingualRow {
	zv := p.blocks(r, zh, "zh", pagePath)
	ev := p.blocks(r, en, "en", pagePath)
	byID := map[string]BlockView{}
	for _, b := range ev {
		byID[b.ID] = b
	}
	var rows []bilingualRow
	for _, z := range zv {
		e, ok := byID[z.ID]
		if !ok {
			continue
		}
		rows = append(rows, bilingualRow{ID: z.ID, Item: z.Item, ZH: z, EN: e})
	}
	return rows
}

// SectionBilingual is the side-by-side page of a section page, for its
// template; "" when the site has one language.
func (p *Page) SectionBilingual() string {
	if p.Kind != "section" || len(p.Site.Languages) < 2 {
		return ""
	}
	return bilingualPath(p.Path)
}
