// Package chart draws the report's charts as small, accessible SVG at build
// time: horizontal bars (diverging for growth rates, plain for levels),
// 100% composition bars, progress bars against a whole, and before → after
// dumbbells. It knows nothing of the site: a Spec holds the labelled
// figures in one language and Render returns the SVG.
//
// The drawings are honest and legible: bars start at zero, axes carry nice
// ticks, every mark is labelled with its value, text is measured per
// script and wrapped so that no two labels overlap and none is clipped, and
// colours come from a colour-blind-safe palette through CSS classes, so a
// page's dark scheme recolours its charts. Each SVG has role="img", a
// <title> and a generated <desc> sentence.
package chart

import (
	"fmt"
	"math"
	"strings"
	"sync"
)

// Kind is a kind of chart.
type Kind string

// The kinds of chart.
const (
	Diverging   Kind = "diverging"   // horizontal bars left and right of zero (growth rates)
	Bars        Kind = "bars"        // horizontal bars from zero (levels sharing one unit)
	Composition Kind = "composition" // one 100% bar split into parts
	Progress    Kind = "progress"    // completion against a whole
	Dumbbell    Kind = "dumbbell"    // before → after
)

// Kinds lists the kinds, for messages.
var Kinds = []Kind{Diverging, Bars, Composition, Progress, Dumbbell}

// Spec is one chart in one language.
type Spec struct {
	ID       string // unique on a page: the ids of <title> and <desc> derive from it
	Kind     Kind
	Lang     string // "zh" or "en"
	Title    string
	Subtitle string
	Notes    []string
	Source   string // the source line, drawn in standalone files
	Rows     []Row
	Colours  []string  // palette names; see DefaultColours
	Legend   [2]string // dumbbell: what the before and after values are
	Total    *Number   // composition: the whole the parts add up to
	TotalLbl string    // composition: its label
}

// Row is one labelled figure.
type Row struct {
	Label     string
	Value     Number  // the figure: the after value of a dumbbell, the part done of a progress bar
	Before    *Number // dumbbell: the before value
	Whole     *Number // progress: the whole the value is part of
	Percent   *Number // progress: the percentage done, as the report states it
	Highlight bool    // drawn in bold (a total among its parts)
}

// Options say where the SVG goes.
type Options struct {
	// Standalone makes a self-contained file: XML declaration, an embedded
	// style sheet (colours for both schemes, a font stack), a background,
	// and the title, subtitle, notes and source drawn as text. Inline SVG
	// takes its colours and fonts from the page, which shows the title and
	// source in HTML.
	Standalone bool
}

// DefaultColours are the colours of each kind when charts.toml names none.
var DefaultColours = map[Kind][]string{
	Diverging:   {"blue", "orange"}, // growth, decline
	Bars:        {"blue"},
	Composition: {"blue", "orange", "green", "purple", "vermillion", "grey"},
	Progress:    {"blue"},
	Dumbbell:    {"blue"},
}

// Geometry, in viewBox units. The drawing is 400 units wide: on a 390 px
// phone a 14-unit label renders at about 12 px, and the page caps the
// chart's width (480 px) so that on a desktop it renders near the body
// text size.
const (
	Width     = 400.0
	fontSize  = 14.0
	smallSize = 12.0
	titleSize = 16.0
	lineGap   = 1.3  // line height of wrapped labels, in ems
	margin    = 12.0 // around a standalone file's content
	inset     = 2.0  // between a page's chart text and the edge of the drawing
)

