package site

import (
	"html"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"reportsite/internal/content"
	"reportsite/internal/doctitles"
	"reportsite/internal/glossary"
	"reportsite/internal/srcpos"
)

// glossaryFeature is the English edition's terminology: it checks that
// every glossary term of a Chinese paragraph has its rendering in the
// English one and that document titles pair up, makes a glossary page per
// language and report, explains each programme or slogan at its first use
// on a page, and shows the Chinese title of every translated document
// title.
type glossaryFeature struct {
	g      *glossary.Glossary
	found  sync.Map // Chinese text → []glossary.Occurrence: see find
	result *glossary.Result
	// per report id
	zh     map[string]map[string]string   // block id → Chinese plain text
	titles map[string]map[string][]string // block id → Chinese 《》 titles
	units  map[string][]unitRef           // units in reading order
}

// unitRef is where a unit is shown: its page and anchor.
type unitRef struct {
	id, slug, anchor string
}

func newGlossaryFeature() Feature { return &glossaryFeature{} }

// find is g.Find, once per text and build: the pages of both languages
// and the glossary pages read the terms of the same Chinese paragraphs.
// Callers must not modify the result.
func (f *glossaryFeature) find(zh string) []glossary.Occurrence {
	if o, ok := f.found.Load(zh); ok {
		return o.([]glossary.Occurrence)
	}
	o, _ := f.found.LoadOrStore(zh, f.g.Find(zh))
	return o.([]glossary.Occurrence)
}

func (f *glossaryFeature) Load(p *Project) error {
	path := filepath.Join(p.Root, "data", "glossary.toml")
	src, err := os.ReadFile(path)
	if err != nil {
		return srcpos.Errorf(srcpos.Pos{File: path}, nil, "cannot read the glossary: %v", err)
	}
	// The dev server parses it again only when it changes.
	g, err := remember(p.memo, "glossary", src, func() (*glossary.Glossary, error) { return glossary.Parse(path, src) })
	if err != nil {
		return err
	}
	f.g = g
	f.zh = map[string]map[string]string{}
	f.titles = map[string]map[string][]string{}
	f.units = map[string][]unitRef{}
	var units []glossary.Unit
	var errs srcpos.List
	for _, r := range p.Reports {
		zh, en := r.Docs["zh"], r.Docs["en"]
		if zh == nil || en == nil {
			continue
		}
		id := r.Meta.ID
		f.zh[id] = map[string]string{}
		f.titles[id] = map[string][]string{}
		for _, pr := range alignedPairs(zh, en) {
			units = append(units, pr.unit)
			f.units[id] = append(f.units[id], unitRef{pr.unit.ID, pr.slug, pr.anchor})
			f.zh[id][pr.unit.ID] = pr.unit.ZH
			if pr.anchor == "" {
				continue // a page title: no document titles there
			}
			zt, et := doctitles.Chinese(pr.unit.ZH), doctitles.English(pr.enHTML)
			if len(zt) != len(et) {
				errs.Add(srcpos.Errorf(pr.unit.ENPos, readSource(pr.unit.ENPos.File),
					"%s has %d document title(s) in the Chinese (%s, at %s) but %d in italics here: write each 《》 title as *Title*, and use italics for nothing else",
					pr.unit.ID, len(zt), strings.Join(zt, ""), pr.unit.ZHPos, len(et)))
				continue
			}
			if len(zt) > 0 {
				f.titles[id][pr.unit.ID] = zt
			}
		}
	}
	f.result = g.Check(units)
	errs = append(errs, f.result.Errors...)
	return errs.Err()
}

// alignedPair is a unit of the term check with where it is shown.
type alignedPair struct {
	unit         glossary.Unit
	slug, anchor string // anchor "" for a page title
	enHTML       string
}

// alignedPairs pairs the page titles, headings and paragraphs of a
// translation with the original's, in reading order. Pages pair by
// position and slug and blocks by id; what does not pair is Align's to
// report.
func alignedPairs(zh, en *content.Document) []alignedPair {
	var out []alignedPair
	for i, zs := range zh.Sections {
		if i >= len(en.Sections) || en.Sections[i].Slug != zs.Slug {
			continue
		}
		es := en.Sections[i]
		if zs.Kind != content.KindPreamble {
			out = append(out, alignedPair{unit: titleUnit(zs, es), slug: zs.Slug, enHTML: es.TitleHTML})
		}
		enBlocks := map[string]content.Block{}
		for _, b := range es.Blocks {
			enBlocks[b.ID] = b
		}
		for _, zb := range zs.Blocks {
			if eb, ok := enBlocks[zb.ID]; ok && zb.Kind != content.Sections {
				out = append(out, alignedPair{unit: blockUnit(zs, es, zb, eb), slug: zs.Slug, anchor: zb.ID, enHTML: eb.HTML})
			}
		}
	}
	return out
}

