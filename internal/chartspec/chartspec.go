// Package chartspec reads a report's chart declarations,
// data/<report>/charts.toml, and resolves them against its indicators: a
// chart names its figures by indicator id and never restates a number, so
// a chart cannot disagree with the dataset. Every mistake (an unknown id,
// units that differ on one axis, a chart without data, a percentage that
// does not match its part and whole) is reported at its file:line:col.
//
// The format:
//
//	[[chart]]
//	id = "investment-growth"         # the chart's URL segment
//	kind = "diverging"               # diverging, bars, composition, progress, dumbbell
//	title_zh = "固定资产投资增速"      # and title_en; subtitle_zh/_en, notes_zh/_en optional
//	paragraphs = ["paef9f5"]         # what it illustrates; placed after the first
//	indicators = ["fai-yoy", "industrial-investment-yoy"]
//	sort = "value-desc"              # as-listed (default), value-desc, value-asc
//	colours = ["blue", "orange"]     # palette names (see internal/chart)
//	highlight = ["fai-yoy"]          # rows drawn in bold
//
// Instead of indicators, rows may be given one by one, when a row needs a
// shorter label or more than one figure:
//
//	[[chart.row]]
//	indicator = "hazards-resolved"   # the figure (the part done, for progress)
//	whole = "hazards-tracked"        # progress: the whole
//	percent = "hazards-resolution-rate"  # progress: the stated percentage
//	label_zh = "隐患处理"              # and label_en; default: the indicator's name
//
// A composition may name the indicator its parts add up to (total = "…");
// a dumbbell takes each row's before value from the indicator's base and
// may name the two values (legend_zh = ["2022年", "2023年"], legend_en).
package chartspec

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"

	"reportsite/internal/chart"
	"reportsite/internal/dataset"
	"reportsite/internal/srcpos"
	"reportsite/internal/tomldata"
)

// Chart is one resolved chart declaration.
type Chart struct {
	ID         string
	Kind       chart.Kind
	TitleZh    string
	TitleEn    string
	SubtitleZh string
	SubtitleEn string
	NotesZh    []string
	NotesEn    []string
	Paragraphs []string
	Colours    []string
	LegendZh   [2]string
	LegendEn   [2]string
	Rows       []Row
	Total      *dataset.Indicator
	Pos        srcpos.Pos // the [[chart]] header
}

// Row is one resolved row.
type Row struct {
	Indicator *dataset.Indicator
	Whole     *dataset.Indicator
	Percent   *dataset.Indicator
	LabelZh   string
	LabelEn   string
	Highlight bool
}

// Indicators lists every indicator the chart draws, in row order, each once.
func (c *Chart) Indicators() []*dataset.Indicator {
	var out []*dataset.Indicator
	seen := map[string]bool{}
	add := func(in *dataset.Indicator) {
		if in != nil && !seen[in.ID] {
			seen[in.ID] = true
			out = append(out, in)
		}
	}
	for _, r := range c.Rows {
		add(r.Indicator)
		add(r.Whole)
		add(r.Percent)
	}
	add(c.Total)
	return out
}

// Title, Subtitle, Notes and Label pick the language.
func (c *Chart) Title(lang string) string    { return pick(lang, c.TitleZh, c.TitleEn) }
func (c *Chart) Subtitle(lang string) string { return pick(lang, c.SubtitleZh, c.SubtitleEn) }
func (c *Chart) Notes(lang string) []string {
	if lang == "en" {
		return c.NotesEn
	}
	return c.NotesZh
}
func (r *Row) Label(lang string) string { return pick(lang, r.LabelZh, r.LabelEn) }

func pick(lang, zh, en string) string {
	if lang == "en" {
		return en
	}
	return zh
}

// Number is an indicator's figure for drawing.
func Number(in *dataset.Indicator) chart.Number {
	return chart.Number{Value: in.Value, Text: in.ValueText, Unit: in.Unit, UnitEn: in.UnitEn, Multiplier: in.Multiplier}
}

