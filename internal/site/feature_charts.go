package site

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"reportsite/internal/chart"
	"reportsite/internal/chartspec"
	"reportsite/internal/content"
	"reportsite/internal/dataset"
	"reportsite/internal/reportimport"
	"reportsite/internal/srcpos"
)

// ChartsFeature draws each report's charts (data/<report>/charts.toml,
// package chartspec; drawing in package chart) and places them: each
// beside the paragraph it illustrates, in both languages, as a figure with
// the inline SVG, its source line and a data table; all of them on a charts
// page; and per chart a page with downloads, embed code and a citation, a
// minimal embed page, and downloads under data/<report>/charts/ (the
// standalone SVG per language, CSV and JSON).
type ChartsFeature struct {
	reports map[string]*reportCharts // by report id
	figure  *template.Template       // layouts/partials/chart-figure.html
}

// reportCharts is one report's charts, drawn.
type reportCharts struct {
	charts  []*chartspec.Chart
	after   map[string][]*chartspec.Chart       // paragraph id → the charts placed after it
	refs    map[string]map[string]chartParaRef  // lang → paragraph id → where it is
	inline  map[string]map[string]template.HTML // lang → chart id → SVG for a page
	figures map[string]map[string]template.HTML // lang → chart id → the figure beside its paragraph (links from RootURL)
	files   map[string][]byte                   // file name under data/<report>/charts/ → content, until forgotten
	sizes   map[string]int                      // file name → its size in bytes, for the download links
	linkIDs bool                                // the dataset feature has indicator pages to link
}

// chartParaRef is a paragraph as a source line names it.
type chartParaRef struct {
	Label string // 第一部分（一）第1段 / part I (1), paragraph 1
	Path  string // its page and anchor, from the site root
}

// chartDatasetSource is the dataset feature, when the site has one: the
// charts read its checked indicators rather than reading them again.
type chartDatasetSource interface {
	Feature
	Dataset(report string) *dataset.Dataset
}

func newChartsFeature() Feature { return &ChartsFeature{reports: map[string]*reportCharts{}} }

// ChartsFile is where a report declares its charts, in data/<report>/.
const ChartsFile = "charts.toml"

// Load reads, resolves and draws every report's charts.
func (f *ChartsFeature) Load(p *Project) error {
	provider, hasProvider := FeatureOf[chartDatasetSource](p)
	if !hasProvider {
		for _, c := range featureConstructors {
			if _, ok := c().(chartDatasetSource); ok {
				return nil // the dataset feature failed to load: its errors say why
			}
		}
	}
	// What each report's charts are drawn from is gathered in report
	// order; the drawing, most of the work, is done on every core.
	type job struct {
		r    *Report
		path string
		src  []byte
		inds []*dataset.Indicator
	}
	var errs srcpos.List
	var jobs []job
	for _, r := range p.Reports {
		path := filepath.Join(r.Meta.Dir, ChartsFile)
		src, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue // a report without charts
		}
		if err != nil {
			errs.Addf(srcpos.Pos{File: path}, nil, "cannot read the charts: %v", err)
			continue
		}
		if f.figure == nil {
			name := filepath.Join(p.Root, "layouts", "partials", "chart-figure.html")
			t, err := template.ParseFiles(name)
			if err != nil {
				return srcpos.Errorf(srcpos.Pos{File: name}, nil, "charts need the figure template: %v", err)
			}
			f.figure = t
		}
		var inds []*dataset.Indicator
		if hasProvider {
			d := provider.Dataset(r.Meta.ID)
			if d == nil {
				errs.Addf(srcpos.Pos{File: path, Line: 1}, src, "report %s has charts but no dataset (%s): charts draw its indicators", r.Meta.ID, dataset.IndicatorsFile)
				continue
			}
			inds = d.Indicators
		} else {
			inds, _, err = dataset.Load(filepath.Join(r.Meta.Dir, dataset.IndicatorsFile))
			if err != nil {
				errs.Append(err)
				continue
			}
		}
		jobs = append(jobs, job{r, path, src, inds})
	}
	drawn := make([]*reportCharts, len(jobs))
	drawErrs := make([]error, len(jobs))
	forEachParallel(len(jobs), func(i int) {
		j := jobs[i]
		drawn[i], drawErrs[i] = f.loadReport(p, j.r, j.path, j.src, j.inds)
	})
	for i, j := range jobs {
		if drawErrs[i] != nil {
			errs.Append(drawErrs[i])
			continue
		}
		drawn[i].linkIDs = hasProvider
		f.reports[j.r.Meta.ID] = drawn[i]
	}
	return errs.Err()
}