// blockUnit pairs a paragraph or item heading with its translation.
func blockUnit(zs, es *content.Section, zb, eb content.Block) glossary.Unit {
	col := 1
	if zb.Kind == content.Item {
		col = len("## ") + 1
	}
	return glossary.Unit{ID: zb.ID, ZH: zb.Text, EN: eb.Text, ZHSource: zb.Markdown,
		ZHPos: srcpos.Pos{File: zs.File, Line: zb.Line, Col: col},
		ENPos: srcpos.Pos{File: es.File, Line: eb.Line, Col: col}}
}

// titleUnit pairs the titles of a page.
func titleUnit(zs, es *content.Section) glossary.Unit {
	return glossary.Unit{ID: "title-" + zs.Slug, ZH: content.PlainText(zs.TitleHTML), EN: content.PlainText(es.TitleHTML),
		ZHSource: zs.Title, ZHPos: titlePos(zs), ENPos: titlePos(es)}
}

// titlePos finds the title key in a content file's front matter.
func titlePos(s *content.Section) srcpos.Pos {
	for i, l := range strings.Split(string(readSource(s.File)), "\n") {
		if k, _, ok := strings.Cut(l, "="); ok && strings.TrimSpace(k) == "title" {
			q := strings.IndexByte(l, '"') // the text starts after the quote
			return srcpos.Pos{File: s.File, Line: i + 1, Col: utf8.RuneCountInString(l[:q+1]) + 1}
		}
	}
	return srcpos.Pos{File: s.File, Line: s.Line, Col: 1}
}

func readSource(file string) []byte {
	b, _ := os.ReadFile(file) // for positions and excerpts only
	return b
}

func (f *glossaryFeature) Files(*Project, map[string][]byte) error { return nil }

func (f *glossaryFeature) ReportNav(p *Project, r *Report, lang string) []Link {
	return []Link{{Title: p.Strings[lang]["glossary"], Path: glossaryPath(r, lang)}}
}

func glossaryPath(r *Report, lang string) string { return lang + "/" + r.Meta.ID + "/glossary/" }

// Decorate explains, on each page, the first use of every programme,
// slogan and campaign that has a definition: a link to its glossary
// entry, with the definition as the link's title (a tooltip, read out by
// screen readers as the link's description, shown on keyboard focus by
// CSS). In English it also gives every document title its Chinese title.
func (f *glossaryFeature) Decorate(p *Project, r *Report, lang string, blocks []BlockView) {
	zh := f.zh[r.Meta.ID]
	if zh == nil {
		return
	}
	marked := map[string]bool{} // by rendering: 创熟 and 创建熟人社区 read the same
	for i := range blocks {
		b := &blocks[i]
		h := string(b.Body)
		if !b.Item {
			for _, o := range f.find(zh[b.ID]) {
				t := o.Term
				def := definition(t, lang)
				if marked[t.EN] || def == "" || !glossary.Annotated(t.Category) {
					continue
				}
				open := `<a class="term" href="` + RootURL + glossaryPath(r, lang) + "#" + t.ID + `" title="` + html.EscapeString(def) + `">`
				var ok bool
				if lang == "zh" {
					h, ok = f.g.MarkChinese(t, h, open, "</a>")
				} else {
					h, ok = t.Mark(h, open, "</a>")
				}
				marked[t.EN] = ok
			}
		}
		if titles := f.titles[r.Meta.ID][b.ID]; lang != "zh" && len(titles) > 0 {
			note := p.Strings[lang]["chinese_title"]
			h = doctitles.Annotate(h, func(i int, em string) string {
				if i >= len(titles) {
					return em
				}
				zt := html.EscapeString(titles[i])
				inner := strings.TrimSuffix(strings.TrimPrefix(em, "<em>"), "</em>")
				return `<span class="doc-title" lang="zh-Hans" title="` + zt + `"><em lang="` + langTags[lang] + `">` + inner +
					`</em></span><span class="visually-hidden"> (` + html.EscapeString(note) + `: <span lang="zh-Hans">` + zt + `</span>)</span>`
			})
		}
		b.Body = template.HTML(h)
	}
}

func definition(t *glossary.Term, lang string) string {
	if lang == "zh" {
		return t.DefinitionZH
	}
	return t.DefinitionEN
}

// glossaryView is the model of a glossary page.
type glossaryView struct {
	Count  int
	Groups []glossaryGroup
}

