package site

import (
	"fmt"
	"html"
	"html/template"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"reportsite/internal/config"
	"reportsite/internal/content"
	"reportsite/internal/dataset"
	"reportsite/internal/export"
	"reportsite/internal/quantity"
	"reportsite/internal/srcpos"
)

// DatasetFeature opens and checks each report's indicator dataset (package
// dataset: every record against the text, coverage of every number,
// relations), and shows it: a dataset page per language with the whole
// table, a permalink page per indicator, and in the report's text a link
// from every figure that is an indicator to its page, in both languages.
// The download files are made by the export feature; the dataset page
// links those it finds.
type DatasetFeature struct {
	sets    map[string]*dataset.Dataset
	figures map[string]map[string][]figureSpan // report → paragraph id → figures, in text order
	// EnglishLinked and EnglishMissed count the indicators whose figure
	// was, or was not, found in the English paragraph (measured on Load).
	EnglishLinked, EnglishMissed int
}

// figureSpan is where an indicator's figure is written in the Chinese and
// the English paragraph (byte offsets in the plain text; en is -1 when
// the English figure was not found).
type figureSpan struct {
	in                   *dataset.Indicator
	zhStart, zhEnd       int
	enStart, enEnd       int
	enParagraph, enFound bool
}

func newDatasetFeature() Feature {
	return &DatasetFeature{sets: map[string]*dataset.Dataset{}, figures: map[string]map[string][]figureSpan{}}
}

// Dataset returns the checked dataset of a report, or nil when it has none
// (the export feature builds its downloads from it).
func (f *DatasetFeature) Dataset(report string) *dataset.Dataset { return f.sets[report] }

// Load opens every report's dataset and locates each figure in both
// languages.
func (f *DatasetFeature) Load(p *Project) error {
	// Each report's dataset is opened and checked on its own core; the
	// results and errors keep the reports' order.
	sets := make([]*dataset.Dataset, len(p.Reports))
	figures := make([]map[string][]figureSpan, len(p.Reports))
	openErrs := make([]error, len(p.Reports))
	forEachParallel(len(p.Reports), func(i int) {
		r := p.Reports[i]
		if !dataset.Exists(r.Meta.Dir) || r.Docs["zh"] == nil {
			return
		}
		if sets[i], openErrs[i] = dataset.OpenScanned(r.Meta.ID, r.Meta.Dir, r.Docs["zh"], p.scans); openErrs[i] == nil {
			figures[i] = locateFigures(p.scans, sets[i], r.Docs["en"])
		}
	})
	var errs srcpos.List
	for i, r := range p.Reports {
		if openErrs[i] != nil {
			errs.Append(openErrs[i])
			continue
		}
		if sets[i] != nil {
			f.sets[r.Meta.ID] = sets[i]
			f.figures[r.Meta.ID] = figures[i]
			for _, spans := range figures[i] {
				for _, fs := range spans {
					if fs.enFound {
						f.EnglishLinked++
					} else {
						f.EnglishMissed++
					}
				}
			}
		}
	}
	return errs.Err()
}

// locateFigures finds each indicator's figure in its Chinese paragraph (the
// number the scanner reads at value_text) and in the English paragraph.
// The English figure is the English number paired with the Chinese one:
// numbers are paired in order of appearance, by unit class and exact
// value, as the numbers check pairs them (package quantity), so a figure
// is linked only where the translation states the same value.
func locateFigures(scans *quantity.Memo, d *dataset.Dataset, en *content.Document) map[string][]figureSpan {
	enText := map[string]string{}
	if en != nil {
		for _, s := range en.Sections {
			for _, b := range s.Blocks {
				if b.Kind == content.Paragraph {
					enText[b.ID] = b.Text
				}
			}
		}
	}
	out := map[string][]figureSpan{}
	for _, para := range d.Paragraphs {
		inds := d.InParagraph(para.ID)
		if len(inds) == 0 {
			continue
		}
		zhNums, _ := d.ScanParagraph(para, scans)
		text, hasEn := enText[para.ID]
		var enNums []quantity.Number
		if hasEn {
			enNums = scans.ScanEn(text)
			if d.Names != nil {
				enNums, _ = quantity.ApplyNames(text, enNums, d.Names.For(para.ID), true)
			}
		}
		pairs := pairNumbers(zhNums, enNums)
		for _, in := range inds {
			fs := figureSpan{in: in, zhStart: in.ValueOffset, zhEnd: in.ValueOffset + len(in.ValueText), enStart: -1, enEnd: -1, enParagraph: hasEn}
			for i, z := range zhNums {
				if z.DigitStart != in.ValueOffset {
					continue
				}
				// A quantity links with its unit (1712.60亿元); a term of a
				// ratio or a range, whose span is the whole chain, by its
				// digits alone.
				if z.Kind == quantity.Quantity {
					fs.zhEnd = max(fs.zhEnd, z.End)
				}
				if j := pairs[i]; j >= 0 {
					e := enNums[j]
					fs.enStart, fs.enEnd, fs.enFound = e.Start, e.End, true
					if e.Kind != quantity.Quantity {
						fs.enStart, fs.enEnd = e.DigitStart, e.DigitStart+len(e.Digits)
					}
				}
			}
			out[para.ID] = append(out[para.ID], fs)
		}
	}
	return out
}