func (f *ChartsFeature) loadReport(p *Project, r *Report, path string, src []byte, inds []*dataset.Indicator) (*reportCharts, error) {
	rc := &reportCharts{after: map[string][]*chartspec.Chart{}, refs: map[string]map[string]chartParaRef{},
		inline: map[string]map[string]template.HTML{}, figures: map[string]map[string]template.HTML{}, files: map[string][]byte{}}
	for _, lang := range p.Site.Languages {
		rc.refs[lang] = chartParaRefs(r, lang)
	}
	paragraphs := map[string]bool{}
	for id := range rc.refs["zh"] {
		paragraphs[id] = true
	}
	charts, err := chartspec.Load(path, src, inds, paragraphs)
	if err != nil {
		return nil, err
	}
	rc.charts = charts
	var errs srcpos.List
	for _, c := range charts {
		rc.after[c.Paragraphs[0]] = append(rc.after[c.Paragraphs[0]], c)
		for _, lang := range p.Site.Languages {
			spec := c.Spec(lang)
			spec.ID = chartElementID(c)
			// The dev server draws a chart again only when its spec changes.
			key := "chart/" + r.Meta.ID + "/" + c.ID + "/" + lang
			svg, err := remember(p.memo, key, spec, func() ([]byte, error) { return chart.Render(spec, chart.Options{}) })
			if err != nil {
				errs.Add(srcpos.Errorf(c.Pos, src, "chart %q cannot be drawn: %v", c.ID, err))
				continue
			}
			if rc.inline[lang] == nil {
				rc.inline[lang] = map[string]template.HTML{}
			}
			rc.inline[lang][c.ID] = template.HTML(svg) // built by chart's XML writer, every text escaped
			spec.Source = chartSourceText(p, r, rc, c, lang)
			file, err := remember(p.memo, key+"/standalone", spec, func() ([]byte, error) { return chart.Render(spec, chart.Options{Standalone: true}) })
			if err != nil {
				errs.Add(srcpos.Errorf(c.Pos, src, "chart %q cannot be drawn: %v", c.ID, err))
				continue
			}
			rc.files[c.ID+"."+lang+".svg"] = file
		}
		for _, lang := range p.Site.Languages {
			h, err := f.paragraphFigure(p, r, rc, c, lang)
			if err != nil {
				errs.Add(srcpos.Errorf(srcpos.Pos{File: filepath.Join(p.Root, "layouts", "partials", "chart-figure.html")}, nil, "chart %q: %v", c.ID, err))
				continue
			}
			if rc.figures[lang] == nil {
				rc.figures[lang] = map[string]template.HTML{}
			}
			rc.figures[lang][c.ID] = h
		}
		rc.files[c.ID+".csv"] = chartCSV(c)
		b, err := chartJSON(p, r, rc, c)
		if err != nil {
			errs.Add(srcpos.Errorf(c.Pos, src, "chart %q: %v", c.ID, err))
			continue
		}
		rc.files[c.ID+".json"] = b
	}
	rc.sizes = make(map[string]int, len(rc.files))
	for name, b := range rc.files {
		rc.sizes[name] = len(b)
	}
	return rc, errs.Err()
}

// chartElementID is the id of a chart's figure on a page; its SVG's title
// and desc ids derive from it.
func chartElementID(c *chartspec.Chart) string { return "chart-" + c.ID }

// chartParaRefs names every paragraph of a report the way a source line
// cites it, with its page and anchor.
func chartParaRefs(r *Report, lang string) map[string]chartParaRef {
	refs := map[string]chartParaRef{}
	doc := r.Docs[lang]
	if doc == nil {
		return refs
	}
	base := lang + "/" + r.Meta.ID + "/"
	for _, s := range doc.Sections {
		page := base
		if s.Kind != content.KindPreamble {
			page += s.Slug + "/"
		}
		n := 0
		for _, b := range s.Blocks {
			if b.Kind != content.Paragraph {
				continue
			}
			n++
			refs[b.ID] = chartParaRef{Label: chartParaLabel(s, n, lang), Path: page + "#" + b.ID}
		}
	}
	return refs
}