// Check reports what makes a spec impossible to draw: an unknown kind or
// colour, no rows, a figure that is not finite, or units that differ on
// one axis.
func (s *Spec) Check() error {
	known := false
	for _, k := range Kinds {
		known = known || k == s.Kind
	}
	if !known {
		return fmt.Errorf("unknown chart kind %q (known: %s)", s.Kind, kindList())
	}
	if len(s.Rows) == 0 {
		return fmt.Errorf("chart has no data")
	}
	for _, c := range s.Colours {
		if _, ok := ColourNamed(c); !ok {
			return fmt.Errorf("unknown colour %q (known: %s)", c, ColourNames())
		}
	}
	first := s.Rows[0].Value
	for _, r := range s.Rows {
		nums := []*Number{&r.Value, r.Before, r.Whole}
		for _, n := range nums {
			if n == nil {
				continue
			}
			if err := n.Check(); err != nil {
				return fmt.Errorf("%s: %v", r.Label, err)
			}
			if !sameUnit(*n, first) {
				return fmt.Errorf("unit mismatch on one axis: %s is in %q×%v, %s in %q×%v", r.Label, n.Unit, mult(*n), s.Rows[0].Label, first.Unit, mult(first))
			}
		}
		if r.Percent != nil {
			if err := r.Percent.Check(); err != nil {
				return fmt.Errorf("%s: %v", r.Label, err)
			}
			if r.Percent.Unit != "%" {
				return fmt.Errorf("%s: the percentage done is in %q, not %%", r.Label, r.Percent.Unit)
			}
		}
		switch s.Kind {
		case Dumbbell:
			if r.Before == nil {
				return fmt.Errorf("%s: a dumbbell row needs a before value", r.Label)
			}
		case Progress:
			if r.Whole == nil && r.Percent == nil {
				return fmt.Errorf("%s: a progress row needs a whole or a percentage done", r.Label)
			}
			if r.Whole != nil && (r.Whole.Value <= 0 || r.Value.Value < 0) {
				return fmt.Errorf("%s: progress needs a positive whole and a part that is not negative", r.Label)
			}
		case Composition:
			if r.Value.Value < 0 {
				return fmt.Errorf("%s: a part of a whole cannot be negative", r.Label)
			}
		}
	}
	if s.Kind == Composition {
		sum := 0.0
		for _, r := range s.Rows {
			sum += r.Value.Value
		}
		if sum <= 0 {
			return fmt.Errorf("the parts add up to nothing")
		}
		if s.Total != nil && !sameUnit(*s.Total, first) {
			return fmt.Errorf("unit mismatch: the total is in %q×%v, the parts in %q×%v", s.Total.Unit, mult(*s.Total), first.Unit, mult(first))
		}
	}
	return nil
}

func kindList() string {
	var ks []string
	for _, k := range Kinds {
		ks = append(ks, string(k))
	}
	return strings.Join(ks, ", ")
}

func mult(n Number) float64 {
	if n.Multiplier == 0 {
		return 1
	}
	return n.Multiplier
}

func sameUnit(a, b Number) bool { return a.Unit == b.Unit && mult(a) == mult(b) }

// colour returns the i-th colour of the chart.
func (s *Spec) colour(i int) string {
	cs := s.Colours
	if len(cs) == 0 {
		cs = DefaultColours[s.Kind]
	}
	return cs[i%len(cs)]
}

// scale is the English scale shared by every figure of the chart.
func (s *Spec) scale() Scale {
	var ns []Number
	for _, r := range s.Rows {
		ns = append(ns, r.Value)
		if r.Before != nil {
			ns = append(ns, *r.Before)
		}
		if r.Whole != nil {
			ns = append(ns, *r.Whole)
		}
	}
	if s.Total != nil {
		ns = append(ns, *s.Total)
	}
	return ScaleFor(ns)
}

// Format prints a figure of this chart in its language and scale.
func (s *Spec) Format(n Number) string { return Format(n, s.Lang, s.scale()) }