// pairNumbers pairs each Chinese number with the first unpaired English
// number of the same unit class and exact value; -1 when there is none.
func pairNumbers(zh, en []quantity.Number) []int {
	out := make([]int, len(zh))
	used := make([]bool, len(en))
	for i, z := range zh {
		out[i] = -1
		if z.Kind == quantity.Date || z.Kind == quantity.Name || z.Value == nil {
			continue
		}
		for j, e := range en {
			if used[j] || e.Value == nil || e.Kind == quantity.Name || e.Kind == quantity.Date || e.Kind == quantity.Ordinal {
				continue
			}
			if sameClass(z.Class, e.Class) && e.Value.Cmp(z.Value) == 0 && (e.Kind == quantity.RatioPart) == (z.Kind == quantity.RatioPart) {
				out[i], used[j] = j, true
				break
			}
		}
	}
	return out
}

// sameClass says whether two unit classes can state the same figure: 方
// is square or cubic metres, as the numbers check reads it.
func sameClass(a, b quantity.Class) bool {
	if a == b {
		return true
	}
	fits := func(x, y quantity.Class) bool {
		return x == quantity.AreaOrVolume && (y == quantity.Area || y == quantity.Volume)
	}
	return fits(a, b) || fits(b, a)
}

// Files: the dataset adds no files of its own; the export feature writes
// the downloads.
func (f *DatasetFeature) Files(*Project, map[string][]byte) error { return nil }

// ReportNav links the dataset page.
func (f *DatasetFeature) ReportNav(p *Project, r *Report, lang string) []Link {
	if f.sets[r.Meta.ID] == nil {
		return nil
	}
	return []Link{{Title: p.Strings[lang]["ds_nav"], Path: datasetPath(r.Meta.ID, lang)}}
}

func datasetPath(report, lang string) string { return lang + "/" + report + "/data/" }

func indicatorPath(report, lang, id string) string { return datasetPath(report, lang) + id + "/" }

// Decorate turns every figure of the text that is an indicator into a link
// to its page: in Chinese at the figure the record quotes, in English at
// the figure paired with it. The link keeps the figure's text; its
// accessible name says what the figure is ("Regional GDP: RMB 171.26
// billion — indicator page").
func (f *DatasetFeature) Decorate(p *Project, r *Report, lang string, blocks []BlockView) {
	figs := f.figures[r.Meta.ID]
	if figs == nil {
		return
	}
	for i := range blocks {
		b := &blocks[i]
		if b.Item || len(figs[b.ID]) == 0 {
			continue
		}
		var spans []linkSpan
		for _, fs := range figs[b.ID] {
			in := fs.in
			start, end := fs.zhStart, fs.zhEnd
			label := in.NameZh + "：" + in.DisplayZh() + "——" + p.Strings[lang]["ds_indicator_page"]
			if lang != "zh" {
				if !fs.enFound {
					continue
				}
				start, end = fs.enStart, fs.enEnd
				label = in.NameEn + ": " + in.DisplayEn() + " — " + p.Strings[lang]["ds_indicator_page"]
			}
			// WCAG 2.5.3 (label in name): the accessible name must hold
			// the text a reader sees ("nearly 10", not only "about 10").
			if 0 <= start && start <= end && end <= len(b.Text) && !strings.Contains(label, b.Text[start:end]) {
				display := in.DisplayZh()
				if lang != "zh" {
					display = in.DisplayEn()
				}
				label = strings.Replace(label, display, b.Text[start:end], 1)
			}
			open := `<a class="figure" href="` + RootURL + indicatorPath(r.Meta.ID, lang, in.ID) + `" aria-label="` + html.EscapeString(label) + `">`
			spans = append(spans, linkSpan{start, end, open, "</a>"})
		}
		if len(spans) == 0 {
			continue
		}
		if h, ok := wrapText(string(b.Body), b.Text, spans); ok {
			b.Body = template.HTML(h)
		}
	}
}

// linkSpan is markup to put around text[start:end].
type linkSpan struct {
	start, end  int
	open, close string
}