func chartParaLabel(s *content.Section, n int, lang string) string {
	if lang == "zh" {
		switch s.Kind {
		case content.KindPreamble:
			return fmt.Sprintf("导语第%d段", n)
		case content.KindPart:
			return fmt.Sprintf("第%s部分第%d段", reportimport.ChineseNumeral(s.Part), n)
		}
		return fmt.Sprintf("第%s部分%s第%d段", reportimport.ChineseNumeral(s.Part), SectionMarker(lang, s.Number), n)
	}
	switch s.Kind {
	case content.KindPreamble:
		return fmt.Sprintf("introduction, paragraph %d", n)
	case content.KindPart:
		return fmt.Sprintf("part %s, paragraph %d", roman(s.Part), n)
	}
	return fmt.Sprintf("part %s %s, paragraph %d", roman(s.Part), SectionMarker(lang, s.Number), n)
}

// chartSourceText is the source line drawn into a standalone SVG, which
// travels without the page: it names the report, the paragraphs and the
// chart's address.
func chartSourceText(p *Project, r *Report, rc *reportCharts, c *chartspec.Chart, lang string) string {
	var labels []string
	for _, id := range c.Paragraphs {
		labels = append(labels, rc.refs[lang][id].Label)
	}
	url := p.Site.BaseURL + chartPagePath(r.Meta.ID, lang, c.ID)
	if lang == "zh" {
		return fmt.Sprintf("来源：《%s》，%s。%s", r.Meta.TitleZh, strings.Join(labels, "、"), url)
	}
	return fmt.Sprintf("Source: “%s”, %s. %s", r.Meta.TitleEn, strings.Join(labels, "; "), url)
}

func chartsPath(report, lang string) string        { return lang + "/" + report + "/charts/" }
func chartPagePath(report, lang, id string) string { return chartsPath(report, lang) + id + "/" }
func chartEmbedPath(report, lang, id string) string {
	return lang + "/" + report + "/embed/" + id + "/"
}
func chartFilePath(report, name string) string { return "data/" + report + "/charts/" + name }

// ReportNav links the charts page.
func (f *ChartsFeature) ReportNav(p *Project, r *Report, lang string) []Link {
	if f.reports[r.Meta.ID] == nil {
		return nil
	}
	return []Link{{Title: p.Strings[lang]["charts"], Path: chartsPath(r.Meta.ID, lang)}}
}

// Decorate places each chart after the paragraph it illustrates.
func (f *ChartsFeature) Decorate(p *Project, r *Report, lang string, blocks []BlockView) {
	rc := f.reports[r.Meta.ID]
	if rc == nil {
		return
	}
	for i := range blocks {
		for _, c := range rc.after[blocks[i].ID] {
			blocks[i].Added += rc.figures[lang][c.ID]
		}
	}
}

// paragraphFigure renders the figure that goes beside a chart's paragraph.
// Its links carry RootURL, which each page replaces by its own path to the
// root; html/template percent-encodes RootURL's NULs in an href, so they
// are restored after rendering.
func (f *ChartsFeature) paragraphFigure(p *Project, r *Report, rc *reportCharts, c *chartspec.Chart, lang string) (template.HTML, error) {
	fig := f.figureView(p, r, rc, c, lang, func(path string) string { return RootURL + path })
	fig.PageHref = RootURL + chartPagePath(r.Meta.ID, lang, c.ID)
	var b bytes.Buffer
	if err := f.figure.ExecuteTemplate(&b, "chart-figure.html", fig); err != nil {
		return "", err
	}
	h := strings.ReplaceAll(b.String(), `href="`+url00(RootURL), `href="`+RootURL)
	return template.HTML(h), nil
}

// url00 is s as html/template writes it into a URL attribute.
func url00(s string) string { return strings.ReplaceAll(s, "\x00", "%00") }

// chartFigure is what layouts/partials/chart-figure.html draws.
type chartFigure struct {
	ID         string
	Lang       string
	Title      string
	Subtitle   string
	HideTitle  bool // the page's heading already says it
	SVG        template.HTML
	Notes      []string
	Source     string // "来源：本报告" / "Source: this report, " (on the embed page, the report's name)
	Refs       []Link // Path: the href
	RefSep     string
	SourceEnd  string
	PageHref   string // the chart's own page ("" on it)
	PageLabel  string
	Target     string // "_blank" inside an embed
	TableLabel string
	OpenTable  bool
	Table      chartTable
}

