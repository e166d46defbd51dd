package chart

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The palette is Okabe and Ito's colour-blind-safe set, adjusted so that
// every mark meets WCAG 2.2 non-text contrast (3:1) against the page
// through its edge (labels are never drawn on a fill), and the colours used together differ in lightness, so a chart still reads
// in greyscale. Colour is never the only cue: every bar carries its label
// and value, and negative bars lie left of the zero line with a minus sign.
// A light and a dark variant follow the reader's colour scheme.

// Swatch is one colour in one scheme.
type Swatch struct {
	Fill string // the mark
	Edge string // its outline: where the fill alone is too light, a darker shade meets 3:1
}

// Colour is a named palette entry.
type Colour struct {
	Name        string
	Light, Dark Swatch
}

// Palette lists the colours charts.toml may name, in the order used by
// default.
var Palette = []Colour{
	{"blue", Swatch{"#0072B2", "#0072B2"}, Swatch{"#3A8FD0", "#3A8FD0"}},
	{"orange", Swatch{"#E69F00", "#8A5A00"}, Swatch{"#F5C15A", "#F5C15A"}},
	{"green", Swatch{"#009E73", "#00664A"}, Swatch{"#34C08F", "#34C08F"}},
	{"vermillion", Swatch{"#D55E00", "#D55E00"}, Swatch{"#E07A3A", "#E07A3A"}},
	{"purple", Swatch{"#CC79A7", "#8E3B6E"}, Swatch{"#D98CB8", "#D98CB8"}},
	{"grey", Swatch{"#6E7781", "#6E7781"}, Swatch{"#9AA3AD", "#9AA3AD"}},
}

// Scheme is the page around the chart in one colour scheme: the site's
// background, text and muted text, and the chart's own neutral marks.
type Scheme struct {
	Background, Text, Muted string
	Grid, Axis              string // grid lines (decorative) and the zero line
	Track, TrackEdge        string // the unfilled part of a progress bar
}

// Light and Dark match the site's colours (layouts/assets/css/00-base.css).
var (
	Light = Scheme{Background: "#FDFDFC", Text: "#1F2328", Muted: "#57606A", Grid: "#D8D6CF", Axis: "#57606A", Track: "#ECEAE4", TrackEdge: "#868E98"}
	Dark  = Scheme{Background: "#16181B", Text: "#E6E6E3", Muted: "#A8A8A2", Grid: "#3A3D42", Axis: "#A8A8A2", Track: "#26292D", TrackEdge: "#7D858F"}
)

// ColourNamed returns the palette entry called name.
func ColourNamed(name string) (Colour, bool) {
	for _, c := range Palette {
		if c.Name == name {
			return c, true
		}
	}
	return Colour{}, false
}

// ColourNames lists the names, for error messages.
func ColourNames() string {
	var names []string
	for _, c := range Palette {
		names = append(names, c.Name)
	}
	return strings.Join(names, ", ")
}

// CSS returns the style rules that colour charts, for a light scheme with
// a dark one under prefers-color-scheme. scope prefixes every selector
// (".chart" inside a page; the same for a standalone file). Charts carry
// classes only, so one rule set serves every chart and both schemes.
func CSS(scope string) string {
	var b strings.Builder
	vars := func(s Scheme, sw func(Colour) Swatch) {
		fmt.Fprintf(&b, "%s{--ch-bg:%s;--ch-text:%s;--ch-muted:%s;--ch-grid:%s;--ch-axis:%s;--ch-track:%s;--ch-track-edge:%s", scope, s.Background, s.Text, s.Muted, s.Grid, s.Axis, s.Track, s.TrackEdge)
		for _, c := range Palette {
			w := sw(c)
			fmt.Fprintf(&b, ";--ch-%s:%s;--ch-%s-edge:%s", c.Name, w.Fill, c.Name, w.Edge)
		}
		b.WriteString("}\n")
	}
	vars(Light, func(c Colour) Swatch { return c.Light })
	b.WriteString("@media (prefers-color-scheme: dark){")
	vars(Dark, func(c Colour) Swatch { return c.Dark })
	b.WriteString("}\n")
	fmt.Fprintf(&b, "%s text{fill:var(--ch-text)}\n", scope)
	fmt.Fprintf(&b, "%s .mu{fill:var(--ch-muted)}\n", scope)
	fmt.Fprintf(&b, "%s .bg{fill:var(--ch-bg)}\n", scope)
	fmt.Fprintf(&b, "%s .gr{stroke:var(--ch-grid);stroke-width:1}\n", scope)
	fmt.Fprintf(&b, "%s .ax{stroke:var(--ch-axis);stroke-width:1.5}\n", scope)
	fmt.Fprintf(&b, "%s .ld{stroke:var(--ch-muted);stroke-width:1;fill:none}\n", scope)
	fmt.Fprintf(&b, "%s .tr{fill:var(--ch-track);stroke:var(--ch-track-edge);stroke-width:1}\n", scope)
	fmt.Fprintf(&b, "%s .hl{font-weight:700}\n", scope)
	for _, c := range Palette {
		fmt.Fprintf(&b, "%s .f-%s{fill:var(--ch-%s);stroke:var(--ch-%s-edge);stroke-width:1}\n", scope, c.Name, c.Name, c.Name)
		fmt.Fprintf(&b, "%s .s-%s{stroke:var(--ch-%s-edge);fill:none}\n", scope, c.Name, c.Name)
	}
	fmt.Fprintf(&b, "%s .dot0{fill:none;stroke:var(--ch-muted);stroke-width:2}\n", scope)
	return b.String()
}

// Contrast is the WCAG 2.2 contrast ratio of two sRGB colours "#RRGGBB".
func Contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// Luminance is the WCAG relative luminance of "#RRGGBB" (0 black … 1 white).
func luminance(hex string) float64 {
	h := strings.TrimPrefix(hex, "#")
	if len(h) != 6 {
		return math.NaN()
	}
	var c [3]float64
	for i := range 3 {
		v, err := strconv.ParseUint(h[2*i:2*i+2], 16, 8)
		if err != nil {
			return math.NaN()
		}
		x := float64(v) / 255
		if x <= 0.04045 {
			c[i] = x / 12.92
		} else {
			c[i] = math.Pow((x+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
}
