package site

import "html/template"

// A Feature is one capability that plugs into the build (the English
// edition's checks, the dataset, charts, search, web essentials…). The
// build calls every feature's Load after the report texts and content are
// read and checked, then asks each for its pages and files. A feature keeps
// the state of one build in its own value: constructors make a fresh one
// per build.
type Feature interface {
	// Load reads and checks the feature's inputs.
	Load(p *Project) error
	// Pages returns the feature's pages in one language.
	Pages(p *Project, lang string) []*Page
	// Files adds the feature's non-page output files (paths relative to
	// the output directory).
	Files(p *Project, out map[string][]byte) error
}

// LoadsAfter is a Feature whose Load uses other features (through
// FeatureOf): it loads after every feature that is not a LoadsAfter. The
// others load concurrently, so their Load may only read the Project.
type LoadsAfter interface {
	loadsAfterOthers()
}

// Decorator is a Feature that enriches the report's paragraphs (glossary
// notes, links from figures to indicators, charts beside paragraphs).
// Decorators run in feature order; each must leave markup it did not add
// intact and must not add links inside existing links. Decorate and
// ReportNav must not modify r: the dev server reuses unchanged reports
// from one build to the next (see Rebuilder).
type Decorator interface {
	Decorate(p *Project, r *Report, lang string, blocks []BlockView)
}

// Navigator is a Feature that adds links to a report's navigation bar
// (dataset, charts, glossary…).
type Navigator interface {
	ReportNav(p *Project, r *Report, lang string) []Link
}

// Finisher is a Feature that needs every page first (sitemap, search
// index, feeds): it runs after all pages are known, before rendering.
type Finisher interface {
	Finish(p *Project, pages []*Page, out map[string][]byte) error
}

// featureConstructors lists the features in the order they run.
var featureConstructors = []func() Feature{
	newNumbersFeature,   // the English states the numbers of the Chinese (package quantity)
	newDatasetFeature,   // indicator dataset checked against the text, data pages, figures linked (package dataset); before the glossary: it links pristine text
	newExportFeature,    // downloads under data/<report>/: CSV, XLSX, JSON, datapackage.json, zip (package export); after the dataset feature, and early: its files are made in the background while the rest loads
	newGlossaryFeature,  // terms and document titles of the English edition, glossary pages (package glossary)
	newBilingualFeature, // side-by-side Chinese and English pages per section
	newChartsFeature,    // charts beside their paragraphs, charts pages, embed pages, chart downloads (packages chart, chartspec); after the dataset feature
	newSearchFeature,    // search pages and the static search index (package search)
	newWebFeature,       // sitemap, robots.txt, feeds, 404, social cards; last: it settles every page's alternates
}

// FeatureOf returns the project's feature of type T, for features that
// build on another (charts read the dataset).
func FeatureOf[T Feature](p *Project) (T, bool) {
	for _, f := range p.features {
		if t, ok := f.(T); ok {
			return t, true
		}
	}
	var zero T
	return zero, false
}

// RootURL stands for the site root in links that a Decorator adds
// (href="<RootURL>en/r/glossary/#t-x"): the same paragraph appears on
// pages at different depths, and each page's copy gets its own relative
// path. NUL cannot occur in content, so the marker cannot be forged.
const RootURL = "\x00root\x00"

// HTMLString marks trusted, already-escaped HTML produced by a feature.
func HTMLString(s string) template.HTML { return template.HTML(s) }