// wrapText inserts each span's markup around its stretch of the plain text
// in inline HTML h, whose plain text is text. A span that would cross a
// tag, or fall inside an existing link, is left out: the markup stays
// well-formed and links never nest. It reports false, changing nothing,
// when h does not read as text.
func wrapText(h, text string, spans []linkSpan) (string, bool) {
	sc := wrapScratches.Get().(*wrapScratch)
	defer wrapScratches.Put(sc)
	// at[k] is the offset in h of the text byte k (for the first byte of
	// each character); inLink[k] says whether it is inside an <a>.
	at := grown(&sc.at, len(text)+1)
	inLink := grown(&sc.inLink, len(text)+1)
	tagBetween := grown(&sc.tagBetween, len(text)+1) // tags seen before text byte k
	plain := sc.plain[:0]
	defer func() { sc.plain = plain }()
	depth, tags := 0, 0
	for i := 0; i < len(h); {
		switch h[i] {
		case '<':
			j := strings.IndexByte(h[i:], '>')
			if j < 0 {
				return h, false
			}
			tag := strings.ToLower(h[i : i+j+1])
			if strings.HasPrefix(tag, "<a ") || tag == "<a>" {
				depth++
			} else if tag == "</a>" {
				depth--
			}
			tags++
			i += j + 1
		default:
			k := len(plain)
			if k > len(text) {
				return h, false
			}
			at[k], inLink[k], tagBetween[k] = i, depth > 0, tags
			var s string
			if h[i] == '&' {
				j := strings.IndexByte(h[i:], ';')
				if j < 0 {
					return h, false
				}
				s = html.UnescapeString(h[i : i+j+1])
				i += j + 1
			} else {
				_, n := utf8.DecodeRuneInString(h[i:])
				s = h[i : i+n]
				i += n
			}
			// Multi-byte characters: the inner bytes map to the same place.
			for b := 1; b < len(s) && k+b <= len(text); b++ {
				at[k+b], inLink[k+b], tagBetween[k+b] = i, depth > 0, tags
			}
			plain = append(plain, s...)
		}
	}
	if string(plain) != text {
		return h, false
	}
	at[len(text)], tagBetween[len(text)] = len(h), tags
	// The end of a span is just after its last character, before any tag
	// that follows.
	endAt := func(k int) int {
		if k == 0 {
			return at[0]
		}
		_, n := utf8.DecodeLastRuneInString(text[:k])
		c := at[k-n]
		if h[c] == '&' {
			return c + strings.IndexByte(h[c:], ';') + 1
		}
		return c + n
	}
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].start > spans[j].start })
	prevStart := len(text) + 1
	for _, s := range spans {
		if s.start < 0 || s.end > len(text) || s.start >= s.end || s.end > prevStart {
			continue
		}
		if !utf8.RuneStart(text[s.start]) || s.end < len(text) && !utf8.RuneStart(text[s.end]) {
			continue // not at character boundaries
		}
		if inLink[s.start] || tagBetween[s.start] != tagBetween[s.end-1] {
			continue
		}
		a, b := at[s.start], endAt(s.end)
		h = h[:a] + s.open + h[a:b] + s.close + h[b:]
		prevStart = s.start
	}
	return h, true
}

// wrapScratch is wrapText's working memory, kept between calls (it was
// 6 % of a 50-report build's allocations).
type wrapScratch struct {
	at, tagBetween []int
	inLink         []bool
	plain          []byte
}

var wrapScratches = sync.Pool{New: func() any { return new(wrapScratch) }}

// grown returns (*s)[:n], zeroed, growing *s when it is too short.
func grown[T any](s *[]T, n int) []T {
	if cap(*s) < n {
		*s = make([]T, n)
	}
	*s = (*s)[:n]
	clear(*s)
	return *s
}

// downloadsProvider is the export feature, seen from here: the download
// files of a report, for links with sizes.
type downloadsProvider interface {
	Feature
	downloadList(report string) []downloadFile // waits until they are made
	Table(report string) *export.Table         // what they are made from
}

// datasetDownload is one download link.
type datasetDownload struct {
	Name, Path, Format, Size string
	Bytes                    int
	MediaType                string
}

// datasetRow is one indicator in the table of the dataset page.
type datasetRow struct {
	ID, Path        string
	Name, NameOther string
	Display         string // the figure with its unit, in the page's language
	Sort            string // the amount in base units, for sorting
	Kind, KindLabel string
	Period          string
	Topic           string
	Source          Link // the paragraph
	Flags           []string
	Noted           bool // a relation fails: flagged
}

// kindCount is one line of the counts by kind.
type kindCount struct {
	Kind, Label string
	Count       int
}

// relationView is a relation as shown on the pages.
type relationView struct {
	ID, Type, TypeLabel string
	Holds               bool
	Text                string
	Members             []Link
	Note                string
}

// datasetView is the model of the dataset page.
type datasetView struct {
	Count      int
	Kinds      []kindCount
	Rows       []datasetRow
	Downloads  []datasetDownload
	Coverage   *dataset.Coverage
	Relations  []relationView
	Holding    int
	Candidates int
	JSONLD     template.JS
	SeedPath   string
	// CoverageText and RelationsText are the summaries in the page's
	// language.
	CoverageText, RelationsText string
}

// indicatorView is the model of an indicator's page.
type indicatorView struct {
	In                    *dataset.Indicator
	Name, NameOther       string
	OtherLang             string
	Display, DisplayZh    string
	DisplayEn             string
	KindLabel             string
	PeriodLabel           string
	Flags                 []string
	Multiplier            string
	Source                Link
	SourceZh              template.HTML // the Chinese sentence, figure marked
	SourceEn              template.HTML // the English sentence, figure marked ("" when not found)
	Base                  string
	Target                string
	Series, SameParagraph []Link
	Relations             []relationView
	Notes                 []string
	Citation              string
	DatasetPath           string
	JSONLD                template.JS
}