// chartTable is a chart's data: every figure it draws.
type chartTable struct {
	Head []string
	Rows []chartTableRow
	Foot []chartTableRow
}

type chartTableRow struct {
	Label string
	Href  string // the indicator's page, when the site has one
	Cells []string
}

// figureView builds a chart's figure for a page; href turns a path from
// the site root into a link from that page.
func (f *ChartsFeature) figureView(p *Project, r *Report, rc *reportCharts, c *chartspec.Chart, lang string, href func(string) string) chartFigure {
	t := p.Strings[lang]
	fig := chartFigure{ID: chartElementID(c), Lang: lang, Title: c.Title(lang), Subtitle: c.Subtitle(lang), SVG: rc.inline[lang][c.ID],
		Notes: c.Notes(lang), PageLabel: t["chart_page"], TableLabel: t["chart_table"]}
	fig.Source = t["chart_source"] + t["chart_this_report"]
	fig.RefSep, fig.SourceEnd = "、", "。"
	if lang != "zh" {
		fig.RefSep, fig.SourceEnd = "; ", "."
	}
	for _, id := range c.Paragraphs {
		ref := rc.refs[lang][id]
		fig.Refs = append(fig.Refs, Link{Title: ref.Label, Path: href(ref.Path)})
	}
	fig.Table = chartTableFor(c, lang, t, func(id string) string {
		if !rc.linkIDs {
			return ""
		}
		return href(indicatorPath(r.Meta.ID, lang, id))
	})
	return fig
}

// chartTableFor lays out a chart's figures as a table, formatted as the
// chart prints them.
func chartTableFor(c *chartspec.Chart, lang string, t map[string]string, link func(id string) string) chartTable {
	spec := c.Spec(lang)
	var tb chartTable
	switch c.Kind {
	case chart.Progress:
		tb.Head = []string{t["chart_item"], t["chart_done"], t["chart_whole"], t["chart_percent"]}
	case chart.Dumbbell:
		before, after := spec.Legend[0], spec.Legend[1]
		if before == "" {
			before, after = t["chart_before"], t["chart_after"]
		}
		tb.Head = []string{t["chart_item"], before, after}
	default:
		tb.Head = []string{t["chart_item"], t["chart_value"]}
	}
	for i, row := range c.Rows {
		sr := spec.Rows[i]
		tr := chartTableRow{Label: row.Label(lang), Href: link(row.Indicator.ID)}
		switch c.Kind {
		case chart.Progress:
			done, whole, pct := "—", "—", "—"
			if sr.Whole != nil {
				done, whole = spec.Format(sr.Value), spec.Format(*sr.Whole)
			} else {
				done = spec.Format(sr.Value)
			}
			if sr.Percent != nil {
				pct = chart.Format(*sr.Percent, lang, chart.Scale{})
			}
			tr.Cells = []string{done, whole, pct}
		case chart.Dumbbell:
			tr.Cells = []string{spec.Format(*sr.Before), spec.Format(sr.Value)}
		default:
			tr.Cells = []string{spec.Format(sr.Value)}
		}
		tb.Rows = append(tb.Rows, tr)
	}
	if spec.Total != nil {
		tb.Foot = append(tb.Foot, chartTableRow{Label: spec.TotalLbl, Href: link(c.Total.ID), Cells: []string{spec.Format(*spec.Total)}})
	}
	return tb
}

// Pages are, per report with charts: the charts page, a page per chart and
// an embed page per chart.
func (f *ChartsFeature) Pages(p *Project, lang string) []*Page {
	var pages []*Page
	for _, r := range p.Reports {
		rc := f.reports[r.Meta.ID]
		if rc == nil {
			continue
		}
		pages = append(pages, f.reportPages(p, r, rc, lang)...)
	}
	return pages
}

// chartsPageData is the charts page's model.
type chartsPageData struct {
	Intro   string
	Figures []chartFigure
}

// chartPageData is a chart page's model.
type chartPageData struct {
	Figure    chartFigure
	Downloads []chartDownload
	EmbedCode string
	EmbedPath string
	Citation  string
	Permalink string
	All       Link // the charts page
}

type chartDownload struct {
	Label, Path, Size string
}

// chartEmbedData is an embed page's model.
type chartEmbedData struct {
	Figure    chartFigure
	Canonical string // the chart's page, absolute
}