// Render draws the chart.
func Render(s Spec, o Options) ([]byte, error) {
	if err := s.Check(); err != nil {
		return nil, err
	}
	var body svgWriter
	// Text never touches the edge: glyphs overhang their advance by a
	// fraction of a unit, and hinting at small sizes rounds widths up.
	inner := Width - 2*inset
	x0, y0 := inset, 0.0
	if o.Standalone {
		x0, y0 = margin, margin
	}
	var head svgWriter
	if o.Standalone {
		y0 = s.drawHeader(&head, x0, y0, inner)
	}
	var back svgWriter
	f := &frame{w: &body, back: &back, x: x0, y: y0, width: inner, spec: &s, sc: s.scale()}
	var h float64
	switch s.Kind {
	case Diverging, Bars:
		h = f.hbars()
	case Composition:
		h = f.composition()
	case Progress:
		h = f.progress()
	case Dumbbell:
		h = f.dumbbell()
	}
	total := y0 + h
	var foot svgWriter
	if o.Standalone {
		total = s.drawFooter(&foot, x0, total, inner) + margin
	}
	width := Width
	if o.Standalone {
		width = inner + 2*margin
	}
	height := math.Ceil(total)

	var w svgWriter
	if o.Standalone {
		w.raw(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	}
	lang := "zh-Hans"
	if s.Lang == "en" {
		lang = "en"
	}
	// Inline, the SVG is in the page's language; a file says its own.
	xmlLang := "" // an empty attribute is not written
	if o.Standalone {
		xmlLang = lang
	} else {
		lang = ""
	}
	w.open("svg", "xmlns", "http://www.w3.org/2000/svg", "class", "chart chart-"+string(s.Kind),
		"viewBox", "0 0 "+num(width)+" "+num(height), "width", "100%",
		"role", "img", "aria-labelledby", s.ID+"-t "+s.ID+"-d", "lang", lang, "xml:lang", xmlLang,
		"font-size", num(fontSize), "letter-spacing", "0")
	w.elem("title", s.Title, "id", s.ID+"-t")
	w.elem("desc", Describe(s), "id", s.ID+"-d")
	if o.Standalone {
		w.open("style")
		w.text(standaloneCSS(s.Lang))
		w.close()
		w.leaf("rect", "class", "bg", "width", num(width), "height", num(height))
	}
	w.raw(head.b.String())
	w.raw(back.b.String())
	w.raw(body.b.String())
	w.raw(foot.b.String())
	w.close()
	return w.bytes(), nil
}

// standaloneCSS is the embedded style sheet of a standalone file: the
// chart colours for both schemes and a font stack for the language. It is
// made once per language (every standalone file of a build carries it).
func standaloneCSS(lang string) string {
	if lang == "en" {
		return standaloneCSSEn()
	}
	return standaloneCSSZh()
}

var (
	standaloneCSSEn = sync.OnceValue(func() string { return makeStandaloneCSS("en") })
	standaloneCSSZh = sync.OnceValue(func() string { return makeStandaloneCSS("zh") })
)

func makeStandaloneCSS(lang string) string {
	fonts := `system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif`
	if lang != "en" {
		fonts = `"PingFang SC","Hiragino Sans GB","Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif`
	}
	return ".chart{font-family:" + fonts + "}\n" + CSS(".chart")
}

// drawHeader draws the title and subtitle of a standalone file and returns
// where the chart starts.
func (s *Spec) drawHeader(w *svgWriter, x, y, width float64) float64 {
	y = textBlock(w, x, y, width, s.Title, titleSize, true, "")
	if s.Subtitle != "" {
		y = textBlock(w, x, y+2, width, s.Subtitle, fontSize, false, "mu")
	}
	return y + 12
}

// drawFooter draws notes and the source line and returns the bottom.
func (s *Spec) drawFooter(w *svgWriter, x, y, width float64) float64 {
	y += 10
	for _, n := range s.Notes {
		y = textBlock(w, x, y, width, n, smallSize, false, "mu") + 2
	}
	if s.Source != "" {
		y = textBlock(w, x, y, width, s.Source, smallSize, false, "mu")
	}
	return y
}

// textBlock draws s wrapped to width, top-left at (x, y), as one text
// element with a tspan per line, and returns the bottom of its box.
func textBlock(w *svgWriter, x, y, width float64, s string, size float64, bold bool, class string) float64 {
	lines := Wrap(s, width, size, bold)
	if len(lines) == 0 {
		return y
	}
	if bold {
		class = strings.TrimSpace(class + " hl")
	}
	base := y + ascent*size
	textLines(w, x, base, "start", size, class, lines)
	return base + float64(len(lines)-1)*lineGap*size + descent*size
}

// textLines writes lines as one text element, first baseline at y.
func textLines(w *svgWriter, x, y float64, anchor string, size float64, class string, lines []string) {
	attrs := []string{"x", num(x), "y", num(y), "class", class}
	if anchor != "start" {
		attrs = append(attrs, "text-anchor", anchor)
	}
	if size != fontSize {
		attrs = append(attrs, "font-size", num(size))
	}
	if len(lines) == 1 {
		w.elem("text", lines[0], attrs...)
		return
	}
	w.open("text", attrs...)
	for i, l := range lines {
		if i == 0 {
			w.elem("tspan", l, "x", num(x))
		} else {
			w.elem("tspan", l, "x", num(x), "dy", num(lineGap*size))
		}
	}
	w.close()
}

// blockHeight is the height of the box of n lines of text.
func blockHeight(n int, size float64) float64 {
	if n == 0 {
		return 0
	}
	return (ascent+descent)*size + float64(n-1)*lineGap*size
}

// frame is the area a chart body draws in.
type frame struct {
	w     *svgWriter // marks and labels
	back  *svgWriter // drawn first, behind the marks: grid lines
	x, y  float64    // top left
	width float64
	spec  *Spec
	sc    Scale
	// texts are the visual boxes of the labels drawn in the plot: grid
	// lines stop short of them rather than run through the words.
	texts []box
}

// box is a rectangle: x0 ≤ x ≤ x1, y0 ≤ y ≤ y1.
type box struct{ x0, y0, x1, y1 float64 }

// text draws lines (first baseline at y) and remembers their box.
func (f *frame) text(x, y float64, anchor string, size float64, class string, bold bool, lines []string) {
	textLines(f.w, x, y, anchor, size, class, lines)
	w := 0.0
	for _, l := range lines {
		w = math.Max(w, TextWidth(l, size, bold))
	}
	x0 := x
	switch anchor {
	case "end":
		x0 = x - w
	case "middle":
		x0 = x - w/2
	}
	// The ink of a line lies between about 0.85 em above the baseline and
	// 0.2 em below it (descenders, the bottom of CJK characters).
	last := y + float64(len(lines)-1)*lineGap*size
	f.texts = append(f.texts, box{x0, y - 0.85*size, x0 + w, last + 0.2*size})
}

func (f *frame) format(n Number) string { return Format(n, f.spec.Lang, f.sc) }