// Pages returns the dataset page and one page per indicator, per report.
func (f *DatasetFeature) Pages(p *Project, lang string) []*Page {
	var pages []*Page
	for _, r := range p.Reports {
		d := f.sets[r.Meta.ID]
		if d == nil {
			continue
		}
		ix := indexDataset(p, r, d, lang)
		pages = append(pages, f.datasetPage(p, r, d, lang, ix))
		for _, in := range d.Indicators {
			pages = append(pages, f.indicatorPage(p, r, d, in, lang, ix))
		}
	}
	return pages
}

func pick(lang, zh, en string) string {
	if lang == "zh" {
		return zh
	}
	return en
}

// downloads lists the report's download files that exist in the output:
// the export feature's files, then the original text.
func (f *DatasetFeature) downloads(p *Project, r *Report, lang string) *pendingDownloads {
	pd := &pendingDownloads{report: r.Meta.ID, seed: datasetDownload{Name: r.Meta.Seed, Path: "data/" + r.Meta.ID + "/" + r.Meta.Seed,
		Format: p.Strings[lang]["ds_original"], Bytes: len(r.Seed), MediaType: "text/plain"}, lang: lang}
	if x, ok := FeatureOf[downloadsProvider](p); ok {
		pd.export, pd.table = x, x.Table(r.Meta.ID)
	}
	return pd
}

// pendingDownloads are a report's download links, whose sizes are known
// only once the export feature has made the files (in the background,
// while the pages are made). The dev server compares page models to decide
// what to render again: for that, pendingDownloads stand for the table the
// files are made from (DigestInputs), which is known from the start.
type pendingDownloads struct {
	report string
	lang   string
	seed   datasetDownload
	table  *export.Table
	export downloadsProvider
}

// DigestInputs is what the downloads are made from (see modelDigests).
func (pd *pendingDownloads) DigestInputs() any {
	return struct {
		Seed  datasetDownload
		Table *export.Table
	}{pd.seed, pd.table}
}

// list waits for the files and returns the links, the original text last.
func (pd *pendingDownloads) list() []datasetDownload {
	var out []datasetDownload
	if pd.export != nil {
		for _, file := range pd.export.downloadList(pd.report) {
			out = append(out, datasetDownload{Name: file.Name, Path: "data/" + pd.report + "/" + file.Name,
				Format: formatName(file.Name), Bytes: file.Bytes, MediaType: mediaType(file.Name, file.MediaType)})
		}
	}
	out = append(out, pd.seed)
	for i := range out {
		out[i].Size = humanSize(out[i].Bytes, pd.lang)
	}
	return out
}

func formatName(name string) string {
	switch {
	case name == "datapackage.json":
		return "Data Package"
	case name == "README.txt":
		return "README"
	case name == "CHANGELOG.txt":
		return "Changelog"
	case strings.HasSuffix(name, "-excel.csv"):
		return "CSV (Excel)"
	}
	return strings.ToUpper(strings.TrimPrefix(path.Ext(name), "."))
}

func mediaType(name, given string) string {
	if given != "" {
		return given
	}
	switch path.Ext(name) {
	case ".csv":
		return "text/csv"
	case ".json":
		return "application/json"
	case ".xlsx":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case ".zip":
		return "application/zip"
	}
	return "text/plain"
}

// humanSize writes a byte count for people: "23.4 KB".
func humanSize(n int, lang string) string {
	switch {
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	case n >= 1<<10:
		return strconv.FormatFloat(float64(n)/(1<<10), 'f', 1, 64) + " KB"
	}
	return strconv.Itoa(n) + pick(lang, " 字节", " bytes")
}

// sourceLink links the paragraph of an indicator: Title is the section's
// marker and title, Marker its short form (I.(1) / 一、（一）) for the table.
func sourceLink(p *Project, r *Report, d *dataset.Dataset, in *dataset.Indicator, lang string) Link {
	para := d.Paragraph(in.Paragraph)
	title, short := sectionTitle(r, para.Section, lang)
	return Link{Title: title, Marker: short, Path: lang + "/" + r.Meta.ID + "/" + para.Section.Slug + "/#" + in.Paragraph}
}

// sectionTitle is the marker and title of a content section in lang, and
// its short form: the part's and the section's markers.
func sectionTitle(r *Report, s *content.Section, lang string) (string, string) {
	doc := r.Docs[lang]
	if doc == nil {
		doc = r.Docs["zh"]
	}
	for _, ds := range doc.Sections {
		if ds.Slug != s.Slug {
			continue
		}
		title := content.PlainText(ds.TitleHTML)
		switch ds.Kind {
		case content.KindPart:
			m := PartMarker(lang, ds.Part)
			return m + pick(lang, "", " ") + title, m
		case content.KindSection:
			m := SectionMarker(lang, ds.Number)
			return m + pick(lang, "", " ") + title, PartMarker(lang, ds.Part) + m
		}
		return title, title
	}
	return s.Slug, s.Slug
}