func (f *ChartsFeature) reportPages(p *Project, r *Report, rc *reportCharts, lang string) []*Page {
	t := p.Strings[lang]
	rv := p.reportView(r, lang)
	nav := p.reportNav(r, lang)
	home := Link{Title: t["home"], Path: lang + "/"}
	reportLink := Link{Title: rv.Title, Path: rv.Path}

	index := p.page("charts", lang, chartsPath(r.Meta.ID, lang))
	index.Report, index.Nav = rv, nav
	index.Heading = t["charts"]
	index.Title = t["charts"] + " | " + rv.Title + " | " + index.Site.Title
	index.Description = strings.ReplaceAll(t["charts_description"], "{n}", strconv.Itoa(len(rc.charts)))
	index.Crumbs = []Link{home, reportLink}
	data := &chartsPageData{Intro: index.Description}
	index.Data = data
	pages := []*Page{index}

	var chartPages []*Page
	for _, c := range rc.charts {
		pg := p.page("chart", lang, chartPagePath(r.Meta.ID, lang, c.ID))
		fig := f.figureView(p, r, rc, c, lang, index.URL)
		fig.PageHref = index.URL(pg.Path)
		data.Figures = append(data.Figures, fig)

		pg.Report, pg.Nav = rv, nav
		pg.Heading = c.Title(lang)
		pg.Title = c.Title(lang) + " | " + t["charts"] + " | " + rv.Title
		pg.Description = chart.Describe(c.Spec(lang))
		pg.Crumbs = []Link{home, reportLink, {Title: t["charts"], Path: index.Path}}
		pf := f.figureView(p, r, rc, c, lang, pg.URL)
		pf.HideTitle, pf.OpenTable = true, true
		permalink := pg.Abs(pg.Path)
		embed := chartEmbedPath(r.Meta.ID, lang, c.ID)
		pd := &chartPageData{Figure: pf, EmbedPath: embed, Permalink: permalink, All: Link{Title: t["charts_all"], Path: index.Path},
			EmbedCode: chartEmbedCode(pg.Abs(embed), c.Title(lang), []byte(rc.inline[lang][c.ID])),
			Citation:  chartCitation(p, r, c, lang, permalink)}
		for _, d := range []struct{ name, label string }{
			{c.ID + "." + lang + ".svg", t["chart_download_svg"]},
			{c.ID + ".csv", t["chart_download_csv"]},
			{c.ID + ".json", t["chart_download_json"]},
		} {
			pd.Downloads = append(pd.Downloads, chartDownload{Label: d.label, Path: chartFilePath(r.Meta.ID, d.name), Size: chartSize(rc.sizes[d.name], lang)})
		}
		pg.Data = pd
		chartPages = append(chartPages, pg)

		em := p.page("embed", lang, embed)
		em.Report = rv
		em.NoIndex = true
		em.Heading, em.Title = c.Title(lang), c.Title(lang)
		em.Description = pg.Description
		ef := f.figureView(p, r, rc, c, lang, func(path string) string { return em.Abs(path) })
		ef.PageHref, ef.Target = em.Abs(pg.Path), "_blank"
		ef.Source = t["chart_source"] + chartReportName(r, lang)
		em.Data = &chartEmbedData{Figure: ef, Canonical: permalink}
		pages = append(pages, em)
	}
	for i, pg := range chartPages {
		if i > 0 {
			prev := chartPages[i-1]
			pg.Prev = &Link{Title: prev.Heading, Path: prev.Path}
		}
		if i+1 < len(chartPages) {
			next := chartPages[i+1]
			pg.Next = &Link{Title: next.Heading, Path: next.Path}
		}
	}
	return append(pages, chartPages...)
}

// chartReportName names the report in an embed's source line, which is
// read away from the site: "《…》，" / "“…”, " (the report's title names
// its issuer).
func chartReportName(r *Report, lang string) string {
	if lang == "zh" {
		return "《" + r.Meta.TitleZh + "》，"
	}
	return "“" + r.Meta.TitleEn + "”, "
}

// chartEmbedCode is the iframe to copy. Its height fits the chart drawn
// 480 px wide (the width cap of charts) with its title and source.
func chartEmbedCode(src, title string, svg []byte) string {
	h := 360
	if vb := chartViewBox(svg); vb[2] > 0 {
		h = int(math.Ceil(vb[3]*480/vb[2])) + 240
	}
	return fmt.Sprintf(`<iframe src="%s" title="%s" width="100%%" height="%d" style="border:0;max-width:560px" loading="lazy"></iframe>`,
		template.HTMLEscapeString(src), template.HTMLEscapeString(title), h)
}