// BaseNumber is an indicator's before value.
func BaseNumber(in *dataset.Indicator) chart.Number {
	n := Number(in)
	n.Value, n.Text = *in.Base, in.BaseText
	return n
}

// Spec is the chart in one language, without the id and source line,
// which belong to the page it is drawn on.
func (c *Chart) Spec(lang string) chart.Spec {
	s := chart.Spec{Kind: c.Kind, Lang: lang, Title: c.Title(lang), Subtitle: c.Subtitle(lang), Notes: c.Notes(lang), Colours: c.Colours}
	if lang == "en" {
		s.Legend = c.LegendEn
	} else {
		s.Legend = c.LegendZh
	}
	for _, r := range c.Rows {
		row := chart.Row{Label: r.Label(lang), Value: Number(r.Indicator), Highlight: r.Highlight}
		if c.Kind == chart.Dumbbell && r.Indicator.Base != nil {
			b := BaseNumber(r.Indicator)
			row.Before = &b
		}
		if r.Whole != nil {
			w := Number(r.Whole)
			row.Whole = &w
		}
		if r.Percent != nil {
			p := Number(r.Percent)
			row.Percent = &p
		}
		s.Rows = append(s.Rows, row)
	}
	if c.Total != nil {
		t := Number(c.Total)
		s.Total = &t
		s.TotalLbl = pick(lang, c.Total.NameZh, c.Total.NameEn)
	}
	return s
}

// file is charts.toml as written.
type file struct {
	Chart []decl `toml:"chart"`
}

type decl struct {
	ID         string    `toml:"id"`
	Kind       string    `toml:"kind"`
	TitleZh    string    `toml:"title_zh"`
	TitleEn    string    `toml:"title_en"`
	SubtitleZh string    `toml:"subtitle_zh"`
	SubtitleEn string    `toml:"subtitle_en"`
	NotesZh    []string  `toml:"notes_zh"`
	NotesEn    []string  `toml:"notes_en"`
	Paragraphs []string  `toml:"paragraphs"`
	Indicators []string  `toml:"indicators"`
	Rows       []rowDecl `toml:"row"`
	Total      string    `toml:"total"`
	Sort       string    `toml:"sort"`
	Colours    []string  `toml:"colours"`
	Highlight  []string  `toml:"highlight"`
	LegendZh   []string  `toml:"legend_zh"`
	LegendEn   []string  `toml:"legend_en"`
}

type rowDecl struct {
	Indicator string `toml:"indicator"`
	Whole     string `toml:"whole"`
	Percent   string `toml:"percent"`
	LabelZh   string `toml:"label_zh"`
	LabelEn   string `toml:"label_en"`
}

var idRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)

// Sorts are the orders a chart's rows may be drawn in.
var Sorts = []string{"as-listed", "value-desc", "value-asc"}