func kindLabel(kind, lang string) string {
	k := dataset.Kinds[kind]
	return pick(lang, k[0], k[1])
}

func flagLabels(in *dataset.Indicator, lang string) []string {
	var out []string
	for _, fl := range in.Flags {
		out = append(out, pick(lang, dataset.Flags[fl][0], dataset.Flags[fl][1]))
	}
	return out
}

func relationViews(d *dataset.Dataset, rels []*dataset.Relation, lang string, ix *datasetIndex) []relationView {
	var out []relationView
	for _, rel := range rels {
		t := dataset.RelationTypes[rel.Type]
		v := relationView{ID: rel.ID, Type: rel.Type, TypeLabel: pick(lang, t.Zh, t.En), Holds: rel.Holds, Text: pick(lang, rel.Zh, rel.En), Note: rel.Note}
		for _, id := range rel.Members() {
			in := d.Indicator(id)
			v.Members = append(v.Members, Link{Title: pick(lang, in.NameZh, in.NameEn), Marker: pick(lang, in.DisplayZh(), in.DisplayEn()), Path: ix.paths[id]})
		}
		out = append(out, v)
	}
	return out
}

func (f *DatasetFeature) datasetPage(p *Project, r *Report, d *dataset.Dataset, lang string, ix *datasetIndex) *Page {
	rv := p.reportView(r, lang)
	pg := p.page("dataset", lang, datasetPath(r.Meta.ID, lang))
	pg.Report = rv
	pg.Heading = p.Strings[lang]["ds_title"]
	pg.Title = pg.Heading + " | " + rv.Title
	pg.Crumbs = []Link{{Title: p.Strings[lang]["home"], Path: lang + "/"}, {Title: rv.Title, Path: rv.Path}}
	pg.Nav = p.reportNav(r, lang)
	v := &datasetView{Count: len(d.Indicators), Coverage: d.Coverage, Candidates: len(d.Candidates), SeedPath: rv.SeedPath}
	pg.Description = fmt.Sprintf(p.Strings[lang]["ds_description"], len(d.Indicators))
	for _, kc := range d.CountsByKind() {
		v.Kinds = append(v.Kinds, kindCount{kc.Kind, kindLabel(kc.Kind, lang), kc.Count})
	}
	for _, in := range d.Indicators {
		row := datasetRow{ID: in.ID, Path: ix.paths[in.ID],
			Name: pick(lang, in.NameZh, in.NameEn), NameOther: pick(lang, in.NameEn, in.NameZh),
			Display: pick(lang, in.DisplayZh(), in.DisplayEn()), Kind: in.Kind, KindLabel: kindLabel(in.Kind, lang),
			Period: dataset.PeriodLabel(in.Period, lang), Topic: in.Topic, Source: ix.sources[in.Paragraph],
			Flags: flagLabels(in, lang), Noted: len(in.Notes) > 0}
		if a := in.Amount(); a != nil {
			fl, _ := a.Float64()
			row.Sort = strconv.FormatFloat(fl, 'g', -1, 64)
		}
		v.Rows = append(v.Rows, row)
	}

	v.Relations = relationViews(d, d.Relations, lang, ix)
	for _, rel := range d.Relations {
		if rel.Holds {
			v.Holding++
		}
	}
	c := d.Coverage
	v.CoverageText = fmt.Sprintf(p.Strings[lang]["ds_coverage_text"], c.Numbers, c.Values, c.Bases, c.Names, c.Years, c.Dates, len(c.Unaccounted))
	v.RelationsText = fmt.Sprintf(p.Strings[lang]["ds_relations_summary"], len(d.Relations), v.Holding, len(d.Relations)-v.Holding)
	// The downloads and the JSON-LD that lists them are added when the
	// page is rendered: the files are still being made (see PageData).
	pg.Data = &datasetPageInputs{View: v, Downloads: f.downloads(p, r, lang), site: p.Site, strings: p.Strings, meta: r.Meta, count: len(d.Indicators)}
	return pg
}

// datasetPageInputs is what a dataset page's view is made from: the view
// without its downloads, and the downloads to come.
type datasetPageInputs struct {
	View      *datasetView
	Downloads *pendingDownloads
	site      *config.Site
	strings   config.Strings
	meta      *config.Report
	count     int
}

// Prepare adds the downloads (waiting for the files) to a copy of the view.
func (x *datasetPageInputs) Prepare(pg *Page) any {
	v := *x.View
	v.Downloads = x.Downloads.list()
	v.JSONLD = jsonLD(datasetLD(x.site, x.strings, pg, x.meta, x.count, v.Downloads, nil))
	return &v
}