// chartViewBox reads the viewBox of an SVG made by package chart.
func chartViewBox(svg []byte) [4]float64 {
	var vb [4]float64
	_, rest, ok := bytes.Cut(svg, []byte(`viewBox="`))
	if !ok {
		return vb
	}
	v, _, _ := bytes.Cut(rest, []byte(`"`))
	for i, s := range strings.Fields(string(v)) {
		if i < 4 {
			vb[i], _ = strconv.ParseFloat(s, 64)
		}
	}
	return vb
}

// chartCitation is a reference to the chart, to copy.
func chartCitation(p *Project, r *Report, c *chartspec.Chart, lang, url string) string {
	if lang == "zh" {
		return fmt.Sprintf("%s：《%s》图表“%s”，%s，%s版。%s", p.Site.PublisherZh, r.Meta.TitleZh, c.TitleZh, p.Site.TitleZh, r.Meta.Edition, url)
	}
	return fmt.Sprintf("%s, “%s” (chart), in %s, %s, edition of %s. %s", p.Site.PublisherEn, c.TitleEn, r.Meta.TitleEn, p.Site.TitleEn, r.Meta.Edition, url)
}

func chartSize(n int, lang string) string {
	if n >= 1024 {
		return strconv.FormatFloat(float64(n)/1024, 'f', 1, 64) + " KB"
	}
	if lang == "zh" {
		return strconv.Itoa(n) + " 字节"
	}
	return strconv.Itoa(n) + " bytes"
}

// Files writes each chart's downloads.
func (f *ChartsFeature) Files(p *Project, out map[string][]byte) error {
	for _, r := range p.Reports {
		rc := f.reports[r.Meta.ID]
		if rc == nil {
			continue
		}
		for name, b := range rc.files {
			out[chartFilePath(r.Meta.ID, name)] = b
		}
	}
	return nil
}

// forgetFiles drops the charts' downloads, which Files has handed over
// (see fileForgetter); the pages read their sizes from rc.sizes.
func (f *ChartsFeature) forgetFiles() {
	for _, rc := range f.reports {
		rc.files = nil
	}
}

// chartCSV is a chart's data, one line per figure, in both languages,
// with each figure's source paragraph and quote. Text that a spreadsheet
// would take for a formula is neutralised.
func chartCSV(c *chartspec.Chart) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"chart", "row", "role", "indicator", "label_zh", "label_en", "value", "value_text", "unit", "unit_en", "multiplier", "period", "paragraph", "quote"})
	line := func(row int, role string, label [2]string, in *dataset.Indicator, value float64, text string) {
		w.Write([]string{csvText(c.ID), strconv.Itoa(row), role, csvText(in.ID), csvText(label[0]), csvText(label[1]),
			strconv.FormatFloat(value, 'f', -1, 64), csvText(text), csvText(in.Unit), csvText(in.UnitEn),
			strconv.FormatFloat(in.Multiplier, 'f', -1, 64), csvText(in.Period), csvText(in.Paragraph), csvText(in.Quote)})
	}
	for i, r := range c.Rows {
		label := [2]string{r.LabelZh, r.LabelEn}
		if c.Kind == chart.Dumbbell && r.Indicator.Base != nil {
			line(i+1, "before", label, r.Indicator, *r.Indicator.Base, r.Indicator.BaseText)
		}
		line(i+1, "value", label, r.Indicator, r.Indicator.Value, r.Indicator.ValueText)
		if r.Whole != nil {
			line(i+1, "whole", [2]string{r.Whole.NameZh, r.Whole.NameEn}, r.Whole, r.Whole.Value, r.Whole.ValueText)
		}
		if r.Percent != nil {
			line(i+1, "percent", [2]string{r.Percent.NameZh, r.Percent.NameEn}, r.Percent, r.Percent.Value, r.Percent.ValueText)
		}
	}
	if c.Total != nil {
		line(0, "total", [2]string{c.Total.NameZh, c.Total.NameEn}, c.Total, c.Total.Value, c.Total.ValueText)
	}
	w.Flush()
	return b.Bytes()
}