// Load reads and resolves path against the report's indicators and
// paragraph ids.
func Load(path string, src []byte, inds []*dataset.Indicator, paragraphs map[string]bool) ([]*Chart, error) {
	var f file
	if _, err := tomldata.Decode(path, src, 0, &f); err != nil {
		return nil, err
	}
	byID := map[string]*dataset.Indicator{}
	for _, in := range inds {
		byID[in.ID] = in
	}
	loc := newLocator(path, src)
	var errs srcpos.List
	var out []*Chart
	seen := map[string]srcpos.Pos{}
	for i, d := range f.Chart {
		r := &resolver{loc: loc, chart: i, src: src, errs: &errs, byID: byID}
		c := r.resolve(d, paragraphs)
		if c == nil {
			continue
		}
		if prev, dup := seen[c.ID]; dup {
			errs.Add(srcpos.Errorf(r.key("id"), src, "chart id %q is already used at line %d: ids are URL segments and must be unique", c.ID, prev.Line))
			continue
		}
		seen[c.ID] = c.Pos
		out = append(out, c)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// resolver resolves one [[chart]] and reports its problems.
type resolver struct {
	loc   *locator
	chart int
	src   []byte
	errs  *srcpos.List
	byID  map[string]*dataset.Indicator
	bad   bool
}

func (r *resolver) key(k string) srcpos.Pos { return r.loc.key(r.chart, -1, k) }

func (r *resolver) errorf(pos srcpos.Pos, format string, args ...any) {
	r.errs.Add(srcpos.Errorf(pos, r.src, format, args...))
	r.bad = true
}

// indicator looks up id, written as the value of key (in row `row`, or -1).
func (r *resolver) indicator(row int, key, id string) *dataset.Indicator {
	in, ok := r.byID[id]
	if !ok {
		r.errorf(r.loc.value(r.chart, row, key, id), "unknown indicator id %q: charts name figures by their id in indicators.toml%s", id, suggest(id, r.byID))
		return nil
	}
	if err := Number(in).Check(); err != nil {
		r.errorf(r.loc.value(r.chart, row, key, id), "indicator %q cannot be drawn: %v (fix it in indicators.toml)", id, err)
		return nil
	}
	return in
}

func (r *resolver) resolve(d decl, paragraphs map[string]bool) *Chart {
	head := r.loc.chartPos(r.chart)
	c := &Chart{ID: d.ID, Kind: chart.Kind(d.Kind), TitleZh: d.TitleZh, TitleEn: d.TitleEn, SubtitleZh: d.SubtitleZh,
		SubtitleEn: d.SubtitleEn, NotesZh: d.NotesZh, NotesEn: d.NotesEn, Paragraphs: d.Paragraphs, Colours: d.Colours, Pos: head}
	switch {
	case d.ID == "":
		r.errorf(head, "chart without an id: add id = \"…\" (lower-case letters, digits and hyphens; it becomes the chart's URL)")
	case !idRe.MatchString(d.ID):
		r.errorf(r.key("id"), "chart id %q must be lower-case letters, digits and hyphens (it becomes the chart's URL)", d.ID)
	}
	known := false
	for _, k := range chart.Kinds {
		known = known || string(k) == d.Kind
	}
	if !known {
		pos := r.key("kind")
		if d.Kind == "" {
			pos = head
		}
		var ks []string
		for _, k := range chart.Kinds {
			ks = append(ks, string(k))
		}
		r.errorf(pos, "unknown chart kind %q: use one of %s", d.Kind, strings.Join(ks, ", "))
	}
	if d.TitleZh == "" || d.TitleEn == "" {
		r.errorf(head, "chart %q needs title_zh and title_en", d.ID)
	}
	if len(d.SubtitleZh) > 0 != (len(d.SubtitleEn) > 0) || len(d.NotesZh) != len(d.NotesEn) {
		r.errorf(head, "chart %q: subtitles and notes must be given in both languages", d.ID)
	}
	if len(d.Paragraphs) == 0 {
		r.errorf(head, "chart %q names no paragraph: add paragraphs = [\"p…\"], the ids of the paragraphs it illustrates (it is placed after the first)", d.ID)
	}
	for _, p := range d.Paragraphs {
		if !paragraphs[p] {
			r.errorf(r.loc.value(r.chart, -1, "paragraphs", p), "unknown paragraph id %q: use an id from content/<report>/zh/*.md ({#p…})", p)
		}
	}
	for _, col := range d.Colours {
		if _, ok := chart.ColourNamed(col); !ok {
			r.errorf(r.loc.value(r.chart, -1, "colours", col), "unknown colour %q: use one of %s", col, chart.ColourNames())
		}
	}
	sortOK := d.Sort == ""
	for _, s := range Sorts {
		sortOK = sortOK || s == d.Sort
	}
	if !sortOK {
		r.errorf(r.key("sort"), "unknown sort %q: use one of %s", d.Sort, strings.Join(Sorts, ", "))
	}
	for _, pair := range []struct {
		key string
		v   []string
		dst *[2]string
	}{{"legend_zh", d.LegendZh, &c.LegendZh}, {"legend_en", d.LegendEn, &c.LegendEn}} {
		switch {
		case len(pair.v) == 2:
			*pair.dst = [2]string{pair.v[0], pair.v[1]}
		case len(pair.v) != 0:
			r.errorf(r.key(pair.key), "%s names the before and the after value: give exactly two", pair.key)
		}
	}

	// Rows.
	switch {
	case len(d.Indicators) > 0 && len(d.Rows) > 0:
		r.errorf(r.key("indicators"), "chart %q has both indicators and [[chart.row]] tables: use one or the other", d.ID)
	case len(d.Indicators) == 0 && len(d.Rows) == 0:
		r.errorf(head, "chart %q has no data: list its figures in indicators = [\"…\"] or in [[chart.row]] tables", d.ID)
	}
	for _, id := range d.Indicators {
		if in := r.indicator(-1, "indicators", id); in != nil {
			c.Rows = append(c.Rows, Row{Indicator: in, LabelZh: in.NameZh, LabelEn: in.NameEn})
		}
	}
	for j, rd := range d.Rows {
		if rd.Indicator == "" {
			r.errorf(r.loc.rowPos(r.chart, j), "row without an indicator: add indicator = \"…\"")
			continue
		}
		in := r.indicator(j, "indicator", rd.Indicator)
		if in == nil {
			continue
		}
		row := Row{Indicator: in, LabelZh: in.NameZh, LabelEn: in.NameEn}
		if rd.LabelZh != "" {
			row.LabelZh = rd.LabelZh
		}
		if rd.LabelEn != "" {
			row.LabelEn = rd.LabelEn
		}
		if rd.Whole != "" {
			row.Whole = r.indicator(j, "whole", rd.Whole)
		}
		if rd.Percent != "" {
			row.Percent = r.indicator(j, "percent", rd.Percent)
		}
		c.Rows = append(c.Rows, row)
	}
	if d.Total != "" {
		c.Total = r.indicator(-1, "total", d.Total)
	}
	for _, h := range d.Highlight {
		found := false
		for i := range c.Rows {
			if c.Rows[i].Indicator.ID == h {
				c.Rows[i].Highlight, found = true, true
			}
		}
		if !found && !r.bad {
			r.errorf(r.loc.value(r.chart, -1, "highlight", h), "highlight %q is not a row of this chart", h)
		}
	}
	if r.bad {
		return nil
	}
	r.check(c, d)
	if r.bad {
		return nil
	}
	sortRows(c, d.Sort)
	return c
}

// check applies the rules of the chart's kind.
func (r *resolver) check(c *Chart, d decl) {
	rowPos := func(i int) srcpos.Pos {
		if len(d.Rows) > 0 {
			return r.loc.value(r.chart, i, "indicator", c.Rows[i].Indicator.ID)
		}
		return r.loc.value(r.chart, -1, "indicators", c.Rows[i].Indicator.ID)
	}
	if c.Kind == chart.Progress && len(d.Indicators) > 0 {
		r.errorf(r.key("indicators"), "a progress chart needs [[chart.row]] tables, each naming the whole or the percentage done")
		return
	}
	first := c.Rows[0].Indicator
	for i, row := range c.Rows {
		in := row.Indicator
		if in.Unit != first.Unit || in.Multiplier != first.Multiplier {
			r.errorf(rowPos(i), "unit mismatch inside one axis: %q is in %q×%g but %q is in %q×%g; a chart's figures must share one unit",
				in.ID, in.Unit, in.Multiplier, first.ID, first.Unit, first.Multiplier)
			return
		}
		switch c.Kind {
		case chart.Dumbbell:
			if in.Base == nil {
				r.errorf(rowPos(i), "indicator %q has no base value: a dumbbell draws base → value (add base and base_text in indicators.toml, or choose another kind)", in.ID)
			}
		case chart.Progress:
			if row.Whole == nil && row.Percent == nil {
				r.errorf(rowPos(i), "a progress row needs whole = \"…\" (the indicator it is part of) or percent = \"…\" (the stated percentage done)")
				continue
			}
			if row.Whole != nil && (row.Whole.Unit != in.Unit || row.Whole.Multiplier != in.Multiplier) {
				r.errorf(r.loc.value(r.chart, i, "whole", row.Whole.ID), "unit mismatch: the whole %q is in %q, the part %q in %q", row.Whole.ID, row.Whole.Unit, in.ID, in.Unit)
				continue
			}
			if row.Whole != nil && row.Whole.Value <= 0 {
				r.errorf(r.loc.value(r.chart, i, "whole", row.Whole.ID), "the whole %q must be positive", row.Whole.ID)
				continue
			}
			if row.Percent != nil && row.Percent.Unit != "%" {
				r.errorf(r.loc.value(r.chart, i, "percent", row.Percent.ID), "percent %q is in %q, not %%", row.Percent.ID, row.Percent.Unit)
				continue
			}
			if row.Whole != nil && row.Percent != nil {
				got := in.Value / row.Whole.Value * 100
				if !agrees(got, row.Percent) {
					r.errorf(r.loc.value(r.chart, i, "percent", row.Percent.ID), "%q says %s%% but %q / %q is %.4f%%: the part, the whole or the percentage is wrong",
						row.Percent.ID, row.Percent.ValueText, in.ID, row.Whole.ID, got)
				}
			}
		case chart.Composition:
			if in.Value < 0 {
				r.errorf(rowPos(i), "indicator %q is negative: a composition shows parts of a whole", in.ID)
			}
		}
	}
	if c.Kind == chart.Composition && c.Total != nil && !r.bad {
		sum := 0.0
		for _, row := range c.Rows {
			sum += row.Indicator.Value
		}
		if c.Total.Unit != first.Unit || c.Total.Multiplier != first.Multiplier {
			r.errorf(r.loc.value(r.chart, -1, "total", c.Total.ID), "unit mismatch: the total %q is in %q, the parts in %q", c.Total.ID, c.Total.Unit, first.Unit)
		} else if !agrees(sum, c.Total) {
			r.errorf(r.loc.value(r.chart, -1, "total", c.Total.ID), "the parts add up to %g, but the total %q is %s", sum, c.Total.ID, c.Total.ValueText)
		}
	}
	spec := c.Spec("zh")
	if err := spec.Check(); err != nil && !r.bad {
		r.errorf(c.Pos, "%v", err)
	}
}

// agrees says whether x, computed, equals the stated figure to the
// precision it is written with (half a unit in its last digit).
func agrees(x float64, stated *dataset.Indicator) bool {
	decimals := 0
	if _, frac, ok := strings.Cut(stated.ValueText, "."); ok {
		decimals = len(frac)
	}
	tol := 0.5*math.Pow(10, -float64(decimals)) + 1e-9
	return math.Abs(x-stated.Value) <= tol
}

func sortRows(c *Chart, order string) {
	key := func(r Row) float64 {
		switch {
		case c.Kind == chart.Progress && r.Whole != nil:
			return r.Indicator.Value / r.Whole.Value
		case c.Kind == chart.Progress && r.Percent != nil:
			return r.Percent.Value / 100
		}
		return r.Indicator.Value
	}
	switch order {
	case "value-desc":
		sort.SliceStable(c.Rows, func(i, j int) bool { return key(c.Rows[i]) > key(c.Rows[j]) })
	case "value-asc":
		sort.SliceStable(c.Rows, func(i, j int) bool { return key(c.Rows[i]) < key(c.Rows[j]) })
	}
}

// suggest proposes the known ids that start like id, to catch typos.
func suggest(id string, byID map[string]*dataset.Indicator) string {
	prefix := id
	if i := strings.IndexByte(id, '-'); i > 0 {
		prefix = id[:i]
	}
	var near []string
	for k := range byID {
		if strings.HasPrefix(k, prefix) {
			near = append(near, k)
		}
	}
	if len(near) == 0 {
		return ""
	}
	sort.Strings(near)
	if len(near) > 5 {
		near = near[:5]
	}
	return fmt.Sprintf(" (did you mean %s?)", strings.Join(near, ", "))
}