func (f *DatasetFeature) indicatorPage(p *Project, r *Report, d *dataset.Dataset, in *dataset.Indicator, lang string, ix *datasetIndex) *Page {
	rv := p.reportView(r, lang)
	pg := p.page("indicator", lang, ix.paths[in.ID])
	pg.Report = rv
	name := pick(lang, in.NameZh, in.NameEn)
	pg.Heading = name
	pg.Title = name + " | " + p.Strings[lang]["ds_title"] + " | " + rv.Title
	pg.Crumbs = []Link{{Title: p.Strings[lang]["home"], Path: lang + "/"}, {Title: rv.Title, Path: rv.Path},
		{Title: p.Strings[lang]["ds_title"], Path: datasetPath(r.Meta.ID, lang)}}
	pg.Nav = p.reportNav(r, lang)
	pg.Description = fmt.Sprintf("%s%s%s (%s)", name, pick(lang, "：", ": "), pick(lang, in.DisplayZh(), in.DisplayEn()), dataset.PeriodLabel(in.Period, lang))
	// The view is made when the page is rendered (see PageData): there
	// are hundreds of indicator pages per report. What it is made from is
	// gathered here, and only that, so that the dev server renders the
	// page again only when something it shows changes.
	x := &indicatorInputs{meta: r.Meta, in: in, lang: lang, count: len(d.Indicators),
		zhText: d.Paragraph(in.Paragraph).Text, enText: enParagraphText(r, in.Paragraph),
		source: ix.sources[in.Paragraph], relations: relationViews(d, ix.relations[in.ID], lang, ix),
		paths: ix.paths, site: p.Site, strings: p.Strings[lang]}
	for _, fs := range f.figures[r.Meta.ID][in.Paragraph] {
		if fs.in == in {
			x.figures = append(x.figures, fs)
		}
	}
	for _, o := range ix.series[in.Series] {
		if o != in {
			x.series = append(x.series, o)
		}
	}
	for _, o := range ix.paragraph[in.Paragraph] {
		if o != in {
			x.same = append(x.same, o)
		}
	}
	pg.Data = x
	return pg
}

// datasetIndex is Dataset.InSeries, InParagraph and RelationsOf for every
// indicator at once: asking each for each of a report's hundreds of
// indicator pages costs time quadratic in their number. It also holds, in
// the language of the pages being made, what many of them repeat: made
// once, the strings are shared rather than copied into every page.
type datasetIndex struct {
	series, paragraph map[string][]*dataset.Indicator
	relations         map[string][]*dataset.Relation
	paths             map[string]string // indicator id → its page's path
	sources           map[string]Link   // paragraph id → the link to it
}

func indexDataset(p *Project, r *Report, d *dataset.Dataset, lang string) *datasetIndex {
	ix := &datasetIndex{series: map[string][]*dataset.Indicator{}, paragraph: map[string][]*dataset.Indicator{},
		relations: map[string][]*dataset.Relation{}, paths: make(map[string]string, len(d.Indicators)), sources: map[string]Link{}}
	for _, in := range d.Indicators {
		ix.series[in.Series] = append(ix.series[in.Series], in)
		ix.paragraph[in.Paragraph] = append(ix.paragraph[in.Paragraph], in)
		ix.paths[in.ID] = indicatorPath(r.Meta.ID, lang, in.ID)
		if _, ok := ix.sources[in.Paragraph]; !ok {
			ix.sources[in.Paragraph] = sourceLink(p, r, d, in, lang)
		}
	}
	for _, ins := range ix.paragraph {
		sort.SliceStable(ins, func(i, j int) bool { return ins[i].ValueOffset < ins[j].ValueOffset })
	}
	for _, rel := range d.Relations {
		seen := map[string]bool{}
		for _, id := range rel.Members() {
			if !seen[id] {
				seen[id] = true
				ix.relations[id] = append(ix.relations[id], rel)
			}
		}
	}
	return ix
}

// indicatorInputs is what an indicator page's view is made from.
type indicatorInputs struct {
	meta           *config.Report
	in             *dataset.Indicator
	lang           string
	count          int    // indicators in the dataset
	zhText, enText string // the indicator's paragraph
	figures        []figureSpan
	source         Link
	relations      []relationView
	series, same   []*dataset.Indicator // other indicators of the series, of the paragraph
	paths          map[string]string    // indicator id → page path (datasetIndex.paths)
	site           *config.Site
	strings        map[string]string
}

