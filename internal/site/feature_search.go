package site

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"reportsite/internal/dataset"
	"reportsite/internal/search"
)

// searchFeature adds a search page per language and writes the static
// search index (package search) that layouts/assets/search.js reads.
type searchFeature struct {
	Stats map[string]search.Stats // by language, after Finish
}

func newSearchFeature() Feature { return &searchFeature{Stats: map[string]search.Stats{}} }

func (f *searchFeature) Load(p *Project) error                         { return nil }
func (f *searchFeature) Files(p *Project, out map[string][]byte) error { return nil }

// searchPage is the model of a search page.
type searchPage struct {
	Index string // the index's folder, from the site root
}

func (f *searchFeature) Pages(p *Project, lang string) []*Page {
	pg := p.page("search", lang, lang+"/search/")
	pg.Heading = pg.T["search"]
	pg.Title = pg.T["search"] + " | " + pg.Site.Title
	pg.Description = pg.T["search_description"]
	pg.Crumbs = []Link{{Title: pg.T["home"], Path: lang + "/"}}
	pg.NoIndex = true // a page without results is no use to a search engine
	pg.Data = searchPage{Index: "search/" + lang + "/"}
	return []*Page{pg}
}

// searchDatasets is the dataset feature, when the build has one: the
// search reads its checked indicators rather than the file again.
type searchDatasets interface {
	Feature
	Dataset(report string) *dataset.Dataset
}

// Finish builds each language's index from the report pages: page titles,
// item headings and paragraphs, plus the indicators of every report.
func (f *searchFeature) Finish(p *Project, pages []*Page, out map[string][]byte) error {
	finish, err := f.FinishLater(p, pages)
	if err != nil {
		return err
	}
	return finish(out)
}

// FinishLater reads the index's input from the pages (headings, sections
// and paths, which no other finisher changes); the indexes are made by
// the function it returns, while the pages are rendered.
func (f *searchFeature) FinishLater(p *Project, pages []*Page) (func(out map[string][]byte) error, error) {
	langs := p.Site.Languages
	inputs := make([]search.Input, len(langs))
	for i, lang := range langs {
		in, err := f.input(p, pages, lang)
		if err != nil {
			return nil, err
		}
		inputs[i] = in
	}
	return func(out map[string][]byte) error {
		// One index per language, each on its own core.
		files := make([]map[string][]byte, len(langs))
		stats := make([]search.Stats, len(langs))
		errs := make([]error, len(langs))
		forEachParallel(len(langs), func(i int) {
			// The dev server reuses a language's index when its input is
			// the same (an edit changes one language).
			type index struct {
				files map[string][]byte
				stats search.Stats
			}
			ix, err := remember(p.memo, "search/"+langs[i], inputs[i], func() (index, error) {
				files, stats, err := search.Build(inputs[i])
				return index{files, stats}, err
			})
			files[i], stats[i], errs[i] = ix.files, ix.stats, err
		})
		for i, lang := range langs {
			if errs[i] != nil {
				return errs[i]
			}
			for name, b := range files[i] {
				out[name] = b
			}
			f.Stats[lang] = stats[i]
		}
		return nil
	}, nil
}