type glossaryGroup struct {
	ID, Title string
	Terms     []glossaryEntry
}

type glossaryEntry struct {
	ID         string
	Term       string // in the page's language
	Other      string // in the other language
	OtherLang  string // its lang tag
	Pinyin     string
	Definition template.HTML
	DefLang    string // lang tag of the definition when it is not the page's
	Source     string
	Uses       int
	First      *Link
}

func (f *glossaryFeature) Pages(p *Project, lang string) []*Page {
	var pages []*Page
	for _, r := range p.Reports {
		refs := f.units[r.Meta.ID]
		if refs == nil {
			continue
		}
		rv := p.reportView(r, lang)
		titles := map[string]Link{} // slug → page
		for _, e := range rv.TOC {
			titles[strings.TrimPrefix(e.Path, rv.Path)] = Link{Title: content.PlainText(string(e.Title)), Marker: e.Marker, Path: e.Path}
			for _, c := range e.Children {
				titles[strings.TrimPrefix(c.Path, rv.Path)] = Link{Title: content.PlainText(string(c.Title)), Marker: c.Marker, Path: c.Path}
			}
		}
		uses := map[*glossary.Term]int{}
		first := map[*glossary.Term]*Link{}
		zh := f.zh[r.Meta.ID]
		for _, u := range refs {
			seen := map[*glossary.Term]bool{}
			for _, o := range f.find(zh[u.id]) {
				if seen[o.Term] {
					continue
				}
				seen[o.Term] = true
				uses[o.Term]++
				if first[o.Term] == nil {
					l := titles[u.slug+"/"]
					if u.anchor != "" {
						l.Path += "#" + u.anchor
					}
					first[o.Term] = &l
				}
			}
		}
		var terms []*glossary.Term
		for _, t := range f.g.Terms {
			if uses[t] > 0 {
				terms = append(terms, t)
			}
		}
		v := &glossaryView{Count: len(terms)}
		sorted := glossary.Sorted(terms, lang)
		for _, c := range glossary.Categories {
			grp := glossaryGroup{ID: "c-" + c, Title: p.Strings[lang]["glossary_cat_"+c]}
			for _, t := range sorted {
				if t.Category != c {
					continue
				}
				e := glossaryEntry{ID: t.ID, Term: t.EN, Other: t.ZH, OtherLang: "zh-Hans", Pinyin: t.Pinyin,
					Definition: chineseRuns(t.DefinitionEN), Source: t.Source, Uses: uses[t], First: first[t]}
				if lang == "zh" {
					e.Term, e.Other, e.OtherLang, e.Pinyin = t.ZH, t.EN, "en", ""
					e.Definition = template.HTML(html.EscapeString(t.DefinitionZH))
					if t.DefinitionZH == "" && t.DefinitionEN != "" {
						e.Definition, e.DefLang = chineseRuns(t.DefinitionEN), "en"
					}
				}
				grp.Terms = append(grp.Terms, e)
			}
			if len(grp.Terms) > 0 {
				v.Groups = append(v.Groups, grp)
			}
		}
		pg := p.page("glossary", lang, glossaryPath(r, lang))
		pg.Report = rv
		pg.Heading = p.Strings[lang]["glossary"]
		pg.Title = pg.Heading + " | " + rv.Title
		pg.Description = p.Strings[lang]["glossary_intro"]
		pg.Crumbs = []Link{{Title: p.Strings[lang]["home"], Path: lang + "/"}, {Title: rv.Title, Path: rv.Path}}
		pg.Nav = p.reportNav(r, lang)
		pg.Data = v
		pages = append(pages, pg)
	}
	return pages
}

// chineseRuns escapes English text and marks the Chinese in it (a term
// quoted in a definition) with lang="zh-Hans", so that it is read and
// drawn as Chinese.
func chineseRuns(s string) template.HTML {
	if !utf8.ValidString(s) {
		s = string([]rune(s)) // each stray byte becomes U+FFFD, as ranging over s reads it
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	in := false
	start := 0 // of the run not yet written
	for i, r := range s {
		han := r >= utf8.RuneSelf && (unicode.Is(unicode.Han, r) || in && strings.ContainsRune("《》“”、，。：（）", r))
		if han == in {
			continue
		}
		b.WriteString(html.EscapeString(s[start:i]))
		start = i
		if han {
			b.WriteString(`<span lang="zh-Hans">`)
		} else {
			b.WriteString("</span>")
		}
		in = han
	}
	b.WriteString(html.EscapeString(s[start:]))
	if in {
		b.WriteString("</span>")
	}
	return template.HTML(b.String())
}