// Prepare makes the indicator page's view.
func (x *indicatorInputs) Prepare(pg *Page) any {
	m, in, lang := x.meta, x.in, x.lang
	name := pick(lang, in.NameZh, in.NameEn)
	v := &indicatorView{In: in, Name: name, NameOther: pick(lang, in.NameEn, in.NameZh), OtherLang: pick(lang, "en", "zh-Hans"),
		Display: pick(lang, in.DisplayZh(), in.DisplayEn()), DisplayZh: in.DisplayZh(), DisplayEn: in.DisplayEn(),
		KindLabel: kindLabel(in.Kind, lang), PeriodLabel: dataset.PeriodLabel(in.Period, lang), Flags: flagLabels(in, lang),
		Multiplier: strconv.FormatFloat(in.Multiplier, 'f', -1, 64), Source: x.source,
		DatasetPath: datasetPath(m.ID, lang), Relations: x.relations}
	if in.Base != nil {
		v.Base = in.BaseText + in.Unit
	}
	if in.Target != nil {
		v.Target = strconv.FormatFloat(*in.Target, 'f', -1, 64) + in.Unit
	}
	// The source sentences, the figure marked.
	for _, fs := range x.figures {
		v.SourceZh = markSentence(x.zhText, fs.zhStart, fs.zhEnd, "。！？")
		if fs.enFound && x.enText != "" {
			v.SourceEn = markSentence(x.enText, fs.enStart, fs.enEnd, "")
		}
	}
	for _, o := range x.series {
		v.Series = append(v.Series, Link{Title: pick(lang, o.NameZh, o.NameEn), Marker: pick(lang, o.DisplayZh(), o.DisplayEn()), Path: x.paths[o.ID]})
	}
	for _, o := range x.same {
		v.SameParagraph = append(v.SameParagraph, Link{Title: pick(lang, o.NameZh, o.NameEn), Marker: pick(lang, o.DisplayZh(), o.DisplayEn()), Path: x.paths[o.ID]})
	}
	for _, n := range in.Notes {
		v.Notes = append(v.Notes, pick(lang, n.Zh, n.En))
	}
	url := pg.Abs(pg.Path)
	site := x.site
	if lang == "zh" {
		v.Citation = fmt.Sprintf("%s：%s，%s（%s）。引自%s《%s》，段落%s。%s，%s，%s（%s版）。", m.IssuerZh, in.NameZh, in.DisplayZh(), v.PeriodLabel,
			m.IssuerZh, m.TitleZh, in.Paragraph, site.PublisherZh, site.TitleZh, url, m.Edition)
	} else {
		v.Citation = fmt.Sprintf("%s, \"%s\": %s (%s). From: %s, paragraph %s. %s, %s, %s (edition %s).", m.IssuerEn, in.NameEn, in.DisplayEn(), v.PeriodLabel,
			m.TitleEn, in.Paragraph, site.PublisherEn, site.TitleEn, url, m.Edition)
	}
	v.JSONLD = jsonLD(datasetLD(site, config.Strings{lang: x.strings}, pg, m, x.count, nil, in))
	return v
}

func enParagraphText(r *Report, id string) string {
	en := r.Docs["en"]
	if en == nil {
		return ""
	}
	for _, s := range en.Sections {
		for _, b := range s.Blocks {
			if b.Kind == content.Paragraph && b.ID == id {
				return b.Text
			}
		}
	}
	return ""
}

// englishSentence returns the bounds of the English sentence holding
// text[a:b]: a sentence ends at . ! or ? followed by white space or the
// end of the text (the regular expression [.!?](\s|$), scanned by hand
// because it ran once per indicator page over the whole paragraph).
func englishSentence(text string, a, b int) (start, end int) {
	end = len(text)
	for i := 0; i < len(text); i++ {
		if c := text[i]; c != '.' && c != '!' && c != '?' {
			continue
		}
		next := i + 1 // the end of the match: past the space, if any
		if next < len(text) {
			if !strings.ContainsRune("\t\n\f\r ", rune(text[next])) {
				continue
			}
			next++
		}
		if next <= a {
			start = next
		} else if i >= b {
			return start, i + 1
		}
		i = next - 1
	}
	return start, end
}

// markSentence returns the sentence of text holding text[a:b], escaped,
// with the figure in <mark>. Chinese sentences end at breaks (。；); an
// English one at ". " (not inside a decimal).
func markSentence(text string, a, b int, breaks string) template.HTML {
	start, end := 0, len(text)
	if breaks != "" {
		if i := strings.LastIndexAny(text[:a], breaks); i >= 0 {
			_, n := utf8.DecodeRuneInString(text[i:])
			start = i + n
		}
		if j := strings.IndexAny(text[b:], breaks); j >= 0 {
			_, n := utf8.DecodeRuneInString(text[b+j:])
			end = b + j + n
		}
	} else {
		start, end = englishSentence(text, a, b)
	}
	s := html.EscapeString(text[start:a]) + "<mark>" + html.EscapeString(text[a:b]) + "</mark>" + html.EscapeString(text[b:end])
	return template.HTML(strings.TrimSpace(s))
}

// temporalCoverage turns a report period into an ISO 8601 interval.
func temporalCoverage(period string) string {
	if len(period) < 4 {
		return period
	}
	y := period[:4]
	switch period[4:] {
	case "-H1":
		return y + "-01-01/" + y + "-06-30"
	case "-H2":
		return y + "-07-01/" + y + "-12-31"
	case "-Q1":
		return y + "-01-01/" + y + "-03-31"
	case "-Q2":
		return y + "-04-01/" + y + "-06-30"
	case "-Q3":
		return y + "-07-01/" + y + "-09-30"
	case "-Q4":
		return y + "-10-01/" + y + "-12-31"
	}
	return period
}