func (f *searchFeature) input(p *Project, pages []*Page, lang string) (search.Input, error) {
	in := search.Input{Lang: lang}
	reportIndex := map[string]int{}
	leads := map[string]map[string]string{} // report → block id → lead
	for i, r := range p.Reports {
		reportIndex[r.Meta.ID] = i
		title := r.Meta.TitleZh
		if lang == "en" {
			title = r.Meta.TitleEn
		}
		in.Reports = append(in.Reports, search.Report{ID: r.Meta.ID, Title: title, Path: lang + "/" + r.Meta.ID + "/"})
		leads[r.Meta.ID] = map[string]string{}
		for _, s := range r.Docs[lang].Sections {
			for _, b := range s.Paragraphs() {
				leads[r.Meta.ID][b.ID] = b.Lead
			}
		}
	}
	pageOf := map[string]map[string]string{} // report → block id → page path
	for _, pg := range pages {
		if pg.Lang != lang || pg.Report == nil || (pg.Kind != "report" && pg.Kind != "section") {
			continue
		}
		id := pg.Report.ID
		sp := search.Page{Report: reportIndex[id], Path: pg.Path}
		var blocks []BlockView
		if pg.Section != nil {
			sp.Title = pg.Section.Marker + space(lang) + pg.Heading
			blocks = append(append(blocks, pg.Section.Blocks...), pg.Section.Closing...)
		} else {
			sp.Title = pg.Heading
			blocks = pg.Report.Preamble
		}
		sp.Docs = append(sp.Docs, search.Doc{Kind: search.KindTitle, Text: pg.Heading})
		if pageOf[id] == nil {
			pageOf[id] = map[string]string{}
		}
		for _, b := range blocks {
			pageOf[id][b.ID] = pg.Path
			d := search.Doc{Kind: search.KindBody, Link: "#" + b.ID, Text: b.Text}
			if b.Item {
				d.Kind = search.KindItem
			} else if lead := leads[id][b.ID]; lead != "" && strings.HasPrefix(b.Text, lead) {
				d.Kind, d.Lead = search.KindLead, len(lead)
			}
			sp.Docs = append(sp.Docs, d)
		}
		in.Pages = append(in.Pages, sp)
	}
	provider, hasProvider := FeatureOf[searchDatasets](p)
	for i, r := range p.Reports {
		var inds []*dataset.Indicator
		if hasProvider {
			if d := provider.Dataset(r.Meta.ID); d != nil {
				inds = d.Indicators
			}
		} else if dataset.Exists(r.Meta.Dir) {
			var err error
			if inds, _, err = dataset.Load(filepath.Join(r.Meta.Dir, dataset.IndicatorsFile)); err != nil {
				return in, err
			}
		}
		if len(inds) == 0 {
			continue
		}
		sp := search.Page{Report: i, Title: p.Strings[lang]["search_indicators"]}
		for _, ind := range inds {
			path, ok := pageOf[r.Meta.ID][ind.Paragraph]
			if !ok {
				return in, fmt.Errorf("%s: indicator %s cites paragraph %s, which no %s page shows", ind.Pos, ind.ID, ind.Paragraph, lang)
			}
			name := ind.NameZh
			if lang == "en" {
				name = ind.NameEn
			}
			sp.Docs = append(sp.Docs, search.Doc{Kind: search.KindIndicator, Link: path + "#" + ind.Paragraph,
				Text: name + " " + indicatorValue(ind, lang), Lead: len(name), Note: ind.Period})
		}
		in.Pages = append(in.Pages, sp)
	}
	return in, nil
}

// indicatorValue shows an indicator's value as the report writes it, with
// its sign and unit: "1712.60亿元", "−13.1%", "1712.60 × 100 million CNY".
func indicatorValue(ind *dataset.Indicator, lang string) string {
	v := ind.ValueText
	if ind.Value < 0 && !strings.HasPrefix(v, "-") && !strings.HasPrefix(v, "−") {
		v = "−" + v
	}
	if lang == "zh" {
		return v + ind.Unit
	}
	unit := ind.UnitEn
	switch {
	case unit == "" && ind.Multiplier == 1:
		return v
	case unit == "%":
		return v + "%"
	case ind.Multiplier == 1 || ind.Multiplier == 0:
		return v + " " + unit
	case ind.Multiplier == 1e4:
		return v + " × 10,000 " + unit
	case ind.Multiplier == 1e8:
		return v + " × 100 million " + unit
	}
	return strings.TrimSpace(v + " × " + strconv.FormatFloat(ind.Multiplier, 'f', -1, 64) + " " + unit)
}