// csvText keeps a text cell from being read as a formula by a spreadsheet.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// chartJSONFile is a chart's JSON download.
type chartJSONFile struct {
	ID         string              `json:"id"`
	Kind       string              `json:"kind"`
	Title      chartBilingual      `json:"title"`
	Subtitle   chartBilingual      `json:"subtitle"`
	Notes      map[string][]string `json:"notes"`
	URL        chartBilingual      `json:"url"`
	Report     chartJSONReport     `json:"report"`
	Paragraphs []chartJSONPara     `json:"paragraphs"`
	Legend     map[string][]string `json:"legend,omitempty"`
	Rows       []chartJSONRow      `json:"rows"`
	Total      *chartJSONFigure    `json:"total,omitempty"`
	Licence    string              `json:"licence"`
}

type chartBilingual struct {
	Zh string `json:"zh"`
	En string `json:"en"`
}

type chartJSONReport struct {
	ID    string         `json:"id"`
	Title chartBilingual `json:"title"`
}

type chartJSONPara struct {
	ID  string         `json:"id"`
	URL chartBilingual `json:"url"`
}

type chartJSONRow struct {
	Label   chartBilingual   `json:"label"`
	Value   chartJSONFigure  `json:"value"`
	Before  *chartJSONFigure `json:"before,omitempty"`
	Whole   *chartJSONFigure `json:"whole,omitempty"`
	Percent *chartJSONFigure `json:"percent,omitempty"`
}

type chartJSONFigure struct {
	Indicator  string  `json:"indicator"`
	Value      float64 `json:"value"`
	ValueText  string  `json:"value_text"`
	Unit       string  `json:"unit"`
	UnitEn     string  `json:"unit_en"`
	Multiplier float64 `json:"multiplier"`
	Period     string  `json:"period"`
	Paragraph  string  `json:"paragraph"`
	Quote      string  `json:"quote"`
}

func chartFigureJSON(in *dataset.Indicator) *chartJSONFigure {
	return &chartJSONFigure{Indicator: in.ID, Value: in.Value, ValueText: in.ValueText, Unit: in.Unit, UnitEn: in.UnitEn,
		Multiplier: in.Multiplier, Period: in.Period, Paragraph: in.Paragraph, Quote: in.Quote}
}

func chartJSON(p *Project, r *Report, rc *reportCharts, c *chartspec.Chart) ([]byte, error) {
	abs := func(path string) string { return p.Site.BaseURL + path }
	j := chartJSONFile{ID: c.ID, Kind: string(c.Kind), Title: chartBilingual{c.TitleZh, c.TitleEn},
		Subtitle: chartBilingual{c.SubtitleZh, c.SubtitleEn}, Notes: map[string][]string{"zh": c.NotesZh, "en": c.NotesEn},
		URL:     chartBilingual{abs(chartPagePath(r.Meta.ID, "zh", c.ID)), abs(chartPagePath(r.Meta.ID, "en", c.ID))},
		Report:  chartJSONReport{ID: r.Meta.ID, Title: chartBilingual{r.Meta.TitleZh, r.Meta.TitleEn}},
		Licence: p.Site.Licence}
	if c.Notes("zh") == nil {
		j.Notes = map[string][]string{"zh": {}, "en": {}}
	}
	for _, id := range c.Paragraphs {
		j.Paragraphs = append(j.Paragraphs, chartJSONPara{ID: id, URL: chartBilingual{abs(rc.refs["zh"][id].Path), abs(rc.refs["en"][id].Path)}})
	}
	if c.Kind == chart.Dumbbell {
		j.Legend = map[string][]string{"zh": c.LegendZh[:], "en": c.LegendEn[:]}
	}
	for _, row := range c.Rows {
		jr := chartJSONRow{Label: chartBilingual{row.LabelZh, row.LabelEn}, Value: *chartFigureJSON(row.Indicator)}
		if c.Kind == chart.Dumbbell && row.Indicator.Base != nil {
			b := chartFigureJSON(row.Indicator)
			b.Value, b.ValueText = *row.Indicator.Base, row.Indicator.BaseText
			jr.Before = b
		}
		if row.Whole != nil {
			jr.Whole = chartFigureJSON(row.Whole)
		}
		if row.Percent != nil {
			jr.Percent = chartFigureJSON(row.Percent)
		}
		j.Rows = append(j.Rows, jr)
	}
	if c.Total != nil {
		j.Total = chartFigureJSON(c.Total)
	}
	b, err := json.MarshalIndent(j, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// loadsAfterOthers: Load reads the dataset feature (see LoadsAfter).
func (f *ChartsFeature) loadsAfterOthers() {}