// datasetLD is the schema.org Dataset of a report's dataset page (in nil)
// or of one indicator's page; count is the number of indicators. An
// indicator's Dataset is one variable, part of the report's dataset: it
// names that dataset (isPartOf) instead of repeating its downloads, which
// would add 2.5 KB to each of a report's hundreds of indicator pages.
func datasetLD(site *config.Site, strs config.Strings, pg *Page, m *config.Report, count int, dls []datasetDownload, in *dataset.Indicator) *ldDataset {
	name := pick(pg.Lang, m.TitleZh+"：指标数据集", m.TitleEn+": indicator dataset")
	desc := fmt.Sprintf(strs[pg.Lang]["ds_description"], count)
	publisher := &ldThing{Type: "Organization", Name: pick(pg.Lang, site.PublisherZh, site.PublisherEn)}
	datasetURL := pg.Abs(datasetPath(m.ID, pg.Lang))
	ld := &ldDataset{
		Context:             "https://schema.org",
		Type:                "Dataset",
		Name:                name,
		Description:         desc,
		URL:                 datasetURL,
		Identifier:          datasetURL,
		InLanguage:          []string{"zh-Hans", "en"},
		License:             site.LicenceURL,
		IsAccessibleForFree: true,
		Creator:             publisher,
		Publisher:           publisher,
		TemporalCoverage:    temporalCoverage(m.Period),
		SpatialCoverage:     &ldThing{Type: "Place", Name: pick(pg.Lang, m.IssuerZh, m.IssuerEn)},
		DateModified:        m.Edition,
		IsBasedOn:           pg.Abs("data/" + m.ID + "/" + m.Seed),
	}
	if in == nil {
		var dist []ldDownload
		for _, dl := range dls {
			dist = append(dist, ldDownload{Type: "DataDownload", Name: dl.Name, ContentURL: pg.Abs(dl.Path),
				EncodingFormat: dl.MediaType, ContentSize: strconv.Itoa(dl.Bytes) + " B"})
		}
		ld.Distribution = dist
		return ld
	}
	indicatorName := pick(pg.Lang, in.NameZh, in.NameEn)
	ld.Name = indicatorName + pick(pg.Lang, "（", " (") + pick(pg.Lang, m.TitleZh, m.TitleEn) + pick(pg.Lang, "）", ")")
	ld.Description = indicatorName + pick(pg.Lang, "：", ": ") + pick(pg.Lang, in.DisplayZh(), in.DisplayEn()) + " — " + desc
	ld.URL = pg.Abs(pg.Path)
	ld.Identifier = ld.URL
	ld.IsPartOf = &ldThing{Type: "Dataset", Name: name, URL: datasetURL}
	ld.VariableMeasured = &ldProperty{
		Type:        "PropertyValue",
		Name:        indicatorName,
		PropertyID:  in.Series,
		Value:       in.Value,
		UnitText:    pick(pg.Lang, in.Unit, in.UnitEn),
		Description: kindLabel(in.Kind, pg.Lang) + "; " + dataset.PeriodLabel(in.Period, pg.Lang),
	}
	return ld
}

// The schema.org Dataset of a dataset or indicator page. The fields are
// declared in the byte order of their keys, so that the JSON reads as a
// map's would (encoding/json sorts map keys): structs are encoded several
// times faster, and this is written on every indicator page.
type ldDataset struct {
	Context             string       `json:"@context"`
	Type                string       `json:"@type"`
	Creator             *ldThing     `json:"creator"`
	DateModified        string       `json:"dateModified"`
	Description         string       `json:"description"`
	Distribution        []ldDownload `json:"distribution,omitempty"` // on the dataset page
	Identifier          string       `json:"identifier"`
	InLanguage          []string     `json:"inLanguage"`
	IsAccessibleForFree bool         `json:"isAccessibleForFree"`
	IsBasedOn           string       `json:"isBasedOn"`
	IsPartOf            *ldThing     `json:"isPartOf,omitempty"`
	License             string       `json:"license"`
	Name                string       `json:"name"`
	Publisher           *ldThing     `json:"publisher"`
	SpatialCoverage     *ldThing     `json:"spatialCoverage"`
	TemporalCoverage    string       `json:"temporalCoverage"`
	URL                 string       `json:"url"`
	VariableMeasured    *ldProperty  `json:"variableMeasured,omitempty"`
}

type ldThing struct {
	Type string `json:"@type"`
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

type ldDownload struct {
	Type           string `json:"@type"`
	ContentSize    string `json:"contentSize"`
	ContentURL     string `json:"contentUrl"`
	EncodingFormat string `json:"encodingFormat"`
	Name           string `json:"name"`
}

type ldProperty struct {
	Type        string  `json:"@type"`
	Description string  `json:"description"`
	Name        string  `json:"name"`
	PropertyID  string  `json:"propertyID"`
	UnitText    string  `json:"unitText"`
	Value       float64 `json:"value"`
}
